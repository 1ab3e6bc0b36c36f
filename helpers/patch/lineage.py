"""The lineage of CCGs into ICBs as a Sankey diagram, nationally or for one ICB (LineageExplorer)."""

from __future__ import annotations

import functools
import re

from .. import style
from ..display import esc, plot_text
from ..plot_in_place import PlotInPlace
from .figures import _OneFigure, _figure_bundle
from .joins import ALL, _key, _tables, day_text


NODE_COLOURS = {"ccg2013": style.OKABE_ITO[0], "ccg_merged": style.OKABE_ITO[1], "icb": style.OKABE_ITO[2]}
LINK_COLOUR = "rgba(153, 153, 153, 0.35)"
# the national view: NHS England's four regions of 2013 (one colour each) into the 42 ICBs (black)
REGIONS = ("North of England", "Midlands and East of England", "London", "South of England")
REGION_COLOURS = dict(zip(REGIONS, (style.OKABE_ITO[0], style.OKABE_ITO[1], style.OKABE_ITO[3], style.OKABE_ITO[5])))
NATIONAL_ICB_COLOUR = style.OKABE_ITO[7]
LABEL_FONT = 12  # px, every node label
NODE_PAD = LABEL_FONT + 2  # px between nodes of a column: more than a label's height, so labels cannot overlap
PX_PER_CCG = 2  # px of node height per April 2013 CCG in the national view
MARGINS = {"t": 110, "b": 70}  # px above (title, key) and below (column names) the diagram


# --------------------------------------------------------------------------
# labels: a name and its code, each once
# --------------------------------------------------------------------------

_SUFFIXES = (" integrated care board", " clinical commissioning group", " icb", " ccg")
_SMALL = {"And": "and", "Of": "of", "The": "the", "On": "on", "Upon": "upon", "Nhs": "NHS", "In": "in"}


def org_name(name: str) -> str:
    """A CCG's or ICB's name without its kind ("CCG", "ICB", "Integrated Care Board"), in mixed case,
    with a repeated part in brackets dropped ("NHS Frimley (NHS Frimley)" is "NHS Frimley")."""
    text = " ".join(str(name).split())
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if text.lower().endswith(suffix):
                text, changed = text[: -len(suffix)].rstrip(), True
    if text.isupper():  # some ODS names are in capitals ("NHS EAST BERKSHIRE CCG")
        text = " ".join(_SMALL.get(w.capitalize(), w.capitalize()) for w in text.split())
        text = text[0].upper() + text[1:]
    text = re.sub(r"^(.+?) \(\1\)", r"\1", text)
    return text


def org_label(name: str, code: str, kind: str) -> str:
    """``"NHS Frimley ICB (QNQ)"``: the name once, its kind once, its code once (escaped for plotly)."""
    return plot_text(f"{org_name(name)} {kind} ({code})")


def icb_short(name: str, code: str) -> str:
    """An ICB's name for titles and the drop-down, unescaped: ``"NHS Frimley ICB (QNQ)"``."""
    return f"{org_name(name)} ICB ({code})"


# --------------------------------------------------------------------------
# CCG lineage Sankey
# --------------------------------------------------------------------------

