"""Shared era-notebook code (helpers.eras) and the tables behind it."""

from __future__ import annotations

import pytest

from helpers.display import esc
from helpers import data, eras, timeline

NBS = list(eras.NOTEBOOKS)


def test_notebook_names_resolve_and_unknown_ones_fail_clearly():
    assert eras.notebook("03").notebook == "03_ccgs"
    assert eras.notebook("03_ccgs.ipynb").notebook == "03_ccgs"
    with pytest.raises(ValueError, match="choose one of: 02_fundholding_pcgs_pcts"):
        eras.notebook("07")


def test_every_structure_era_belongs_to_exactly_one_notebook():
    listed = [e for nb in eras.NOTEBOOKS.values() for e in nb.structure_eras]
    known = list(data.load_structure_eras()["era_id"])
    assert sorted(listed) == sorted(known)
    frame = data.load_structure_eras().set_index("era_id")
    for nb in eras.NOTEBOOKS.values():
        for era in nb.structure_eras:
            assert frame.loc[era, "notebook"] == nb.notebook


@pytest.mark.parametrize("nb", NBS)
def test_events_fall_inside_the_notebook_window_in_date_order(nb):
    spec = eras.notebook(nb)
    ev = eras.era_events(nb)
    assert len(ev) >= 4
    starts = [timeline.date_start(d).isoformat() for d in ev["date"]]
    assert starts == sorted(starts)
    assert all(spec.window[0] <= s <= spec.window[1] for s in starts)


def test_key_events_reach_the_right_notebooks():
    assert "hsca-2012" in set(eras.era_events("03")["event_id"])
    assert "pioneers-wave1-2013" in set(eras.era_events("04")["event_id"])
    assert "pcns-live-2019" in set(eras.era_events("05")["event_id"])
    six = set(eras.era_events("06")["event_id"])
    assert {"integrating-care-next-steps-2020", "hca-2022", "icbs-live-2022"} <= six
    assert "pioneers-wave1-2013" not in set(eras.era_events("03")["event_id"])


def test_provisional_events_carry_their_as_of_date():
    prov = eras.provisional_events("06")
    assert len(prov) >= 1 and (prov["status"] == "provisional").all()
    assert prov["as_of"].map(bool).all()
    for line in eras.provisional_lines("06"):
        assert "provisional, as of" in line


@pytest.mark.parametrize("nb", NBS)
def test_counts_come_from_org_counts_with_sources(nb):
    frame = eras.era_counts(nb)
    assert len(frame) >= 1
    known = set(data.load_sources()["source_id"])
    assert set(frame["source"]) <= known
    assert all(line.endswith("]") for line in eras.counts_lines(nb))


def test_ccg_mergers_year_by_year_from_the_derived_table():
    frame = eras.ccg_mergers()
    assert list(frame["as_of"])[0] == "2013-04-01"
    assert (frame["count"].diff().fillna(0) == frame["change"]).all()
    assert (frame["change"] <= 0).all()
    lines = eras.ccg_merger_lines()
    assert len(lines) == len(frame) and "CCGs" in lines[0]
    assert "Organisation Data Service" in eras.derived_attribution("ccg_counts")


def test_programme_lists_agree_with_org_counts():
    pioneers = eras.pioneers_table()
    waves = pioneers["wave"].value_counts().to_dict()
    counts = data.load_org_counts()
    pion = counts[counts["org_type"] == "integration_pioneers"].set_index("as_of")["count"]
    assert waves[1] == pion["2013-11-01"]
    assert waves[1] + waves[2] == pion["2015-01"]
    vanguards = data.load_vanguard_types()
    assert vanguards["count"].sum() == eras.count_of("vanguards")
    first = vanguards[vanguards["announced"] == "2015-03-10"]["count"].sum()
    van = counts[counts["org_type"] == "vanguards"].set_index("as_of")["count"]
    assert first == van["2015-03"]
    assert eras.vanguard_lines()[-1] == f"Total: {eras.count_of('vanguards')} vanguards"


def test_pioneer_lines_list_both_waves_by_name():
    lines = eras.pioneer_lines()
    assert lines[0].startswith("Wave 1 (1 November 2013, 14 areas)")
    assert lines[1].startswith("Wave 2 (January 2015, 11 areas)")
    assert "South Tyneside" in lines[0] and "West Norfolk" in lines[1]


