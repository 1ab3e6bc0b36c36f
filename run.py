#!/usr/bin/env python3
"""Set up (if needed) and open or test the collection.

    python3 run.py lab     # set up if needed, open JupyterLab at notebooks/00_start_here.ipynb
    python3 run.py test    # set up if needed, run every test (unit, data, notebooks, browser)

Other commands, for tutors and maintainers:

    python3 run.py setup               # only set up (.venv from requirements.lock)
    python3 run.py present NOTEBOOK    # code-hidden presenter page (see README)
    python3 run.py export              # offline HTML pages (see README)
    python3 run.py handouts [NOTEBOOK ...]  # printable A4 PDF handouts, two pages at most (see README)
    python3 run.py bench               # performance benchmark -> bench/RESULTS.md
    python3 run.py execute [NOTEBOOK ...]  # re-run notebooks in fresh kernels and save outputs
    python3 run.py review [--today DAY]    # the provisional facts to check again before teaching
    python3 run.py changes [--check]       # write CHANGES.md from data/changes.csv
    python3 run.py hub [--port 8000]   # a teaching-room JupyterHub on 127.0.0.1 (see README)

Set-up makes a virtual environment in .venv, installs uv from PyPI into it and
uses uv to install the exact versions in requirements.lock (hash-checked), then
installs the ``helpers`` package in editable mode. It is skipped when the lock
and pyproject.toml have not changed since the last set-up. Only the standard
library is used here, so this runs on any Python 3.11 or newer.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("JUC_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".juc-setup-stamp"
UV_VERSION = "0.13.8"
START = "notebooks/00_start_here.ipynb"

# JupyterLab settings for teaching and tests: no "news" question on first start.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {
        "checkForUpdates": False,
        "fetchNews": "false",
    }
}


def say(msg: str) -> None:
    print(f"[run.py] {msg}", flush=True)


def run(cmd: list[str | Path], **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def fingerprint() -> str:
    h = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml", ROOT / "package-lock.json"):
        h.update(path.read_bytes())
    h.update(sys.version.encode())
    return h.hexdigest()


def setup(force: bool = False) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    want = fingerprint()
    if not force and PY.exists() and STAMP.exists() and STAMP.read_text().strip() == want:
        compile_helpers()
        return
    say(f"setting up {VENV.relative_to(ROOT) if VENV.is_relative_to(ROOT) else VENV} "
        "(first run, or the lock changed) ...")
    if not PY.exists():
        run([sys.executable, "-m", "venv", VENV])
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    run([PY, "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}"], env=env)
    uv = BIN / ("uv.exe" if os.name == "nt" else "uv")
    # --compile-bytecode: the test machines set PYTHONDONTWRITEBYTECODE=1, so
    # without compiled bytecode every kernel start would recompile the stack.
    run([uv, "pip", "sync", "--quiet", "--python", PY, "--compile-bytecode",
         "--require-hashes", LOCK], env=env)
    run([uv, "pip", "install", "--quiet", "--python", PY, "--no-deps", "--compile-bytecode",
         "-e", ROOT], env=env)
    settings = VENV / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2) + "\n")
    install_proxy()
    STAMP.write_text(want + "\n")
    compile_helpers()
    say("set-up done.")


def install_proxy() -> None:
    """From package-lock.json (needs Node.js): configurable-http-proxy for ``run.py hub`` and
    axe-core for the browser accessibility tests (tests/browser/test_axe.py)."""
    npm = shutil.which("npm")
    if npm is None:
        say("npm not found: `run.py hub` and the axe accessibility tests need Node.js 20+ "
            "(everything else works without).")
        return
    run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT)


def compile_helpers() -> None:
    """Compile helpers/ to bytecode (about 0.05 s when nothing changed). With
    PYTHONDONTWRITEBYTECODE=1 Python never saves it, so every kernel would compile
    the helpers modules from source again (about 0.1 s each time)."""
    subprocess.run([str(PY), "-m", "compileall", "-q", str(ROOT / "helpers")],
                   stdout=subprocess.DEVNULL, check=False)


def venv_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV)
    env.pop("PYTHONHOME", None)
    return env


def root_flags() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def cmd_lab(args: list[str]) -> int:
    setup()
    # Run JupyterLab through helpers.speedups: its import takes ~1 s instead of ~2.5 s.
    cmd = [PY, "-m", "helpers.speedups", "jupyterlab", START, *root_flags(), *args]
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=venv_env())


def cmd_test(args: list[str]) -> int:
    setup()
    # pyproject's addopts load helpers.speedups as a plugin (see helpers/speedups.py);
    # --dist loadfile keeps each notebook's cells on one worker.
    cmd = [PY, "-m", "pytest", "-n", "2", "--dist", "loadfile", *args]
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=venv_env())


def cmd_module(module: str, args: list[str]) -> int:
    setup()
    return subprocess.call([str(PY), "-m", module, *args], cwd=ROOT, env=venv_env())


COMMANDS = {
    "lab": cmd_lab,
    "test": cmd_test,
    "setup": lambda args: (setup(force="--force" in args), 0)[1],
    "execute": lambda args: cmd_module("helpers.publish.nbtools", ["execute", *args]),
    "present": lambda args: cmd_module("helpers.publish.present", args),
    "export": lambda args: cmd_module("helpers.publish.export", args),
    "handouts": lambda args: cmd_module("helpers.publish.handouts", args),
    "bench": lambda args: cmd_module("bench.run", args),
    "review": lambda args: cmd_module("helpers.publish.review", args),
    "changes": lambda args: cmd_module("helpers.publish.changelog", args),
    "hub": lambda args: cmd_module("helpers.publish.hub", args),
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        return 0 if argv[:1] in ([], ["-h"], ["--help"]) else 2
    try:
        return COMMANDS[argv[0]](argv[1:])
    except KeyboardInterrupt:
        # Ctrl+C: the terminal sent SIGINT to the child too, so it is already stopping.
        print("Stopped.", file=sys.stderr, flush=True)
        return 130  # 128 + SIGINT, what a shell reports for a command ended by Ctrl+C


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
