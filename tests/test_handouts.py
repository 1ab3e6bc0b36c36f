"""The printable handouts (python3 run.py handouts): one A4 PDF of at most two pages per notebook,
printed by Debian's chromium with the network cut, checked with pypdf.

The handouts are printed once for the module, by one browser and one page. Without chromium the
printing tests skip, unless REQUIRE_BROWSER=1, when they fail (as the browser tests do).
"""

from __future__ import annotations

import dataclasses
import html
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.publish import export, handouts

from .browser.conftest import chromium_path  # noqa: F401  (the fixture: Debian chromium, or skip/fail)

A4 = (595, 842)  # points


@pytest.fixture(scope="module")
def printer(chromium_path):
    with handouts.Printer(chromium_path) as p:
        yield p


@pytest.fixture(scope="module")
def printed(printer, tmp_path_factory):
    """Every notebook's handout, printed once: {notebook file: Printed}, the requests blocked, the time."""
    from pypdf import PdfReader

    out = tmp_path_factory.mktemp("handouts")
    start = time.perf_counter()
    written = handouts.build(out, quiet=True, printer=printer)
    took = time.perf_counter() - start
    print(f"\nhandouts: {len(written)} printed in {took:.1f} s: "
          + ", ".join(f"{pdf.stem[:2]} {pages}p" for pdf, pages, *_ in written))
    result = {}
    for pdf, _pages, budget, parts in written:
        reader = PdfReader(pdf)
        if pdf.stem.startswith("session-plan-"):
            PLANS[pdf.stem.removeprefix("session-plan-")] = (pdf, parts, budget, reader, text_of(reader))
        else:
            result[parts[0].file] = Printed(pdf, parts[0], budget, reader, text_of(reader))
    return result, list(printer.blocked), took


#: The session plans' handouts, printed by the same fixture: {plan: (pdf, parts, budget, reader, text)}
PLANS: dict = {}


browser = pytest.mark.browser  # the tests that print (the rest need no browser)


@dataclass
class Printed:
    pdf: Path
    part: handouts.Part
    budget: tuple[int, int, int]
    reader: object  # pypdf.PdfReader
    text: str  # every page's text, whitespace squeezed


