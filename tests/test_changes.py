"""What changed: changes.csv is checked like every table, agrees with the tables it describes,
CHANGES.md is generated from it (and tested for drift), and notebook 00's picker filters by day."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys

import pytest

from helpers import changes, data
from helpers.publish import changelog

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


@pytest.fixture
def fresh():
    data.clear_cache()
    yield
    data.clear_cache()


def test_changes_md_is_generated_from_the_table():
    assert (ROOT / "CHANGES.md").read_text(encoding="utf-8") == changes.markdown(), \
        "CHANGES.md has drifted from data/changes.csv: run python3 run.py changes"


def test_every_change_matches_the_tables_today():
    assert changes.stale() == []


def test_this_release_records_the_issue_18_corrections():
    ids = {(c.table, c.row_id, c.column) for c in changes.load_changes()}
    assert ("stakeholders", "clare-gerada", "role") in ids
    assert ("events", "ics-three-more-2019", "date") in ids
    assert ("arguments", "kingsfund-01", "") in ids
    gerada = next(c for c in changes.load_changes() if c.row_id == "clare-gerada")
    assert gerada.before == "RCGP president" and gerada.kind == "corrected"
    assert "Chair of RCGP Council" in gerada.after


def test_newest_first_and_since_is_inclusive(data_copy, fresh):
    def add(rows):
        later = dict(rows[0], change_id="later-one", changed_on="2027-01-15")
        rows.insert(0, later)  # file order must not matter: the day does
    _rewrite(data_copy / "changes.csv", add)
    all_changes = changes.load_changes(data_copy)
    assert all_changes[0].change_id == "later-one"
    assert [c.changed_on for c in all_changes] == sorted((c.changed_on for c in all_changes), reverse=True)
    assert [c.change_id for c in changes.since("2027-01-15", data_copy)] == ["later-one"]
    assert [c.change_id for c in changes.since(dt.date(2027, 1, 16), data_copy)] == []
    assert len(changes.since("2026-12-06", data_copy)) == len(all_changes)


def test_a_change_that_no_longer_matches_its_table_is_reported(data_copy, fresh):
    def edit(rows):
        row = next(r for r in rows if r["stakeholder_id"] == "clare-gerada")
        row["role"] = "Something else"
    _rewrite(data_copy / "stakeholders.csv", edit)
    problems = changes.stale(data_copy)
    assert len(problems) == 1 and "gerada-role-2012" in problems[0] and "'role'" in problems[0]


def test_a_removed_row_that_comes_back_is_reported(data_copy, fresh):
    old = subprocess.run(["git", "show", "e24cf38^:data/arguments.csv"], cwd=ROOT, capture_output=True,
                         text=True)
    if old.returncode != 0:
        pytest.skip("git history is not available in this checkout")
    back = next(r for r in csv.DictReader(io.StringIO(old.stdout)) if r["argument_id"] == "kingsfund-01")

    def put_back(rows):
        rows.append({k: back.get(k, "") for k in rows[0]})
    _rewrite(data_copy / "arguments.csv", put_back)
    assert any("kingsfund-01-removed" in p and "still there" in p for p in changes.stale(data_copy))


@pytest.mark.parametrize("edit, column, words", [
    (lambda r: r.update(table="nowhere"), "table", "is not a table"),
    (lambda r: r.update(column="colour"), "column", "is not a column of stakeholders.csv"),
    (lambda r: r.update(before=""), "before", "names the column and what it said before"),
    (lambda r: r.update(after=""), "after", "say what the row says now"),
    (lambda r: r.update(kind="rewritten"), "kind", "is not an allowed value"),
    (lambda r: r.update(changed_on="6 Dec 2026"), "changed_on", "is not an ISO date"),
    (lambda r: r.update(source_ids="no-such-source"), "source_ids", "is not a sources id"),
])
def test_bad_change_rows_fail_with_file_row_and_column(data_copy, fresh, edit, column, words):
    def change(rows):
        edit(next(r for r in rows if r["change_id"] == "gerada-role-2012"))
    rows = _rewrite(data_copy / "changes.csv", change)
    row = next(i for i, r in enumerate(rows, start=1) if r["change_id"] == "gerada-role-2012")
    with pytest.raises(data.DataError) as info:
        data.load_changes(data_copy)
    found = [p for p in info.value.problems if p.column == column]
    assert found and found[0].row == row and "changes.csv" in found[0].file and words in found[0].message


def test_added_and_removed_rows_follow_their_rules(data_copy, fresh):
    def change(rows):
        added = next(r for r in rows if r["kind"] == "added")
        added["before"] = "something"
        removed = next(r for r in rows if r["kind"] == "removed")
        removed["after"] = "something"
    _rewrite(data_copy / "changes.csv", change)
    with pytest.raises(data.DataError) as info:
        data.load_changes(data_copy)
    assert {p.column for p in info.value.problems} == {"before", "after"}


def test_the_picker_shows_changes_since_the_day_chosen(fresh):
    w = changes.ChangesSince()
    newest = changes.load_changes()[0].changed_on
    assert "change(s)" in w.output.value and "Clare Gerada" in w.output.value
    w.picker.value = dt.date.fromisoformat(newest) + dt.timedelta(days=1)
    assert "Nothing has changed since" in w.output.value
    w.picker.value = None
    assert w.output.value == changes.changes_html(changes.load_changes())


def test_shown_text_is_escaped_and_names_no_internal_ids():
    html = changes.changes_html(changes.load_changes())
    assert "<script" not in html
    for internal in ("kingsfund-01", "gerada-role-2012", "pulse-gerada-president-2021"):
        assert internal not in html
    assert "Pulse" in html and "Before:" in html


def test_the_widget_carries_its_fixed_view_for_pages_without_a_kernel(fresh):
    bundle = changes.ChangesSince()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/html"] == changes.changes_html(changes.load_changes())


def test_run_py_changes_check_passes_and_fails_on_drift(tmp_path, monkeypatch):
    assert subprocess.run([sys.executable, "-m", "helpers.publish.changelog", "--check"], cwd=ROOT,
                          capture_output=True).returncode == 0
    stale_file = tmp_path / "CHANGES.md"
    stale_file.write_text("# What changed\n", encoding="utf-8")
    monkeypatch.setattr(changelog, "CHANGES_MD", stale_file)
    assert changelog.main(["--check"]) == 1
    assert changelog.main([]) == 0 and stale_file.read_text(encoding="utf-8") == changes.markdown()
