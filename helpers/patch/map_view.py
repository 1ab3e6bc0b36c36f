"""The map widget of notebook 08 (:class:`MapView`) and the same data as text (:func:`map_tables_html`)."""

from __future__ import annotations

import functools
import json

from ..display import ShownOnce, esc, html_table
from ..plot_in_place import PageScript
from .joins import _key, attribution_html
from .maps import (LAYER_LABEL, LAYERS, STATUS_TEXT, _base_spec, _layer, area_name, highlight_label,
                   at_type_size, highlight_marker, icb_for, map_bundle, map_spec, map_summary, map_title)
from .search import search

MAP_TABLES = ("map_ccgs_2021", "map_icbs_2022", "map_icbs_2026")


def map_attribution_html(folder=None) -> str:
    """The ONS (with the Ordnance Survey clause) and ODS lines, printed wherever a map is."""
    return attribution_html(MAP_TABLES, folder)


class MapView(ShownOnce):
    """See the CCGs of 2021, the ICBs of 2022 or the ICBs from April 2026 on a map; find your own ICB.

    One figure, redrawn in place. Drive it from Python: :meth:`choose` picks a layer, :meth:`find`
    searches (an ICB, CCG or PCN by name or code, or a practice code) and highlights its ICB;
    :attr:`bundle` is what is on screen and :attr:`summary` its one-line text.
    Where widgets cannot run, the output carries the three maps as one fixed figure instead.
    """

    def __init__(self, layer: str = "ccgs_2021", folder=None, data_dir=None):
        import ipywidgets as w

        self.folder, self.data_dir = folder, data_dir
        self.layer, self.highlight, self.found = layer, None, ""
        self.text = w.Text(value="", placeholder="e.g. Leeds, 15F, U00070 or a practice code such as H85026",
                           description="Find:", layout=w.Layout(width="560px"))
        self.status = w.HTML()
        self.caption = w.HTML()
        # One output per layer, as the tabs of one Tab widget: each map is drawn the first time its
        # tab is chosen; after that, changing tab happens in the browser alone (no kernel, no
        # geometry sent). A find outlines its ICB on the maps already drawn in place: `script`
        # carries a few kilobytes of outline widths and colours, and the geometry stays in the page.
        self.outs = {k: w.Output() for k, _, _ in LAYERS}
        for k, out in self.outs.items():
            out.add_class(f"juc-map-layer-{k}")
        self.page = PageScript("juc-map")  # unique across kernels sharing one page
        self.script, self.uid = self.page.out, self.page.uid
        self.tabs = w.Tab(children=list(self.outs.values()), titles=[label for _, label, _ in LAYERS],
                          selected_index=self._index(layer))
        self._drawn: set[str] = set()
        self._painted: str | None = None  # the ICB the maps drawn so far outline in the page
        self.tabs.observe(lambda ch: self.choose(LAYERS[ch["new"]][0]) if ch["new"] is not None else None,
                          names="selected_index")
        self.text.observe(lambda ch: self.find(ch["new"]), names="value")
        self.widget = self.page.mark(w.VBox([self.text, self.status, self.tabs, self.caption, self.script,
                                             w.HTML(map_attribution_html(folder))]))
        self._redraw()

    def _redraw(self) -> None:
        key = self.layer
        self.bundle = map_bundle(key, self.highlight, self.folder, self.data_dir)
        self.summary = map_summary(key, self.highlight, self.folder, self.data_dir)
        if self.highlight != self._painted:
            self._outline()
        if key not in self._drawn:
            self.outs[key].outputs = ({"output_type": "display_data", "metadata": {},
                                       "data": drawn_bundle(key, self.highlight, self.folder, self.data_dir)},)
            self._drawn.add(key)
        self.caption.value = f'<p class="juc-summary">{esc(self.summary)}</p>'

    def _outline(self) -> None:
        """Outline the ICB found on every map drawn so far, in place (a small script, no geometry)."""
        self._painted = self.highlight
        if not self._drawn:
            return
        updates = ",".join(f'"{k}":{outline_json(k, self.highlight, self.folder, self.data_dir)}'
                           for k in sorted(self._drawn))
        self.page.run(f'{OUTLINE_JS}("{self.uid}",{{{updates}}});')

    @staticmethod
    def _index(layer: str) -> int:
        return [k for k, _, _ in LAYERS].index(layer)

    @property
    def shown(self) -> dict:
        """What the map on screen shows: the layer drawn once, outlined in place since."""
        if not self.outs[self.layer].outputs:
            return {}
        return map_bundle(self.layer, self._painted, self.folder, self.data_dir)

    def choose(self, layer: str) -> dict:
        """Show one layer (keeping the highlight); returns the bundle on screen."""
        if self.tabs.selected_index != self._index(layer):
            self.tabs.selected_index = self._index(layer)  # the observer calls back here
            return self.bundle
        self.layer = layer
        self._redraw()
        return self.bundle

    def find(self, text: str) -> str | None:
        """Highlight the ICB of the first match for ``text``; returns that ICB's code (or None)."""
        if self.text.value != text:
            self.text.value = text
            return self.highlight
        q = text.strip()
        kind, code, label = _match(q, self.folder)
        self.highlight = icb_for(kind, code, self.folder) if kind else None
        if not q:
            self.status.value = ""
        elif not self.highlight:
            self.status.value = f"<p>Nothing matches “{esc(q)}”: try part of a name, or a code.</p>"
        else:
            self.status.value = f"<p>{esc(label)}: its ICB is outlined in black.</p>"
        self._redraw()
        return self.highlight

    def fixed_html(self) -> str:
        """For a viewer that shows neither widgets nor plotly figures: what the three maps show."""
        return "".join(f"<p><strong>{esc(LAYER_LABEL[k])}.</strong> {esc(map_summary(k, None, self.folder, self.data_dir))}</p>"
                       for k, _, _ in LAYERS)

    def _repr_mimebundle_(self, **kwargs):
        """The widget, and for the routes without widgets the three maps as one fixed figure."""
        import json

        from .. import style

        bundle = super()._repr_mimebundle_(**kwargs)
        bundle[style.COMPACT_PLOTLY_MIME] = json.dumps(fixed_spec(self.folder, self.data_dir), separators=(",", ":"))
        bundle["text/plain"] = "[Three maps] " + " ".join(map_summary(k, None, self.folder, self.data_dir)
                                                           for k, _, _ in LAYERS)
        return bundle


