"""Keyboard and contrast of the collection's widgets (helpers.a11y), in a real browser.

On the harness notebook (tests/browser/harness.py: the real QuizWidget, PcnSizeView and
WhereDoYouStand, with a plain RadioButtons and ToggleButtons beside them):

- in JupyterLab (and the presenter) a quiz's answers are chosen with the arrow keys and checked
  with Enter without leaving the widget (a plain RadioButtons loses the arrow key to the notebook, which moves to
  the next cell: that is what the quiz is protected from);
- the chosen toggle button's fill is at least 3:1 against the unchosen ones' (WCAG 1.4.11)
  and every toggle button says whether it is chosen (aria-pressed), in JupyterLab and in the
  presenter; the state follows a click.
"""

from __future__ import annotations

import re

import pytest

from . import harness

pytestmark = pytest.mark.browser

LAB = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
QUIZ = ".juc-a11y:has(.juc-keys)"


def luminance(rgb: str) -> float:
    """WCAG relative luminance of a computed colour ``rgb(r, g, b)`` / ``rgba(r, g, b, 1)``."""
    r, g, b = (int(x) / 255 for x in re.findall(r"[\d.]+", rgb)[:3])

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula():
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    assert contrast("rgb(189, 189, 189)", "rgb(238, 238, 238)") == pytest.approx(1.62, abs=0.01)
    assert contrast("rgb(0, 114, 178)", "rgba(255, 255, 255, 1)") == pytest.approx(5.1, abs=0.1)


@pytest.fixture(scope="module")
def lab_tab(browser, lab_server):
    from .conftest import guarded_context
    from .test_lab import open_and_run

    g = guarded_context(browser)
    page = g.context.new_page()
    open_and_run(page, lab_server, harness.A11Y_NAME, "a11y")
    page.wait_for_selector(f"{LAB} {QUIZ} .juc-keys[data-lm-suppress-shortcuts] input[type=radio]",
                           timeout=30_000)
    yield page, g
    g.context.close()


@pytest.fixture(scope="module")
def presenter_tab(browser, voila_server):
    from .conftest import guarded_context
    from .test_present import open_presenter

    g = guarded_context(browser)
    page = g.context.new_page()
    open_presenter(page, voila_server, harness.A11Y_NAME)
    page.wait_for_selector("#rendered_cells .juc-toggles .widget-toggle-button[aria-pressed]", timeout=30_000)
    yield page, g
    g.context.close()


ACTIVE_CELL_JS = f"""() => [...document.querySelectorAll('{LAB} .jp-Cell')]
    .findIndex(c => c.classList.contains('jp-mod-active'))"""
FOCUS_JS = """(sel) => { const a = document.activeElement; const radios = [...document.querySelectorAll(sel)];
  return {inside: radios.indexOf(a), checked: radios.findIndex(r => r.checked)}; }"""


def test_plain_radio_buttons_lose_the_arrow_key_to_the_notebook(lab_tab):
    """What JupyterLab does by itself: ArrowDown on a plain RadioButtons moves to the next cell."""
    page, g = lab_tab
    radios = f"{LAB} .widget-radio:not(.juc-keys) input[type=radio]"
    page.locator(radios).first.focus()
    cell = page.evaluate(ACTIVE_CELL_JS)
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.evaluate(ACTIVE_CELL_JS) == cell + 1, "JupyterLab no longer takes the arrow keys"
    assert page.evaluate(FOCUS_JS, radios) == {"inside": -1, "checked": -1}
    g.assert_no_external_requests()


def test_quiz_answer_by_arrow_keys_and_enter_in_jupyterlab(lab_tab):
    page, g = lab_tab
    radios = f"{LAB} {QUIZ} .juc-keys input[type=radio]"
    feedback = page.locator(f"{LAB} {QUIZ} .juc-feedback")
    assert feedback.count() == 0
    page.locator(radios).first.focus()
    cell = page.evaluate(ACTIVE_CELL_JS)
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUS_JS, radios) == {"inside": 1, "checked": 1}, "ArrowDown did not choose the second answer"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(FOCUS_JS, radios) == {"inside": 1, "checked": 1}
    assert page.evaluate(ACTIVE_CELL_JS) == cell, "the arrow keys moved to another cell"
    page.keyboard.press("Enter")
    feedback.wait_for(timeout=15_000)  # Check ran in the kernel with the second answer
    assert re.match(r"^(Right\.|Not quite\.)", feedback.inner_text().strip()), feedback.inner_text()
    assert page.evaluate(ACTIVE_CELL_JS) == cell
    assert page.evaluate(f"() => !document.querySelector('{LAB}').classList.contains('jp-mod-editMode')"), \
        "Enter opened the cell editor"
    assert page.evaluate(FOCUS_JS, radios)["inside"] == 1, "the focus left the answers"
    g.assert_no_external_requests()


