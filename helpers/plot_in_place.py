"""One plotly figure in an ``Output`` widget, drawn once and then changed where it is drawn.

Replacing an ``Output``'s figure makes the page build a new plot: JupyterLab's plotly renderer
(jupyterlab-plotly) creates the graph from nothing and then renders a PNG snapshot of it
(``Plotly.toImage``) to keep in the output, which takes about as long again. With several
panels or hundreds of markers that was 0.5 to 2 s per change in the browser (the counts
log-scale switch in 01, the timeline filter, notebook 08's views).

:class:`PlotInPlace` sends the figure once. A later view goes to the page as a short script
(an ``application/javascript`` output in a second, hidden ``Output``) that hands the new
figure to ``Plotly.react`` on the plot already drawn: plotly changes what differs, in place,
and no snapshot is taken. The script waits (up to about 5 s of animation frames) for the plot
to be drawn, so it also works when the page is still rendering.

What the page shows is kept in Python (:attr:`PlotInPlace.shown`) for tests and fixed views;
the figure ``Output``'s own ``outputs`` keep the first view, the one drawn. A view that is not
a figure (an empty result) clears the plot; the next figure is drawn afresh.

Some changes cost plotly as much as a new plot even in place: an axis switched between linear
and log scale recalculates every panel (the counts figure of 01: 135 to 300 ms for
``Plotly.react`` in headless chromium, against 160 ms for a new plot). Where a view has only a
few states, :class:`PlotViews` draws each once as the page opens, one over the other, and a
choice only makes one visible.
"""

from __future__ import annotations

import json
import uuid

MIME = "application/vnd.plotly.v1+json"

#: The page's side: find the plot under the widget's class and ``Plotly.react`` it to ``spec``.
REACT_JS = r"""(function (uid, spec) {
  let tries = 300;
  const run = () => {
    const gd = document.querySelector('.' + uid + ' .js-plotly-plot');
    if (!gd || !gd._fullLayout || !window.Plotly) {
      if (tries-- > 0) requestAnimationFrame(run);
      return;
    }
    window.Plotly.react(gd, spec.data, spec.layout, Object.assign({}, gd._context, spec.config || {}));
  };
  run();
})"""


def react_script(uid: str, spec: dict) -> str:
    """The script that changes the plot under class ``uid`` to plotly figure ``spec``."""
    payload = json.dumps({k: spec.get(k) for k in ("data", "layout", "config") if k in spec},
                         separators=(",", ":"))
    return f"{REACT_JS}({json.dumps(uid)},{payload});"


class PageScript:
    """A hidden ``Output`` that runs a script in the page, and a class of its own (``uid``) for the
    widget the script changes: two kernels' widgets on one page never change each other's plots.
    Used by :class:`PlotInPlace` and by notebook 08's map (its find outlines an ICB in place)."""

    def __init__(self, prefix: str = "juc-plot"):
        import ipywidgets as w

        self.out = w.Output(layout=w.Layout(display="none"))
        self.uid = f"{prefix}-{uuid.uuid4().hex[:12]}"

    def mark(self, widget):
        """Give ``widget`` the class that the scripts look for; returns it."""
        widget.add_class(self.uid)
        return widget

    def run(self, js: str) -> None:
        """Run ``js`` in the page (once: the output is replaced by the next script)."""
        self.out.outputs = ({"output_type": "display_data", "metadata": {},
                             "data": {"application/javascript": js, "text/plain": ""}},)

    def clear(self) -> None:
        self.out.outputs = ()


class PlotInPlace:
    """Shows bundles (plotly JSON and a text line) in ``out``: the first drawn, the rest by ``Plotly.react``.

    ``widget`` is what to put on the page: ``out`` and the hidden script output, in a box with
    a class of its own (two kernels' widgets on one page never change each other's plots).
    """

    def __init__(self, out=None):
        import ipywidgets as w

        self.out = out if out is not None else w.Output()
        self.page = PageScript()
        self.script, self.uid = self.page.out, self.page.uid
        self.widget = self.page.mark(w.VBox([self.out, self.script], layout=w.Layout(width="100%")))
        self.shown: dict = {}  # the bundle on screen ({} for none)
        self.drawn = False  # a plot is on the page (a later figure is sent by script)

    def show(self, bundle: dict) -> None:
        """Make the page show ``bundle``: an empty one clears it; a figure is drawn or reacted to."""
        bundle = dict(bundle)
        if MIME not in bundle or not self.drawn:  # not a figure, or none drawn yet: write the output
            self.out.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},) if bundle else ()
            self.page.clear()
            self.drawn = MIME in bundle
        elif bundle != self.shown:
            self.page.run(react_script(self.uid, bundle[MIME]))
        self.shown = bundle


#: The class of a view :class:`PlotViews` is not showing, and its style sheet: in the same place
#: as the one shown (one grid cell), laid out at the same width, but unseen, not reachable by Tab
#: and not read aloud. A class, not the widget's ``layout``: ipywidgets sends a resize to every
#: plot inside a widget whose layout changes, and plotly then redraws each of them (300 ms for
#: the counts plot, measured), the hidden one too.
AWAY = "juc-view-away"
AWAY_CSS = f"<style>.{AWAY} {{ visibility: hidden !important; pointer-events: none; }}</style>"


class PlotViews:
    """A few fixed views (plotly bundles), each drawn once in its own ``Output`` when the page
    opens; :meth:`show` makes one visible and hides the one before it: no plot is drawn again.

    The outputs share one grid cell (the box is as tall as the tallest), so a switch moves
    nothing else on the page. ``widget`` is what to put on the page; it carries a class of its
    own (``uid``), like :class:`PlotInPlace`'s, and the style sheet for :data:`AWAY`.
    """

    def __init__(self, bundles: dict, shown):
        import ipywidgets as w

        if shown not in bundles:
            raise KeyError(f"PlotViews: {shown!r} is not one of the views {list(bundles)}")
        self.bundles = {key: dict(b) for key, b in bundles.items()}
        self.outs = {}
        for key, bundle in self.bundles.items():
            out = w.Output(layout=w.Layout(grid_area="1 / 1", min_width="0"))
            if key != shown:
                out.add_class(AWAY)
            out.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)
            self.outs[key] = out
        self.key = shown
        self.uid = f"juc-plot-{uuid.uuid4().hex[:12]}"
        css = w.Output(layout=w.Layout(display="none"))
        css.outputs = ({"output_type": "display_data", "metadata": {},
                        "data": {"text/html": AWAY_CSS, "text/plain": ""}},)
        grid = w.GridBox(list(self.outs.values()),
                         layout=w.Layout(width="100%", grid_template_columns="minmax(0, 1fr)"))
        self.widget = w.VBox([css, grid], layout=w.Layout(width="100%"))
        self.widget.add_class(self.uid)

    @property
    def out(self):
        """The ``Output`` shown."""
        return self.outs[self.key]

    @property
    def shown(self) -> dict:
        """The bundle on screen."""
        return self.bundles[self.key]

    def seen(self, key) -> bool:
        """Whether view ``key`` is the one the page shows."""
        return AWAY not in self.outs[key]._dom_classes

    def show(self, key) -> None:
        """Make view ``key`` the one seen (the new one first, so the page never shows none)."""
        if key not in self.outs:
            raise KeyError(f"PlotViews: {key!r} is not one of the views {list(self.outs)}")
        if key == self.key:
            return
        self.outs[key].remove_class(AWAY)
        self.outs[self.key].add_class(AWAY)
        self.key = key
