"""Derived counts agree with data/org_counts.csv wherever both speak; a disagreement must be explained."""

from __future__ import annotations

import re

import pytest

from helpers import data
from helpers.data import ods

ORG_COUNTS = data.DATA_DIR / "org_counts.csv"


def _mentions(note: str, n: int) -> bool:
    return bool(re.search(rf"(?<![\d,]){n:,}(?![\d,])|(?<!\d){n}(?!\d)", note or ""))


def overlaps(frame):
    """(row, our count, how) for every org_counts row our derived tables can speak to."""
    out = []
    for r in frame.to_dict("records"):
        got = ods.derived_count_for(r["org_type"], r["as_of"], r["as_of_precision"], r["source_id"])
        if got is not None:
            out.append((r, got[0], got[1]))
    return out


@pytest.fixture(scope="module")
def org_counts():
    if not ORG_COUNTS.exists():
        pytest.skip("data/org_counts.csv does not exist yet")
    data.clear_cache()
    return data.load_org_counts()


def test_every_overlapping_count_agrees_or_is_explained(org_counts):
    problems = []
    for r, ours, how in overlaps(org_counts):
        if int(r["count"]) != ours and not _mentions(r.get("note", ""), ours):
            problems.append(
                f"org_counts {r['org_type']} {r['as_of']} ({r['source_id']}) says {r['count']}, "
                f"the ODS-derived count is {ours} ({how}); explain the difference in the row's note "
                f"(mention {ours:,}) or correct the row"
            )
    assert not problems, "\n".join(problems)


def test_the_ccg_and_icb_overlaps_exist(org_counts):
    kinds = {r["org_type"] for r, _, _ in overlaps(org_counts)}
    assert "clinical_commissioning_groups" in kinds, "org_counts.csv should give CCG counts on dates from 2013-04-01 to 2022-06-30"
    assert "integrated_care_boards" in kinds, "org_counts.csv should give the ICB count for 2022-07-01"


def test_ccg_count_on_each_first_of_april_is_in_org_counts(org_counts):
    ccg = org_counts[org_counts["org_type"] == "clinical_commissioning_groups"]
    days = set(ccg[ccg["as_of_precision"] == "day"]["as_of"])
    missing = [d for d in ods.load_ccg_counts()["as_of"] if d not in days and d != "2022-04-01"]
    assert len(missing) <= 2, f"CCG counts for these 1 April dates are not in org_counts.csv: {missing}"


# The comparison rules themselves -------------------------------------------------

def test_derived_count_rules():
    assert ods.derived_count("clinical_commissioning_groups", "2015-04-01")[0] == 209
    assert ods.derived_count("clinical_commissioning_groups", "2015-03-31")[0] == 211
    assert ods.derived_count("clinical_commissioning_groups", "2013-03-12") is None  # before CCGs
    assert ods.derived_count("clinical_commissioning_groups", "2022-07-01") is None  # after CCGs
    assert ods.derived_count("integrated_care_boards", "2022-07-01")[0] == 42
    assert ods.derived_count("integrated_care_boards", "2026-03-31")[0] == 42
    assert ods.derived_count("integrated_care_boards", "2026-04-01")[0] == 36
    assert ods.derived_count("integrated_care_boards", "2027-04-01") is None  # beyond the extract
    assert ods.derived_count("primary_care_networks", "2019-12-01", "ods-epcn-2019-12")[0] == 1250
    assert ods.derived_count("primary_care_networks", "2019-12-01", "ods-epcn-2022-05")[0] == 1251
    assert ods.derived_count("primary_care_networks", "2019-07-01")[0] == 1250  # PCNs at their start
    assert ods.derived_count("primary_care_networks", "2020-06-15") is None
    assert ods.derived_count("strategic_health_authorities", "2012-04-01") is None


def test_month_and_coarser_precision():
    assert ods.derived_count_for("clinical_commissioning_groups", "2020-04", "month")[0] == 135
    assert ods.derived_count_for("clinical_commissioning_groups", "2015-03", "month")[0] == 211
    assert ods.derived_count_for("clinical_commissioning_groups", "2015", "year") is None
    assert ods.derived_count_for("integrated_care_boards", "2022-07", "month")[0] == 42


def test_a_disagreement_needs_a_note_that_mentions_our_count(tmp_path):
    import pandas as pd

    frame = pd.DataFrame([
        {"org_type": "primary_care_networks", "as_of": "2019-07-01", "as_of_precision": "day", "count": 1259,
         "source_id": "x", "note": ""},
        {"org_type": "primary_care_networks", "as_of": "2019-07-01", "as_of_precision": "day", "count": 1259,
         "source_id": "x", "note": "NHS England's figure; the first ODS release lists 1,250 PCNs."},
    ])
    rows = overlaps(frame)
    assert [ours for _, ours, _ in rows] == [1250, 1250]
    assert not _mentions(rows[0][0]["note"], 1250) and _mentions(rows[1][0]["note"], 1250)
    assert not _mentions("12,500 people", 1250)
