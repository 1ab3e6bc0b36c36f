"""Readers for the raw official organisation files in ``../shared/data-raw/``.

Each reader checks its file strictly and returns a pandas DataFrame of text
columns with stable, lower-case names (dates converted to ISO ``YYYY-MM-DD``).
Anything malformed raises :class:`helpers.schema.DataError` listing every
problem with the file, the row and physical line (or spreadsheet row), the
column and what is wrong. Nothing is repaired silently, with one documented
exception: surrounding spaces are stripped from free-text fields (names and
addresses; two April 2013 CCG names end with a space). Codes and dates must
be exact.

Formats (see ``../shared/data-raw/PROVENANCE.md``):

``read_ods_standard``   headerless 27-column ODS CSVs (``eccg``, ``eauth``)
``read_successors``     the ODS successor file (``succ``), 5 columns, headerless
``read_icb_names``      ONS ICB names and codes (December 2024)
``read_ons_lookup``     the ONS 2012-2013 PCT/SHA/CCG/area-team lookups
``read_epcn``           ODS ``ePCN.xlsx``: PCN details and core partner membership
``read_gp_list_size``   NHS Digital *Patients Registered at a GP Practice* totals
``read_gp_practice_map`` NHS Digital practice -> PCN -> CCG -> STP -> region map
``read_nhsbsa_list_size`` NHSBSA quarterly practice list sizes by age and sex
``read_ord_json``       one ODS ORD API organisation response (JSON)

The derived tables built from these files (``python -m helpers.derive``) have
their own schema-checked loaders at the end of this module
(``load_ccgs()``, ``load_icb_members()``, ``load_pcns()``, ...).
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .schema import DataError, Problem, read_text_strict

ROOT = Path(__file__).resolve().parent.parent
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
CODE_PCN = re.compile(r"^U\d{5}$")
CODE_PRACTICE = re.compile(r"^[A-Z]\d{5}$")
CODE_REGION = re.compile(r"^Y\d{2}$")
CODE_AREA_TEAM = re.compile(r"^Q\d{2}$")
CODE_ICB = re.compile(r"^Q[0-9A-Z]{2}$")
_YYYYMMDD = re.compile(r"^\d{8}$")
_INT = re.compile(r"^\d+$")
_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}


def ons_code(prefix: str) -> re.Pattern:
    """An ONS GSS code pattern such as ``E38`` + six digits."""
    return re.compile(rf"^{prefix}\d{{6}}$")


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
    m = re.match(r"^(\d{2})([A-Za-z]{3})(\d{4})$", value)
    if not m or m.group(2).upper() not in _MONTHS:
        return None
    try:
        return _dt.date(int(m.group(3)), _MONTHS[m.group(2).upper()], int(m.group(1))).isoformat()
    except ValueError:
        return None


def _iso_or_none(value: str) -> str | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
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


# --------------------------------------------------------------------------
# ODS standard 27-column files (eccg, eauth)
# --------------------------------------------------------------------------

def _ods_standard_fields(code_pattern: re.Pattern, code_what: str) -> tuple[Field, ...]:
    f: list[Field] = [
        Field("code", "code", code_pattern, what=code_what),
        Field("name"),
        Field("national_grouping", "optional", CODE_ODS, what="ODS code (national grouping)"),
        Field("high_level_health_geography", "optional", CODE_ODS, what="ODS code (high-level health geography)"),
    ]
    f += [Field(f"address_{i}", "optional") for i in range(1, 6)]
    f += [
        Field("postcode", "optional"),
        Field("open_date", "date8"),
        Field("close_date", "date8_optional"),
        Field("null_13", "empty"),
        Field("org_sub_type", "optional"),
    ]
    f += [Field(f"null_{i}", "empty") for i in range(15, 22)]
    f += [Field("amended_record_indicator", "choice", choices=("0", "1"))]
    f += [Field(f"null_{i}", "empty") for i in range(23, 28)]
    assert len(f) == 27
    return tuple(f)


ODS_STANDARD = {
    "eccg": _ods_standard_fields(CODE_ODS, "CCG / sub-ICB / hub code (3 to 5 capitals or digits)"),
    "eauth": _ods_standard_fields(re.compile(r"^[0-9A-Z]{1,3}$"), "authority code (1 to 3 capitals or digits)"),
}


def read_ods_standard(path, kind: str = "eccg"):
    """Read a headerless ODS "standard" 27-column CSV (``eccg`` or ``eauth``).

    Returns columns ``code, name, national_grouping, high_level_health_geography,
    address_1..5, postcode, open_date, close_date, org_sub_type,
    amended_record_indicator`` (the always-null columns are checked to be empty
    and dropped). Dates are ISO.
    """
    if kind not in ODS_STANDARD:
        raise ValueError(f"kind must be one of {', '.join(ODS_STANDARD)}")
    frame = _read_headerless(path, ODS_STANDARD[kind], row_checks=(_close_not_before_open,))
    return frame[[c for c in frame.columns if not c.startswith("null_")]]


# --------------------------------------------------------------------------
# ODS successor file
# --------------------------------------------------------------------------

SUCC_FIELDS = (
    Field("predecessor_code", "code", CODE_SUCC, what="ODS code"),
    Field("successor_code", "code", CODE_SUCC, what="ODS code"),
    Field("reason", "optional"),
    Field("effective_date", "date8"),
    Field("indicator", "choice", choices=("0", "1")),
)


def _not_self_succession(row: dict):
    if row["predecessor_code"] and row["predecessor_code"] == row["successor_code"]:
        yield "successor_code", "an organisation cannot succeed itself"


def read_successors(path):
    """Read the headerless ODS successor file: predecessor, successor, reason, effective date, indicator.

    The meaning of the 0/1 indicator is not documented; it is kept, not interpreted.
    """
    return _read_headerless(path, SUCC_FIELDS, row_checks=(_not_self_succession,))


# --------------------------------------------------------------------------
# ONS files
# --------------------------------------------------------------------------

ICB_NAMES_HEADER = ("ICB24CD", "ICB24CDH", "ICB24NM", "ObjectId")


def read_icb_names(path):
    """ONS "Integrated Care Boards (December 2024) Names and Codes in England".

    Returns ``ons_code, icb_code, icb_name, object_id``.
    """
    fields = (
        Field("ons_code", "code", ons_code("E54"), what="ONS ICB code (E54 + 6 digits)"),
        Field("icb_code", "code", CODE_ICB, what="ODS ICB code (Q + 2 capitals or digits)"),
        Field("icb_name"),
        Field("object_id", "int"),
    )
    frame = _read_with_header(path, ICB_NAMES_HEADER, fields)
    _unique(frame, "icb_code", path)
    return frame


_ODS_PCT = re.compile(r"^(5[0-9A-Z]{2}|TA[A-Z])$")
_ODS_CCG = re.compile(r"^\d{2}[A-Z]$")
_ODS_SHA = re.compile(r"^Q3\d$")
_ONS_PCO = re.compile(r"^E1[67]\d{6}$")  # E16 PCTs, E17 care trusts

#: Each ONS lookup: (header, output fields, encoding). Encodings follow PROVENANCE.md.
ONS_LOOKUPS: dict[str, tuple[tuple[str, ...], tuple[Field, ...], str]] = {
    "pco_2012": (
        ("PCO12CD", "PCO12CDO", "PCO12NM"),
        (Field("pct_ons_code", "code", _ONS_PCO, what="ONS PCT / care trust code (E16 or E17 + 6 digits)"),
         Field("pct_code", "code", _ODS_PCT, what="ODS PCT code"),
         Field("pct_name")),
        "utf-8",
    ),
    "pco_sha_2012": (
        ("PCO12CD", "PCO12CDO", "PCO12NM", "SHA12CD", "SHA12CDO", "SHA12NM"),
        (Field("pct_ons_code", "code", _ONS_PCO, what="ONS PCT / care trust code (E16 or E17 + 6 digits)"),
         Field("pct_code", "code", _ODS_PCT, what="ODS PCT code"),
         Field("pct_name"),
         Field("sha_ons_code", "code", ons_code("E18"), what="ONS SHA code (E18 + 6 digits)"),
         Field("sha_code", "code", _ODS_SHA, what="ODS SHA code (Q30 to Q39)"),
         Field("sha_name")),
        "utf-8",
    ),
    "sha_2012": (
        ("SHA12CD", "SHA12CDO", "SHA12NM"),
        (Field("sha_ons_code", "code", ons_code("E18"), what="ONS SHA code (E18 + 6 digits)"),
         Field("sha_code", "code", _ODS_SHA, what="ODS SHA code (Q30 to Q39)"),
         Field("sha_name")),
        "utf-8",
    ),
    "ccg_2013": (
        ("CCG13CD", "CCG13CDH", "CCG13NM"),
        (Field("ccg_ons_code", "code", ons_code("E38"), what="ONS CCG code (E38 + 6 digits)"),
         Field("ccg_code", "code", _ODS_CCG, what="ODS CCG code (2 digits + capital)"),
         Field("ccg_name")),
        "cp1252",  # one byte 0x92 ("Queen's Park"): see PROVENANCE.md
    ),
    "ccg_area_team_region_2013": (
        ("CCG13CD", "CCG13NM", "NHSAT13CD", "NHSAT13NM", "NHSCR13CD", "NHSCR13NM"),
        (Field("ccg_ons_code", "code", ons_code("E38"), what="ONS CCG code (E38 + 6 digits)"),
         Field("ccg_name"),
         Field("area_team_ons_code", "code", ons_code("E39"), what="ONS area team code (E39 + 6 digits)"),
         Field("area_team_name"),
         Field("region_ons_code", "code", ons_code("E40"), what="ONS commissioning region code (E40 + 6 digits)"),
         Field("region_name")),
        "utf-8",
    ),
    "area_teams_2013": (
        ("NHSAT13CD", "NHSAT13NM"),
        (Field("area_team_ons_code", "code", ons_code("E39"), what="ONS area team code (E39 + 6 digits)"),
         Field("area_team_name")),
        "utf-8",
    ),
    "area_team_ods_codes_2013": (
        ("ons_code", "hscic_code", "name"),
        (Field("area_team_ons_code", "code", ons_code("E39"), what="ONS area team code (E39 + 6 digits)"),
         Field("area_team_code", "code", CODE_AREA_TEAM, what="ODS area team code (Q + 2 digits)"),
         Field("area_team_name")),
        "utf-8",
    ),
}

#: The raw file name of each ONS lookup (in ons-lookups-2012-2013/).
ONS_LOOKUP_FILES = {
    "pco_2012": "PCO_2012.csv",
    "pco_sha_2012": "PCO12_SHA12_EN_LU.csv",
    "sha_2012": "SHA_2012.csv",
    "ccg_2013": "CCG_APR_2013.csv",
    "ccg_area_team_region_2013": "CCG13_NHSAT13_NHSCR13_EW_LU.csv",
    "area_teams_2013": "NHSAT_APR_2013_EN_NC.csv",
    "area_team_ods_codes_2013": "area_teams_2013_ods_codes.csv",
}


def read_ons_lookup(path, which: str):
    """Read one of the ONS 2012-2013 lookups; ``which`` is a key of :data:`ONS_LOOKUPS`.

    CR-only line endings (``area_teams_2013_ods_codes.csv``) are read as lines;
    ``CCG_APR_2013.csv`` is read as Windows-1252 as PROVENANCE.md says.
    """
    if which not in ONS_LOOKUPS:
        raise ValueError(f"which must be one of {', '.join(ONS_LOOKUPS)}")
    header, fields, encoding = ONS_LOOKUPS[which]
    return _read_with_header(path, header, fields, encoding=encoding)


def _unique(frame, column: str, path) -> None:
    dup = frame[column][frame[column].duplicated()]
    if len(dup):
        label = _label(Path(path))
        raise DataError([
            Problem(label, int(i) + 1, None, column, f"{frame[column][i]!r} appears more than once")
            for i in dup.index
        ])


# --------------------------------------------------------------------------
# GP list sizes (NHS Digital) and the practice map
# --------------------------------------------------------------------------

GP_LIST_SIZE_HEADER = ("PUBLICATION", "EXTRACT_DATE", "TYPE", "CCG_CODE", "ONS_CCG_CODE", "CODE",
                       "POSTCODE", "SEX", "AGE", "NUMBER_OF_PATIENTS")


def _extract_date_check(row: dict):
    if ddmonyyyy_to_iso(row["extract_date"]) is None:
        yield "EXTRACT_DATE", f"{row['extract_date']!r} is not a date like 01JAN2021"


def read_gp_list_size(path):
    """NHS Digital *Patients Registered at a GP Practice* totals (``gp-reg-pat-prac-all.csv``).

    Returns ``extract_date`` (ISO), ``ccg_code``, ``ons_ccg_code``, ``practice_code``,
    ``postcode`` and ``patients`` (text of a whole number). One row per practice,
    all persons (``SEX`` = ``AGE`` = ``ALL``); every row must carry the same extract date.
    """
    fields = (
        Field("publication", "choice", choices=("GP_PRAC_PAT_LIST",)),
        Field("extract_date"),
        Field("type", "choice", choices=("GP",)),
        Field("ccg_code", "code", CODE_ODS, what="ODS CCG code"),
        Field("ons_ccg_code", "code", ons_code("E38"), what="ONS CCG code (E38 + 6 digits)"),
        Field("practice_code", "code", CODE_PRACTICE, what="GP practice code (capital + 5 digits)"),
        Field("postcode", "optional"),
        Field("sex", "choice", choices=("ALL",)),
        Field("age", "choice", choices=("ALL",)),
        Field("patients", "int"),
    )
    frame = _read_with_header(path, GP_LIST_SIZE_HEADER, fields,
                              row_checks=(_extract_date_check,))
    label = _label(Path(path))
    dates = sorted(set(frame["extract_date"]))
    if len(dates) > 1:
        raise DataError([Problem(label, None, None, "EXTRACT_DATE",
                                 f"holds more than one extract date: {', '.join(dates)}")])
    frame["extract_date"] = ddmonyyyy_to_iso(dates[0])
    _unique(frame, "practice_code", path)
    return frame.drop(columns=["publication", "type", "sex", "age"])


GP_MAP_HEADER = ("PUBLICATION", "EXTRACT_DATE", "PRACTICE_CODE", "PRACTICE_NAME", "PRACTICE_POSTCODE",
                 "PCN_CODE", "PCN_NAME", "ONS_CCG_CODE", "CCG_CODE", "CCG_NAME", "ONS_STP_CODE",
                 "STP_CODE", "STP_NAME", "ONS_COMM_REGION_CODE", "COMM_REGION_CODE", "COMM_REGION_NAME")


def read_gp_practice_map(path):
    """NHS Digital practice -> PCN -> CCG -> STP -> region map (``gp-reg-pat-prac-map.csv``).

    ``pcn_code`` is ``U`` (with name "Unallocated") for a practice in no PCN,
    as in the published file.
    """
    fields = (
        Field("publication", "choice", choices=("GP_PRAC_PAT_LIST",)),
        Field("extract_date"),
        Field("practice_code", "code", CODE_PRACTICE, what="GP practice code (capital + 5 digits)"),
        Field("practice_name"),
        Field("practice_postcode", "optional"),
        Field("pcn_code", "code", re.compile(r"^(U\d{5}|U)$"), what="PCN code (U + 5 digits, or U for none)"),
        Field("pcn_name"),
        Field("ons_ccg_code", "code", ons_code("E38"), what="ONS CCG code (E38 + 6 digits)"),
        Field("ccg_code", "code", CODE_ODS, what="ODS CCG code"),
        Field("ccg_name"),
        Field("ons_stp_code", "code", ons_code("E54"), what="ONS STP code (E54 + 6 digits)"),
        Field("stp_code", "code", CODE_ICB, what="ODS STP code"),
        Field("stp_name"),
        Field("ons_region_code", "code", ons_code("E40"), what="ONS region code (E40 + 6 digits)"),
        Field("region_code", "code", CODE_REGION, what="ODS region code (Y + 2 digits)"),
        Field("region_name"),
    )
    frame = _read_with_header(path, GP_MAP_HEADER, fields, row_checks=(_extract_date_check,))
    label = _label(Path(path))
    dates = sorted(set(frame["extract_date"]))
    if len(dates) > 1:
        raise DataError([Problem(label, None, None, "EXTRACT_DATE",
                                 f"holds more than one extract date: {', '.join(dates)}")])
    frame["extract_date"] = ddmonyyyy_to_iso(dates[0])
    _unique(frame, "practice_code", path)
    return frame.drop(columns=["publication"])


NHSBSA_BANDS = tuple(f"{sex} {band}" for band in ("0-4", "5-14", "15-24", "25-34", "35-44", "45-54",
                                                  "55-64", "65-74", "75+") for sex in ("Male", "Female"))
NHSBSA_HEADER = ("Regional Office Name", "Regional Office Code", "Area Team Name", "Area Team Code",
                 "PCO Name", "PCO Code", "Practice Name", "Practice Code") + NHSBSA_BANDS


def read_nhsbsa_list_size(path):
    """NHSBSA quarterly "Patient List Size" file: practices with 18 age/sex bands.

    Returns the 8 organisation columns (lower-case names) plus ``patients`` (the sum
    of the bands, as an int column) and the bands themselves as ints.
    """
    fields = (
        Field("region_name"),
        Field("region_code", "code", CODE_REGION, what="NHS England region code (Y + 2 digits)"),
        Field("area_team_name"),
        Field("area_team_code", "code", CODE_AREA_TEAM, what="area team code (Q + 2 digits)"),
        Field("pco_name"),
        Field("pco_code", "code", re.compile(r"^[0-9A-Z]{3,6}$"), what="PCO code"),
        Field("practice_name"),
        Field("practice_code", "code", re.compile(r"^[0-9A-Z]{6}$"), what="practice code (6 capitals or digits)"),
    ) + tuple(Field(b.lower().replace(" ", "_").replace("-", "_").replace("+", "_plus"), "int")
              for b in NHSBSA_BANDS)
    frame = _read_with_header(path, NHSBSA_HEADER, fields)
    bands = [f.name for f in fields[8:]]
    for b in bands:
        frame[b] = frame[b].astype(int)
    frame["patients"] = frame[bands].sum(axis=1)
    return frame


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
    if row[last] and row[first] and re.match(r"^\d{4}-", row[last]) and re.match(r"^\d{4}-", row[first]) \
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


# --------------------------------------------------------------------------
# ODS ORD API responses (JSON)
# --------------------------------------------------------------------------

def _dates(items, where: str, problems: list[str]) -> list[dict]:
    out = []
    if not isinstance(items, list):
        problems.append(f"{where}.Date is not a list")
        return out
    for d in items:
        if not isinstance(d, dict) or "Start" not in d:
            problems.append(f"{where}.Date entry has no Start")
            continue
        start, end = str(d.get("Start", "")), str(d.get("End", "") or "")
        if _iso_or_none(start) is None:
            problems.append(f"{where}.Date Start {start!r} is not an ISO date")
        if end and _iso_or_none(end) is None:
            problems.append(f"{where}.Date End {end!r} is not an ISO date")
        out.append({"type": str(d.get("Type", "")), "start": start, "end": end})
    return out


def _window(dates: list[dict]) -> tuple[str, str]:
    """Prefer the Legal dates when present, else Operational."""
    for kind in ("Legal", "Operational"):
        for d in dates:
            if d["type"] == kind:
                return d["start"], d["end"]
    return (dates[0]["start"], dates[0]["end"]) if dates else ("", "")


def parse_ord(data, label: str = "ORD response") -> dict:
    """Check a decoded ORD organisation response and summarise it as a plain dict.

    Keys: ``code, name, status, record_class, last_change_date, ref_only, dates,
    start, end, roles, rels, succs``. ``rels`` and ``succs`` list their targets with
    dates (``RE5`` relationships are geography, ``RE8`` ICB membership, and so on,
    as ODS codes them). Raises DataError naming the missing or malformed part.
    """
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("Organisation"), dict):
        raise DataError([Problem(label, None, None, "Organisation",
                                 "is not an ORD organisation response (no 'Organisation' object)")])
    org = data["Organisation"]
    name = org.get("Name")
    code = (org.get("OrgId") or {}).get("extension") if isinstance(org.get("OrgId"), dict) else None
    status = org.get("Status")
    if not isinstance(name, str) or not name.strip():
        problems.append("Organisation.Name is missing")
    if not isinstance(code, str) or not CODE_SUCC.match(code or ""):
        problems.append(f"Organisation.OrgId.extension {code!r} is not an ODS code")
    if status not in ("Active", "Inactive"):
        problems.append(f"Organisation.Status {status!r} is not Active or Inactive")
    dates = _dates(org.get("Date", []), "Organisation", problems)
    lcd = str(org.get("LastChangeDate", "") or "")
    if lcd and _iso_or_none(lcd) is None:
        problems.append(f"Organisation.LastChangeDate {lcd!r} is not an ISO date")
    roles = []
    for i, r in enumerate(((org.get("Roles") or {}).get("Role") or []), start=1):
        if not isinstance(r, dict) or "id" not in r:
            problems.append(f"Roles.Role[{i}] has no id")
            continue
        rd = _dates(r.get("Date", []), f"Roles.Role[{i}]", problems)
        start, end = _window(rd)
        roles.append({"id": r["id"], "primary": bool(r.get("primaryRole", False)),
                      "status": r.get("Status", ""), "start": start, "end": end})
    rels = []
    for i, r in enumerate(((org.get("Rels") or {}).get("Rel") or []), start=1):
        target = ((r.get("Target") or {}).get("OrgId") or {}).get("extension") if isinstance(r, dict) else None
        if not target:
            problems.append(f"Rels.Rel[{i}] has no Target.OrgId.extension")
            continue
        rd = _dates(r.get("Date", []), f"Rels.Rel[{i}]", problems)
        start, end = _window(rd)
        rels.append({"id": r.get("id", ""), "target": target,
                     "target_role": ((r.get("Target") or {}).get("PrimaryRoleId") or {}).get("id", ""),
                     "status": r.get("Status", ""), "start": start, "end": end})
    succs = []
    for i, s in enumerate(((org.get("Succs") or {}).get("Succ") or []), start=1):
        target = ((s.get("Target") or {}).get("OrgId") or {}).get("extension") if isinstance(s, dict) else None
        if not target:
            problems.append(f"Succs.Succ[{i}] has no Target.OrgId.extension")
            continue
        sd = _dates(s.get("Date", []), f"Succs.Succ[{i}]", problems)
        succs.append({"type": s.get("Type", ""), "target": target, "date": sd[0]["start"] if sd else ""})
    if problems:
        raise DataError([Problem(label, None, None, None, p) for p in problems])
    start, end = _window(dates)
    return {
        "code": code, "name": name.strip(), "status": status,
        "record_class": org.get("orgRecordClass", ""), "last_change_date": lcd,
        "ref_only": bool(org.get("refOnly", False)), "dates": dates, "start": start, "end": end,
        "roles": roles, "rels": rels, "succs": succs,
    }


def read_ord_json(source, label: str | None = None) -> dict:
    """Read and check one ORD API organisation response.

    ``source`` is a path, or the response body as ``bytes``/``str`` (give ``label``
    to name it in messages). Returns the summary of :func:`parse_ord`.
    """
    if isinstance(source, (bytes, str)) and not (isinstance(source, str) and _looks_like_path(source)):
        raw = source.encode("utf-8") if isinstance(source, str) else source
        label = label or "ORD response"
    else:
        path = Path(source)
        label = label or _label(path)
        if not path.exists():
            raise DataError([Problem(label, None, None, None, "file not found")])
        raw = path.read_bytes()
    if not raw.strip():
        raise DataError([Problem(label, None, None, None, "is empty (expected a JSON object)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(label, None, line, None,
                                 f"is not UTF-8: byte 0x{raw[exc.start]:02x} at line {line}")]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(label, None, exc.lineno, None,
                                 f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]) from None
    return parse_ord(data, label)


def _looks_like_path(text: str) -> bool:
    stripped = text.lstrip()
    return not stripped.startswith(("{", "[")) and len(text) < 4096 and "\n" not in text


# --------------------------------------------------------------------------
# Loaders for the derived tables (data/derived/), schema-checked and cached
# --------------------------------------------------------------------------

DERIVED_DIR = ROOT / "data" / "derived"


def _derived_tables():
    from .derive import DERIVED_TABLES

    return DERIVED_TABLES


@functools.cache
def _load_derived(name: str, folder: str):
    from . import data as _data

    tables = _derived_tables()
    if name not in tables:
        raise KeyError(f"no derived table called {name!r}; tables: {', '.join(tables)}")
    table = tables[name]
    path = Path(folder) / table.file
    rows, lines = _data.read_rows(table, path)
    problems = _data.validate_rows(table, rows, lines, _label(path), {})
    from .derive import DERIVED_KEYS

    key = DERIVED_KEYS.get(name, ())
    seen: dict[tuple, int] = {}
    for i, (row, line) in enumerate(zip(rows, lines), start=1):
        k = tuple(row[c] for c in key)
        if key and k in seen:
            problems.append(Problem(_label(path), i, line, key[0],
                                    f"duplicate key {', '.join(k)} (first in row {seen[k]})"))
        seen.setdefault(k, i)
    if problems:
        raise DataError(problems)
    return _data.to_frame(table, rows)


def load_derived(name: str, folder=None):
    """Load, validate and cache one derived table (a copy is returned)."""
    folder = Path(folder) if folder is not None else DERIVED_DIR
    return _load_derived(name, str(folder.resolve())).copy()


def clear_cache() -> None:
    _load_derived.cache_clear()


def load_ccgs(folder=None):
    """``derived/ccgs.csv``: every CCG code April 2013 - June 2022, with dates and successor."""
    return load_derived("ccgs", folder)


def load_ccg_counts(folder=None):
    """``derived/ccg_counts.csv``: CCGs open on each 1 April, 2013-2022."""
    return load_derived("ccg_counts", folder)


def load_icb_members(folder=None):
    """``derived/icb_members.csv``: the 42 ICBs and their sub-ICB locations (former CCGs)."""
    return load_derived("icb_members", folder)


def load_icbs(folder=None):
    """``derived/icbs.csv``: the 42 ICBs with ONS codes, member counts and population."""
    return load_derived("icbs", folder)


def load_icb_changes_2026(folder=None):
    """``derived/icb_changes_2026.csv``: ICB successions recorded by ODS for 1 April 2026."""
    return load_derived("icb_changes_2026", folder)


def load_pcts_2012(folder=None):
    """``derived/pcts_2012.csv``: the PCTs of 2012 and their SHA (one row per PCT-SHA pair)."""
    return load_derived("pcts_2012", folder)


def load_shas_2012(folder=None):
    """``derived/shas_2012.csv``: the 10 SHAs of 2012."""
    return load_derived("shas_2012", folder)


def load_area_teams_2013(folder=None):
    """``derived/area_teams_2013.csv``: NHS England area teams of April 2013 and their CCGs."""
    return load_derived("area_teams_2013", folder)


def load_pcns(folder=None):
    """``derived/pcns.csv``: PCNs on each snapshot date with member practices and population."""
    return load_derived("pcns", folder)


def load_pcn_practices(folder=None):
    """``derived/pcn_practices.csv``: PCN member practices on each snapshot date."""
    return load_derived("pcn_practices", folder)


def load_practices(folder=None):
    """``derived/practices.csv``: practice codes and names seen in the PCN files."""
    return load_derived("practices", folder)


def load_pcn_counts(folder=None):
    """``derived/pcn_counts.csv``: PCNs open on given dates, according to each ODS file."""
    return load_derived("pcn_counts", folder)


def load_metadata(folder=None):
    """``derived/METADATA.csv``: publisher, licence, attribution and "as at" of every derived table."""
    return load_derived("metadata", folder)


# --------------------------------------------------------------------------
# Counts from the derived tables, to compare with data/org_counts.csv
# --------------------------------------------------------------------------

#: ePCN file -> its source_id in sources.csv
EPCN_SOURCE_IDS = {"ePCN_2019-12.xlsx": "ods-epcn-2019-12", "ePCN_2022-05.xlsx": "ods-epcn-2022-05",
                   "ePCN_2024-10.xlsx": "ods-epcn-2024-10"}
CCG_ERA = ("2013-04-01", "2022-06-30")
ICB_ERA_START = "2022-07-01"
SUCC_AS_AT = "2026-05-03"  # upper bound of the succ extract's window
PCN_DES_START = "2019-07-01"
FIRST_PCN_RELEASE = ("2019-12-01", "ePCN_2019-12.xlsx")


def derived_count(org_type: str, day: str, source_id: str | None = None, folder=None):
    """Our count of ``org_type`` open on ``day`` (ISO), or None where the derived data do not speak.

    Returns ``(count, how)``. CCGs: any day from 2013-04-01 to 2022-06-30 (ODS open and close
    dates). ICBs: 42 from 2022-07-01, 42 - predecessors + new successors from 2026-04-01 (up to the
    succ extract's window). PCNs: the ePCN count on a recorded date (the file that ``source_id``
    names, else the most recent file covering the date); a date between the DES start (2019-07-01)
    and the first ODS open date is compared with the first ODS release ("PCNs at their start").
    """
    if org_type == "clinical_commissioning_groups":
        if not (CCG_ERA[0] <= day <= CCG_ERA[1]):
            return None
        c = load_ccgs(folder)
        n = int(((c["start_date"] <= day) & ((c["close_date"] == "") | (c["close_date"] >= day))).sum())
        return n, "CCG codes started and not closed on the day (ODS eccg and succ; derived/ccgs.csv)"
    if org_type == "integrated_care_boards":
        if not (ICB_ERA_START <= day <= SUCC_AS_AT):
            return None
        icbs = load_icbs(folder)
        n = len(icbs)
        changes = load_icb_changes_2026(folder)
        eff = changes[changes["effective_date"] <= day]
        if len(eff):
            closed = set(eff["predecessor_code"])
            new = set(eff["successor_code"]) - set(icbs["icb_code"])
            n = n - len(closed) + len(new)
            return n, f"42 ICBs less {len(closed)} predecessors plus {len(new)} new successor codes (ODS succ, provisional)"
        return n, "ICBs in derived/icbs.csv (ODS and ONS)"
    if org_type == "primary_care_networks":
        counts = load_pcn_counts(folder)
        if PCN_DES_START <= day < "2019-10-01":
            day_, file_ = FIRST_PCN_RELEASE
            row = counts[(counts["as_of"] == day_) & (counts["source_file"] == file_)]
            return int(row["count"].iloc[0]), f"PCNs in the first ODS release ({file_}, open on {day_})"
        rows = counts[counts["as_of"] == day]
        if not len(rows):
            return None
        by_source = {EPCN_SOURCE_IDS[f]: int(n) for f, n in zip(rows["source_file"], rows["count"])}
        if source_id in by_source:
            return by_source[source_id], f"PCNs open on the day in {source_id}"
        latest = rows.sort_values("file_as_at").iloc[-1]
        return int(latest["count"]), f"PCNs open on the day in {latest['source_file']} (latest file covering it)"
    return None


def derived_count_for(org_type: str, as_of: str, precision: str, source_id: str | None = None, folder=None):
    """Like :func:`derived_count` for an org_counts date: day precision, or a month when the count
    is the same on every day of it. Year and range dates are too coarse to compare (None)."""
    import calendar

    if precision == "day":
        return derived_count(org_type, as_of, source_id, folder)
    if precision == "month":
        y, m = (int(x) for x in as_of.split("-"))
        results = {derived_count(org_type, f"{y:04d}-{m:02d}-{d:02d}", source_id, folder)
                   for d in range(1, calendar.monthrange(y, m)[1] + 1)}
        if len(results) == 1 and None not in results:
            return results.pop()
    return None


def load_all_derived(folder=None) -> dict:
    """Load and validate every derived table."""
    from .derive import DERIVED_TABLES

    return {name: load_derived(name, folder) for name in DERIVED_TABLES}