def test_practice_view_covers_every_aspect_of_every_era_with_sources():
    frame = data.load_practice_view()
    for era in data.load_structure_eras()["era_id"]:
        view = eras.practice_view(era)
        assert list(view["aspect"]) == list(eras.ASPECT_LABELS), era
        assert all(len(s) >= 1 for s in view["source_ids"])
    assert len(frame) == 4 * len(data.load_structure_eras())


def test_practice_view_html_escapes_and_compares_eras():
    html = eras.practice_view_html(["pcts", "ccgs"])
    assert html.count('<th style="text-align:left">Who held the practice') == 1
    assert "Primary care trusts" in html and "Clinical commissioning groups" in html
    with pytest.raises(KeyError, match="unknown era"):
        eras.practice_view("fundholding")


@pytest.mark.parametrize("nb", NBS)
def test_every_notebook_has_cited_evidence_with_limits(nb):
    frame = eras.evidence_table(nb)
    assert len(frame) >= 3
    assert frame["limits"].map(lambda s: len(s) > 20).all()
    assert frame["finding"].map(lambda s: len(s) > 40).all()
    html = eras.evidence_html(nb)
    sources = data.load_sources().set_index("source_id")
    for sid in frame["source_id"]:  # each cited by title and publisher, never by its internal id
        assert esc(sources.loc[sid, "title"]) in html and esc(sources.loc[sid, "publisher"]) in html
        assert sid not in html.replace(f'data-source="{sid}"', "")
    assert "\n" not in eras.evidence_summary(nb)


def test_evidence_era_matches_its_notebook():
    """Evidence sits in an era its notebook owns, or (notebook 09) one it explicitly discusses."""
    frame = data.load_evidence()
    owners = data.load_structure_eras().set_index("era_id")["notebook"]
    discussed = {name: set(nb.context_eras) for name, nb in eras.NOTEBOOKS.items()}
    ok = [owners[e] == nb or e in discussed[nb] for e, nb in zip(frame["era"], frame["notebook"])]
    assert all(ok), list(frame.loc[[not x for x in ok], "evidence_id"])
    assert not any(set(nb.context_eras) & set(nb.structure_eras) for nb in eras.NOTEBOOKS.values())


def test_evidence_html_escapes_data(tmp_path):
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder, ignore=shutil.ignore_patterns("derived", "*.md"))
    path = folder / "evidence.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Integration pioneers, early years", "<b>pioneers</b>"), encoding="utf-8")
    data.clear_cache()
    try:
        html = eras.evidence_html("04", data_dir=folder)
        assert "&lt;b&gt;pioneers&lt;/b&gt;" in html and "<b>pioneers</b>" not in html
    finally:
        data.clear_cache()


@pytest.mark.parametrize("nb", NBS)
def test_references_cover_every_source_shown(nb):
    ids = eras.notebook_sources(nb)
    known = set(data.load_sources()["source_id"])
    assert ids and set(ids) <= known
    assert len(ids) == len(set(ids))
    for sid in eras.evidence_table(nb)["source_id"]:
        assert sid in ids


def test_voices_explorer_is_filtered_to_the_notebook_period():
    explorer = eras.voices("04")
    rows = explorer.rows()
    assert rows, "the 2013-2019 window holds arguments from the source documents"
    years = {a["mid"].year for a in rows}
    assert years <= set(range(2013, 2020))
    assert "arguments" in eras.voices_summary("04")


VOICE_NBS = ["02", "03", "04", "05", "06"]


def _group(explorer, a):
    return explorer.data.stakeholders[a["stakeholder_id"]]["group"]


@pytest.mark.parametrize("nb", VOICE_NBS)
def test_voice_selection_takes_one_argument_from_every_group_heard_by_the_rule(nb):
    explorer = eras.voices(nb)
    args = explorer.in_period()
    chosen = eras.voice_selection(explorer.data, args)
    groups = [_group(explorer, a) for a in chosen]
    # every side heard in the period, each once; far fewer than the period holds
    assert len(groups) == len(set(groups)) and set(groups) == {_group(explorer, a) for a in args}
    assert len(chosen) <= 8 < len(args) or len(args) <= 8
    assert all(a in args for a in chosen)
    breadth = {}
    for a in args:
        breadth.setdefault(a["theme_id"], set()).add(_group(explorer, a))
    for a in chosen:
        own = [x for x in args if _group(explorer, x) == _group(explorer, a)]
        # the rule: the question most widely argued among the group's own, then a direct quote
        assert len(breadth[a["theme_id"]]) == max(len(breadth[x["theme_id"]]) for x in own)
        best = [x for x in own if len(breadth[x["theme_id"]]) == len(breadth[a["theme_id"]])]
        if any(x["speech"] == "direct" for x in best):
            assert a["speech"] == "direct"
    assert eras.voice_selection(explorer.data, list(reversed(args))) == chosen  # order-free


