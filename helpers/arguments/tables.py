"""Fixed views of the arguments: themes, consultation questions, voices, quotes and source limits."""

from __future__ import annotations

from ..display import align_cells, esc, publisher_year
from .balance import balance_lines
from .cards import _by_voice, _n, _wrap, source_html, words_html
from .dates import date_window
from .joins import load_argument_data
from .labels import GROUP_LABELS
from .stand import consultation_questions


# --------------------------------------------------------------------------
# Static defaults (shown before each widget)
# --------------------------------------------------------------------------

def theme_table_html(theme_id: str, data_dir=None) -> str:
    """Every voice's position on one theme as a plain table (the default before the explorer)."""
    d = load_argument_data(data_dir)
    if theme_id not in d.themes:
        raise KeyError(f"no theme {theme_id!r}")
    args = [a for a in d.arguments if a["theme_id"] == theme_id]
    rows = []
    for sid, items in _by_voice(d, args).items():
        s = d.stakeholders[sid]
        for a in items:
            src = d.sources.get(a["source_id"], {})
            words = words_html(a, src)
            rows.append(
                f'<tr data-argument="{esc(a["argument_id"])}" data-speech="{esc(a["speech"])}">'
                f'<td><strong>{esc(s["name"])}</strong><br><span class="juc-meta">{esc(s.get("role", ""))}</span></td>'
                f'<td>{esc(GROUP_LABELS.get(s["group"], s["group"]))}</td><td>{esc(a["when"])}</td>'
                f'<td>{esc(a["stance"])}</td><td>{words}</td><td>{source_html(src)}</td></tr>')
    t = d.themes[theme_id]
    head = "".join(f"<th>{h}</th>" for h in ("Voice", "Group", "Date", "Position (our words)",
                                             "Their words", "Source"))
    return _wrap(align_cells(
        f'<table class="juc-table"><caption>{esc(t["label"])}: {esc(t["question"])}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"))


def show_theme_table(theme_id: str, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(theme_table_html(theme_id, data_dir)))


def consultation_table_html(data_dir=None) -> str:
    """The consultation's questions with every voice's answer (the default before WhereDoYouStand)."""
    d = load_argument_data(data_dir)
    qs = [t["theme_id"] for t in consultation_questions(d)]
    return "".join(theme_table_html(tid, data_dir) for tid in qs)


def show_consultation_table(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(consultation_table_html(data_dir)))


def voices_table_html(data_dir=None) -> str:
    """Every voice: who, role, group, how many arguments (direct / reported), which documents."""
    d = load_argument_data(data_dir)
    rows = []
    for sid in d.voices():
        s = d.stakeholders[sid]
        mine = [a for a in d.arguments if a["stakeholder_id"] == sid]
        direct = sum(a["speech"] == "direct" for a in mine)
        docs = sorted({a["source_id"] for a in mine})
        doc_text = "; ".join(publisher_year(d.sources[x]) for x in docs if x in d.sources)
        rows.append(
            f'<tr data-voice="{esc(sid)}"><td>{esc(s["name"])}</td><td>{esc(s.get("role", ""))}</td>'
            f'<td>{esc(GROUP_LABELS.get(s["group"], s["group"]))}</td><td>{len(mine)}</td><td>{direct}</td>'
            f'<td>{esc(doc_text)}</td></tr>')
    head = "".join(f"<th>{h}</th>" for h in ("Voice", "Role (as the document gives it)", "Group",
                                             "Arguments", "Direct quotes", "Documents"))
    return _wrap(align_cells(f'<table class="juc-table"><caption>Every voice in the source documents '
                             f"({len(rows)})</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"))


def show_voices_table(data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(voices_table_html(data_dir)))


def quotes_html(argument_ids, data_dir=None) -> str:
    """Chosen direct quotes, each with its speaker, role, date and source (the 'voices' section).

    Fails loudly on an unknown id or on a reported claim (which has no quote to show).
    """
    d = load_argument_data(data_dir)
    by_id = {a["argument_id"]: a for a in d.arguments}
    items = []
    for aid in argument_ids:
        if aid not in by_id:
            raise KeyError(f"no argument {aid!r}")
        a = by_id[aid]
        if a["speech"] != "direct" or not a.get("quote"):
            raise ValueError(f"{aid!r} is a reported claim, not a quote")
        s = d.stakeholders[a["stakeholder_id"]]
        role = f", {esc(s['role'])}" if s.get("role") else ""
        theme = d.themes[a["theme_id"]]["label"]
        items.append(
            f'<div class="juc-arg" data-argument="{esc(aid)}" data-speech="direct">'
            f'<p class="juc-meta"><strong>{esc(theme)}</strong></p>'
            f'{words_html(a, d.sources.get(a["source_id"], {}))}'
            f'<p class="juc-meta">{esc(s["name"])}{role} ({esc(GROUP_LABELS.get(s["group"], s["group"]))}), '
            f'{esc(a["when"])}. {source_html(d.sources.get(a["source_id"], {}))}</p></div>')
    return _wrap("".join(items))


def show_quotes(argument_ids, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(quotes_html(argument_ids, data_dir)))


def source_limits(data_dir=None) -> dict:
    """Counts that describe what the sources are (for the 'limits of the sources' section)."""
    d = load_argument_data(data_dir)
    docs = d.documents()
    voices = d.voices()
    kinds = [d.stakeholders[s].get("kind", "") for s in voices]
    return {
        "documents": len(docs),
        "span": d.documents_span(),
        "publishers": sorted({x["publisher"] for x in docs}),
        "documents_by_publisher": {p: sum(x["publisher"] == p for x in docs)
                                   for p in sorted({x["publisher"] for x in docs})},
        "voices": len(voices),
        "people": kinds.count("person"),
        "organisations": kinds.count("organisation"),
        "anonymous": kinds.count("anonymous"),
        "themes": len(d.themes),
        "themes_addressed": len({a["theme_id"] for a in d.arguments}),
        "arguments": len(d.arguments),
        "direct": sum(a["speech"] == "direct" for a in d.arguments),
        "reported": sum(a["speech"] == "reported" for a in d.arguments),
        "single_voice_themes": [
            (t["label"], d.stakeholders[next(iter(v))]["name"])
            for tid, t in d.themes.items()
            if len(v := {a["stakeholder_id"] for a in d.arguments if a["theme_id"] == tid}) == 1],
        "arguments_by_group": {GROUP_LABELS.get(g, g): sum(d.stakeholders[a["stakeholder_id"]]["group"] == g
                                                           for a in d.arguments) for g in d.groups()},
    }


def limits_lines(data_dir=None) -> list[str]:
    """The limits of the sources, in sentences built from the counts."""
    c = source_limits(data_dir)
    span = f"{c['span'][0]} to {c['span'][1]}" if c["span"] else "no dates"
    by_pub = "; ".join(f"{n} from {p}" for p, n in c["documents_by_publisher"].items())
    by_group = "; ".join(f"{g}: {n}" for g, n in c["arguments_by_group"].items())
    single = "; ".join(f"{label} ({who})" for label, who in c["single_voice_themes"]) or "none"
    return [
        f"Documents: {c['documents']} ({by_pub}), written {span}.",
        f"Voices: {c['voices']} ({_n(c['people'], 'named person', 'named people')}, "
        f"{_n(c['organisations'], 'organisation')} speaking as such, "
        f"{_n(c['anonymous'], 'anonymous reader comment')}).",
        f"Arguments: {c['arguments']} on {c['themes_addressed']} of {c['themes']} questions "
        f"({_n(c['direct'], 'direct quote')}, {c['reported']} reported by the article).",
        f"Arguments by group: {by_group}.",
        f"Questions only one voice addresses: {single}.",
    ] + [f"One-sided sources: {line}" for line in balance_lines(data_dir)]


def cited_source_ids(data_dir=None) -> list[str]:
    """The documents the arguments cite, oldest first (for the reference list)."""
    d = load_argument_data(data_dir)
    docs = d.documents()
    docs.sort(key=lambda s: (date_window(s["date"], s["date_precision"])[0], s["source_id"]))
    return [s["source_id"] for s in docs]
