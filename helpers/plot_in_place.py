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
