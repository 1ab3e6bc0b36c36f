"""The schema of the tables that make the collection count for training, and keep it honest
over time: the question bank (``quiz.csv``), the 2025 RCGP curriculum (``capabilities.csv``,
``topic_guides.csv``, ``curriculum.csv``), the record of changed facts (``changes.csv``) and
the tutor's session plans (``plans.csv``).

``tables.py`` adds them to ``TABLES``; the loaders treat them like every other table.
"""

from __future__ import annotations

from .schema import Column, Table

#: The notebooks a row may name (file names without ``.ipynb``).
NOTEBOOK_NAMES = (
    "00_start_here", "01_timeline", "02_fundholding_pcgs_pcts", "03_ccgs",
    "04_pioneers_vanguards_stps", "05_primary_care_networks", "06_integrated_care_systems",
    "07_stakeholder_arguments", "08_your_patch", "09_general_practice_now", "10_practise",
)

#: ``check``: a short self-check shown in its notebook; ``sba``: an exam-style single best answer
#: (a scenario and five options), drawn by the practice widget with the rest.
QUIZ_STYLES = ("check", "sba")

#: What a change did to a fact a reader may have learned.
CHANGE_KINDS = (
    "corrected",  # it was wrong, and now says what the sources say
    "updated",    # it was right when written and has moved on (a new stage, a new count)
    "added",      # a new fact (a row, or a new column's value on a row)
    "removed",    # a row taken out (the summary says why and where it went)
)


def _answer_is_an_option(row: dict[str, str]):
    options = [o.strip() for o in row.get("options", "").split("|")]
    if len(options) < 2:
        yield "options", "needs at least two options separated by '|'"
    elif row.get("answer") not in options:
        yield "answer", f"{row.get('answer')!r} is not one of the options"
    if len(set(options)) != len(options):
        yield "options", "the same option is given twice"
    if row.get("style") == "sba" and len(options) != 5:
        yield "options", f"a single-best-answer question has five options, not {len(options)}"


def _change_names_a_real_cell(row: dict[str, str]):
    from .tables import TABLES  # the whole catalogue (this module is part of it)

    table = TABLES.get(row.get("table", ""))
    if table is None:
        yield "table", f"{row.get('table')!r} is not a table of the collection"
    elif row.get("column") and row["column"] not in table.column_names:
        yield "column", f"{row['column']!r} is not a column of {table.file}"
    kind = row.get("kind")
    if kind in ("corrected", "updated") and not (row.get("before") and row.get("column")):
        yield "before", f"a change of kind '{kind}' names the column and what it said before"
    if kind == "added" and row.get("before"):
        yield "before", "an added fact had nothing before it"
    if kind != "removed" and not row.get("after"):
        yield "after", "say what the row says now"
    if kind == "removed" and (row.get("after") or not row.get("before")):
        yield "after", "a removed row has nothing after it; give what it said in 'before'"


QUIZ = Table(
    name="quiz",
    file="quiz.csv",
    id_column="question_id",
    doc="Self-check and exam-style questions; the feedback cites the event and source behind the answer.",
    columns=(
        Column("question_id", "id"),
        Column("notebook", "category", allowed=NOTEBOOK_NAMES, doc="notebook the question belongs to, e.g. 01_timeline"),
        Column("style", "category", allowed=QUIZ_STYLES),
        Column("question"),
        Column("options", doc="answer options separated by '|'"),
        Column("answer", doc="the correct option, exactly as written in options"),
        Column("feedback"),
        Column("event_id", "ref", required=False, ref="events"),
        Column("source_id", "ref", ref="sources"),
        Column("capability", "ref", ref="capabilities", doc="the RCGP curriculum capability it tests"),
        Column("distractor_source_ids", "refs", required=False, ref="sources",
               doc="sources that show the wrong options wrong, where source_id alone does not"),
    ),
    row_checks=(_answer_is_an_option,),
)

