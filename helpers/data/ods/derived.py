"""Loaders for the committed derived tables in ``data/derived/`` (schema-checked, cached) and our counts from them."""

from __future__ import annotations

import functools
from pathlib import Path

from ..schema import DataError, Problem
from .fields import ROOT, _label


# --------------------------------------------------------------------------
# Loaders for the derived tables (data/derived/), schema-checked and cached
# --------------------------------------------------------------------------

DERIVED_DIR = ROOT / "data" / "derived"


def _derived_tables():
    from ..derived_specs import DERIVED_TABLES

    return DERIVED_TABLES


def _as_written(name: str, table, path: Path, folder: str) -> bool:
    """True when a CSV table is byte for byte what the derivation wrote (its SHA-256 prefix in METADATA.csv)."""
    import hashlib

    if name == "metadata" or not table.file.endswith(".csv") or not path.exists():
        return False
    if not (Path(folder) / _derived_tables()["metadata"].file).exists():
        return False  # a folder without METADATA.csv: check in full
    try:
        meta = _load_derived("metadata", folder)
    except DataError:
        return False  # a broken METADATA.csv proves nothing about this table: check it in full
    want = dict(zip(meta["table"], meta["sha256"])).get(name)
    return bool(want) and hashlib.sha256(path.read_bytes()).hexdigest()[:16] == want


def _frame_as_written(table, path: Path):
    """A table that the derivation wrote and nobody has changed, read without checking each cell again
    (the checks ran when it was derived, and ``tests/test_ods_derive.py`` re-derives it)."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    if list(frame.columns) != table.column_names:
        raise DataError([Problem(_label(path), None, 1, None, f"header is {list(frame.columns)}, expected {table.column_names}")])
    frame = frame.astype(object)
    for col in table.columns:
        if col.kind == "int":
            frame[col.name] = pd.array([int(v) if v else None for v in frame[col.name]], dtype="Int64")
        elif col.kind == "float":
            frame[col.name] = pd.array([float(v) if v else None for v in frame[col.name]], dtype="Float64")
        elif col.kind == "refs":
            frame[col.name] = pd.Series([tuple(v.split(";")) if v else () for v in frame[col.name]], dtype=object)
    return frame


@functools.cache
def _load_derived(name: str, folder: str, strict: bool = False):
    from .. import loaders as _data

    tables = _derived_tables()
    if name not in tables:
        raise KeyError(f"no derived table called {name!r}; tables: {', '.join(tables)}")
    table = tables[name]
    path = Path(folder) / table.file
    if not strict and _as_written(name, table, path, folder):
        return _frame_as_written(table, path)
    if table.file.endswith(".geojson"):
        rows, lines = _read_map(table, path)[:2]
    else:
        rows, lines = _data.read_rows(table, path)
    problems = _data.validate_rows(table, rows, lines, _label(path), {})
    from ..derived_specs import DERIVED_KEYS

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


@functools.cache
def _read_map(table, path: Path):
    """A map layer's features as rows of text (for the schema checks), their lines, and the GeoJSON."""
    from ..ods.boundaries import geometry_problem, read_feature_collection

    label = _label(path)
    doc = read_feature_collection(path, label, " (run python -m helpers.data.derive)")
    features = doc["features"]
    rows, problems, cols = [], [], table.column_names
    for i, feat in enumerate(features, start=1):  # one feature per line, after the opening line
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict) or set(props) != set(cols):
            problems.append(Problem(label, i, i + 1, "properties",
                                    f"properties are {sorted(props) if isinstance(props, dict) else props!r}, expected {cols}"))
            continue
        rows.append({c: "" if props[c] is None else str(props[c]) for c in cols})
        problem = geometry_problem(feat.get("geometry"))
        if problem:
            problems.append(Problem(label, i, i + 1, "geometry", problem))
    if problems:
        raise DataError(problems)
    return rows, [i + 1 for i in range(1, len(rows) + 1)], doc


def load_map(name: str, folder=None) -> dict:
    """A map layer of ``data/derived/`` (GeoJSON, properties schema-checked), for plotly's ``geojson``.

    Each feature's ``properties.code`` is its key (``featureidkey="properties.code"``). The
    same object is returned on every call: treat it as read-only."""
    folder = Path(folder) if folder is not None else DERIVED_DIR
    load_derived(name, folder)  # the checks (cached)
    table = _derived_tables()[name]
    return _read_map(table, (folder / table.file).resolve())[2]


def load_derived(name: str, folder=None, strict: bool = False):
    """Load, validate and cache one derived table (a copy is returned).

    A CSV table whose SHA-256 prefix is still the one the derivation recorded in METADATA.csv is
    read without re-checking every cell; any other file (edited, corrupted, from an older
    derivation) is checked cell by cell, and so is every table with ``strict=True``."""
    folder = Path(folder) if folder is not None else DERIVED_DIR
    return _load_derived(name, str(folder.resolve()), strict).copy()


def clear_cache() -> None:
    _load_derived.cache_clear()
    _read_map.cache_clear()


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


def load_practice_history(folder=None):
    """``derived/practice_history.csv``: each practice's CCG and list size, PCN and ICB at each file's date."""
    return load_derived("practice_history", folder)


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
    from ..derived_specs import DERIVED_TABLES

    return {name: load_derived(name, folder) for name in DERIVED_TABLES}
