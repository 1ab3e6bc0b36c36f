"""Loaders for every table in ``data/``: read once, validate, cache.

Each table has one loader (``load_sources()``, ``load_events()``, ...). A loader
reads the CSV strictly (UTF-8, the exact expected header), checks every cell
against the table's schema (see :mod:`helpers.schema`), checks that ids are
unique and that every reference points at a real row in the table it names,
and raises :class:`DataError` listing every problem with its file, row, column
and cause. Nothing is dropped or repaired silently.

Results are cached per data folder: the first call reads and validates, later
calls return a fresh copy of the cached frame. ``data_dir`` lets tests point a
loader at a folder of their own.
"""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

import pandas as pd

from .schema import Column, DataError, Problem, Table, check_value, read_text_strict

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# --------------------------------------------------------------------------
# Allowed values shared by several tables
# --------------------------------------------------------------------------

SOURCE_KINDS = (
    "legislation",       # Acts and statutory instruments (legislation.gov.uk)
    "government",        # Department of Health (and Social Care), Cabinet Office, GOV.UK pages
    "nhs",               # NHS England, NHS Improvement, NHS Digital and other NHS bodies
    "parliament",        # Hansard, House of Commons Library, select committees
    "audit",             # National Audit Office, Audit Commission
    "think_tank",        # King's Fund, Nuffield Trust, Health Foundation, ...
    "academic",          # peer-reviewed papers and university evaluations
    "professional_body", # BMA, RCGP, LMCs, NHS Confederation, NHS Clinical Commissioners
    "press",             # news and opinion (Pulse, BMJ news, HSJ, ...)
    "official_data",     # statistical releases and organisation data (ODS, ONS)
    "source_document",   # the five documents in ../shared/seeds/
)

ERA_IDS = ("before_1991", "internal_market", "pcgs_pcts", "ccgs", "icss")

EVENT_CATEGORIES = (
    "legislation", "white_paper", "consultation", "organisation", "programme",
    "review", "funding", "contract", "policy", "announcement", "guidance",
)

ORG_TYPES = (
    "regional_health_authorities", "district_health_authorities",
    "family_health_services_authorities", "health_authorities",
    "gp_fundholding_practices", "gp_fundholders_population_share",
    "primary_care_groups", "primary_care_trusts", "strategic_health_authorities",
    "clinical_commissioning_groups", "nhs_england_regions", "nhs_england_area_teams",
    "health_and_wellbeing_boards", "integration_pioneers", "vanguards",
    "sustainability_and_transformation_partnerships", "integrated_care_systems",
    "integrated_care_boards", "primary_care_networks", "commissioning_support_units",
    # added for the timeline (issue 3)
    "gp_fundholders", "ccgs_with_delegated_primary_care", "icb_clusters",
)

STAKEHOLDER_GROUPS = (
    "gp_representatives", "commissioners", "national_bodies", "government",
    "patient_and_voluntary", "think_tanks_and_evidence", "frontline_gps",
)

SPEECH = ("direct", "reported")

# Where a theme's question comes from: our own framing of the debate, or the exact wording of
# one of the four questions in NHS England's consultation "Integrating care: next steps"
# (November 2020), as the LMC response (seed-lmc-response-2021) reproduces them.
THEME_ORIGINS = ("debate", "nhse_consultation_2020")

# The two axes of the stakeholder position map (positions.csv); values run from -2 to +2.
POSITION_AXES = {
    "x": "where decisions should sit: practice/place (-2) ↔ national/system (+2)",
    "y": "how services should join up: collaboration (-2) ↔ organisational integration (+2)",
}


def _provisional_needs_as_of(row: dict[str, str]):
    if row.get("status") == "provisional" and not row.get("as_of"):
        yield "as_of", "a provisional row must say 'as of' when (YYYY-MM-DD)"
    if row.get("status") == "settled" and row.get("as_of"):
        yield "as_of", "only provisional rows carry an 'as of' date"


def _answer_is_an_option(row: dict[str, str]):
    options = [o.strip() for o in row.get("options", "").split("|")]
    if len(options) < 2:
        yield "options", "needs at least two options separated by '|'"
    elif row.get("answer") not in options:
        yield "answer", f"{row.get('answer')!r} is not one of the options"


