"""The corrections of the independent fact check: second-hand quotes, [sic], readers' groups,
one-sided themes, the 2026 ICB footprints and the new timeline rows."""

from __future__ import annotations

import pytest

from helpers import arguments as A
from helpers import data
from helpers.arguments.balance import balance_note
from helpers.arguments.joins import load_argument_data
from helpers.data import ods
from helpers.patch import page

SECOND_HAND = {"nv-01": "Dr Hugh Reeve", "nv-03": "Don Redding", "nuffield-01": "Don Redding",
               "kingsfund-02": "Don Redding"}


@pytest.fixture(scope="module")
def d():
    data.clear_cache()
    return load_argument_data()


def test_second_hand_quotes_say_who_quotes_them(d):
    by_id = {a["argument_id"]: a for a in d.arguments}
    for aid, who in SECOND_HAND.items():
        assert by_id[aid]["quoted_by"].startswith(who), aid
    # nobody else is marked second-hand without a reason written in the data
    marked = {a["argument_id"] for a in d.arguments if a["quoted_by"]}
    assert marked == set(SECOND_HAND)


@pytest.mark.parametrize("aid", sorted(SECOND_HAND))
def test_every_view_of_a_second_hand_quote_says_as_quoted_by(d, aid):
    arg = next(a for a in d.arguments if a["argument_id"] == aid)
    src = d.sources[arg["source_id"]]
    expected = f"as quoted by {arg['quoted_by']}"
    assert expected in A.argument_html(d, arg).replace("&#x27;", "'")
    assert expected in A.theme_table_html(arg["theme_id"]).replace("&#x27;", "'")
    assert expected in A.quotes_html([aid]).replace("&#x27;", "'")
    assert src["title"] in A.quote_label(arg, src)
    stand = A.WhereDoYouStand(drafts=False)
    if any(a["argument_id"] == aid for q in stand.questions for a in stand.voices_on(q["theme_id"])):
        assert expected in stand.markdown()


def test_the_joint_advice_is_filed_once_under_both_bodies(d):
    joint = [a for a in d.arguments if a["quote"] == "a named case manager responsible for co-ordinating care"]
    assert [a["argument_id"] for a in joint] == ["nuffield-01"]
    assert d.stakeholders[joint[0]["stakeholder_id"]]["name"] == "Nuffield Trust and King's Fund"


def test_a_slip_in_a_quote_is_kept_and_marked_sic(d):
    arg = next(a for a in d.arguments if a["argument_id"] == "reader2-05")
    assert "The pretence that careers, social services" in arg["quote"]  # the data keeps the source's word
    assert A.shown_quote(arg).startswith("The pretence that careers [sic], social services")
    assert "careers [sic]" in A.argument_html(d, arg)
    assert A.shown_quote({"quote": "no slip", "sic": ""}) == "no slip"


def test_sic_and_quoted_by_are_only_for_direct_quotes(data_copy):
    import csv
    import io

    path = data_copy / "arguments.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    reported = next(i for i, r in enumerate(rows) if r["speech"] == "reported")
    rows[reported]["quoted_by"] = "Someone"
    direct = next(i for i, r in enumerate(rows) if r["speech"] == "direct" and not r["sic"])
    rows[direct]["sic"] = "zzzz"
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    data.clear_cache()
    with pytest.raises(data.DataError) as info:
        data.load_arguments(data_copy)
    got = {(p.row, p.column) for p in info.value.problems}
    assert got == {(reported + 1, "quoted_by"), (direct + 1, "sic")}
    data.clear_cache()


def test_readers_without_a_sign_of_who_they_are_are_anonymous_readers(d):
    groups = {sid: d.stakeholders[sid]["group"] for sid in d.stakeholders if sid.startswith("reader-comment-")}
    assert groups == {"reader-comment-1": "anonymous_readers", "reader-comment-2": "frontline_gps",
                      "reader-comment-3": "frontline_gps", "reader-comment-4": "anonymous_readers",
                      "reader-comment-5": "anonymous_readers"}


def test_gerada_role_is_the_one_she_held_with_its_sources(d):
    s = data.load_stakeholders().set_index("stakeholder_id").loc["clare-gerada"]
    assert s["role"].startswith("Chair of RCGP Council (2010-2013)")
    assert set(s["role_source_ids"]) == {"rcgp-gerada-keynote-2013", "pulse-gerada-president-2021",
                                         "integratedhealth-rcgp-president-2021"}


def test_one_sided_themes_are_named_in_the_explorer_and_the_limits(d):
    notes = {tid: balance_note(d, tid) for tid in d.themes}
    assert notes["competition-vs-cooperation"].startswith("One side only")
    assert notes["conflicts-of-interest"].startswith("One side only")
    assert notes["scale-continuity"].startswith("Mostly one side")
    assert notes["national-vs-local"] == ""
    explorer = A.ArgumentExplorer(theme="conflicts-of-interest")
    assert 'data-balance="one-sided"' in explorer.render() and "One side only" in explorer.render()
    assert 'data-balance' not in A.ArgumentExplorer(theme="national-vs-local").render()
    limits = A.limits_lines()
    assert sum(line.startswith("One-sided sources:") for line in limits) == sum(bool(n) for n in notes.values())


def test_balance_note_counts_groups_not_voices():
    from helpers.arguments.joins import ArgumentData

    fake = ArgumentData(
        arguments=[{"theme_id": "t", "stakeholder_id": s} for s in ("a", "b", "b")],
        stakeholders={"a": {"group": "commissioners"}, "b": {"group": "commissioners"}},
        themes={"t": {"label": "T"}}, sources={}, positions=[], periods=[], from_eras=False)
    assert balance_note(fake, "t").startswith("One side only: all 3 arguments")
    assert "(2 voices)" in balance_note(fake, "t")
    fake.stakeholders["b"]["group"] = "government"
    assert balance_note(fake, "t") == ""  # 2 of 3 is not "mostly"


def test_every_new_icb_code_of_2026_is_described_from_a_source():
    changes = ods.load_icb_changes_2026()
    new = set(changes.loc[changes["successor_name"] == "", "successor_code"])
    about = data.load_icb_footprints_2026()
    assert set(about["successor_code"]) == new
    assert (about["status"] == "provisional").all()
    assert all(any(not s.startswith("ods-") for s in ids) for ids in about["source_ids"])
    html = page.icb_changes_html()
    for r in about.itertuples():
        assert (r.name_reported or r.footprint) in html.replace("&#x27;", "'")
    assert "not described by a source" not in html


def test_the_timeline_corrections():
    ev = data.load_events().set_index("event_id")
    assert (ev.loc["ics-three-more-2019", "date"], ev.loc["ics-three-more-2019", "date_precision"]) == ("2019-06", "month")
    darzi = ev.loc["darzi-investigation-2024"]
    assert darzi["date"] == "2024-09-12" and "gov-darzi-2024" in darzi["source_ids"]
    src = data.load_sources().set_index("source_id")
    assert src.loc["hansard-1996-02-13-fundholders", "url"].startswith("https://api.parliament.uk/historic-hansard/")
    pv = data.load_practice_view().set_index("row_id")
    assert "October 2002" in pv.loc["pcts-contract-holder", "text"] and "April 2004" in pv.loc["pcts-contract-holder", "text"]
    assert "July 2022" in pv.loc["icss-money", "text"] and "April 2023" in pv.loc["icss-money", "text"]
