"""Generated bad copies of every table: each is rejected with a message naming the file (and, for a
bad cell, its row and column) or loaded unchanged. Never a crash, never a silent change.

hypothesis draws the corruption (missing or extra column, bad and non-ASCII dates, a duplicated
row, a dangling reference, control characters, another encoding, a huge number, blank lines) and
where it goes. Runs are derandomised so CI sees the same cases each time; set
``HYPOTHESIS_PROFILE=thorough`` for a longer, random search.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import data
from helpers.data import ods
from helpers.data.derived_specs import DERIVED_KEYS, DERIVED_TABLES
from helpers.data.schema import DataError
from helpers.data.tables import TABLES

settings.register_profile("ci", max_examples=12, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=200, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

DATA = data.DATA_DIR
DERIVED_ROWS = 25  # derived tables are large: a corruption is local, so a slice of rows is enough
CURATED = sorted(n for n, t in TABLES.items() if (DATA / t.file).exists())
# the CSV tables (the map layers' GeoJSON has its own corruption test in test_maps_story.py)
DERIVED = sorted(n for n, t in DERIVED_TABLES.items() if t.file.endswith(".csv"))
KINDS = ("drop_column", "extra_column", "bad_date", "non_ascii_date", "duplicate_row", "dangling_ref",
         "control_char", "encoding", "huge_number", "blank_line")
CONTROLS = ("\x00", "\x07", "\x1b", "\x7f", "\u202e", "\u2066", "\u200f", "\u061c")
BAD_DATES = ("2013-02-30", "2013-13-01", "13-04-2013", "2013/04/01", "2013-4-1", "20130401x", "0000-00-00")
OTHER_DIGITS = ("٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "０１２３４５６７８９", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗")
HUGE = ("9" * 25, "-" + "9" * 25, "1" + "0" * 5000, "1e999", "9" * 400 + ".5")

# Cases each test ran, for the closing note (printed with -s).
RAN: dict[str, int] = {}


def _parse(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


def _write(header, rows, path: Path, encoding="utf-8", blank_at=None) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for i, r in enumerate(rows):
        if blank_at == i:
            out.write("\n")
        w.writerow(r)
    if blank_at is not None and blank_at >= len(rows):
        out.write("\n")
    raw = out.getvalue().encode(encoding, errors="replace")  # '?' where the encoding has no character
    path.write_bytes(raw)
    return raw


def _as_stored(raw: bytes) -> tuple[list[str], list[list[str]]]:
    """What the file holds, read as UTF-8: what a loader that accepts it must return."""
    text = raw.decode("utf-8")
    header, rows = _parse(text.removeprefix("\ufeff"))
    return header, [r for r in rows if r]


def _date_columns(table, header, rows) -> list[str]:
    kinds = [c.name for c in table.columns if c.kind == "date"]
    if kinds or table.name in TABLES:
        return kinds
    # derived tables keep ISO dates in text columns checked by a row rule: find them by their values
    iso = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
    return [h for i, h in enumerate(header) if any(iso.fullmatch(r[i]) for r in rows)]


def _corrupt(kind, table, header, rows, draw) -> dict:
    """Apply one corruption to (header, rows) in place; returns where it went (row is 1-based)."""
    i = draw(st.integers(0, len(rows) - 1))
    if kind == "drop_column":
        col = draw(st.sampled_from(header))
        j = header.index(col)
        for r in rows:
            del r[j]
        del header[j]
        return {"column": col}
    if kind == "extra_column":
        name = draw(st.sampled_from(["extra", "Note", header[0] + "_2", "", " "]))
        header.append(name)
        for r in rows:
            r.append("x")
        return {}
    if kind in ("bad_date", "non_ascii_date"):
        cols = _date_columns(table, header, rows)
        if not cols:
            return {"skip": True}
        col = draw(st.sampled_from(cols))
        j = header.index(col)
        if kind == "bad_date":
            rows[i][j] = draw(st.sampled_from(BAD_DATES))
        else:
            value = rows[i][j] or "2013-04-01"
            digits = draw(st.sampled_from(OTHER_DIGITS))
            rows[i][j] = "".join(digits[int(ch)] if ch.isascii() and ch.isdigit() else ch for ch in value)
        return {"row": i + 1, "column": col}
    if kind == "duplicate_row":
        rows.insert(i + 1, list(rows[i]))
        return {"duplicate_of": i + 1}
    if kind == "dangling_ref":
        cols = [c.name for c in table.columns if c.kind in ("ref", "refs")]
        if not cols:
            return {"skip": True}
        col = draw(st.sampled_from(cols))
        rows[i][header.index(col)] = draw(st.sampled_from(["no-such-id", "zz-missing", "x"]))
        return {"row": i + 1, "column": col}
    if kind == "control_char":
        col = draw(st.sampled_from(header))
        j = header.index(col)
        value = rows[i][j]
        k = draw(st.integers(0, len(value)))
        rows[i][j] = value[:k] + draw(st.sampled_from(CONTROLS)) + value[k:]
        return {"row": i + 1, "column": col}
    if kind == "huge_number":
        cols = [c.name for c in table.columns if c.kind in ("int", "float")]
        if not cols:
            return {"skip": True}
        col = draw(st.sampled_from(cols))
        rows[i][header.index(col)] = draw(st.sampled_from(HUGE))
        return {"row": i + 1, "column": col}
    return {}


def _loaded_equals(frame, header, rows, table) -> None:
    """The loaded frame holds exactly the file's cells: nothing dropped, nothing altered."""
    assert list(frame.columns) == header
    assert len(frame) == len(rows), "rows were dropped or added without a message"
    kinds = {c.name: c.kind for c in table.columns}
    for j, col in enumerate(header):
        for value, raw in zip(frame[col], (r[j] for r in rows)):
            kind = kinds[col]
            if raw == "":
                assert value in ("", ()) if isinstance(value, (str, tuple)) else pd.isna(value), \
                    f"{col}: an empty cell loaded as {value!r}"
            elif kind == "int":
                assert int(value) == int(raw)
            elif kind == "float":
                assert math.isclose(float(value), float(raw))
            elif kind == "refs":
                assert ";".join(value) == raw
            else:
                assert value == raw, f"{col}: {raw!r} loaded as {value!r}"


