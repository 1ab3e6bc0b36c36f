"""Shared by every raw-file reader: the raw folder, code patterns, date conversion and strict field checks."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..schema import INT_LIMIT, DataError, Problem, has_control, read_text_strict


ROOT = Path(__file__).resolve().parents[3]
#: Environment variable that overrides where the raw files are read from.
RAW_ENV = "JUC_DATA_RAW"


def raw_dir(path: str | os.PathLike | None = None) -> Path:
    """The raw-data folder: ``path`` if given, else ``$JUC_DATA_RAW``, else ``../shared/data-raw``.

    A relative path is taken relative to the repository root.
    """
    chosen = path if path is not None else os.environ.get(RAW_ENV) or "../shared/data-raw"
    p = Path(chosen)
    if not p.is_absolute():
        p = ROOT / p
    return p.resolve()


# --------------------------------------------------------------------------
# Shared checks
# --------------------------------------------------------------------------

CODE_ODS = re.compile(r"^[0-9A-Z]{3,5}$")  # CCG / sub-ICB / hub / ICB codes: 00C, 13T, A3A8R, QHM
CODE_SUCC = re.compile(r"^[0-9A-Z]{3,9}$")  # any ODS code in succ.csv (trusts, sites, practices ...)
CODE_PCN = re.compile(r"^U[0-9]{5}$")
CODE_PRACTICE = re.compile(r"^[A-Z][0-9]{5}$")
CODE_REGION = re.compile(r"^Y[0-9]{2}$")
CODE_AREA_TEAM = re.compile(r"^Q[0-9]{2}$")
CODE_ICB = re.compile(r"^Q[0-9A-Z]{2}$")
_YYYYMMDD = re.compile(r"^[0-9]{8}$")
_INT = re.compile(r"^[0-9]+$")
_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}


def ons_code(prefix: str) -> re.Pattern:
    """An ONS GSS code pattern such as ``E38`` + six digits."""
    return re.compile(rf"^{prefix}[0-9]{{6}}$")


def _label(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT.parent))
    except ValueError:
        return str(path)


def yyyymmdd_to_iso(value: str) -> str | None:
    """``20130401`` -> ``2013-04-01``; None when it is not a real date."""
    if not _YYYYMMDD.match(value):
        return None
    try:
        return _dt.date(int(value[:4]), int(value[4:6]), int(value[6:])).isoformat()
    except ValueError:
        return None


def ddmonyyyy_to_iso(value: str) -> str | None:
    """``01JAN2021`` or ``01May2022`` -> ISO date; None when it is not a real date."""
    m = re.match(r"^([0-9]{2})([A-Za-z]{3})([0-9]{4})$", value)
    if not m or m.group(2).upper() not in _MONTHS:
        return None
    try:
        return _dt.date(int(m.group(3)), _MONTHS[m.group(2).upper()], int(m.group(1))).isoformat()
    except ValueError:
        return None


def _iso_or_none(value: str) -> str | None:
    if not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value):
        return None
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def _read_text(path: Path, encoding: str = "utf-8") -> tuple[str, str]:
    """Read a text file strictly. Returns (label, text) without a UTF-8 BOM."""
    path = Path(path)
    label = _label(path)
    return label, read_text_strict(path, label, encoding)


def _csv_records(label: str, text: str) -> Iterable[tuple[int, list[str]]]:
    """Yield (physical start line, fields) for every record; raise on unparseable CSV."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DataError([Problem(label, None, line, None,
                                    f"line {line} cannot be parsed as CSV: {exc}")]) from None
        yield line, fields
        line = reader.line_num + 1


@dataclass(frozen=True)
class Field:
    """How one column of a raw file is checked and named in the reader's output."""

    name: str  # output column name
    check: str = "text"  # text | optional | code | date8 | date8_optional | int | empty | choice
    pattern: re.Pattern | None = None
    choices: tuple[str, ...] = ()
    what: str = ""  # human description of the expected form, for messages


