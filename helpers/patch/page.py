"""The rest of notebook 08: counts, the 2026 ICB changes, voices, solutions and references."""

from __future__ import annotations

from ..display import align_cells, esc
from ..display import source_label
from .joins import _key, _n, _ods, _tables, day_text
from .pcn_sizes import pcn_shares, pcn_summary


# --------------------------------------------------------------------------
# Small static helpers for the notebook
# --------------------------------------------------------------------------

def ccg_counts_text(folder=None) -> str:
    c = _ods().load_ccg_counts(folder)
    return "; ".join(f"{day_text(a)}: {n}" for a, n in zip(c["as_of"], c["count"]))


def _footprints_2026() -> dict[str, dict]:
    """successor_code -> what the new ICB covers (curated data/icb_footprints_2026.csv), with its sources."""
    from .. import data

    sources = data.load_sources().set_index("source_id")
    out = {}
    for r in data.load_icb_footprints_2026().to_dict("records"):
        cited = [sources.loc[s] for s in r["source_ids"] if s in sources.index and not s.startswith("ods-")]
        r["cited"] = "; ".join(f"{c['publisher']}, {c['date']}" for c in cited)
        out[r["successor_code"]] = r
    return out


def icb_changes_html(folder=None) -> str:
    ch = _tables(_key(folder))["changes"]
    about = _footprints_2026()
    by_succ: dict[str, list[str]] = {}
    names = {}
    for r in ch.to_dict("records"):
        by_succ.setdefault(r["successor_code"], []).append(
            f"{r['predecessor_name'].replace(' Integrated Care Board', ' ICB')} ({r['predecessor_code']})")
        names[r["successor_code"]] = r["successor_name"]

    def covers(code: str) -> str:
        if code not in about:
            return "an existing ICB" if names[code] else "not described by a source read here"
        a = about[code]
        named = f"{a['name_reported']}: " if a["name_reported"] else ""
        return f"{named}{a['footprint']} ({a['cited']}; as of {a['as_of']})"

    rows = "".join(
        f"<tr><td>{esc(code)}{(' ' + esc(names[code])) if names[code] else ' (new code)'}</td>"
        f"<td>{esc('; '.join(preds))}</td><td>{esc(covers(code))}</td></tr>"
        for code, preds in sorted(by_succ.items()))
    return align_cells('<table class="juc-table"><caption>ICB successions ODS records for 1 April 2026 (provisional)</caption>'
                       "<thead><tr><th>Successor</th><th>Predecessor(s)</th><th>What it covers (sources)</th></tr></thead>"
                       "<tbody>" + rows + "</tbody></table>")


def accuracy_text(folder=None) -> str:
    """When the facts were checked, and the "as at" of each derived table group."""
    from .. import ACCURATE_AS_OF

    meta = _ods().load_metadata(folder).set_index("table")
    return "\n".join([
        f"Facts checked against their sources: {ACCURATE_AS_OF}.",
        f"CCGs and ICB membership: {meta.loc['ccgs', 'as_at']}.",
        f"ICB successions: {meta.loc['icb_changes_2026', 'as_at']}.",
        f"PCNs: {meta.loc['pcns', 'as_at']} (ODS ePCN files of December 2019, May 2022 and October 2024).",
        "Registered patients: NHS Digital extracts of 1 January 2021, 1 January 2022 and 1 May 2022.",
    ])


def print_accuracy(folder=None) -> None:
    print(accuracy_text(folder))


#: Argument ids shown as "voices" in the notebook: both sides of how big and how local.
VOICES = ("reeve-12", "lmc-06", "nhsei-05", "lmc-16", "lmc-04")


def voices_html(ids=VOICES) -> str:
    """Selected arguments from the source documents, each with its speaker, date and source."""
    from ..arguments import argument_html, load_argument_data

    data = load_argument_data()
    by_id = {a["argument_id"]: a for a in data.arguments}
    parts = []
    for i in ids:
        if i not in by_id:
            continue
        a = by_id[i]
        parts.append(f"<h5>{esc(data.voice_label(a['stakeholder_id']))}</h5>" + argument_html(data, a, with_theme=True))
    return "".join(parts)


