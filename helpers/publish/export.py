"""Offline export: one self-contained HTML page per notebook, and an index page.

    python3 run.py export                 # every notebook -> export/
    python3 run.py export --out DIR 01 07 # chosen notebooks -> DIR

For teaching on poor Wi-Fi and for reading without Python. Each page is built with
nbconvert from the committed (executed) notebook:

- the code is hidden; text, tables, figures and their one-line summaries remain;
- every plotly figure is drawn by plotly.js, which is embedded once in each page that has
  a figure (from the plotly package: nothing is fetched, so it works with no network);
- each widget, which needs a running kernel, is replaced by a note saying what it does
  (from the widget's own description) and pointing to the static view printed above it;
- links between notebooks point to the exported pages; images are embedded.

Nothing in a page loads from the internet (no require.js, MathJax or CDN fonts); links to
sources still open in a browser when there is a network.
"""

from __future__ import annotations

import argparse
import ast
import html
import json
import re
import sys
import time
from pathlib import Path

from .. import catalogue, style
from . import nbtools

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "export"
TEMPLATES = Path(__file__).resolve().parent / "jupyter_data" / "nbconvert" / "templates"
TEMPLATE = "juc_offline"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_MARK = "juc-plotly-js"  # id of the one <script> that carries plotly.js


def plotly_js() -> str:
    """plotly.js as shipped inside the plotly package (made safe to inline in <script>)."""
    import plotly

    text = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    return text.replace("</script", "<\\/script")


def _json_for_script(value) -> str:
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def figure_html(spec: dict, n: int) -> str:
    """A div and the call that draws one stored plotly figure with the embedded plotly.js."""
    title = ((spec.get("layout") or {}).get("title") or {})
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    div = f"juc-fig-{n}"
    return (
        f'<div id="{div}" class="juc-figure" role="img" aria-label="{html.escape(title or "Figure")}"></div>\n'
        f"<script>(function(){{var s={_json_for_script(spec)};"
        f"Plotly.newPlot('{div}',s.data||[],s.layout||{{}},"
        "{responsive:true,displaylogo:false,showSendToCloud:false,showEditInChartStudio:false,"
        "modeBarButtonsToRemove:['toImage','sendChartToCloud','sendDataToCloud','editInChartStudio']});})();</script>"
    )


def widget_description(source: str) -> str:
    """What the widget in a cell does, from the first line of its class's docstring.

    The cell is one call, such as ``timeline.TimelineExplorer()``; the class is looked up in
    ``helpers`` without running anything else. Empty when it cannot be found.
    """
    try:
        tree = ast.parse(source.strip().splitlines()[-1].strip())
        call = tree.body[0].value
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            module, name = func.value.id, func.attr
        else:
            return ""
        import importlib

        obj = getattr(importlib.import_module(f"helpers.{module}"), name)
        doc = (obj.__doc__ or "").strip().split("\n\n")[0]
        return " ".join(doc.split())
    except Exception:  # noqa: BLE001 - any failure just means no description
        return ""


def widget_note(description: str, own_view: bool = False) -> str:
    what = f" {html.escape(description)}" if description else ""
    where = "below" if own_view else "printed just above"
    return (
        '<div class="juc-widget-note" role="note"><strong>Interactive in the notebook.</strong>'
        f"{what} Widgets need a running notebook (JupyterLab, Binder or the presenter view); "
        f"this page shows the fixed view {where} instead.</div>"
    )


def prepare(nb) -> int:
    """Turn a committed notebook into what the offline page shows (in place). Returns figures."""
    figures = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = relink(cell.source)
            continue
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data")
            if not data:
                continue
            if PLOTLY_MIME in data or style.COMPACT_PLOTLY_MIME in data:
                figures += 1
                spec = data[PLOTLY_MIME] if PLOTLY_MIME in data else json.loads("".join(data[style.COMPACT_PLOTLY_MIME]))
                out["data"] = {"text/html": figure_html(spec, figures)}
            elif data.get("text/plain") == nbtools.WIDGET_NOTE or nbtools.WIDGET_MIME in data:
                fallback = data.get("text/html")  # a widget that carries its own fixed view
                fallback = "".join(fallback) if isinstance(fallback, list) else fallback
                out["data"] = {"text/html": widget_note(widget_description(cell.source), bool(fallback))
                               + (relink(fallback) if fallback else "")}
            elif "text/html" in data:
                data["text/html"] = relink(data["text/html"] if isinstance(data["text/html"], str)
                                           else "".join(data["text/html"]))
    return figures


_NB_LINK = re.compile(r"(?P<pre>\]\(|href=\")(?P<name>\d\d_[A-Za-z0-9_]+)\.ipynb(?P<frag>#[^)\"]*)?")


