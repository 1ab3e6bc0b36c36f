"""Printable handouts: one A4 PDF of at most two pages per notebook.

    python3 run.py handouts                    # every notebook -> handouts/
    python3 run.py handouts --out DIR 03 07    # chosen notebooks -> DIR

Each handout is built from the committed (executed) notebook and the data: the title, the
"accurate as of" date, the learning objectives, the **Key points** cell, at most two of its
figures (:data:`FIGURES`), the glossary terms it uses and its references (title, publisher,
date and address from ``data/sources.csv``; never the internal source ids).

The page is HTML with print styles, printed by Debian's ``chromium`` through Playwright
(``page.pdf``; :mod:`helpers.publish.pdf`). Figures are the stored plotly JSON, drawn static by the plotly.js of the plotly
package, loaded from its file. Every request other than ``file://`` and 127.0.0.1 is aborted,
and a handout whose page tried one fails. When the content does not fit on two pages it is cut
down rather than printed on a third page: the page is drawn once for each number of figures
(two, then one, then none) and, without drawing it again, its references and glossary terms are
cut to the longest lists that fit (:data:`LEVELS`), each list ending "and N more in the notebook".

A handout is a list of :class:`Part` (one per notebook, or part of one): :func:`handout_html`
takes any such list, so a handout for a session plan (several notebooks, or chosen sections)
only needs the plan's list of notebooks and sections. In a plan's handout each notebook's
figure comes before its text, and figures are kept before references (:data:`PLAN_FLOOR`: as
few as two per notebook, the rest in that notebook's own handout).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import catalogue, style
from ..display import esc
from . import export
from .nbtools import section
from .pdf import NetworkRequestBlocked, Printer, chromium_path, page_count  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
HANDOUTS = ROOT / "handouts"
MAX_PAGES = 2
#: Which stored figures (0 = the notebook's first plotly figure) each handout prints, in order.
#: A notebook not listed prints its first two. The choice: the figure that carries the
#: notebook's main point, then the one a trainee would most want on paper.
FIGURES: dict[str, tuple[int, ...]] = {
    "01": (0, 1),  # the whole story at a glance; how many bodies of each kind, and when
    "02": (0, 2),  # the internal market; 1991-99 beside 2002-13 (the PCTs), which covers the era's ends
    "03": (0, 2),  # who commissioned what under CCGs; CCGs merging year by year
    "04": (0,),    # the STP diagram (the comparison repeats the CCG diagram of 03)
    "05": (0, 2),  # who commissioned what with PCNs; how big PCNs are
    "06": (0,),    # the ICS diagram (the comparison repeats the CCG diagram of 03)
    "07": (0,),    # the position map, the notebook's one figure
    "08": (1, 2),  # the map (CCGs 2021, ICBs 2022 and 2026); PCN sizes on 1 May 2022. All three of 08's
                   # figures are widgets' fixed views (compact JSON: lineage 0, map 1, PCN sizes 2). Not
                   # the lineage of 211 CCGs: 1150 px tall, its labels cannot be read at a third of a page
    "09": (0,),    # one practice's contract, 1990-2027
}
#: (references, glossary terms) a handout may print, longest first. With figures, the shortest
#: lists tried are FLOOR: below that a figure is dropped first; with none, any level may be used.
LEVELS = ((16, 20), (14, 18), (12, 16), (10, 14), (8, 11), (6, 8), (5, 7), (4, 5), (3, 4), (2, 3))
FLOOR = (5, 7)
#: A session plan's handout keeps its figures before its reference lists: each notebook's part may
#: cut its references to the last level (the rest are in that notebook's own handout).
PLAN_FLOOR = LEVELS[-1]
FIG_WIDTH = 1000  # px a figure is drawn at; the page scales it to the text width
FIG_MAX_HEIGHT_MM = {1: 125, 2: 105}  # the tallest a figure may print, by how many are printed
@dataclass
class Part:
    """What one notebook (or chosen sections of it) gives a handout."""

    file: str
    title: str
    period: str
    minutes: int | None
    promise: str
    objectives: str = ""  # markdown
    key_points: str = ""  # markdown
    sections: list[tuple[str, str]] = field(default_factory=list)  # chosen sections: (heading, markdown)
    figures: list[dict] = field(default_factory=list)  # plotly specs, in print order
    terms: list[dict] = field(default_factory=list)  # glossary rows, in order of first use
    sources: list[dict] = field(default_factory=list)  # sources.csv rows, in the notebook's order
    attribution: list[str] = field(default_factory=list)  # licence lines printed under its figures
    figures_first: bool = False  # a session plan's part: the figure the room discussed, then the text


# -- reading a notebook -------------------------------------------------------------------

def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def section_markdown(nb, heading: str, drop: tuple[str, ...] = ()) -> str:
    """The markdown of a section without its heading line, and without paragraphs containing ``drop``."""
    cells = [c for c in section(nb, heading) if c.cell_type == "markdown"]
    if not cells:
        return ""
    text = "\n\n".join(c.source for c in cells).split("\n", 1)
    body = text[1] if len(text) > 1 else ""
    paragraphs = [p for p in re.split(r"\n\s*\n", body) if not any(d in p for d in drop)]
    return "\n\n".join(paragraphs).strip()


def stored_figures(nb, cells=None) -> list[dict]:
    """Every plotly figure stored in the notebook's outputs (both plotly mimes), in order
    (only in ``cells``, when given)."""
    specs = []
    for cell in nb.cells if cells is None else cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data") or {}
            if export.PLOTLY_MIME in data:
                specs.append(data[export.PLOTLY_MIME])
            elif style.COMPACT_PLOTLY_MIME in data:
                specs.append(json.loads(_text(data[style.COMPACT_PLOTLY_MIME])))
    return specs


def figure_title(spec: dict) -> str:
    title = (spec.get("layout") or {}).get("title") or {}
    return title.get("text", "") if isinstance(title, dict) else str(title)


def notebook_text(nb) -> str:
    """The words a trainee reads: markdown and outputs, but not the full glossary of notebook 01
    (a cell calling ``show_glossary``), which would make every term count as used."""
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        elif cell.cell_type == "code" and "show_glossary" not in cell.source:
            for out in cell.get("outputs", []):
                parts.append(_text(out.get("text")))
                data = out.get("data") or {}
                parts += [_text(data.get(m)) for m in ("text/html", "text/plain", "text/markdown")]
    return re.sub(r"<[^>]+>", " ", "\n".join(parts))


def glossary_terms(text: str, data_dir=None, printed: str = "") -> list[dict]:
    """Glossary rows whose term or expansion is in ``text``: first those also in ``printed``
    (what the handout prints: objectives and key points), then the rest, each in order of first use.

    A term with a capital letter (CCG, NHS England) must match exactly, as a word; a lower-case
    term or an expansion matches in any case.
    """
    from ..data import load_glossary

    rows = []
    for row in load_glossary(data_dir).to_dict("records"):
        if (at := first_use(text, row)) is not None:
            rows.append((first_use(printed, row) is None, at, row))
    return [row for *_, row in sorted(rows, key=lambda r: r[:2])]


def first_use(text: str, row: dict) -> int | None:
    """Where a glossary row's term or expansion is first used in ``text`` (None: not used)."""
    found = []
    for word, exact in ((row["term"], row["term"] != row["term"].lower()), (row.get("expansion"), False)):
        if isinstance(word, str) and word:
            if m := re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, 0 if exact else re.I):
                found.append(m.start())
    return min(found) if found else None


