"""Review dates: every provisional row says when to check it again, and ``run.py review`` lists
those due on a given day (a fixed "today" here), grouped by notebook, exiting 0."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from helpers import data, review
from helpers.data import ods

ROOT = data.DATA_DIR.parent


def _rewrite(path, change):
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    change(rows)
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return rows


@pytest.mark.parametrize("table", ["events", "practice_arrangements", "icb_footprints_2026"])
def test_every_provisional_row_has_a_review_date_and_settled_rows_none(table):
    frame = data.load(table)
    prov = frame["status"] == "provisional"
    assert prov.any()
    assert (frame.loc[prov, "review_by"] != "").all()
    assert (frame.loc[~prov, "review_by"] == "").all()
    assert (ods.load_icb_changes_2026()["review_by"] != "").all()


def test_the_loader_requires_review_by_on_provisional_rows_and_rejects_it_on_settled(data_copy):
    def change(rows):
        prov = next(i for i, r in enumerate(rows) if r["status"] == "provisional")
        settled = next(i for i, r in enumerate(rows) if r["status"] == "settled")
        rows[prov]["review_by"] = ""
        rows[settled]["review_by"] = "2027-01-01"
        change.where = {(prov + 1, "review_by"), (settled + 1, "review_by")}
    _rewrite(data_copy / "events.csv", change)
    data.clear_cache()
    with pytest.raises(data.DataError) as info:
        data.load_events(data_copy)
    assert {(p.row, p.column) for p in info.value.problems} == change.where
    assert "events.csv" in str(info.value)
    data.clear_cache()


def test_a_review_date_must_be_a_real_iso_day(data_copy):
    def change(rows):
        i = next(i for i, r in enumerate(rows) if r["status"] == "provisional")
        rows[i]["review_by"] = "2027-02-30"
        change.row = i + 1
    _rewrite(data_copy / "events.csv", change)
    data.clear_cache()
    with pytest.raises(data.DataError) as info:
        data.load_events(data_copy)
    assert [(p.row, p.column) for p in info.value.problems] == [(change.row, "review_by")]
    data.clear_cache()


def test_due_lists_exactly_the_rows_whose_review_date_has_come():
    checks = review.provisional_checks()
    day = sorted(c.review_by for c in checks)[len(checks) // 2]
    due = review.due(day)
    assert due and all(c.review_by <= day for c in due)
    assert len(due) == sum(c.review_by <= day for c in checks)
    assert review.due("1999-01-01") == []
    assert len(review.due("2999-01-01")) == len(checks)


def test_each_due_fact_appears_once_under_the_notebook_that_teaches_it():
    due = review.due("2999-01-01")
    groups = review.by_notebook(due)
    assert sum(len(v) for v in groups.values()) == len(due)
    assert {"08_your_patch", "09_general_practice_now"} <= set(groups)
    mergers = next(c for c in due if c.row_id == "icb-mergers-2026")
    assert mergers.notebooks[0] == "09_general_practice_now" and "01_timeline" in mergers.notebooks


def test_review_lines_give_sources_and_last_check():
    lines = review.review_lines("2999-01-01")
    assert lines[0].startswith(f"{len(review.due('2999-01-01'))} provisional fact(s)")
    assert any("last checked" in l and "review by" in l for l in lines)
    assert any(l.strip().startswith("source: ") for l in lines)
    assert review.review_lines("1999-01-01")[0].startswith("Nothing to check on 1999-01-01")
    html = review.review_html("2999-01-01")
    assert "<details>" in html and "09_general_practice_now" in html


def test_run_py_review_prints_the_list_and_exits_0():
    out = subprocess.run([sys.executable, "-m", "helpers.publish.review", "--today", "2999-01-01"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "provisional fact(s) to check again on 2999-01-01" in out.stdout
    early = subprocess.run([sys.executable, "-m", "helpers.publish.review", "--today", "1999-01-01"],
                           cwd=ROOT, capture_output=True, text=True)
    assert early.returncode == 0 and "Nothing to check" in early.stdout