CAPABILITIES = Table(
    name="capabilities",
    file="capabilities.csv",
    id_column="capability_id",
    doc="The 13 capabilities of the RCGP curriculum (2025), in their five areas.",
    columns=(
        Column("capability_id", "id"),
        Column("area", doc="the area of capability, as the 2025 curriculum names it"),
        Column("title", required=False,
               doc="the capability as the 2025 curriculum names it; empty where no page read shows the title"),
        Column("label", doc="a short name in our words, shown (marked) where the title is not confirmed"),
        Column("title_2019", required=False, doc="the 2019 title, where it was different"),
        Column("source_id", "ref", ref="sources"),
    ),
)

TOPIC_GUIDES = Table(
    name="topic_guides",
    file="topic_guides.csv",
    id_column="topic_guide_id",
    doc="The 2025 curriculum's topic guides that the notebooks map to.",
    columns=(
        Column("topic_guide_id", "id"),
        Column("title", doc="as the 2025 curriculum names it"),
        Column("group", doc="how the RCGP groups it, e.g. professional topic guides"),
        Column("url", "url", required=False),
        Column("source_id", "ref", ref="sources"),
    ),
)

CURRICULUM = Table(
    name="curriculum",
    file="curriculum.csv",
    id_column=None,
    doc="Each notebook's learning objectives mapped to the 2025 curriculum's capabilities and topic guides.",
    columns=(
        Column("notebook", "category", allowed=NOTEBOOK_NAMES),
        Column("objective", doc="the objective exactly as the notebook states it"),
        Column("capability", "ref", ref="capabilities"),
        Column("topic_guide", "ref", ref="topic_guides"),
        Column("source_id", "ref", ref="sources", doc="the curriculum document that describes the capability or guide"),
    ),
)

CHANGES = Table(
    name="changes",
    file="changes.csv",
    id_column="change_id",
    doc="Every change to a fact a reader may have learned: the row, what it said before and now, and why.",
    columns=(
        Column("change_id", "id"),
        Column("changed_on", "day", doc="the day the change was made in the collection"),
        Column("kind", "category", allowed=CHANGE_KINDS),
        Column("table", doc="the table the fact is in, e.g. events"),
        Column("row_id", doc="the row's id in that table"),
        Column("column", required=False, doc="the column that changed; empty for a whole row added or removed"),
        Column("before", required=False, doc="what it said before (empty for an added fact)"),
        Column("after", required=False, doc="what it says now (empty for a removed row)"),
        Column("summary", doc="the change in a sentence, in our words"),
        Column("source_ids", "refs", ref="sources", doc="the sources behind the new version"),
    ),
    row_checks=(_change_names_a_real_cell,),
)

#: The session plans of the tutor guide, by their length in minutes.
PLAN_IDS = ("60", "90")
#: A step the group chooses: one ``default`` row and the ``option`` rows it may take instead.
PLAN_CHOICES = ("default", "option")

PLANS = Table(
    name="plans",
    file="plans.csv",
    doc="The tutor guide's session plans (``python3 run.py present --plan 60``): each step's "
        "sections of one notebook, its minutes, what the tutor does and the question for the room.",
    columns=(
        Column("plan", "category", allowed=PLAN_IDS, doc="the plan's length in minutes"),
        Column("plan_title", doc="the plan's title, the same on each of its rows"),
        Column("step", "int", doc="the step's place in its plan, from 1; one screen in the presenter"),
        Column("title", doc="the step's name in the plan"),
        Column("minutes", "int", doc="the minutes the plan gives the step"),
        Column("notebook", "category", allowed=NOTEBOOK_NAMES),
        Column("choice", "category", allowed=PLAN_CHOICES, required=False,
               doc="empty for a fixed step; for a step the group chooses, its default row and options"),
        Column("sections", doc="headings of that notebook, exactly as written, separated by '|', in the order shown"),
        Column("what_you_do", doc="what the tutor does in the step (the tutor's note)"),
        Column("prompt", doc="the question the screen puts to the room"),
    ),
)

TRAINING_TABLES = (QUIZ, CAPABILITIES, TOPIC_GUIDES, CURRICULUM, CHANGES, PLANS)