def _consultation_theme_cites_source(row: dict[str, str]):
    if row.get("origin") == "nhse_consultation_2020" and not row.get("source_id"):
        yield "source_id", "a consultation question must cite the source that gives its exact wording"


def _position_in_range(row: dict[str, str]):
    for axis in ("x", "y"):
        try:
            value = float(row.get(axis, ""))
        except ValueError:
            continue  # the cell check reports it
        if not -2 <= value <= 2:
            yield axis, f"{value} is outside the axis (-2 to +2)"


def _speech_matches_quote(row: dict[str, str]):
    speech, quote = row.get("speech"), row.get("quote", "")
    if speech == "direct" and not quote:
        yield "quote", "a direct quote needs the exact quoted words"
    if speech == "reported" and quote:
        yield "quote", "a reported claim is not a quote: leave 'quote' empty and put the claim in 'stance'"


# --------------------------------------------------------------------------
# The tables. To add one: describe it here, add it to TABLES, add a loader
# below, and document it in data/README.md.
# --------------------------------------------------------------------------

SOURCES = Table(
    name="sources",
    file="sources.csv",
    id_column="source_id",
    doc="Every document a fact in the collection comes from.",
    columns=(
        Column("source_id", "id", doc="short stable id, e.g. 'hsca-2012'"),
        Column("title", doc="the document's own title"),
        Column("publisher", doc="organisation that published it"),
        Column("author", required=False, doc="named author(s), if any"),
        Column("date", "date", precision="date_precision", doc="publication date, no more precise than the source"),
        Column("date_precision", "precision"),
        Column("url", "url", required=False, doc="address; empty only where none is known (say so in 'note')"),
        Column("kind", "category", allowed=SOURCE_KINDS),
        Column("file", required=False, doc="file name in ../shared/seeds/ for the five source documents"),
        Column("note", required=False, doc="approximate dates, caveats, how the source was read"),
    ),
)

ERAS = Table(
    name="eras",
    file="eras.csv",
    id_column="era_id",
    doc="The eras the timeline is banded into, and who commissioned what in each.",
    columns=(
        Column("era_id", "category", allowed=ERA_IDS),
        Column("label"),
        Column("start", "date", precision="start_precision"),
        Column("start_precision", "precision"),
        Column("end", "date", required=False, precision="end_precision", doc="empty while the era continues"),
        Column("end_precision", "precision", required=False),
        Column("gp_commissioner", doc="who held the GP contracts / commissioned general practice"),
        Column("community_commissioner", doc="who commissioned community and hospital care"),
        Column("notebook", required=False, doc="the notebook that explains the era"),
        Column("source_ids", "refs", ref="sources"),
    ),
)

EVENTS = Table(
    name="events",
    file="events.csv",
    id_column="event_id",
    doc="Dated reforms, publications and switches, 1990 to 2026.",
    columns=(
        Column("event_id", "id"),
        Column("date", "date", precision="date_precision"),
        Column("date_precision", "precision"),
        Column("title"),
        Column("summary", doc="one or two sentences in our own words"),
        Column("category", "category", allowed=EVENT_CATEGORIES),
        Column("era", "ref", ref="eras"),
        Column("source_ids", "refs", ref="sources"),
        Column("status", "category", allowed=("settled", "provisional")),
        Column("as_of", "date", required=False, precision="as_of_precision", doc="for provisional rows: when the status was last checked"),
        Column("as_of_precision", "precision", required=False),
    ),
    row_checks=(_provisional_needs_as_of,),
)

ORG_COUNTS = Table(
    name="org_counts",
    file="org_counts.csv",
    doc="How many of each kind of body existed on a date. Disagreeing sources are separate rows.",
    columns=(
        Column("org_type", "category", allowed=ORG_TYPES),
        Column("as_of", "date", precision="as_of_precision"),
        Column("as_of_precision", "precision"),
        Column("count", "int"),
        Column("source_id", "ref", ref="sources"),
        Column("note", required=False),
    ),
)