def test_voice_selection_shows_each_side_when_one_group_speaks_most():
    explorer = eras.voices("05")
    args = explorer.in_period()
    loud = max({_group(explorer, a) for a in args}, key=lambda g: sum(_group(explorer, a) == g for a in args))
    chosen = eras.voice_selection(explorer.data, args)
    assert sum(_group(explorer, a) == loud for a in chosen) == 1
    assert sum(_group(explorer, a) == loud for a in args) > 1


def test_show_voices_prints_the_selection_then_the_explorer_once(monkeypatch):
    import re

    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    eras.show_voices("05")
    intro, explorer = shown
    args = explorer.in_period()
    chosen = eras.voice_selection(explorer.data, args)
    html = intro.data
    cards = re.findall(r'<div class="juc-arg" data-argument="([^"]+)"', html)
    assert cards == [a["argument_id"] for a in chosen]
    note = eras.selection_note(args, chosen)
    assert f"all {len(args)} arguments" in note and f"the {len(args) - len(chosen)} not shown here" in note
    assert note.replace("'", "&#x27;") in html
    # the explorer is shown as itself (ShownOnce): its fixed view holds every argument of the
    # period, folded one question at a time, not a second static copy
    fixed = explorer._repr_mimebundle_()["text/html"]
    assert set(re.findall(r'data-argument="([^"]+)"', fixed)) == {a["argument_id"] for a in args}
    themes = {a["theme_id"] for a in args}
    assert fixed.count('<details class="juc-fold"') == len(themes)
    assert " open" not in re.findall(r"<details[^>]*>", fixed)[0]


def test_without_an_era_chosen_the_intro_is_the_summary_line_alone():
    from helpers import arguments

    explorer = eras.voices("05")
    explorer.period.value = arguments.ALL
    assert eras.voices_intro_html("05", explorer=explorer).count("juc-card") == 0


def test_policy_figures_lines_and_unknown_id():
    lines = eras.policy_figure_lines(["pcn-population", "arrs-staff-2019"])
    assert "30,000 to 50,000 registered patients" in lines[0]
    assert lines[1].endswith("[NHS England, 2019]")  # the source by publisher and year, not its id
    with pytest.raises(KeyError, match="known: pcn-population"):
        eras.policy_figure("pcn-size")


def test_pcn_size_summary_matches_the_derived_table():
    sizes = eras.pcn_sizes("2022-05-01")["registered_patients"].astype(int)
    rng = eras.policy_figure("pcn-population")
    inside = ((sizes >= rng["low"]) & (sizes <= rng["high"])).sum()
    summary = eras.pcn_size_summary("2022-05-01")
    assert f"{inside} of {len(sizes)} PCNs" in summary and "\n" not in summary
    with pytest.raises(ValueError, match="snapshots with sizes"):
        eras.pcn_sizes("1999-04-01")


def test_pcn_sizes_figure_shades_the_intended_range():
    from helpers import style

    fig = eras.pcn_sizes_figure("2022-05-01")
    assert style.check_figure(fig) == []
    rect = fig.layout.shapes[0]
    rng = eras.policy_figure("pcn-population")
    assert (rect.x0, rect.x1) == (rng["low"], rng["high"])


def test_key_events_fail_clearly_for_unknown_ids():
    with pytest.raises(KeyError, match="no such event"):
        eras.key_events(["not-an-event"])
    text = repr(eras.key_events(["hsca-2012", "switch-2013"]))
    assert text.index("2012") < text.index("2013")


def test_selection_note_counts_in_plain_words():
    one = [{"stakeholder_id": "a", "argument_id": "a1"}, {"stakeholder_id": "a", "argument_id": "a2"}]
    note = eras.selection_note(one, one[:1])
    assert note.startswith("A selection: one argument from the one stakeholder group heard")
    assert "all 2 arguments from 1 voice:" in note and "the 1 not shown here" in note
