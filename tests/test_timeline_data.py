"""The timeline tables (issue 3): eras, events, org_counts, glossary and quiz.

These check the facts the timeline notebook relies on, not just the schema: the required
reforms are present with the dates the sources give, events are in date order inside their
era, anything still moving after early 2025 is provisional with an 'as of' date, the
commissioner counts are there for every year, disagreements are explained, every acronym in
the events has a glossary entry and every quiz answer agrees with the data it cites.

The checks are plain functions so that the last tests can feed them broken copies of the
data and show that they fail.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from helpers import ACCURATE_AS_OF, data

TODAY = dt.date.fromisoformat(ACCURATE_AS_OF)  # the release's "accurate as of" day
# The last day a planned event may fall on (notebook 09 reaches to 2027). An event that starts
# after TODAY is a plan: it must be provisional, with an 'as of' no later than TODAY.
LAST_PLANNED = dt.date(2027, 12, 31)

# Events the timeline must show, with the date (and precision) the sources give.
REQUIRED_EVENTS = {
    # internal market and fundholding
    "nhscca-1990": ("1990-06-29", "day"),
    "first-nhs-trusts-1991": ("1991-04-01", "day"),
    "fundholding-first-wave": ("1991", "year"),
    "fundholding-waves-1993": ("1993-01-26", "day"),
    "fundholding-half-population-1996": ("1996-02-13", "day"),
    "health-authorities-1996": ("1996-04-01", "day"),
    # New Labour: PCGs, PCTs, SHAs, practice-based commissioning
    "new-nhs-white-paper-1997": ("1997-12-09", "day"),
    "pcgs-live-1999": ("1999-04-01", "day"),
    "first-pcts-2000": ("2000-04-01", "day"),
    "devolution-day-2002": ("2002-04-01", "day"),
    "shas-formal-2002": ("2002-10-01", "day"),
    "sha-reduction-2006": ("2006-07-01", "day"),
    "pct-reconfiguration-2006": ("2006-10-01", "day"),
    "pbc-announced-2004": ("2004-10", "month"),
    "high-quality-care-for-all-2008": ("2008-06", "month"),
    # coalition reforms and the 2013 switch
    "equity-excellence-2010": ("2010-07-12", "day"),
    "future-forum-launch-2011": ("2011-04-06", "day"),
    "future-forum-report-2011": ("2011-06-13", "day"),
    "hsca-2012": ("2012-03-27", "day"),
    "switch-2013": ("2013-04-01", "day"),
    "hwbs-operational-2013": ("2013-04-01", "day"),
    # integration policy 2013-2019
    "shared-commitment-2013": ("2013-05", "month"),
    "pioneers-wave1-2013": ("2013-11-01", "day"),
    "pioneers-wave2-2015": ("2015-01", "month"),
    "bcf-announced-2013": ("2013-06", "month"),
    "cocommissioning-starts-2015": ("2015-04", "month"),
    "fyfv-2014": ("2014-10-23", "day"),
    "vanguards-first-2015": ("2015-03", "month"),
    "stp-footprints-2016": ("2016-03", "month"),
    "first-acss-2017": ("2017-06", "month"),
    "ics-second-wave-2018": ("2018", "year"),
    "ics-whole-country-2021": ("2021-04-01", "day"),
    "long-term-plan-2019": ("2019-01-07", "day"),
    "gp-contract-framework-2019": ("2019-01", "month"),
    "pcns-live-2019": ("2019-07-01", "day"),
    # towards statutory ICSs
    "integrating-care-next-steps-2020": ("2020-11-26", "day"),
    "integration-innovation-white-paper-2021": ("2021-02-11", "day"),
    "hca-2022": ("2022-04-28", "day"),
    "icbs-live-2022": ("2022-07-01", "day"),
    "fuller-stocktake-2022": ("2022-05-26", "day"),
    "hewitt-review-2023": ("2023-04-04", "day"),
    # 2025-26, still moving
    "nhse-abolition-announced-2025": ("2025-03-13", "day"),
    "icb-cost-cuts-2025": ("2025-03-10/2025-03-13", "range"),
    "icb-clusters-2025": ("2025-09-09", "day"),
    "icb-mergers-2026": ("2026-04-01", "day"),
    "ten-year-plan-2025": ("2025-07-03", "day"),
    "health-bill-2026": ("2026-05/2026-06", "range"),
}

# Counts the figures rely on: (org_type, as_of) -> count, from at least one row.
REQUIRED_COUNTS = {
    ("gp_fundholders", "1997-04-01"): 3565,
    ("primary_care_groups", "1999-04-01"): 481,
    ("primary_care_trusts", "2002-04-01"): 303,
    ("primary_care_trusts", "2006-10-01"): 152,
    ("strategic_health_authorities", "2002-10-01"): 28,
    ("strategic_health_authorities", "2006-07-01"): 10,
    ("nhs_england_area_teams", "2013-03-12"): 27,
    ("integration_pioneers", "2013-11-01"): 14,
    ("vanguards", "2015-09"): 50,
    ("sustainability_and_transformation_partnerships", "2016-03"): 44,
    ("integrated_care_systems", "2021-04-01"): 42,
    ("integrated_care_boards", "2022-07-01"): 42,
    ("primary_care_networks", "2019-12-01"): 1250,
}

# CCGs open on each 1 April, counted from the ODS file (see sources.csv, ods-eccg-2024).
CCGS_EACH_APRIL = {2013: 211, 2014: 211, 2015: 209, 2016: 209, 2017: 207,
                   2018: 195, 2019: 191, 2020: 135, 2021: 106}

REQUIRED_TERMS = {
    "CCG", "PCT", "PCG", "SHA", "ICB", "ICP", "ICS", "PCN", "STP", "LMC", "GPC", "BCF", "DES",
    "ARRS", "GMS", "PMS", "APMS", "QOF", "HWB", "CSU", "FHSA", "DHA", "RHA", "PBC", "ODS",
    "NHSCB", "place", "neighbourhood", "vanguard", "pioneer", "fundholding", "internal market",
    "purchaser/provider split", "delegated commissioning", "co-commissioning",
    "sub-ICB location", "clinical director", "integrated care", "continuity of care",
}

# Capitalised abbreviations that need no glossary entry.
NOT_GLOSSED = {"NHS", "GP", "BMA"}

ERA_ORDER = ["before_1991", "internal_market", "pcgs_pcts", "ccgs", "icss"]
ERA_NOTEBOOKS = {
    "before_1991": "", "internal_market": "02_fundholding_pcgs_pcts",
    "pcgs_pcts": "02_fundholding_pcgs_pcts", "ccgs": "03_ccgs",
    "icss": "06_integrated_care_systems",
}


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def start_of(text: str) -> dt.date:
    """The first day a date (any precision, or a range) can mean."""
    first = text.split("/")[0]
    parts = [int(p) for p in first.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    return dt.date(year, month, day)


def end_of(text: str) -> dt.date:
    """The last day a date (any precision, or a range) can mean."""
    last = text.split("/")[-1]
    parts = [int(p) for p in last.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(*parts)


def blank(value) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value == ""


# --------------------------------------------------------------------------
# Checks (each returns a list of problems; empty means fine)
# --------------------------------------------------------------------------

def check_events_sorted(events: pd.DataFrame) -> list[str]:
    keys = [start_of(d) for d in events["date"]]
    return [f"{events.iloc[i]['event_id']} ({events.iloc[i]['date']}) comes after a later event"
            for i in range(1, len(keys)) if keys[i] < keys[i - 1]]


def check_events_in_range(events: pd.DataFrame) -> list[str]:
    return [f"{r.event_id}: {r.date} outside 1990-{LAST_PLANNED.year}"
            for r in events.itertuples() if not (1990 <= start_of(r.date).year and end_of(r.date) <= LAST_PLANNED)]


def check_provisional(events: pd.DataFrame) -> list[str]:
    """Anything from 2025 on is still moving: provisional, 'as of' no earlier than the event
    began and no later than today."""
    out = []
    for r in events.itertuples():
        if start_of(r.date) >= dt.date(2025, 1, 1):
            if r.status != "provisional":
                out.append(f"{r.event_id}: dated {r.date} but not provisional")
                continue
        if r.status == "provisional":
            if blank(r.as_of):
                out.append(f"{r.event_id}: provisional without as_of")
                continue
            planned = start_of(r.date) > TODAY
            if end_of(r.as_of) < start_of(r.date) and not planned:
                out.append(f"{r.event_id}: as_of {r.as_of} is before the event ({r.date})")
            if start_of(r.as_of) > TODAY:
                out.append(f"{r.event_id}: as_of {r.as_of} is in the future")
    return out


def check_events_inside_their_era(events: pd.DataFrame, eras: pd.DataFrame) -> list[str]:
    bands = {r.era_id: (start_of(r.start), end_of(r.end) if not blank(r.end) else LAST_PLANNED)
             for r in eras.itertuples()}
    out = []
    for r in events.itertuples():
        lo, hi = bands[r.era]
        # a coarse date (a year, a month, a range) only has to overlap its era
        if end_of(r.date) < lo or start_of(r.date) > hi:
            out.append(f"{r.event_id} ({r.date}) is not inside era {r.era}")
    return out


def check_disagreements_explained(counts: pd.DataFrame) -> list[str]:
    """Where rows for the same body and date give different numbers, each carries a note."""
    out = []
    for (org, as_of), group in counts.groupby(["org_type", "as_of"]):
        if group["count"].nunique() > 1:
            for r in group.itertuples():
                if blank(r.note):
                    out.append(f"{org} {as_of}: {r.count} from {r.source_id} differs from another row but has no note")
    return out


def acronyms_in(text: str) -> set[str]:
    return set(re.findall(r"\b([A-Z]{2,})s?\b", text))


def check_acronyms_glossed(events: pd.DataFrame, glossary: pd.DataFrame) -> list[str]:
    terms = set(glossary["term"])
    used = set()
    for r in events.itertuples():
        used |= acronyms_in(f"{r.title} {r.summary}")
    return sorted(a for a in used - NOT_GLOSSED if a not in terms)


def check_quiz_consistent(quiz: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    by_id = events.set_index("event_id")
    out = []
    for r in quiz.itertuples():
        if blank(r.event_id):
            continue
        if r.source_id not in by_id.loc[r.event_id, "source_ids"]:
            out.append(f"{r.question_id}: source {r.source_id} is not one of event {r.event_id}'s sources")
    return out


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tables():
    data.clear_cache()
    return {name: data.load(name) for name in ("eras", "events", "org_counts", "glossary", "quiz", "sources")}


# --------------------------------------------------------------------------
# Eras
# --------------------------------------------------------------------------

def test_eras_are_the_five_bands_in_order_with_their_notebooks(tables):
    eras = tables["eras"]
    assert list(eras["era_id"]) == ERA_ORDER
    for r in eras.itertuples():
        assert (r.notebook if not blank(r.notebook) else "") == ERA_NOTEBOOKS[r.era_id], r.era_id


def test_eras_follow_on_without_gaps(tables):
    eras = tables["eras"].reset_index(drop=True)
    for i in range(1, len(eras)):
        prev_end = end_of(eras.loc[i - 1, "end"])
        assert start_of(eras.loc[i, "start"]) == prev_end + dt.timedelta(days=1), eras.loc[i, "era_id"]
    assert blank(eras.iloc[-1]["end"]), "the integrated care era is still open"
    assert eras.set_index("era_id").loc["ccgs", "start"] == "2013-04-01"
    assert eras.set_index("era_id").loc["icss", "start"] == "2022-07-01"


# --------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------

def test_at_least_seventy_events(tables):
    assert len(tables["events"]) >= 70


def test_required_events_present_with_their_dates(tables):
    events = tables["events"].set_index("event_id")
    missing = sorted(set(REQUIRED_EVENTS) - set(events.index))
    assert missing == [], f"required events missing: {missing}"
    wrong = {eid: (events.loc[eid, "date"], events.loc[eid, "date_precision"])
             for eid, want in REQUIRED_EVENTS.items()
             if (events.loc[eid, "date"], events.loc[eid, "date_precision"]) != want}
    assert wrong == {}, f"dates differ from the sources: {wrong}"


def test_events_sorted_and_in_range(tables):
    assert check_events_sorted(tables["events"]) == []
    assert check_events_in_range(tables["events"]) == []


def test_events_fall_inside_their_era(tables):
    assert check_events_inside_their_era(tables["events"], tables["eras"]) == []


def test_recent_events_are_provisional_with_as_of(tables):
    assert check_provisional(tables["events"]) == []


def test_every_era_after_1991_has_events(tables):
    counts = tables["events"]["era"].value_counts()
    for era in ERA_ORDER[1:]:
        assert counts.get(era, 0) >= 5, era


def test_summaries_are_short(tables):
    for r in tables["events"].itertuples():
        sentences = [s for s in re.split(r"(?<=[.;])\s+", r.summary.strip()) if s]
        assert len(r.summary) <= 320 and len(sentences) <= 3, r.event_id


# --------------------------------------------------------------------------
# Counts
# --------------------------------------------------------------------------

def test_ccg_count_for_every_april_2013_to_2021(tables):
    counts = tables["org_counts"]
    ccg = counts[counts["org_type"] == "clinical_commissioning_groups"]
    for year, expected in CCGS_EACH_APRIL.items():
        rows = ccg[ccg["as_of"] == f"{year}-04-01"]
        assert len(rows) >= 1, f"no CCG count for 1 April {year}"
        ods = rows[rows["source_id"] == "ods-eccg-2024"]
        assert list(ods["count"]) == [expected], f"1 April {year}: {list(rows['count'])}"


def test_required_counts(tables):
    counts = tables["org_counts"]
    for (org, as_of), expected in REQUIRED_COUNTS.items():
        rows = counts[(counts["org_type"] == org) & (counts["as_of"] == as_of)]
        assert expected in list(rows["count"]), f"{org} on {as_of}: expected {expected}, got {list(rows['count'])}"


def test_counts_are_dated_in_range_and_not_duplicated(tables):
    counts = tables["org_counts"]
    for r in counts.itertuples():
        assert 1990 <= start_of(r.as_of).year and end_of(r.as_of).year <= 2026, r
        assert r.count >= 0, r
    dupes = counts.duplicated(["org_type", "as_of", "source_id"], keep=False)
    assert not dupes.any(), counts[dupes]


def test_disagreements_are_kept_and_explained(tables):
    counts = tables["org_counts"]
    assert check_disagreements_explained(counts) == []
    # the known disagreements are kept as separate rows, not averaged
    teams = counts[counts["org_type"] == "nhs_england_area_teams"]
    assert {25, 27} <= set(teams["count"])
    hwbs = counts[counts["org_type"] == "health_and_wellbeing_boards"]
    assert {151, 152} <= set(hwbs["count"])


# --------------------------------------------------------------------------
# Glossary
# --------------------------------------------------------------------------

def test_glossary_has_at_least_forty_terms_including_the_required_ones(tables):
    glossary = tables["glossary"]
    assert len(glossary) >= 40
    assert glossary["term"].is_unique
    missing = sorted(REQUIRED_TERMS - set(glossary["term"]))
    assert missing == [], f"glossary lacks {missing}"


def test_every_acronym_in_the_events_is_in_the_glossary(tables):
    assert check_acronyms_glossed(tables["events"], tables["glossary"]) == []


def test_glossary_years_are_plausible(tables):
    for r in tables["glossary"].itertuples():
        first, _, last = r.years.partition("-")
        assert 1900 <= int(first) <= 2026, r.term
        if last:
            assert int(last) <= 2026, r.term


# --------------------------------------------------------------------------
# Quiz
# --------------------------------------------------------------------------

def test_at_least_ten_timeline_questions(tables):
    quiz = tables["quiz"]
    mine = quiz[quiz["notebook"] == "01_timeline"]
    assert len(mine) >= 10
    assert mine["event_id"].notna().all()


def test_quiz_cites_the_events_own_sources(tables):
    quiz = tables["quiz"]
    assert check_quiz_consistent(quiz[quiz["notebook"] == "01_timeline"], tables["events"]) == []


def test_quiz_numbers_agree_with_the_counts(tables):
    quiz = tables["quiz"].set_index("question_id")
    counts = tables["org_counts"]

    def count(org, as_of):
        return set(counts[(counts["org_type"] == org) & (counts["as_of"] == as_of)]["count"])

    assert int(quiz.loc["tl-q02", "answer"]) in count("primary_care_groups", "1999-04-01")
    assert int(quiz.loc["tl-q06", "answer"]) in count("clinical_commissioning_groups", "2013-04-01")
    assert int(quiz.loc["tl-q12", "answer"]) in count("integrated_care_boards", "2022-07-01")
    assert int(quiz.loc["tl-q07", "answer"]) in count("integration_pioneers", "2013-11-01")
    assert int(quiz.loc["tl-q09", "answer"]) in count("sustainability_and_transformation_partnerships", "2016-03")
    before, after = re.findall(r"\d+", quiz.loc["tl-q03", "answer"])
    assert int(before) in count("primary_care_trusts", "2006-05-16")
    assert int(after) in count("primary_care_trusts", "2006-10-01")


# --------------------------------------------------------------------------
# The checks catch broken data
# --------------------------------------------------------------------------

def test_checks_catch_broken_copies(tables):
    events = tables["events"].copy()

    swapped = events.copy()
    swapped.iloc[[0, 1]] = swapped.iloc[[1, 0]].to_numpy()
    assert check_events_sorted(swapped)

    late = events.copy()
    late.loc[late["event_id"] == "icb-mergers-2026", ["status", "as_of"]] = ["settled", ""]
    assert check_provisional(late)

    wrong_era = events.copy()
    wrong_era.loc[wrong_era["event_id"] == "hsca-2012", "era"] = "icss"
    assert check_events_inside_their_era(wrong_era, tables["eras"])

    out_of_range = events.copy()
    out_of_range.loc[0, "date"] = "1989-01-31"
    assert check_events_in_range(out_of_range)
    beyond_plans = events.copy()
    beyond_plans.loc[0, "date"] = "2028-01-01"
    assert check_events_in_range(beyond_plans)

    plan_as_fact = events.copy()
    plan_as_fact.loc[plan_as_fact["event_id"] == "icb-mergers-2027", ["status", "as_of"]] = ["settled", ""]
    assert check_provisional(plan_as_fact)
    plan_checked_later = events.copy()
    plan_checked_later.loc[plan_checked_later["event_id"] == "icb-mergers-2027", "as_of"] = "2027-01-01"
    assert check_provisional(plan_checked_later)

    unglossed = events.copy()
    unglossed.loc[0, "summary"] = "A new XYZ body was formed."
    assert check_acronyms_glossed(unglossed, tables["glossary"]) == ["XYZ"]

    counts = tables["org_counts"].copy()
    counts.loc[counts["org_type"] == "nhs_england_area_teams", "note"] = ""
    assert check_disagreements_explained(counts)

    quiz = tables["quiz"].copy()
    quiz.loc[quiz["question_id"] == "tl-q01", "source_id"] = "hsca-2012-s194"
    assert check_quiz_consistent(quiz, events)
