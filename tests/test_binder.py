"""Binder: every launch link opens a file that exists, and the configuration installs the pinned
environment and the helpers package without a JupyterLab build."""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, unquote, urlsplit

from helpers import catalogue
from helpers.publish import envfile, links

ROOT = links.ROOT
README = links.README.read_text(encoding="utf-8")
BINDER = re.compile(r"\((https://mybinder\.org/v2/gh/[^)\s]+)\)")


def binder_links() -> list[str]:
    return BINDER.findall(README)


def test_readme_binder_section_is_current():
    assert links.render(README) == README, "run `python -m helpers.publish.links`"


def test_a_badge_for_the_collection_and_one_for_each_notebook():
    targets = [parse_qs(urlsplit(u).query)["urlpath"][0] for u in binder_links()]
    for nb in catalogue.NOTEBOOKS:
        assert f"lab/tree/notebooks/{nb.file}" in targets, f"no Binder link for {nb.file}"
    assert len(targets) == len(catalogue.NOTEBOOKS) + 1  # plus the collection badge
    assert README.count("https://mybinder.org/badge_logo.svg") == len(targets)


def test_every_binder_link_opens_a_path_that_exists():
    found = binder_links()
    assert found
    for url in found:
        parts = urlsplit(url)
        owner, name, branch = parts.path.split("/")[3:6]
        assert f"{owner}/{name}" == links.REPOSITORY and branch == links.BRANCH, url
        urlpath = parse_qs(parts.query)["urlpath"][0]
        assert urlpath.startswith("lab/tree/"), f"{url} does not open JupyterLab at a file"
        path = unquote(urlpath.removeprefix("lab/tree/"))
        assert (ROOT / path).is_file(), f"Binder link opens {path}, which does not exist"


def test_the_placeholder_repository_is_explained_in_the_readme():
    assert links.REPOSITORY in README
    assert "helpers/publish/links.py" in README and "placeholder" in README


def test_binder_url_form():
    assert links.binder_url("notebooks/00_start_here.ipynb", "o/r", "main") == \
        "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/notebooks/00_start_here.ipynb"
    assert links.binder_url(None, "o/r", "dev") == "https://mybinder.org/v2/gh/o/r/dev?urlpath=lab"


def test_repo2docker_reads_the_root_configuration():
    # a binder/ or .binder/ folder would make repo2docker ignore environment.yml and postBuild here
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()
    assert (ROOT / "environment.yml").is_file()


def test_postbuild_installs_helpers_editable_and_never_builds_jupyterlab():
    path = ROOT / "postBuild"
    text = path.read_text()
    assert os.access(path, os.X_OK), "postBuild must be executable"
    assert text.startswith("#!/bin/bash") and "set -euo pipefail" in text
    assert re.search(r"pip install --no-deps -e \.$", text, re.M)
    assert "lab build" not in text and "labextension install" not in text
    assert 'runpy.run_path("run.py")["LAB_OVERRIDES"]' in text  # same settings as a local install


def test_environment_yml_works_under_mamba_and_pins_notebook_with_jupyterlab():
    text = (ROOT / "environment.yml").read_text()
    assert not re.search(r"^\s*-\s*-r\s", text, re.M), "`-r file` in the pip section fails under mamba"
    pins = {name: v for (name, _m), v in envfile.env_pins().items()}
    # the Binder base image carries notebook 7.4, which needs jupyterlab < 4.5: pin both together
    lab, notebook = pins["jupyterlab"].split("."), pins["notebook"].split(".")
    assert lab[0] == "4" and notebook[0] == "7" and lab[1] == notebook[1]
