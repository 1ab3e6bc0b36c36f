"""Offline export: one HTML page per notebook, and an index page, that work with no network.

    python3 run.py export                      # every notebook -> export/
    python3 run.py export --out DIR 01 07      # chosen notebooks -> DIR
    python3 run.py export --single-file 07     # one page with everything inside, for e-mail
                                               # (-> export/single-file/)

For teaching on poor Wi-Fi and for reading without Python. Each page is built with
nbconvert from the committed (executed) notebook:

- the code is hidden; text, tables, figures and their one-line summaries remain;
- every plotly figure is drawn by plotly.js (from the plotly package: nothing is fetched,
  so it works with no network). By default the pages share one copy of plotly.js and of
  JupyterLab's styles, written beside them (``SHARED_JS``, ``SHARED_CSS``) and loaded by a
  relative address, so the folder is small; a page whose shared file is missing says so at
  the top and in place of each figure. ``--single-file`` embeds both in each page instead
  (about 5 MB a page), so one page can be sent on its own;
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
SINGLE_FILE = EXPORT / "single-file"  # where --single-file pages go unless --out says
TEMPLATES = Path(__file__).resolve().parent / "jupyter_data" / "nbconvert" / "templates"
TEMPLATE = "juc_offline"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_MARK = "juc-plotly-js"  # id of the one <script> that carries or loads plotly.js
SHARED_JS = "plotly.min.js"  # written beside the pages, loaded by <script src>
#: JupyterLab's styles, which nbconvert would inline in every page -> the shared file beside them
SHARED_CSS = {"static/index.css": "jupyterlab-index.css",
              "static/theme-light.css": "jupyterlab-theme-light.css"}


def plotly_js_file() -> Path:
    """plotly.min.js as shipped inside the plotly package (the version plotly draws with)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def plotly_js() -> str:
    """plotly.js made safe to inline in <script> (for single-file pages)."""
    return plotly_js_file().read_text(encoding="utf-8").replace("</script", "<\\/script")


def shared_files() -> list[str]:
    """The files the pages of a shared-file export load from beside them."""
    return [SHARED_JS, *SHARED_CSS.values()]


def write_shared(out_dir: Path, exp) -> list[Path]:
    """Write plotly.min.js and JupyterLab's styles beside the pages."""
    import shutil

    written = [out_dir / SHARED_JS]
    shutil.copyfile(plotly_js_file(), written[0])
    env = exp.environment
    for name, file in SHARED_CSS.items():
        (out_dir / file).write_text(env.loader.get_source(env, name)[0], encoding="utf-8")
        written.append(out_dir / file)
    return written


def _json_for_script(value) -> str:
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def figure_html(spec: dict, n: int) -> str:
    """A div and the call that draws one stored plotly figure with the embedded plotly.js.

    The div is a named ``figure`` (not an ``img``, whose content is presentational): plotly
    draws focusable controls inside it (the modebar), which an image may not hold (axe-core's
    nested-interactive)."""
    title = ((spec.get("layout") or {}).get("title") or {})
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    div = f"juc-fig-{n}"
    return (
        f'<div id="{div}" class="juc-figure" role="figure" aria-label="{html.escape(title or "Figure")}"></div>\n'
        f"<script>(function(){{var s={_json_for_script(spec)};"
        # plotly.min.js missing from beside the page: say so in the figure's place, not a blank box
        f"if(!window.Plotly){{jucShared.figureMissing('{div}');return;}}"
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
                note = ""  # a widget whose fixed view is a figure: say what it does, its summary, the figure
                if data.get("text/plain") == nbtools.WIDGET_NOTE or nbtools.WIDGET_MIME in data:
                    fallback = data.get("text/html") or ""
                    fallback = "".join(fallback) if isinstance(fallback, list) else fallback
                    note = widget_note(widget_description(cell.source), True) + relink(fallback)
                out["data"] = {"text/html": note + figure_html(spec, figures)}
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


def css_link(name: str):
    """A page's link to a shared copy of one of JupyterLab's style sheets (SHARED_CSS)."""
    import markupsafe

    file = SHARED_CSS[name]
    return markupsafe.Markup(f'<link rel="stylesheet" href="{file}" '
                             f"onerror=\"jucShared.note('{file}')\">")


def exporter(single_file: bool = False):
    """nbconvert's HTML exporter with the offline template; JupyterLab's styles are linked to
    the shared copies beside the pages (SHARED_CSS) unless ``single_file``."""
    from nbconvert import HTMLExporter

    class OfflineExporter(HTMLExporter):
        def _init_resources(self, resources):
            resources = super()._init_resources(resources)
            if not single_file:
                inline = resources["include_css"]
                resources["include_css"] = lambda name: css_link(name) if name in SHARED_CSS else inline(name)
            return resources

    return OfflineExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        theme="light",
    )


