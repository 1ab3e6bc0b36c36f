"""Notebook 08's maps and practice story, without a browser: the boundary reader, the derived
map layers and practice history (checked against the raw files), the fast load of unchanged
derived tables, the map figures and widget, and the practice story."""

from __future__ import annotations

import json
import shutil

import pytest

from helpers import patch, style
from helpers.data import ods
from helpers.data.derived_specs import DERIVED_TABLES
from helpers.data.schema import DataError

RAW = ods.raw_dir(None)
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data-raw is not beside the project")


def _shapes(name: str) -> dict:
    from shapely.geometry import shape

    return {f["properties"]["code"]: shape(f["geometry"]) for f in ods.load_map(name)["features"]}


# ---------------------------------------------------------------- the boundary reader

def _write(tmp_path, doc) -> object:
    p = tmp_path / "b.geojson"
    p.write_text(json.dumps(doc), encoding="utf-8")
    return p


SQUARE = {"type": "Polygon", "coordinates": [[[-1.0, 52.0], [-0.9, 52.0], [-0.9, 52.1], [-1.0, 52.0]]]}


def test_the_boundary_reader_names_feature_property_and_problem(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"CD": "E38000001", "NM": "A"}, "geometry": SQUARE},
        {"type": "Feature", "properties": {"CD": "X1", "NM": ""}, "geometry": SQUARE},
        {"type": "Feature", "properties": {"CD": "E38000003", "NM": "C"},
         "geometry": {"type": "Polygon", "coordinates": [[[52.0, -1.0], [52.0, -0.9], [52.1, -0.9], [52.0, -1.0]]]}},
        {"type": "Feature", "properties": {"CD": "E38000001", "NM": "D"}, "geometry": {"type": "Point", "coordinates": [0, 52]}},
    ]}
    with pytest.raises(DataError) as e:
        ods.read_boundaries(_write(tmp_path, doc), "CD", "NM", r"^E38[0-9]{6}$")
    msgs = [str(p) for p in e.value.problems]
    assert any("row 2" in m and "'CD'" in m and "'X1' is not a valid ONS code" in m for m in msgs), msgs
    assert any("row 2" in m and "'NM'" in m and "empty name" in m for m in msgs), msgs
    assert any("row 3" in m and "outside England" in m for m in msgs), msgs
    assert any("row 4" in m and "duplicate code E38000001" in m for m in msgs), msgs
    assert any("row 4" in m and "not Polygon or MultiPolygon" in m for m in msgs), msgs


def test_the_boundary_reader_refuses_other_coordinate_systems_and_files(tmp_path):
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:27700"}}, "features": []}
    with pytest.raises(DataError, match="EPSG:27700.*not WGS84"):
        ods.read_boundaries(_write(tmp_path, doc), "CD", "NM", r".")
    with pytest.raises(DataError, match="not a GeoJSON FeatureCollection"):
        ods.read_boundaries(_write(tmp_path, [1, 2]), "CD", "NM", r".")
    with pytest.raises(DataError, match="file not found"):
        ods.read_boundaries(tmp_path / "missing.geojson", "CD", "NM", r".")


# ---------------------------------------------------------------- the map layers

def test_the_map_layers_hold_every_area_once():
    assert len(ods.load_derived("map_ccgs_2021")) == 106
    assert set(ods.load_derived("map_ccgs_2021")["code"]) == set(ods.load_icb_members()["sub_icb_code"])
    assert set(ods.load_derived("map_icbs_2022")["code"]) == set(ods.load_icbs()["icb_code"])
    later = ods.load_derived("map_icbs_2026")
    changes = ods.load_icb_changes_2026()
    unchanged = set(ods.load_icbs()["icb_code"]) - set(changes["predecessor_code"])
    new = set(changes["successor_code"]) - set(ods.load_icbs()["icb_code"])
    split = {p for p, n in changes.groupby("predecessor_code").size().items() if n > 1}
    assert set(later.loc[later["status"] == "merged", "code"]) == new
    assert set(later.loc[later["status"] == "unchanged", "code"]) == unchanged - set(changes["successor_code"])
    # every split ICB is drawn in parts by sub-ICB lines, except where no footprint names its parts
    assert set(later.loc[later["status"] == "split", "code"]) <= split
    assert len(later) == len(unchanged) + len(new) + (later["status"] == "split").sum()


