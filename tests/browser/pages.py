"""What the browser tests look for on a page, shared by the JupyterLab and Voilà routes.

Plain functions over a Playwright page: what the committed notebook says should appear,
what rendered (errors, plotly figures with data, widgets), and one interaction measured
in the page from the change event to the redrawn output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from helpers import style
from helpers.publish import nbtools

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = nbtools.WIDGET_MIME


# ---------------------------------------------------------------- what should appear

@dataclass(frozen=True)
class Expected:
    figures: int  # stored plotly outputs (static figures)
    widgets: int  # widget views (stored as the text note)


def expected(path: Path) -> Expected:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    figures = widgets = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            compact = style.COMPACT_PLOTLY_MIME in data  # a widget whose fixed view is a figure (the maps)
            figures += PLOTLY_MIME in data or compact
            widgets += data.get("text/plain") == nbtools.WIDGET_NOTE or WIDGET_MIME in data
    return Expected(figures, widgets)


# ---------------------------------------------------------------- what rendered

REPORT_JS = r"""
(scopeSel) => {
  const scope = document.querySelector(scopeSel);
  if (!scope) return null;
  const plots = [...scope.querySelectorAll('.js-plotly-plot')].map(gd => ({
    traces: (gd.data || []).length,
    drawn: gd.querySelectorAll('.main-svg .trace, .main-svg .slice, .main-svg .sankey-node, .main-svg g.sankey, .main-svg .cartesianlayer .point, .main-svg .barlayer .point').length,
    title: (gd.querySelector('.gtitle') || {}).textContent || '',
    width: gd.getBoundingClientRect().width,
  }));
  const outputsAll = [...scope.querySelectorAll('.jp-OutputArea-output')].filter(o => !o.parentElement.closest('.jupyter-widgets'));
  const views = outputsAll.filter(o => [...o.children].some(c => c.classList.contains('jupyter-widgets')));
  const widgetText = outputsAll.map(v => v.textContent);
  const errors = [...scope.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"], .jp-OutputArea-output.jp-mod-error')]
      .map(e => e.textContent.slice(0, 600));
  const outputs = [...scope.querySelectorAll('.jp-OutputArea-output')];
  const reprs = outputs.map(o => o.textContent.trim())
      .filter(t => /^(VBox|HBox|Box|Dropdown|Output|Tab|Accordion|GridBox|FigureWidget|Select\w*|ToggleButtons|RadioButtons|Button|HTML|Text|Combobox)\(/.test(t))
      .map(t => t.slice(0, 200));
  return {
    plots,
    widgetViews: views.length,
    widgetViewsRendered: views.filter(v => v.querySelector('select, input, button, .widget-html, .widget-label, .js-plotly-plot, .jp-OutputArea-output')).length,
    widgetErrors: widgetText.filter(t => /Error displaying widget|Model not found|Failed to load model|Error creating view/i.test(t)).map(t => t.slice(0, 300)),
    errors,
    reprs,
    prompts: [...scope.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim()),
  };
}
"""


ALL_DRAWN_JS = r"""
(scopeSel) => {
  const scope = document.querySelector(scopeSel);
  if (!scope) return false;
  const plotsDrawn = [...scope.querySelectorAll('.js-plotly-plot')].every(gd => gd._fullLayout && gd.querySelector('.main-svg'));
  return plotsDrawn;
}
"""


COUNTS_REACHED_JS = r"""
([scopeSel, figures, widgets]) => {
  const scope = document.querySelector(scopeSel);
  if (!scope) return false;
  const outputs = [...scope.querySelectorAll('.jp-OutputArea-output')].filter(o => !o.parentElement.closest('.jupyter-widgets'));
  const views = outputs.filter(o => [...o.children].some(c => c.classList.contains('jupyter-widgets'))).length;
  const failed = outputs.some(o => /Error displaying widget|Model not found|Failed to load model/i.test(o.textContent));
  return failed || (scope.querySelectorAll('.js-plotly-plot').length >= figures && views >= widgets);
}
"""


def report(page, scope: str) -> dict:
    return page.evaluate(REPORT_JS, scope)


def problems(rep: dict, want: Expected) -> list[str]:
    """What a trainee would see wrong on the page."""
    out = []
    if rep is None:
        return ["the notebook did not render"]
    out += [f"an output shows an error: {e!r}" for e in rep["errors"]]
    out += [f"a widget shows as text instead of a widget: {r!r}" for r in rep["reprs"]]
    out += [f"a widget failed to display: {e!r}" for e in rep["widgetErrors"]]
    if len(rep["plots"]) < want.figures:
        out.append(f"{want.figures} plotly figures expected, {len(rep['plots'])} rendered")
    for i, p in enumerate(rep["plots"]):
        if p["traces"] == 0 or p["drawn"] == 0:
            out.append(f"plotly figure {i} ({p['title']!r}) has no drawn data "
                       f"({p['traces']} traces, {p['drawn']} drawn elements)")
    if rep["widgetViews"] < want.widgets:
        out.append(f"{want.widgets} widgets expected, {rep['widgetViews']} widget views on the page")
    if rep["widgetViewsRendered"] < rep["widgetViews"]:
        out.append(f"{rep['widgetViews'] - rep['widgetViewsRendered']} widget views have no rendered controls")
    return out


# ---------------------------------------------------------------- interactions

@dataclass(frozen=True)
class Interaction:
    """One thing a trainee does in a notebook, which must change what is shown.

    control: "select" (dropdown or single select), "toggle" (toggle buttons: the next one),
    "switch" (a single toggle button, pressed on and off), "radio", "text" (type ``text``),
    "checkbox", or "any" (the first of those found, in that order).
    label: a regular expression the control's label (its description) must match; None takes
    the first control of that kind on the page.
    then_click: a regular expression for a button in the same widget to press when the change
    alone shows nothing (a quiz's "Check" button).
    """

    what: str
    control: str = "any"
    label: str | None = None
    text: str = "NHS"
    then_click: str | None = None


SELECTORS = {
    "select": ".widget-dropdown select, .widget-select select:not([multiple])",
    "toggle": ".widget-toggle-buttons button.widget-toggle-button:not(.mod-active)",
    "switch": "button.widget-toggle-button:not(.widget-toggle-buttons button)",
    "radio": ".widget-radio-box input[type=radio]:not(:checked)",
    "text": ".widget-text input[type=text], .widget-combobox input",
    "checkbox": ".widget-checkbox input[type=checkbox]",
}
ORDER = ("select", "toggle", "switch", "radio", "text", "checkbox")

LABEL_JS = r"""
(el) => {
  let n = el;
  for (let i = 0; i < 6 && n; i++, n = n.parentElement) {
    const lab = n.querySelector(':scope > .widget-label, :scope > label.widget-label');
    if (lab && lab.textContent.trim()) return lab.textContent.trim();
  }
  return el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent.trim() || '';
}
"""

# Waits in the page for the output to change after the next user event (change, input,
# click or key) inside the scope. The output counts as redrawn when its text or its plotly
# figures differ from before (what they hold, or which of them can be seen), every figure in the scope is drawn, and nothing has changed
# for quietMs (so a table that updates before its figure does not stop the clock early).
# Resolves with the milliseconds from the event to the first animation frame after the
# last change, and whether a figure changed; or null after timeoutMs.
ARM_JS = r"""
([scopeSel, timeoutMs, quietMs]) => {
  const scope = document.querySelector(scopeSel);
  const areas = () => [...scope.querySelectorAll('.jp-OutputArea')];
  const plotSig = () => [...scope.querySelectorAll('.js-plotly-plot')].map(gd =>
      JSON.stringify((gd.data || []).map(t => [t.type, t.name, t.visible, (t.x || []).length, (t.y || []).length,
        (t.labels || (t.node && t.node.label) || []).length, String(t.x && t.x[0]), String(t.y && t.y[0])]))
      + JSON.stringify((gd.layout && gd.layout.title) || '') + '#' + (gd.querySelectorAll('.main-svg .point, .main-svg .trace').length)
      + '#' + getComputedStyle(gd).visibility).join('|');  // a choice may show another drawn plot (PlotViews)
  const textSig = () => areas().map(a => a.textContent).join('\u0001');
  const ready = () => [...scope.querySelectorAll('.js-plotly-plot')].every(gd =>
      gd._fullLayout && gd.querySelector('.main-svg') && (!(gd.data || []).length ||
      gd.querySelector('.main-svg .trace, .main-svg .slice, .main-svg g.sankey, .main-svg .point')));
  const before = {text: textSig(), plots: plotSig()};
  const st = window.__juc = {t0: null, tPaint: null, last: before.text + '\u0002' + before.plots, figure: false};
  const mark = () => { if (st.t0 === null) st.t0 = performance.now(); };
  const evs = ['change', 'input', 'click', 'keydown'];
  for (const ev of evs) scope.addEventListener(ev, mark, {capture: true});
  st.promise = new Promise(resolve => {
    let obs = null, quiet = null, done = false;
    const finish = (val) => {
      if (done) return; done = true;
      if (obs) obs.disconnect(); clearTimeout(quiet);
      for (const ev of evs) scope.removeEventListener(ev, mark, {capture: true});
      resolve(val);
    };
    const settle = () => {
      const now = {text: textSig(), plots: plotSig()};
      if ((now.text !== before.text || now.plots !== before.plots) && ready() && st.tPaint !== null) {
        finish({ms: st.tPaint - st.t0, kind: now.plots !== before.plots ? 'figure' : 'text'});
      }
    };
    const check = () => {
      if (st.t0 === null) return;
      const t = textSig(), p = plotSig(), sig = t + '\u0002' + p;
      if (sig !== st.last) {
        st.last = sig; st.tPaint = null;
        requestAnimationFrame(() => { if (st.last === sig) st.tPaint = performance.now(); });
      }
      clearTimeout(quiet);
      quiet = setTimeout(settle, quietMs);
    };
    obs = new MutationObserver(check);
    obs.observe(scope, {subtree: true, childList: true, characterData: true, attributes: true});
    setTimeout(() => finish(null), timeoutMs);
  });
  return true;
}
"""


def arm(page, scope: str, timeout_ms: int = 15000, quiet_ms: int = 400) -> None:
    page.evaluate(ARM_JS, [scope, timeout_ms, quiet_ms])


def outcome(page) -> dict | None:
    return page.evaluate("() => window.__juc.promise")


def find_control(page, scope: str, inter: Interaction):
    """(kind, locator, label) of the first visible, enabled control the interaction names, or None."""
    kinds = ORDER if inter.control == "any" else (inter.control,)
    for kind in kinds:
        loc = page.locator(f"{scope} {SELECTORS[kind]}")
        for i in range(loc.count()):
            el = loc.nth(i)
            if not el.is_visible() or el.is_disabled():
                continue
            label = el.evaluate(LABEL_JS)
            if inter.label is None or re.search(inter.label, label, re.I):
                return kind, el, label
    return None


def operate(kind: str, el, inter: Interaction, step: int = 1) -> None:
    if kind == "select":
        n = el.evaluate("s => s.options.length")
        cur = el.evaluate("s => s.selectedIndex")
        el.select_option(index=(cur + step) % n)
    elif kind == "text":
        el.fill(inter.text)
        el.press("Enter")
    elif kind == "checkbox":
        el.click()
    else:
        el.click()


def perform(page, scope: str, inter: Interaction) -> dict:
    """Do the interaction once; return what changed and how long it took."""
    found = find_control(page, scope, inter)
    if found is None:
        return {"ok": False, "why": f"no {inter.control} control labelled /{inter.label}/ "
                                    f"on the page to {inter.what}"}
    kind, el, label = found
    el.scroll_into_view_if_needed()
    arm(page, scope, 1500 if inter.then_click else 15000)
    operate(kind, el, inter)
    result = outcome(page)
    clicked = None
    if result is None and inter.then_click:
        # the button in the same widget (the top-level widget view holding the control)
        el.evaluate("e => { document.querySelectorAll('[data-juc-widget]').forEach(x => x.removeAttribute('data-juc-widget'));"
                    " let top = e.closest('.jupyter-widgets'); let up;"
                    " while (top && (up = top.parentElement && top.parentElement.closest('.jupyter-widgets'))) top = up;"
                    " top.setAttribute('data-juc-widget', '1'); }")
        buttons = page.locator(f"{scope} [data-juc-widget] button.jupyter-button")
        for i in range(buttons.count()):
            b = buttons.nth(i)
            if b.is_visible() and re.search(inter.then_click, b.inner_text().strip(), re.I):
                arm(page, scope)
                b.click()
                clicked = b.inner_text().strip()
                result = outcome(page)
                break
    return {"ok": result is not None, "kind": kind, "label": label, "clicked": clicked,
            "ms": result and result["ms"], "changed": result and result["kind"], "element": el,
            "why": None if result else (f"changing the {kind} {label!r}"
                                        + (f" and pressing {clicked!r}" if clicked else "")
                                        + " changed nothing on the page")}


#: Controls whose change is repeated and timed (a select steps on and back; a toggle's locator is
#: the n-th button not pressed, so each click presses another button of the same group; a switch
#: is pressed on and off).
REPEATED = ("select", "toggle", "switch")


def time_changes(page, scope: str, el, kind: str, inter: Interaction, n: int = 8) -> list[float]:
    """Repeat a select, toggle or switch change n times; milliseconds to the redraw for each."""
    ms = []
    for i in range(n):
        arm(page, scope)
        if kind == "select":
            operate(kind, el, inter, step=1 if i % 2 == 0 else -1)
        else:
            el.click()
        r = outcome(page)
        assert r is not None, f"change {i + 1} of the {kind} redrew nothing"
        ms.append(r["ms"])
    return ms


def check_notebook(page, scope: str, path, interactions, route: str, browser_version: str,
                   repeats: int = 4) -> dict:
    """Check what rendered, perform each interaction (timing it), check again; list problems."""
    from . import artifacts

    want = expected(path)
    found = problems(report(page, scope), want)
    done_all = []
    for inter in interactions or ():
        done = perform(page, scope, inter)
        done_all.append(done)
        if not done["ok"]:
            found.append(f"interaction '{inter.what}': {done['why']}")
            continue
        how = f"{done['kind']} {done['label']!r}" + (f", then {done['clicked']!r}" if done["clicked"] else "")
        print(f"{path.name}: {inter.what}: {how} -> {done['changed']} changed in {done['ms']:.0f} ms")
        ms = [done["ms"]]
        if done["kind"] in REPEATED and repeats:
            ms += time_changes(page, scope, done["element"], done["kind"], inter, n=repeats)
        artifacts.record_timing(route, path.name, inter.what, f"{how} -> redrawn {done['changed']}",
                                ms, browser_version)
    if interactions:
        found += [f"after the interactions: {p}" for p in problems(report(page, scope), want)]
    found += outward_buttons(page, scope)
    return {"problems": found, "interactions": done_all}


#: plotly modebar buttons that reach outside the computer (Plotly Cloud, Chart Studio).
OUTWARD_BUTTONS = ".modebar-btn[data-attr='sendChartToCloud'], .modebar-btn[data-title^='Share chart'], " \
                  ".modebar-btn[data-title*='Chart Studio']"


def outward_buttons(page, scope: str) -> list[str]:
    """A figure must offer no button that uploads it; plotly draws modebars for every figure."""
    bars = page.locator(f"{scope} .modebar").count()
    n = page.locator(f"{scope} {OUTWARD_BUTTONS.replace(', ', f', {scope} ')}").count()
    return [f"{n} modebar button(s) reach outside the computer (Share chart / Chart Studio) in {bars} modebars"] if n else []


def keyboard_operates(page, scope: str, control: str, open_keys=(), choose_keys=("ArrowDown",),
                      max_tabs: int = 120) -> dict:
    """Press Tab until a control matching ``control`` has the focus, then operate it with keys.

    Asserts that the control is reached, that the output changes (measured like a click) and
    that the focus stays on the control. Returns the measurement.
    """
    for presses in range(1, max_tabs + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => !!(document.activeElement && document.activeElement.matches(sel))",
                         f"{scope} {control}"):
            break
    else:
        raise AssertionError(f"{control} was not reached with {max_tabs} presses of Tab")
    arm(page, scope)
    for key in [*open_keys, *choose_keys]:
        page.keyboard.press(key)
    result = outcome(page)
    assert result is not None, f"operating {control} with {[*open_keys, *choose_keys]} changed nothing"
    assert page.evaluate("(sel) => document.activeElement.matches(sel)", f"{scope} {control}"), \
        "the focus left the control after it was operated"
    print(f"keyboard: reached {control} with {presses} Tab presses; "
          f"{' '.join([*open_keys, *choose_keys])} redrew the {result['kind']} in {result['ms']:.0f} ms")
    return {"tabs": presses, **result}
