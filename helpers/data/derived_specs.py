"""The schemas of the derived tables in ``data/derived/``, in one place.

Both sides use them: the derivation (:mod:`helpers.data.derive`) writes each table with these
columns, and the loaders (:mod:`helpers.data.ods.derived`) check each committed table against
them. ``DERIVED_KEYS`` gives the columns that identify a row (checked for duplicates on load).
"""

from __future__ import annotations

import re as _re

from .schema import Column, Table

_ISO = _re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


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
        C("review_by", doc="the day by which to check the successions again (python3 run.py review)"),
    ), (_iso("effective_date", "as_of", "review_by"),)),
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
    ), (_codes(r"^U[0-9]{5}$", "pcn_code", what="PCN code"), _iso("as_of", "list_size_date", "open_date", "close_date"))),
    _T("pcn_practices", "pcn_practices.csv", "PCN core member practices on selected snapshot dates.", (
        C("as_of", doc="snapshot date"), C("pcn_code", doc="ODS PCN code"), C("practice_code", doc="ODS practice code"),
        C("registered_patients", "int", required=False, doc="empty where no list-size file matches the date or the practice has none"),
    ), (_codes(r"^U[0-9]{5}$", "pcn_code", what="PCN code"), _codes(r"^[A-Z][0-9]{5}$", "practice_code", what="practice code"),
        _iso("as_of"))),
    _T("practices", "practices.csv", "Names of the practices in pcn_practices.csv (latest name in the files).", (
        C("practice_code", doc="ODS practice code"), C("practice_name", doc="as written in the file"), C("name_source", doc="the file the name comes from"),
    ), (_codes(r"^[A-Z][0-9]{5}$", "practice_code", what="practice code"),)),
    _T("pcn_counts", "pcn_counts.csv", "PCNs open on a date, according to each ODS ePCN file.", (
        C("as_of", doc="date counted"), C("count", "int", doc="PCNs open that day in this file"), C("source_file", doc="the ePCN file"), C("file_as_at", doc="the file's own latest date"),
    ), (_iso("as_of", "file_as_at"),)),
    _T("practice_history", "practice_history.csv", "Each practice's list size and the bodies it belonged to, at each date the official files cover (one practice's story, notebook 08).", (
        C("practice_code", doc="ODS practice code"), C("as_of", doc="the date the file describes (2014-04-01 stands for April-June 2014)"),
        C("kind", "category", allowed=("practice", "ccg", "icb", "pcn"),
          doc="practice (its latest name), or the body it belonged to on that date: CCG, ICB, PCN"),
        C("code", doc="ODS code of the practice or body (for a split ICB in 2026, the old code)"),
        C("name", required=False, doc="practice rows: the practice's latest name; a split ICB in 2026: 'split between N ICBs'; otherwise empty (the names are in ccgs, icbs and pcns)"),
        C("registered_patients", "int", required=False, doc="CCG rows: the practice's registered patients in that file (NHSBSA in 2014, a different series)"),
        C("source", doc="the source ids (sources.csv) of the files the row comes from, ';'-separated"),
    ), (_codes(r"^[A-Z][0-9]{5}$", "practice_code", what="practice code"), _iso("as_of"))),
    _T("map_ccgs_2021", "map_ccgs_2021.geojson", "Map layer (GeoJSON; these are each feature's properties): the 106 CCGs of April 2021 and the ICB each became.", (
        C("code", doc="ODS CCG code (the sub-ICB location code from July 2022)"), C("name", doc="ONS name, April 2021"),
        C("ons_code", doc="ONS E38 code, April 2021"), C("icb_code", doc="the ICB of July 2022 (ODS)"), C("icb_name", doc="its ONS name"),
        C("shade", "int", doc="map colouring by ICB: neighbouring ICBs never share a shade (0-5)"),
        C("label_lon", "float", doc="longitude of a point inside the area, for its label"), C("label_lat", "float", doc="latitude of that point"),
    ), (_codes(CCG_CODE, "code", what="CCG code"), _codes(r"^Q[0-9A-Z]{2}$", "icb_code", what="ICB code"))),
    _T("map_icbs_2022", "map_icbs_2022.geojson", "Map layer (GeoJSON): the 42 ICBs of July 2022, dissolved from the April 2023 sub-ICB locations.", (
        C("code", doc="ODS ICB code"), C("name", doc="ONS name"), C("sub_icb_locations", "int", doc="sub-ICB locations dissolved into it"),
        C("shade", "int", doc="map colouring: neighbours never share a shade (0-5)"),
        C("label_lon", "float", doc="longitude of a point inside the area, for its label"), C("label_lat", "float", doc="latitude of that point"),
    ), (_codes(r"^Q[0-9A-Z]{2}$", "code", what="ICB code"),)),
    _T("map_icbs_2026", "map_icbs_2026.geojson", "Map layer (GeoJSON): the ICBs after the 1 April 2026 successions (provisional), dissolved from the April 2023 sub-ICB locations.", (
        C("code", doc="the ODS code of the ICB from 1 April 2026 (the old code where it did not change, or where the area is a split one)"),
        C("name", required=False, doc="ONS name where the code is an ICB of 2022; empty for the new codes (ODS gives them no name; see icb_footprints_2026.csv)"),
        C("status", "category", allowed=("unchanged", "merged", "enlarged", "split"),
          doc="unchanged; merged (a new code); enlarged (an existing ICB taking part of a split one); split (an ICB divided across sub-ICB lines, drawn whole)"),
        C("from_codes", doc="the ICBs of 2022 it was made from, ';'-separated"),
        C("shade", "int", doc="map colouring: neighbours never share a shade (0-5)"),
        C("label_lon", "float", doc="longitude of a point inside the area, for its label"), C("label_lat", "float", doc="latitude of that point"),
    ), ()),
    _T("metadata", "METADATA.csv", "Publisher, licence, attribution and 'as at' of every derived table.", (
        C("table", doc="derived table"), C("file", doc="its file in data/derived/"), C("rows", "int", doc="data rows"), C("publisher", doc="publishers of the inputs"), C("licence", doc="licence of the inputs"), C("attribution", doc="attribution lines to print, separated by ' | '"),
        C("as_at", doc="the date or window the table describes"), C("inputs", doc="raw files read, with SHA-256 prefixes"), C("source_ids", doc="ids in sources.csv, separated by ';'"), C("method", doc="how the table is built"),
        C("sha256", doc="SHA-256 prefix of the file as the derivation wrote it: a file that still matches is loaded without re-checking every cell; any other is checked in full"),
    ), ()),
)}

#: The columns that together identify a row of each derived table (checked by the loaders).
DERIVED_KEYS: dict[str, tuple[str, ...]] = {
    "ccgs": ("code",), "ccg_counts": ("as_of",), "icb_members": ("sub_icb_code",), "icbs": ("icb_code",),
    "icb_changes_2026": ("predecessor_code", "successor_code"), "pcts_2012": ("pct_code", "sha_code"),
    "shas_2012": ("sha_code",), "area_teams_2013": ("area_team_ons_code",), "pcns": ("pcn_code", "as_of"),
    "pcn_practices": ("as_of", "pcn_code", "practice_code"), "practices": ("practice_code",),
    "pcn_counts": ("as_of", "source_file"), "metadata": ("table",),
    "practice_history": ("practice_code", "as_of", "kind", "code"), "map_ccgs_2021": ("code",), "map_icbs_2022": ("code",), "map_icbs_2026": ("code",),
}
