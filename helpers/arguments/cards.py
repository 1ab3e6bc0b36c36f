"""Escaped HTML for one argument, one voice and one theme."""

from __future__ import annotations

from .. import style
from ..display import esc
from .joins import ArgumentData
from .labels import CONSULTATION_ORIGIN, CSS, GROUP_COLOURS, GROUP_LABELS


# --------------------------------------------------------------------------
# Rendering pieces (all escaped)
# --------------------------------------------------------------------------

def _wrap(body: str) -> str:
    return f'{CSS}<div class="juc-args">{body}</div>'


def message_html(text: str) -> str:
    return _wrap(f'<p class="juc-message" role="status">{esc(text)}</p>')


def source_html(source: dict, when: str = "") -> str:
    title = esc(source.get("title", ""))
    url = source.get("url", "")
    if url.startswith(("http://", "https://")):
        title = f'<a href="{esc(url)}" target="_blank" rel="noopener">{title}</a>'
    else:
        title = f"{title} (no public address)"
    bits = [title, esc(source.get("publisher", ""))]
    if when:
        bits.append(esc(when))
    return '<span class="juc-source">Source: ' + ", ".join(b for b in bits if b) + "</span>"


def shown_quote(arg: dict) -> str:
    """The quote as shown: exactly as the source prints it, with [sic] after the source's own slip."""
    quote, sic = arg.get("quote") or "", arg.get("sic") or ""
    if sic and sic in quote:
        at = quote.index(sic) + len(sic)
        quote = quote[:at] + " [sic]" + quote[at:]
    return quote


def quote_label(arg: dict, source: dict | None = None) -> str:
    """'Direct quote', or for words another author quotes: 'Direct quote, as quoted by X in Y'."""
    if not arg.get("quoted_by"):
        return "Direct quote"
    where = ""
    if source:
        year = str(source.get("date", ""))[:4]
        where = f" in “{source.get('title', '')}” ({source.get('publisher', '')}{', ' + year if year else ''})"
    return f"Direct quote, as quoted by {arg['quoted_by']}{where}"


def words_html(arg: dict, source: dict | None = None) -> str:
    """The speaker's words: a marked direct quote (saying who quotes it, if second-hand), or a note
    that the article reports the claim."""
    if arg["speech"] == "direct" and arg.get("quote"):
        return ('<blockquote class="juc-quote"><span class="juc-label">'
                f'{esc(quote_label(arg, source))}: </span>“{esc(shown_quote(arg))}”</blockquote>')
    return '<p class="juc-reported"><em>Reported by the article, not a direct quote.</em></p>'


def argument_html(data: ArgumentData, arg: dict, with_theme: bool = False) -> str:
    source = data.sources.get(arg["source_id"], {"title": arg["source_id"]})
    theme = ""
    if with_theme:
        t = data.themes.get(arg["theme_id"], {})
        theme = f'<p class="juc-meta"><strong>{esc(t.get("label", arg["theme_id"]))}</strong></p>'
    return (
        f'<div class="juc-arg" data-argument="{esc(arg["argument_id"])}" data-speech="{esc(arg["speech"])}">'
        f"{theme}"
        f'<p class="juc-meta">Date: {esc(arg["when"])}</p>'
        f'<p><strong>Position (our words):</strong> {esc(arg["stance"])}</p>'
        f"{words_html(arg, source)}"
        f'<p class="juc-meta">{source_html(source)}</p>'
        "</div>"
    )


def voice_header_html(data: ArgumentData, sid: str) -> str:
    s = data.stakeholders[sid]
    bits = [b for b in (s.get("role"), s.get("organisation")) if b and b != s["name"]]
    meta = esc(" · ".join(bits)) if bits else ""
    group = esc(GROUP_LABELS.get(s["group"], s["group"]))
    return (f'<h4>{esc(s["name"])}</h4>'
            + (f'<p class="juc-meta">{meta}</p>' if meta else "")
            + f'<p class="juc-meta">Group: {group}</p>')


def voice_card_html(data: ArgumentData, sid: str, args: list[dict], with_theme: bool = False) -> str:
    colour = GROUP_COLOURS.get(data.stakeholders[sid]["group"], style.GREY)
    body = "".join(argument_html(data, a, with_theme) for a in args)
    return (f'<div class="juc-card" data-voice="{esc(sid)}" style="--juc-group:{colour}">'
            f"{voice_header_html(data, sid)}{body}</div>")


def theme_header_html(data: ArgumentData, theme_id: str) -> str:
    t = data.themes[theme_id]
    origin = ""
    if t.get("origin") == CONSULTATION_ORIGIN:
        origin = (' <span class="juc-meta">(NHS England consultation, November 2020: '
                  "the question's own wording)</span>")
    return f'<h3>{esc(t["label"])}</h3><p><strong>Question:</strong> {esc(t["question"])}{origin}</p>'


def _by_voice(data: ArgumentData, args: list[dict]) -> dict[str, list[dict]]:
    order = {sid: i for i, sid in enumerate(data.voices())}
    out: dict[str, list[dict]] = {}
    for a in sorted(args, key=lambda a: (order.get(a["stakeholder_id"], 1e9), a["mid"], a["argument_id"])):
        out.setdefault(a["stakeholder_id"], []).append(a)
    return out


def theme_html(data: ArgumentData, theme_id: str, args: list[dict]) -> str:
    """Every voice's position on one theme, side by side (one card per voice)."""
    from .balance import balance_note

    cards = "".join(voice_card_html(data, sid, items) for sid, items in _by_voice(data, args).items())
    note = balance_note(data, theme_id)
    note = f'<p class="juc-message" data-balance="one-sided">{esc(note)}</p>' if note else ""
    return (f'<section data-theme="{esc(theme_id)}">{theme_header_html(data, theme_id)}{note}'
            f'<div class="juc-cards">{cards}</div></section>')


def voice_html(data: ArgumentData, sid: str, args: list[dict]) -> str:
    """All of one voice's arguments, grouped by theme."""
    theme_order = list(data.themes)
    parts = [voice_header_html(data, sid)]
    by_theme: dict[str, list[dict]] = {}
    for a in sorted(args, key=lambda a: (theme_order.index(a["theme_id"]), a["mid"], a["argument_id"])):
        by_theme.setdefault(a["theme_id"], []).append(a)
    for tid, items in by_theme.items():
        parts.append(f'<section data-theme="{esc(tid)}">{theme_header_html(data, tid)}'
                     + "".join(argument_html(data, a) for a in items) + "</section>")
    return f'<div class="juc-card" data-voice="{esc(sid)}">' + "".join(parts) + "</div>"


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _count_line(args: list[dict]) -> str:
    voices = {a["stakeholder_id"] for a in args}
    direct = sum(a["speech"] == "direct" for a in args)
    return (f"{_n(len(args), 'argument')} from {_n(len(voices), 'voice')} "
            f"({_n(direct, 'direct quote')}, {len(args) - direct} reported by the article).")
