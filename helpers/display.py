"""Safe HTML rendering of data: tables, references, escaped text."""

from __future__ import annotations

import html
import re
import textwrap
from typing import Iterable, Sequence


class Rich:
    """HTML in the notebook with a plain-text twin (what nbval compares and text exports show)."""

    def __init__(self, html: str, text: str):
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def esc(value) -> str:
    """HTML-escape anything shown from data (quotes included)."""
    if value is None:
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, tuple):
        value = "; ".join(str(v) for v in value)
    return html.escape(str(value), quote=True)


def plot_text(value) -> str:
    """Escape a string from data for plotly (labels, hover text, titles, annotations).

    Plotly draws a small set of HTML tags (``<b>``, ``<a href>``, ``<span style>``, ...) and decodes
    ``&amp;``, ``&lt;``, ``&gt;`` and numeric entities, but shows ``&quot;`` literally; so data is
    escaped like :func:`esc` with the quote mark written as a numeric entity. Every figure uses this
    one function for text that comes from the data.
    """
    return esc(value).replace("&quot;", "&#34;")


def plot_lines(text, width: int) -> str:
    """``text`` from data for a plotly hover or label: escaped (:func:`plot_text`) and broken
    into lines of at most ``width`` characters."""
    return "<br>".join(plot_text(line) for line in textwrap.wrap(str(text), width)) or ""


def html_table(rows: Sequence[dict], columns: Sequence[tuple[str, str]], caption: str = "") -> str:
    """An escaped HTML table. ``columns`` is a list of (key, heading)."""
    head = "".join(f"<th>{esc(h)}</th>" for _, h in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(r.get(k))}</td>" for k, _ in columns) + "</tr>" for r in rows
    )
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return align_cells(f'<table class="juc-table">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


# JupyterLab and the presenter right-align every output table cell
# (`:not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon td, th {text-align: right}`). A style
# attribute on the cell beats that rule, and survives JupyterLab's sanitiser where a <style>
# block would not (outputs of a notebook that has not been run are untrusted).
_CELL = re.compile(r"<(td|th)(\s[^>]*)?>(.*?)</\1>", re.S)
_NUMBER = re.compile(r"^[−\-+]?[£]?[0-9][0-9,]*(\.[0-9]+)?%?$")
_YEAR = re.compile(r"^(18|19|20)[0-9]{2}$")  # a date ("1991" beside "1 April 1991"), not a quantity
LEFT, RIGHT = ' style="text-align:left"', ' style="text-align:right"'


def align_cells(table_html: str) -> str:
    """Every cell without a style of its own: a number right-aligned, anything else (prose, and a
    year on its own, which is a date) left."""
    def fix(m: re.Match) -> str:
        tag, attrs, inner = m.group(1), m.group(2) or "", m.group(3)
        if "style=" in attrs:
            return m.group(0)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        side = RIGHT if _NUMBER.match(text) and not _YEAR.match(text) else LEFT
        return f"<{tag}{attrs}{side}>{inner}</{tag}>"

    return _CELL.sub(fix, table_html)


def _cell(value) -> str:
    text = esc(value)
    if text.startswith(("http://", "https://")):
        return f'<a href="{text}" target="_blank" rel="noopener">{text}</a>'
    return text.replace("\n", "<br>")


def cite(source_row: dict) -> str:
    """One reference line (plain text) from a sources.csv row."""
    parts = []
    if source_row.get("author"):
        parts.append(str(source_row["author"]))
    parts.append(f"{source_row['title']}.")
    parts.append(f"{source_row['publisher']}, {source_row['date']}.")
    line = " ".join(parts)
    if source_row.get("url"):
        line += f" {source_row['url']}"
    return line


def source_label(source_id: str, data_dir=None) -> str:
    """A source as a reader names it in a citation: its publisher and year ("BMJ, 2007"), never
    its internal id. Fails loudly on an unknown id."""
    from .data import load_sources

    sources = load_sources(data_dir)  # cached by the loader
    hit = sources[sources["source_id"] == source_id]
    if hit.empty:
        raise KeyError(f"unknown source id: {source_id}")
    return publisher_year(hit.iloc[0])


def publisher_year(row) -> str:
    """A sources.csv row (or dict) as cited in the text: "Publisher, year"."""
    return f"{row['publisher']}, {str(row['date'])[:4]}"


def source_marks(source_ids: Iterable[str], data_dir=None) -> str:
    """The in-text citation of some sources, as plain text: "[BMJ, 2007; BBC News, 1999]"."""
    labels = list(dict.fromkeys(source_label(s, data_dir) for s in source_ids))
    return f"[{'; '.join(labels)}]" if labels else ""


def references(source_ids: Iterable[str], data_dir=None) -> str:
    """Markdown-free HTML list of references for the given source ids (in the order given, no repeats).

    Fails loudly on an unknown id.
    """
    from .data import load_sources

    sources = load_sources(data_dir).set_index("source_id")
    seen: list[str] = []
    for sid in source_ids:
        if sid not in seen:
            seen.append(sid)
    missing = [s for s in seen if s not in sources.index]
    if missing:
        raise KeyError(f"unknown source id(s): {', '.join(missing)}")
    items = []
    for sid in seen:
        row = sources.loc[sid].to_dict()
        text = esc(cite({k: (v if isinstance(v, str) else "") for k, v in row.items()}))
        url = row.get("url") if isinstance(row.get("url"), str) else ""
        if url:
            text = text.replace(esc(url), f'<a href="{esc(url)}" target="_blank" rel="noopener">{esc(url)}</a>')
        items.append(f'<li id="ref-{esc(sid)}">{text}</li>')  # the id is for links and tests, not read
    return '<ol class="juc-references">' + "".join(items) + "</ol>"


def show_references(source_ids: Iterable[str], data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(references(source_ids, data_dir)))


class ShownOnce:
    """A widget that is one output on every route: live where widgets run, fixed where they cannot.

    The output carries the widget and, as its ``text/html``, the widget's fixed view
    (:meth:`fixed_html`). JupyterLab, Binder and the presenter draw the widget; the offline
    pages and a viewer without a kernel (GitHub, nbviewer) show the fixed view. So no view is
    printed twice. A subclass sets ``self.widget`` and defines :meth:`fixed_html`.

    A widget that draws a figure also defines :meth:`fixed_figure` (the figure it opens with):
    the output then carries that figure as one line of compact JSON
    (:data:`helpers.style.COMPACT_PLOTLY_MIME`), which the offline pages draw under the fixed
    view. JupyterLab shows the widget and nothing else.
    """

    widget = None

    def fixed_html(self) -> str:
        raise NotImplementedError

    def fixed_figure(self):
        """The figure the widget opens with (a plotly figure or its dict), or ``None``."""
        return None

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/html"] = self.fixed_html()
        figure = self.fixed_figure()
        if figure is not None:
            from .style import COMPACT_PLOTLY_MIME, compact_json

            bundle[COMPACT_PLOTLY_MIME] = compact_json(figure)
        return bundle
