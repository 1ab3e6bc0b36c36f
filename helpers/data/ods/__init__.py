"""Readers for the raw official organisation files in ``../shared/data-raw/``.

Each reader checks its file strictly and returns a pandas DataFrame of text
columns with stable, lower-case names (dates converted to ISO ``YYYY-MM-DD``).
Anything malformed raises :class:`helpers.data.schema.DataError` listing every
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
``read_boundaries``     an ONS boundary file (GeoJSON, WGS84), for the map layers

The derived tables built from these files (``python -m helpers.data.derive``) have
their own schema-checked loaders in ``derived``
(``load_ccgs()``, ``load_icb_members()``, ``load_pcns()``, ...).

Modules: ``fields`` (shared checks), ``files`` (CSV readers), ``epcn``, ``ord`` and ``derived``.
"""

from __future__ import annotations

from .fields import (  # noqa: F401
    ROOT, RAW_ENV, raw_dir, CODE_ODS, CODE_SUCC, CODE_PCN,
    CODE_PRACTICE, CODE_REGION, CODE_AREA_TEAM, CODE_ICB, ons_code, yyyymmdd_to_iso,
    ddmonyyyy_to_iso, Field, RowChecks,
)
from .files import (  # noqa: F401
    ODS_STANDARD, read_ods_standard, SUCC_FIELDS, read_successors, ICB_NAMES_HEADER, read_icb_names,
    ONS_LOOKUPS, ONS_LOOKUP_FILES, read_ons_lookup, GP_LIST_SIZE_HEADER, read_gp_list_size, GP_MAP_HEADER,
    read_gp_practice_map, NHSBSA_BANDS, NHSBSA_HEADER, read_nhsbsa_list_size,
)
from .epcn import (  # noqa: F401
    EPCN_DETAILS, EPCN_MEMBERS, EPCN_SHEETS, EPCN, read_epcn,
)
from .boundaries import (  # noqa: F401
    BOUNDARY_FILES, read_boundaries, geometry_problem,
)
from .ord import (  # noqa: F401
    parse_ord, read_ord_json,
)
from .derived import (  # noqa: F401
    DERIVED_DIR, load_derived, clear_cache, load_ccgs, load_ccg_counts, load_icb_members,
    load_icbs, load_icb_changes_2026, load_pcts_2012, load_shas_2012, load_area_teams_2013, load_pcns,
    load_pcn_practices, load_practices, load_pcn_counts, load_metadata, load_map, load_practice_history, EPCN_SOURCE_IDS, CCG_ERA,
    ICB_ERA_START, SUCC_AS_AT, PCN_DES_START, FIRST_PCN_RELEASE, derived_count, derived_count_for,
    load_all_derived,
)
