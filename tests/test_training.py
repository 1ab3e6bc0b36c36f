"""Training: the 2025 curriculum map (held to each notebook's objectives word for word), the
question bank and its practice session (wrong answers come back), and the learning-log entry
at the end of every notebook."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter

import pytest

from helpers import catalogue, data, training
from helpers.quiz import Quiz
from helpers.training.curriculum import notebook_name

CAPABILITY_IDS = {
    "fitness-to-practise", "ethical-approach", "communication", "data-gathering", "clinical-examination",
    "decision-making", "clinical-management", "medical-complexity", "teams", "learning-teaching", "leadership",
    "holistic-care", "community-health",
}
STEMS = [nb.file.removesuffix(".ipynb") for nb in catalogue.NOTEBOOKS]


# -- the curriculum -------------------------------------------------------------------------------

def test_the_13_capabilities_in_five_areas_cite_the_2025_curriculum():
    caps = data.load_capabilities()
    assert set(caps["capability_id"]) == CAPABILITY_IDS
    assert caps["area"].nunique() == 5
    assert not (caps["title"].str.contains("CONFIRMED") | caps["label"].eq("")).any()
    sources = data.load_sources().set_index("source_id")
    for sid in training.curriculum_source_ids():
        assert sources.loc[sid, "date"].startswith("2025") or "2025" in sources.loc[sid, "title"] + sources.loc[sid, "note"], sid


@pytest.mark.parametrize("stem", STEMS)
def test_every_objective_is_mapped_and_every_mapping_is_an_objective(stem):
    written = training.notebook_objectives(catalogue.by_file(stem).path)
    assert written, f"{stem} has no numbered learning objectives"
    mapped = [m.objective for m in training.mappings(stem)]
    assert set(mapped) == set(written), (
        f"{stem}: objectives not mapped {sorted(set(written) - set(mapped))}; "
        f"mapped but not in the notebook {sorted(set(mapped) - set(written))}")


@pytest.mark.parametrize("stem", STEMS)
def test_each_notebook_shows_its_map_under_its_objectives(stem):
    import json

    cells = json.loads(catalogue.by_file(stem).path.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells]
    i = next(i for i, s in enumerate(sources) if s.startswith("## Learning objectives"))
    assert f'training.show_objectives("{stem[:2]}")' in sources[i + 1]
    assert "RCGP curriculum (2025)" in sources[i]
    assert any(f'training.show_reflection("{stem[:2]}")' in s for s in sources), "no learning-log entry"


def test_the_map_names_titles_not_ids():
    html = training.objectives_html("05")
    caps = data.load_capabilities()
    assert any(t in html for t in caps["title"])
    assert "leadership</td>" not in html and "capability_id" not in html
    assert "Topic guide" in html
    assert "| Notebook | Objective |" in training.map_markdown()


def test_notebook_names_resolve_and_unknown_ones_fail():
    assert notebook_name("04") == "04_pioneers_vanguards_stps"
    assert notebook_name("10_practise.ipynb") == "10_practise"
    with pytest.raises(KeyError):
        notebook_name("11")


# -- the question bank ----------------------------------------------------------------------------

def test_exam_style_questions_have_five_options_a_scenario_and_distinct_text():
    bank = data.load_quiz()
    sba = bank[bank["style"] == "sba"]
    assert not sba.empty
    assert all(len(o.split("|")) == 5 for o in sba["options"])
    assert sba["question"].is_unique and (sba["question"].str.len() > 80).all()  # a scenario, not a bare recall
    assert set(sba["notebook"]) <= set(STEMS[1:10])


def test_a_single_best_answer_question_needs_five_distinct_options(data_copy):
    import csv
    import io

    path = data_copy / "quiz.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[0]["style"] = "sba"  # a four-option self-check
    rows[1]["options"] = rows[1]["options"] + "|" + rows[1]["options"].split("|")[0]
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    data.clear_cache()
    with pytest.raises(data.DataError) as info:
        data.load_quiz(data_copy)
    msgs = {(p.row, p.column): p.message for p in info.value.problems}
    assert "five options, not 4" in msgs[(1, "options")]
    assert "the same option is given twice" in msgs[(2, "options")]
    data.clear_cache()


def test_notebook_quizzes_keep_to_their_short_self_checks():
    q = Quiz("05_primary_care_networks")
    assert {r["style"] for r in q.questions} == {"check"}


# -- the practice session ---------------------------------------------------------------------------

def _wrong(p):
    return next(o for o in p.options if o != p.current["answer"])


def test_a_wrong_answer_comes_back_after_the_gap_and_a_right_one_does_not():
    p = training.Practice(seed=3, gap=2)
    first = p.current["question_id"]
    p.answer(_wrong(p))
    p.next()
    seen = [p.current["question_id"]]
    p.answer(p.current["answer"])
    p.next()
    seen.append(p.current["question_id"])
    p.answer(p.current["answer"])
    p.next()
    assert first not in seen and p.current["question_id"] == first  # back after two others
    p.answer(p.current["answer"])  # right at last: it leaves for good, but the score keeps the first answer
    p.next()
    assert first not in [p.questions[i]["question_id"] for i in p.queue]
    assert p.results[first].correct is False
    assert p.score == 2 and p.to_repeat == 0


def test_a_session_ends_when_every_question_has_been_answered_right():
    p = training.Practice(notebooks=["05"], seed=1)
    total = len(p.questions)
    wrong_once = set()
    while not p.finished:
        q = p.current["question_id"]
        if q not in wrong_once and len(wrong_once) < 2:
            wrong_once.add(q)
            p.answer(_wrong(p))
        else:
            p.answer(p.current["answer"])
        p.next()
    assert p.score == total - 2 and len(p.results) == total
    assert p.next() is None
    with pytest.raises(ValueError, match="session is over"):
        p.answer("anything")


def test_scores_by_notebook_and_capability_count_first_answers():
    p = training.Practice(seed=5)
    answered = Counter()
    for _ in range(6):
        answered[p.current["notebook"]] += 1
        p.answer(p.current["answer"])
        p.next()
    by_nb = p.score_by("notebook")
    assert {k: t.answered for k, t in by_nb.items() if t.answered} == dict(answered)
    assert sum(t.total for t in by_nb.values()) == len(p.questions)
    by_cap = p.score_by("capability")
    assert sum(t.right for t in by_cap.values()) == 6
    html = p.score_html()
    assert "Score by notebook" in html and "Score by curriculum capability" in html


def test_filters_choose_the_questions_and_an_empty_choice_says_so():
    p = training.Practice(notebooks=["09"], capabilities=["leadership"])
    assert {q["notebook"] for q in p.questions} == {"09_general_practice_now"}
    assert {q["capability"] for q in p.questions} == {"leadership"}
    with pytest.raises(ValueError):
        training.Practice(notebooks=["00"])


def test_a_skipped_question_waits_at_the_end():
    p = training.Practice(seed=2)
    first = p.current["question_id"]
    p.next()
    assert p.questions[p.queue[-1]]["question_id"] == first and first not in p.results


def test_the_widget_checks_repeats_and_filters():
    w = training.PractiseWidget(seed=4)
    assert w.on_check() is None and "Choose an answer first" in w.feedback.value
    w.choices.value = _wrong(w.practice)
    result = w.on_check()
    assert result is not None and not result.correct and "come back" in w.feedback.value
    w.on_next()
    assert "answer again" in w.progress.value
    w.notebook.value = "05_primary_care_networks"
    assert {q["notebook"] for q in w.practice.questions} == {"05_primary_care_networks"}
    caps_in_05 = {q["capability"] for q in w.practice.questions}
    other = next(c for _t, c in w.capability.options[1:] if c not in caps_in_05) if any(
        c not in caps_in_05 for _t, c in w.capability.options[1:]) else None
    if other:
        w.capability.value = other
        assert w.practice is None and "No question matches" in w.question.value
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "exam-style questions, by notebook" in bundle["text/html"]


# -- the learning-log entry at the end of every notebook --------------------------------------------

def test_the_entry_records_date_notebook_time_capabilities_and_reflection(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = training.NotebookReflection("05", today=dt.date(2026, 12, 6))
    caps = list(r.capabilities)
    assert caps == training.capabilities_covered("05") and caps
    r.minutes.value = "40 minutes"
    r.boxes["learned"].value = "PCNs are *not* legal bodies <b>"
    r.capabilities[caps[0]].value = False
    text = r.markdown()
    assert "- Date: 2026-12-06" in text
    assert "- Notebook: 05 Primary care networks" in text
    assert "- Time spent: 40 minutes" in text
    cap_line = next(line for line in text.splitlines() if line.startswith("- Curriculum capabilities"))
    listed = cap_line.split("(RCGP curriculum, 2025): ", 1)[1].split("; ")
    assert caps[0] not in listed and len(listed) == max(len(caps) - 1, 1)
    assert r"PCNs are \*not\* legal bodies \<b\>" in text
    assert "## How it applies to my practice" in text and "(not written)" in text
    path = r.save()
    assert path.parent == tmp_path / "learning-log" and path.read_text(encoding="utf-8") == text
    assert path.name == "2026-12-06-05-primary-care-networks-reflection.md"
    again = r.save()
    assert again != path and path.exists()  # never overwritten


def test_what_is_typed_survives_a_new_widget_before_saving(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = training.NotebookReflection("09", today=dt.date(2026, 12, 6))
    r.minutes.value = "an hour"
    r.boxes["next"].value = "Ask the practice manager about our ICB"
    cap = next(iter(r.capabilities))
    r.capabilities[cap].value = False
    restored = training.NotebookReflection("09", today=dt.date(2026, 12, 6))
    assert restored.minutes.value == "an hour"
    assert restored.boxes["next"].value == "Ask the practice manager about our ICB"
    assert restored.capabilities[cap].value is False
    assert "Restored your unsaved draft" in restored.status.value
    restored._save_clicked()
    assert "Saved and checked" in restored.status.value
    assert not (tmp_path / "learning-log" / ".drafts" / f"{restored.LOG_NAME}.json").exists()


def test_a_failed_save_says_why_and_keeps_the_draft(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "blocked").write_text("a file, not a folder", encoding="utf-8")
    r = training.NotebookReflection("03", today=dt.date(2026, 12, 6))
    r.boxes["learned"].value = "CCGs were membership bodies"
    r.folder.value = "blocked"
    r._save_clicked()
    assert "Not saved" in r.status.value and "Download the entry" in r.status.value
    assert (tmp_path / "learning-log" / ".drafts" / f"{r.LOG_NAME}.json").exists()
    assert os.listdir(tmp_path / "learning-log") == [".drafts"]