GLOSSARY = Table(
    name="glossary",
    file="glossary.csv",
    id_column="term_id",
    doc="Every acronym and term the collection uses.",
    columns=(
        Column("term_id", "id"),
        Column("term", doc="the acronym or term as written"),
        Column("expansion", required=False, doc="what the acronym stands for"),
        Column("definition", doc="a plain definition in our own words"),
        Column("years", "years", doc="when it applied: 1991-1999, 2019- or 2013"),
        Column("source_id", "ref", ref="sources"),
    ),
)

QUIZ = Table(
    name="quiz",
    file="quiz.csv",
    id_column="question_id",
    doc="Self-check questions; feedback cites the event and source behind the answer.",
    columns=(
        Column("question_id", "id"),
        Column("notebook", doc="notebook the question belongs to, e.g. 01_timeline"),
        Column("question"),
        Column("options", doc="answer options separated by '|'"),
        Column("answer", doc="the correct option, exactly as written in options"),
        Column("feedback"),
        Column("event_id", "ref", required=False, ref="events"),
        Column("source_id", "ref", ref="sources"),
    ),
    row_checks=(_answer_is_an_option,),
)

STAKEHOLDERS = Table(
    name="stakeholders",
    file="stakeholders.csv",
    id_column="stakeholder_id",
    doc="Every voice in the five source documents.",
    columns=(
        Column("stakeholder_id", "id"),
        Column("name", doc="as the source names them; anonymous readers as 'reader comment (anonymous)'"),
        Column("role", required=False, doc="role at the time"),
        Column("organisation", required=False, doc="organisation at the time"),
        Column("group", "category", allowed=STAKEHOLDER_GROUPS),
        Column("kind", "category", allowed=("person", "organisation", "anonymous")),
        Column("source_ids", "refs", ref="sources"),
    ),
)

THEMES = Table(
    name="themes",
    file="themes.csv",
    id_column="theme_id",
    doc="The debated questions.",
    columns=(
        Column("theme_id", "id"),
        Column("label", doc="a short label for menus"),
        Column("question", doc="the question as a trainee could answer it"),
        Column("origin", "category", allowed=THEME_ORIGINS,
               doc="'debate' (our framing) or 'nhse_consultation_2020' (the consultation's own wording)"),
        Column("source_id", "ref", required=False, ref="sources",
               doc="for consultation questions: the source whose exact wording 'question' reproduces"),
    ),
    row_checks=(_consultation_theme_cites_source,),
)

ARGUMENTS = Table(
    name="arguments",
    file="arguments.csv",
    id_column="argument_id",
    doc="Who argued what, on which question, in which document.",
    columns=(
        Column("argument_id", "id"),
        Column("stakeholder_id", "ref", ref="stakeholders"),
        Column("theme_id", "ref", ref="themes"),
        Column("stance", doc="the position in our own words"),
        Column("quote", required=False, doc="verbatim words from the source; empty for a reported claim"),
        Column("speech", "category", allowed=SPEECH),
        Column("source_id", "ref", ref="sources"),
        Column("date", "date", precision="date_precision"),
        Column("date_precision", "precision"),
    ),
    row_checks=(_speech_matches_quote,),
)

POSITIONS = Table(
    name="positions",
    file="positions.csv",
    id_column="stakeholder_id",
    doc="Where each voice stands on the two axes of the position map (see POSITION_AXES).",
    columns=(
        Column("stakeholder_id", "ref", ref="stakeholders", doc="one row per placed voice"),
        Column("x", "float", doc=POSITION_AXES["x"]),
        Column("y", "float", doc=POSITION_AXES["y"]),
        Column("justification_x", doc="why, in our words, citing argument_ids"),
        Column("justification_y", doc="why, in our words, citing argument_ids"),
        Column("argument_ids", "refs", ref="arguments", doc="the arguments the placement rests on"),
        Column("source_id", "ref", ref="sources", doc="the document the placement rests on"),
    ),
    row_checks=(_position_in_range,),
)

# --- Era notebooks (issue 4): structures, practice view, evidence and programme lists -------

