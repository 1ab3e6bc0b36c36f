"""The lineage of CCGs into ICBs as a Sankey diagram, nationally or for one ICB (LineageExplorer)."""

from __future__ import annotations

import functools

from .. import style
from ..display import esc, plot_text
from .figures import _OneFigure, _figure_bundle
from .joins import ALL, _key, _tables, day_text


NODE_COLOURS = {"ccg2013": style.OKABE_ITO[0], "ccg_merged": style.OKABE_ITO[1], "icb": style.OKABE_ITO[2]}
LINK_COLOUR = "rgba(153, 153, 153, 0.35)"


# --------------------------------------------------------------------------
# CCG lineage Sankey
# --------------------------------------------------------------------------

def _ccg_label(r: dict, short: bool) -> str:
    return plot_text(r["code"] if short else f"{r['name']} ({r['code']})")


def lineage_data(icb_code: str | None = None, folder=None) -> dict:
    """Nodes and links of the lineage Sankey, for all 42 ICBs or one (``icb_code``).

    A link's value is the number of April 2013 CCGs whose line runs through it.
    """
    t = _tables(_key(folder))
    ccgs, icbs = t["ccgs"], t["icbs"]
    if icb_code not in (None, ALL):
        if icb_code not in set(icbs["icb_code"]):
            raise KeyError(f"no ICB with code {icb_code!r}")
        ccgs = ccgs[ccgs["icb_code"] == icb_code]
        icbs = icbs[icbs["icb_code"] == icb_code]
    rows = ccgs.sort_values(["start_date", "code"]).to_dict("records")
    weight: dict[str, int] = {}
    preds: dict[str, list[str]] = {}
    for r in rows:
        if r["successor_code"]:
            preds.setdefault(r["successor_code"], []).append(r["code"])

    def w(code: str) -> int:
        if code not in weight:
            weight[code] = 1 if code not in preds else sum(w(p) for p in preds[code])
        return weight[code]

    short = icb_code in (None, ALL)
    nodes, index = [], {}
    for r in rows:
        kind = "ccg_merged" if r["code"] in preds else "ccg2013"
        index[r["code"]] = len(nodes)
        end = day_text(r["close_date"]) if r["close_date"] else "carried on as a sub-ICB location from 1 July 2022"
        nodes.append({
            "id": r["code"], "label": _ccg_label(r, short), "kind": kind, "colour": NODE_COLOURS[kind],
            "hover": f"{plot_text(r['name'])} ({plot_text(r['code'])})<br>CCG from {day_text(r['start_date'])}; {plot_text(end)}",
        })
    for r in icbs.sort_values("icb_code").to_dict("records"):
        index[r["icb_code"]] = len(nodes)
        nodes.append({
            "id": r["icb_code"], "label": plot_text(f"{r['icb_name'].replace(' Integrated Care Board', ' ICB')} ({r['icb_code']})"),
            "kind": "icb", "colour": NODE_COLOURS["icb"],
            "hover": f"{plot_text(r['icb_name'])} ({plot_text(r['icb_code'])})<br>from 1 July 2022; {r['sub_icb_locations']} sub-ICB location(s)",
        })
    links = []
    for r in rows:
        target = r["successor_code"] or r["icb_code"]
        when = day_text(r["succession_date"]) if r["successor_code"] else "1 July 2022"
        links.append({"source": index[r["code"]], "target": index[target], "value": w(r["code"]),
                      "hover": plot_text(f"{r['code']} → {target} ({when})")})
    return {"nodes": nodes, "links": links, "ccgs": ccgs, "icbs": icbs}


def lineage_summary(icb_code: str | None = None, folder=None) -> str:
    t = _tables(_key(folder))
    ccgs = t["ccgs"]
    if icb_code in (None, ALL):
        n13 = int((ccgs["start_date"] == "2013-04-01").sum())
        merged = int((ccgs["start_date"] != "2013-04-01").sum())
        final = int((ccgs["close_date"] == "").sum())
        return (f"{n13} CCGs of April 2013 and {merged} formed later by mergers narrowed to {final} by "
                f"April 2021; on 1 July 2022 those {final} codes became the sub-ICB locations of "
                f"{len(t['icbs'])} ICBs.")
    icb = t["icbs"].set_index("icb_code").loc[icb_code]
    sub = ccgs[ccgs["icb_code"] == icb_code]
    n13 = int((sub["start_date"] == "2013-04-01").sum())
    years = sorted({d[:4] for d in sub["succession_date"] if d})
    final = int((sub["close_date"] == "").sum())
    text = (f"{icb['icb_name']} ({icb_code}): {n13} CCG(s) of April 2013"
            + (f", merging in {', '.join(years)}," if years else ", with no mergers,")
            + f" became {final} sub-ICB location(s) on 1 July 2022.")
    succ = [s for s in str(icb["successors_2026"]).split(";") if s and s != "nan"]
    if succ:
        text += f" ODS records successor(s) {', '.join(succ)} from 1 April 2026 (provisional)."
    return text