def export_notebook(path: Path, out_dir: Path, single_file: bool = False, exp=None,
                    js: str | None = None) -> tuple[Path, int]:
    """Write one page; returns its path and how many figures it draws.

    The page loads the shared files beside it (see :func:`write_shared`) unless
    ``single_file``, when plotly.js (``js``, read once by :func:`build`) and the styles are inside.
    ``exp`` must be an :func:`exporter` made with the same ``single_file``.
    """
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
            "figures": figures,
            "single_file": single_file,
            "plotly_js": (js if js is not None else plotly_js()) if figures and single_file else "",
            "plotly_src": SHARED_JS,
            "plotly_mark": PLOTLY_MARK,
            "accurate_as_of": _accurate_as_of(),
            "minutes": minutes,
        },
    }
    body, _ = (exp or exporter(single_file)).from_notebook_node(nb, resources=resources)
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
<p>The pages share the files {', '.join(f'<code>{esc(f)}</code>' for f in shared_files())} in this
folder ({esc(SHARED_JS)} draws the figures): copy the whole folder, not single pages. To send one
page on its own, make a copy with everything inside it: <code>python3 run.py export --single-file 07</code>
(about 5 MB a page).</p>
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


def build(out_dir: Path = EXPORT, names: list[str] | None = None, quiet: bool = False,
          single_file: bool = False) -> list[Path]:
    """Export the notebooks. Returns the pages written.

    By default also writes the shared files (:func:`shared_files`) and index.html (last in the
    list). With ``single_file`` every page carries everything it needs and nothing else is
    written (no index: such a page is for sending on its own).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    js, exp = (plotly_js() if single_file else None), exporter(single_file)
    pages = []
    for path in notebooks(names):
        start = time.perf_counter()
        page, figures = export_notebook(path, out_dir, single_file, exp, js)
        pages.append((path.name, page, figures))
        if not quiet:
            print(f"  {page.name}: {figures} figures, {_size(page.stat().st_size)}, "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
    if single_file:
        return [p for _, p, _ in pages]
    shared = write_shared(out_dir, exp)
    if not quiet:
        print(f"  shared by the pages: {', '.join(f'{p.name} ({_size(p.stat().st_size)})' for p in shared)}")
    index = out_dir / "index.html"
    index.write_text(index_html(pages), encoding="utf-8")
    return [p for _, p, _ in pages] + [index]


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 run.py export", description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*", help="notebooks to export (default: all)")
    ap.add_argument("--out", type=Path, default=None,
                    help="output folder (default: export/, or export/single-file/ with --single-file)")
    ap.add_argument("--single-file", action="store_true",
                    help="put plotly.js and the styles inside each page (about 5 MB a page), so a page "
                         "works on its own, e.g. sent by e-mail; writes no index and no shared files")
    args = ap.parse_args(argv)
    args.out = args.out or (SINGLE_FILE if args.single_file else EXPORT)
    print(f"exporting to {args.out} ...")
    pages = build(args.out, args.notebooks or None, single_file=args.single_file)
    total = sum(p.stat().st_size for p in pages)
    if args.single_file:
        print(f"wrote {', '.join(str(p) for p in pages)} ({_size(total)} in all): each page works on "
              "its own (no network, nothing beside it)")
        return 0
    total += sum((args.out / f).stat().st_size for f in shared_files())
    print(f"wrote {len(pages) - 1} pages and {pages[-1]} ({_size(total)} in all, with the shared files); "
          "open it in a browser (no network needed). Copy the whole folder: the pages use the "
          "shared files beside them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
