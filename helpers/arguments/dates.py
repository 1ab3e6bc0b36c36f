"""An argument's date at its own precision, and the anchor day that places it in one era."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------

def _part_window(part: str) -> tuple[dt.date, dt.date]:
    bits = [int(p) for p in part.split("-")]
    if len(bits) == 1:
        return dt.date(bits[0], 1, 1), dt.date(bits[0], 12, 31)
    if len(bits) == 2:
        start = dt.date(bits[0], bits[1], 1)
        nxt = dt.date(bits[0] + (bits[1] == 12), bits[1] % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    day = dt.date(*bits)
    return day, day


def date_window(value: str, precision: str) -> tuple[dt.date, dt.date]:
    """The first and last day a date of this precision can mean."""
    if precision == "range":
        a, b = value.split("/")
        return _part_window(a)[0], _part_window(b)[1]
    return _part_window(value)


def date_anchor(value: str, precision: str) -> dt.date:
    """The single day used to place an argument in an era.

    A day is itself; a month or a year is placed by its middle; a window (``range``: an undated
    reader comment "on or after" its story, a response written while a consultation was open)
    by its start, the earliest day the words can have been written.
    """
    start, end = date_window(value, precision)
    if precision == "range":
        return start
    return start + (end - start) / 2


def _format_part(part: str) -> str:
    bits = [int(p) for p in part.split("-")]
    if len(bits) == 1:
        return str(bits[0])
    if len(bits) == 2:
        return dt.date(bits[0], bits[1], 1).strftime("%B %Y")
    d = dt.date(*bits)
    return f"{d.day} {d.strftime('%B %Y')}"


def format_date(value: str, precision: str) -> str:
    """A date in words, never more precise than its precision ('2013', 'May 2013', ...)."""
    if precision == "range":
        a, b = value.split("/")
        return f"some time between {_format_part(a)} and {_format_part(b)}"
    return _format_part(value)


# --------------------------------------------------------------------------
# Periods (eras, or year windows)
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    period_id: str
    label: str
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def years_period(years) -> Period:
    first, last = (int(y) for y in years)
    if last < first:
        raise ValueError(f"years {years!r}: the window ends before it starts")
    label = str(first) if first == last else f"{first}–{last}"
    return Period(f"years-{first}-{last}", label, dt.date(first, 1, 1), dt.date(last, 12, 31))