def test_quiz_answer_by_arrow_keys_and_enter_in_the_presenter(presenter_tab):
    """Voila has no notebook shortcuts, but ipywidgets' radios share no name, so the browser
    alone would not move between them: the arrows and Enter work there too."""
    page, g = presenter_tab
    radios = f"#rendered_cells {QUIZ} .juc-keys input[type=radio]"
    feedback = page.locator(f"#rendered_cells {QUIZ} .juc-feedback")
    page.locator(radios).first.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate(FOCUS_JS, radios) == {"inside": 1, "checked": 1}, "ArrowDown did not choose the second answer"
    page.keyboard.press("Enter")
    feedback.wait_for(timeout=15_000)
    assert re.match(r"^(Right\.|Not quite\.)", feedback.inner_text().strip()), feedback.inner_text()
    assert page.evaluate(FOCUS_JS, radios)["inside"] == 1, "the focus left the answers"
    g.assert_no_external_requests()


TOGGLES_JS = """(scope) => [...document.querySelectorAll(scope + ' .widget-toggle-buttons')].map(group => ({
  marked: group.classList.contains('juc-toggles'),
  buttons: [...group.querySelectorAll('button.widget-toggle-button')].map(b => {
    const s = getComputedStyle(b);
    return {text: b.textContent.trim(), chosen: b.classList.contains('mod-active'),
            pressed: b.getAttribute('aria-pressed'), bg: s.backgroundColor, border: s.borderTopColor, fg: s.color};
  }),
}))"""


def toggle_problems(page, scope: str) -> tuple[list[str], list[float]]:
    """Every marked toggle group: chosen vs unchosen >= 3:1, text >= 4.5:1, aria-pressed right."""
    groups = page.evaluate(TOGGLES_JS, scope)
    marked = [g for g in groups if g["marked"]]
    assert len(marked) >= 2, f"{len(marked)} marked toggle groups on the page"
    problems, ratios = [], []
    for group in marked:
        chosen = [b for b in group["buttons"] if b["chosen"]]
        assert len(chosen) == 1, group
        c = chosen[0]
        for b in group["buttons"]:
            want = "true" if b["chosen"] else "false"
            if b["pressed"] != want:
                problems.append(f"{b['text']!r}: aria-pressed={b['pressed']!r}, want {want!r}")
            if contrast(b["fg"], b["bg"]) < 4.5:
                problems.append(f"{b['text']!r}: text {b['fg']} on {b['bg']} below 4.5:1")
            if not b["chosen"]:
                ratio = contrast(c["bg"], b["bg"])  # the state is the fill (borders: printed below)
                ratios.append(ratio)
                if ratio < 3:
                    problems.append(f"chosen {c['text']!r} ({c['bg']}, border {c['border']}) vs {b['text']!r} "
                                    f"({b['bg']}, border {b['border']}): {ratio:.2f}:1")
    plain = [g for g in groups if not g["marked"]]
    for group in plain:  # what ipywidgets does by itself, for the record
        c = next(b for b in group["buttons"] if b["chosen"])
        print("plain ToggleButtons: chosen vs unchosen",
              [f"{contrast(c['bg'], b['bg']):.2f}:1" for b in group["buttons"] if not b["chosen"]])
    return problems, ratios


def check_toggles(page, scope: str, route: str) -> None:
    problems, ratios = toggle_problems(page, scope)
    print(f"{route}: chosen vs unchosen toggles, lowest {min(ratios):.2f}:1 over {len(ratios)} pairs")
    assert not problems, "\n".join(problems)
    # the state follows a change: choose another date
    other = page.locator(f"{scope} .juc-toggles button.widget-toggle-button:not(.mod-active)").first
    text = other.inner_text().strip()
    other.click()
    page.wait_for_function(
        """([scope, text]) => [...document.querySelectorAll(scope + ' .juc-toggles button.widget-toggle-button')]
             .some(b => b.textContent.trim() === text && b.classList.contains('mod-active')
                        && b.getAttribute('aria-pressed') === 'true')""", arg=[scope, text], timeout=10_000)
    problems, _ = toggle_problems(page, scope)
    assert not problems, "after a click:\n" + "\n".join(problems)


def test_toggle_buttons_chosen_contrast_and_aria_pressed_in_jupyterlab(lab_tab):
    page, g = lab_tab
    check_toggles(page, LAB, "jupyterlab")
    g.assert_no_external_requests()


def test_toggle_buttons_chosen_contrast_and_aria_pressed_in_the_presenter(presenter_tab):
    page, g = presenter_tab
    check_toggles(page, "#rendered_cells", "voila")
    g.assert_no_external_requests()
