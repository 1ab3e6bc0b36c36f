"""The derivation as a list of steps: one per derived table, each naming its build function, the
raw files it reads, its sources, publishers, attribution lines, "as at" date and method (all
written to ``data/derived/METADATA.csv``). Adding a table is adding one :class:`Step`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import commissioners as cm
from . import history, legacy, maps, pcns
from .context import Context
from .inputs import ATTRIBUTION, NHSD_ALL, PCN_SNAPSHOTS, nhsd_attribution


@dataclass(frozen=True)
class Step:
    table: str                       # name in DERIVED_TABLES
    build: Callable[[Context], list[dict]]
    publishers: tuple[str, ...]      # keys of PUBLISHER
    attribution: tuple[str, ...]     # the licence lines to print beside the table
    as_at: str
    inputs: tuple[str, ...]          # raw files (keys of RAW_FILES)
    source_ids: str                  # ids in sources.csv, ';'-separated
    method: str


_ECCG, _SUCC = "ods-commissioners/eccg_2024.csv", "ods-commissioners/succ_2026.csv"
_ICB_NAMES = "ods-commissioners/icb_names_codes_dec_2024.csv"
_MAP22 = "gp-registered-patients/gp-reg-pat-prac-map_2022-01.csv"
_LIST22_05 = "gp-registered-patients/gp-reg-pat-prac-all_2022-05.csv"
_EPCN_FILES = tuple(sorted({s[1] for s in PCN_SNAPSHOTS}))
_CCG21 = "boundaries/Clinical_Commissioning_Groups_(April_2021)_EN_BUC.geojson"
_SUB23 = "boundaries/Sub_ICB_Locations_April_2023_EN_BSC.geojson"
_OS = "Contains OS data \u00a9 Crown copyright and database right {year}."
_MAP_METHOD = ("Simplified as a coverage with shapely's coverage_simplify (tolerance {tol} degrees; shared borders stay "
               "shared), dissolved with coverage_union_all, rounded to 3 decimal places; shade is a map colouring "
               "(neighbours never share one).")

STEPS: tuple[Step, ...] = (
    Step("ccgs", cm.ccgs, ("ods", "ons", "nhsd", "nhsbsa"),
         (ATTRIBUTION["ods"], ATTRIBUTION["ons"], *NHSD_ALL, ATTRIBUTION["nhsbsa"]),
         "2013-04-01 to 2022-06-30 (ODS eccg extract as at 2024-07-24/2025-12-29; succ as at 2026-04-01/2026-05-03)",
         (_ECCG, "ods-commissioners/eccg_2015-16.csv", "ods-commissioners/eccg_2018-11.csv",
          _SUCC, "ons-lookups-2012-2013/CCG_APR_2013.csv",
          "ons-lookups-2012-2013/CCG13_NHSAT13_NHSCR13_EW_LU.csv", "ons-lookups-2012-2013/area_teams_2013_ods_codes.csv",
          _MAP22, "gp-registered-patients/gp-reg-pat-prac-all_2021-01.csv",
          "gp-registered-patients/gp-reg-pat-prac-all_2022-01.csv", _LIST22_05,
          "gp-registered-patients/nhsbsa_Patient_List_Size_2014_04-06.csv"),
         "ods-eccg-2024;ods-eccg-2015-16;ods-eccg-2018-11;ods-succ-2026;ons-ccg-2013;ons-ccg-at-region-2013;"
         "openprescribing-area-teams-2013;nhsd-gp-map-2022-01;nhsd-gp-list-2021-01;nhsd-gp-list-2022-01;"
         "nhsd-gp-list-2022-05;nhsbsa-list-size-2014q2",
         "CCG rows of eccg_2024 (hubs RO218 and reporting entities RO327 dropped); successor from succ; name from the "
         "April 2013 ONS list, else the earliest CCG-era file; final_code follows successors; patients summed over "
         "practices by CCG_CODE."),
    Step("ccg_counts", cm.ccg_counts, ("ods",), (ATTRIBUTION["ods"],),
         "each 1 April 2013-2022 (ODS eccg extract as at 2024-07-24/2025-12-29)", (_ECCG,), "ods-eccg-2024",
         "CCG codes with start_date <= date and (no close_date or close_date >= date); start_date is the succession "
         "date for merged CCGs (13T: 2015-04-01, although ODS opens it operationally on 2014-11-26)."),
    Step("icb_members", cm.icb_members, ("ods", "ons", "nhsd"),
         (ATTRIBUTION["ods"], ATTRIBUTION["ons"], nhsd_attribution("May 2022")),
         "ICBs of 2022-07-01; membership as recorded in the ODS eccg extract (2024-07-24/2025-12-29); ICB names December 2024",
         (_ECCG, _ICB_NAMES, _MAP22, _LIST22_05),
         "ods-eccg-2024;ons-icb-names-2024;nhsd-gp-map-2022-01;nhsd-gp-list-2022-05",
         "The 106 CCG codes still open in eccg_2024 with their parent ICB (column 4); ICB names from ONS; patients "
         "summed over practices by CCG_CODE (1 May 2022)."),
    Step("icbs", cm.icbs, ("ods", "ons", "nhsd"), (ATTRIBUTION["ods"], ATTRIBUTION["ons"], nhsd_attribution("May 2022")),
         "ICBs of 2022-07-01 (ONS names December 2024); successors as at 2026-04-01/2026-05-03",
         (_ICB_NAMES, _ECCG, _SUCC, _LIST22_05),
         "ons-icb-names-2024;ods-eccg-2024;ods-succ-2026;nhsd-gp-list-2022-05",
         "One row per ONS ICB; sub-ICB locations and May 2022 patients summed from icb_members; successors from succ "
         "rows dated 2026-04-01."),
    Step("icb_changes_2026", cm.icb_changes_2026, ("ods", "ons"), (ATTRIBUTION["ods"], ATTRIBUTION["ons"]),
         "effective 2026-04-01; succ extract as at 2026-04-01/2026-05-03 (provisional)", (_SUCC, _ICB_NAMES),
         "ods-succ-2026;ons-icb-names-2024",
         "succ rows whose predecessor is one of the 42 ICB codes, dated 2026-04-01; several successors for one "
         "predecessor mean a split."),
    Step("pcts_2012", legacy.pcts_2012, ("ons",), (ATTRIBUTION["ons"],), "2012",
         ("ons-lookups-2012-2013/PCO12_SHA12_EN_LU.csv", "ons-lookups-2012-2013/PCO_2012.csv"),
         "ons-pco-2012;ons-pco-sha-2012",
         "ONS PCO12 to SHA12 lookup as published; PCTs listed under two SHAs are marked straddles=yes."),
    Step("shas_2012", legacy.shas_2012, ("ons",), (ATTRIBUTION["ons"],), "2012",
         ("ons-lookups-2012-2013/SHA_2012.csv", "ons-lookups-2012-2013/PCO12_SHA12_EN_LU.csv"),
         "ons-sha-2012;ons-pco-sha-2012", "ONS SHA12 names and codes; pcts counted from the PCO12-SHA12 lookup."),
    Step("area_teams_2013", legacy.area_teams_2013, ("ons", "openprescribing"), (ATTRIBUTION["ons"],), "April 2013",
         ("ons-lookups-2012-2013/area_teams_2013_ods_codes.csv", "ons-lookups-2012-2013/CCG13_NHSAT13_NHSCR13_EW_LU.csv"),
         "ons-nhsat-2013;ons-ccg-at-region-2013;openprescribing-area-teams-2013",
         "ONS area-team units (London is one unit) with ODS codes from the OpenPrescribing join file; CCGs counted "
         "from the ONS CCG13 lookup."),
    Step("pcns", pcns.pcns, ("ods", "nhsd"), (ATTRIBUTION["ods"], *NHSD_ALL),
         "snapshots 2019-12-01, 2021-01-01, 2022-01-01, 2022-05-01, 2024-10-01",
         _EPCN_FILES + tuple(s[2] for s in PCN_SNAPSHOTS if s[2]),
         "ods-epcn-2019-12;ods-epcn-2022-05;ods-epcn-2024-10;nhsd-gp-list-2021-01;nhsd-gp-list-2022-01;nhsd-gp-list-2022-05",
         "PCNs open on the date (open_date <= date <= close_date) in the ePCN file; core member practices whose "
         "relationship covers the date; 2021-01-01 and 2022-01-01 rebuilt from the May 2022 file; list sizes joined "
         "by practice code on the same date."),
    Step("pcn_practices", pcns.pcn_practices, ("ods", "nhsd"), (ATTRIBUTION["ods"], nhsd_attribution("May 2022")),
         "2022-05-01 and 2024-10-01", ("pcn/ePCN_2022-05.xlsx", "pcn/ePCN_2024-10.xlsx", _LIST22_05),
         "ods-epcn-2022-05;ods-epcn-2024-10;nhsd-gp-list-2022-05",
         "Members as in pcns.csv for the two dates; registered_patients only for 2022-05-01."),
    Step("practices", pcns.practices, ("ods", "nhsd"), (ATTRIBUTION["ods"], nhsd_attribution("January 2022")),
         "latest name in the ePCN files (2019-12, 2022-05, 2024-10) or the January 2022 map",
         _EPCN_FILES + (_MAP22,),
         "ods-epcn-2019-12;ods-epcn-2022-05;ods-epcn-2024-10;nhsd-gp-map-2022-01",
         "Practice codes in pcn_practices.csv with their name."),
    Step("practice_history", history.practice_history, ("nhsbsa", "nhsd", "ods"),
         (ATTRIBUTION["nhsbsa"], *NHSD_ALL, ATTRIBUTION["ods"]),
         "2014-04-01 (April-June 2014) to 2026-04-01 (provisional), at the dates of the files",
         ("gp-registered-patients/nhsbsa_Patient_List_Size_2014_04-06.csv", "gp-registered-patients/gp-reg-pat-prac-all_2021-01.csv",
          "gp-registered-patients/gp-reg-pat-prac-all_2022-01.csv", _LIST22_05, _MAP22) + _EPCN_FILES + (_ECCG, _SUCC),
         "nhsbsa-list-size-2014q2;nhsd-gp-list-2021-01;nhsd-gp-list-2022-01;nhsd-gp-list-2022-05;nhsd-gp-map-2022-01;"
         "ods-epcn-2019-12;ods-epcn-2022-05;ods-epcn-2024-10;ods-eccg-2024;ods-succ-2026",
         "One row per practice, date and kind: list sizes and CCGs from the NHSBSA (2014) and NHS Digital files; PCN "
         "membership covering the date in each ePCN file; the ICB of 1 July 2022 from the May 2022 CCG (ODS parent); "
         "sub-ICB location and ICB from the October 2024 ePCN parent; the 2026 ICB from the successions (as the map)."),
    Step("map_ccgs_2021", maps.map_ccgs_2021, ("ons", "ods"),
         (ATTRIBUTION["ons"], _OS.format(year=2021), ATTRIBUTION["ods"]), "CCGs of April 2021; ICBs of 1 July 2022",
         (_CCG21, _SUB23, _ECCG, _ICB_NAMES), "ons-ccg-boundaries-2021;ons-sub-icb-boundaries-2023;ods-eccg-2024;ons-icb-names-2024",
         "ONS CCG (April 2021) BUC boundaries; ODS code from the CCG register's ONS code or the April 2023 sub-ICB "
         "location with the same E38 code; ICB from icb_members. " + _MAP_METHOD.format(tol=maps.TOLERANCE["ccg_2021"])),
    Step("map_icbs_2022", maps.map_icbs_2022, ("ons", "ods"),
         (ATTRIBUTION["ons"], _OS.format(year=2023), ATTRIBUTION["ods"]), "ICBs of 1 July 2022, drawn on the April 2023 sub-ICB boundaries",
         (_SUB23, _ECCG, _ICB_NAMES), "ons-sub-icb-boundaries-2023;ods-eccg-2024;ons-icb-names-2024",
         "ONS sub-ICB location (April 2023) BSC boundaries, dissolved by the ODS parent ICB (icb_members). "
         + _MAP_METHOD.format(tol=maps.TOLERANCE["sub_icb_2023"])),
    Step("map_icbs_2026", maps.map_icbs_2026, ("ons", "ods"),
         (ATTRIBUTION["ons"], _OS.format(year=2023), ATTRIBUTION["ods"]),
         "after the successions of 1 April 2026 (provisional; succ as at 2026-04-01/2026-05-03)",
         (_SUB23, _ECCG, _SUCC, _ICB_NAMES), "ons-sub-icb-boundaries-2023;ods-succ-2026;ods-eccg-2024;nhse-east-of-england-changes-2026",
         "Sub-ICB locations dissolved by their ICB's 2026 successor (succ); a split ICB's sub-ICB locations go by the "
         "footprints' parts_from_split (data/icb_footprints_2026.csv); Frimley (split across sub-ICB lines) is kept "
         "whole and marked split. " + _MAP_METHOD.format(tol=maps.TOLERANCE["sub_icb_2023"])),
    Step("pcn_counts", pcns.pcn_counts, ("ods",), (ATTRIBUTION["ods"],), "dates up to each file's own as-at date",
         _EPCN_FILES, "ods-epcn-2019-12;ods-epcn-2022-05;ods-epcn-2024-10",
         "PCNs with open_date <= date and (no close_date or close_date >= date), counted separately in each ePCN file "
         "(later files revise earlier records)."),
)
