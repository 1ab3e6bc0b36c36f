"""Readers for the raw CSV files: ODS commissioners and successors, ONS names and lookups, GP list sizes."""

from __future__ import annotations

import re
from pathlib import Path

from ..schema import DataError, Problem
from .fields import CODE_AREA_TEAM, CODE_ICB, CODE_ODS, CODE_PRACTICE, CODE_REGION, CODE_SUCC, Field, _close_not_before_open, _label, _read_headerless, _read_with_header, ddmonyyyy_to_iso, ons_code


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
_ODS_CCG = re.compile(r"^[0-9]{2}[A-Z]$")
_ODS_SHA = re.compile(r"^Q3[0-9]$")
_ONS_PCO = re.compile(r"^E1[67][0-9]{6}$")  # E16 PCTs, E17 care trusts

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
        Field("pcn_code", "code", re.compile(r"^(U[0-9]{5}|U)$"), what="PCN code (U + 5 digits, or U for none)"),
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
