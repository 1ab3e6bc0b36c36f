"""The routes of notebook 00 (routes.csv): real sections, the right minutes, working links."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from helpers import catalogue, data, routes


def _headings(notebook: str) -> set[str]:
    nb = json.loads(catalogue.by_file(notebook).path.read_text(encoding="utf-8"))
    found = set()
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                m = re.match(r"^#{1,6}\s+(.*?)\s*$", line)
                if m:
                    found.add(m.group(1))
    return found


def test_every_step_is_a_real_heading_of_its_notebook():
    rows = data.load_routes()
    assert len(rows) > 0
    missing = [f"{r.notebook}: {r.section!r}" for r in rows.itertuples()
               if r.section not in _headings(r.notebook)]
    assert missing == [], "routes.csv names sections that are not headings:\n" + "\n".join(missing)


def test_one_hour_route_adds_up_to_sixty_minutes_in_order():
    steps = routes.steps("one_hour")
    assert sum(s["minutes"] for s in steps) == 60
    assert [s["step"] for s in steps] == list(range(1, len(steps) + 1))
    assert all(s["minutes"] > 0 for s in steps)
    numbers = [s["number"] for s in steps]
    assert numbers == sorted(numbers), "the one-hour route follows the collection's order"
    assert {"01", "07", "08", "09"} <= set(numbers) and {"02", "03", "04", "05", "06"} <= set(numbers)


def test_every_step_says_what_to_do_in_one_sentence():
    for s in routes.steps("one_hour"):
        text = s["what_to_do"].strip()
        assert text.endswith(".") and text.count(". ") == 0, text
        assert len(text.split()) <= 30, text


def test_anchor_links_follow_jupyterlab_heading_ids():
    assert routes.anchor("08_your_patch", "Find your patch") == "08_your_patch.ipynb#Find-your-patch"
    assert (routes.anchor("07_stakeholder_arguments", "1. One question, every voice")
            == "07_stakeholder_arguments.ipynb#1.-One-question,-every-voice")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.cells = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_data(self, text):
        self.cells.append(text)


def test_the_view_links_every_step_and_every_notebook_and_gives_totals():
    shown = routes.routes()
    parser = _Links()
    parser.feed(shown.html)
    for s in routes.steps("one_hour"):
        assert routes.anchor(s["notebook"], s["section"]) in parser.links
    for nb in catalogue.NOTEBOOKS:
        assert nb.file in parser.links
        assert (catalogue.NOTEBOOK_DIR / nb.file).exists()
    assert "tutor/README.md" in parser.links
    assert (catalogue.NOTEBOOK_DIR / "tutor" / "README.md").exists()
    total = sum(nb.minutes for nb in catalogue.NOTEBOOKS)
    assert str(total) in parser.cells and "60" in parser.cells
    assert f"{total} minutes" in shown.text and "60- and 90-minute" in shown.text


def test_tutor_guide_has_the_60_and_90_minute_plans_the_view_points_to():
    guide = (catalogue.NOTEBOOK_DIR / "tutor" / "README.md").read_text(encoding="utf-8")
    assert "Session plan: 60 minutes" in guide and "Session plan: 90 minutes" in guide


def test_notebook_00_shows_the_routes_near_its_start():
    nb = json.loads(catalogue.by_file("00_start_here").path.read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"]]
    heading = next(i for i, s in enumerate(sources)
                   if s.startswith("## Your route: one hour, or the whole collection"))
    assert heading < 6
    assert "routes.show_routes()" in sources[heading + 1]