def reference_ids(nb) -> list[str]:
    """The source ids of the notebook's References section, in its order (no repeats)."""
    ids: list[str] = []
    for cell in section(nb, "References"):
        for out in cell.get("outputs", []):
            for sid in re.findall(r'<li id="ref-([^"]+)"', _text((out.get("data") or {}).get("text/html"))):
                if sid not in ids:
                    ids.append(sid)
    return ids


def attribution_lines(nb) -> list[str]:
    """The licence lines the notebook prints (08: ODS, ONS, OS), to print under its figures too."""
    import html

    found = re.findall(r'<ul class="juc-attribution">(.*?)</ul>', _outputs_html(nb), re.S)
    lines = [html.unescape(re.sub(r"<[^>]+>", "", li)).strip() for ul in found for li in re.findall(r"<li>(.*?)</li>", ul, re.S)]
    return list(dict.fromkeys(lines))


def _outputs_html(nb) -> str:
    return "\n".join(_text((o.get("data") or {}).get("text/html"))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def curriculum_last(ids: list[str]) -> list[str]:
    """The notebook's sources with the RCGP curriculum documents last: they are behind the
    objectives' mapping to the curriculum, which the handout leaves to the notebook."""
    from ..training import curriculum_source_ids

    curriculum = set(curriculum_source_ids())
    return [s for s in ids if s not in curriculum] + [s for s in ids if s in curriculum]


def read_part(path: Path, figures: tuple[int, ...] | None = None, data_dir=None,
              sections: tuple[str, ...] = ()) -> Part:
    """Everything a handout prints about the notebook at ``path``.

    ``figures`` picks stored figures by number (default: :data:`FIGURES`). With ``sections``
    (headings, as a session plan names them) the part also prints those sections' text, and its
    figures are the ones stored in them (``figures`` then numbers those; default: the first two).
    """
    import nbformat

    from ..data import load_sources

    nb = nbformat.read(path, as_version=4)
    try:
        entry = catalogue.by_file(path.name)
        title, period, minutes, promise = entry.title, entry.period, entry.minutes, entry.promise
    except KeyError:
        title, period, minutes, promise = path.stem, "", None, ""
    chosen_cells = [c for h in sections for c in section(nb, h)] if sections else None
    if sections and not chosen_cells:
        raise KeyError(f"{path.name}: no section headed {sections}")
    specs = stored_figures(nb, chosen_cells)
    default = (0, 1) if sections else FIGURES.get(path.name[:2], (0, 1))
    chosen = default if figures is None else figures
    sources = load_sources(data_dir).set_index("source_id")
    objectives = section_markdown(nb, "Learning objectives", drop=("table below",))
    key_points = section_markdown(nb, "Key points")
    missing = [s for s in reference_ids(nb) if s not in sources.index]
    if missing:
        raise KeyError(f"{path.name}: unknown source id(s) in References: {missing}")
    return Part(
        file=path.name, title=title, period=period, minutes=minutes, promise=promise,
        objectives=objectives, key_points=key_points,
        sections=[(h, section_markdown(nb, h)) for h in sections],
        figures=[specs[i] for i in chosen if i < len(specs)],
        terms=glossary_terms(notebook_text(nb), data_dir, printed=objectives + "\n" + key_points),
        sources=[dict(sources.loc[s].to_dict(), source_id=s) for s in curriculum_last(reference_ids(nb))],
        attribution=attribution_lines(nb),
    )


# -- the page -----------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 12mm 13mm 13mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: Arial, Helvetica, "Liberation Sans", sans-serif; font-size: 9.6pt; line-height: 1.32;
       color: #111; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; margin: 3.5mm 0 1.2mm; color: #0b4f80; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; }
p, ul, ol { margin: 0 0 1.5mm; } ul, ol { padding-left: 5mm; } li { margin-bottom: 0.6mm; }
code { font-family: "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 0.92em; }
a { color: inherit; text-decoration: none; }
.meta { font-size: 9pt; color: #333; margin-bottom: 1mm; }
.promise { font-size: 10.5pt; margin-bottom: 2mm; }
.key-points { background: #eef4fa; border-left: 1.6mm solid #0072B2; padding: 1.5mm 3mm 0.5mm; }
.key-points h2 { margin-top: 1mm; }
figure { margin: 2.5mm 0; break-inside: avoid; } figure .plot { transform-origin: 0 0; }
.attribution { font-size: 7pt; color: #333; }
.glossary { columns: 2; column-gap: 6mm; font-size: 8.3pt; margin: 0; }
.glossary div { break-inside: avoid; margin-bottom: 0.8mm; }
.glossary dt { display: inline; font-weight: bold; } .glossary dd { display: inline; margin: 0; }
.references { font-size: 7.8pt; padding-left: 5mm; } .references li { margin-bottom: 0.5mm; }
.url { word-break: break-all; color: #0b4f80; }
.more { font-size: 8.3pt; font-style: italic; }
footer { margin-top: 3mm; border-top: 0.3mm solid #999; padding-top: 1mm; font-size: 7.8pt; color: #444; }
"""


def markdown_html(text: str) -> str:
    """Notebook markdown as HTML (raw HTML escaped); links between notebooks become plain text."""
    import mistune

    body = mistune.create_markdown(escape=True)(text)
    return re.sub(r'<a href="[^"]*?\.ipynb[^"]*">(.*?)</a>', r"\1", body)


def _more(total: int, shown: int, what: str) -> str:
    """The line under a cut list; :data:`FIT_SCRIPT` rewrites it when the list is cut further."""
    hidden = "" if total > shown else ' style="display:none"'
    return (f'<p class="more" data-total="{total}" data-what="{what}"{hidden}>'
            f"and {total - shown} more {what} in the notebook.</p>")


def figure_block(spec: dict, n: int, count: int) -> tuple[str, dict]:
    """A figure's place on the page, and what the page script draws in it (static, fixed size)."""
    layout = dict(spec.get("layout") or {})
    height = int(layout.get("height") or 450)
    layout.update(width=FIG_WIDTH, height=height, autosize=False)
    text_px = (210 - 26) / 25.4 * 96  # the A4 text width in CSS px
    max_px = FIG_MAX_HEIGHT_MM[min(count, 2)] / 25.4 * 96
    zoom = min(text_px / FIG_WIDTH, max_px / height)
    title = figure_title(spec)
    box = (f'<figure><div style="width:{FIG_WIDTH * zoom:.0f}px;height:{height * zoom:.0f}px;overflow:hidden">'
           f'<div class="plot" id="fig-{n}" role="img" aria-label="{esc(re.sub("<[^>]+>", " ", title))}" '
           f'style="width:{FIG_WIDTH}px;height:{height}px;transform:scale({zoom:.4f})"></div></div></figure>')
    return box, {"id": f"fig-{n}", "data": spec.get("data") or [], "layout": layout}


def glossary_html(terms: list[dict], limit: int) -> str:
    if not terms or limit <= 0:
        return ""
    items = []
    for row in terms[:limit]:
        expansion = row.get("expansion") if isinstance(row.get("expansion"), str) else ""
        name = esc(row["term"]) + (f" ({esc(expansion)})" if expansion else "")
        items.append(f"<div><dt>{name}:</dt> <dd>{esc(row['definition'])}</dd></div>")
    return (f'<section class="fit"><h2>Glossary</h2><dl class="glossary">{"".join(items)}</dl>'
            f'{_more(len(terms), len(items), "terms")}</section>')


def reference_line(row: dict) -> str:
    """Title, publisher, date and address of a source (never its id)."""
    from ..timeline.dates import format_date

    def get(k):
        return row.get(k) if isinstance(row.get(k), str) else ""

    try:
        date = format_date(get("date"), get("date_precision"))
    except (ValueError, KeyError, IndexError):
        date = get("date")
    text = f"{esc(get('title'))}. {esc(get('publisher'))}" + (f", {esc(date)}" if date else "") + "."
    if get("url"):
        text += f' <span class="url">{esc(get("url"))}</span>'
    return f"<li>{text}</li>"


def references_html(sources: list[dict], limit: int) -> str:
    if not sources:
        return ""
    items = [reference_line(r) for r in sources[:limit]]
    return (f'<section class="fit"><h2>References</h2><ol class="references">{"".join(items)}</ol>'
            f'{_more(len(sources), len(items), "references")}</section>')


def part_html(part: Part, budget: tuple[int, int, int], first: int = 0) -> tuple[str, list[dict]]:
    """One notebook's share of a handout, and the figures it draws (numbered from ``first``)."""
    figures, refs, terms = budget
    blocks, plots = [], []
    if part.objectives:
        blocks.append(f"<h2>Learning objectives</h2>{markdown_html(part.objectives)}")
    text = [f"<h2>{esc(heading)}</h2>{markdown_html(body)}" for heading, body in part.sections]
    if part.key_points:
        text.insert(0, f'<section class="key-points"><h2>Key points</h2>{markdown_html(part.key_points)}</section>')
    shown = []
    chosen = part.figures[:figures]
    for i, spec in enumerate(chosen):
        box, plot = figure_block(spec, first + i, len(chosen))
        shown.append(box)
        plots.append(plot)
    if chosen and part.attribution:
        shown.append(f'<p class="attribution">{"<br>".join(esc(a) for a in part.attribution)}</p>')
    blocks += shown + text if part.figures_first else text + shown
    blocks.append(glossary_html(part.terms, terms))
    blocks.append(references_html(part.sources, refs))
    return "\n".join(b for b in blocks if b), plots


def handout_html(parts: list[Part], budget: tuple[int, int, int], title: str | None = None) -> str:
    """The printable page for ``parts`` (one notebook's, or a session plan's) within ``budget``.

    With one part the page is that notebook's handout; with several, each part gets its own
    heading under ``title``, and the figure budget is shared out in order.
    """
    import helpers

    from ..timeline.dates import format_date

    bodies, plots = [], []
    left = budget[0]
    for part in parts:
        body, drawn = part_html(part, (left, budget[1], budget[2]), len(plots))
        left -= len(drawn)
        head = "" if len(parts) == 1 else f"<h1>{esc(part.title)}</h1>"
        bodies.append(head + body)
        plots += drawn
    one = parts[0]
    heading = title or one.title
    meta = [one.period if len(parts) == 1 and one.period not in ("", "—") else "",
            f"about {one.minutes} minutes on your own" if len(parts) == 1 and one.minutes else "",
            f"Accurate as of {format_date(helpers.ACCURATE_AS_OF, 'day')}"]
    promise = f'<p class="promise">{esc(one.promise)}</p>' if len(parts) == 1 and one.promise else ""
    files = ", ".join(p.file for p in parts)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(heading)}</title>
<style>{CSS}</style>
{f'<script src="{export.plotly_js_file().as_uri()}"></script>' if plots else ''}</head>
<body><header><h1>{esc(heading)}</h1>
<p class="meta">{esc(' · '.join(m for m in meta if m))}</p>{promise}</header>
<main>{''.join(bodies)}</main>
<footer>Joined-up care, explained: handout of {esc(files)}. The notebook has the full text, the
interactive figures and every source.</footer>
<script>{draw_script(plots)}{FIT_SCRIPT}</script>
</body></html>
"""


#: ``jucFit(references, terms)``: show only the first so many of each cut list, and say how many more.
FIT_SCRIPT = """
window.jucFit=function(refs,terms){document.querySelectorAll('section.fit').forEach(function(s){
var items=s.querySelectorAll('li,dl>div'),more=s.querySelector('p.more'),
limit=more.dataset.what==='references'?refs:terms,total=+more.dataset.total,shown=Math.min(limit,items.length);
items.forEach(function(el,i){el.style.display=i<limit?'':'none';});
more.textContent='and '+(total-shown)+' more '+more.dataset.what+' in the notebook.';
more.style.display=total>shown?'':'none';});};
"""


def draw_script(plots: list[dict]) -> str:
    """Draw every figure static; ``window.jucDrawn`` is set when all are drawn (or ``jucError``)."""
    return (
        f"window.jucDrawn=false;window.jucError=null;var plots={export._json_for_script(plots)};"
        "if(plots.length&&!window.Plotly){window.jucError='plotly.js did not load';}else{"
        "Promise.all(plots.map(function(p){return Plotly.newPlot(p.id,p.data,p.layout,"
        "{staticPlot:true,displayModeBar:false,responsive:false});}))"
        ".then(function(){window.jucDrawn=true;},function(e){window.jucError=String(e);});}"
    )


def print_handout(printer: Printer, parts: list[Part], target: Path, workdir: Path,
                  title: str | None = None, floor: tuple[int, int] = FLOOR) -> tuple[int, tuple[int, int, int]]:
    """Print ``parts`` to ``target`` on at most :data:`MAX_PAGES`, with as many figures as fit
    (keeping at least ``floor`` of the lists), then the longest lists that fit.
    Returns the pages and what was printed: (figures, references, terms). Fails if nothing fits."""
    page_file = workdir / f"{target.stem}.html"
    available = min(2, sum(len(p.figures) for p in parts))
    for figures in range(available, -1, -1):
        page_file.write_text(handout_html(parts, (figures, *LEVELS[0]), title), encoding="utf-8")
        printer.load(page_file)
        levels = LEVELS if figures == 0 else LEVELS[:LEVELS.index(floor) + 1]
        if fitted := _fit(printer, levels):
            level, pages, pdf = fitted
            target.write_bytes(pdf)
            return pages, (figures, *levels[level])
    raise RuntimeError(f"{target.name}: does not fit on {MAX_PAGES} pages even with no figure and {LEVELS[-1]}")


def _fit(printer: Printer, levels) -> tuple[int, int, bytes] | None:
    """The first (longest) of ``levels`` at which the loaded page fits: (index, pages, pdf).
    A bisection: shorter lists never take more pages."""
    def at(i):
        printer.page.evaluate("([r, t]) => window.jucFit(r, t)", list(levels[i]))
        pdf = printer.print()
        return page_count(pdf), pdf

    pages, pdf = at(0)
    if pages <= MAX_PAGES:
        return 0, pages, pdf
    lo, hi = 0, len(levels) - 1
    pages, pdf = at(hi)
    if pages > MAX_PAGES:
        return None
    best = (hi, pages, pdf)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        pages, pdf = at(mid)
        if pages <= MAX_PAGES:
            hi, best = mid, (mid, pages, pdf)
        else:
            lo = mid
    return best


def plan_parts(plan: str, choose: str | None = None, data_dir=None) -> tuple[str, list[Part]]:
    """A session plan's handout: its title, the plan's steps (each with its question for the
    room), then one part per notebook it uses, in the plan's order, with the key points and the
    figures of the sections the plan shows and its references (the full text and the glossary are in
    the notebooks and in each notebook's own handout)."""
    from dataclasses import replace

    from . import session

    chosen = session.steps(plan, choose, data_dir)
    by_notebook: dict[str, list[str]] = {}
    for step in chosen:
        by_notebook.setdefault(step.notebook, [])
        by_notebook[step.notebook] += [h for h in step.sections if h not in by_notebook[step.notebook]]
    lines = [f"{s.number}. **{s.title}** ({s.clock}, {s.minutes} minutes; notebook {s.notebook[:2]}: "
             f"{'; '.join(s.sections)}). *For the room:* {s.prompt}" for s in chosen]
    steps_part = Part("plans.csv", "The session, step by step", "", None, "",
                      sections=[("Steps", "\n".join(lines))])
    parts = [replace(read_part(export.notebooks([nb])[0], sections=tuple(headings), data_dir=data_dir),
                     objectives="", sections=[], terms=[], figures_first=True)
             for nb, headings in by_notebook.items()]
    return f"{plan}-minute session: {session.plan_title(plan, data_dir)}", [steps_part, *parts]


def build(out_dir: Path = HANDOUTS, names: list[str] | None = None, quiet: bool = False,
          printer: Printer | None = None, plans: list[str] | None = None
          ) -> list[tuple[Path, int, tuple[int, int, int], list[Part]]]:
    """Write one PDF handout per notebook (``names``: all by default) and per session plan
    (``plans``: all when no notebook is named). Returns, for each, the PDF, its pages, what it
    printed (figures, references, terms) and the parts it was printed from."""
    from . import session

    out_dir.mkdir(parents=True, exist_ok=True)
    notebooks = export.notebooks(names) if names or plans is None else []
    if plans is None:
        plans = [] if names else session.plan_ids()
    jobs = [(out_dir / f"{path.stem}.pdf", lambda path=path: (None, [read_part(path)]), FLOOR)
            for path in notebooks]
    jobs += [(out_dir / f"session-plan-{plan}.pdf", lambda plan=plan: plan_parts(plan), PLAN_FLOOR)
             for plan in plans]
    own = printer is None
    printer = printer or Printer()
    written = []
    try:
        with tempfile.TemporaryDirectory(prefix="juc-handouts-") as tmp:
            for target, read, floor in jobs:
                start = time.perf_counter()
                title, parts = read()
                pages, budget = print_handout(printer, parts, target, Path(tmp), title=title, floor=floor)
                written.append((target, pages, budget, parts))
                if not quiet:
                    figures = sum(len(p.figures) for p in parts)
                    print(f"  {target.name}: {pages} page{'s' * (pages > 1)}, "
                          f"{min(budget[0], figures)} of {figures} figures, "
                          f"{target.stat().st_size / 1e3:.0f} kB, {time.perf_counter() - start:.1f} s", flush=True)
    finally:
        if own:
            printer.close()
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 run.py handouts", description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*", help="notebooks to print (default: all, and every session plan)")
    ap.add_argument("--plan", action="append", dest="plans", metavar="MINUTES",
                    help="a session plan to print (60 or 90; may be given twice)")
    ap.add_argument("--out", type=Path, default=HANDOUTS, help="output folder (default: handouts/)")
    args = ap.parse_args(argv)
    print(f"printing handouts to {args.out} ...")
    start = time.perf_counter()
    written = build(args.out, args.notebooks or None, plans=args.plans)
    print(f"wrote {len(written)} handouts (A4, at most {MAX_PAGES} pages each) in "
          f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