def _lineage_parts(icb_code, folder=None):
    """The Sankey trace (plain dict), title, height and summary of one lineage view."""
    d = lineage_data(icb_code, folder)
    one = icb_code not in (None, ALL)
    trace = dict(
        arrangement="snap",
        node={"label": [n["label"] for n in d["nodes"]], "color": [n["colour"] for n in d["nodes"]],
              "customdata": [n["hover"] for n in d["nodes"]],
              "hovertemplate": "%{customdata}<extra></extra>", "pad": 6 if not one else 14,
              "thickness": 14, "line": {"width": 0}},
        link={"source": [l["source"] for l in d["links"]], "target": [l["target"] for l in d["links"]],
              "value": [l["value"] for l in d["links"]], "color": LINK_COLOUR,
              "customdata": [l["hover"] for l in d["links"]],
              "hovertemplate": "%{customdata}<br>%{value} April 2013 CCG(s)<extra></extra>"},
    )
    title = ("From 211 CCGs (April 2013) to 42 ICBs (July 2022)" if not one else
             plot_text(f"How {d['icbs'].iloc[0]['icb_name'].replace(' Integrated Care Board', ' ICB')} came together, 2013 to 2022"))
    height = 1150 if not one else max(320, 70 * len(d["ccgs"]) + 120)
    return trace, title, height, lineage_summary(icb_code, folder)


def _draw_lineage(fig, icb_code, folder=None) -> str:
    trace, title, height, summary = _lineage_parts(icb_code, folder)
    fig.data = []
    fig.add_sankey(**trace)
    style.apply(fig, title, height=height)
    fig.update_layout(annotations=[
        {"text": "April 2013 →", "x": 0, "y": -0.06, "xref": "paper", "yref": "paper", "showarrow": False,
         "xanchor": "left", "font": {"size": 13}},
        {"text": "→ ICBs, 1 July 2022", "x": 1, "y": -0.06, "xref": "paper", "yref": "paper", "showarrow": False,
         "xanchor": "right", "font": {"size": 13}},
        {"text": "Blue: CCGs of April 2013 · orange: CCGs formed by mergers · green: ICBs. "
                 "Band width: number of April 2013 CCGs.", "x": 0, "y": 1.03, "xref": "paper", "yref": "paper",
         "showarrow": False, "xanchor": "left", "font": {"size": 12}},
    ], margin={"b": 70})
    return summary


@functools.cache
def _lineage_view(icb_code, folder_key):
    """``(bundle, summary)`` of one lineage view, once per process.

    The view of all ICBs is drawn through plotly's validating objects; every other view
    reuses its validated layout (title and height replaced) with that view's Sankey trace,
    which is what the same drawing gives (checked in tests/test_patch.py) at a fraction of
    the cost: re-validating the three fixed annotations was most of each redraw (bench).
    """
    import json

    if icb_code in (None, ALL):
        fig, summary = lineage_figure(ALL, folder_key)
        return _figure_bundle(fig), summary
    base, _ = _lineage_view(ALL, folder_key)
    trace, title, height, summary = _lineage_parts(icb_code, folder_key)
    fig_json = base["application/vnd.plotly.v1+json"]
    layout = dict(fig_json["layout"], title=dict(fig_json["layout"]["title"], text=title), height=height)
    data = [json.loads(json.dumps(dict(trace, type="sankey")))]
    return ({"application/vnd.plotly.v1+json": {"data": data, "layout": layout, "config": fig_json.get("config", {})},
             "text/plain": f"[Interactive figure: {title}]"}, summary)


def lineage_figure(icb_code: str | None = None, folder=None):
    """The lineage Sankey for all ICBs (default) or one; returns ``(figure, summary)``."""
    import plotly.graph_objects as go

    fig = go.Figure()
    summary = _draw_lineage(fig, icb_code, folder)
    return fig, summary


def show_lineage(icb_code: str | None = None, folder=None) -> None:
    # the same bundle the LineageExplorer shows first: drawn once per process
    style.show_bundle(*_lineage_view(ALL if icb_code is None else icb_code, _key(folder)))


def icb_options(folder=None) -> list[tuple[str, str]]:
    icbs = _tables(_key(folder))["icbs"].sort_values("icb_name")
    return [("All 42 ICBs", ALL)] + [(f"{n.replace(' Integrated Care Board', ' ICB')} ({c})", c)
                                     for n, c in zip(icbs["icb_name"], icbs["icb_code"])]

class LineageExplorer(_OneFigure):
    """Choose an ICB to see only the CCGs whose line ends in it (one figure, redrawn in place).

    Drive it from Python with :meth:`choose`; :attr:`figure` is the one figure and
    :attr:`summary` its one-line summary.
    """

    def __init__(self, folder=None):
        import ipywidgets as w
        import plotly.graph_objects as go

        self.folder = folder
        self._figure = go.Figure()
        self.choice = w.Dropdown(options=icb_options(folder), value=ALL, description="ICB:",
                                 layout=w.Layout(width="640px"))
        self.status = w.HTML()
        self.out = w.Output()
        self.choice.observe(lambda change: self.choose(change["new"]), names="value")
        self.widget = w.VBox([self.choice, self.status, self.out])
        self.summary = ""
        self.choose(ALL)

    def choose(self, icb_code: str) -> str:
        """Show the history of one ICB (or ``"all"``); returns the one-line summary."""
        if self.choice.value != icb_code:
            self.choice.value = icb_code  # observer calls back here
            return self.summary
        bundle, self.summary = _lineage_view(icb_code, _key(self.folder))
        self.status.value = f'<p class="juc-summary"><strong>In short:</strong> {esc(self.summary)}</p>'
        self._show(icb_code, bundle)
        return self.summary

    def _draw(self, fig, icb_code) -> None:
        _draw_lineage(fig, icb_code, self.folder)
