"""Notebook 00's routes: one hour through the collection (``routes.csv``), or the whole of it
(``catalogue.NOTEBOOKS``), as HTML tables that link to each notebook's section."""

from __future__ import annotations

from urllib.parse import quote

from . import catalogue, data
from .display import Rich, align_cells, esc

TUTOR_PLANS = "tutor/README.md"  # relative to notebooks/: the 60- and 90-minute session plans


def anchor(notebook: str, section: str, relative_to: str = "") -> str:
    """A JupyterLab link to a heading: ``NN_name.ipynb#Heading-with-dashes``."""
    file = catalogue.by_file(notebook).file
    return f"{relative_to}{file}#{quote(section.replace(' ', '-'), safe=',.:;()!-')}"


def steps(route_id: str = "one_hour", data_dir=None) -> list[dict]:
    """The route's steps in order, each with its notebook's number and title."""
    rows = data.load_routes(data_dir)
    rows = rows[rows["route_id"] == route_id].sort_values("step")
    out = []
    for r in rows.to_dict("records"):
        nb = catalogue.by_file(r["notebook"])
        out.append({**r, "number": r["notebook"][:2], "title": nb.title, "minutes": int(r["minutes"])})
    return out


def one_hour_html(relative_to: str = "", data_dir=None) -> str:
    rows = steps("one_hour", data_dir)
    body = "".join(
        f'<tr><td>{r["step"]}</td><td>{esc(r["number"])} {esc(r["title"])}</td>'
        f'<td><a href="{esc(anchor(r["notebook"], r["section"], relative_to))}">{esc(r["section"])}</a></td>'
        f'<td>{esc(r["what_to_do"])}</td><td>{r["minutes"]}</td></tr>'
        for r in rows
    )
    total = sum(r["minutes"] for r in rows)
    return align_cells(
        '<table class="juc-table"><caption>One hour: the sections to read, in order</caption>'
        "<thead><tr><th>Step</th><th>Notebook</th><th>Section</th><th>What to do</th>"
        f"<th>Minutes</th></tr></thead><tbody>{body}</tbody>"
        f"<tfoot><tr><td></td><td>Total</td><td></td><td></td><td>{total}</td></tr></tfoot></table>"
    )


def full_route_html(relative_to: str = "") -> str:
    body = "".join(
        f'<tr><td>{nb.file[:2]}</td><td><a href="{esc(relative_to + nb.file)}">{esc(nb.title)}</a></td>'
        f"<td>{nb.minutes}</td></tr>"
        for nb in catalogue.NOTEBOOKS
    )
    total = sum(nb.minutes for nb in catalogue.NOTEBOOKS)
    return align_cells(
        '<table class="juc-table"><caption>The whole collection, in order</caption>'
        "<thead><tr><th>#</th><th>Notebook</th><th>Minutes</th></tr></thead>"
        f"<tbody>{body}</tbody><tfoot><tr><td></td><td>Total ({_hours(total)})</td>"
        f"<td>{total}</td></tr></tfoot></table>"
    )


def _hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h {m} min" if m else f"{h} h"


def route_text(data_dir=None) -> str:
    """The plain-text twin: the one-hour steps, the total of the whole route, the tutor plans."""
    lines = ["One hour:"]
    lines += [f'{r["step"]:>2}. {r["number"]} {r["title"]}: {r["section"]} ({r["minutes"]} min)'
              for r in steps("one_hour", data_dir)]
    total = sum(nb.minutes for nb in catalogue.NOTEBOOKS)
    lines.append(f"The whole collection: {len(catalogue.NOTEBOOKS)} notebooks, {total} minutes ({_hours(total)}).")
    lines.append(f"Tutors: 60- and 90-minute session plans in {TUTOR_PLANS}; "
                 "python3 run.py present --plan 60 (or 90) shows one step per screen.")
    return "\n".join(lines)


def routes(relative_to: str = "", data_dir=None) -> Rich:
    tutor = (f'<p>Teaching a group? The tutor\'s 60- and 90-minute session plans are in '
             f'<a href="{esc(relative_to + TUTOR_PLANS)}">the tutor guide</a>; '
             "<code>python3 run.py present --plan 60</code> (or <code>--plan 90</code>) shows one "
             "step per screen.</p>")
    return Rich(one_hour_html(relative_to, data_dir) + full_route_html(relative_to) + tutor,
                route_text(data_dir))


def show_routes() -> None:
    from IPython.display import display

    display(routes())
