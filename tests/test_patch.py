"""helpers.patch: lineage Sankey, finder and PCN sizes, driven from Python without a browser."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from helpers import patch, style

from .in_place import sent_figure


def text_of(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", html_text))


# ---------------------------------------------------------------------------
# lineage


def test_lineage_all_icbs_accounts_for_every_april_2013_ccg():
    d = patch.lineage_data()
    kinds = [n["kind"] for n in d["nodes"]]
    assert kinds.count("ccg2013") + kinds.count("ccg_merged") == 248 and kinds.count("icb") == 42
    icb_nodes = {i for i, n in enumerate(d["nodes"]) if n["kind"] == "icb"}
    into_icbs = sum(l["value"] for l in d["links"] if l["target"] in icb_nodes)
    assert into_icbs == 211  # every April 2013 CCG's line ends in exactly one ICB
    fig, summary = patch.lineage_figure()
    assert fig.data[0].type == "sankey" and style.check_figure(fig) == []
    assert fig.layout.title.text == "From 211 CCGs (April 2013) to 42 ICBs (July 2022)"
    assert summary.startswith("211 CCGs of April 2013 and 37 formed later") and "\n" not in summary
    assert all(c in style.OKABE_ITO for c in fig.data[0].node.color)


def test_lineage_for_one_icb_shows_only_its_history():
    d = patch.lineage_data("QHM")
    codes = {n["id"] for n in d["nodes"]}
    assert "QHM" in codes and "13T" in codes and {"00F", "00G", "00H"} <= codes
    assert not any(n["kind"] == "icb" and n["id"] != "QHM" for n in d["nodes"])
    link_13t = [l for l in d["links"] if d["nodes"][l["source"]]["id"] == "13T"]
    assert link_13t[0]["value"] == 3  # Gateshead, Newcastle North and East, Newcastle West
    summary = patch.lineage_summary("QMJ")
    assert "merging in 2020" in summary and "Z9B2Z from 1 April 2026 (provisional)" in summary
    with pytest.raises(KeyError):
        patch.lineage_data("QZZ")


def test_lineage_explorer_updates_one_figure_in_place():
    ex = patch.LineageExplorer()
    fig = ex.figure
    n_all = len(fig.data[0].node.label)
    assert n_all == 46  # national view: 4 regions of 2013 and 42 ICBs (was 290 CCG and ICB nodes)
    summary = ex.choose("QWO")  # West Yorkshire
    assert ex.figure is fig and len(fig.data) == 1
    assert len(fig.data[0].node.label) < n_all
    assert "West Yorkshire" in summary and ex.choice.value == "QWO"
    assert "West Yorkshire" in fig.layout.title.text
    ex.choice.value = "all"  # as a reader would, through the drop-down
    assert len(ex.figure.data[0].node.label) == n_all and ex.summary.startswith("211 CCGs")
    assert "211 CCGs" in ex.status.value and "In short" in ex.status.value


# ---------------------------------------------------------------------------
# finder


def test_search_by_name_and_code():
    assert patch.search("15F")[0]["code"] == "15F"
    leeds = patch.search("leeds")
    assert {"15F", "02V", "03C", "03G"} <= {r["code"] for r in leeds}
    assert patch.search("frimley")[0] == {"kind": "icb", "code": "QNQ", "name": "NHS Frimley Integrated Care Board",
                                         "label": "ICB QNQ: NHS Frimley Integrated Care Board"}
    assert patch.search("u00070")[0]["kind"] == "pcn"
    assert patch.search("queen's park")[0]["code"] == "08Y"  # the file has a typographic apostrophe
    assert patch.search("") == [] and patch.search("   ") == []
    assert len(patch.search("nhs", limit=5)) == 5


def test_search_is_literal_and_safe_with_hostile_text():
    for q in ('<script>&"\'', ".*", "[a-z]+", "\\", "%s", "^nhs"):
        assert patch.search(q) == [], q
    brackets = patch.search("(")  # a bracket is matched as a bracket, not as a pattern
    hay = {(r["kind"], r["code"]): r["hay"] for r in patch._index(None)}  # every name it has had
    assert brackets and all("(" in hay[(r["kind"], r["code"])] for r in brackets)


def test_finder_driven_from_python_with_a_hostile_string():
    f = patch.Finder()
    res = f.type('<script>&"\'')
    assert res == [] and f.card == "" and f.detail.value == ""
    assert "<script>" not in f.status.value
    assert "&lt;script&gt;&amp;&quot;&#x27;" in f.status.value
    assert f.matches.options == ()


def test_finder_type_and_pick():
    f = patch.Finder()
    res = f.type("bassetlaw")
    assert res[0]["code"] == "02Q"
    card = text_of(f.card)
    assert "Nottingham and Nottinghamshire" in card and "South Yorkshire and Bassetlaw STP" in card
    assert "carried on as a sub-ICB location" in card
    f.text.value = "QMJ"  # typing into the box
    assert f.results[0]["code"] == "QMJ"
    card = text_of(f.card)
    for part in ("NHS North Central London Integrated Care Board", "Z9B2Z", "provisional", "Registered population",
                 "1 July 2022"):
        assert part in card, part
    html_card = f.pick("ccg:00F")
    assert "13T" in text_of(html_card) and "1 April 2015" in text_of(html_card)


def test_details_of_a_ccg_icb_and_pcn():
    ccg = patch.details("ccg", "13T")
    assert [p["code"] for p in ccg["predecessors"]] == ["00F", "00G", "00H"]
    assert ccg["start"] == "2015-04-01" and ccg["final"]["icb_code"] == "QHM"
    assert any("operational open date 26 November 2014" in text for _, text in ccg["facts"])
    icb = patch.details("icb", "QNQ")
    assert {s["code"] for s in icb["successors"]} == {"QRL", "S0E4D", "S9B9J"}
    assert icb["members"][0]["code"] == "D4U1Y" and icb["population"][0][0] == "2022-05-01"
    pcn = patch.details("pcn", "U00070")
    assert pcn["name"] == "WEST MERTON PCN" and len(pcn["members"]) >= 1
    assert pcn["population"] and all(n > 0 for _, n, _ in pcn["population"])
    for kind, code in (("icb", "QZZ"), ("ccg", "ZZZ"), ("pcn", "U99999"), ("pct", "5A3")):
        with pytest.raises(KeyError):
            patch.details(kind, code)


def test_reforms_come_from_the_timeline_with_dates():
    icb = patch.details("icb", "QMJ")
    if icb["reforms"] is None:
        pytest.skip("data/events.csv is not available")
    titles = {r["event_id"]: r for r in icb["reforms"]}
    assert "icbs-live-2022" in titles and titles["icbs-live-2022"]["when"] == "1 July 2022"
    # an ICB that did not merge is not shown the 2026 merger event
    plain = {r["event_id"] for r in patch.details("icb", "QWO")["reforms"]}
    assert "icb-mergers-2026" not in plain and "icb-mergers-2026" in titles
    ccg = {r["event_id"] for r in patch.details("ccg", "00C")["reforms"]}  # merged April 2020
    assert "ccg-mergers-2020" in ccg and "ccg-mergers-2021" not in ccg


def test_finder_degrades_without_events(monkeypatch):
    monkeypatch.setattr(patch.reforms, "_events", lambda folder=None: None)
    card = patch.details_html("icb", "QWO")
    assert "The timeline (data/events.csv) is not available here" in text_of(card)


def test_card_escapes_text_from_the_data(tmp_path, monkeypatch):
    from helpers.data import derive, ods

    for t in derive.DERIVED_TABLES.values():
        shutil.copy(ods.DERIVED_DIR / t.file, tmp_path / t.file)
    path = tmp_path / "ccgs.csv"
    text = path.read_text(encoding="utf-8").replace("NHS Darlington,", '"NHS <b>Darling</b> & ""ton""",', 1)
    path.write_text(text, encoding="utf-8")
    ods.clear_cache()
    patch.clear_cache()
    try:
        card = patch.details_html("ccg", "00C", folder=tmp_path)
        assert "<b>Darling</b>" not in card and "NHS &lt;b&gt;Darling&lt;/b&gt; &amp; &quot;ton&quot;" in card
    finally:
        ods.clear_cache()
        patch.clear_cache()