def _check(load, kind, where, table, raw, label):
    try:
        frame = load()
    except DataError as exc:
        assert exc.problems, "a DataError with no problem listed"
        assert all(label in p.file for p in exc.problems), str(exc)
        if "row" in where:
            assert any(p.row == where["row"] and p.column == where["column"] for p in exc.problems), \
                f"{kind}: no message names row {where['row']}, column {where['column']!r}:\n{exc}"
        elif "column" in where:
            assert any(p.column == where["column"] for p in exc.problems), str(exc)
        return "rejected"
    assert kind not in ("drop_column", "extra_column", "bad_date", "non_ascii_date", "dangling_ref",
                        "control_char", "huge_number", "blank_line"), f"{kind} {where} was accepted"
    _loaded_equals(frame, *_as_stored(raw), table)
    return "accepted"


@pytest.fixture(scope="module")
def curated_copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("curated") / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("derived", "*.md"))
    return folder


@pytest.mark.parametrize("name", CURATED)
@given(draw=st.data(), kind=st.sampled_from(KINDS))
def test_a_corrupted_curated_table_is_rejected_or_loaded_unchanged(name, curated_copy, draw, kind):
    table = TABLES[name]
    path = curated_copy / table.file
    original = (DATA / table.file).read_text(encoding="utf-8")
    header, rows = _parse(original)
    where = _corrupt(kind, table, header, rows, draw.draw)
    if where.get("skip"):
        return
    encoding = draw.draw(st.sampled_from(["cp1252", "utf-16", "latin-1"])) if kind == "encoding" else "utf-8"
    blank = draw.draw(st.integers(0, len(rows))) if kind == "blank_line" else None
    try:
        raw = _write(header, rows, path, encoding=encoding, blank_at=blank)
        data.clear_cache()
        _check(lambda: data.load(name, curated_copy), kind, where, table, raw, table.file)
        RAN[name] = RAN.get(name, 0) + 1
    finally:
        path.write_text(original, encoding="utf-8")
        data.clear_cache()


@pytest.fixture(scope="module")
def derived_copy(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("derived")


@pytest.mark.parametrize("name", DERIVED)
@given(draw=st.data(), kind=st.sampled_from(KINDS))
def test_a_corrupted_derived_table_is_rejected_or_loaded_unchanged(name, derived_copy, draw, kind):
    table = DERIVED_TABLES[name]
    header, rows = _parse((ods.DERIVED_DIR / table.file).read_text(encoding="utf-8"))
    rows = rows[:DERIVED_ROWS]
    where = _corrupt(kind, table, header, rows, draw.draw)
    if where.get("skip"):
        return
    if kind == "duplicate_row" and DERIVED_KEYS.get(name):
        where = {"duplicate": True}
    encoding = draw.draw(st.sampled_from(["cp1252", "utf-16", "latin-1"])) if kind == "encoding" else "utf-8"
    blank = draw.draw(st.integers(0, len(rows))) if kind == "blank_line" else None
    raw = _write(header, rows, derived_copy / table.file, encoding=encoding, blank_at=blank)
    ods.clear_cache()
    outcome = _check(lambda: ods.load_derived(name, derived_copy), kind, where, table, raw, table.file)
    if kind == "duplicate_row" and DERIVED_KEYS.get(name):
        assert outcome == "rejected", f"a duplicated {name} row (keys {DERIVED_KEYS[name]}) was accepted"
    RAN[name] = RAN.get(name, 0) + 1
    ods.clear_cache()


def test_a_duplicated_id_is_always_rejected(curated_copy):
    """Tables with an id column: a copied row is named as a duplicate, with its row and column."""
    for name in CURATED:
        table = TABLES[name]
        if not table.id_column:
            continue
        path = curated_copy / table.file
        original = path.read_text(encoding="utf-8")
        header, rows = _parse(original)
        rows.insert(1, list(rows[0]))
        try:
            _write(header, rows, path)
            data.clear_cache()
            with pytest.raises(DataError) as info:
                data.load(name, curated_copy)
            assert any(p.row == 2 and p.column == table.id_column and "duplicate" in p.message
                       for p in info.value.problems), str(info.value)
        finally:
            path.write_text(original, encoding="utf-8")
            data.clear_cache()
