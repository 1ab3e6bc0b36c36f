"""One loader per table: read strictly, validate against the schema and references, cache."""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path
import pandas as pd

from .schema import DataError, Problem, Table, check_value, has_control, read_text_strict
from .tables import DATA_DIR, TABLES


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
            if is_text and value and value == value.strip() and not has_control(value):
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


#: What else to forget when the tables are reloaded: the views register their own caches here
#: (joins, built figures), so the data layer needs no import of them.
_ON_CLEAR: list = []


def on_clear(forget):
    """Register ``forget()`` to run whenever :func:`clear_cache` does; returns it (a decorator)."""
    if forget not in _ON_CLEAR:
        _ON_CLEAR.append(forget)
    return forget


def clear_cache() -> None:
    """Forget every cached table, derived table and every view's cache built from them
    (call after editing data/; tests use it too)."""
    from .ods import derived

    _load.cache_clear()
    derived.clear_cache()
    for forget in list(_ON_CLEAR):
        forget()


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
    """``quiz.csv``: the self-check and exam-style questions."""
    return load("quiz", data_dir)


def load_capabilities(data_dir=None) -> pd.DataFrame:
    """``capabilities.csv``: the 13 capabilities of the 2025 RCGP curriculum."""
    return load("capabilities", data_dir)


def load_topic_guides(data_dir=None) -> pd.DataFrame:
    """``topic_guides.csv``: the 2025 curriculum's topic guides the notebooks map to."""
    return load("topic_guides", data_dir)


def load_curriculum(data_dir=None) -> pd.DataFrame:
    """``curriculum.csv``: each notebook's objectives mapped to capabilities and topic guides."""
    return load("curriculum", data_dir)


def load_changes(data_dir=None) -> pd.DataFrame:
    """``changes.csv``: every change to a fact a reader may have learned."""
    return load("changes", data_dir)


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


def load_excerpts(data_dir=None) -> pd.DataFrame:
    """``excerpts.csv``: the committed paragraphs that quotes from web pages are checked against."""
    return load("excerpts", data_dir)


def load_practice_arrangements(data_dir=None) -> pd.DataFrame:
    """``practice_arrangements.csv``: who held, commissioned and oversaw a practice's contract, and at what scale."""
    return load("practice_arrangements", data_dir)


def load_icb_footprints_2026(data_dir=None) -> pd.DataFrame:
    return load("icb_footprints_2026", data_dir)


def load_plans(data_dir=None) -> pd.DataFrame:
    """``plans.csv``: the tutor guide's 60- and 90-minute session plans, step by step."""
    return load("plans", data_dir)


def load_routes(data_dir=None) -> pd.DataFrame:
    """``routes.csv``: short routes through the collection (the one-hour route of notebook 00)."""
    return load("routes", data_dir)