def show_voices(ids=VOICES) -> None:
    from IPython.display import HTML, display

    display(HTML(voices_html(ids)))


def counts_comparison_rows(folder=None) -> list[dict]:
    """Every org_counts row our derived tables speak to, with our count beside it."""
    from .. import data

    try:
        oc = data.load_org_counts()
    except Exception as exc:  # noqa: BLE001 (absent or mid-edit: say so rather than fail)
        if type(exc).__name__ in ("DataError", "FileNotFoundError"):
            return []
        raise
    o = _ods()
    rows = []
    for r in oc.to_dict("records"):
        got = o.derived_count_for(r["org_type"], r["as_of"], r["as_of_precision"], r["source_id"], folder)
        if got is not None:
            rows.append({"org_type": r["org_type"], "as_of": r["as_of"], "published": int(r["count"]),
                         "source_id": r["source_id"], "ours": got[0], "agree": int(r["count"]) == got[0],
                         "note": r.get("note") or ""})
    return rows


def counts_comparison_html(folder=None) -> str:
    rows = counts_comparison_rows(folder)
    if not rows:
        return "<p>data/org_counts.csv is not available, so there is nothing to compare.</p>"
    labels = {"clinical_commissioning_groups": "CCGs", "integrated_care_boards": "ICBs",
              "primary_care_networks": "PCNs"}
    body = "".join(
        f"<tr><td>{esc(labels.get(r['org_type'], r['org_type']))}</td><td>{esc(r['as_of'])}</td>"
        f"<td>{esc(_n(r['published']))}</td><td>{esc(source_label(r['source_id']))}</td><td>{esc(_n(r['ours']))}</td>"
        f"<td>{'yes' if r['agree'] else 'no: ' + esc(r['note'])}</td></tr>" for r in rows)
    agree = sum(r["agree"] for r in rows)
    return align_cells(f'<table class="juc-table"><caption>Counts in org_counts.csv beside our counts from the organisation '
                       f"files: {agree} of {len(rows)} agree</caption><thead><tr><th>Bodies</th><th>Date</th><th>Count</th>"
                       "<th>Source</th><th>From the files</th><th>Agree?</th></tr></thead><tbody>" + body + "</tbody></table>")


def show_counts_comparison(folder=None) -> None:
    from IPython.display import HTML, display

    display(HTML(counts_comparison_html(folder)))


def shas_html(folder=None) -> str:
    o = _ods()
    shas = o.load_shas_2012(folder)
    pcts = o.load_pcts_2012(folder)
    body = "".join(f"<tr><td>{esc(r['sha_code'])}</td><td>{esc(r['sha_name'])}</td><td>{r['pcts']}</td></tr>"
                   for r in shas.to_dict("records"))
    straddle = sorted(set(pcts[pcts["straddles"] == "yes"]["pct_name"]))
    return (align_cells('<table class="juc-table"><caption>The 10 strategic health authorities of 2012 and the PCTs '
                        f'listed under each ({pcts["pct_code"].nunique()} PCTs)</caption><thead><tr><th>Code</th>'
                        "<th>SHA</th><th>PCTs</th></tr></thead><tbody>" + body + "</tbody></table>")
            + f"<p>Listed under two SHAs: {esc('; '.join(straddle))}.</p>")


def show_shas(folder=None) -> None:
    from IPython.display import HTML, display

    display(HTML(shas_html(folder)))


def _details_block(lines: list[str]) -> str:
    return ("<details><summary>Show the solution</summary><ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines)
            + "</ul></details>")