#: The notebooks that explain one era each.
ERA_NOTEBOOKS = (
    "02_fundholding_pcgs_pcts", "03_ccgs", "04_pioneers_vanguards_stps",
    "05_primary_care_networks", "06_integrated_care_systems",
)
#: Layers of a structure diagram, top to bottom.
STRUCTURE_LAYERS = ("national", "regional", "local", "provider")
STRUCTURE_KINDS = (
    "government", "national_nhs", "regional_nhs", "commissioner", "partnership",
    "local_government", "provider", "practice",
)
#: Relationships drawn in a structure diagram. Direction: ``from_node`` -> ``to_node``
#: (commissioner -> provider, body -> the body it answers to, contract holder -> contractor,
#: funder -> funded, member -> partnership).
STRUCTURE_RELATIONS = ("commissions", "accountable_to", "holds_contract_with", "funds", "partners_with")
PRACTICE_ASPECTS = ("contract_holder", "answers_to", "money", "gp_voice")
EVIDENCE_TYPES = ("evaluation", "review", "audit", "inquiry", "study", "commentary")
COCOMMISSIONING_LEVELS = ("greater_involvement", "joint", "delegated")


def _nodes_belong_to_era(*columns: str):
    def check(row: dict[str, str]):
        era = row.get("era", "")
        for col in columns:
            value = row.get(col, "")
            if value and era and not value.startswith(era + "-"):
                yield col, f"{value!r} is not a node of era {era!r} (node ids start with '{era}-')"
    return check


STRUCTURE_ERAS = Table(
    name="structure_eras",
    file="structure_eras.csv",
    id_column="era_id",
    doc="The periods whose commissioning structure is drawn as a diagram (helpers.structure).",
    columns=(
        Column("era_id", "id"),
        Column("label", doc="title of the era's diagram"),
        Column("years", "years", doc="when the structure applied: 1991-1999, 2022-"),
        Column("timeline_era", "ref", ref="eras", doc="the timeline era (eras.csv) the period falls in"),
        Column("notebook", "category", allowed=ERA_NOTEBOOKS),
        Column("summary", doc="one line in our own words: who commissioned what"),
        Column("source_ids", "refs", ref="sources"),
    ),
)

STRUCTURES = Table(
    name="structures",
    file="structures.csv",
    id_column="node_id",
    doc="The bodies (nodes) of each era's structure diagram.",
    columns=(
        Column("node_id", "id", doc="'<era>-<short name>'"),
        Column("era", "ref", ref="structure_eras"),
        Column("label", doc="the body as named at the time"),
        Column("layer", "category", allowed=STRUCTURE_LAYERS),
        Column("kind", "category", allowed=STRUCTURE_KINDS),
        Column("description", doc="what the body did, in our own words"),
        Column("source_ids", "refs", ref="sources"),
    ),
    row_checks=(_nodes_belong_to_era("node_id"),),
)

STRUCTURE_LINKS = Table(
    name="structure_links",
    file="structure_links.csv",
    id_column="link_id",
    doc="Who commissions, funds, holds contracts with or answers to whom, in each era.",
    columns=(
        Column("link_id", "id"),
        Column("era", "ref", ref="structure_eras"),
        Column("from_node", "ref", ref="structures"),
        Column("to_node", "ref", ref="structures"),
        Column("relation", "category", allowed=STRUCTURE_RELATIONS),
        Column("label", doc="what flows or is agreed, in our own words"),
        Column("source_ids", "refs", ref="sources"),
    ),
    row_checks=(_nodes_belong_to_era("from_node", "to_node"),),
)

PRACTICE_VIEW = Table(
    name="practice_view",
    file="practice_view.csv",
    id_column="row_id",
    doc="What each era meant for a GP practice: contract holder, who it answers to, money, GP voice.",
    columns=(
        Column("row_id", "id"),
        Column("era", "ref", ref="structure_eras"),
        Column("aspect", "category", allowed=PRACTICE_ASPECTS),
        Column("text", doc="in our own words"),
        Column("source_ids", "refs", ref="sources"),
    ),
)

