"""Ctrl+C in ``python3 run.py ...`` ends quietly: one line, exit status 130, no traceback."""

from __future__ import annotations

import os
import runpy
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _fake_venv(tmp_path: Path) -> Path:
    """A venv run.py takes as set up: its stamp matches, and its python waits until stopped."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text('#!/bin/sh\n[ "$2" = compileall ] && exit 0\necho waiting; exec sleep 60\n')
    python.chmod(0o755)
    fingerprint = runpy.run_path(str(ROOT / "run.py"))["fingerprint"]()
    (venv / ".juc-setup-stamp").write_text(fingerprint + "\n")
    return venv


@pytest.mark.skipif(os.name == "nt", reason="process groups and SIGINT are POSIX")
@pytest.mark.parametrize("command", [["present", "07"], ["hub"], ["lab"]])
def test_ctrl_c_stops_quietly(tmp_path, command):
    env = dict(os.environ, JUC_VENV=str(_fake_venv(tmp_path)))
    proc = subprocess.Popen([sys.executable, str(ROOT / "run.py"), *command], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        assert proc.stdout.readline().strip() == "waiting"  # the long command is running
        time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl+C in a terminal does: the whole group
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert "Traceback" not in err
    assert err.strip() == "Stopped."
    assert proc.returncode == 130
