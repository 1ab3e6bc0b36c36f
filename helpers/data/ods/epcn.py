"""Reader for ODS ``ePCN.xlsx``: PCN details and core partner membership."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..schema import DataError, Problem
from .fields import CODE_ODS, CODE_PCN, CODE_PRACTICE, _label, yyyymmdd_to_iso


# --------------------------------------------------------------------------
# ODS ePCN.xlsx
# --------------------------------------------------------------------------

def _norm_header(value) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().lower().rstrip("?").strip()


# Accepted (normalised) headers for each output column, by position.
EPCN_DETAILS = (
    ("pcn_code", ("pcn code",)),
    ("pcn_name", ("pcn name",)),
    ("parent_code", ("current clinical commissioning group code", "current sub icb loc code")),
    ("parent_name", ("clinical commissioning group name", "sub icb location")),
    ("open_date", ("open date (yyyymmdd)", "open date")),
    ("close_date", ("close date",)),
    ("address_1", ("address line 1",)),
    ("address_2", ("address line 2",)),
    ("address_3", ("address line 3",)),
    ("address_4", ("address line 4",)),
    ("address_5", ("address line 5",)),
    ("postcode", ("postcode",)),
)
EPCN_MEMBERS = (
    ("practice_code", ("partner organisation code",)),
    ("practice_name", ("partner name",)),
    ("practice_parent_code", ("practice parent ccg code", "practice parent sub icb loc code")),
    ("practice_parent_name", ("practice parent ccg name", "practice parent sub icb loc name")),
    ("pcn_code", ("pcn code",)),
    ("pcn_name", ("pcn name",)),
    ("pcn_parent_code", ("pcn parent ccg code", "pcn parent sub icb loc code")),
    ("pcn_parent_name", ("pcn parent ccg name", "pcn parent sub icb loc name")),
    ("start_date", ("practice to pcn relationship start date",)),
    ("end_date", ("practice to pcn relationship end date",)),
    ("parent_match", ("practice ccg and pcn ccg match", "practice sub icb loc and pcn sub icb loc match")),
)
EPCN_SHEETS = {"details": ("pcn details", "pcndetails"), "members": ("pcn core partner details",)}


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.strftime("%Y%m%d")
    return str(value).strip() if isinstance(value, str) else str(value)


def _epcn_sheet(label, ws, spec, kind) -> tuple[list[dict], list[int], list[Problem]]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    problems: list[Problem] = []
    if header is None:
        return [], [], [Problem(label, None, None, None, f"sheet '{ws.title}' is empty")]
    header = [h for h in header]
    while header and header[-1] is None:
        header.pop()
    norm = [_norm_header(h) for h in header]
    if len(norm) != len(spec):
        problems.append(Problem(label, None, 1, None,
                                f"sheet '{ws.title}' has {len(norm)} columns; the {kind} sheet has {len(spec)}"))
        return [], [], problems
    for (name, accepted), got, raw in zip(spec, norm, header):
        if got not in accepted:
            problems.append(Problem(label, None, 1, str(raw),
                                    f"sheet '{ws.title}': unexpected header (expected {accepted[0]!r})"))
    if problems:
        return [], [], problems
    out, lines = [], []
    for r, values in enumerate(rows, start=2):
        values = list(values)[: len(spec)] + [None] * max(0, len(spec) - len(values))
        if all(v is None or v == "" for v in values):
            continue  # trailing empty rows that spreadsheets keep
        extra = [v for v in list(values)[len(spec):] if v not in (None, "")]
        if extra:
            problems.append(Problem(label, r - 1, r, None, f"sheet '{ws.title}' row has values beyond the last column"))
        out.append({name: _cell_text(v) for (name, _), v in zip(spec, values)})
        lines.append(r)
    return out, lines, problems


def _check_epcn_row(label, sheet, row_no, line, row: dict, kind: str, problems: list[Problem]):
    def bad(col, msg):
        problems.append(Problem(label, row_no, line, f"{sheet}: {col}", msg))

    if kind == "details":
        if not CODE_PCN.match(row["pcn_code"]):
            bad("pcn_code", f"{row['pcn_code']!r} is not a PCN code (U + 5 digits)")
        if not row["pcn_name"]:
            bad("pcn_name", "is empty but required")
        if not CODE_ODS.match(row["parent_code"]):
            bad("parent_code", f"{row['parent_code']!r} is not a CCG / sub-ICB location code")
        dates = ("open_date", "close_date")
    else:
        if not CODE_PRACTICE.match(row["practice_code"]):
            bad("practice_code", f"{row['practice_code']!r} is not a GP practice code (capital + 5 digits)")
        if not CODE_PCN.match(row["pcn_code"]):
            bad("pcn_code", f"{row['pcn_code']!r} is not a PCN code (U + 5 digits)")
        for col in ("practice_parent_code", "pcn_parent_code"):
            if not CODE_ODS.match(row[col]):
                bad(col, f"{row[col]!r} is not a CCG / sub-ICB location code")
        if row["parent_match"] not in ("True", "False"):
            bad("parent_match", f"{row['parent_match']!r} is not True or False")
        dates = ("start_date", "end_date")
    first, last = dates
    for col in dates:
        value = row[col]
        if value == "":
            if col == first:
                bad(col, "is empty but required")
            continue
        iso = yyyymmdd_to_iso(value)
        if iso is None:
            bad(col, f"{value!r} is not a date in the form YYYYMMDD")
        else:
            row[col] = iso
    if row[last] and row[first] and re.match(r"^[0-9]{4}-", row[last]) and re.match(r"^[0-9]{4}-", row[first]) \
            and row[last] < row[first]:
        bad(last, f"ends ({row[last]}) before it starts ({row[first]})")


@dataclass
class EPCN:
    """The two sheets of an ``ePCN.xlsx`` workbook, checked."""

    file: str
    details: object  # DataFrame: pcn_code, pcn_name, parent_code, parent_name, open_date, close_date, postcode
    members: object  # DataFrame: practice_code, practice_name, ..., pcn_code, start_date, end_date, parent_match


def read_epcn(path) -> EPCN:
    """Read an ODS ``ePCN.xlsx``: the PCN details sheet and the core partner (membership) sheet.

    Only these two sheets are read (openpyxl read-only mode, cached formula values).
    Dates become ISO; ``close_date`` / ``end_date`` are empty while open.
    """
    path = Path(path)
    label = _label(path)
    if not path.exists():
        raise DataError([Problem(label, None, None, None, "file not found")])
    if path.stat().st_size == 0:
        raise DataError([Problem(label, None, None, None, "is empty")])
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise DataError([Problem(label, None, None, None,
                                 f"is not a readable .xlsx workbook ({type(exc).__name__}: {exc})")]) from None
    try:
        by_norm = {_norm_header(name): name for name in wb.sheetnames}
        sheets = {}
        for kind, names in EPCN_SHEETS.items():
            found = next((by_norm[n] for n in names if n in by_norm), None)
            if found is None:
                raise DataError([Problem(label, None, None, None,
                                         f"has no '{names[0]}' sheet (sheets: {', '.join(wb.sheetnames)})")])
            sheets[kind] = found
        problems: list[Problem] = []
        parsed = {}
        for kind, spec in (("details", EPCN_DETAILS), ("members", EPCN_MEMBERS)):
            ws = wb[sheets[kind]]
            rows, lines, probs = _epcn_sheet(label, ws, spec, kind)
            problems += probs
            for i, (row, line) in enumerate(zip(rows, lines), start=1):
                _check_epcn_row(label, sheets[kind], i, line, row, kind, problems)
            if not probs and not rows:
                problems.append(Problem(label, None, None, None, f"sheet '{sheets[kind]}' has no rows"))
            parsed[kind] = (rows, lines)
    finally:
        wb.close()
    if problems:
        raise DataError(problems)
    det_rows, det_lines = parsed["details"]
    codes: dict[str, int] = {}
    for i, (row, line) in enumerate(zip(det_rows, det_lines), start=1):
        if row["pcn_code"] in codes:
            problems.append(Problem(label, i, line, f"{sheets['details']}: pcn_code",
                                    f"{row['pcn_code']!r} appears more than once (first on row {codes[row['pcn_code']]})"))
        codes[row["pcn_code"]] = line
    for i, (row, line) in enumerate(zip(*parsed["members"]), start=1):
        if row["pcn_code"] not in codes:
            problems.append(Problem(label, i, line, f"{sheets['members']}: pcn_code",
                                    f"{row['pcn_code']!r} is not in the '{sheets['details']}' sheet"))
    if problems:
        raise DataError(problems)
    import pandas as pd

    details = pd.DataFrame(det_rows, columns=[n for n, _ in EPCN_DETAILS], dtype=object)
    members = pd.DataFrame(parsed["members"][0], columns=[n for n, _ in EPCN_MEMBERS], dtype=object)
    details = details[["pcn_code", "pcn_name", "parent_code", "parent_name", "open_date", "close_date", "postcode"]]
    return EPCN(label, details, members)
