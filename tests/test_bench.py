"""The benchmark's own code (fast: nothing here runs a kernel) and helpers.speedups."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import nbformat
import pytest

from bench import results, run, widgets
from helpers import speedups
from helpers.publish import nbtools

EXAMPLE = """\
# Benchmark results

Some text | with a bar that is not a table.

| notebook | seconds | ratio_to_floor |
|---|---|---|
| floor | 1.40 | 1.00 |
| 00_start_here | 1.52 | 1.09 |
| 08_your_patch | failed | failed |

| budget | measured | verdict |
|---|---|---|
| a \\| b | 1 | met |
"""


def test_notebook_table_is_read_back():
    table = results.read_notebook_table(EXAMPLE)
    assert table["floor"] == {"seconds": 1.40, "ratio_to_floor": 1.00}
    assert table["00_start_here"]["ratio_to_floor"] == 1.09
    assert table["08_your_patch"] == {"seconds": None, "ratio_to_floor": None}
    assert list(table) == ["floor", "00_start_here", "08_your_patch"]


def test_table_round_trips_escaped_cells_and_rejects_ragged_rows():
    text = results.table(("a", "b"), [("x|y", "line\nbreak")])
    assert results.parse_tables(text) == [(["a", "b"], [["x|y", "line break"]])]
    assert results.parse_tables(EXAMPLE)[1][1] == [["a | b", "1", "met"]]
    with pytest.raises(ValueError, match="expected 2"):
        results.table(("a", "b"), [("only one",)])


def test_notebook_table_missing_or_without_floor_is_an_error():
    with pytest.raises(ValueError, match="no table with columns"):
        results.read_notebook_table("| notebook | secs |\n|---|---|\n| floor | 1 |\n")
    with pytest.raises(ValueError, match="no 'floor' row"):
        results.read_notebook_table("| notebook | seconds | ratio_to_floor |\n|---|---|---|\n| a | 1 | 1 |\n")


def _ctx(**over):
    nb = lambda secs, cpu=1.0, peak=150 * run.MB, err=None: {  # noqa: E731
        "seconds": secs, "errors": [err] if err else [], "peak": [peak], "cpu": [cpu],
        "cells": [(1, 0.3, "from helpers import x")]}
    ctx = {
        "runs": 5, "took": 200.0, "started": "2026-11-22T16:00", "load_start": "0.1", "load_end": "0.2",
        "machine": {"cores": 2, "usable_cores": 2, "cpu": "test", "memory": 2 * 1024 ** 3,
                    "python": "3.11.7", "platform": "Linux", "versions": {"pandas": "3.1.1"},
                    "commit": "abc", "dirty": False, "dont_write_bytecode": "1"},
        "notebooks": {"floor": nb([1.4, 1.5, 1.4], 0.8), "00_start_here": nb([1.5, 1.6, 1.5]),
                      "01_timeline": nb([2.5, 2.4, 2.6], 1.6, 600 * run.MB),
                      "02_broken": nb([], err="NameError: x")},
        "used": {"00_start_here": ["helpers"]}, "used_by": {"helpers": ["00_start_here"]},
        "missing": ["03_ccgs.ipynb"],
        "imports": {"helpers": {"added_s": 0.001, "stack_s": 0.6, "alone_s": 0.001, "heavy": [],
                                "new_packages": [], "read_data_at_import": False, "error": None}},
        "trap": {"plain_s": 2.2, "deferred_s": 0.15},
        "data": {"first_s": 0.04, "cached_s": 0.002, "tables": {"events": 79}},
        "widgets": {"widgets": [{"name": "w", "target": "helpers.x:W", "build_s": 0.01, "p50_ms": 2.0,
                                 "p95_ms": 25.0, "max_ms": 30.0, "changes": 100}], "notes": ["n"]},
        "bytecode": {"error": "skipped"}, "browser": None,
        "sizes": {"notebooks": [("notebooks/00_start_here.ipynb", 20_000, "committed")],
                  "data_committed": 1000, "data_files": 3, "data_disk": 1000, "pages": [],
                  "export_exists": False},
        "suite": [{"seconds": 30.0, "summary": "10 passed", "command": "python -m pytest", "label": ""}],
    }
    ctx.update(over)
    return ctx


def test_report_has_the_exact_notebook_table_and_budget_verdicts():
    text = run.build_report(_ctx())
    table = results.read_notebook_table(text)
    assert table["floor"]["ratio_to_floor"] == 1.0
    assert table["01_timeline"]["ratio_to_floor"] == pytest.approx(2.5 / 1.4, abs=0.01)
    assert table["02_broken"]["seconds"] is None
    verdicts = {row[0]: row[2] for row in run.budget_rows(_ctx())}
    assert verdicts["each notebook ≤ 1.5× the floor (aim 1.2×)"] == "**missed**"
    assert verdicts["`import helpers` adds ≤ 0.2 s to the stack import"] == "met"
    assert verdicts["widget update p95 < 20 ms (Python)"] == "**missed**"
    assert verdicts["widget update p95 < 150 ms (browser)"] == "not measured"
    assert verdicts["peak kernel memory < 500 MB"] == "**missed**"
    assert verdicts["test suite without browser tests < 60 s"] == "met"
    assert "not measured in this run" in text and "`03_ccgs.ipynb`" in text


def test_browser_timings_in_any_documented_shape(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "ARTIFACTS", tmp_path)
    assert run.phase_browser() is None
    (tmp_path / "browser-timings.json").write_text(
        '{"widgets": {"timeline filter": [100, 120, 90, 300], "quiz": {"p50_ms": 40, "p95_ms": 60}}}')
    rows = {r["name"]: r for r in run.phase_browser()["rows"]}
    assert rows["quiz"]["p95_ms"] == 60 and rows["timeline filter"]["n"] == 4
    (tmp_path / "browser-timings.json").write_text('[{"name": "a", "ms": 10}, {"name": "a", "ms": 30}]')
    assert run.phase_browser()["rows"][0]["p50_ms"] == 20
    (tmp_path / "browser-timings.json").write_text(  # the shape tests/browser/artifacts.py writes
        '{"chromium": "Chromium 140", "routes": {"lab": {"01_timeline": {"era filter": {"how": "dropdown",'
        ' "n": 3, "median_ms": 80, "p95_ms": 200, "samples_ms": [70, 80, 200]}}}}}')
    out = run.phase_browser()
    assert out["chromium"] == "Chromium 140"
    assert out["rows"] == [{"name": "lab: 01_timeline: era filter (dropdown)", "p50_ms": 80,
                            "p95_ms": 200, "n": 3}]


def test_session_cold_starts_are_read_and_held_to_two_seconds(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "ARTIFACTS", tmp_path)
    name = "session plan first screen < 2 s (browser)"
    assert run.phase_sessions() is None
    assert {r[0]: r[2] for r in run.budget_rows(_ctx())}[name] == "not measured"
    (tmp_path / "session-timings.json").write_text(  # the shape tests/browser/artifacts.py writes
        '{"plans": {"60": {"ready_s": 12.4, "first_screen_s": 1.2}, "90": {"ready_s": 14.0, "first_screen_s": 2.6}}}')
    ctx = _ctx(sessions=run.phase_sessions())
    row = next(r for r in run.budget_rows(ctx) if r[0] == name)
    assert row[2] == "**missed**" and "plan 60: 1.20 s (ready 12 s after the command)" in row[1]
    ctx["sessions"]["plans"]["90"]["first_screen_s"] = 1.9
    assert next(r for r in run.budget_rows(ctx) if r[0] == name)[2] == "met"


def test_modules_used_reads_imports_from_code_cells():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("%matplotlib inline\nimport helpers\nfrom helpers import data, ACCURATE_AS_OF"),
        nbformat.v4.new_code_cell("from helpers.display import esc\nimport helpers.catalogue as c"),
        nbformat.v4.new_markdown_cell("from helpers import nothing"),
    ])
    assert run.modules_used(nb) == ["helpers", "helpers.catalogue", "helpers.data", "helpers.display"]


def test_widget_changers_change_the_value():
    import ipywidgets as w

    class Thing:
        def __init__(self):
            self.kind = w.Dropdown(options=["a", "b", "c"], value="a")
            self.box = w.VBox([w.HTML("x"), w.SelectMultiple(options=["p", "q"])])

    thing = Thing()
    seen = []
    for i in range(4):
        widgets.cycle("kind")(thing, i)
        seen.append(thing.kind.value)
    assert seen == ["b", "c", "a", "b"]
    assert [type(c).__name__ for c in widgets.controls(thing)] == ["Dropdown", "SelectMultiple"]
    before = thing.kind.value
    widgets.auto(thing, 0)
    assert thing.kind.value != before


def test_pytest_does_not_collect_the_benchmark():
    assert not list(nbtools.ROOT.joinpath("bench").glob("test_*.py"))
    assert "*" in (nbtools.ROOT / "bench" / "conftest.py").read_text()


def test_speedups_stand_in_defers_the_real_module_until_first_use(tmp_path, monkeypatch):
    (tmp_path / "juc_fake_parsers.py").write_text(textwrap.dedent("""\
        LOADED = True
        def is_valid_syntax(term, value):
            return term == "iri" and " " not in value
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    name = "juc_fake_parsers"
    try:
        assert speedups.defer_iri_parsers(name) is True
        assert speedups.defer_iri_parsers(name) is False  # already in place
        assert speedups.is_deferred(name)
        from juc_fake_parsers import is_valid_syntax  # the import system must not load it

        assert speedups.is_deferred(name)
        assert is_valid_syntax("iri", "http://a/b") is True
        assert is_valid_syntax("iri", "http://a/b c") is False
        assert not speedups.is_deferred(name) and sys.modules[name].LOADED
    finally:
        sys.modules.pop(name, None)