def lineage_data(icb_code: str | None = None, folder=None) -> dict:
    """Nodes and links of the lineage Sankey, for all 42 ICBs or one (``icb_code``).

    A link's value is the number of April 2013 CCGs whose line runs through it. Every node is
    labelled with its name and code; the national figure draws :func:`national_data` instead.
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

    nodes, index = [], {}
    for r in rows:
        kind = "ccg_merged" if r["code"] in preds else "ccg2013"
        index[r["code"]] = len(nodes)
        end = day_text(r["close_date"]) if r["close_date"] else "carried on as a sub-ICB location from 1 July 2022"
        nodes.append({
            "id": r["code"], "label": org_label(r["name"], r["code"], "CCG"), "kind": kind, "colour": NODE_COLOURS[kind],
            "hover": f"{plot_text(r['name'])} ({plot_text(r['code'])})<br>CCG from {day_text(r['start_date'])}; {plot_text(end)}",
        })
    for r in icbs.sort_values("icb_code").to_dict("records"):
        index[r["icb_code"]] = len(nodes)
        nodes.append({
            "id": r["icb_code"], "label": org_label(r["icb_name"], r["icb_code"], "ICB"),
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


def national_data(folder=None) -> dict:
    """Nodes and links of the national view: the 211 CCGs of April 2013 counted by the NHS England
    region they belonged to (left) and by the ICB their line ends in (right).

    Why this design: 211 CCG nodes cannot be labelled legibly in a figure 900 px wide (nor on a
    printed page), and an unlabelled column of 211 slivers says nothing without hover. So the
    national view draws 4 + 42 nodes, every one labelled with its name, code and count ("NHS Frimley
    ICB (QNQ): 5 CCGs"), bands coloured by region (Okabe-Ito), so the message (how many 2013 CCGs
    each ICB took on) is read without hovering; the CCG names and codes are in each band's hover,
    and the full CCG-level detail is one ICB away (:func:`lineage_figure` with a code). A link's value
    is the number of April 2013 CCGs, so the links still add up to 211.
    """
    t = _tables(_key(folder))
    ccgs = t["ccgs"][t["ccgs"]["start_date"] == "2013-04-01"]
    icbs = t["icbs"].set_index("icb_code")
    counts = ccgs.groupby("icb_code").size()
    region_of = ccgs.groupby("icb_code")["region_2013"].agg(lambda r: r.value_counts().index[0])
    order = sorted(icbs.index, key=lambda c: (REGIONS.index(region_of[c]), org_name(icbs.loc[c, "icb_name"])))
    nodes, index = [], {}
    for region in REGIONS:
        n = int((ccgs["region_2013"] == region).sum())
        index[region] = len(nodes)
        nodes.append({"id": region, "label": plot_text(f"{region}: {n} CCGs"), "kind": "region",
                      "colour": REGION_COLOURS[region], "hover": plot_text(f"{region} (NHS England region, 2013): {n} CCGs")})
    for code in order:
        name, n = icbs.loc[code, "icb_name"], int(counts[code])
        index[code] = len(nodes)
        nodes.append({"id": code, "label": f"{org_label(name, code, 'ICB')}: {n} CCG{'s' if n != 1 else ''}",
                      "kind": "icb", "colour": NATIONAL_ICB_COLOUR,
                      "hover": f"{plot_text(name)} ({plot_text(code)})<br>from 1 July 2022; {n} CCG(s) of April 2013"})
    links = []
    for (region, code), group in ccgs.groupby(["region_2013", "icb_code"]):
        names = "<br>".join(org_label(r["name"], r["code"], "CCG") for r in group.sort_values("name").to_dict("records"))
        links.append({"source": index[region], "target": index[code], "value": len(group),
                      "colour": _rgba(REGION_COLOURS[region], 0.45),
                      "hover": f"{plot_text(region)} → {plot_text(icb_short(icbs.loc[code, 'icb_name'], code))}<br>{names}"})
    return {"nodes": nodes, "links": links, "ccgs": ccgs, "icbs": t["icbs"]}


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def plot_height(n_nodes: int, n_ccgs: int | None = None) -> int:
    """The diagram's height in px for a column of ``n_nodes``. Nationally (``n_ccgs`` given) each node
    gets its pad, more than a label's height, plus ``PX_PER_CCG`` per CCG; for one ICB each node
    gets its pad and at least 16 px of its own. Either way no two labels of a column overlap."""
    if n_ccgs is not None:
        return n_nodes * NODE_PAD + PX_PER_CCG * n_ccgs
    return max(200, n_nodes * (NODE_PAD + 16))


def _below(height: int) -> float:
    """The paper y of the column names, 25 px under the diagram of a figure ``height`` px tall."""
    return -25 / (height - MARGINS["t"] - MARGINS["b"])


def _lineage_parts(icb_code, folder=None):
    """The Sankey trace (plain dict), title, height and summary of one lineage view."""
    one = icb_code not in (None, ALL)
    d = lineage_data(icb_code, folder) if one else national_data(folder)
    column = len(d["ccgs"]) if one else len(d["icbs"])  # the tallest column's node count
    trace = dict(
        arrangement="snap", textfont={"size": LABEL_FONT},
        # one ICB: its name goes under its column (``_right``), not beside its box, where it would run
        # into the label of the last CCG before it ("NHS Frimley CCG (D4U1Y)NHS Frimley ICB (QNQ)")
        node={"label": ["" if one and n["kind"] == "icb" else n["label"] for n in d["nodes"]], "color": [n["colour"] for n in d["nodes"]],
              "customdata": [n["hover"] for n in d["nodes"]],
              "hovertemplate": "%{customdata}<extra></extra>", "pad": NODE_PAD,
              "thickness": 14, "line": {"width": 0}},
        link={"source": [l["source"] for l in d["links"]], "target": [l["target"] for l in d["links"]],
              "value": [l["value"] for l in d["links"]],
              "color": [l.get("colour", LINK_COLOUR) for l in d["links"]],
              "customdata": [l["hover"] for l in d["links"]],
              "hovertemplate": "%{customdata}<br>%{value} April 2013 CCG(s)<extra></extra>"},
    )
    title = ("From 211 CCGs (April 2013) to 42 ICBs (July 2022)" if not one else
             plot_text(f"How {icb_short(d['icbs'].iloc[0]['icb_name'], icb_code)} came together, 2013 to 2022"))
    height = plot_height(column, None if one else len(d["ccgs"])) + MARGINS["t"] + MARGINS["b"]
    return trace, title, height, lineage_summary(icb_code, folder)


_KEYS = {
    "national": ("Left: NHS England's four regions of 2013 and their CCGs · right: the 42 ICBs, each with the "
                 "number of April 2013 CCGs it took on.<br>Band colour: region · band width: number of CCGs. "
                 "Choose an ICB below to see its CCGs by name.",
                 "NHS England regions, April 2013 →", "→ ICBs, 1 July 2022"),
    "one": ("Blue: CCGs of April 2013 · orange: CCGs formed by mergers · green: the ICB.<br>"
            "Band width: number of April 2013 CCGs.", "April 2013 →", "→ ICB, 1 July 2022"),
}


def _right(icb_code, folder=None) -> str:
    """The name under the right-hand column: the ICB of a one-ICB view, or all ICBs."""
    if icb_code in (None, ALL):
        return _KEYS["national"][2]
    icb = _tables(_key(folder))["icbs"].set_index("icb_code").loc[icb_code]
    return plot_text(f"→ {icb_short(icb['icb_name'], icb_code)}, 1 July 2022")


def _draw_lineage(fig, icb_code, folder=None) -> str:
    trace, title, height, summary = _lineage_parts(icb_code, folder)
    key, left, _ = _KEYS["national" if icb_code in (None, ALL) else "one"]
    right = _right(icb_code, folder)
    fig.data = []
    fig.add_sankey(**trace)
    style.apply(fig, title, height=height)
    below = _below(height)
    fig.update_layout(annotations=[
        {"text": left, "x": 0, "y": below, "xref": "paper", "yref": "paper", "showarrow": False,
         "xanchor": "left", "font": {"size": 13}},
        {"text": right, "x": 1, "y": below, "xref": "paper", "yref": "paper", "showarrow": False,
         "xanchor": "right", "font": {"size": 13}},
        {"text": key, "x": 0, "y": 1, "yshift": 12, "xref": "paper", "yref": "paper", "showarrow": False,
         "xanchor": "left", "yanchor": "bottom", "align": "left", "font": {"size": 12}},
    ], margin={"t": MARGINS["t"], "b": MARGINS["b"], "l": 20, "r": 20})
    return summary


@functools.cache
def _lineage_view(icb_code, folder_key):
    """``(bundle, summary)`` of one lineage view, once per process.

    The view of all ICBs, and the first view of one ICB, are drawn through plotly's validating
    objects; every other one-ICB view reuses that validated layout (title and height replaced)
    with its own Sankey trace, which is what the same drawing gives (checked in
    tests/test_patch_views_cache.py) at a fraction of the cost: re-validating the fixed
    annotations was most of each redraw (bench).
    """
    import json

    first = min(_tables(folder_key)["icbs"]["icb_code"])  # the one-ICB view drawn in full
    if icb_code in (None, ALL) or icb_code == first:
        fig, summary = lineage_figure(icb_code, folder_key)
        return _figure_bundle(fig), summary
    base, _ = _lineage_view(first, folder_key)
    trace, title, height, summary = _lineage_parts(icb_code, folder_key)
    fig_json = base["application/vnd.plotly.v1+json"]
    scale = style.figure_scale()  # the base is scaled already (presenter): the new parts follow it
    layout = dict(fig_json["layout"], title=dict(fig_json["layout"]["title"], text=title), height=height * scale)
    notes = [dict(a, y=_below(height)) if a.get("y", 1) < 0 else a for a in layout["annotations"]]
    layout["annotations"] = [dict(a, text=_right(icb_code, folder_key)) if a.get("x") == 1 else a for a in notes]
    data = style.scale_spec({"data": [json.loads(json.dumps(dict(trace, type="sankey")))]})["data"]
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
    return [("All 42 ICBs", ALL)] + [(icb_short(n, c), c)
                                     for n, c in zip(icbs["icb_name"], icbs["icb_code"])]

class LineageExplorer(_OneFigure):
    """Choose an ICB to see only the CCGs whose line ends in it (one figure, redrawn in place).

    Drive it from Python with :meth:`choose`; :attr:`figure` is the one figure and
    :attr:`summary` its one-line summary.
    """

    opening = ALL  # the national view

    def __init__(self, folder=None):
        import ipywidgets as w
        import plotly.graph_objects as go

        self.folder = folder
        self._figure = go.Figure()
        self.choice = w.Dropdown(options=icb_options(folder), value=ALL, description="ICB:",
                                 layout=w.Layout(width="640px"))
        self.status = w.HTML()
        self.plot = PlotInPlace()  # a choice changes the drawn plot (Plotly.react): no new plot
        self.out = self.plot.out
        self.choice.observe(lambda change: self.choose(change["new"]), names="value")
        self.widget = w.VBox([self.choice, self.status, self.plot.widget])
        self.summary = ""
        self.choose(self.opening)

    def choose(self, icb_code: str) -> str:
        """Show the history of one ICB (or ``"all"``); returns the one-line summary."""
        if self.choice.value != icb_code:
            self.choice.value = icb_code  # observer calls back here
            return self.summary
        bundle, self.summary = self._view(icb_code)
        self.status.value = f'<p class="juc-summary"><strong>In short:</strong> {esc(self.summary)}</p>'
        self._show(icb_code, bundle)
        return self.summary

    def _view(self, icb_code) -> tuple[dict, str]:
        return _lineage_view(icb_code, _key(self.folder))

    def _draw(self, fig, icb_code) -> None:
        _draw_lineage(fig, icb_code, self.folder)