def test_the_parts_of_split_icbs_are_sub_icb_locations_of_a_predecessor():
    from helpers import data

    members = ods.load_icb_members().set_index("sub_icb_code")["icb_code"]
    changes = ods.load_icb_changes_2026()
    for r in data.load_icb_footprints_2026().to_dict("records"):
        preds = set(changes.loc[changes["successor_code"] == r["successor_code"], "predecessor_code"])
        for sub in filter(None, (r["parts_from_split"] or "").split(";")):
            assert sub in members.index, f"{r['successor_code']}: {sub} is not a sub-ICB location"
            assert members[sub] in preds, f"{r['successor_code']}: {sub} is in {members[sub]}, not a predecessor"


def test_each_layer_is_small_valid_and_coloured_so_neighbours_differ():
    for name in ("map_ccgs_2021", "map_icbs_2022", "map_icbs_2026"):
        assert (ods.DERIVED_DIR / f"{name}.geojson").stat().st_size < 400_000
        shapes = _shapes(name)
        assert all(g.is_valid and not g.is_empty for g in shapes.values()), name
        props = ods.load_derived(name).set_index("code")
        group = props["icb_code"] if name == "map_ccgs_2021" else props.index.to_series()
        for a, ga in shapes.items():
            for b, gb in shapes.items():
                if a < b and group[a] != group[b] and ga.buffer(1e-6).intersects(gb):
                    assert props.loc[a, "shade"] != props.loc[b, "shade"], f"{name}: {a} and {b} touch and share a shade"
        for code, g in shapes.items():
            from shapely.geometry import Point

            assert g.buffer(1e-3).contains(Point(props.loc[code, "label_lon"], props.loc[code, "label_lat"])), code


@needs_raw
def test_the_icbs_dissolved_from_sub_icb_locations_match_the_ons_icb_boundaries():
    """An independent check of the membership join: ONS's own ICB shapes (April 2023)."""
    from shapely.geometry import shape

    rel, code_key, name_key, pattern = ods.BOUNDARY_FILES["icb_2023"]
    ons = {f["ons_code"]: shape(f["geometry"]) for f in ods.read_boundaries(RAW / rel, code_key, name_key, pattern)}
    by_code = dict(zip(ods.load_icbs()["icb_code"], ods.load_icbs()["icb_ons_code"]))
    for code, g in _shapes("map_icbs_2022").items():
        theirs = ons[by_code[code]]
        overlap = g.intersection(theirs).area / g.union(theirs).area
        assert overlap > 0.9, f"{code}: only {overlap:.2f} of the area agrees with ONS"


def test_a_map_layer_with_a_bad_property_is_refused_with_its_row_and_line(tmp_path):
    folder = tmp_path / "derived"
    shutil.copytree(ods.DERIVED_DIR, folder)
    path = folder / "map_icbs_2022.geojson"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].replace('"shade":"', '"shade":"x', 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    ods.clear_cache()
    try:
        with pytest.raises(DataError) as e:
            ods.load_map("map_icbs_2022", folder)
        assert any("row 3 (line 4), column 'shade'" in str(p) for p in e.value.problems), e.value
    finally:
        ods.clear_cache()


# ---------------------------------------------------------------- loading unchanged tables fast

def test_a_table_as_derived_loads_the_same_without_the_cell_checks():
    from pandas.testing import assert_frame_equal

    for name, table in DERIVED_TABLES.items():
        assert_frame_equal(ods.load_derived(name), ods.load_derived(name, strict=True), obj=name)


def test_a_changed_table_is_checked_in_full(tmp_path):
    folder = tmp_path / "derived"
    shutil.copytree(ods.DERIVED_DIR, folder)
    path = folder / "practice_history.csv"
    text = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, t in enumerate(text) if ",ccg," in t)
    text[line] = text[line].replace(",ccg,", ",pct,", 1)
    path.write_text("\n".join(text), encoding="utf-8")
    ods.clear_cache()
    try:
        with pytest.raises(DataError) as e:
            ods.load_practice_history(folder)
        assert any(f"row {line} (line {line + 1}), column 'kind'" in str(p) for p in e.value.problems), e.value
    finally:
        ods.clear_cache()


# ---------------------------------------------------------------- the practice history

@needs_raw
def test_the_list_sizes_add_up_to_the_england_totals_in_the_files():
    h = ods.load_practice_history()
    ccg = h[h["kind"] == "ccg"]
    for day, month in (("2021-01-01", "2021-01"), ("2022-01-01", "2022-01"), ("2022-05-01", "2022-05")):
        raw = ods.read_gp_list_size(RAW / f"gp-registered-patients/gp-reg-pat-prac-all_{month}.csv")
        assert int(ccg.loc[ccg["as_of"] == day, "registered_patients"].sum()) == int(raw["patients"].astype(int).sum())
        assert (ccg["as_of"] == day).sum() == len(raw)


