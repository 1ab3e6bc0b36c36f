"""The data layer: every table in ``data/``, read once, validated and cached.

Loaders for every table in ``data/``: read once, validate, cache.

Each table has one loader (``load_sources()``, ``load_events()``, ...). A loader
reads the CSV strictly (UTF-8, the exact expected header), checks every cell
against the table's schema (see :mod:`helpers.data.schema`), checks that ids are
unique and that every reference points at a real row in the table it names,
and raises :class:`DataError` listing every problem with its file, row, column
and cause. Nothing is dropped or repaired silently.

Results are cached per data folder: the first call reads and validates, later
calls return a fresh copy of the cached frame. ``data_dir`` lets tests point a
loader at a folder of their own.

Modules: ``schema`` (the Table/Column machinery and the strict text reader), ``tables`` (the
schema of every curated table), ``loaders`` (one loader per table), ``ods`` (readers of the raw
official files and loaders of the derived tables), ``derived_specs`` (the derived tables'
schemas, shared by the readers and the derivation) and ``derive`` (the derivation, one step per
table). Nothing here imports the views or the publishing tools.
"""

from __future__ import annotations

from .tables import (  # noqa: F401
    DATA_DIR, SOURCE_KINDS, ERA_IDS, EVENT_CATEGORIES, ORG_TYPES, STAKEHOLDER_GROUPS,
    SPEECH, THEME_ORIGINS, POSITION_AXES, SOURCES, ERAS, EVENTS,
    ORG_COUNTS, GLOSSARY, QUIZ, STAKEHOLDERS, THEMES, ARGUMENTS,
    POSITIONS, ERA_NOTEBOOKS, STRUCTURE_LAYERS, STRUCTURE_KINDS, STRUCTURE_RELATIONS, PRACTICE_ASPECTS,
    EVIDENCE_TYPES, COCOMMISSIONING_LEVELS, STRUCTURE_ERAS, STRUCTURES, STRUCTURE_LINKS, PRACTICE_VIEW,
    EVIDENCE, PIONEERS, VANGUARD_TYPES, COCOMMISSIONING, POLICY_FIGURES, EXCERPTS,
    PRACTICE_ASPECTS_NOW, PRACTICE_ARRANGEMENTS, ICB_FOOTPRINTS_2026, ROUTE_IDS, ROUTES, TABLES,
    CAPABILITIES, TOPIC_GUIDES, CURRICULUM, CHANGES, NOTEBOOK_NAMES, QUIZ_STYLES, CHANGE_KINDS,
)
from .loaders import (  # noqa: F401
    read_rows, validate_rows, to_frame, _label, _load, load,
    clear_cache, on_clear, load_all, load_sources, load_eras, load_events, load_org_counts,
    load_glossary, load_quiz, load_stakeholders, load_themes, load_arguments, load_positions,
    load_structure_eras, load_structures, load_structure_links, load_practice_view, load_evidence, load_pioneers,
    load_vanguard_types, load_cocommissioning, load_policy_figures, load_excerpts,
    load_practice_arrangements, load_icb_footprints_2026, load_routes,
    load_capabilities, load_topic_guides, load_curriculum, load_changes, load_plans,
)

from .schema import Column, DataError, Problem, Table  # noqa: F401,E402  (callers catch data.DataError)
