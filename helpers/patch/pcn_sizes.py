"""PCN registered populations against the intended range (PcnSizeView)."""

from __future__ import annotations

import functools

from .. import a11y, style
from ..display import esc
from ..plot_in_place import PlotInPlace
from .figures import _OneFigure, _figure_bundle
from .joins import PCN_RANGE, PCN_SIZE_DATES, _key, _n, _tables, day_text


# --------------------------------------------------------------------------
# PCN sizes against the intended range
# --------------------------------------------------------------------------

def pcn_sizes(as_of: str = "2022-05-01", folder=None):
    """PCNs on ``as_of`` with a registered population (one of :data:`PCN_SIZE_DATES`)."""
    if as_of not in PCN_SIZE_DATES:
        raise ValueError(f"registered populations exist for {', '.join(PCN_SIZE_DATES)} only")
    p = _tables(_key(folder))["pcns"]
    p = p[p["as_of"] == as_of].copy()
    p["registered_patients"] = p["registered_patients"].astype(int)
    return p


def pcn_shares(as_of: str = "2022-05-01", folder=None) -> dict:
    """How many PCNs were below, inside (inclusive) and above :data:`PCN_RANGE` on ``as_of``."""
    p = pcn_sizes(as_of, folder)
    lo, hi = PCN_RANGE
    n = len(p)
    below = int((p["registered_patients"] < lo).sum())
    above = int((p["registered_patients"] > hi).sum())
    inside = n - below - above
    partial = int((p["practices_with_list_size"] < p["practices"]).sum())
    return {"as_of": as_of, "n": n, "below": below, "inside": inside, "above": above,
            "pct_below": 100 * below / n, "pct_inside": 100 * inside / n, "pct_above": 100 * above / n,
            "median": int(p["registered_patients"].median()), "partial": partial}


def pcn_summary(as_of: str = "2022-05-01", folder=None) -> str:
    s = pcn_shares(as_of, folder)
    return (f"On {day_text(as_of)}, of {_n(s['n'])} PCNs, {_n(s['below'])} ({s['pct_below']:.0f}%) had fewer than "
            f"30,000 registered patients, {_n(s['inside'])} ({s['pct_inside']:.0f}%) had 30,000 to 50,000 and "
            f"{_n(s['above'])} ({s['pct_above']:.0f}%) more than 50,000 (median {_n(s['median'])}).")


def _draw_pcn(fig, as_of, folder=None) -> str:
    p = pcn_sizes(as_of, folder)
    s = pcn_shares(as_of, folder)
    lo, hi = PCN_RANGE
    fig.data = []
    fig.layout.shapes = ()
    fig.layout.annotations = ()  # add_vrect's label, else one more at every redraw (bench)
    zones = (("below", p[p["registered_patients"] < lo], style.OKABE_ITO[0], "Below 30,000"),
             ("inside", p[(p["registered_patients"] >= lo) & (p["registered_patients"] <= hi)], style.OKABE_ITO[2],
              "30,000 to 50,000"),
             ("above", p[p["registered_patients"] > hi], style.OKABE_ITO[1], "Above 50,000"))
    for key, part, colour, label in zones:
        fig.add_histogram(x=part["registered_patients"], name=f"{label}: {_n(s[key])} ({s['pct_' + key]:.0f}%)",
                          marker={"color": colour, "line": {"width": 0.5, "color": "#ffffff"}},
                          xbins={"start": 0, "end": 200_000, "size": 5_000}, customdata=part["pcn_name"],
                          hovertemplate="%{x} patients: %{y} PCNs<extra></extra>")
    fig.add_vrect(x0=lo, x1=hi, fillcolor=style.OKABE_ITO[2], opacity=0.08, line_width=1,
                  line_color=style.OKABE_ITO[2], layer="below",
                  annotation_text="intended range 30,000–50,000", annotation_position="top")
    style.apply(fig, f"PCN registered populations on {day_text(as_of)}",
                x_title="Registered patients (sum over member practices)", y_title="Number of PCNs", height=460)
    fig.update_layout(barmode="stack", bargap=0.05, legend={"title": {"text": "PCNs"}})
    fig.update_xaxes(tickformat=",")
    return pcn_summary(as_of, folder)


def pcn_size_figure(as_of: str = "2022-05-01", folder=None):
    """Histogram of PCN registered populations with the intended range marked; ``(figure, summary)``."""
    import plotly.graph_objects as go

    fig = go.Figure()
    summary = _draw_pcn(fig, as_of, folder)
    return fig, summary


def show_pcn_sizes(as_of: str = "2022-05-01", folder=None) -> None:
    # the same bundle the PcnSizeView shows first: drawn once per process
    style.show_bundle(*_pcn_view(as_of, _key(folder)))


@functools.cache
def _pcn_view(as_of, folder_key):
    """``(bundle, summary)`` of the PCN size figure for one date, once per process."""
    fig, summary = pcn_size_figure(as_of, folder_key)
    return _figure_bundle(fig), summary


class PcnSizeView(_OneFigure):
    """Choose a snapshot date; the same histogram is redrawn with its shares."""

    opening = "2022-05-01"  # the last CCG-era PCN file with list sizes

    def __init__(self, folder=None):
        import ipywidgets as w
        import plotly.graph_objects as go

        self.folder = folder
        self._figure = go.Figure()
        self.choice = w.ToggleButtons(options=[(day_text(d), d) for d in PCN_SIZE_DATES], value="2022-05-01",
                                      description="Date:")
        self.status = w.HTML()
        self.plot = PlotInPlace()  # a date changes the drawn plot (Plotly.react): no new plot
        self.out = self.plot.out
        self.choice.observe(lambda change: self.set_date(change["new"]), names="value")
        self.widget = a11y.mark(w.VBox([self.choice, self.status, self.plot.widget]), toggles=[self.choice])
        self.summary = ""
        self.set_date(self.opening)

    def set_date(self, as_of: str) -> str:
        if self.choice.value != as_of:
            self.choice.value = as_of
            return self.summary
        bundle, self.summary = self._view(as_of)
        self.status.value = f'<p class="juc-summary"><strong>In short:</strong> {esc(self.summary)}</p>'
        self._show(as_of, bundle)
        return self.summary

    def _view(self, as_of) -> tuple[dict, str]:
        return _pcn_view(as_of, _key(self.folder))

    def _draw(self, fig, as_of) -> None:
        _draw_pcn(fig, as_of, self.folder)
