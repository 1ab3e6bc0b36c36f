"""Shared fixtures."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


_STARTED = time.time()


def pytest_terminal_summary(terminalreporter):
    """After the run: where the browser tests left their screenshots and timings (CI keeps the log)."""
    shots = ROOT / "test-artifacts" / "screenshots"
    timings = ROOT / "test-artifacts" / "browser-timings.json"
    started = _STARTED - 1
    fresh = sorted(p for p in shots.glob("*.png") if p.stat().st_mtime >= started) if shots.exists() else []
    if not fresh:
        return
    terminalreporter.section("browser screenshots and timings")
    for p in fresh:
        terminalreporter.write_line(f"screenshot: {p.relative_to(ROOT)}")
    if timings.exists() and timings.stat().st_mtime >= started:
        import json

        data = json.loads(timings.read_text())
        for route, notebooks in sorted(data.get("routes", {}).items()):
            for nb, actions in sorted(notebooks.items()):
                for action, e in sorted(actions.items()):
                    if e.get("measured_at", 0) < started:
                        continue
                    terminalreporter.write_line(
                        f"timing [{route}] {nb}: {action}: median {e['median_ms']} ms, "
                        f"p95 {e['p95_ms']} ms (n={e['n']})")
        terminalreporter.write_line(f"timings: {timings.relative_to(ROOT)}")


@pytest.fixture(params=[None, "1.6"], ids=["lab", "presenter-1.6"])
def figure_scale(request, monkeypatch) -> float:
    """Run a layout test as JupyterLab sees the figures (no scale) and as the presenter does at
    ``--scale 1.6`` (its kernels' ``JUC_FIGURE_SCALE``: labels laid out for the width it leaves)."""
    from helpers import style

    if request.param is None:
        monkeypatch.delenv(style.SCALE_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(style.SCALE_VARIABLE, request.param)
    return style.figure_scale()
