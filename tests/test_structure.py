"""Structure diagrams (helpers.structure) and their tables."""

from __future__ import annotations

import shutil

import pytest

from helpers import data, structure, style

ERAS = list(structure.known_eras())


def test_the_eras_cover_1991_to_now_in_order():
    assert ERAS == ["internal_market", "pcgs", "pcts", "ccgs", "stps", "pcns", "icss"]
    years = [structure.era_info(e).years for e in ERAS]
    assert years[0] == "1991-1999" and years[-1] == "2022-"


@pytest.mark.parametrize("era", ERAS)
def test_one_era_figure_has_title_levels_every_body_and_every_relationship(era):
    info = structure.era_info(era)
    fig = structure.structure_figure(era)
    assert style.check_figure(fig) == []
    assert info.label in fig.layout.title.text and info.years in fig.layout.title.text
    assert list(fig.layout.yaxis.ticktext) == [structure.LAYER_LABEL[k] for k in structure.LAYER_Y]

    nodes = data.load_structures()
    nodes = nodes[nodes["era"] == era]
    bodies = [t for t in fig.data if t.name == "bodies"][0]
    assert len(bodies.x) == len(nodes)
    assert all("Source:" in h for h in bodies.hovertext)

    links = data.load_structure_links()
    links = links[links["era"] == era]
    hover_traces = [t for t in fig.data if t.name.endswith("(hover for detail)")]
    assert sum(len(t.x) for t in hover_traces) == len(links)
    # one visible arrowhead per relationship, turned along its line
    heads = [t for t in fig.data if t.name.endswith("(arrowheads)")]
    assert sum(1 for t in heads for size in t.marker.size if size) == len(links)
    assert all(t.marker.symbol == "arrow" and t.marker.angleref == "previous" for t in heads)


def test_relationship_types_differ_by_line_style_and_colour():
    fig = structure.structure_figure("ccgs")
    lines = [t for t in fig.data if t.mode == "lines"]
    assert [t.legendgroup for t in lines] == list(structure.RELATION_STYLE)
    dashes = {t.line.dash for t in lines}
    colours = {t.line.color.lower() for t in lines}
    assert len(dashes) == len(lines) and len(colours) == len(lines)
    assert colours <= {c.lower() for c in style.OKABE_ITO}
    # every legend shows all five kinds, even where an era uses fewer
    assert all(t.showlegend for t in lines)


def test_hover_names_the_relationship_and_its_source():
    fig = structure.structure_figure("ccgs")
    links = data.load_structure_links()
    row = links[links["link_id"] == "ccgs-area-teams-holds-contract-with-practices"].iloc[0]
    hovers = [h for t in fig.data if t.legendgroup == "holds_contract_with"
              and t.name.endswith("(hover for detail)") for h in t.hovertext]
    text = [h for h in hovers if "NHS England area teams" in h][0]
    assert "holds the contract with" in text and "General practices" in text
    for sid in row["source_ids"]:  # each source by its title's first word, never by its id
        assert sid not in text
    title = data.load_sources().set_index("source_id").loc[row["source_ids"][0], "title"]
    assert title.split()[0] in text


def test_two_eras_side_by_side_in_one_call():
    fig = structure.compare_eras("pcts", "ccgs")
    assert style.check_figure(fig) == []
    assert fig.layout.xaxis2 is not None and fig.layout.yaxis2 is not None
    left = [t for t in fig.data if t.xaxis in (None, "x")]
    right = [t for t in fig.data if t.xaxis == "x2"]
    assert left and right
    # each panel has its own bodies trace with the right number of bodies
    nodes = data.load_structures()
    for traces, era in ((left, "pcts"), (right, "ccgs")):
        bodies = [t for t in traces if t.name == "bodies"][0]
        assert len(bodies.x) == (nodes["era"] == era).sum()
    # panel titles name both eras; the legend lists each relationship once
    titles = [a.text for a in fig.layout.annotations if a.text]
    assert any("Primary care trusts" in t for t in titles)
    assert any("Clinical commissioning groups" in t for t in titles)
    legend = [t.name for t in fig.data if t.showlegend]
    assert len(legend) == len(set(legend)) == len(structure.RELATION_STYLE)
    assert "2002-2013" in fig.layout.title.text and "2013-2022" in fig.layout.title.text