# ---------------------------------------------------------------------------
# PCN sizes


def test_pcn_shares_and_figure():
    s = patch.pcn_shares("2022-05-01")
    assert s["n"] == 1260 and s["below"] + s["inside"] + s["above"] == s["n"]
    assert abs(s["pct_below"] + s["pct_inside"] + s["pct_above"] - 100) < 1e-9
    fig, summary = patch.pcn_size_figure("2022-05-01")
    assert style.check_figure(fig) == []
    assert [t.type for t in fig.data] == ["histogram"] * 3
    assert sum(len(t.x) for t in fig.data) == 1260
    assert fig.layout.shapes[0].x0 == 30_000 and fig.layout.shapes[0].x1 == 50_000
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert summary.startswith("On 1 May 2022, of 1,260 PCNs") and "\n" not in summary
    with pytest.raises(ValueError):
        patch.pcn_sizes("2024-10-01")  # no list-size file for that date


def test_pcn_view_redraws_the_same_figure():
    v = patch.PcnSizeView()
    fig = v.figure
    first = v.summary
    v.choice.value = "2021-01-01"
    assert v.figure is fig and len(fig.data) == 3 and len(fig.layout.shapes) == 1
    assert v.summary != first and v.summary.startswith("On 1 January 2021, of 1,254 PCNs")
    assert sum(len(t.x) for t in fig.data) == 1254


def test_attribution_lines_come_from_metadata():
    lines = patch.attribution_lines(["ccgs", "pcns"])
    assert lines[0].startswith("Contains information from NHS England's Organisation Data Service")
    assert all("Open Government Licence v3.0" in line for line in lines)
    assert len(lines) == len(set(lines))
    assert "<li>" in patch.attribution_html(["icbs"])


def test_icb_changes_table_lists_every_successor():
    h = patch.icb_changes_html()
    for code in ("D7T5G", "S1Y5D", "T6Y0W", "Z9B2Z", "S0E4D", "S9B9J", "QRL"):
        assert code in h


def test_the_output_holds_one_figure_changed_in_place_when_a_control_changes():
    ex = patch.LineageExplorer()
    (first,) = ex.out.outputs
    assert first["data"]["text/plain"] == "[Interactive figure: From 211 CCGs (April 2013) to 42 ICBs (July 2022)]"
    assert ex.plot.script.outputs == ()
    ex.choose("QNQ")
    assert ex.out.outputs == (first,)  # the plot drawn stays: no new plot
    fig_json = sent_figure(ex.plot)  # the change goes to it (Plotly.react)
    assert fig_json == ex.plot.shown["application/vnd.plotly.v1+json"]
    assert "Frimley" in fig_json["layout"]["title"]["text"]
    assert fig_json["data"][0]["type"] == "sankey"
    v = patch.PcnSizeView()
    v.choice.value = "2022-01-01"
    assert sent_figure(v.plot)["layout"]["title"]["text"].endswith("1 January 2022")