EVIDENCE = Table(
    name="evidence",
    file="evidence.csv",
    id_column="evidence_id",
    doc="What evaluations and studies found about each era, with the limits of each.",
    columns=(
        Column("evidence_id", "id"),
        Column("notebook", "category", allowed=ERA_NOTEBOOKS),
        Column("era", "ref", ref="structure_eras"),
        Column("topic", doc="what was studied, in a few words"),
        Column("evidence_type", "category", allowed=EVIDENCE_TYPES),
        Column("finding", doc="what the source reports, in our own words"),
        Column("limits", doc="what the finding cannot tell us, in our own words"),
        Column("source_id", "ref", ref="sources"),
    ),
)

PIONEERS = Table(
    name="pioneers",
    file="pioneers.csv",
    id_column="pioneer_id",
    doc="The integrated care and support pioneers, both waves, as named when announced.",
    columns=(
        Column("pioneer_id", "id"),
        Column("name", doc="the area as the announcing sources name it"),
        Column("wave", "int", doc="1 (November 2013) or 2 (January 2015)"),
        Column("announced", "date", precision="announced_precision"),
        Column("announced_precision", "precision"),
        Column("source_ids", "refs", ref="sources"),
        Column("note", required=False, doc="differences in naming between sources"),
    ),
)

VANGUARD_TYPES = Table(
    name="vanguard_types",
    file="vanguard_types.csv",
    id_column="type_id",
    doc="The Five Year Forward View's new care model vanguards, by type.",
    columns=(
        Column("type_id", "id"),
        Column("label"),
        Column("count", "int", doc="number of vanguards of this type"),
        Column("announced", "date", precision="announced_precision"),
        Column("announced_precision", "precision"),
        Column("description", doc="what the model was, in our own words"),
        Column("source_ids", "refs", ref="sources"),
    ),
)

COCOMMISSIONING = Table(
    name="cocommissioning",
    file="cocommissioning.csv",
    id_column="row_id",
    doc="How many CCGs took on each level of primary care co-commissioning, by date and source.",
    columns=(
        Column("row_id", "id"),
        Column("as_of", "date", precision="as_of_precision"),
        Column("as_of_precision", "precision"),
        Column("level", "category", allowed=COCOMMISSIONING_LEVELS),
        Column("count", "int"),
        Column("source_id", "ref", ref="sources"),
        Column("note", required=False),
    ),
)

POLICY_FIGURES = Table(
    name="policy_figures",
    file="policy_figures.csv",
    id_column="figure_id",
    doc="Numbers that policy documents set (intended sizes, staffing targets), each with its source.",
    columns=(
        Column("figure_id", "id"),
        Column("label", doc="what the figure is, in our own words"),
        Column("low", "int", doc="the figure, or the bottom of a range"),
        Column("high", "int", required=False, doc="the top of a range; empty for a single figure"),
        Column("unit", doc="what is counted, e.g. 'registered patients'"),
        Column("set_on", "date", precision="set_on_precision", doc="when the source set or reported it"),
        Column("set_on_precision", "precision"),
        Column("source_ids", "refs", ref="sources"),
        Column("note", required=False),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (SOURCES, ERAS, EVENTS, ORG_COUNTS, GLOSSARY, QUIZ, STAKEHOLDERS, THEMES, ARGUMENTS,
              POSITIONS)
}
TABLES.update({t.name: t for t in (STRUCTURE_ERAS, STRUCTURES, STRUCTURE_LINKS, PRACTICE_VIEW,
                                     EVIDENCE, PIONEERS, VANGUARD_TYPES, COCOMMISSIONING,
                                     POLICY_FIGURES)})


# --------------------------------------------------------------------------
# Reading and checking
# --------------------------------------------------------------------------

def read_rows(table: Table, path: Path) -> tuple[list[dict[str, str]], list[int]]:
    """Read a CSV strictly: UTF-8, the exact header, the right number of fields.

    Returns the rows (as dicts of text) and the physical line where each starts.
    """
    label = _label(path)
    text = read_text_strict(path, label, empty_hint=" (expected a header row: "
                            + ",".join(table.column_names) + ")")

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise DataError([Problem(label, None, 1, None, f"header cannot be read: {exc}")]) from None

    problems: list[Problem] = []
    expected = table.column_names
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    dupes = sorted({c for c in header if header.count(c) > 1})
    for c in missing:
        problems.append(Problem(label, None, 1, c, "required column is missing from the header"))
    for c in extra:
        problems.append(Problem(label, None, 1, c, "unexpected column (not in the schema; add it to the schema or remove it)"))
    for c in dupes:
        problems.append(Problem(label, None, 1, c, "column appears more than once in the header"))
    if problems:
        raise DataError(problems)

    rows: list[dict[str, str]] = []
    lines: list[int] = []
    start_line = reader.line_num + 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(label, len(rows) + 1, start_line, None, f"cannot be parsed as CSV: {exc}"))
            break
        if not fields:  # a blank line
            problems.append(Problem(label, len(rows) + 1, start_line, None, "is blank (remove empty lines)"))
            start_line = reader.line_num + 1
            continue
        if len(fields) != len(header):
            problems.append(Problem(
                label, len(rows) + 1, start_line, None,
                f"has {len(fields)} fields but the header has {len(header)}",
            ))
        else:
            rows.append(dict(zip(header, fields)))
            lines.append(start_line)
        start_line = reader.line_num + 1
    if problems:
        raise DataError(problems)
    if not rows:
        raise DataError([Problem(label, None, None, None, "has a header but no rows")])
    return rows, lines