def test_comparison_summary_names_who_held_the_gp_contract():
    summary = structure.compare_summary("internal_market", "icss")
    assert "\n" not in summary
    assert "Family health services authorities" in summary
    assert "Integrated care boards" in summary


@pytest.mark.parametrize("era", ERAS)
def test_every_era_says_who_holds_the_gp_contract(era):
    assert structure.contract_holders(era)


def test_unknown_era_gets_a_clear_error_listing_the_known_eras():
    with pytest.raises(structure.UnknownEraError) as err:
        structure.structure_figure("fundholding")
    message = str(err.value)
    assert "unknown era 'fundholding'" in message
    for era in ERAS:
        assert f"'{era}'" in message
    assert "(1991-1999)" in message
    with pytest.raises(structure.UnknownEraError):
        structure.compare_eras("ccgs", "CCGs")
    with pytest.raises(structure.UnknownEraError):
        structure.structure_figure(None)


def test_comparing_an_era_with_itself_is_refused():
    with pytest.raises(ValueError, match="two different eras"):
        structure.compare_eras("ccgs", "ccgs")


def test_table_and_summary_for_text_readers():
    table = structure.structure_table("icss")
    links = data.load_structure_links()
    assert len(table) == (links["era"] == "icss").sum()
    assert list(table.columns) == ["from", "relationship", "to", "what", "sources"]
    summary = structure.structure_summary("icss")
    assert "\n" not in summary and "2022-" in summary


def test_era_sources_exist_and_include_link_sources():
    ids = structure.era_sources("pcns")
    known = set(data.load_sources()["source_id"])
    assert ids and set(ids) <= known
    assert "hf-understanding-pcns-2019" in ids


def test_layout_keeps_layers_apart_and_inside_the_axes():
    nodes = data.load_structures()
    links = data.load_structure_links()
    for era in ERAS:
        pos = structure.layout_positions(nodes[nodes["era"] == era], links[links["era"] == era])
        for node_id, (x, y) in pos.items():
            layer = nodes.set_index("node_id").loc[node_id, "layer"]
            assert y == structure.LAYER_Y[layer]
            assert 0 < x < 1


def _copy_data(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder, ignore=shutil.ignore_patterns("derived", "*.md"))
    return folder


def test_a_link_to_another_eras_body_is_rejected(tmp_path):
    folder = _copy_data(tmp_path)
    path = folder / "structure_links.csv"
    text = path.read_text(encoding="utf-8")
    bad = text.replace("ccgs-nhse-funds-ccgs,ccgs,ccgs-nhse,ccgs-ccgs",
                       "ccgs-nhse-funds-ccgs,ccgs,pcts-dh,ccgs-ccgs")
    assert bad != text
    path.write_text(bad, encoding="utf-8")
    data.clear_cache()
    with pytest.raises(data.DataError, match="is not a node of era 'ccgs'"):
        data.load_structure_links(folder)
    data.clear_cache()


def test_an_unknown_relationship_is_rejected(tmp_path):
    folder = _copy_data(tmp_path)
    path = folder / "structure_links.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",funds,allocates CCG budgets", ",pays,allocates CCG budgets"),
                    encoding="utf-8")
    data.clear_cache()
    with pytest.raises(data.DataError, match="'pays' is not an allowed value"):
        data.load_structure_links(folder)
    data.clear_cache()


# --------------------------------------------------------------------------
# Readable layout: labels that do not overlap, titles with room, a key in view
# --------------------------------------------------------------------------

def _boxes(era, size, wrap):
    nodes = data.load_structures()
    links = data.load_structure_links()
    n, l = nodes[nodes["era"] == era], links[links["era"] == era]
    pos = structure.layout_positions(n, l)
    placed = structure.label_layout(dict(zip(n["node_id"], n["label"])), pos, size, wrap)
    return placed, pos


@pytest.mark.parametrize("era", ERAS)
@pytest.mark.parametrize("panels", [1, 2], ids=["alone", "side-by-side"])
def test_no_label_overlaps_another_label_or_a_body(era, panels, figure_scale):
    geometry = structure.ONE if panels == 1 else structure.TWO
    size = structure.plot_size(geometry, panels)
    placed, pos = _boxes(era, size, 24 if panels == 1 else 20)
    assert set(placed) == set(pos)
    boxes = [(f"label {n}", lab.box) for n, lab in placed.items()]
    boxes += [(f"body {n}", structure.marker_box(p, size)) for n, p in pos.items()]
    clashes = [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:] if structure.overlaps(ba, bb)]
    assert clashes == []
    # inside the figure: no label runs off the left or right edge or into the title
    m = geometry["margin"]
    for n, lab in placed.items():
        left, bottom, right, top = lab.box
        assert left > -m["l"] and right < size[0] + m["r"] and top < size[1] + 30, n