#: Applied in the page after a find: for each layer drawn, the outline of every area and which name
#: label shows, set on the map's own elements and in its data (so plotly's next redraw of it, as
#: JupyterLab does when a tab is shown again, draws the same). Retried for a few seconds while a
#: map is still being drawn.
OUTLINE_JS = r"""(function (uid, updates) {
  const paint = (gd, u) => {
    const paths = gd.querySelectorAll('path.choroplethlocation');
    if (!gd._fullLayout || !gd.data || gd.data.length < 2 || !paths.length) return false;
    const labels = gd.data[0], areas = gd.data[1];
    areas.marker = JSON.parse(JSON.stringify(u.marker));  // each plot its own copy
    labels.textfont = Object.assign({}, labels.textfont, {color: u.labels.slice()});
    const at = new Map(areas.locations.map((c, i) => [c, i]));
    const line = u.marker.line, each = Array.isArray(line.color);
    paths.forEach(p => {
      const i = at.get(p.__data__ && p.__data__.loc);
      if (i === undefined) return;
      p.style.stroke = each ? line.color[i] : line.color;
      p.style.strokeWidth = (each ? line.width[i] : line.width) + 'px';
    });
    gd.querySelectorAll('.scattergeo text').forEach(t => {
      const c = t.__data__ && u.labels[t.__data__.i];
      if (c !== undefined) t.style.fillOpacity = c === 'rgba(0,0,0,0)' ? '0' : '1';
    });
    return true;
  };
  let tries = 300;
  const run = () => {
    let waiting = false;
    for (const [layer, u] of Object.entries(updates)) {
      const maps = document.querySelectorAll('.' + uid + ' .juc-map-layer-' + layer + ' .js-plotly-plot');
      if (!maps.length) waiting = true;
      maps.forEach(gd => { if (!paint(gd, u)) waiting = true; });
    }
    if (waiting && tries-- > 0) requestAnimationFrame(run);
  };
  run();
})"""
HIDDEN = "rgba(0,0,0,0)"


@functools.cache
def _name_labels(layer: str, folder: str | None, data_dir: str | None) -> tuple:
    """Every ICB's name label on a layer, ``(icb, lon, lat, text)``, in a fixed order."""
    icbs = _layer("icbs_2022", folder)[1]["code"]
    return tuple((icb, *lab) for icb in icbs if (lab := highlight_label(layer, icb, folder, data_dir)))


@functools.cache
def _drawn_bundle(layer: str, highlight: str | None, folder: str | None, data_dir: str | None) -> dict:
    spec = map_spec(layer, None, folder, data_dir)
    names = _name_labels(layer, folder, data_dir)
    letters = dict(spec["data"][0])
    labels = {**letters, "lon": letters["lon"] + [n[1] for n in names], "lat": letters["lat"] + [n[2] for n in names],
              "text": letters["text"] + [n[3] for n in names],
              "textfont": {**letters["textfont"], "color": _label_colours(layer, highlight, folder, data_dir)}}
    areas = dict(spec["data"][1], marker=highlight_marker(layer, highlight, folder, data_dir))
    return {"application/vnd.plotly.v1+json": {**spec, "data": [labels, areas]},
            "text/plain": f"[Map: {map_title(layer)}] {map_summary(layer, highlight, folder, data_dir)}"}