def relink(text: str) -> str:
    """Links to a notebook of the collection point to its exported page."""
    return _NB_LINK.sub(lambda m: f"{m['pre']}{m['name']}.html{m['frag'] or ''}", text)


def exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        theme="light",
    )


def export_notebook(path: Path, out_dir: Path, js: str | None = None, exp=None) -> tuple[Path, int]:
    """Write one page; returns its path and how many figures it draws."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    figures = prepare(nb)
    try:
        entry = catalogue.by_file(path.name)
        title, minutes = entry.title, entry.minutes
    except KeyError:
        title, minutes = path.stem, None
    resources = {
        "metadata": {"name": title, "path": str(path.parent)},
        "juc": {
            "title": title,
            "notebook": path.name,
            "plotly_js": (js if js is not None else plotly_js()) if figures else "",
            "plotly_mark": PLOTLY_MARK,
            "accurate_as_of": _accurate_as_of(),
            "minutes": minutes,
        },
    }
    body, _ = (exp or exporter()).from_notebook_node(nb, resources=resources)
    target = out_dir / f"{path.stem}.html"
    target.write_text(body, encoding="utf-8")
    return target, figures


def _accurate_as_of() -> str:
    import helpers

    return helpers.ACCURATE_AS_OF


def index_html(pages: list[tuple[str, Path, int]]) -> str:
    from ..display import esc

    rows = []
    for file, page, figures in pages:
        try:
            nb = catalogue.by_file(file)
            title, period, promise, minutes = nb.title, nb.period, nb.promise, f"{nb.minutes}"
        except KeyError:
            title, period, promise, minutes = Path(file).stem, "", "", ""
        rows.append(f'<tr><td>{esc(file[:2])}</td><td><a href="{esc(page.name)}">{esc(title)}</a></td>'
                    f"<td>{esc(period)}</td><td>{esc(promise)}</td><td>{esc(minutes)}</td>"
                    f"<td>{figures}</td></tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Joined-up care, explained: offline pages</title>
<style>
body {{ font-family: Arial, Helvetica, sans-serif; max-width: 1100px; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #111; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #ccc; vertical-align: top; }}
caption {{ text-align: left; font-weight: bold; padding: 0.4rem 0; }}
a:focus-visible {{ outline: 3px solid #E69F00; }}
</style></head>
<body><main>
<h1>Joined-up care, explained: offline pages</h1>
<p>One page per notebook, for reading or teaching without a network. The figures work offline
(hover for details, zoom and pan); the widgets, which need a running notebook, are replaced by
the fixed view printed above each of them. Facts accurate as of {esc(_accurate_as_of())}.</p>
<p>To use the interactive widgets, open the notebooks in JupyterLab (<code>python3 run.py lab</code>),
on Binder, or in the presenter view (<code>python3 run.py present</code>).</p>
<table><caption>The collection, in teaching order</caption>
<thead><tr><th>#</th><th>Page</th><th>Period</th><th>What you will learn</th><th>Minutes</th><th>Figures</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<p>Built {esc(time.strftime('%Y-%m-%d'))} by <code>python3 run.py export</code>.</p>
</main></body></html>
"""


def notebooks(names: list[str] | None = None) -> list[Path]:
    if names:
        from .present import find_notebook

        return [find_notebook(n) for n in names]
    listed = [nb.path for nb in catalogue.NOTEBOOKS if nb.exists]
    extra = sorted(p for p in catalogue.NOTEBOOK_DIR.glob("*.ipynb") if p not in listed)
    return listed + extra


def build(out_dir: Path = EXPORT, names: list[str] | None = None, quiet: bool = False) -> list[Path]:
    """Export the notebooks and write index.html. Returns the pages written (index last)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    js, exp = plotly_js(), exporter()
    pages = []
    for path in notebooks(names):
        start = time.perf_counter()
        page, figures = export_notebook(path, out_dir, js, exp)
        pages.append((path.name, page, figures))
        if not quiet:
            print(f"  {page.name}: {figures} figures, {page.stat().st_size / 1e6:.1f} MB, "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
    index = out_dir / "index.html"
    index.write_text(index_html(pages), encoding="utf-8")
    return [p for _, p, _ in pages] + [index]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 run.py export", description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*", help="notebooks to export (default: all)")
    ap.add_argument("--out", type=Path, default=EXPORT, help="output folder (default: export/)")
    args = ap.parse_args(argv)
    print(f"exporting to {args.out} ...")
    pages = build(args.out, args.notebooks or None)
    print(f"wrote {len(pages) - 1} pages and {pages[-1]}; open it in a browser (no network needed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