def test_a_crowded_layer_wraps_and_alternates_its_labels():
    pos = {f"n{i}": ((i + 1) / 6, 1.0) for i in range(5)}
    labels = {n: "A long name for a kind of body with a bracket (to 1996)" for n in pos}
    placed = structure.label_layout(labels, pos, size=(400, 500), wrap=24)
    assert [placed[n].above for n in sorted(pos)] == [True, False, True, False, True]
    assert all(len(line) <= 24 for lab in placed.values() for line in lab.lines)
    boxes = [lab.box for lab in placed.values()]
    assert not any(structure.overlaps(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    # the same labels spread wide apart all sit above their bodies, on as few lines as fit
    wide = structure.label_layout(labels, {n: ((i + 1) / 6, 1.0) for i, n in enumerate(pos)}, size=(2400, 500))
    assert all(lab.above and len(lab.lines) == 3 for lab in wide.values())
    assert structure.overlaps((0, 0, 2, 2), (1, 1, 3, 3)) and not structure.overlaps((0, 0, 1, 1), (1, 0, 2, 1))


@pytest.mark.parametrize("make", [lambda: structure.structure_figure("stps"),
                                  lambda: structure.compare_eras("internal_market", "pcts")],
                         ids=["alone", "side-by-side"])
def test_figure_draws_the_computed_labels_and_keeps_the_key_in_view(make):
    fig = make()
    labels = [a for a in fig.layout.annotations if (a.name or "").startswith("label:")]
    bodies = [t for t in fig.data if t.name == "bodies"]
    assert len(labels) == sum(len(t.x) for t in bodies) and all(t.mode == "markers" for t in bodies)
    assert all(a.bgcolor and not a.showarrow and a.yanchor in ("bottom", "top") for a in labels)
    # the key sits above the plot, under the title, titled, listing every kind of line once
    assert fig.layout.legend.y > 1 and fig.layout.legend.yanchor == "bottom"
    assert fig.layout.legend.title.text.startswith("Key to the lines")
    assert [t.name for t in fig.data if t.showlegend] == [s["legend"] for s in structure.RELATION_STYLE.values()]
    key = fig.layout.meta["key"]
    assert "dotted line: holds the contract with" in key and key.count(";") == len(structure.RELATION_STYLE) - 1


def test_side_by_side_titles_fit_their_panels():
    fig = structure.compare_eras("ccgs", "stps")
    panel = structure.plot_size(structure.TWO, 2)[0]
    titles = [a.text for a in fig.layout.annotations if not (a.name or "").startswith("label:")]
    assert len(titles) == 2
    for title in titles:
        # 16 px title font: at most ~7.8 px a character, so each line fits its own panel
        assert all(len(line) * 7.8 <= panel for line in title.split("<br>")), title
    assert titles[0].startswith("Clinical commissioning groups") and "<br>" in titles[0]
    # one x-axis title for both panels, not two running into each other
    assert fig.layout.xaxis.title.text and not fig.layout.xaxis2.title.text


def test_links_within_a_layer_bow_away_from_its_labels():
    # in 2019-22 every provider's label sits above its body, so links between providers bow below
    nodes, links = data.load_structures(), data.load_structure_links()
    layer = dict(zip(nodes["node_id"], nodes["layer"]))
    era_links = links[links["era"] == "pcns"]
    within = [r for r in era_links.itertuples() if layer[r.from_node] == layer[r.to_node] == "provider"]
    assert within
    placed, _ = _boxes("pcns", structure.plot_size(structure.ONE), 24)
    assert all(lab.above for n, lab in placed.items() if layer[n] == "provider")
    fig = structure.structure_figure("pcns")
    mids = [y for t in fig.data if t.name.endswith("(hover for detail)") for y in t.y]
    assert sum(-0.5 < y < 0 for y in mids) == len(within)
    assert not any(0 <= y < 0.3 for y in mids)  # nothing runs through the providers' labels
