"""Accessibility of what the executed notebooks show.

Every stored plotly figure has a title, axis titles on the axes it shows, colours only from
the colour-blind-safe palette (helpers.style.OKABE_ITO, plus grey, white and their
transparent forms) and the one-line text summary helpers.style.show prints just before it;
every image has alt text; every widget comes after a fixed view readable without a kernel.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from helpers import style
from helpers.publish import nbtools

PLOTLY = "application/vnd.plotly.v1+json"
NOTEBOOKS = [p for p in nbtools.notebook_paths() if p.parent == nbtools.NOTEBOOKS]
IDS = [p.name for p in NOTEBOOKS]


def _hex_rgb(h: str) -> tuple[int, int, int]:
    h = h.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


SAFE = {_hex_rgb(c) for c in (*style.OKABE_ITO, style.GREY, "#FFFFFF")}


def colour_ok(value: str) -> bool:
    v = value.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{6}", v):
        return _hex_rgb(v) in SAFE
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*[\d.]+\s*)?\)", v)
    if m:
        return tuple(int(x) for x in m.groups()) in SAFE
    return v in ("white", "black", "transparent", "rgba(0,0,0,0)")


def colours(obj, key: str = ""):
    """Every explicit colour in a plotly JSON tree (templates excluded)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("template", "colorscale"):
                continue
            yield from colours(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from colours(v, key)
    elif isinstance(obj, str) and "color" in key.lower():
        yield key, obj


def figures(path):
    """(cell index, figure spec, outputs before it in the same cell) for every stored figure."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for j, out in enumerate(cell.outputs):
            if PLOTLY in out.get("data", {}):
                yield i, out["data"][PLOTLY], cell.outputs[:j]


def _html(out) -> str:
    value = out.get("data", {}).get("text/html", "")
    return value if isinstance(value, str) else "".join(value)


def figure_problems(spec: dict, where: str = "figure") -> list[str]:
    """What a stored figure lacks: title, axis titles on shown axes, palette colours."""
    import plotly.graph_objects as go

    fig = go.Figure(spec)
    problems = [f"{where}: {p}" for p in style.check_figure(fig)]
    # every axis a trace is drawn on, and that shows its tick labels, has a title
    layout = spec.get("layout", {})
    for trace in spec.get("data", []):
        if trace.get("type", "scatter") in ("pie", "sankey", "table"):
            continue
        for letter in ("x", "y"):
            ref = trace.get(f"{letter}axis") or letter
            name = f"{letter}axis{ref[1:]}"
            axis = layout.get(name, {})
            if axis.get("visible") is False or axis.get("showticklabels") is False:
                continue
            title = axis.get("title", {})
            title = title.get("text") if isinstance(title, dict) else title
            if not title:
                problems.append(f"{where}: {name} shows tick labels but has no title")
    bad = sorted({f"{k}={v}" for k, v in colours({"data": spec.get("data", []), "layout": {
        k: v for k, v in layout.items() if k in ("shapes", "annotations", "colorway")}}) if not colour_ok(v)})
    if bad:
        problems.append(f"{where}: colours outside the colour-blind-safe palette: {bad}")
    return sorted(set(problems))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_figure_has_title_axis_labels_and_safe_colours(path):
    problems = []
    for i, spec, _ in figures(path):
        title = ((spec.get("layout") or {}).get("title") or {})
        title = title.get("text", "") if isinstance(title, dict) else str(title)
        problems += figure_problems(spec, f"{path.name} cell {i} ({title[:40]!r})")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_figure_has_its_text_summary_just_before_it(path):
    missing = []
    for i, spec, before in figures(path):
        if not before or 'class="juc-summary"' not in _html(before[-1]):
            title = ((spec.get("layout") or {}).get("title") or {})
            missing.append(f"cell {i}: {title.get('text', '') if isinstance(title, dict) else title!r}")
    assert not missing, f"{path.name}: figures without a one-line summary just before them: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_image_has_alt_text(path):
    nb = nbformat.read(path, as_version=4)
    problems = []
    for i, cell in enumerate(nb.cells):
        texts = [cell.source] if cell.cell_type == "markdown" else [_html(o) for o in cell.get("outputs", [])]
        for text in texts:
            for alt, src in re.findall(r"!\[([^\]]*)\]\(([^)]*)\)", text):
                if not alt.strip():
                    problems.append(f"cell {i}: markdown image {src!r} has no alt text")
            for tag in re.findall(r"<img\b[^>]*>", text, re.I):
                m = re.search(r"\balt\s*=\s*([\"'])(.*?)\1", tag, re.I | re.S)
                if not m or not m.group(2).strip():
                    problems.append(f"cell {i}: {tag[:80]!r} has no alt text")
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if any(k.startswith("image/") for k in out.get("data", {})):
                problems.append(f"cell {i}: a raster image output cannot carry alt text; use "
                                "helpers.style.show (a figure with its summary) instead")
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_widget_comes_after_a_fixed_view(path):
    """A reader without a kernel (GitHub, the offline pages, a screen reader) gets the content."""
    nb = nbformat.read(path, as_version=4)
    static_since_last = False
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            data = out.get("data", {})
            if data.get("text/plain") == nbtools.WIDGET_NOTE:
                if not static_since_last and "text/html" not in data:  # its own fixed view, or one before
                    problems.append(f"cell {i}: a widget with no figure, table or text before it")
                static_since_last = False
            elif PLOTLY in data or "text/html" in data or out.get("output_type") == "stream":
                static_since_last = True
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_the_figure_check_catches_what_is_missing():
    bad = {"data": [{"type": "bar", "x": ["a"], "y": [1], "marker": {"color": "#FF0000"}},
                    {"type": "scatter", "x": [1], "y": [2], "xaxis": "x2", "line": {"color": "rgb(0, 114, 178)"}}],
           "layout": {"xaxis": {"title": {"text": "Item"}}, "xaxis2": {}}}
    found = " | ".join(figure_problems(bad))
    assert "no title" in found and "y-axis" in found and "xaxis2 shows tick labels" in found
    assert "#FF0000" in found and "rgb(0, 114, 178)" not in found
    good = {"data": [{"type": "bar", "x": ["a"], "y": [1], "marker": {"color": "#0072B2"}}],
            "layout": {"title": {"text": "T"}, "xaxis": {"title": {"text": "X"}}, "yaxis": {"title": {"text": "Y"}}}}
    assert figure_problems(good) == []


def test_the_colour_check_rejects_colours_outside_the_palette():
    assert colour_ok("#0072B2") and colour_ok("rgba(0, 114, 178, 0.3)") and colour_ok("#999999")
    assert not colour_ok("#FF0000") and not colour_ok("red") and not colour_ok("rgb(255,0,0)")
