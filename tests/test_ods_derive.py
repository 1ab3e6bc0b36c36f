"""The derived organisation tables: reproducible from the raw files, schema-valid, small, documented."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import data
from helpers.data import derive, ods
from helpers.data.schema import DataError

RAW = ods.raw_dir()
needs_raw = pytest.mark.skipif(
    not RAW.is_dir(),
    reason=f"raw official files not present at {RAW} (set JUC_DATA_RAW to re-derive); committed tables still checked",
)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """Every table re-derived from ../shared/data-raw into a temporary folder (once per module)."""
    if not RAW.is_dir():
        pytest.skip(f"raw official files not present at {RAW}")
    out = tmp_path_factory.mktemp("derived")
    counts = derive.derive(RAW, out)
    return out, counts


@needs_raw
def test_rederivation_reproduces_every_committed_table_exactly(fresh):
    out, counts = fresh
    diffs = derive.compare(out, ods.DERIVED_DIR)
    assert not diffs, (
        f"committed tables differ from a fresh derivation: {diffs}. "
        "Run `.venv/bin/python -m helpers.data.derive` and review the diff before committing."
    )
    assert set(counts) == set(derive.DERIVED_TABLES)


@needs_raw
def test_a_changed_raw_file_stops_the_derivation(tmp_path):
    fake = tmp_path / "raw"
    for rel in derive.RAW_FILES:
        dst = fake / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.symlink_to(RAW / rel)
    victim = fake / "ods-commissioners/succ_2026.csv"
    victim.unlink()
    shutil.copy(RAW / "ods-commissioners/succ_2026.csv", victim)
    with open(victim, "a", encoding="utf-8") as f:
        f.write('"00C","16C","","20200401","0"\r\n')
    with pytest.raises(DataError, match="succ_2026.csv: SHA-256 starts .* but PROVENANCE.md gives 27da9f3565df04a4"):
        derive.derive(fake, tmp_path / "out")
    assert not (tmp_path / "out" / "ccgs.csv").exists()


def test_missing_raw_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="raw data folder not found"):
        derive.derive(tmp_path / "nowhere", tmp_path / "out")
    assert derive.main(["--raw", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2


def test_raw_dir_override_by_argument_and_environment(monkeypatch, tmp_path):
    assert ods.raw_dir(tmp_path) == tmp_path.resolve()
    monkeypatch.setenv(ods.RAW_ENV, str(tmp_path))
    assert ods.raw_dir() == tmp_path.resolve()
    monkeypatch.delenv(ods.RAW_ENV)
    assert ods.raw_dir() == (ROOT / "../shared/data-raw").resolve()


def test_every_committed_table_loads_and_validates():
    ods.clear_cache()
    tables = ods.load_all_derived()
    assert set(tables) == set(derive.DERIVED_TABLES)
    meta = tables["metadata"].set_index("table")
    for name, frame in tables.items():
        if name != "metadata":
            assert int(meta.loc[name, "rows"]) == len(frame), name


def test_fixed_tables_have_the_agreed_columns():
    need = {
        "ccgs": ["code", "name", "open_date", "close_date", "successor_code"],
        "icb_members": ["icb_code", "icb_name", "sub_icb_code", "sub_icb_name"],
        "pcns": ["pcn_code", "pcn_name", "as_of", "practices", "registered_patients"],
    }
    for name, cols in need.items():
        frame = ods.load_derived(name)
        assert cols == [c for c in frame.columns if c in cols], name
    import pandas as pd  # the files stay plain CSV that pandas reads directly

    assert list(pd.read_csv(ods.DERIVED_DIR / "ccgs.csv").columns[:2]) == ["code", "name"]


def test_key_facts_of_the_derived_tables():
    ccgs = ods.load_ccgs()
    assert len(ccgs) == 248
    assert (ccgs["open_date"] == "2013-04-01").sum() == 211
    assert (ccgs["close_date"] == "").sum() == 106
    closed = ccgs[ccgs["close_date"] != ""]
    assert (closed["successor_code"] != "").all() and len(closed) == 142
    assert ccgs.set_index("code").loc["00F", "successor_code"] == "13T"
    assert list(ods.load_ccg_counts()["count"]) == [211, 211, 209, 209, 207, 195, 191, 135, 106, 106]
    members = ods.load_icb_members()
    assert len(members) == 106 and members["icb_code"].nunique() == 42
    icbs = ods.load_icbs()
    assert len(icbs) == 42 and icbs["sub_icb_locations"].sum() == 106
    assert icbs["patients_2022_05"].sum() == 61_654_788  # every May 2022 practice is in a sub-ICB location
    assert len(ods.load_pcts_2012()) == 155 and ods.load_pcts_2012()["pct_code"].nunique() == 151
    assert len(ods.load_shas_2012()) == 10
    assert ods.load_area_teams_2013()["ccgs"].sum() == 211
    pcns = ods.load_pcns()
    first = pcns[pcns["as_of"] == "2019-12-01"]
    assert len(first) == 1250 and first["practices"].sum() == 6757
    may22 = pcns[pcns["as_of"] == "2022-05-01"]
    assert may22["registered_patients"].notna().all()
    assert pcns[pcns["as_of"] == "2024-10-01"]["registered_patients"].isna().all()
    changes = ods.load_icb_changes_2026()
    assert len(changes) == 16 and changes["predecessor_code"].nunique() == 12
    assert (changes["status"] == "provisional").all()


def test_metadata_cites_real_sources_and_carries_attribution():
    meta = ods.load_metadata()
    known = set(data.load_sources()["source_id"])
    for r in meta.to_dict("records"):
        missing = [s for s in r["source_ids"].split(";") if s not in known]
        assert not missing, f"{r['table']}: unknown source ids {missing}"
        assert "Open Government Licence v3.0" in r["attribution"]
        assert r["as_at"] and r["inputs"]
        for part in r["inputs"].split("; "):
            rel = part.split(" (sha256 ")[0]
            assert rel in derive.RAW_FILES, part


def test_a_corrupted_derived_table_is_rejected_with_file_row_and_column(tmp_path):
    for t in derive.DERIVED_TABLES.values():
        shutil.copy(ods.DERIVED_DIR / t.file, tmp_path / t.file)
    path = tmp_path / "ccgs.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace("2013-04-01", "2013-13-01", 1)
    lines.append(lines[1])  # a duplicate code
    path.write_text("".join(lines), encoding="utf-8")
    ods.clear_cache()
    with pytest.raises(DataError) as e:
        ods.load_ccgs(tmp_path)
    msgs = [str(p) for p in e.value.problems]
    assert any("ccgs.csv, row 3 (line 4), column 'open_date': '2013-13-01' is not a real calendar date" in m for m in msgs)
    assert any("column 'code': duplicate key 00C" in m for m in msgs)
    ods.clear_cache()


def test_derived_data_stay_small():
    """The folder stays small enough to clone quickly on Binder: 7 MB in all (the practice
    history, one row per practice, date and kind since 2014, is about 4.4 MB of it), and each
    map layer under 400 KB."""
    total = sum(p.stat().st_size for p in ods.DERIVED_DIR.iterdir())
    assert total < 7_000_000, f"data/derived is {total / 1e6:.1f} MB"
    for layer in ods.DERIVED_DIR.glob("map_*.geojson"):
        assert layer.stat().st_size < 400_000, f"{layer.name} is {layer.stat().st_size / 1e3:.0f} KB"


def test_readme_documents_every_derived_table():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert "python -m helpers.data.derive" in readme
    for t in derive.DERIVED_TABLES.values():
        assert f"### derived/{t.file}" in readme, t.file
        for c in t.columns:
            assert f"| {c.name} |" in readme


@needs_raw
def test_icb_membership_agrees_with_ons_april_2023_sub_icb_names():
    feats = json.loads((RAW / "boundaries/Sub_ICB_Locations_April_2023_EN_BSC.geojson").read_text(encoding="utf-8"))
    ons = {}
    for f in feats["features"]:
        name = f["properties"]["SICBL23NM"]
        icb_part, code = name.rsplit(" - ", 1)
        ons[code] = icb_part.upper()
    members = ods.load_icb_members()
    assert set(ons) == set(members["sub_icb_code"])
    for r in members.to_dict("records"):
        assert r["sub_icb_name"].rsplit(" - ", 1)[0].upper() == ons[r["sub_icb_code"]], r["sub_icb_code"]


@needs_raw
def test_pcn_membership_rebuilt_from_a_later_file_agrees_with_the_first_release():
    """2021-01-01 and 2022-01-01 memberships are rebuilt from the May 2022 file; check that method
    against the December 2019 file itself (measured: 6,743 of 6,757 pairs agree)."""
    e19 = ods.read_epcn(RAW / "pcn/ePCN_2019-12.xlsx")
    e22 = ods.read_epcn(RAW / "pcn/ePCN_2022-05.xlsx")

    def pairs(e, day):
        m = e.members
        m = m[(m["start_date"] <= day) & ((m["end_date"] == "") | (m["end_date"] >= day))]
        return set(zip(m["practice_code"], m["pcn_code"]))

    a, b = pairs(e19, "2019-12-01"), pairs(e22, "2019-12-01")
    assert len(a & b) / len(a) > 0.995
