"""The committed data: every table validates, every row is cited."""

from __future__ import annotations

import pytest

from helpers import data


def test_every_committed_table_validates():
    data.clear_cache()
    tables = data.load_all()
    assert "sources" in tables
    for name, frame in tables.items():
        assert len(frame) > 0, name


def test_every_csv_in_data_has_a_schema():
    files = {t.file for t in data.TABLES.values()}
    stray = [p.name for p in data.DATA_DIR.glob("*.csv") if p.name not in files]
    assert stray == [], f"CSV files in data/ with no schema in helpers/data/tables.py: {stray}"


# Tables whose rows are our own framing rather than facts: each theme is a question we
# ask; the arguments filed under it carry the citations.
# sources is the list itself, themes are our framing, routes are reading directions (no facts)
# routes and plans hold teaching choices (which sections, how long), not facts
UNCITED_BY_DESIGN = {"sources", "themes", "routes", "plans"}


def test_every_table_cites_sources():
    for name, table in data.TABLES.items():
        if name in UNCITED_BY_DESIGN:
            continue
        cites = [c for c in table.columns if c.ref == "sources" and c.required]
        assert cites, f"{table.file}: no required column citing sources.csv"


def test_seed_documents_are_sources_with_their_files():
    sources = data.load_sources()
    seeds = sources[sources["kind"] == "source_document"]
    assert sorted(seeds["file"]) == [
        "000_00d3114c7edabf9b.txt", "001_24d1e309c0c47b10.txt", "002_8571a833e792a11a.txt",
        "003_548fa2d62ce03823.txt", "004_4942a48e49e03de1.txt",
    ]


def test_source_document_files_exist_when_shared_is_present(tmp_path):
    seeds = data.DATA_DIR.parent.parent / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    for name in data.load_sources()["file"].dropna():
        if name:
            assert (seeds / name).exists(), name


def test_data_readme_documents_every_table_and_column():
    readme = (data.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for table in data.TABLES.values():
        if not (data.DATA_DIR / table.file).exists():
            continue
        assert f"## {table.file}" in readme, f"data/README.md has no section for {table.file}"
        section = readme.split(f"## {table.file}", 1)[1].split("\n## ", 1)[0]
        for col in table.column_names:
            assert f"| {col} |" in section, f"data/README.md: {table.file} does not document column {col!r}"