def test_import_helpers_keeps_jsonschema_from_building_parsers():
    code = ("import helpers, sys, jsonschema; "
            "print(helpers.speedups.is_deferred(), 'rfc3987_syntax.syntax_helpers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


def test_verdicts_say_when_only_wall_time_missed():
    assert run._both(True, False) == "met"
    assert run._both(False, None) == "**missed**"
    assert run._both(False, False) == "**missed**"
    assert "met in CPU time" in run._both(False, True)


def _hub_data(rows):
    from bench import hub_load

    data = {"started": "2026-12-07T04:00", "took": 300.0, "cores": 2, "memory": 24 * 1024 * run.MB,
            "rows": rows, "not_run": [{"n": 40, "why": "the time budget (10 s) was spent"}]}
    data["sizing"] = hub_load.sizing(rows, data["memory"], 2)
    data["sentence"] = hub_load.sizing_sentence(data["sizing"], data["memory"])
    return data


def _hub_row(n, ok=None, fig=20.0, p95=300.0, per=400 * run.MB, errors=()):
    return {"n": n, "ok": n if ok is None else ok, "wave_s": 3.0 * n, "server_median_s": 5.0,
            "server_max_s": 9.0, "figure_median_s": fig / 2, "figure_max_s": fig, "widget_p50_ms": 90.0,
            "widget_p95_ms": p95, "widget_samples": 5 * n, "trainee_rss_median": per,
            "trainee_rss_max": per, "trainee_rss_total": per * n, "hub_rss": 130 * run.MB,
            "hub_idle_rss": 120 * run.MB, "proxy_rss": 60 * run.MB, "memory_drop": per * n,
            "errors": list(errors), "hung": [], "killed": [], "load": "1.00", "load_before": "0.10"}


def test_hub_load_sizing_says_what_limits_it():
    from bench import hub_load

    # every size measured held: the cores (not memory) are the limit named, memory's own figure given
    s = hub_load.sizing([_hub_row(5), _hub_row(10), _hub_row(20)], 24 * 1024 * run.MB, 2)
    assert s["together"] == 20 and s["by_memory"] == (20 * 1024) // 400
    sentence = hub_load.sizing_sentence(s, 24 * 1024 * run.MB)
    assert sentence.startswith("A 2-core, 24 GB server holds about 20 trainees at once")
    assert "memory alone would allow about 51" in sentence
    # N=20 too slow (first figure 90 s) or failing: the largest size that held is the answer
    for bad in (_hub_row(20, fig=90.0), _hub_row(20, ok=17, errors=["TimeoutError: x"])):
        s = hub_load.sizing([_hub_row(5), _hub_row(10), bad], 24 * 1024 * run.MB, 2)
        assert s["together"] == 10
        assert "beyond 10 starting together" in hub_load.sizing_sentence(s, 24 * 1024 * run.MB)


def test_hub_load_section_is_generated_and_replaced_not_duplicated():
    from bench import hub_load

    data = _hub_data([_hub_row(5), _hub_row(20, ok=18, errors=["RuntimeError: server not ready"])])
    text = hub_load.section(data)
    headers, rows = next(t for t in results.parse_tables(text) if t[0][0] == "N")
    assert [r[0] for r in rows] == ["5", "20"] and rows[1][1] == "18 of 20"
    assert "N=20: RuntimeError: server not ready" in text and "N=40 was not run" in text
    assert "Growth from N=5 to N=20" in text and f"> {data['sentence']}" in text
    report = run.build_report(_ctx(hub=data))
    assert report.count(hub_load.HEADING) == 1
    results.read_notebook_table(report)  # the notebook table is still there and readable
    again = hub_load.replace_section(report, hub_load.section(_hub_data([_hub_row(10)])))
    assert again.count(hub_load.HEADING) == 1 and "| 10 | 10 of 10 |" in again
    assert "## Test suite" in again and "| 5 | 5 of 5 |" not in again
    assert hub_load.extract_section(again).startswith(hub_load.HEADING)
    # --no-hub carries the previous section over
    carried = run.build_report(_ctx(hub={"carried": hub_load.extract_section(again)}))
    assert "| 10 | 10 of 10 |" in carried and "--no-hub" in carried
