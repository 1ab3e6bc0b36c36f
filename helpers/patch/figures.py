"""A widget that shows one figure and redraws it in place (shared by the lineage and PCN views)."""

from __future__ import annotations

from ..display import ShownOnce


def _figure_bundle(fig) -> dict:
    """The output bundle :func:`helpers.style.display_figure` sends: plotly JSON plus a text line."""
    from .. import style

    return style.figure_bundle(fig)


class _OneFigure(ShownOnce):
    """Shared display logic: the controls, then one figure, drawn once and changed in place
    (:class:`helpers.plot_in_place.PlotInPlace`: a subclass makes ``self.plot``).

    The widget's output carries its fixed view (:class:`~helpers.display.ShownOnce`): the
    opening view's summary and figure, so a page without a kernel shows them once, with no
    separate static cell before the widget. A subclass names that view (:attr:`opening`).

    The first figure is written to the Output's ``outputs`` trait (what ``Output.append_display_data``
    does) instead of being captured with ``with out:``. Capturing needs the front end to route
    output messages into the widget; when nbclient executes a notebook it emulates that by
    sending messages back to the kernel, and with a plotly figure that sometimes stalled the cell
    until the execution timeout (seen repeatedly with the pinned nbclient 0.11.0). An update
    from a control's callback through a display id does not reach JupyterLab (ipywidgets issue
    1844), so the trait it is. It also lets tests read what is shown without a browser.
    """

    _drawn = _shown = None  # the view drawn into ``_figure`` and the view on screen
    opening = None  # the view the widget opens with (its fixed view)

    @property
    def figure(self):
        """The one figure, redrawn in place to match the view on screen when it is read.

        What is displayed comes from a per-process cache of each view's bundle, so a change
        of view does not pay for plotly's validating objects unless the figure is read.
        """
        if self._drawn != self._shown:
            self._draw(self._figure, self._shown)
            self._drawn = self._shown
        return self._figure

    def _show(self, key, bundle: dict) -> None:
        self._shown = key
        self.plot.show(bundle)  # drawn once, then changed in place (helpers.plot_in_place)

    def _view(self, key) -> tuple[dict, str]:
        """``(bundle, summary)`` of one view (cached per process by the subclass)."""
        raise NotImplementedError

    def fixed_html(self) -> str:
        """Where widgets cannot run: the opening view's one-line summary (the figure follows)."""
        from .. import style

        return style.summary_html(self._view(self.opening)[1])

    def fixed_figure(self):
        """The opening view's figure: the same plotly JSON the widget shows first."""
        return self._view(self.opening)[0]["application/vnd.plotly.v1+json"]
