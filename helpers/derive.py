"""Derive the committed organisation tables in ``data/derived/`` from the raw official files.

    python -m helpers.derive                 # read ../shared/data-raw, write data/derived/
    python -m helpers.derive --raw PATH      # read another copy of the raw files
    python -m helpers.derive --out PATH      # write somewhere else (tests use a temporary folder)
    python -m helpers.derive --check         # derive into a temporary folder and compare
    python -m helpers.derive --readme        # print the data/README.md section for these tables

The raw folder can also be set with ``$JUC_DATA_RAW``. Every raw file is checked
against the SHA-256 prefix that ``PROVENANCE.md`` gives for it before it is read,
so a changed raw file stops the derivation instead of silently changing a table.
Output is deterministic: rows are sorted, numbers are whole, line endings are
``\\n``. Each table's publisher, licence attribution and "as at" date are in
``data/derived/METADATA.csv``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from . import ods
from .schema import Column, DataError, Problem, Table

# --------------------------------------------------------------------------
# Raw inputs: path (relative to the raw folder) -> SHA-256 prefix from PROVENANCE.md
# --------------------------------------------------------------------------

RAW_FILES = {
    "ods-commissioners/eccg_2024.csv": "6c8bc8b802e44663",
    "ods-commissioners/eccg_2015-16.csv": "14c96be4b5b89c72",
    "ods-commissioners/eccg_2018-11.csv": "d1d451516ff971a0",
    "ods-commissioners/succ_2026.csv": "27da9f3565df04a4",
    "ods-commissioners/icb_names_codes_dec_2024.csv": "9e13693743bbb574",
    "ons-lookups-2012-2013/PCO_2012.csv": "1e7180238b1068a2",
    "ons-lookups-2012-2013/PCO12_SHA12_EN_LU.csv": "be7b51896de29a51",
    "ons-lookups-2012-2013/SHA_2012.csv": "ee70df4c635a58d4",
    "ons-lookups-2012-2013/CCG_APR_2013.csv": "1380bcfb177871cb",
    "ons-lookups-2012-2013/CCG13_NHSAT13_NHSCR13_EW_LU.csv": "3f2f6d52b33ec6fd",
    "ons-lookups-2012-2013/NHSAT_APR_2013_EN_NC.csv": "67f46ac3afea2a7e",
    "ons-lookups-2012-2013/area_teams_2013_ods_codes.csv": "c4b52621446ff0f0",
    "pcn/ePCN_2019-12.xlsx": "42389d81bcf0c8f7",
    "pcn/ePCN_2022-05.xlsx": "76aff9384834c11c",
    "pcn/ePCN_2024-10.xlsx": "06736278f6d74a95",
    "gp-registered-patients/gp-reg-pat-prac-all_2021-01.csv": "50cba22147db5e07",
    "gp-registered-patients/gp-reg-pat-prac-all_2022-01.csv": "d0db67187c9df246",
    "gp-registered-patients/gp-reg-pat-prac-all_2022-05.csv": "9cd27266626335a9",
    "gp-registered-patients/gp-reg-pat-prac-map_2022-01.csv": "78110fc243a9ee25",
    "gp-registered-patients/nhsbsa_Patient_List_Size_2014_04-06.csv": "9fe8b4b6f257cba6",
}

ATTRIBUTION = {
    "ods": "Contains information from NHS England's Organisation Data Service, licensed under the Open Government Licence v3.0.",
    "ons": "Source: Office for National Statistics licensed under the Open Government Licence v3.0.",
    "nhsbsa": "Contains information from the NHS Business Services Authority, licensed under the Open Government Licence v3.0.",
}


def nhsd_attribution(month_year: str) -> str:
    """The attribution line for one NHS Digital list-size file (one line per file month)."""
    return (f"Patients Registered at a GP Practice, {month_year}, NHS Digital (now NHS England), "
            "licensed under the Open Government Licence v3.0.")


NHSD_ALL = tuple(nhsd_attribution(m) for m in ("January 2021", "January 2022", "May 2022"))

PUBLISHER = {
    "ods": "NHS England Organisation Data Service (formerly NHS Digital / HSCIC)",
    "ons": "Office for National Statistics (Open Geography Portal)",
    "nhsd": "NHS Digital (now NHS England), Patients Registered at a GP Practice",
    "nhsbsa": "NHS Business Services Authority (NHS Prescription Services)",
    "openprescribing": "OpenPrescribing (Bennett Institute, University of Oxford): ONS-to-ODS area-team code join",
}

#: Snapshot dates for PCN tables: (date, ePCN file, list-size file or None)
PCN_SNAPSHOTS = (
    ("2019-12-01", "pcn/ePCN_2019-12.xlsx", None),
    ("2021-01-01", "pcn/ePCN_2022-05.xlsx", "gp-registered-patients/gp-reg-pat-prac-all_2021-01.csv"),
    ("2022-01-01", "pcn/ePCN_2022-05.xlsx", "gp-registered-patients/gp-reg-pat-prac-all_2022-01.csv"),
    ("2022-05-01", "pcn/ePCN_2022-05.xlsx", "gp-registered-patients/gp-reg-pat-prac-all_2022-05.csv"),
    ("2024-10-01", "pcn/ePCN_2024-10.xlsx", None),
)
#: Snapshots whose member practices are written to pcn_practices.csv (kept small).
MEMBER_SNAPSHOTS = ("2022-05-01", "2024-10-01")
#: Dates on which each ePCN file's count of open PCNs is recorded (only dates the file covers).
PCN_COUNT_DATES = ("2019-10-01", "2019-12-01", "2020-04-01", "2021-01-01", "2021-04-01", "2022-01-01",
                   "2022-04-01", "2022-05-01", "2022-07-01", "2023-04-01", "2024-04-01", "2024-10-01")
EPCN_AS_AT = {"pcn/ePCN_2019-12.xlsx": "2019-12-04", "pcn/ePCN_2022-05.xlsx": "2022-05-01",
              "pcn/ePCN_2024-10.xlsx": "2024-10-01"}

# --------------------------------------------------------------------------
# Schemas of the derived tables (checked by the loaders in helpers.ods)
# --------------------------------------------------------------------------

import re as _re

_ISO = _re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(*cols: str):
    from .schema import _real_date  # once, not per cell (bench: loading the tables)

    def check(row):
        for c in cols:
            v = row.get(c, "")
            if v and not _ISO.match(v):
                yield c, f"{v!r} is not an ISO date (YYYY-MM-DD)"
            elif v and not _real_date(v):
                yield c, f"{v!r} is not a real calendar date"
    check.__name__ = f"iso_{'_'.join(cols)}"
    return check


def _codes(pattern: str, *cols: str, what: str = "ODS code"):
    rx = _re.compile(pattern)

    def check(row):
        for c in cols:
            v = row.get(c, "")
            if v and not rx.match(v):
                yield c, f"{v!r} is not a valid {what}"
    return check


def _T(name, file, doc, columns, checks=()):
    return Table(name=name, file=file, doc=doc, columns=tuple(columns), row_checks=tuple(checks))


C = Column
CCG_CODE = r"^[0-9A-Z]{3,5}$"

DERIVED_TABLES: dict[str, Table] = {t.name: t for t in (
    _T("ccgs", "ccgs.csv", "Every CCG code that existed from April 2013 to June 2022.", (
        C("code", doc="ODS CCG code (the sub-ICB location code from July 2022 for the 106 that carried on)"),
        C("name", doc="the April 2013 name where the ONS lookup holds it, else the earliest CCG-era name found"),
        C("name_source", doc="which file the name comes from"),
        C("last_name", required=False, doc="the CCG's name in its last CCG-era record (Jan 2022 map or at closure)"),
        C("open_date", doc="ODS open date (operational; see note)"),
        C("start_date", doc="the date its predecessors' succession to it took effect where it has predecessors, else open_date; counts use this"),
        C("close_date", required=False, doc="ODS close date; empty for the 106 codes that carried on as sub-ICB locations"),
        C("successor_code", required=False, doc="the CCG it merged into (ODS succ.csv)"),
        C("succession_date", required=False, doc="effective date of that succession"),
        C("ons_code", required=False, doc="ONS E38 code where a file gives it"),
        C("area_team_2013", required=False, doc="ODS code of its NHS England area team in April 2013"),
        C("region_2013", required=False, doc="NHS England commissioning region, April 2013 (ONS name)"),
        C("final_code", doc="the CCG of 2021/22 its line ended in (itself for the 106)"),
        C("icb_code", doc="the ICB that final CCG became part of (ODS)"),
        C("patients", "int", required=False, doc="registered patients in the latest NHS Digital list-size file that names it"),
        C("patients_date", required=False, doc="extract date of that file"),
        C("nhsbsa_patients_2014q2", "int", required=False, doc="NHSBSA list size, April-June 2014 (a different series)"),
        C("note", required=False, doc="caveats: operational open dates, codes that carried on, moves between footprints"),
    ), (_codes(CCG_CODE, "code", "successor_code", "final_code", what="CCG code"),
        _codes(r"^Q[0-9A-Z]{2}$", "icb_code", what="ICB code"),
        _iso("open_date", "start_date", "close_date", "succession_date", "patients_date"))),
    _T("ccg_counts", "ccg_counts.csv", "CCGs open on each 1 April, 2013-2022 (ODS eccg, 2024 extract).", (
        C("as_of", doc="a 1 April"), C("count", "int", doc="CCG codes started and not closed that day"), C("opened", "int", doc="CCG codes opened since the previous row"),
        C("closed", "int", doc="CCG codes closed since the previous row"),
    ), (_iso("as_of"),)),
    _T("icb_members", "icb_members.csv", "The 42 ICBs of July 2022 and their sub-ICB locations.", (
        C("icb_code", doc="ODS code of the ICB"), C("icb_name", doc="ONS name (December 2024; the same in April 2023)"),
        C("sub_icb_code", doc="ODS code of the sub-ICB location (the former CCG's code)"), C("sub_icb_name", doc="ODS sub-ICB location name"),
        C("icb_ons_code", doc="ONS E54 code of the ICB"), C("ccg_name", doc="the CCG's name in January 2022 (NHS Digital map)"),
        C("patients_2022_05", "int", doc="registered patients, 1 May 2022 (NHS Digital), by CCG"),
        C("note", required=False, doc="where the January 2022 STP differs from the ICB"),
    ), (_codes(r"^Q[0-9A-Z]{2}$", "icb_code", what="ICB code"), _codes(CCG_CODE, "sub_icb_code"))),
    _T("icbs", "icbs.csv", "The 42 ICBs of July 2022.", (
        C("icb_code", doc="ODS code"), C("icb_ons_code", doc="ONS E54 code"), C("icb_name", doc="ONS name (December 2024)"), C("sub_icb_locations", "int", doc="members in icb_members.csv"),
        C("patients_2022_05", "int", doc="registered patients, 1 May 2022, summed over its sub-ICB locations"), C("successors_2026", required=False, doc="';'-separated codes ODS records as successors on 1 April 2026"),
    ), (_codes(r"^Q[0-9A-Z]{2}$", "icb_code", what="ICB code"),)),
    _T("icb_changes_2026", "icb_changes_2026.csv", "ICB successions ODS records for 1 April 2026 (provisional).", (
        C("predecessor_code", doc="one of the 42 ICBs"), C("predecessor_name", doc="ONS name (December 2024)"), C("successor_code", doc="ODS code of the successor"),
        C("successor_name", required=False, doc="only where the successor is one of the 42 ICBs; new codes are not named in the files"),
        C("effective_date", doc="as recorded in succ.csv"), C("status", "category", allowed=("provisional",), doc="always provisional: recorded by ODS, not confirmed here from another source"), C("as_of", doc="upper bound of the succ extract's window"),
    ), (_iso("effective_date", "as_of"),)),
    _T("pcts_2012", "pcts_2012.csv", "PCTs (and care trusts) of 2012 with their SHA; four PCTs straddle two SHAs.", (
        C("pct_code", doc="ODS code (care trusts TA*)"), C("pct_ons_code", doc="ONS E16 (PCT) or E17 (care trust) code"), C("pct_name", doc="ONS name"), C("sha_code", doc="ODS code Q30-Q39"), C("sha_ons_code", doc="ONS E18 code"), C("sha_name", doc="ONS name"),
        C("straddles", "category", allowed=("yes", "no"), doc="'yes' when the PCT appears under two SHAs"),
    ), ()),
    _T("shas_2012", "shas_2012.csv", "The 10 strategic health authorities of 2012.", (
        C("sha_code", doc="ODS code Q30-Q39"), C("sha_ons_code", doc="ONS E18 code"), C("sha_name", doc="ONS name"), C("pcts", "int", doc="PCTs listed under it (straddling PCTs count in both)"),
    ), ()),
    _T("area_teams_2013", "area_teams_2013.csv", "NHS England area teams (ONS units) of April 2013 and their CCGs.", (
        C("area_team_code", doc="ODS Q-code (OpenPrescribing join)"), C("area_team_ons_code", doc="ONS E39 code"), C("area_team_name", doc="ONS name"), C("region_ons_code", doc="ONS E40 commissioning region"), C("region_name", doc="ONS name"),
        C("ccgs", "int", doc="April 2013 CCGs in the area team"),
    ), ()),
    _T("pcns", "pcns.csv", "PCNs open on each snapshot date, with member practices and registered patients.", (
        C("pcn_code", doc="ODS code (U + 5 digits)"), C("pcn_name", doc="name in that ePCN file"), C("as_of", doc="snapshot date"),
        C("practices", "int", doc="core member practices on that date"),
        C("registered_patients", "int", required=False, doc="sum over member practices with a list size on that date; empty where no list-size file matches"),
        C("practices_with_list_size", "int", required=False, doc="member practices found in the list-size file"),
        C("list_size_date", required=False, doc="EXTRACT_DATE of the list-size file"),
        C("parent_code", doc="parent CCG (2019-2022) or sub-ICB location (2024) in the ePCN file"),
        C("open_date", doc="ODS open date"), C("close_date", required=False, doc="ODS close date, if any"), C("source_file", doc="the ePCN file used"),
    ), (_codes(r"^U\d{5}$", "pcn_code", what="PCN code"), _iso("as_of", "list_size_date", "open_date", "close_date"))),
    _T("pcn_practices", "pcn_practices.csv", "PCN core member practices on selected snapshot dates.", (
        C("as_of", doc="snapshot date"), C("pcn_code", doc="ODS PCN code"), C("practice_code", doc="ODS practice code"),
        C("registered_patients", "int", required=False, doc="empty where no list-size file matches the date or the practice has none"),
    ), (_codes(r"^U\d{5}$", "pcn_code", what="PCN code"), _codes(r"^[A-Z]\d{5}$", "practice_code", what="practice code"),
        _iso("as_of"))),
    _T("practices", "practices.csv", "Names of the practices in pcn_practices.csv (latest name in the files).", (
        C("practice_code", doc="ODS practice code"), C("practice_name", doc="as written in the file"), C("name_source", doc="the file the name comes from"),
    ), (_codes(r"^[A-Z]\d{5}$", "practice_code", what="practice code"),)),
    _T("pcn_counts", "pcn_counts.csv", "PCNs open on a date, according to each ODS ePCN file.", (
        C("as_of", doc="date counted"), C("count", "int", doc="PCNs open that day in this file"), C("source_file", doc="the ePCN file"), C("file_as_at", doc="the file's own latest date"),
    ), (_iso("as_of", "file_as_at"),)),
    _T("metadata", "METADATA.csv", "Publisher, licence, attribution and 'as at' of every derived table.", (
        C("table", doc="derived table"), C("file", doc="its file in data/derived/"), C("rows", "int", doc="data rows"), C("publisher", doc="publishers of the inputs"), C("licence", doc="licence of the inputs"), C("attribution", doc="attribution lines to print, separated by ' | '"),
        C("as_at", doc="the date or window the table describes"), C("inputs", doc="raw files read, with SHA-256 prefixes"), C("source_ids", doc="ids in sources.csv, separated by ';'"), C("method", doc="how the table is built"),
    ), ()),
)}

#: The columns that together identify a row of each derived table (checked by the loaders).
DERIVED_KEYS: dict[str, tuple[str, ...]] = {
    "ccgs": ("code",), "ccg_counts": ("as_of",), "icb_members": ("sub_icb_code",), "icbs": ("icb_code",),
    "icb_changes_2026": ("predecessor_code", "successor_code"), "pcts_2012": ("pct_code", "sha_code"),
    "shas_2012": ("sha_code",), "area_teams_2013": ("area_team_ons_code",), "pcns": ("pcn_code", "as_of"),
    "pcn_practices": ("as_of", "pcn_code", "practice_code"), "practices": ("practice_code",),
    "pcn_counts": ("as_of", "source_file"), "metadata": ("table",),
}

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def sha256_prefix(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def check_raw_files(raw: Path) -> None:
    problems = []
    for rel, want in RAW_FILES.items():
        p = raw / rel
        if not p.exists():
            problems.append(Problem(str(p), None, None, None, "raw file not found"))
            continue
        got = sha256_prefix(p)
        if got != want:
            problems.append(Problem(
                str(p), None, None, None,
                f"SHA-256 starts {got}, but PROVENANCE.md gives {want}: the raw file has changed "
                "(update PROVENANCE.md and RAW_FILES in helpers/derive.py only after checking the new file)"))
    if problems:
        raise DataError(problems)


def _open_on(open_date: str, close_date: str, day: str) -> bool:
    return open_date <= day and (not close_date or close_date >= day)


def write_csv(path: Path, table: Table, rows: list[dict]) -> None:
    cols = table.column_names
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(cols)
    for r in rows:
        w.writerow(["" if r.get(c) is None else str(r.get(c)) for c in cols])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


def _fmt_int(v) -> str:
    return "" if v is None else str(int(v))


# --------------------------------------------------------------------------
# The derivation
# --------------------------------------------------------------------------


def derive(raw: Path | str | None = None, out: Path | str | None = None, verify_hashes: bool = True) -> dict[str, int]:
    """Read the raw files, build every table, write them to ``out``. Returns rows per table."""
    raw = ods.raw_dir(raw)
    out = Path(out) if out is not None else ods.DERIVED_DIR
    if not raw.is_dir():
        raise FileNotFoundError(f"raw data folder not found: {raw} (set --raw or ${ods.RAW_ENV})")
    if verify_hashes:
        check_raw_files(raw)
    out.mkdir(parents=True, exist_ok=True)
    R = lambda rel: raw / rel  # noqa: E731

    # --- ODS commissioners --------------------------------------------------
    eccg24 = ods.read_ods_standard(R("ods-commissioners/eccg_2024.csv"))
    eccg15 = ods.read_ods_standard(R("ods-commissioners/eccg_2015-16.csv"))
    eccg18 = ods.read_ods_standard(R("ods-commissioners/eccg_2018-11.csv"))
    succ = ods.read_successors(R("ods-commissioners/succ_2026.csv"))
    icb_names = ods.read_icb_names(R("ods-commissioners/icb_names_codes_dec_2024.csv"))
    lk = {k: ods.read_ons_lookup(R(f"ons-lookups-2012-2013/{f}"), k) for k, f in ods.ONS_LOOKUP_FILES.items()}
    ls = {d: ods.read_gp_list_size(R(f"gp-registered-patients/gp-reg-pat-prac-all_{d}.csv"))
          for d in ("2021-01", "2022-01", "2022-05")}
    pmap = ods.read_gp_practice_map(R("gp-registered-patients/gp-reg-pat-prac-map_2022-01.csv"))
    bsa = ods.read_nhsbsa_list_size(R("gp-registered-patients/nhsbsa_Patient_List_Size_2014_04-06.csv"))

    ccg_rows = eccg24[~eccg24["org_sub_type"].isin(["RO218", "RO327"])]
    ccg = {r["code"]: r for r in ccg_rows.to_dict("records")}
    if len(ccg) != 248:
        raise DataError([Problem("eccg_2024.csv", None, None, None,
                                 f"expected 248 CCG codes after dropping hubs and reporting entities, found {len(ccg)}")])
    succ_ccg = succ[succ["predecessor_code"].isin(ccg)]
    successor = {}
    for r in succ_ccg.to_dict("records"):
        if r["predecessor_code"] in successor:
            raise DataError([Problem("succ_2026.csv", None, None, "predecessor_code",
                                     f"CCG {r['predecessor_code']} has more than one successor")])
        if r["successor_code"] not in ccg:
            raise DataError([Problem("succ_2026.csv", None, None, "successor_code",
                                     f"CCG {r['predecessor_code']} succeeded by {r['successor_code']}, not a CCG code")])
        successor[r["predecessor_code"]] = (r["successor_code"], r["effective_date"])
    closed = {c for c, r in ccg.items() if r["close_date"]}
    if closed != set(successor):
        raise DataError([Problem("succ_2026.csv", None, None, None,
                                 "CCG closures in eccg_2024.csv and CCG successions in succ_2026.csv do not match: "
                                 f"{sorted(closed ^ set(successor))}")])

    icb_by_code = {r["icb_code"]: r for r in icb_names.to_dict("records")}
    survivors = {c for c, r in ccg.items() if not r["close_date"]}

    def final(code: str) -> str:
        seen = []
        while code in successor:
            seen.append(code)
            code = successor[code][0]
            if code in seen:
                raise DataError([Problem("succ_2026.csv", None, None, None, f"succession loop at {code}")])
        return code

    # names: April 2013 (ONS) > eccg 2015/16 > eccg Nov 2018 > NHS Digital map Jan 2022 > eccg 2024 at closure
    ons13 = {r["ccg_code"]: r for r in lk["ccg_2013"].to_dict("records")}
    e15 = {r["code"]: r["name"] for r in eccg15[eccg15["org_sub_type"] == "C"].to_dict("records")}
    e18 = {r["code"]: r["name"] for r in eccg18[eccg18["org_sub_type"] == "C"].to_dict("records")}
    map_ccg = {}
    for r in pmap.to_dict("records"):
        map_ccg.setdefault(r["ccg_code"], (r["ccg_name"], r["ons_ccg_code"], r["stp_code"], r["stp_name"]))
    unknown = (set(ons13) | set(e15) | set(e18) | set(map_ccg)) - set(ccg)
    if unknown:
        raise DataError([Problem("eccg_2024.csv", None, None, None,
                                 f"CCG codes in other files are missing from eccg_2024.csv: {sorted(unknown)}")])
    at13 = {r["ccg_ons_code"]: r for r in lk["ccg_area_team_region_2013"].to_dict("records")}
    at_codes = {r["area_team_ons_code"]: r["area_team_code"] for r in lk["area_team_ods_codes_2013"].to_dict("records")}
    ons_from_lists = {}
    for d in ("2021-01", "2022-01", "2022-05"):
        for r in ls[d][["ccg_code", "ons_ccg_code"]].drop_duplicates().to_dict("records"):
            ons_from_lists[r["ccg_code"]] = r["ons_ccg_code"]
    pop = {}
    for d in ("2021-01", "2022-01", "2022-05"):
        frame = ls[d]
        date = frame["extract_date"].iloc[0]
        sums = frame.assign(n=frame["patients"].astype(int)).groupby("ccg_code")["n"].sum()
        for code, n in sums.items():
            pop[code] = (int(n), date)  # later files overwrite earlier ones
    bsa_ccg = bsa.assign(ccg=bsa["pco_code"].str[:-2])
    bsa_ccg = bsa_ccg[bsa_ccg["pco_code"].str.endswith("00") & bsa_ccg["ccg"].isin(ons13)]
    bsa_pop = {k: int(v) for k, v in bsa_ccg.groupby("ccg")["patients"].sum().items()}

    start_of = {}  # a merged CCG starts when its predecessors' succession takes effect
    for pred, (succ_code, eff) in successor.items():
        start_of[succ_code] = min(start_of.get(succ_code, eff), eff)
    for code, day in list(start_of.items()):
        if day < ccg[code]["open_date"]:
            raise DataError([Problem("succ_2026.csv", None, None, None,
                                     f"{code} is succeeded to ({day}) before ODS opens it ({ccg[code]['open_date']})")])
    ccgs_out = []
    for code in sorted(ccg):
        r = ccg[code]
        if code in ons13:
            name, src = ons13[code]["ccg_name"], "ONS CCG names and codes, April 2013"
        elif code in e15:
            name, src = e15[code], "ODS eccg 2015/16"
        elif code in e18:
            name, src = e18[code], "ODS eccg November 2018"
        elif code in map_ccg:
            name, src = map_ccg[code][0], "NHS Digital practice map, January 2022"
        else:
            name, src = r["name"], "ODS eccg 2024 (name at closure)"
        last = map_ccg[code][0] if code in map_ccg else (r["name"] if r["close_date"] else "")
        ons_c = ons13[code]["ccg_ons_code"] if code in ons13 else ons_from_lists.get(code, "")
        a = at13.get(ons13[code]["ccg_ons_code"]) if code in ons13 else None
        fin = final(code)
        notes = []
        if code == "13T":
            notes.append("ODS open date is operational; its three predecessors' succession to it is dated 2015-04-01")
        if code in survivors:
            notes.append("code carried on as a sub-ICB location")
        if code == "02Q":
            notes.append("in the South Yorkshire and Bassetlaw STP in January 2022; ODS places it in Nottingham and Nottinghamshire ICB")
        p = pop.get(code)
        ccgs_out.append({
            "code": code, "name": name, "name_source": src, "last_name": last,
            "open_date": r["open_date"], "start_date": start_of.get(code, r["open_date"]), "close_date": r["close_date"],
            "successor_code": successor.get(code, ("", ""))[0], "succession_date": successor.get(code, ("", ""))[1],
            "ons_code": ons_c,
            "area_team_2013": at_codes.get(a["area_team_ons_code"], "") if a else "",
            "region_2013": a["region_name"] if a else "",
            "final_code": fin, "icb_code": ccg[fin]["high_level_health_geography"],
            "patients": p[0] if p else None, "patients_date": p[1] if p else "",
            "nhsbsa_patients_2014q2": bsa_pop.get(code), "note": "; ".join(notes),
        })
    bad_icb = {r["icb_code"] for r in ccgs_out} - set(icb_by_code)
    if bad_icb:
        raise DataError([Problem("eccg_2024.csv", None, None, "high_level_health_geography",
                                 f"parent codes of surviving CCGs not in the ONS ICB list: {sorted(bad_icb)}")])

    counts_out = []
    prev = None
    for year in range(2013, 2023):
        day = f"{year}-04-01"
        open_now = {c for c, r in ccg.items() if _open_on(start_of.get(c, r["open_date"]), r["close_date"], day)}
        counts_out.append({"as_of": day, "count": len(open_now),
                           "opened": len(open_now - prev) if prev is not None else len(open_now),
                           "closed": len(prev - open_now) if prev is not None else 0})
        prev = open_now

    # --- ICBs ------------------------------------------------------------------
    succ_icb = succ[succ["predecessor_code"].isin(icb_by_code) & (succ["effective_date"] == "2026-04-01")]
    succ_by_icb = defaultdict(list)
    changes_out = []
    for r in succ_icb.to_dict("records"):
        succ_by_icb[r["predecessor_code"]].append(r["successor_code"])
        changes_out.append({
            "predecessor_code": r["predecessor_code"], "predecessor_name": icb_by_code[r["predecessor_code"]]["icb_name"],
            "successor_code": r["successor_code"],
            "successor_name": icb_by_code.get(r["successor_code"], {}).get("icb_name", ""),
            "effective_date": r["effective_date"], "status": "provisional", "as_of": "2026-05-03",
        })
    changes_out.sort(key=lambda r: (r["predecessor_code"], r["successor_code"]))

    members_out = []
    for code in sorted(survivors):
        r = ccg[code]
        icb = icb_by_code[r["high_level_health_geography"]]
        note = ""
        if code in map_ccg and map_ccg[code][2] != icb["icb_code"]:
            note = (f"in the {map_ccg[code][3]} STP ({map_ccg[code][2]}) in January 2022 "
                    "(NHS Digital map); a member of this ICB in ODS and in ONS April 2023 names")
        members_out.append({
            "icb_code": icb["icb_code"], "icb_name": icb["icb_name"], "sub_icb_code": code, "sub_icb_name": r["name"],
            "icb_ons_code": icb["ons_code"], "ccg_name": map_ccg[code][0],
            "patients_2022_05": pop[code][0] if pop.get(code, (0, ""))[1] == "2022-05-01" else None, "note": note,
        })
    missing_pop = [m["sub_icb_code"] for m in members_out if m["patients_2022_05"] is None]
    if missing_pop:
        raise DataError([Problem("gp-reg-pat-prac-all_2022-05.csv", None, None, "CCG_CODE",
                                 f"no list size for sub-ICB locations {missing_pop}")])
    members_out.sort(key=lambda r: (r["icb_code"], r["sub_icb_code"]))
    icbs_out = []
    for code in sorted(icb_by_code):
        ms = [m for m in members_out if m["icb_code"] == code]
        icbs_out.append({"icb_code": code, "icb_ons_code": icb_by_code[code]["ons_code"],
                         "icb_name": icb_by_code[code]["icb_name"], "sub_icb_locations": len(ms),
                         "patients_2022_05": sum(m["patients_2022_05"] for m in ms),
                         "successors_2026": ";".join(sorted(succ_by_icb.get(code, [])))})

    # --- 2012 PCTs / SHAs, 2013 area teams -----------------------------------------
    ps = lk["pco_sha_2012"]
    pct_counts = ps["pct_code"].value_counts()
    pcts_out = sorted(({**{k: r[k] for k in ("pct_code", "pct_ons_code", "pct_name", "sha_code", "sha_ons_code", "sha_name")},
                        "straddles": "yes" if pct_counts[r["pct_code"]] > 1 else "no"} for r in ps.to_dict("records")),
                      key=lambda r: (r["pct_code"], r["sha_code"]))
    listed = set(lk["pco_2012"]["pct_code"])
    if listed != set(ps["pct_code"]):
        raise DataError([Problem("PCO12_SHA12_EN_LU.csv", None, None, None,
                                 f"PCTs differ from PCO_2012.csv: {sorted(listed ^ set(ps['pct_code']))}")])
    shas_out = [{"sha_code": r["sha_code"], "sha_ons_code": r["sha_ons_code"], "sha_name": r["sha_name"],
                 "pcts": int((ps["sha_code"] == r["sha_code"]).sum())}
                for r in sorted(lk["sha_2012"].to_dict("records"), key=lambda r: r["sha_code"])]
    at_rows = lk["ccg_area_team_region_2013"]
    ats_out = []
    for r in lk["area_team_ods_codes_2013"].to_dict("records"):
        sub = at_rows[at_rows["area_team_ons_code"] == r["area_team_ons_code"]]
        regions = sorted(set(sub["region_name"]))
        ats_out.append({"area_team_code": r["area_team_code"], "area_team_ons_code": r["area_team_ons_code"],
                        "area_team_name": r["area_team_name"],
                        "region_ons_code": ";".join(sorted(set(sub["region_ons_code"]))),
                        "region_name": ";".join(regions), "ccgs": len(sub)})
    ats_out.sort(key=lambda r: r["area_team_ons_code"])

    # --- PCNs -----------------------------------------------------------------
    epcn = {f: ods.read_epcn(R(f)) for f in sorted({s[1] for s in PCN_SNAPSHOTS})}
    list_by_file = {}
    for _, _, lf in PCN_SNAPSHOTS:
        if lf:
            frame = ods.read_gp_list_size(R(lf))
            list_by_file[lf] = (dict(zip(frame["practice_code"], frame["patients"].astype(int))),
                                frame["extract_date"].iloc[0])
    pcns_out, members_rows = [], []
    for day, f, lf in PCN_SNAPSHOTS:
        e = epcn[f]
        det = e.details[[_open_on(o, c, day) for o, c in zip(e.details["open_date"], e.details["close_date"])]]
        mem = e.members[[_open_on(s, t, day) for s, t in zip(e.members["start_date"], e.members["end_date"])]]
        sizes, ls_date = list_by_file.get(lf, ({}, "")) if lf else ({}, "")
        if lf and ls_date != day:
            raise DataError([Problem(lf, None, None, "EXTRACT_DATE", f"extract date {ls_date} does not match snapshot {day}")])
        by_pcn = defaultdict(set)
        for pr, pc in zip(mem["practice_code"], mem["pcn_code"]):
            by_pcn[pc].add(pr)
        for r in det.to_dict("records"):
            prs = sorted(by_pcn.get(r["pcn_code"], ()))
            with_size = [p for p in prs if p in sizes]
            pcns_out.append({
                "pcn_code": r["pcn_code"], "pcn_name": r["pcn_name"], "as_of": day, "practices": len(prs),
                "registered_patients": sum(sizes[p] for p in with_size) if lf else None,
                "practices_with_list_size": len(with_size) if lf else None,
                "list_size_date": ls_date if lf else "", "parent_code": r["parent_code"],
                "open_date": r["open_date"], "start_date": start_of.get(code, r["open_date"]), "close_date": r["close_date"], "source_file": Path(f).name,
            })
            if day in MEMBER_SNAPSHOTS:
                for p in prs:
                    members_rows.append({"as_of": day, "pcn_code": r["pcn_code"], "practice_code": p,
                                         "registered_patients": sizes.get(p) if lf else None})
    pcns_out.sort(key=lambda r: (r["as_of"], r["pcn_code"]))
    members_rows.sort(key=lambda r: (r["as_of"], r["pcn_code"], r["practice_code"]))
    # practice names: latest name in the ePCN files (2024 > 2022 > 2019), else the Jan 2022 map
    names = {}
    for f in sorted(epcn):
        for code, nm in zip(epcn[f].members["practice_code"], epcn[f].members["practice_name"]):
            names[code] = (nm, Path(f).name)
    for code, nm in zip(pmap["practice_code"], pmap["practice_name"]):
        names.setdefault(code, (nm, "gp-reg-pat-prac-map_2022-01.csv"))
    needed = sorted({r["practice_code"] for r in members_rows})
    practices_out = [{"practice_code": c, "practice_name": names[c][0], "name_source": names[c][1]} for c in needed]
    pcn_counts_out = []
    for f, e in sorted(epcn.items()):
        as_at = EPCN_AS_AT[f]
        for day in PCN_COUNT_DATES:
            if day > as_at:
                continue
            n = sum(_open_on(o, c, day) for o, c in zip(e.details["open_date"], e.details["close_date"]))
            pcn_counts_out.append({"as_of": day, "count": n, "source_file": Path(f).name, "file_as_at": as_at})
    pcn_counts_out.sort(key=lambda r: (r["as_of"], r["source_file"]))

    # --- write ---------------------------------------------------------------
    ods_ccg_ids = "ods-eccg-2024;ods-eccg-2015-16;ods-eccg-2018-11;ods-succ-2026;ons-ccg-2013;ons-ccg-at-region-2013;openprescribing-area-teams-2013;nhsd-gp-map-2022-01;nhsd-gp-list-2021-01;nhsd-gp-list-2022-01;nhsd-gp-list-2022-05;nhsbsa-list-size-2014q2"
    tables = {
        "ccgs": (ccgs_out, ["ods", "ons", "nhsd", "nhsbsa"],
                 [ATTRIBUTION["ods"], ATTRIBUTION["ons"], *NHSD_ALL, ATTRIBUTION["nhsbsa"]],
                 "2013-04-01 to 2022-06-30 (ODS eccg extract as at 2024-07-24/2025-12-29; succ as at 2026-04-01/2026-05-03)",
                 ["ods-commissioners/eccg_2024.csv", "ods-commissioners/eccg_2015-16.csv", "ods-commissioners/eccg_2018-11.csv",
                  "ods-commissioners/succ_2026.csv", "ons-lookups-2012-2013/CCG_APR_2013.csv",
                  "ons-lookups-2012-2013/CCG13_NHSAT13_NHSCR13_EW_LU.csv", "ons-lookups-2012-2013/area_teams_2013_ods_codes.csv",
                  "gp-registered-patients/gp-reg-pat-prac-map_2022-01.csv", "gp-registered-patients/gp-reg-pat-prac-all_2021-01.csv",
                  "gp-registered-patients/gp-reg-pat-prac-all_2022-01.csv", "gp-registered-patients/gp-reg-pat-prac-all_2022-05.csv",
                  "gp-registered-patients/nhsbsa_Patient_List_Size_2014_04-06.csv"],
                 ods_ccg_ids,
                 "CCG rows of eccg_2024 (hubs RO218 and reporting entities RO327 dropped); successor from succ; name from the April 2013 ONS list, else the earliest CCG-era file; final_code follows successors; patients summed over practices by CCG_CODE."),
        "ccg_counts": (counts_out, ["ods"], [ATTRIBUTION["ods"]],
                       "each 1 April 2013-2022 (ODS eccg extract as at 2024-07-24/2025-12-29)",
                       ["ods-commissioners/eccg_2024.csv"], "ods-eccg-2024",
                       "CCG codes with start_date <= date and (no close_date or close_date >= date); start_date is the succession date for merged CCGs (13T: 2015-04-01, although ODS opens it operationally on 2014-11-26)."),
        "icb_members": (members_out, ["ods", "ons", "nhsd"],
                        [ATTRIBUTION["ods"], ATTRIBUTION["ons"], nhsd_attribution("May 2022")],
                        "ICBs of 2022-07-01; membership as recorded in the ODS eccg extract (2024-07-24/2025-12-29); ICB names December 2024",
                        ["ods-commissioners/eccg_2024.csv", "ods-commissioners/icb_names_codes_dec_2024.csv",
                         "gp-registered-patients/gp-reg-pat-prac-map_2022-01.csv", "gp-registered-patients/gp-reg-pat-prac-all_2022-05.csv"],
                        "ods-eccg-2024;ons-icb-names-2024;nhsd-gp-map-2022-01;nhsd-gp-list-2022-05",
                        "The 106 CCG codes still open in eccg_2024 with their parent ICB (column 4); ICB names from ONS; patients summed over practices by CCG_CODE (1 May 2022)."),
        "icbs": (icbs_out, ["ods", "ons", "nhsd"], [ATTRIBUTION["ods"], ATTRIBUTION["ons"], nhsd_attribution("May 2022")],
                 "ICBs of 2022-07-01 (ONS names December 2024); successors as at 2026-04-01/2026-05-03",
                 ["ods-commissioners/icb_names_codes_dec_2024.csv", "ods-commissioners/eccg_2024.csv",
                  "ods-commissioners/succ_2026.csv", "gp-registered-patients/gp-reg-pat-prac-all_2022-05.csv"],
                 "ons-icb-names-2024;ods-eccg-2024;ods-succ-2026;nhsd-gp-list-2022-05",
                 "One row per ONS ICB; sub-ICB locations and May 2022 patients summed from icb_members; successors from succ rows dated 2026-04-01."),
        "icb_changes_2026": (changes_out, ["ods", "ons"], [ATTRIBUTION["ods"], ATTRIBUTION["ons"]],
                             "effective 2026-04-01; succ extract as at 2026-04-01/2026-05-03 (provisional)",
                             ["ods-commissioners/succ_2026.csv", "ods-commissioners/icb_names_codes_dec_2024.csv"],
                             "ods-succ-2026;ons-icb-names-2024",
                             "succ rows whose predecessor is one of the 42 ICB codes, dated 2026-04-01; several successors for one predecessor mean a split."),
        "pcts_2012": (pcts_out, ["ons"], [ATTRIBUTION["ons"]], "2012", ["ons-lookups-2012-2013/PCO12_SHA12_EN_LU.csv",
                      "ons-lookups-2012-2013/PCO_2012.csv"], "ons-pco-2012;ons-pco-sha-2012",
                      "ONS PCO12 to SHA12 lookup as published; PCTs listed under two SHAs are marked straddles=yes."),
        "shas_2012": (shas_out, ["ons"], [ATTRIBUTION["ons"]], "2012", ["ons-lookups-2012-2013/SHA_2012.csv",
                      "ons-lookups-2012-2013/PCO12_SHA12_EN_LU.csv"], "ons-sha-2012;ons-pco-sha-2012",
                      "ONS SHA12 names and codes; pcts counted from the PCO12-SHA12 lookup."),
        "area_teams_2013": (ats_out, ["ons", "openprescribing"], [ATTRIBUTION["ons"]], "April 2013",
                            ["ons-lookups-2012-2013/area_teams_2013_ods_codes.csv",
                             "ons-lookups-2012-2013/CCG13_NHSAT13_NHSCR13_EW_LU.csv"], "ons-nhsat-2013;ons-ccg-at-region-2013;openprescribing-area-teams-2013",
                            "ONS area-team units (London is one unit) with ODS codes from the OpenPrescribing join file; CCGs counted from the ONS CCG13 lookup."),
        "pcns": (pcns_out, ["ods", "nhsd"], [ATTRIBUTION["ods"], *NHSD_ALL],
                 "snapshots 2019-12-01, 2021-01-01, 2022-01-01, 2022-05-01, 2024-10-01",
                 sorted({s[1] for s in PCN_SNAPSHOTS}) + [s[2] for s in PCN_SNAPSHOTS if s[2]],
                 "ods-epcn-2019-12;ods-epcn-2022-05;ods-epcn-2024-10;nhsd-gp-list-2021-01;nhsd-gp-list-2022-01;nhsd-gp-list-2022-05",
                 "PCNs open on the date (open_date <= date <= close_date) in the ePCN file; core member practices whose relationship covers the date; 2021-01-01 and 2022-01-01 rebuilt from the May 2022 file; list sizes joined by practice code on the same date."),
        "pcn_practices": (members_rows, ["ods", "nhsd"], [ATTRIBUTION["ods"], nhsd_attribution("May 2022")],
                          "2022-05-01 and 2024-10-01", ["pcn/ePCN_2022-05.xlsx", "pcn/ePCN_2024-10.xlsx",
                                                        "gp-registered-patients/gp-reg-pat-prac-all_2022-05.csv"],
                          "ods-epcn-2022-05;ods-epcn-2024-10;nhsd-gp-list-2022-05",
                          "Members as in pcns.csv for the two dates; registered_patients only for 2022-05-01."),
        "practices": (practices_out, ["ods", "nhsd"], [ATTRIBUTION["ods"], nhsd_attribution("January 2022")],
                      "latest name in the ePCN files (2019-12, 2022-05, 2024-10) or the January 2022 map",
                      ["pcn/ePCN_2019-12.xlsx", "pcn/ePCN_2022-05.xlsx", "pcn/ePCN_2024-10.xlsx",
                       "gp-registered-patients/gp-reg-pat-prac-map_2022-01.csv"],
                      "ods-epcn-2019-12;ods-epcn-2022-05;ods-epcn-2024-10;nhsd-gp-map-2022-01",
                      "Practice codes in pcn_practices.csv with their name."),
        "pcn_counts": (pcn_counts_out, ["ods"], [ATTRIBUTION["ods"]], "dates up to each file's own as-at date",
                       [s for s in sorted(epcn)], "ods-epcn-2019-12;ods-epcn-2022-05;ods-epcn-2024-10",
                       "PCNs with open_date <= date and (no close_date or close_date >= date), counted separately in each ePCN file (later files revise earlier records)."),
    }
    counts: dict[str, int] = {}
    meta_rows = []
    for name, (rows, pubs, attrs, as_at, inputs, source_ids, method) in tables.items():
        table = DERIVED_TABLES[name]
        write_csv(out / table.file, table, [{k: (_fmt_int(v) if isinstance(v, (int,)) and not isinstance(v, bool) else v)
                                             for k, v in r.items()} for r in rows])
        counts[name] = len(rows)
        meta_rows.append({
            "table": name, "file": table.file, "rows": len(rows),
            "publisher": "; ".join(PUBLISHER[p] for p in pubs), "licence": "Open Government Licence v3.0",
            "attribution": " | ".join(attrs), "as_at": as_at,
            "inputs": "; ".join(f"{i} (sha256 {RAW_FILES[i]})" for i in inputs),
            "source_ids": source_ids, "method": method,
        })
    write_csv(out / "METADATA.csv", DERIVED_TABLES["metadata"], meta_rows)
    counts["metadata"] = len(meta_rows)
    return counts


README_INTRO = """## derived/ (tables derived from the official organisation files)
Derived from the raw official files in `../shared/data-raw/` (described in its `PROVENANCE.md`;
never copied into the project) by one command, run from the repository root:

    .venv/bin/python -m helpers.derive              # reads ../shared/data-raw, writes data/derived/
    .venv/bin/python -m helpers.derive --raw PATH   # another copy of the raw files (or set $JUC_DATA_RAW)
    .venv/bin/python -m helpers.derive --check      # derive into a temporary folder and compare
    .venv/bin/python -m helpers.derive --readme     # print this section (generated from the schemas)

