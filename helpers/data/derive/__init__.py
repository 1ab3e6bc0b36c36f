"""Derive the committed organisation tables in ``data/derived/`` from the raw official files.

    python -m helpers.data.derive                 # read ../shared/data-raw, write data/derived/
    python -m helpers.data.derive --raw PATH      # read another copy of the raw files
    python -m helpers.data.derive --out PATH      # write somewhere else (tests use a temporary folder)
    python -m helpers.data.derive --check         # derive into a temporary folder and compare
    python -m helpers.data.derive --readme        # print the data/README.md section for these tables

The raw folder can also be set with ``$JUC_DATA_RAW``. Every raw file is checked
against the SHA-256 prefix that ``PROVENANCE.md`` gives for it before it is read,
so a changed raw file stops the derivation instead of silently changing a table.
Output is deterministic: rows are sorted, numbers are whole, line endings are
``\\n``. Each table's publisher, licence attribution and "as at" date are in
``data/derived/METADATA.csv``.

The derivation is the list of steps in :mod:`.steps`, one per table; the steps' shared work
(the CCG register, names, populations, PCN snapshots) is computed once per run (:mod:`.context`).
Raw files are read on first use (:mod:`.inputs`).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
from pathlib import Path

from .. import ods
from ..derived_specs import DERIVED_KEYS, DERIVED_TABLES
from ..schema import DataError, Table
from .context import Context
from .inputs import (  # noqa: F401  (re-exported: tests and the metadata check use them)
    ATTRIBUTION, PUBLISHER, RAW_FILES, Raw, check_raw_files, nhsd_attribution, sha256_prefix,
)
from .steps import STEPS, Step


def write_csv(path: Path, table: Table, rows: list[dict]) -> None:
    cols = table.column_names
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(cols)
    for r in rows:
        w.writerow(["" if r.get(c) is None else str(r.get(c)) for c in cols])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


def write_geojson(path: Path, table: Table, rows: list[dict]) -> None:
    """A map layer: one GeoJSON Feature per row (its columns as properties), one feature per line."""
    import json

    lines = []
    for r in rows:
        props = {c: "" if r.get(c) is None else str(r.get(c)) for c in table.column_names}
        feature = {"type": "Feature", "properties": props, "geometry": r["geometry"]}
        lines.append(json.dumps(feature, separators=(",", ":"), ensure_ascii=False))
    path.write_text('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n",
                    encoding="utf-8", newline="")


def write_table(path: Path, table: Table, rows: list[dict]) -> None:
    (write_geojson if table.file.endswith(".geojson") else write_csv)(path, table, rows)


def _whole(v):
    """Integers written as whole numbers (never bools, never floats)."""
    return str(int(v)) if isinstance(v, int) and not isinstance(v, bool) else v


def metadata_row(step: Step, rows: int, sha256: str = "") -> dict:
    table = DERIVED_TABLES[step.table]
    return {
        "table": step.table, "file": table.file, "rows": rows,
        "publisher": "; ".join(PUBLISHER[p] for p in step.publishers), "licence": "Open Government Licence v3.0",
        "attribution": " | ".join(step.attribution), "as_at": step.as_at,
        "inputs": "; ".join(f"{i} (sha256 {RAW_FILES[i]})" for i in step.inputs),
        "source_ids": step.source_ids, "method": step.method, "sha256": sha256,
    }


def derive(raw: Path | str | None = None, out: Path | str | None = None, verify_hashes: bool = True) -> dict[str, int]:
    """Read the raw files, run every step, write each table to ``out``. Returns rows per table."""
    raw = ods.raw_dir(raw)
    out = Path(out) if out is not None else ods.DERIVED_DIR
    if not raw.is_dir():
        raise FileNotFoundError(f"raw data folder not found: {raw} (set --raw or ${ods.RAW_ENV})")
    if verify_hashes:
        check_raw_files(raw)
    ctx = Context(Raw(raw))
    built = [(step, ctx.once(step.build)) for step in STEPS]  # every check runs before anything is written
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    meta = []
    for step, rows in built:
        path = out / DERIVED_TABLES[step.table].file
        write_table(path, DERIVED_TABLES[step.table], [{k: _whole(v) for k, v in r.items()} for r in rows])
        counts[step.table] = len(rows)
        meta.append(metadata_row(step, len(rows), sha256_prefix(path)))
    write_csv(out / "METADATA.csv", DERIVED_TABLES["metadata"], meta)
    counts["metadata"] = len(built)
    return counts



README_INTRO = """## derived/ (tables derived from the official organisation files)
Derived from the raw official files in `../shared/data-raw/` (described in its `PROVENANCE.md`;
never copied into the project) by one command, run from the repository root:

    .venv/bin/python -m helpers.data.derive              # reads ../shared/data-raw, writes data/derived/
    .venv/bin/python -m helpers.data.derive --raw PATH   # another copy of the raw files (or set $JUC_DATA_RAW)
    .venv/bin/python -m helpers.data.derive --check      # derive into a temporary folder and compare
    .venv/bin/python -m helpers.data.derive --readme     # print this section (generated from the schemas)

Before reading, the command checks each raw file's SHA-256 prefix against `PROVENANCE.md`, so a
changed raw file stops it. Output is deterministic (sorted rows, whole numbers, `\\n` line
endings); `tests/test_ods_derive.py` re-derives every table and fails if a committed table differs.
Each table is plain CSV with a header row. `derived/METADATA.csv` gives, for every table, its
publisher(s), licence, the attribution line(s) to print beside it, its "as at" date, the raw inputs
(with SHA-256 prefixes), the `source_ids` in `sources.csv` and the method. Loaders (schema-checked,
cached): `helpers.data.ods.load_ccgs()`, `load_ccg_counts()`, `load_icb_members()`, `load_icbs()`,
`load_icb_changes_2026()`, `load_pcts_2012()`, `load_shas_2012()`, `load_area_teams_2013()`,
`load_pcns()`, `load_pcn_practices()`, `load_practices()`, `load_pcn_counts()`, `load_metadata()`.
The three map layers (`map_*.geojson`) are GeoJSON, one feature per line, simplified and dissolved
from the ONS boundaries with shapely (a derive-time dependency only); the columns below are each
feature's properties, and `helpers.data.ods.load_map(name)` returns the checked GeoJSON.
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
    ap = argparse.ArgumentParser(prog="python -m helpers.data.derive", description=__doc__.split("\n\n")[0])
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