def test_every_row_cites_sources_that_exist():
    from helpers import data

    known = set(data.load_sources()["source_id"])
    used = {s for v in ods.load_practice_history()["source"].unique() for s in v.split(";")}
    assert used <= known, used - known


# ---------------------------------------------------------------- the practice story

def test_a_known_practice_has_its_bodies_at_each_date():
    s = patch.practice_story("h85026")
    assert s["found"] and s["code"] == "H85026"
    by = {d["as_of"]: d for d in s["dates"]}
    assert by["2022-05-01"]["ccg"]["code"] == "36L" and by["2022-05-01"]["patients"] > 0
    assert by["2022-05-01"]["pcn"]["code"] == "U00070"
    assert "inside the intended 30,000–50,000" in by["2022-05-01"]["pcn_size"]
    assert by["2022-07-01"]["icb"]["code"] == "QWE"
    assert any("primary care trust" in n for n in s["notes"])
    assert s["reforms"], "no reform on the timeline touched its CCG, PCN or ICB"


def test_an_unknown_code_and_a_closed_practice_get_plain_sentences():
    s = patch.practice_story("Z99999")
    assert not s["found"] and "No practice with the code Z99999" in s["notes"][0]
    assert "No practice with the code" in patch.story_html("")
    h = ods.load_practice_history()
    last = h.groupby("practice_code")["as_of"].max()
    closed = last[last < "2024-10-01"].index[0]
    notes = " ".join(patch.practice_story(closed)["notes"])
    assert "not in the October 2024 PCN file" in notes


def test_a_practice_in_a_split_icb_is_told_so():
    h = ods.load_practice_history()
    code = h[(h["kind"] == "icb") & (h["as_of"] == "2026-04-01") & (h["name"].str.startswith("split"))]["practice_code"].iloc[0]
    row = {d["as_of"]: d for d in patch.practice_story(code)["dates"]}["2026-04-01"]
    assert row["icb"]["name"].startswith("split between 3")


def test_the_story_widget_finds_by_code_and_name():
    w = patch.PracticeStory()
    assert "H85026" in w.card and "<table" in w.card
    w.type("densham")
    assert w.results and w.results[0]["code"] == "A81001" and "A81001" in w.card
    w.type("no such surgery anywhere")
    assert w.card == "" and "No practice" in w.status.value
    assert "H85026" in w._repr_mimebundle_()["text/html"]


# ---------------------------------------------------------------- the maps

def test_each_map_has_a_title_palette_summary_and_no_internet_base_map():
    for key, _, _ in patch.LAYERS:
        fig, summary = patch.map_figure(key, "QMJ")
        assert not style.check_figure(fig), style.check_figure(fig)
        assert summary and "Highlighted" in summary
        spec = patch.map_spec(key)
        assert spec["data"][0]["type"] == "scattergeo"  # plotly.js fetches a world map if a choropleth is first
        assert spec["layout"]["geo"]["visible"] is False and spec["layout"]["geo"]["fitbounds"] == "locations"
        colours = set(spec["data"][1]["colorscale"][i][1] for i in range(len(spec["data"][1]["colorscale"])))
        assert colours <= set(patch.maps.SHADE_COLOURS) | {patch.maps.UNCHANGED}


def test_the_2026_map_names_its_changed_icbs_with_letters_and_a_key():
    spec = patch.map_spec("icbs_2026")
    key = patch.maps.map_key("icbs_2026")
    assert len(spec["data"][0]["text"]) == len(key) == (ods.load_derived("map_icbs_2026")["status"] != "unchanged").sum()
    note = spec["layout"]["annotations"][0]["text"]
    assert all(f"<b>{k}</b>" in note and c in note for k, _, c in key)


def test_the_highlight_outlines_the_icb_of_a_practice_pcn_ccg_or_icb():
    assert patch.icb_for("practice", "H85026") == "QWE"
    assert patch.icb_for("ccg", "02Q") == patch.icb_for("icb", patch.icb_for("ccg", "02Q"))
    assert patch.icb_for("pcn", "U00070") == "QWE"
    assert patch.icb_for("icb", "NOPE") is None
    ccgs = patch.areas_of("ccgs_2021", "QWE")
    assert ccgs == set(ods.load_icb_members().query("icb_code == 'QWE'")["sub_icb_code"])
    spec = patch.map_spec("ccgs_2021", "QWE")
    widths = dict(zip(spec["data"][1]["locations"], spec["data"][1]["marker"]["line"]["width"]))
    assert {c for c, wdt in widths.items() if wdt > 1} == ccgs
    assert patch.areas_of("icbs_2026", "QMJ") == {"Z9B2Z"}