def validate_rows(table: Table, rows: list[dict[str, str]], lines: list[int], label: str,
                  known_ids: dict[str, set[str]]) -> list[Problem]:
    """Check every cell, unique ids, references and row rules. Returns the problems."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    plan = [(col, col.name, col.kind == "text") for col in table.columns]
    for i, (row, line) in enumerate(zip(rows, lines), start=1):
        for col, name, is_text in plan:
            value = row[name]
            if is_text and value and value == value.strip():
                continue  # the common case, which check_value passes (tens of thousands of cells)
            msg = check_value(col, value, row)
            if msg:
                problems.append(Problem(label, i, line, col.name, msg))
                continue
            if value and col.kind in ("ref", "refs"):
                targets = known_ids.get(col.ref or "", set())
                ids = value.split(";") if col.kind == "refs" else [value]
                for ref in ids:
                    if ref not in targets:
                        problems.append(Problem(
                            label, i, line, col.name,
                            f"{ref!r} is not a {col.ref} id (no such row in {TABLES[col.ref].file})"
                            if col.ref in TABLES else f"{ref!r} refers to unknown table {col.ref!r}",
                        ))
        if table.id_column:
            key = row[table.id_column]
            if key in seen:
                problems.append(Problem(label, i, line, table.id_column,
                                        f"duplicate id {key!r} (first used in row {seen[key]})"))
            else:
                seen[key] = i
        for check in table.row_checks:
            for column, msg in check(row):
                problems.append(Problem(label, i, line, column, msg))
    return problems


def to_frame(table: Table, rows: list[dict[str, str]]) -> pd.DataFrame:
    """Turn checked rows into a DataFrame with typed columns."""
    data: dict[str, list] = {c.name: [r[c.name] for r in rows] for c in table.columns}
    frame = pd.DataFrame(data, dtype=object)
    for col in table.columns:
        values = data[col.name]
        if col.kind == "int":
            frame[col.name] = pd.array([int(v) if v else None for v in values], dtype="Int64")
        elif col.kind == "float":
            frame[col.name] = pd.array([float(v) if v else None for v in values], dtype="Float64")
        elif col.kind == "refs":
            frame[col.name] = pd.Series([tuple(v.split(";")) if v else () for v in values], dtype=object)
    return frame


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(DATA_DIR.parent))
    except ValueError:
        return str(path)


@functools.cache
def _load(name: str, data_dir: str) -> pd.DataFrame:
    table = TABLES[name]
    folder = Path(data_dir)
    path = folder / table.file
    rows, lines = read_rows(table, path)
    known: dict[str, set[str]] = {}
    for col in table.columns:
        if col.kind in ("ref", "refs") and col.ref and col.ref not in known:
            if col.ref == name:
                known[col.ref] = {r[table.id_column] for r in rows} if table.id_column else set()
            else:
                target = TABLES[col.ref]
                known[col.ref] = set(_load(col.ref, data_dir)[target.id_column])
    problems = validate_rows(table, rows, lines, _label(path), known)
    if problems:
        raise DataError(problems)
    return to_frame(table, rows)


def load(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load, validate and cache the table called ``name``; returns a copy."""
    if name not in TABLES:
        raise KeyError(f"no table called {name!r}; tables: {', '.join(TABLES)}")
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    return _load(name, str(folder.resolve())).copy()


