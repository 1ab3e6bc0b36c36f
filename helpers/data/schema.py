"""Schema machinery: how a table in ``data/`` is described and checked.

A :class:`Table` lists its columns in file order. Each :class:`Column` has a
``kind`` that says how its text is parsed and checked:

``text``       any text (may contain commas, quote marks and newlines)
``id``         the table's unique key: lower-case letters, digits, ``_`` and ``-``
``int``        a whole number (stored as pandas ``Int64``)
``float``      a decimal number
``category``   one of ``allowed``
``date``       an ISO date whose form matches the row's precision column
               (``day`` 2013-04-01, ``month`` 2013-04, ``year`` 2013,
               ``range`` 2020-11-26/2021-01-08)
``precision``  one of ``day``, ``month``, ``year``, ``range``
``ref``        the id of a row in another table (``ref`` names that table)
``refs``       one or more such ids separated by ``;`` (becomes a tuple)
``url``        an ``http(s)://`` address
``years``      a span of years: ``1991-1999``, ``2019-`` (still applies) or ``2013``
``day``        an ISO calendar day, YYYY-MM-DD (no precision column)

Problems are collected and raised together as :class:`DataError`, each one
naming the file, the row, the column and what is wrong.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

PRECISIONS = ("day", "month", "year", "range")

_DATE_FORMS = {
    "day": re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    "month": re.compile(r"^[0-9]{4}-[0-9]{2}$"),
    "year": re.compile(r"^[0-9]{4}$"),
    "range": re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"),
}
_DATE_EXAMPLES = {
    "day": "YYYY-MM-DD",
    "month": "YYYY-MM",
    "year": "YYYY",
    "range": "START/END, each YYYY, YYYY-MM or YYYY-MM-DD",
}
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_URL = re.compile(r"^https?://[^\s]+$")
_YEARS = re.compile(r"^([0-9]{4})(-([0-9]{4})?)?$")
_INT = re.compile(r"^-?[0-9]+$")
_FLOAT = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
#: The largest whole number a column holds (pandas Int64).
INT_LIMIT = 2**63 - 1
# NUL and the other C0 controls except tab, newline and carriage return, DEL, and the Unicode
# bidirectional controls (they can make text read differently from how it is stored).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

KINDS = (
    "text", "id", "int", "float", "category", "date", "precision",
    "ref", "refs", "url", "years", "day",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file."""

    file: str
    row: int | None  # 1-based data row (the header is not a row); None for file-level problems
    line: int | None  # 1-based physical line in the file where the row starts
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.line})" if self.line else f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return ", ".join(where) + ": " + self.message


