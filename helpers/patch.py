"""Your patch: the real organisations behind the story (notebook ``08_your_patch``).

Everything shown comes from the derived tables in ``data/derived/`` (loaded, checked and cached
by :mod:`helpers.ods`) and, for the reforms, from ``data/events.csv`` when it is present:

- :func:`lineage_figure` and :class:`LineageExplorer`: a Sankey diagram of the April 2013 CCGs
  merging step by step into the 106 CCGs of 2021-22 and on into the 42 ICBs of July 2022; choose
  an ICB to see only its history (one figure, redrawn in place).
- :func:`search`, :func:`details_html` and :class:`Finder`: type part of a name or a code (ICB,
  CCG or PCN) and pick a match to see its predecessors, successors, members, registered
  population and the reforms that touched it, with dates.
- :func:`pcn_size_figure` and :class:`PcnSizeView`: PCN registered populations against the
  intended 30,000-50,000 range, with the share below, inside and above it.
- :func:`attribution_lines`: the licence attribution lines to print beside the figures.

Every figure comes with a one-line summary (``(figure, summary)``); every widget keeps its logic
in plain methods that tests call without a browser. Text from the data is HTML-escaped.
Importing this module is cheap: pandas, plotly and ipywidgets are imported inside functions.
"""

from __future__ import annotations

import functools
import re

from . import style
from .display import esc

#: The PCN size range the Network Contract DES intended: at least 30,000, not tending to exceed
#: 50,000 (ODS reference data catalogue); commissioners could waive the minimum for large rural
#: and remote areas (DES paragraph 3.2, quoted in a 2019 written answer).
PCN_RANGE = (30_000, 50_000)
PCN_RANGE_SOURCES = ("ods-catalogue-pcn", "dhsc-wq-pcn-rural-2019", "kingsfund-gp-contract-explained-2020")
#: Snapshots with registered populations (an ePCN file and a list-size file of the same date).
PCN_SIZE_DATES = ("2021-01-01", "2022-01-01", "2022-05-01")
ICB_START = "2022-07-01"
CCG_LAST_DAY = "2022-06-30"
KIND_LABELS = {"icb": "ICB", "ccg": "CCG", "pcn": "PCN"}
NODE_COLOURS = {"ccg2013": style.OKABE_ITO[0], "ccg_merged": style.OKABE_ITO[1], "icb": style.OKABE_ITO[2]}
LINK_COLOUR = "rgba(153, 153, 153, 0.35)"
ALL = "all"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: Which timeline events concern each kind of body: words (whole words, case-insensitive) in the
#: event's title or summary, and how long before the body's start an event still counts (the Act
#: that created it, for instance). Events about mergers count only for bodies that merged then.
REFORM_RULES = {
    "ccg": (("ccg", "ccgs", "clinical commissioning", "co-commission", "co-commissioning",
             "delegated"), 420),
    "icb": (("icb", "icbs", "integrated care board", "integrated care boards", "integrated care system",
             "integrated care systems", "ics", "icss"), 420),
    "pcn": (("pcn", "pcns", "primary care network", "primary care networks", "network contract"), 420),
}
MERGER_WORDS = ("merger", "mergers", "merge", "merged")


def day_text(iso: str) -> str:
    """``2013-04-01`` -> ``1 April 2013`` (the derived tables hold day dates of record)."""
    if not iso:
        return ""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{d} {MONTHS[m - 1]} {y}"


def _n(x) -> str:
    return f"{int(x):,}"


# --------------------------------------------------------------------------
# Data access (cached)
# --------------------------------------------------------------------------

def _ods():
    from . import ods

    return ods


@functools.cache
def _tables(folder: str | None):
    o = _ods()
    ccgs = o.load_ccgs(folder)
    icbs = o.load_icbs(folder)
    members = o.load_icb_members(folder)
    changes = o.load_icb_changes_2026(folder)
    pcns = o.load_pcns(folder)
    return {"ccgs": ccgs, "icbs": icbs, "members": members, "changes": changes, "pcns": pcns}


@functools.cache
def _practice_tables(folder: str | None):
    o = _ods()
    return o.load_pcn_practices(folder), o.load_practices(folder).set_index("practice_code")


def clear_cache() -> None:
    _tables.cache_clear()
    _practice_tables.cache_clear()
    _index.cache_clear()
    _events.cache_clear()
    _lineage_view.cache_clear()
    _pcn_view.cache_clear()
    _cards.clear()


def _key(folder) -> str | None:
    return None if folder is None else str(folder)


def attribution_lines(tables=None, folder=None) -> list[str]:
    """The distinct attribution lines (from ``derived/METADATA.csv``) of the tables named."""
    meta = _ods().load_metadata(folder)
    if tables is not None:
        meta = meta[meta["table"].isin(list(tables))]
    lines: list[str] = []
    for text in meta["attribution"]:
        for line in text.split(" | "):
            if line not in lines:
                lines.append(line)
    return lines