def test_the_map_widget_switches_layers_and_finds_in_place():
    v = patch.MapView()
    assert v.shown["text/plain"].startswith("[Map: The 106 CCGs")
    v.choose("icbs_2026")
    assert v.tabs.selected_index == 2 and "after the changes of 1 April 2026" in v.shown["text/plain"]
    assert v.find("H85026") == "QWE" and "outlined" in v.status.value
    assert "Highlighted" in v.caption.value
    assert v.find("zzzz") is None and "Nothing matches" in v.status.value
    v.choose("ccgs_2021")
    assert v.tabs.selected_index == 0 and v.shown["text/plain"].startswith("[Map: The 106 CCGs")
    bundle = v._repr_mimebundle_()
    fixed = json.loads(bundle[style.COMPACT_PLOTLY_MIME])
    assert {t.get("geo") for t in fixed["data"]} == {"geo", "geo2", "geo3"}
    assert "application/vnd.jupyter.widget-view+json" in bundle and "text/html" in bundle


def test_the_maps_as_a_table_give_every_icb_and_the_attribution_names_ordnance_survey():
    html = patch.map_tables_html()
    assert html.count("<tr>") == 42 + 1
    assert "Contains OS data" in patch.map_attribution_html()


def test_the_offline_export_draws_the_maps_as_one_figure():
    import nbformat

    from helpers.publish import export

    from helpers import catalogue

    nb = nbformat.read(catalogue.NOTEBOOK_DIR / "08_your_patch.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "MapView" in c.source)
    assert style.COMPACT_PLOTLY_MIME in cell.outputs[0]["data"]
    export.prepare(nb)
    html = cell.outputs[0]["data"]["text/html"]
    assert "Plotly.newPlot" in html and "choropleth" in html


def test_a_find_outlines_its_icb_in_place_without_sending_the_maps_again():
    from helpers.patch import map_view

    v = patch.MapView()
    drawn = v.outs["ccgs_2021"].outputs
    assert v.find("H85026") == "QWE"
    assert v.outs["ccgs_2021"].outputs == drawn  # the map is not drawn again: a script outlines it
    js = v.script.outputs[0]["data"]["application/javascript"]
    assert v.uid in js and '"ccgs_2021":' in js and "geojson" not in js and len(js) < 20_000
    want = patch.map_spec("ccgs_2021", "QWE")
    assert json.loads(map_view.outline_json("ccgs_2021", "QWE"))["marker"] == want["data"][1]["marker"]
    # each tab is drawn once with every ICB's name label, all hidden but the ICB found
    spec = map_view.drawn_bundle("ccgs_2021", "QWE")["application/vnd.plotly.v1+json"]
    labels = spec["data"][0]
    assert [t for t, c in zip(labels["text"], labels["textfont"]["color"]) if c != map_view.HIDDEN] == [want["data"][0]["text"][-1]]
    assert want["data"][0]["text"][-1] == "<b>NHS South West London<br>ICB</b>"  # a line break, not a literal <br>
    assert spec["data"][1] == want["data"][1] and spec["layout"] == want["layout"]
    v.choose("icbs_2022")  # a tab drawn for the first time is drawn outlined
    assert v.outs["icbs_2022"].outputs[0]["data"] == map_view.drawn_bundle("icbs_2022", "QWE")
    v.find("Frimley")
    js = v.script.outputs[0]["data"]["application/javascript"]
    assert '"ccgs_2021":' in js and '"icbs_2022":' in js and '"icbs_2026":' not in js
    assert "Highlighted: NHS Frimley ICB" in v.summary and v.shown["text/plain"].endswith(v.summary)


def test_the_search_reads_its_index_and_gives_the_same_order():
    assert [h["code"] for h in patch.search("leeds")[:3]] == ["15F", "02V", "03G"]  # name starts, then by name
    assert patch.search("QWO")[0] == {"kind": "icb", "code": "QWO", "name": "NHS West Yorkshire Integrated Care Board",
                                      "label": "ICB QWO: NHS West Yorkshire Integrated Care Board"}
    assert patch.search("  ") == [] and patch.search("zzzz qqqq") == []
    assert all(h["kind"] == "pcn" for h in patch.search("surgery", kinds=("pcn",)))
    assert len(patch.search("nhs", limit=3)) == 3
