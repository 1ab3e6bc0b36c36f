"""The README gives the two commands and a map that matches the notebooks."""

from __future__ import annotations

import re

from helpers import catalogue
from helpers.publish import nbtools

README = (nbtools.ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_gives_the_two_commands_and_they_exist():
    assert "python3 run.py lab" in README and "python3 run.py test" in README
    import runpy

    run = runpy.run_path(str(nbtools.ROOT / "run.py"))
    assert {"lab", "test"} <= set(run["COMMANDS"])
    assert run["START"] == "notebooks/00_start_here.ipynb"


def test_readme_map_matches_the_catalogue():
    block = README.split("<!-- MAP:START", 1)[1].split("<!-- MAP:END", 1)[0]
    links = re.findall(r"\]\((notebooks/[^)]+\.ipynb)\)", block)
    assert links == [f"notebooks/{nb.file}" for nb in catalogue.NOTEBOOKS]


def test_every_local_link_in_the_readme_exists():
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        assert (nbtools.ROOT / target).exists(), f"README links to missing {target}"
