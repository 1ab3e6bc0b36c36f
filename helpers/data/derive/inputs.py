"""The raw official files a derivation reads: their checksums, publishers and attribution lines,
and :class:`Raw`, which reads each file once (strictly, with the readers in
:mod:`helpers.data.ods`) when a step first asks for it."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from .. import ods
from ..schema import DataError, Problem

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
    "boundaries/Clinical_Commissioning_Groups_(April_2021)_EN_BUC.geojson": "af412f78220b2486",
    "boundaries/Integrated_Care_Boards_April_2023_EN_BSC.geojson": "dbf43e2be7835a2f",
    "boundaries/Sub_ICB_Locations_April_2023_EN_BSC.geojson": "4e32713c211df5d9",
    "boundaries/NHS_England_Regions_January_2024_EN_BSC.geojson": "335a2874318342a8",
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
                "(update PROVENANCE.md and RAW_FILES in helpers/data/derive/inputs.py only after checking the new file)"))
    if problems:
        raise DataError(problems)


LIST_SIZE_MONTHS = ("2021-01", "2022-01", "2022-05")


class Raw:
    """The raw files under one folder, each read (and checked) once, on first use."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, rel: str) -> Path:
        return self.folder / rel

    @functools.cached_property
    def eccg24(self):
        return ods.read_ods_standard(self.path("ods-commissioners/eccg_2024.csv"))

    @functools.cached_property
    def eccg15(self):
        return ods.read_ods_standard(self.path("ods-commissioners/eccg_2015-16.csv"))

    @functools.cached_property
    def eccg18(self):
        return ods.read_ods_standard(self.path("ods-commissioners/eccg_2018-11.csv"))

    @functools.cached_property
    def succ(self):
        return ods.read_successors(self.path("ods-commissioners/succ_2026.csv"))

    @functools.cached_property
    def icb_names(self):
        return ods.read_icb_names(self.path("ods-commissioners/icb_names_codes_dec_2024.csv"))

    @functools.cached_property
    def lookups(self) -> dict:
        return {k: ods.read_ons_lookup(self.path(f"ons-lookups-2012-2013/{f}"), k)
                for k, f in ods.ONS_LOOKUP_FILES.items()}

    @functools.cached_property
    def list_sizes(self) -> dict:
        """NHS Digital practice list sizes by month (``"2021-01"`` ...)."""
        return {d: ods.read_gp_list_size(self.path(f"gp-registered-patients/gp-reg-pat-prac-all_{d}.csv"))
                for d in LIST_SIZE_MONTHS}

    @functools.cached_property
    def practice_map(self):
        return ods.read_gp_practice_map(self.path("gp-registered-patients/gp-reg-pat-prac-map_2022-01.csv"))

    @functools.cached_property
    def nhsbsa(self):
        return ods.read_nhsbsa_list_size(self.path("gp-registered-patients/nhsbsa_Patient_List_Size_2014_04-06.csv"))

    @functools.cached_property
    def epcn(self) -> dict:
        """Every ePCN workbook the PCN snapshots use, by relative path."""
        return {f: ods.read_epcn(self.path(f)) for f in sorted({s[1] for s in PCN_SNAPSHOTS})}
