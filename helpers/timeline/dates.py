"""Dates at the precision of the data: format them, and find a date's first and last day."""

from __future__ import annotations

import datetime as _dt


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


# --------------------------------------------------------------------------
# Dates at their precision
# --------------------------------------------------------------------------

def _part_precision(part: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(part)]


def _format_part(part: str) -> str:
    bits = [int(b) for b in part.split("-")]
    if len(bits) == 1:
        return f"{bits[0]}"
    if len(bits) == 2:
        return f"{MONTHS[bits[1] - 1]} {bits[0]}"
    return f"{bits[2]} {MONTHS[bits[1] - 1]} {bits[0]}"


def format_date(value, precision) -> str:
    """A date as a reader would write it, never more precise than the data.

    ``("2013-04-01", "day")`` → "1 April 2013"; ``("2013-04", "month")`` → "April 2013";
    ``("2013", "year")`` → "2013"; ``("2020-11-26/2021-01-08", "range")`` → "between
    26 November 2020 and 8 January 2021". Empty values give "".
    """
    if value is None or not isinstance(value, str) or not value:
        return ""
    if precision == "range" or "/" in value:
        a, b = value.split("/")
        return f"between {_format_part(a)} and {_format_part(b)}"
    expected = {"day": 10, "month": 7, "year": 4}.get(precision)
    if expected is not None and len(value) != expected:
        raise ValueError(f"{value!r} does not have precision {precision!r}")
    return _format_part(value)


def _part_start(part: str) -> _dt.date:
    bits = [int(b) for b in part.split("-")] + [1, 1]
    return _dt.date(bits[0], bits[1], bits[2])


def _part_end(part: str) -> _dt.date:
    bits = [int(b) for b in part.split("-")]
    if len(bits) == 3:
        return _dt.date(*bits)
    if len(bits) == 2:
        nxt = _dt.date(bits[0] + (bits[1] == 12), bits[1] % 12 + 1, 1)
        return nxt - _dt.timedelta(days=1)
    return _dt.date(bits[0], 12, 31)


def date_start(value: str) -> _dt.date:
    """First day of the period a date (or range) covers: where it is plotted."""
    return _part_start(value.split("/")[0])


def date_end(value: str) -> _dt.date:
    """Last day of the period a date (or range) covers."""
    return _part_end(value.split("/")[-1])