def _check_field(f: Field, value: str) -> tuple[str | None, str]:
    """Return (problem or None, converted value)."""
    c = f.check
    if c == "empty":
        return (None, value) if value == "" else (f"should be empty in this layout but holds {value!r}", value)
    if c in ("text", "optional") and f.pattern is None:
        value = value.strip()  # free text (names, addresses): surrounding spaces are not meaningful
    if c in ("optional", "date8_optional") and value == "":
        return None, ""
    if value == "":
        return "is empty but required", value
    if value != value.strip():
        return f"{value!r} has leading or trailing spaces", value
    if has_control(value):
        return "contains a control character (NUL, another control or a bidirectional control)", value
    if c in ("code", "optional") and f.pattern is not None and not f.pattern.match(value):
        return f"{value!r} is not a valid {f.what or 'code'}", value
    if c in ("date8", "date8_optional"):
        iso = yyyymmdd_to_iso(value)
        if iso is None:
            return f"{value!r} is not a date in the form YYYYMMDD", value
        return None, iso
    if c == "int":
        if not _INT.match(value):
            return f"{value!r} is not a whole number", value
        if len(value) > 19 or int(value) > INT_LIMIT:
            return f"{value[:40]!r} is too large for a count", value
    if c == "choice" and value not in f.choices:
        return f"{value!r} is not one of {', '.join(repr(x) for x in f.choices)}", value
    if c == "text" and f.pattern is not None and not f.pattern.match(value):
        return f"{value!r} is not a valid {f.what or 'value'}", value
    return None, value


def _frame(columns: Sequence[str], rows: list[list[str]]):
    import pandas as pd

    return pd.DataFrame(rows, columns=list(columns), dtype=object)


RowChecks = Sequence[Callable[[dict], Iterable[tuple[str, str]]]]


def _convert_records(label: str, records, fields: Sequence[Field], columns: Sequence[str],
                     row_checks: RowChecks, count_problem: str, empty_problem: str):
    """Check every record's field count and fields (named ``columns`` in messages), run the
    row checks, and return a frame; raise every problem together."""
    problems: list[Problem] = []
    out: list[list[str]] = []
    n = len(fields)
    for i, (line, rec) in enumerate(records, start=1):
        if not rec:
            problems.append(Problem(label, i, line, None, "is blank"))
            continue
        if len(rec) != n:
            problems.append(Problem(label, i, line, None, f"has {len(rec)} fields{count_problem.format(n=n)}"))
            continue
        converted = []
        for name, f, value in zip(columns, fields, rec):
            msg, val = _check_field(f, value)
            if msg:
                problems.append(Problem(label, i, line, name, msg))
            converted.append(val)
        row = dict(zip((f.name for f in fields), converted))
        for check in row_checks:
            for col, msg in check(row):
                problems.append(Problem(label, i, line, col, msg))
        out.append(converted)
    if problems:
        raise DataError(problems)
    if not out:
        raise DataError([Problem(label, None, None, None, empty_problem)])
    return _frame([f.name for f in fields], out)


def _read_headerless(path, fields: Sequence[Field], encoding="utf-8", row_checks: RowChecks = ()):
    label, text = _read_text(path, encoding)
    return _convert_records(label, _csv_records(label, text), fields, [f.name for f in fields],
                            row_checks, "; this layout has {n}", "has no rows")


def _read_with_header(path, header: Sequence[str], fields: Sequence[Field], encoding="utf-8",
                      row_checks: RowChecks = ()):
    """Read a CSV whose first row must be exactly ``header``; check each column with ``fields``."""
    label, text = _read_text(path, encoding)
    records = _csv_records(label, text)
    first = next(records, None)
    if first is None:
        raise DataError([Problem(label, None, None, None, "is empty")])
    got = first[1]
    if got != list(header):
        missing = [h for h in header if h not in got]
        extra = [h for h in got if h not in header]
        detail = []
        if missing:
            detail.append("missing " + ", ".join(repr(m) for m in missing))
        if extra:
            detail.append("unexpected " + ", ".join(repr(e) for e in extra))
        if not detail:
            detail.append("columns are in the wrong order")
        raise DataError([Problem(label, None, 1, None,
                                 "line 1: header is not the expected one (" + "; ".join(detail)
                                 + "). Expected: " + ",".join(header))])
    return _convert_records(label, records, fields, header, row_checks,
                            " but the header has {n}", "has a header but no rows")


def _close_not_before_open(row: dict):
    if row.get("close_date") and row.get("open_date") and row["close_date"] < row["open_date"]:
        yield "close_date", f"closes ({row['close_date']}) before it opens ({row['open_date']})"
