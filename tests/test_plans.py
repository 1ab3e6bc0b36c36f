"""The tutor's session plans (plans.csv) and the session notebook the presenter shows for them."""

from __future__ import annotations

import csv
import shutil

import nbformat
import pytest

from helpers import data
from helpers.publish import nbtools, present, session, tutor


def test_both_plans_check_clean_and_fill_their_time():
    assert session.plan_ids() == ["60", "90"]
    for plan in session.plan_ids():
        assert session.problems(plan) == [], plan
        steps = session.steps(plan)
        assert sum(s.minutes for s in steps) == int(plan)
        assert [s.number for s in steps] == list(range(1, len(steps) + 1))
        assert [s.start for s in steps] == [sum(t.minutes for t in steps[:i]) for i in range(len(steps))]
        assert all(s.prompt.endswith("?") for s in steps), "each prompt is a question for the room"


def _copy_data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, target)
    data.clear_cache()
    return target


def _rewrite(path, change):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    fields = list(rows[0])
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


@pytest.mark.parametrize("change, expected", [
    (lambda rows: [dict(r, minutes="6") if (r["plan"], r["step"]) == ("60", "1") else r for r in rows],
     "add up to 61, not 60"),
    (lambda rows: [dict(r, sections="Learning objectives|No such heading") if (r["plan"], r["step"]) == ("60", "1")
                   else r for r in rows],
     "01_timeline has no section headed ['No such heading']"),
    (lambda rows: [dict(r, step="9") if (r["plan"], r["step"]) == ("60", "6") else r for r in rows],
     "are not numbered 1 to 6"),
    (lambda rows: [dict(r, choice="option") if (r["plan"], r["step"], r["choice"]) == ("60", "3", "default")
                   else r for r in rows],
     "step 3: a step with options needs exactly one 'default' row"),
    (lambda rows: [dict(r, minutes="12") if (r["plan"], r["notebook"]) == ("90", "03_ccgs") else r for r in rows],
     "step 3: its options differ in title or minutes"),
])
def test_a_broken_plan_is_reported_with_its_step(tmp_path, change, expected):
    folder = _copy_data(tmp_path)
    _rewrite(folder / "plans.csv", change)
    try:
        found = session.problems("60", folder) + session.problems("90", folder)
        assert any(expected in p for p in found), found
        with pytest.raises(ValueError, match="plans.csv"):
            session.build("60" if "60" in " ".join(found) else "90", data_dir=folder)
    finally:
        data.clear_cache()


def test_choosing_a_notebook_replaces_the_default_of_its_step():
    default = session.steps("90")
    chosen = session.steps("90", "03")
    assert default[2].notebook == "05_primary_care_networks" and chosen[2].notebook == "03_ccgs"
    assert [s.notebook for i, s in enumerate(chosen) if i != 2] == [s.notebook for i, s in enumerate(default) if i != 2]
    assert chosen[2].sections[0] == "Who commissioned what after April 2013"
    assert session.steps("60", "09_general_practice_now")[2].sections == ("One practice, 1990 to 2027",)
    with pytest.raises(KeyError, match="offers no choice of '08'.*02, 03, 04, 05, 06, 09"):
        session.steps("60", "08")
    with pytest.raises(KeyError, match="no plan '45'"):
        session.steps("45")


def _sources(nb) -> list[str]:
    return [c.source for c in nb.cells]


def test_the_session_notebook_is_each_step_header_then_its_sections_in_order():
    for plan in session.plan_ids():
        nb = session.build(plan)
        headers = [i for i, c in enumerate(nb.cells) if 'class="juc-step"' in c.source]
        steps = session.steps(plan)
        assert len(headers) == len(steps)
        for step, start, end in zip(steps, headers, headers[1:] + [len(nb.cells) - 1]):
            head = nb.cells[start].source
            assert f'data-step="{step.number}" data-steps="{len(steps)}"' in head
            assert f"Step {step.number} of {len(steps)}" in head and f"{step.minutes} minutes planned" in head
            assert session.html.escape(step.prompt) in head and "Tutor's note" in head
            source = nbformat.read(nbtools.NOTEBOOKS / f"{step.notebook}.ipynb", as_version=4)
            want = [c.source for h in step.sections for c in nbtools.section(source, h)]
            got = [c.source.replace(session.UP, "") for c in nb.cells[start + 1:end]]
            assert got == [w for w in want], (plan, step.title)
        assert nb.cells[0].cell_type == "code" and "os.chdir" in nb.cells[0].source
        assert nb.cells[-1].source.endswith("session.mark_ready()")
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_the_session_notebook_runs_and_its_links_reach_the_notebooks(tmp_path, monkeypatch):
    """Executed where the presenter serves it: every cell runs, the working folder is the
    notebooks', the ready file is written, and every relative link points at a real file."""
    from nbclient import NotebookClient

    ready = tmp_path / "ready"
    monkeypatch.setenv(session.READY_ENV, str(ready))
    path = session.write("60", folder=session.SESSIONS)
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell("import os; print(os.getcwd())"))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    assert nb.cells[1].outputs[0]["text"].strip() == str(nbtools.NOTEBOOKS)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o["output_type"] == "error"]
    assert errors == []
    assert ready.read_text(encoding="utf-8") == "ready\n"
    import re
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for target in re.findall(r"\]\((\.\./\.\./[^)#\s]+)", cell.source):
                assert (path.parent / target).exists(), target


def test_the_tutor_guide_prints_the_plans_from_the_data():
    guide = tutor.GUIDE.read_text(encoding="utf-8")
    for plan in session.plan_ids():
        assert session.plan_markdown(plan) in guide
        for s in session.steps(plan):
            assert f"| {s.clock} | {s.minutes} | {s.title} |" in guide


def test_the_presenter_preheats_only_the_plan():
    cmd = present.command(8999, preheat="tutor/sessions/plan-60.ipynb")
    assert "--VoilaConfiguration.preheat_kernel=True" in cmd
    pools = next(a for a in cmd if a.startswith("--VoilaKernelManager.kernel_pools_config="))
    assert '"default": {"pool_size": 0}' in pools and '"tutor/sessions/plan-60.ipynb": {"pool_size": 1}' in pools
    assert not any("preheat" in a or "pool" in a for a in present.command(8999))


def test_the_presenter_does_not_load_jupyterlab_extensions_it_cannot_use():
    deny = next(a for a in present.command(8999) if a.startswith("--VoilaConfiguration.extension_denylist="))
    assert "@jupyter-notebook/lab-extension" in deny and "@voila-dashboards/jupyterlab-preview" in deny
    assert "@jupyter-widgets" not in deny and "plotly" not in deny


def test_the_presenter_refuses_a_plan_and_a_notebook_together(capsys):
    with pytest.raises(SystemExit):
        present.main(["07", "--plan", "60"])
    assert "not both" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        present.main(["--choose", "03"])
    assert "--choose goes with --plan" in capsys.readouterr().err
    with pytest.raises(SystemExit, match="offers no choice of '08'"):
        present.main(["--plan", "60", "--choose", "08", "--no-browser"])


def test_the_session_notebooks_are_not_taken_for_notebooks_of_the_collection():
    session.write("90", "03")
    assert not any("sessions" in p.parts for p in nbtools.notebook_paths())