class DataError(ValueError):
    """Raised when a data file breaks its schema. ``problems`` lists every fault found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        shown = self.problems[:25]
        lines = [str(p) for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"... and {len(self.problems) - len(shown)} more problems")
        super().__init__(
            f"{len(self.problems)} problem(s) in the data:\n  " + "\n  ".join(lines)
        )


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = True
    allowed: tuple[str, ...] = ()
    ref: str | None = None  # table name, for kind ref/refs
    precision: str | None = None  # for kind date: the column holding its precision
    doc: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name!r}: unknown kind {self.kind!r}")
        if self.kind == "category" and not self.allowed:
            raise ValueError(f"column {self.name!r}: a category column needs allowed values")
        if self.kind in ("ref", "refs") and not self.ref:
            raise ValueError(f"column {self.name!r}: a {self.kind} column must name the table it refers to")
        if self.kind == "date" and not self.precision:
            raise ValueError(f"column {self.name!r}: a date column must name its precision column")


RowCheck = Callable[[dict[str, str]], Iterable[tuple[str | None, str]]]


@dataclass(frozen=True)
class Table:
    name: str
    file: str  # path relative to the data folder
    columns: tuple[Column, ...]
    doc: str = ""
    id_column: str | None = None
    row_checks: tuple[RowCheck, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def check_value(col: Column, value: str, row: dict[str, str]) -> str | None:
    """Return a problem description for one cell, or None when it is fine.

    Reference columns are checked elsewhere (they need the other table).
    """
    if value == "":
        return "is empty but required" if col.required else None
    if value != value.strip():
        return f"{value!r} has leading or trailing spaces"
    bad = _CONTROL.search(value)
    if bad:
        return (f"contains the control character U+{ord(bad.group()):04X} at position {bad.start() + 1} "
                "(NUL, other control characters and bidirectional controls are not allowed)")
    kind = col.kind
    if kind == "id":
        if not _ID.match(value):
            return f"{value!r} is not a valid id (use lower-case letters, digits, '_' and '-')"
    elif kind == "int":
        if not _INT.match(value):
            return f"{value!r} is not a whole number (ASCII digits 0-9)"
        if len(value.lstrip("-")) > 19 or abs(int(value)) > INT_LIMIT:
            return f"{_short(value)} is too large for this column (at most {INT_LIMIT:,})"
    elif kind == "float":
        if not _FLOAT.match(value) or len(value) > 40:
            return f"{_short(value)} is not a number (ASCII digits, for example 1.5 or -2)"
        if not math.isfinite(float(value)):
            return f"{value!r} is too large for this column"
    elif kind == "category":
        if value not in col.allowed:
            return f"{value!r} is not an allowed value (allowed: {', '.join(col.allowed)})"
    elif kind == "precision":
        if value not in PRECISIONS:
            return f"{value!r} is not a date precision (allowed: {', '.join(PRECISIONS)})"
    elif kind == "date":
        precision = row.get(col.precision or "", "")
        if precision not in PRECISIONS:
            return f"cannot check {value!r}: its precision column '{col.precision}' is {precision!r}"
        if not _DATE_FORMS[precision].match(value):
            return (
                f"{value!r} is not an ISO date of precision '{precision}' "
                f"(expected {_DATE_EXAMPLES[precision]})"
            )
        for part in value.split("/"):
            if not _real_date(part):
                return f"{value!r} is not a real calendar date"
        if precision == "range":
            a, b = value.split("/")
            if _sort_key(a) > _sort_key(b):
                return f"{value!r}: the range ends before it starts"
    elif kind == "day":
        if not _DATE_FORMS["day"].match(value):
            return f"{_short(value)} is not an ISO date (expected YYYY-MM-DD)"
        if not _real_date(value):
            return f"{value!r} is not a real calendar date"
    elif kind == "url":
        if not _URL.match(value):
            return f"{value!r} is not an http(s) address"
    elif kind == "years":
        m = _YEARS.match(value)
        if not m:
            return f"{value!r} is not a span of years (expected YYYY, YYYY-YYYY or YYYY-)"
        if m.group(3) and int(m.group(3)) < int(m.group(1)):
            return f"{value!r}: the span ends before it starts"
    elif kind == "refs":
        parts = value.split(";")
        if any(p.strip() == "" or p != p.strip() for p in parts):
            return f"{value!r} is not a list of ids separated by ';' without spaces"
    return None


def has_control(value: str) -> bool:
    """True when the text holds NUL, another control character or a bidirectional control."""
    return _CONTROL.search(value) is not None


def _short(value: str, limit: int = 40) -> str:
    """The value for a message, cut short if it is long."""
    return repr(value) if len(value) <= limit else repr(value[:limit]) + f"... ({len(value)} characters)"


@functools.lru_cache(maxsize=8192)  # the same dates recur thousands of times in the derived tables
def _real_date(text: str) -> bool:
    import datetime as _dt

    parts = [int(p) for p in text.split("-")]
    year, month, day = (parts + [1, 1])[:3]
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _sort_key(text: str) -> tuple[int, ...]:
    parts = [int(p) for p in text.split("-")]
    return tuple((parts + [1, 1])[:3])


def read_text_strict(path, label: str, encoding: str = "utf-8", empty_hint: str = "") -> str:
    """Read a whole text file strictly: it must exist, decode (a UTF-8 BOM is dropped) and not be blank.

    Raises :class:`DataError` naming the file and, for a decoding error, the byte and its line.
    """
    from pathlib import Path

    path = Path(path)
    if not path.exists():
        raise DataError([Problem(label, None, None, None, "file not found")])
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        name = "UTF-8" if encoding.lower().replace("-", "").replace("_", "") == "utf8" else encoding.upper()
        raise DataError([Problem(
            label, None, line, None,
            f"is not {name} text: byte 0x{raw[exc.start]:02x} at line {line} cannot be decoded "
            f"(save the file as {name})",
        )]) from None
    if not text.strip():
        raise DataError([Problem(label, None, None, None, "is empty" + empty_hint)])
    return text