def drawn_bundle(layer: str, highlight: str | None = None, folder=None, data_dir=None) -> dict:
    """The bundle a layer's tab is drawn with: :func:`map_spec`'s figure, with every ICB's name label
    in it, hidden but the one outlined (so a later find only changes colours, in place); in the
    presenter at its type size, like :func:`map_bundle`."""
    return at_type_size(_drawn_bundle(layer, highlight, _key(folder), _key(data_dir)))


def _label_colours(layer: str, highlight: str | None, folder: str | None, data_dir: str | None) -> list[str]:
    letters = len(_base_spec(layer, folder, data_dir)["data"][0]["text"])
    return ["#000000"] * letters + ["#000000" if n[0] == highlight else HIDDEN
                                    for n in _name_labels(layer, folder, data_dir)]


@functools.cache
def _outline(layer: str, highlight: str | None, folder: str | None, data_dir: str | None) -> str:
    return json.dumps({"marker": highlight_marker(layer, highlight, folder, data_dir),
                       "labels": _label_colours(layer, highlight, folder, data_dir)}, separators=(",", ":"))


def outline_json(layer: str, highlight: str | None, folder=None, data_dir=None) -> str:
    """What a find sends for one layer drawn: its marker (outline colours and widths) and label colours."""
    return _outline(layer, highlight, _key(folder), _key(data_dir))


def _match(q: str, folder=None) -> tuple[str, str, str]:
    """(kind, code, label) of the best match: a practice code first, then the finder's search."""
    if not q:
        return "", "", ""
    from .story import practice_label

    code = q.upper()
    if len(code) == 6 and code[0].isalpha() and code[1:].isdigit():
        label = practice_label(code, folder)
        if label:
            return "practice", code, f"Practice {label}"
    hits = search(q, 1, folder=folder)
    if hits:
        return hits[0]["kind"], hits[0]["code"], hits[0]["label"]
    return "", "", ""


def fixed_spec(folder=None, data_dir=None) -> dict:
    """The three maps side by side in one figure (what the offline page shows instead of the widget)."""
    specs = [map_spec(k, None, folder, data_dir) for k, _, _ in LAYERS]
    data, annotations = [], []
    for i, (spec, (key, label, _)) in enumerate(zip(specs, LAYERS)):
        geo = "geo" if i == 0 else f"geo{i + 1}"
        data += [dict(t, geo=geo) for t in spec["data"]]
        annotations.append({"text": f"<b>{esc(label)}</b>", "x": (i + 0.5) / 3, "y": 1.0, "xref": "paper",
                            "yref": "paper", "showarrow": False, "font": {"size": 15}})
    for spec in specs:  # the 2026 map's key, under its own map
        annotations += [dict(a, x=1.0, y=-0.02, yanchor="top", font={"size": 12}) for a in spec["layout"]["annotations"]]
    layout = dict(specs[0]["layout"], title={"text": "CCGs into ICBs, 2021 to 2026 (the 2026 changes are provisional)",
                                             "x": 0.01, "font": {"size": 18}},
                  annotations=annotations, height=700, margin={"l": 10, "r": 10, "t": 60, "b": 150})
    for i in range(3):
        layout["geo" if i == 0 else f"geo{i + 1}"] = {"fitbounds": "locations", "visible": False,
                                                     "projection": {"type": "mercator"},
                                                     "domain": {"x": [i / 3, (i + 1) / 3 - 0.01], "y": [0, 0.94]}}
    return {"data": data, "layout": layout, "config": specs[0]["config"]}


def map_tables_html(folder=None, data_dir=None) -> str:
    """The maps as text: each ICB of 2022 with its CCGs of 2021 and what it became in 2026."""
    ccgs = _layer("ccgs_2021", _key(folder))[1]
    later = _layer("icbs_2026", _key(folder))[1].to_dict("records")
    icbs = _layer("icbs_2022", _key(folder))[1].to_dict("records")
    rows = []
    for r in icbs:
        became = [x for x in later if r["code"] in x["from_codes"].split(";")]
        what = "; ".join(("unchanged" if x["code"] == r["code"] and x["status"] == "unchanged" else
                          f"{area_name('icbs_2026', x, data_dir)} ({x['code']}): {STATUS_TEXT[x['status']]}")
                         for x in became)
        members = ccgs[ccgs["icb_code"] == r["code"]].sort_values("name")
        rows.append({"icb": f"{area_name('icbs_2022', r, data_dir)} ({r['code']})",
                     "ccgs": "; ".join(f"{n} ({c})" for n, c in zip(members["name"], members["code"])),
                     "from_2026": what})
    cols = [("icb", "ICB, July 2022"), ("ccgs", "Its CCGs of April 2021"), ("from_2026", "From 1 April 2026 (provisional)")]
    return ("<details><summary>The maps as a table: each ICB of July 2022, its CCGs of April 2021, and what it "
            f"became in April 2026 ({len(rows)} rows)</summary>"
            + html_table(rows, cols) + "</details>")


def show_map_tables(folder=None, data_dir=None) -> None:
    from IPython.display import HTML, display

    display(HTML(map_tables_html(folder, data_dir)))