def attribution_html(tables=None, folder=None) -> str:
    items = "".join(f"<li>{esc(x)}</li>" for x in attribution_lines(tables, folder))
    return f'<ul class="juc-attribution">{items}</ul>'


def show_attribution(tables=None, folder=None) -> None:
    from IPython.display import HTML, display

    display(HTML(attribution_html(tables, folder)))


# --------------------------------------------------------------------------
# CCG lineage Sankey
# --------------------------------------------------------------------------

def _ccg_label(r: dict, short: bool) -> str:
    return r["code"] if short else f"{r['name']} ({r['code']})"


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
            "hover": f"{r['name']} ({r['code']})<br>CCG from {day_text(r['start_date'])}; {end}",
        })
    for r in icbs.sort_values("icb_code").to_dict("records"):
        index[r["icb_code"]] = len(nodes)
        nodes.append({
            "id": r["icb_code"], "label": f"{r['icb_name'].replace(' Integrated Care Board', ' ICB')} ({r['icb_code']})",
            "kind": "icb", "colour": NODE_COLOURS["icb"],
            "hover": f"{r['icb_name']} ({r['icb_code']})<br>from 1 July 2022; {r['sub_icb_locations']} sub-ICB location(s)",
        })
    links = []
    for r in rows:
        target = r["successor_code"] or r["icb_code"]
        when = day_text(r["succession_date"]) if r["successor_code"] else "1 July 2022"
        links.append({"source": index[r["code"]], "target": index[target], "value": w(r["code"]),
                      "hover": f"{r['code']} → {target} ({when})"})
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
             f"How {d['icbs'].iloc[0]['icb_name'].replace(' Integrated Care Board', ' ICB')} came together, 2013 to 2022")
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
    return ({"application/vnd.plotly.v1+json": {"data": data, "layout": layout},
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


def _figure_bundle(fig) -> dict:
    """The output bundle :func:`helpers.style.display_figure` sends: plotly JSON plus a text line."""
    import json

    title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else "a figure"
    return {"application/vnd.plotly.v1+json": json.loads(fig.to_json(validate=False)),
            "text/plain": f"[Interactive figure: {title}]"}


class _OneFigure:
    """Shared display logic: the controls, then one ``Output`` holding one figure, replaced in place.

    The figure is written to the Output's ``outputs`` trait (what ``Output.append_display_data``
    does) instead of being captured with ``with out:``. Capturing needs the front end to route
    output messages into the widget; when nbclient executes a notebook it emulates that by
    sending messages back to the kernel, and with a plotly figure that sometimes stalled the cell
    until the execution timeout (seen repeatedly with the pinned nbclient 0.11.0). An update
    from a control's callback through a display id does not reach JupyterLab (ipywidgets issue
    1844), so the trait it is. It also lets tests read what is shown without a browser.
    """

    _drawn = _shown = None  # the view drawn into ``_figure`` and the view on screen

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
        self.out.outputs = ({"output_type": "display_data", "data": dict(bundle), "metadata": {}},)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

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


# --------------------------------------------------------------------------
# Finder: ICB, CCG or PCN by name or code
# --------------------------------------------------------------------------

def _norm(text: str) -> str:
    text = str(text or "").replace("\u2019", "'").replace("\u2018", "'")  # typographic apostrophes
    return re.sub(r"\s+", " ", text).strip().casefold()


@functools.cache
def _index(folder: str | None):
    t = _tables(folder)
    rows = []
    for r in t["icbs"].to_dict("records"):
        rows.append({"kind": "icb", "code": r["icb_code"], "name": r["icb_name"],
                     "hay": _norm(f"{r['icb_name']} {r['icb_ons_code']}")})
    sub_names = dict(zip(t["members"]["sub_icb_code"], t["members"]["sub_icb_name"]))
    for r in t["ccgs"].to_dict("records"):
        names = {r["name"], r["last_name"], sub_names.get(r["code"], "")}
        rows.append({"kind": "ccg", "code": r["code"], "name": r["name"],
                     "hay": _norm(" ".join(n for n in names if n) + " " + r["ons_code"])})
    pcns = t["pcns"].sort_values("as_of")
    names_by_pcn: dict[str, list[str]] = {}
    for code, name in zip(pcns["pcn_code"], pcns["pcn_name"]):
        lst = names_by_pcn.setdefault(code, [])
        if name not in lst:
            lst.append(name)
    for code, names in names_by_pcn.items():
        rows.append({"kind": "pcn", "code": code, "name": names[-1], "hay": _norm(" ".join(names))})
    return rows


def search(query: str, limit: int = 12, kinds=("icb", "ccg", "pcn"), folder=None) -> list[dict]:
    """Bodies whose code or name matches ``query`` (case-insensitive, literal text, no patterns).

    Every word of the query must appear in the name, or the query must match the start of the
    code. Exact code matches come first, then code prefixes, then names that start with the
    query, then other name matches; ties by kind (ICB, CCG, PCN) and name. Returns up to
    ``limit`` dicts with ``kind, code, name, label``.
    """
    q = _norm(query)
    if not q:
        return []
    words = q.split()
    hits = []
    order = {"icb": 0, "ccg": 1, "pcn": 2}
    for r in _index(_key(folder)):
        if r["kind"] not in kinds:
            continue
        code = r["code"].casefold()
        name = _norm(r["name"])
        if code == q:
            rank = 0
        elif code.startswith(q):
            rank = 1
        elif name.startswith(q) or name.removeprefix("nhs ").startswith(q):
            rank = 2
        elif all(w in r["hay"] for w in words):
            rank = 3
        else:
            continue
        hits.append((rank, order[r["kind"]], name, r))
    hits.sort(key=lambda h: (h[0], h[1], h[2]))
    return [{"kind": r["kind"], "code": r["code"], "name": r["name"],
             "label": f"{KIND_LABELS[r['kind']]} {r['code']}: {r['name']}"}
            for _, _, _, r in hits[:limit]]


@functools.cache
def _events(folder_key):
    """The timeline events, or None when ``data/events.csv`` is absent or does not load."""
    try:
        from . import data
        from .schema import DataError

        events = data.load_events() if folder_key is None else data.load_events(folder_key)
    except (FileNotFoundError, KeyError, ImportError):
        return None
    except Exception as exc:  # DataError while another engineer is mid-edit, for instance
        if type(exc).__name__ == "DataError":
            return None
        raise
    return events


def _event_text(r: dict) -> str:
    try:
        from .timeline import format_date

        when = format_date(r["date"], r["date_precision"])
    except Exception:  # noqa: BLE001 (fall back to the stored date)
        when = r["date"]
    return when


def _word_match(text: str, words) -> bool:
    t = _norm(text)
    return any(re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", t) for w in words)


def reforms_for(kind: str, start: str, end: str | None = None, merged_on: set[str] | None = None,
                events_folder=None) -> list[dict] | None:
    """Timeline events that concern bodies of ``kind`` during a life from ``start`` to ``end``.

    Uses :data:`REFORM_RULES`; an event about mergers counts only when the body merged within a
    month of it (``merged_on``: its succession or start dates). Returns None without events.csv.
    """
    import datetime as dt

    events = _events(events_folder)
    if events is None:
        return None
    words, lead_days = REFORM_RULES[kind]
    first = (dt.date.fromisoformat(start) - dt.timedelta(days=lead_days)).isoformat()
    last = end or "9999-12-31"
    merged_on = merged_on or set()
    out = []
    for r in events.to_dict("records"):
        day = r["date"].split("/")[0]
        day_full = (day + "-01-01")[:10] if len(day) == 4 else (day + "-01")[:10] if len(day) == 7 else day
        if not (first <= day_full <= last):
            continue
        text = f"{r['title']} {r['summary']}"
        if not _word_match(text, words):
            continue
        if _word_match(r["title"], MERGER_WORDS):
            near = any(abs((dt.date.fromisoformat(day_full) - dt.date.fromisoformat(m)).days) <= 31 for m in merged_on)
            if not near:
                continue
        out.append({"event_id": r["event_id"], "date": r["date"], "when": _event_text(r), "title": r["title"],
                    "status": r.get("status", "")})
    return out


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>" if items else "<p>None.</p>"


def _reforms_html(reforms) -> str:
    if reforms is None:
        return ("<p><em>The timeline (data/events.csv) is not available here, so only the "
                "organisation data's own dates are shown.</em></p>")
    if not reforms:
        return "<p>No event in the timeline matches.</p>"
    return _list([f"{esc(r['when'])}: {esc(r['title'])}" + (" (provisional)" if r["status"] == "provisional" else "")
                  for r in reforms])


def details(kind: str, code: str, folder=None) -> dict:
    """Everything the finder shows for one body, as plain data (tests read this)."""
    t = _tables(_key(folder))
    ccgs = t["ccgs"].set_index("code", drop=False)
    if kind == "icb":
        icbs = t["icbs"].set_index("icb_code", drop=False)
        if code not in icbs.index:
            raise KeyError(f"no ICB with code {code!r}")
        icb = icbs.loc[code]
        members = t["members"][t["members"]["icb_code"] == code]
        line = t["ccgs"][t["ccgs"]["icb_code"] == code]
        changes = t["changes"][t["changes"]["predecessor_code"] == code]
        facts = [("2022-07-01", "Established (Health and Care Act 2022); its member CCG codes carried on as sub-ICB locations")]
        for r in changes.to_dict("records"):
            facts.append((r["effective_date"], f"ODS records {r['successor_code']}"
                          + (f" ({r['successor_name']})" if r["successor_name"] else " (a new code)")
                          + " as a successor (provisional)"))
        return {
            "kind": kind, "code": code, "name": icb["icb_name"], "ons_code": icb["icb_ons_code"],
            "start": ICB_START, "end": "",
            "predecessors": [{"code": r["code"], "name": r["name"], "start": r["start_date"], "end": r["close_date"]}
                             for r in line.sort_values(["start_date", "code"]).to_dict("records")],
            "successors": [{"code": r["successor_code"], "name": r["successor_name"], "date": r["effective_date"],
                            "status": "provisional"} for r in changes.to_dict("records")],
            "members": [{"code": r["sub_icb_code"], "name": r["sub_icb_name"], "ccg_name": r["ccg_name"],
                         "patients": int(r["patients_2022_05"]), "note": r["note"]} for r in members.to_dict("records")],
            "population": [("2022-05-01", int(icb["patients_2022_05"]), "NHS Digital, sum over its sub-ICB locations")],
            "facts": facts,
            "reforms": reforms_for("icb", ICB_START, None, {r["effective_date"] for r in changes.to_dict("records")}),
        }
    if kind == "ccg":
        if code not in ccgs.index:
            raise KeyError(f"no CCG with code {code!r}")
        r = ccgs.loc[code]
        preds = t["ccgs"][t["ccgs"]["successor_code"] == code]
        # the merger that ended it, or the switch to ICBs for the codes that carried on, touched it
        end = r["succession_date"] or r["close_date"] or ICB_START
        facts = [(r["start_date"], "Started as a CCG" + (f" (ODS operational open date {day_text(r['open_date'])})"
                                                         if r["open_date"] != r["start_date"] else ""))]
        if r["successor_code"]:
            facts.append((r["succession_date"], f"Merged into {r['successor_code']} ({ccgs.loc[r['successor_code'], 'name']})"))
        else:
            facts.append((ICB_START, f"Code carried on as a sub-ICB location of {r['icb_code']}"))
        icb_name = t["icbs"].set_index("icb_code").loc[r["icb_code"], "icb_name"]
        pop = []
        if r["patients_date"]:
            pop.append((r["patients_date"], int(r["patients"]), "NHS Digital, Patients Registered at a GP Practice"))
        if r["nhsbsa_patients_2014q2"] is not None and str(r["nhsbsa_patients_2014q2"]) not in ("", "<NA>"):
            pop.append(("2014-04/2014-06", int(r["nhsbsa_patients_2014q2"]), "NHSBSA list size (a different series)"))
        pcns = t["pcns"][(t["pcns"]["as_of"] == "2022-05-01") & (t["pcns"]["parent_code"] == code)]
        merged_on = {r["start_date"]} | ({r["succession_date"]} if r["succession_date"] else set())
        return {
            "kind": kind, "code": code, "name": r["name"], "last_name": r["last_name"], "ons_code": r["ons_code"],
            "start": r["start_date"], "end": r["close_date"],
            "area_team_2013": r["area_team_2013"], "region_2013": r["region_2013"],
            "predecessors": [{"code": p["code"], "name": p["name"], "start": p["start_date"], "end": p["close_date"]}
                             for p in preds.sort_values("code").to_dict("records")],
            "successors": ([{"code": r["successor_code"], "name": ccgs.loc[r["successor_code"], "name"],
                             "date": r["succession_date"], "status": "settled"}] if r["successor_code"] else []),
            "final": {"code": r["final_code"], "name": ccgs.loc[r["final_code"], "name"],
                      "icb_code": r["icb_code"], "icb_name": icb_name},
            "members": [{"code": p["pcn_code"], "name": p["pcn_name"], "patients": p["registered_patients"]}
                        for p in pcns.sort_values("pcn_name").to_dict("records")],
            "population": sorted(pop), "facts": facts, "note": r["note"],
            "reforms": reforms_for("ccg", r["start_date"], end, merged_on),
        }
    if kind == "pcn":
        rows = t["pcns"][t["pcns"]["pcn_code"] == code].sort_values("as_of")
        if rows.empty:
            raise KeyError(f"no PCN with code {code!r}")
        latest = rows.iloc[-1]
        members, practices = _practice_tables(_key(folder))
        snap = members[(members["pcn_code"] == code)]
        latest_members = snap[snap["as_of"] == snap["as_of"].max()] if len(snap) else snap
        sizes = snap[snap["as_of"] == "2022-05-01"].set_index("practice_code")["registered_patients"] if len(snap) else {}
        parent = latest["parent_code"]
        parent_name = ccgs.loc[parent, "name"] if parent in ccgs.index else ""
        icb_code = ccgs.loc[parent, "icb_code"] if parent in ccgs.index else ""
        facts = [(rows.iloc[0]["open_date"], "ODS open date")]
        if latest["close_date"]:
            facts.append((latest["close_date"], "ODS close date"))
        return {
            "kind": kind, "code": code, "name": latest["pcn_name"], "start": rows.iloc[0]["open_date"],
            "end": latest["close_date"], "parent": {"code": parent, "name": parent_name, "icb_code": icb_code},
            "names": list(dict.fromkeys(rows["pcn_name"])),
            "predecessors": [], "successors": [],
            "members": [{"code": p, "name": practices.loc[p, "practice_name"] if p in practices.index else "",
                         "patients": (int(sizes[p]) if p in getattr(sizes, "index", ()) and str(sizes[p]) != "<NA>" else None),
                         "as_of": a}
                        for p, a in zip(latest_members["practice_code"], latest_members["as_of"])],
            "population": [(r["as_of"], int(r["registered_patients"]), f"{r['practices_with_list_size']} of {r['practices']} practices with a list size")
                           for r in rows.to_dict("records") if str(r["registered_patients"]) not in ("", "<NA>", "None")],
            "snapshots": [(r["as_of"], int(r["practices"])) for r in rows.to_dict("records")],
            "facts": facts,
            "reforms": reforms_for("pcn", rows.iloc[0]["open_date"]),
        }
    raise KeyError(f"unknown kind {kind!r} (use icb, ccg or pcn)")


def _when(iso: str) -> str:
    if "/" in iso:
        a, b = iso.split("/")
        return f"{MONTHS[int(a[5:7]) - 1]} to {MONTHS[int(b[5:7]) - 1]} {b[:4]}"
    return day_text(iso)


def details_html(kind: str, code: str, folder=None) -> str:
    """The finder's card for one body (every value from the data is escaped)."""
    d = details(kind, code, folder)
    h = [f'<div class="juc-patch-card"><h4>{esc(KIND_LABELS[kind])} {esc(d["code"])}: {esc(d["name"])}</h4>']
    if kind == "ccg":
        life = f"CCG from {esc(day_text(d['start']))}"
        life += f" to {esc(day_text(d['end']))}" if d["end"] else "; the code carried on as a sub-ICB location from 1 July 2022"
        h.append(f"<p>{life}. Later name: {esc(d['last_name'] or d['name'])}.")
        if d["area_team_2013"]:
            h.append(f" In April 2013 it sat in NHS England area team {esc(d['area_team_2013'])} ({esc(d['region_2013'])}).")
        if d["final"]["code"] != d["code"]:
            h.append(f" Its line ends in {esc(d['final']['name'])} ({esc(d['final']['code'])}), part of "
                     f"{esc(d['final']['icb_name'])} ({esc(d['final']['icb_code'])}).</p>")
        else:
            h.append(f" From 1 July 2022 its code is a sub-ICB location of {esc(d['final']['icb_name'])} "
                     f"({esc(d['final']['icb_code'])}).</p>")
        if d.get("note"):
            h.append(f"<p><small>Note: {esc(d['note'])}.</small></p>")
    elif kind == "icb":
        h.append(f"<p>Established on 1 July 2022 (ONS code {esc(d['ons_code'])}).</p>")
    else:
        p = d["parent"]
        h.append(f"<p>ODS open date {esc(day_text(d['start']))}"
                 + (f", closed {esc(day_text(d['end']))}" if d["end"] else "")
                 + f". Parent in the latest file: {esc(p['name'] or p['code'])} ({esc(p['code'])})"
                 + (f", in ICB {esc(p['icb_code'])}" if p["icb_code"] else "") + ".</p>")
        if len(d["names"]) > 1:
            h.append(f"<p>Earlier name(s): {esc('; '.join(d['names'][:-1]))}.</p>")
    h.append("<h5>Predecessors</h5>")
    h.append(_list([f"{esc(p['code'])} {esc(p['name'])} ({esc(day_text(p['start']))}"
                    + (f" to {esc(day_text(p['end']))}" if p["end"] else "") + ")" for p in d["predecessors"]])
             if kind != "pcn" else "<p>ODS records no predecessors for PCNs in these files.</p>")
    h.append("<h5>Successors</h5>")
    h.append(_list([f"{esc(s['code'])}" + (f" {esc(s['name'])}" if s["name"] else "") + f" from {esc(day_text(s['date']))}"
                    + (" (provisional)" if s["status"] == "provisional" else "") for s in d["successors"]])
             if d["successors"] or kind != "ccg" else
             f"<p>None: the code carried on as a sub-ICB location of {esc(d['final']['icb_code'])} from 1 July 2022.</p>")
    label = {"icb": "Members (sub-ICB locations, the former CCGs)", "ccg": "PCNs whose parent it was (May 2022)",
             "pcn": "Member practices (latest file)"}[kind]
    h.append(f"<h5>{esc(label)}</h5>")
    items = []
    for m in d["members"]:
        pop = m.get("patients")
        pop_text = (f": {_n(pop)} registered patients" + (" on 1 May 2022" if kind != "icb" else "")
                    if pop not in (None, "") and str(pop) != "<NA>" else "")
        items.append(f"{esc(m['code'])} {esc(m['name'])}{esc(pop_text)}")
    h.append(_list(items))
    h.append("<h5>Registered population</h5>")
    h.append(_list([f"{esc(_when(day))}: {esc(_n(n))} ({esc(src)})" for day, n, src in d["population"]]))
    h.append("<h5>Dates in the organisation data</h5>")
    h.append(_list([f"{esc(day_text(day))}: {esc(text)}" for day, text in d["facts"]]))
    h.append("<h5>Reforms that touched it (from the timeline)</h5>")
    h.append(_reforms_html(d["reforms"]))
    h.append("</div>")
    return "".join(h)


def show_details(kind: str, code: str, folder=None) -> None:
    from IPython.display import HTML, display

    display(HTML(details_html(kind, code, folder)))


_cards: dict = {}  # (kind, code, folder) -> the finder's card, cleared by clear_cache()


class Finder:
    """Search as you type for an ICB, CCG or PCN by name or code; pick a match to see its card.

    Drive it from Python: :meth:`type` sets the search text (as typing does), :meth:`pick`
    opens a match; :attr:`results` and :attr:`card` hold what is shown.
    """

    def __init__(self, folder=None, limit: int = 12):
        import ipywidgets as w

        self.folder = folder
        self.limit = limit
        self.text = w.Text(value="", placeholder="e.g. Leeds, 15F, Frimley, U00070",
                           description="Find:", continuous_update=True, layout=w.Layout(width="520px"))
        self.matches = w.Select(options=[], rows=8, description="Matches:", layout=w.Layout(width="760px"))
        self.status = w.HTML()
        self.detail = w.HTML()
        self.results: list[dict] = []
        self.card = ""
        self.text.observe(lambda change: self.type(change["new"]), names="value")
        self.matches.observe(lambda change: self.pick(change["new"]) if change["new"] else None, names="value")
        self.widget = w.VBox([self.text, self.status, self.matches, self.detail])

    def type(self, text: str) -> list[dict]:
        """Search for ``text``; fills the match list and opens the first match."""
        if self.text.value != text:
            self.text.value = text  # the observer calls back here
            return self.results
        self.results = search(text, self.limit, folder=self.folder)
        if not text.strip():
            self.status.value = "<p>Type part of a name or a code.</p>"
        elif not self.results:
            self.status.value = f"<p>No ICB, CCG or PCN matches “{esc(text.strip())}”.</p>"
        else:
            self.status.value = (f"<p>{len(self.results)} match(es) for “{esc(text.strip())}”"
                                 + (" (first shown)" if len(self.results) == self.limit else "") + ".</p>")
        self.matches.options = [(r["label"], f"{r['kind']}:{r['code']}") for r in self.results]
        if self.results:
            first = f"{self.results[0]['kind']}:{self.results[0]['code']}"
            if self.matches.value != first:
                self.matches.value = first  # observer opens it
            else:
                self.pick(first)
        else:
            self.card = ""
            self.detail.value = ""
        return self.results

    def pick(self, key: str) -> str:
        """Open ``"kind:code"`` (e.g. ``"icb:QWO"``); returns the card's HTML."""
        kind, _, code = key.partition(":")
        ck = (kind, code, _key(self.folder))
        if ck not in _cards:  # typing opens the first match at every keystroke: build each card once
            _cards[ck] = details_html(kind, code, self.folder)
        self.card = _cards[ck]
        self.detail.value = self.card
        return self.card

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


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

    def __init__(self, folder=None):
        import ipywidgets as w
        import plotly.graph_objects as go

        self.folder = folder
        self._figure = go.Figure()
        self.choice = w.ToggleButtons(options=[(day_text(d), d) for d in PCN_SIZE_DATES], value="2022-05-01",
                                      description="Date:")
        self.status = w.HTML()
        self.out = w.Output()
        self.choice.observe(lambda change: self.set_date(change["new"]), names="value")
        self.widget = w.VBox([self.choice, self.status, self.out])
        self.summary = ""
        self.set_date("2022-05-01")

    def set_date(self, as_of: str) -> str:
        if self.choice.value != as_of:
            self.choice.value = as_of
            return self.summary
        bundle, self.summary = _pcn_view(as_of, _key(self.folder))
        self.status.value = f'<p class="juc-summary"><strong>In short:</strong> {esc(self.summary)}</p>'
        self._show(as_of, bundle)
        return self.summary

    def _draw(self, fig, as_of) -> None:
        _draw_pcn(fig, as_of, self.folder)


# --------------------------------------------------------------------------
# Small static helpers for the notebook
# --------------------------------------------------------------------------

def ccg_counts_text(folder=None) -> str:
    c = _ods().load_ccg_counts(folder)
    return "; ".join(f"{day_text(a)}: {n}" for a, n in zip(c["as_of"], c["count"]))


def icb_changes_html(folder=None) -> str:
    ch = _tables(_key(folder))["changes"]
    by_succ: dict[str, list[str]] = {}
    names = {}
    for r in ch.to_dict("records"):
        by_succ.setdefault(r["successor_code"], []).append(
            f"{r['predecessor_name'].replace(' Integrated Care Board', ' ICB')} ({r['predecessor_code']})")
        names[r["successor_code"]] = r["successor_name"]
    rows = "".join(
        f"<tr><td>{esc(code)}{(' ' + esc(names[code])) if names[code] else ' (new code)'}</td>"
        f"<td>{esc('; '.join(preds))}</td></tr>"
        for code, preds in sorted(by_succ.items()))
    return ('<table class="juc-table"><caption>ICB successions ODS records for 1 April 2026 (provisional)</caption>'
            "<thead><tr><th>Successor</th><th>Predecessor(s)</th></tr></thead><tbody>" + rows + "</tbody></table>")


def accuracy_text(folder=None) -> str:
    """When the facts were checked, and the "as at" of each derived table group."""
    from . import ACCURATE_AS_OF

    meta = _ods().load_metadata(folder).set_index("table")
    return "\n".join([
        f"Facts checked against their sources: {ACCURATE_AS_OF}.",
        f"CCGs and ICB membership: {meta.loc['ccgs', 'as_at']}.",
        f"ICB successions: {meta.loc['icb_changes_2026', 'as_at']}.",
        f"PCNs: {meta.loc['pcns', 'as_at']} (ODS ePCN files of December 2019, May 2022 and October 2024).",
        "Registered patients: NHS Digital extracts of 1 January 2021, 1 January 2022 and 1 May 2022.",
    ])


def print_accuracy(folder=None) -> None:
    print(accuracy_text(folder))


#: Argument ids shown as "voices" in the notebook: both sides of how big and how local.
VOICES = ("reeve-12", "lmc-06", "nhsei-05", "lmc-16", "lmc-04")


def voices_html(ids=VOICES) -> str:
    """Selected arguments from the source documents, each with its speaker, date and source."""
    from .arguments import argument_html, load_argument_data

    data = load_argument_data()
    by_id = {a["argument_id"]: a for a in data.arguments}
    parts = []
    for i in ids:
        if i not in by_id:
            continue
        a = by_id[i]
        parts.append(f"<h5>{esc(data.voice_label(a['stakeholder_id']))}</h5>" + argument_html(data, a, with_theme=True))
    return "".join(parts)


def show_voices(ids=VOICES) -> None:
    from IPython.display import HTML, display

    display(HTML(voices_html(ids)))


def counts_comparison_rows(folder=None) -> list[dict]:
    """Every org_counts row our derived tables speak to, with our count beside it."""
    from . import data

    try:
        oc = data.load_org_counts()
    except Exception as exc:  # noqa: BLE001 (absent or mid-edit: say so rather than fail)
        if type(exc).__name__ in ("DataError", "FileNotFoundError"):
            return []
        raise
    o = _ods()
    rows = []
    for r in oc.to_dict("records"):
        got = o.derived_count_for(r["org_type"], r["as_of"], r["as_of_precision"], r["source_id"], folder)
        if got is not None:
            rows.append({"org_type": r["org_type"], "as_of": r["as_of"], "published": int(r["count"]),
                         "source_id": r["source_id"], "ours": got[0], "agree": int(r["count"]) == got[0],
                         "note": r.get("note") or ""})
    return rows


def counts_comparison_html(folder=None) -> str:
    rows = counts_comparison_rows(folder)
    if not rows:
        return "<p>data/org_counts.csv is not available, so there is nothing to compare.</p>"
    labels = {"clinical_commissioning_groups": "CCGs", "integrated_care_boards": "ICBs",
              "primary_care_networks": "PCNs"}
    body = "".join(
        f"<tr><td>{esc(labels.get(r['org_type'], r['org_type']))}</td><td>{esc(r['as_of'])}</td>"
        f"<td>{esc(_n(r['published']))}</td><td>{esc(r['source_id'])}</td><td>{esc(_n(r['ours']))}</td>"
        f"<td>{'yes' if r['agree'] else 'no: ' + esc(r['note'])}</td></tr>" for r in rows)
    agree = sum(r["agree"] for r in rows)
    return (f'<table class="juc-table"><caption>Counts in org_counts.csv beside our counts from the organisation '
            f"files: {agree} of {len(rows)} agree</caption><thead><tr><th>Bodies</th><th>Date</th><th>Count</th>"
            "<th>Source</th><th>From the files</th><th>Agree?</th></tr></thead><tbody>" + body + "</tbody></table>")


def show_counts_comparison(folder=None) -> None:
    from IPython.display import HTML, display

    display(HTML(counts_comparison_html(folder)))


def shas_html(folder=None) -> str:
    o = _ods()
    shas = o.load_shas_2012(folder)
    pcts = o.load_pcts_2012(folder)
    body = "".join(f"<tr><td>{esc(r['sha_code'])}</td><td>{esc(r['sha_name'])}</td><td>{r['pcts']}</td></tr>"
                   for r in shas.to_dict("records"))
    straddle = sorted(set(pcts[pcts["straddles"] == "yes"]["pct_name"]))
    return ('<table class="juc-table"><caption>The 10 strategic health authorities of 2012 and the PCTs listed under '
            f'each ({pcts["pct_code"].nunique()} PCTs)</caption><thead><tr><th>Code</th><th>SHA</th><th>PCTs</th></tr>'
            "</thead><tbody>" + body + "</tbody></table>"
            + f"<p>Listed under two SHAs: {esc('; '.join(straddle))}.</p>")


def show_shas(folder=None) -> None:
    from IPython.display import HTML, display

    display(HTML(shas_html(folder)))


def _details_block(lines: list[str]) -> str:
    return ("<details><summary>Show the solution</summary><ul>" + "".join(f"<li>{esc(x)}</li>" for x in lines)
            + "</ul></details>")


def solution_lines(name: str, folder=None) -> list[str]:
    """Solutions to the notebook's exercises, computed from the derived tables."""
    t = _tables(_key(folder))
    ccgs, icbs = t["ccgs"], t["icbs"]
    if name == "most_ccgs":
        orig = ccgs[ccgs["start_date"] == "2013-04-01"].groupby("icb_code").size().sort_values(ascending=False)
        names = icbs.set_index("icb_code")["icb_name"]
        top = orig.iloc[:3]
        ones = int((orig == 1).sum())
        return ([f"{names[c]} ({c}): {n} CCGs of April 2013" for c, n in top.items()]
                + [f"{ones} ICB(s) took over the area of a single April 2013 CCG."])
    if name == "mergers_2020":
        closed = ccgs[ccgs["succession_date"] == "2020-04-01"]
        new = sorted(set(closed["successor_code"]))
        counts = dict(zip(*_ods().load_ccg_counts(folder)[["as_of", "count"]].T.values))
        return [f"On 1 April 2020, {len(closed)} CCGs closed and merged into {len(new)} CCGs "
                f"({', '.join(new)}).",
                f"The count of CCGs fell from {counts['2019-04-01']} (1 April 2019) to "
                f"{counts['2020-04-01']} (1 April 2020)."]
    if name == "changes_2026":
        ch = t["changes"]
        preds = sorted(set(ch["predecessor_code"]))
        new = sorted(set(ch["successor_code"]) - set(icbs["icb_code"]))
        return [f"ODS records {len(preds)} ICBs as predecessors on 1 April 2026: {', '.join(preds)}.",
                f"They pass to {len(new)} new codes ({', '.join(new)}) and, for part of Frimley, to the existing "
                "Hampshire and Isle of Wight ICB (QRL); 42 - 12 + 6 = 36 ICBs.",
                "Treat this as provisional: it comes from an ODS extract made between 1 April and 3 May 2026, the "
                "new bodies are not named in these files, and other sources may not yet confirm it."]
    if name == "pcn_range":
        s = pcn_shares("2022-05-01", folder)
        return [pcn_summary("2022-05-01", folder),
                f"{s['partial']} PCNs have a member practice with no list size in the May 2022 file, so their "
                "totals are slightly low.",
                "For comparison, a BJGP study using January 2020 data found 58% of 1,250 PCNs inside the range, "
                "7% below and 35% above."]
    raise KeyError(name)


def solution(name: str, folder=None):
    from IPython.display import HTML

    return HTML(_details_block(solution_lines(name, folder)))


#: Every source cited in notebook 08, for its reference list (besides those of the derived tables).
NOTEBOOK_SOURCES = ("rcgp-curriculum-organisations-2019", "nhse-integrated-care-in-your-area-2022",
                    "nottstv-notts-icb-2022", "ods-catalogue-pcn", "dhsc-wq-pcn-rural-2019",
                    "kingsfund-gp-contract-explained-2020", "bjgp-morciano-pcn-size-2020", "nhsd-pcn-ods-codes-2019",
                    "ods-ord-api-examples", "hf-nav-hsca-structures-2013", "seed-reeve-2013", "seed-lmc-response-2021")


def source_ids_used(folder=None) -> list[str]:
    ids = list(NOTEBOOK_SOURCES)
    for text in _ods().load_metadata(folder)["source_ids"]:
        for s in text.split(";"):
            if s not in ids:
                ids.append(s)
    try:
        from .data import load_quiz

        for s in load_quiz()[lambda q: q["notebook"] == "08_your_patch"]["source_id"]:
            if s not in ids:
                ids.append(s)
    except Exception:  # noqa: BLE001 (no quiz table: nothing to add)
        pass
    return ids


def show_references(folder=None) -> None:
    from .display import show_references as _show

    _show(source_ids_used(folder))


def show_icb_changes(folder=None) -> None:
    from IPython.display import HTML, display

    display(HTML(icb_changes_html(folder)))


def print_ccg_counts(folder=None) -> None:
    print("CCGs open on 1 April (ODS): " + ccg_counts_text(folder) + ".")