def solution_lines(name: str, folder=None) -> list[str]:
    """Solutions to the notebook's exercises, computed from the derived tables."""
    t = _tables(_key(folder))
    ccgs, icbs = t["ccgs"], t["icbs"]
    if name == "most_ccgs":
        orig = ccgs[ccgs["start_date"] == "2013-04-01"].groupby("icb_code").size().sort_values(ascending=False)
        names = icbs.set_index("icb_code")["icb_name"]
        top = orig.iloc[:3]
        ones = int((orig == 1).sum())
        return ([f"{names[c]} ({c}): {n} CCGs of April 2013" for c, n in top.items()]
                + [f"{ones} ICB(s) took over the area of a single April 2013 CCG."])
    if name == "mergers_2020":
        closed = ccgs[ccgs["succession_date"] == "2020-04-01"]
        new = sorted(set(closed["successor_code"]))
        counts = dict(zip(*_ods().load_ccg_counts(folder)[["as_of", "count"]].T.values))
        return [f"On 1 April 2020, {len(closed)} CCGs closed and merged into {len(new)} CCGs "
                f"({', '.join(new)}).",
                f"The count of CCGs fell from {counts['2019-04-01']} (1 April 2019) to "
                f"{counts['2020-04-01']} (1 April 2020)."]
    if name == "changes_2026":
        ch = t["changes"]
        preds = sorted(set(ch["predecessor_code"]))
        new = sorted(set(ch["successor_code"]) - set(icbs["icb_code"]))
        return [f"ODS records {len(preds)} ICBs as predecessors on 1 April 2026: {', '.join(preds)}.",
                f"They pass to {len(new)} new codes ({', '.join(new)}) and, for part of Frimley, to the existing "
                "Hampshire and Isle of Wight ICB (QRL); 42 - 12 + 6 = 36 ICBs.",
                "What the new codes cover, from the sources in data/icb_footprints_2026.csv: "
                + "; ".join(f"{c}: {a['name_reported'] or a['footprint']}" for c, a in sorted(_footprints_2026().items()))
                + ".",
                "Say \"as of\" when you quote it: the ODS extract was made between 1 April and 3 May 2026, the files do "
                "not name the new bodies, and the names come from the boards', NHS England's and the press's own pages; more mergers "
                "were planned for April 2027."]
    if name == "pcn_range":
        s = pcn_shares("2022-05-01", folder)
        return [pcn_summary("2022-05-01", folder),
                f"{s['partial']} PCNs have a member practice with no list size in the May 2022 file, so their "
                "totals are slightly low.",
                "For comparison, a BJGP study using January 2020 data found 58% of 1,250 PCNs inside the range, "
                "7% below and 35% above."]
    raise KeyError(name)


def solution(name: str, folder=None):
    from IPython.display import HTML

    return HTML(_details_block(solution_lines(name, folder)))


#: Every source cited in notebook 08, for its reference list (besides those of the derived tables).
NOTEBOOK_SOURCES = ("nhse-integrated-care-in-your-area-2022",
                    "nottstv-notts-icb-2022", "ods-catalogue-pcn", "dhsc-wq-pcn-rural-2019",
                    "kingsfund-gp-contract-explained-2020", "bjgp-morciano-pcn-size-2020", "nhsd-pcn-ods-codes-2019",
                    "ods-ord-api-examples", "hf-nav-hsca-structures-2013", "seed-reeve-2013", "seed-lmc-response-2021")


def source_ids_used(folder=None) -> list[str]:
    from ..training.curriculum import curriculum_source_ids

    ids = [*curriculum_source_ids(notebook="08"), *NOTEBOOK_SOURCES]
    for text in _ods().load_metadata(folder)["source_ids"]:
        for s in text.split(";"):
            if s not in ids:
                ids.append(s)
    try:
        from ..data import load_quiz

        for s in load_quiz()[lambda q: q["notebook"] == "08_your_patch"]["source_id"]:
            if s not in ids:
                ids.append(s)
    except Exception:  # noqa: BLE001 (no quiz table: nothing to add)
        pass
    return ids


def show_references(folder=None) -> None:
    from ..display import show_references as _show

    _show(source_ids_used(folder))


def show_icb_changes(folder=None) -> None:
    from IPython.display import HTML, display

    display(HTML(icb_changes_html(folder)))


def print_ccg_counts(folder=None) -> None:
    print("CCGs open on 1 April (ODS): " + ccg_counts_text(folder) + ".")
