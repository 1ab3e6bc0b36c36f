"""Reproducible installs: pyproject, the lock and environment.yml agree."""

from __future__ import annotations

import re
import tomllib

from helpers.publish import envfile

ROOT = envfile.ROOT


def test_every_dependency_is_pinned_exactly():
    for extra in (None, "test", "hub"):
        pins = envfile.pyproject_pins(extra)  # raises on an unpinned dependency
        assert pins


def test_lock_pins_what_pyproject_pins():
    lock = {name: v for (name, _marker), v in envfile.lock_pins().items()}
    for extra in (None, "test", "hub"):
        for name, version in envfile.pyproject_pins(extra).items():
            assert lock.get(name) == version, f"requirements.lock has {name}=={lock.get(name)}, pyproject {version}"


def test_lock_is_hash_checked():
    text = (ROOT / "requirements.lock").read_text()
    assert text.count("--hash=sha256:") >= len(envfile.lock_pins())


def test_environment_yml_pins_the_same_versions_as_the_lock():
    env = envfile.env_pins()
    lock = envfile.lock_pins()
    assert len(env) > 50
    wrong = {k: (v, lock.get(k)) for k, v in env.items() if lock.get(k) != v}
    assert not wrong, f"environment.yml and requirements.lock disagree: {wrong}"


def test_environment_yml_has_every_runtime_dependency_of_pyproject():
    env = {name: v for (name, _m), v in envfile.env_pins().items()}
    for name, version in envfile.pyproject_pins().items():
        assert env.get(name) == version, f"environment.yml: {name} is {env.get(name)}, pyproject pins {version}"


def test_environment_yml_python_matches_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    minimum = re.match(r">=\s*(\d+\.\d+)", project["requires-python"]).group(1)
    text = (ROOT / "environment.yml").read_text()
    assert re.search(rf"^\s*- python={re.escape(minimum)}\s*$", text, re.M), "environment.yml must pin python " + minimum


def test_widgets_pinned_with_matching_majors():
    pins = envfile.pyproject_pins()
    # ipywidgets 8 needs jupyterlab_widgets 3 ("model not found" otherwise)
    assert pins["ipywidgets"].split(".")[0] == "8" and pins["jupyterlab-widgets"].split(".")[0] == "3"


def test_parse_pins_detects_a_disagreement():
    a = envfile.parse_pins(["pandas==3.1.1", "numpy==2.4.6 ; python_full_version < '3.12'"])
    b = envfile.parse_pins(["pandas==3.1.0", "numpy==2.4.6 ; python_full_version < '3.12'"])
    assert a != b and a[("numpy", "python_full_version < '3.12'")] == "2.4.6"