Before reading, the command checks each raw file's SHA-256 prefix against `PROVENANCE.md`, so a
changed raw file stops it. Output is deterministic (sorted rows, whole numbers, `\\n` line
endings); `tests/test_ods_derive.py` re-derives every table and fails if a committed table differs.
Each table is plain CSV with a header row. `derived/METADATA.csv` gives, for every table, its
publisher(s), licence, the attribution line(s) to print beside it, its "as at" date, the raw inputs
(with SHA-256 prefixes), the `source_ids` in `sources.csv` and the method. Loaders (schema-checked,
cached): `helpers.ods.load_ccgs()`, `load_ccg_counts()`, `load_icb_members()`, `load_icbs()`,
`load_icb_changes_2026()`, `load_pcts_2012()`, `load_shas_2012()`, `load_area_teams_2013()`,
`load_pcns()`, `load_pcn_practices()`, `load_practices()`, `load_pcn_counts()`, `load_metadata()`.
Codes are ODS codes (upper case); dates are ISO `YYYY-MM-DD` dates of record in the files.

Limits, in short: ODS files carry no extract date, so each "as at" is a window (PROVENANCE.md);
ODS open dates are operational dates (13T Newcastle Gateshead opens 2014-11-26, although its
predecessors' succession is dated 2015-04-01); the 106 CCG codes open in 2022 have no close date
because each carried on as a sub-ICB location when the ICBs were established; ICB membership is
as recorded in the late-2024 ODS extract (it agrees with the ONS April 2023 sub-ICB names); no
PCT-to-CCG lookup was found, so which CCGs covered which PCT areas is not derived; the 2026 ICB
successions are provisional (ODS records them; other sources may not yet confirm them); PCN
membership on 2021-01-01 and 2022-01-01 is rebuilt from the May 2022 ePCN file's start and end
dates; list sizes come only from NHS Digital files with the same extract date as the snapshot.
"""


def readme_section(folder=None) -> str:
    """The data/README.md section for the derived tables, generated from the schemas."""
    rows = {}
    try:
        meta = ods.load_metadata(folder)
        rows = dict(zip(meta["table"], meta["rows"]))
    except DataError:
        pass
    out = [README_INTRO]
    for name, t in DERIVED_TABLES.items():
        n = rows.get(name, "")
        out.append(f"### derived/{t.file}")
        out.append(f"{t.doc} Rows: {n}. Key: {', '.join(DERIVED_KEYS[name])}.")
        out.append("")
        out.append("| column | kind | required | meaning |")
        out.append("|---|---|---|---|")
        for c in t.columns:
            kind = c.kind if c.kind != "category" else "category: " + ", ".join(f"`{a}`" for a in c.allowed)
            out.append(f"| {c.name} | {kind} | {'yes' if c.required else 'no'} | {c.doc} |")
        out.append("")
    return "\n".join(out)


def compare(a: Path, b: Path) -> list[str]:
    """Names of derived files that differ between two folders (missing counts as different)."""
    diffs = []
    for t in DERIVED_TABLES.values():
        pa, pb = Path(a) / t.file, Path(b) / t.file
        if not pa.exists() or not pb.exists() or pa.read_bytes() != pb.read_bytes():
            diffs.append(t.file)
    return diffs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m helpers.derive", description=__doc__.split("\n\n")[0])
    ap.add_argument("--raw", help=f"raw data folder (default ${ods.RAW_ENV} or ../shared/data-raw)")
    ap.add_argument("--out", help="output folder (default data/derived)")
    ap.add_argument("--check", action="store_true", help="derive into a temporary folder and compare with data/derived")
    ap.add_argument("--readme", action="store_true", help="print the data/README.md section for the derived tables")
    args = ap.parse_args(argv)
    if args.readme:
        print(readme_section(args.out))
        return 0
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                derive(args.raw, tmp)
                diffs = compare(Path(tmp), Path(args.out) if args.out else ods.DERIVED_DIR)
            if diffs:
                print("derived tables differ from a fresh derivation: " + ", ".join(diffs))
                return 1
            print("derived tables match a fresh derivation")
            return 0
        counts = derive(args.raw, args.out)
    except (DataError, FileNotFoundError) as exc:
        print(f"derivation failed: {exc}", file=sys.stderr)
        return 2
    for name, n in counts.items():
        print(f"{DERIVED_TABLES[name].file:24s} {n:6d} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
