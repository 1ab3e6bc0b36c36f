"""Figures changed in place (helpers.plot_in_place) show the view the kernel chose.

The explorer and the counts view of notebook 01 draw their figure once; a later view reaches
the page as a ``Plotly.react`` script; the counts view draws both scales and shows one. In the
presenter, after a change, the plot on the page must hold exactly the events the Python explorer
matches for the same era, and every panel of the counts plot that can be seen must be on the
scale the switch shows, there and back.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from helpers import timeline

from .conftest import guarded_context
from .test_present import SCOPE, open_presenter

pytestmark = pytest.mark.browser

#: The events on the explorer's plot (its traces marked meta "events"), sorted.
PLOTTED_EVENTS_JS = r"""
() => {
  const gd = [...document.querySelectorAll('#rendered_cells [class*=juc-plot-] .js-plotly-plot')]
    .find(g => (g.data || []).some(t => t.meta === 'events'));
  if (!gd) return null;
  return gd.data.filter(t => t.meta === 'events').flatMap(t => [...(t.customdata || [])]).sort();
}
"""

#: The y-axis types of the counts plot that can be seen (the plot with several y axes and a
#: "Number" title; both scales are drawn, one of them hidden).
COUNT_AXES_JS = r"""
() => {
  const gd = [...document.querySelectorAll('#rendered_cells [class*=juc-plot-] .js-plotly-plot')]
    .find(g => g.layout && g.layout.yaxis2 && /Number/.test(JSON.stringify(g.layout.yaxis.title || ''))
               && getComputedStyle(g).visibility === 'visible');
  if (!gd) return null;
  return Object.keys(gd.layout).filter(k => /^yaxis\d*$/.test(k)).map(k => gd._fullLayout[k].type);
}
"""


def _wait_for(page, js: str, want, timeout_ms: int = 15_000):
    page.wait_for_function(f"want => JSON.stringify(({js})()) === JSON.stringify(want)", arg=want,
                           timeout=timeout_ms)


@contextmanager
def presented(voila_server, browser, notebook: str):
    """A notebook open in the presenter, in a context that fails on any request beyond 127.0.0.1."""
    g = guarded_context(browser)
    page = g.context.new_page()
    try:
        open_presenter(page, voila_server, notebook)
        yield page
        g.assert_no_external_requests()
    finally:
        g.context.close()


def test_the_timeline_and_counts_plots_show_the_view_chosen(voila_server, browser):
    with presented(voila_server, browser, "01_timeline.ipynb") as page:
        explorer = timeline.TimelineExplorer()
        # the widgets render after the page shows: wait for the opening view, every event
        _wait_for(page, PLOTTED_EVENTS_JS, sorted(explorer.matches["event_id"]), 30_000)
        era = page.locator(f"{SCOPE} .widget-dropdown", has_text="Era:").locator("select")
        for label, value in list(explorer.era.options)[1:3]:
            explorer.era.value = value
            era.select_option(label=label)
            _wait_for(page, PLOTTED_EVENTS_JS, sorted(explorer.matches["event_id"]))

        page.wait_for_function(f"() => ({COUNT_AXES_JS})() !== null", timeout=30_000)
        axes = page.evaluate(COUNT_AXES_JS)
        assert axes and set(axes) == {"linear"}, axes
        switch = page.locator(f"{SCOPE} button", has_text="Log scale")
        switch.click()
        _wait_for(page, COUNT_AXES_JS, ["log"] * len(axes))
        switch.click()
        _wait_for(page, COUNT_AXES_JS, ["linear"] * len(axes))


#: The groups whose voices can be seen on 07's position map (traces with a group as meta).
MAP_GROUPS_JS = r"""
() => {
  const gd = [...document.querySelectorAll('#rendered_cells [class*=juc-plot-] .js-plotly-plot')]
    .find(g => g.layout && /Where decisions should sit/.test(JSON.stringify(g.layout.xaxis.title || '')));
  if (!gd) return null;
  return gd._fullData.filter(t => t.visible === true).map(t => t.meta).sort();
}
"""


def test_the_position_map_shows_the_group_chosen(voila_server, browser):
    from helpers import arguments

    with presented(voila_server, browser, "07_stakeholder_arguments.ipynb") as page:
        voices = arguments.PositionMap()
        groups = sorted(t.meta for t in voices.figure.data)
        _wait_for(page, MAP_GROUPS_JS, groups, 30_000)
        # the map's own menu: in the box that holds the map's plot
        menu = page.locator(f"{SCOPE} .widget-vbox:has(> [class*=juc-plot-] .js-plotly-plot)",
                            has_text="Group:").last.locator(".widget-dropdown select")
        for label, value in list(voices.group.options)[1:3]:
            menu.select_option(label=label)
            _wait_for(page, MAP_GROUPS_JS, [value])
        menu.select_option(label="All groups")
        _wait_for(page, MAP_GROUPS_JS, groups)