def text_of(reader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def plain(markdown: str) -> list[str]:
    """The items (or paragraphs) of a markdown block as the reader sees them."""
    body = handouts.markdown_html(markdown)
    items = re.findall(r"<li>(.*?)</li>", body, re.S) or re.findall(r"<p>(.*?)</p>", body, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", i)).split()) for i in items]


@browser
def test_one_handout_per_notebook(printed):
    result, _, _ = printed
    assert sorted(result) == sorted(p.name for p in export.notebooks())
    assert len(result) == 11


@browser
def test_one_or_two_a4_pages(printed):
    for name, h in printed[0].items():
        reader = h.reader
        assert 1 <= len(reader.pages) <= handouts.MAX_PAGES, f"{name}: {len(reader.pages)} pages"
        for page in reader.pages:
            box = page.mediabox
            assert abs(float(box.width) - A4[0]) <= 1 and abs(float(box.height) - A4[1]) <= 1, (name, box)


def _fonts(resources, seen: set):
    """Every font dictionary in ``resources`` and in the form XObjects it draws."""
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        ref = getattr(xobject, "idnum", id(xobject))
        xobject = xobject.get_object()
        if ref in seen or xobject.get("/Subtype") != "/Form":
            continue
        seen.add(ref)
        yield from _fonts(xobject.get("/Resources"), seen)


@browser
def test_every_font_is_embedded(printed):
    for name, h in printed[0].items():
        reader = h.reader
        count = 0
        for page in reader.pages:
            for font in _fonts(page.get("/Resources"), set()):
                count += 1
                if font.get("/Subtype") == "/Type0":
                    font = font["/DescendantFonts"][0].get_object()
                descriptor = font.get("/FontDescriptor")
                assert descriptor is not None, f"{name}: font {font.get('/BaseFont')} has no descriptor (Type3?)"
                descriptor = descriptor.get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                    f"{name}: font {font.get('/BaseFont')} is not embedded"
        assert count, f"{name}: no fonts found"


@browser
def test_title_date_and_key_points_are_printed(printed):
    for name, h in printed[0].items():
        part = h.part
        text = h.text
        assert part.title in text, name
        assert "Accurate as of 6 December 2026" in text, name
        assert "Key points" in text and "Learning objectives" in text, name
        points = plain(part.key_points)
        assert points, f"{name}: no key points read from the notebook"
        for point in points:
            assert point in text, f"{name}: key point missing: {point[:80]}"
        for objective in plain(part.objectives):
            assert objective in text, f"{name}: objective missing: {objective[:80]}"


@browser
def test_figures_are_printed(printed):
    with_figures = 0
    for name, h in printed[0].items():
        part, budget = h.part, h.budget
        drawn = part.figures[:budget[0]]
        if not part.figures:
            continue
        with_figures += 1
        assert drawn, f"{name}: its figures were all cut to fit"
        text = h.text
        for spec in drawn:
            title = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", handouts.figure_title(spec))).split())
            assert title and title in text, f"{name}: figure {title!r} not in the PDF"
    assert with_figures == 9  # every notebook but 00 and 10


@browser
def test_glossary_and_references_are_printed(printed):
    for name, h in printed[0].items():
        part, budget = h.part, h.budget
        text = h.text
        if part.terms:
            assert "Glossary" in text and f"{part.terms[0]['term']} " in text, name
        if part.sources:
            assert "References" in text, name
            first = part.sources[0]
            assert " ".join(first["title"].split()) in text, name
            if len(part.sources) > budget[1]:
                assert f"and {len(part.sources) - budget[1]} more references in the notebook" in text, name


@browser
def test_no_internal_ids_on_the_page(printed):
    from helpers.data import load_sources

    ids = set(load_sources()["source_id"])
    for name, h in printed[0].items():
        text = h.text
        squeezed = re.sub(r"\s+", "", text)  # ids split over lines
        assert not re.search(r"\b(hf-nav|seed|rcgp-tg|rcgp-curriculum)-[a-z0-9]", text), name
        found = sorted(i for i in ids if f"[{i}]" in squeezed or f" {i} " in f" {text} ")
        assert not found, f"{name}: source ids printed: {found[:5]}"


@browser
def test_no_network_request_was_attempted(printed):
    _, blocked, took = printed
    assert blocked == []
    assert took < 300, f"printing all handouts took {took:.0f} s"


@browser
def test_a_page_that_reaches_for_the_network_fails(printer, tmp_path):
    page = tmp_path / "probe.html"
    page.write_text('<!DOCTYPE html><html><body><img src="https://example.org/x.png">'
                    "<script>window.jucDrawn=true;</script></body></html>")
    before = len(printer.blocked)
    with pytest.raises(handouts.NetworkRequestBlocked):
        printer.pdf(page)
    assert printer.blocked[before:] == ["https://example.org/x.png"]
    del printer.blocked[before:]


# -- without a browser -------------------------------------------------------------------

def test_glossary_terms_match_acronyms_exactly_and_words_in_any_case():
    rows = handouts.glossary_terms("The pcn met. An Integrated Care Board and a CCG. Place matters.")
    terms = [r["term"] for r in rows]
    assert "CCG" in terms and "ICB" in terms and "place" in terms
    assert "PCN" not in terms  # "pcn" is not the acronym


def test_terms_printed_on_the_handout_come_first():
    rows = handouts.glossary_terms("CCG then ICB", printed="ICB")
    assert [r["term"] for r in rows][:2] == ["ICB", "CCG"]


def test_references_show_no_ids_and_say_how_many_more():
    from helpers.data import load_sources

    rows = [dict(r, source_id=r["source_id"]) for r in load_sources().head(5).to_dict("records")]
    block = handouts.references_html(rows, 3)
    assert block.count("<li>") == 3 and "and 2 more references in the notebook" in block
    assert not any(r["source_id"] in block for r in rows)


def test_links_between_notebooks_become_text():
    assert "href" not in handouts.markdown_html("See [the CCGs](03_ccgs.ipynb#x).")
    assert "&lt;b&gt;" in handouts.markdown_html("<b>raw</b>")


def test_sections_are_read_from_the_notebook():
    import nbformat

    nb = nbformat.read(export.notebooks(["03"])[0], as_version=4)
    assert handouts.section_markdown(nb, "Key points").startswith("- The Health and Social Care Act 2012")
    objectives = handouts.section_markdown(nb, "Learning objectives", drop=("table below",))
    assert objectives.startswith("By the end") and "curriculum.csv" not in objectives
    assert len(handouts.reference_ids(nb)) == 41


def test_every_chosen_figure_exists():
    import nbformat

    for path in export.notebooks():
        figures = handouts.stored_figures(nbformat.read(path, as_version=4))
        for i in handouts.FIGURES.get(path.name[:2], ()):
            assert i < len(figures), f"{path.name}: FIGURES asks for figure {i} of {len(figures)}"


def test_the_patch_handout_prints_the_map_and_the_pcn_sizes():
    """08's figures are all widgets' fixed views now (lineage, map, PCN sizes: no static copies),
    in that order; the handout prints the map and the PCN sizes, not the 1150 px lineage."""
    part = handouts.read_part(export.notebooks(["08"])[0])
    assert [handouts.figure_title(f) for f in part.figures] == [
        "CCGs into ICBs, 2021 to 2026 (the 2026 changes are provisional)", "PCN registered populations on 1 May 2022"]


def test_a_handout_can_be_made_of_chosen_sections_of_several_notebooks():
    """What a session-plan handout needs: several notebooks, chosen sections, one page."""
    pcns = handouts.read_part(export.notebooks(["05"])[0], sections=("What a PCN is, and is not",))
    assert pcns.sections[0][0] == "What a PCN is, and is not" and "PCN" in pcns.sections[0][1]
    assert [handouts.figure_title(f) for f in pcns.figures] == [
        "Who commissioned what: Primary care networks (2019-2022)",
        "Who commissioned what: 2013-2022 beside 2019-2022"]
    icss = handouts.read_part(export.notebooks(["06"])[0])
    page = handouts.handout_html([pcns, icss], (2, 5, 7), title="60-minute session")
    assert page.count("<h1>") == 3 and "60-minute session" in page
    assert page.count('class="plot"') == 2  # the figure budget is shared, in order
    with pytest.raises(KeyError):
        handouts.read_part(export.notebooks(["05"])[0], sections=("No such heading",))


@browser
def test_one_handout_per_session_plan_with_its_sections(printed):
    from helpers.publish import session

    assert sorted(PLANS) == ["60", "90"]
    for plan, (pdf, parts, _budget, reader, text) in PLANS.items():
        assert 1 <= len(reader.pages) <= handouts.MAX_PAGES, f"plan {plan}: {len(reader.pages)} pages"
        assert f"{plan}-minute session: {session.plan_title(plan)}" in text
        for p in parts:
            assert p.title in text, (plan, p.title)
        for step in session.steps(plan):  # each step, its sections and its question for the room
            for words in (step.title, step.prompt, *step.sections):
                assert " ".join(words.split()) in text, (plan, words)
        assert [p.file for p in parts[1:]] == list(dict.fromkeys(f"{s.notebook}.ipynb" for s in session.steps(plan)))


def test_a_plan_part_prints_its_figure_before_its_text():
    """In a session plan's handout the figure the room discussed comes first in its part, so that
    it can take the space left under the steps; a notebook's handout keeps its text first."""
    _title, parts = handouts.plan_parts("60")
    timeline = parts[1]
    assert timeline.file == "01_timeline.ipynb" and timeline.figures_first and timeline.figures
    body, plots = handouts.part_html(timeline, (1, 2, 3))
    assert len(plots) == 1 and body.index('class="plot"') < body.index("Key points")
    own, _ = handouts.part_html(dataclasses.replace(timeline, figures_first=False), (1, 2, 3))
    assert own.index("Key points") < own.index('class="plot"')


@browser
def test_the_60_minute_plan_handout_prints_the_timeline(printed):
    """The plan's figures come before its reference lists (PLAN_FLOOR): the 60-minute handout fits
    the timeline on its two pages, with its title, and each notebook keeps at least two references."""
    _pdf, parts, budget, reader, text = PLANS["60"]
    assert budget[0] >= 1 and budget[1] >= 2, budget
    title = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", handouts.figure_title(parts[1].figures[0]))).split())
    assert title in text and len(reader.pages) <= handouts.MAX_PAGES


@browser
def test_the_licence_lines_are_printed_under_official_data_figures(printed):
    patch = printed[0]["08_your_patch.ipynb"]
    assert patch.part.attribution and patch.budget[0] >= 1
    for line in patch.part.attribution:
        assert " ".join(line.split()) in patch.text, line