def clear_cache() -> None:
    """Forget every cached table (tests and editors of data/ use this)."""
    _load.cache_clear()


def load_all(data_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Load every table that has a file in the data folder."""
    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    return {name: load(name, folder) for name, t in TABLES.items() if (folder / t.file).exists()}


# One loader per table ------------------------------------------------------

def load_sources(data_dir=None) -> pd.DataFrame:
    """``sources.csv``: every document a fact comes from."""
    return load("sources", data_dir)


def load_eras(data_dir=None) -> pd.DataFrame:
    """``eras.csv``: the eras of the timeline and who commissioned what."""
    return load("eras", data_dir)


def load_events(data_dir=None) -> pd.DataFrame:
    """``events.csv``: dated reforms and switches."""
    return load("events", data_dir)


def load_org_counts(data_dir=None) -> pd.DataFrame:
    """``org_counts.csv``: how many bodies of each type on a date."""
    return load("org_counts", data_dir)


def load_glossary(data_dir=None) -> pd.DataFrame:
    """``glossary.csv``: acronyms and terms."""
    return load("glossary", data_dir)


def load_quiz(data_dir=None) -> pd.DataFrame:
    """``quiz.csv``: self-check questions."""
    return load("quiz", data_dir)


def load_stakeholders(data_dir=None) -> pd.DataFrame:
    """``stakeholders.csv``: the voices in the source documents."""
    return load("stakeholders", data_dir)


def load_themes(data_dir=None) -> pd.DataFrame:
    """``themes.csv``: the debated questions."""
    return load("themes", data_dir)


def load_arguments(data_dir=None) -> pd.DataFrame:
    """``arguments.csv``: who argued what."""
    return load("arguments", data_dir)


def load_positions(data_dir=None) -> pd.DataFrame:
    """``positions.csv``: each placed voice on the position map's two axes (``POSITION_AXES``)."""
    return load("positions", data_dir)


# Era notebooks (issue 4) -----------------------------------------------------

def load_structure_eras(data_dir=None) -> pd.DataFrame:
    """``structure_eras.csv``: the periods drawn as structure diagrams."""
    return load("structure_eras", data_dir)


def load_structures(data_dir=None) -> pd.DataFrame:
    """``structures.csv``: the bodies in each era's structure diagram."""
    return load("structures", data_dir)


def load_structure_links(data_dir=None) -> pd.DataFrame:
    """``structure_links.csv``: who commissions, funds, contracts with or answers to whom."""
    return load("structure_links", data_dir)


def load_practice_view(data_dir=None) -> pd.DataFrame:
    """``practice_view.csv``: what each era meant for a GP practice."""
    return load("practice_view", data_dir)


def load_evidence(data_dir=None) -> pd.DataFrame:
    """``evidence.csv``: what evaluations found, with their limits."""
    return load("evidence", data_dir)


def load_pioneers(data_dir=None) -> pd.DataFrame:
    """``pioneers.csv``: the integrated care and support pioneers, both waves."""
    return load("pioneers", data_dir)


def load_vanguard_types(data_dir=None) -> pd.DataFrame:
    """``vanguard_types.csv``: new care model vanguards by type."""
    return load("vanguard_types", data_dir)


def load_cocommissioning(data_dir=None) -> pd.DataFrame:
    """``cocommissioning.csv``: CCGs at each level of primary care co-commissioning."""
    return load("cocommissioning", data_dir)


def load_policy_figures(data_dir=None) -> pd.DataFrame:
    """``policy_figures.csv``: intended sizes and targets that policy documents set."""
    return load("policy_figures", data_dir)
