"""Performance benchmark: every notebook against the floor, with budgets -> bench/RESULTS.md.

    python3 run.py bench                 # the documented command (sets up .venv first if needed)
    python -m bench.run [--runs N] [--no-suite] [--out PATH]

Measured side by side in one run, each figure the median of ``--runs`` runs (5 by default,
never fewer than 5 for the committed RESULTS.md):

* floor: a fresh kernel that imports pandas, plotly.express and ipywidgets and nothing else,
  executed with nbclient exactly as the notebooks are (``helpers.publish.nbtools.execute``: fresh
  kernel, working directory ``notebooks/``); each notebook's full top-to-bottom execution
  (kernel start to shutdown) and its ratio to the floor. Runs are interleaved (floor, 00,
  01, ... then again) so load from other processes falls on all of them alike;
* the peak resident memory (``VmHWM``) of each notebook's kernel, read just before shutdown;
* ``import helpers`` and each helpers module a notebook uses, after the bare stack import,
  in fresh subprocesses; and the nbformat/jsonschema import trap (see helpers/speedups.py);
* loading and validating every table: first load in a fresh process, then the cached load;
* widgets (``bench/widgets.py``): Python-side time of a value change, p50 and p95 over 100
  changes, inside a kernel; browser timings from ``test-artifacts/browser-timings.json``
  when the browser tests wrote it;
* the teaching-room hub under load (``bench/hub_load.py``): N = 5, 10, 20 trainees at once
  on a fresh hub, each starting a server, running notebooks 01 and 07 and driving a widget;
  server start, first figure, widget round trip, memory per trainee, hub and proxy memory,
  and a sizing sentence (``--no-hub`` skips it and carries the previous section over);
* sizes of the committed notebooks, of ``data/`` and of the offline pages in ``export/``;
* which modules a kernel imported without compiled bytecode (PYTHONDONTWRITEBYTECODE);
* the test suite without browser tests, once (``pytest -n 2 --dist loadfile -m "not browser"``).

The browser-timings file is the one tests/browser/artifacts.py writes (``routes`` -> notebook
-> action -> ``samples_ms``); also accepted: ``{"name": [ms, ...]}``, ``{"name": {"samples_ms": [...]}}``
or ``{"name": {"p50_ms": x, "p95_ms": y}}``, optionally under a top-level ``"widgets"`` key,
or a list of ``{"name": ..., "ms": ...}`` records.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import helpers.speedups  # noqa: F401  (before nbformat: this process skips the 2 s trap too)

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "RESULTS.md"
ARTIFACTS = ROOT / "test-artifacts"
PY = sys.executable
FLOOR_SOURCE = "import pandas, plotly.express, ipywidgets"  # as bench.probe.FLOOR_SOURCE
HARD_TIMEOUT = 120  # seconds before a run that does not answer is killed and run again
HUNG: list[str] = []  # runs that had to be killed
MB = 1024 * 1024
PACKAGES = ("pandas", "plotly", "ipywidgets", "jupyterlab", "jupyterlab_widgets", "ipykernel",
            "jupyter_client", "nbclient", "nbformat", "jsonschema", "rfc3987-syntax", "voila",
            "pytest", "nbval", "pytest-xdist", "psutil")

BUDGET = {
    "ratio": 1.5, "ratio_aim": 1.2, "import_helpers_s": 0.2, "data_first_s": 0.3,
    "widget_py_p95_ms": 20.0, "widget_browser_p95_ms": 150.0, "notebook_bytes": 1_000_000,
    "kernel_peak_bytes": 500 * MB, "suite_s": 60.0, "session_first_screen_s": 2.0,
}


def say(msg: str) -> None:
    print(f"[bench] {msg}", flush=True)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def nb_name(path: Path) -> str:
    """A notebook's name in the tables: its path under notebooks/ without .ipynb."""
    base = ROOT / "notebooks"
    shown = path.relative_to(base) if path.is_relative_to(base) else Path(rel(path))
    return shown.with_suffix("").as_posix()


# --------------------------------------------------------------------------
# Executing notebooks (as helpers.publish.nbtools.execute does, without saving)
# --------------------------------------------------------------------------

def modules_used(nb) -> list[str]:
    """helpers modules that a notebook's code cells import."""
    found: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(ln for ln in cell.source.splitlines()
                           if not ln.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "helpers")
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "helpers":
                    for alias in node.names:
                        sub = ROOT / "helpers" / alias.name
                        is_module = sub.with_suffix(".py").exists() or (sub / "__init__.py").exists()
                        found.add(f"helpers.{alias.name}" if is_module else "helpers")
                elif node.module.startswith("helpers."):
                    found.add(node.module)
    return sorted(found)


def run_json(args: list[str], timeout: float = 300) -> dict:
    """Run ``python ARGS`` in a fresh process; return the JSON object its last line prints.

    A process that does not answer within ``timeout`` is killed with its process group
    (its kernel, if any) and reported as ``{"error": ..., "hung": True}``.
    """
    proc = subprocess.Popen([PY, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.communicate()
        return {"error": f"no answer after {timeout:.0f} s (killed)", "hung": True}
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        return {"error": (err.strip().splitlines() or ["no output"])[-1][:300]}
    return json.loads(lines[-1])


def run_notebook(target: str, cwd: Path, hard_timeout: float = HARD_TIMEOUT) -> dict:
    """One timed run in a fresh kernel (``target`` a path or ``--floor``), in a child process.

    nbclient can sit on a reply it has already received until its timeout (seen here under
    load; jupyter/nbclient#312): such a run is killed after ``hard_timeout`` and run again.
    """
    for attempt in range(3):
        res = run_json(["-m", "bench.probe", "execute", target, str(cwd), "300"], hard_timeout)
        if not res.get("hung"):
            break
        HUNG.append(f"{rel(Path(target)) if target != '--floor' else 'floor'} (attempt {attempt + 1})")
        say(f"{target}: no answer after {hard_timeout:.0f} s; killed, running it again")
    for key, default in (("seconds", None), ("peak_rss", None), ("cells", []), ("printed", [])):
        res.setdefault(key, default)
    if res.get("error") is None and res["seconds"] is None:
        res["error"] = "no time measured"
    return res


def kernel_json(cells: list[str]) -> dict:
    """Run code cells in a fresh kernel (cwd notebooks/) and return the JSON the last one prints."""
    import tempfile

    import nbformat

    from bench.probe import KERNELSPEC

    setup = f"import sys\nsys.path.insert(0, {str(ROOT)!r})"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in [setup, *cells]])
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "probe.ipynb"
        nbformat.write(nb, path)
        res = run_notebook(str(path), ROOT / "notebooks", hard_timeout=600)
    if res.get("error"):
        return {"error": res["error"]}
    if not res["printed"]:
        return {"error": "no result printed"}
    return json.loads(res["printed"][-1])


# --------------------------------------------------------------------------
# Phases
# --------------------------------------------------------------------------

def phase_notebooks(paths: list[Path], runs: int) -> dict:
    subjects = [("floor", "--floor", ROOT / "notebooks")]
    for path in paths:
        subjects.append((nb_name(path), str(path), path.parent))
    results = {name: {"seconds": [], "errors": [], "peak": [], "cpu": [], "cells": None}
               for name, _, _ in subjects}
    for r in range(runs):
        for name, nb, cwd in subjects:
            res = run_notebook(nb, cwd)
            entry = results[name]
            if res["error"]:
                entry["errors"].append(res["error"])
            else:
                entry["seconds"].append(res["seconds"])
                entry["peak"].append(res["peak_rss"])
                entry["cpu"].append(res.get("kernel_cpu_s"))
                if entry["cells"] is None or res["seconds"] <= min(entry["seconds"]):
                    entry["cells"] = res["cells"]
            shown = f"{res['seconds']:.2f} s" if res["seconds"] is not None else f"FAILED {res['error']}"
            say(f"run {r + 1}/{runs} {name}: {shown}")
            if res["error"] and name != "floor":
                entry["skip"] = True  # a failing notebook is not run again
        subjects = [s for s in subjects if not results[s[0]].get("skip")]
    return results


def phase_imports(modules: list[str], runs: int) -> dict:
    out = {}
    for module in ["helpers", *[m for m in modules if m != "helpers"]]:
        samples = [run_json(["-m", "bench.probe", "imports", module]) for _ in range(runs)]
        good = [s for s in samples if not s.get("error") and s.get("added_s") is not None]
        errors = [s["error"] for s in samples if s.get("error")]
        out[module] = {
            "added_s": median([s["added_s"] for s in good]),
            "stack_s": median([s["stack_s"] for s in good]),
            "heavy": sorted({h for s in good for h in s["heavy"]}),
            "new_packages": sorted({h for s in good for h in s["new_packages"]}),
            "read_data_at_import": any(s["read_data_at_import"] for s in good),
            "error": errors[0] if errors else None,
        }
        say(f"import {module}: +{out[module]['added_s'] if out[module]['added_s'] is not None else 'error'}")
    alone = [run_json(["-m", "bench.probe", "alone", "helpers"]) for _ in range(runs)]
    out["helpers"]["alone_s"] = median([a.get("alone_s") for a in alone])
    return out


def phase_trap(runs: int) -> dict:
    plain = [run_json(["-m", "bench.probe", "nbformat"]).get("nbformat_s") for _ in range(runs)]
    deferred = [run_json(["-m", "bench.probe", "nbformat", "--defer"]).get("nbformat_s")
                for _ in range(runs)]
    say(f"import nbformat: {median(plain):.2f} s plain, {median(deferred):.2f} s with helpers.speedups")
    return {"plain_s": median(plain), "deferred_s": median(deferred)}


def phase_data(runs: int) -> dict:
    samples = [run_json(["-m", "bench.probe", "data"]) for _ in range(runs)]
    good = [s for s in samples if "first_s" in s]
    if not good:
        return {"error": samples[0].get("error", "failed")}
    out = {k: median([s.get(k) for s in good])
           for k in ("first_s", "cached_s", "first_cpu_s", "cached_cpu_s")}
    out["tables"] = good[-1]["tables"]
    say(f"data: first {out['first_s']:.3f} s, cached {out['cached_s']:.4f} s")
    return out


def phase_widgets() -> dict:
    out = kernel_json(["import json\nfrom bench import probe\n"
                       "print('BENCH-JSON ' + json.dumps(probe.widget_bench()))"])
    for w in out.get("widgets", []):
        say(f"widget {w['name']}: p50 {w['p50_ms']:.1f} ms, p95 {w['p95_ms']:.1f} ms")
    return out


def phase_bytecode(modules: list[str]) -> dict:
    imports = "\n".join(f"try:\n    import {m}\nexcept Exception:\n    pass" for m in modules)
    out = kernel_json([FLOOR_SOURCE, "import helpers\n" + imports,
                       "import plotly.express as px\npx.bar(x=[1, 2], y=[3, 4])",
                       "import json\nfrom bench import probe\n"
                       "print('BENCH-JSON ' + json.dumps(probe.bytecode_report()))"])
    if "error" not in out:
        n = sum(len(v) for v in out["without_bytecode"].values())
        say(f"bytecode: {n} of {out['modules_from_source_files']} modules compiled from source "
            f"({out['compile_s']:.3f} s)")
    return out


def phase_browser() -> dict | None:
    path = ARTIFACTS / "browser-timings.json"
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {"error": f"{rel(path)} could not be read: {exc}"}
    from bench.probe import _percentile

    meta = {}
    if isinstance(raw, dict) and isinstance(raw.get("routes"), dict):
        # tests/browser/artifacts.py: routes -> notebook -> action -> {how, samples_ms, ...}
        meta = {k: raw[k] for k in ("chromium", "updated") if isinstance(raw.get(k), str)}
        flat = {}
        for route, notebooks in raw["routes"].items():
            for notebook, actions in (notebooks or {}).items():
                for action, entry in (actions or {}).items():
                    how = entry.get("how") if isinstance(entry, dict) else None
                    flat[f"{route}: {notebook}: {action}" + (f" ({how})" if how else "")] = entry
        raw = flat
    if isinstance(raw, dict) and isinstance(raw.get("widgets"), (dict, list)):
        raw = raw["widgets"]
    if isinstance(raw, list):
        grouped: dict[str, list] = {}
        for rec in raw:
            if isinstance(rec, dict):
                name = rec.get("name") or rec.get("widget") or rec.get("notebook") or "?"
                ms = rec.get("ms", rec.get("elapsed_ms"))
                if isinstance(ms, (int, float)):
                    grouped.setdefault(str(name), []).append(float(ms))
        raw = grouped
    rows = []
    for name, value in (raw.items() if isinstance(raw, dict) else []):
        samples = value if isinstance(value, list) else None
        if isinstance(value, dict):
            p50 = value.get("p50_ms", value.get("median_ms", value.get("p50")))
            p95 = value.get("p95_ms", value.get("p95"))
            if isinstance(p95, (int, float)):  # the figures the browser tests reported
                rows.append({"name": name, "p50_ms": p50, "p95_ms": float(p95), "n": value.get("n")})
                continue
            samples = value.get("samples_ms") or value.get("samples") or value.get("ms")
        if isinstance(samples, list) and samples and all(isinstance(x, (int, float)) for x in samples):
            rows.append({"name": name, "p50_ms": _percentile(samples, 0.5),
                         "p95_ms": _percentile(samples, 0.95), "n": len(samples)})
    return {"rows": rows, "file": rel(path), **meta,
            "written": dt.datetime.fromtimestamp(path.stat().st_mtime).isoformat(timespec="minutes")}


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ""


def phase_sessions() -> dict | None:
    """The session plans' cold starts, as tests/browser/test_session.py last measured them."""
    path = ARTIFACTS / "session-timings.json"
    try:
        plans = json.loads(path.read_text(encoding="utf-8"))["plans"]
    except (OSError, ValueError, KeyError):
        return None
    return {"plans": plans, "file": rel(path)}


def session_rows(ctx: dict) -> list[tuple[str, str, str]]:
    s = ctx.get("sessions")
    name = f"session plan first screen < {BUDGET['session_first_screen_s']:.0f} s (browser)"
    if not s:
        return [(name, "not measured (run the browser tests)", verdict(None))]
    plans = s["plans"]
    shown = "; ".join(f"plan {p}: {v['first_screen_s']:.2f} s (ready {v['ready_s']:.0f} s after the command)"
                      for p, v in sorted(plans.items()))
    return [(name, shown, verdict(all(v["first_screen_s"] < BUDGET["session_first_screen_s"]
                                      for v in plans.values())))]


def phase_sizes(paths: list[Path]) -> dict:
    committed = {}
    for line in git("ls-tree", "-r", "-l", "HEAD", "--", "notebooks", "data").splitlines():
        meta, _, name = line.partition("\t")
        parts = meta.split()
        if len(parts) == 4 and parts[3].isdigit():
            committed[name] = int(parts[3])
    notebooks = []
    for path in paths:
        name = rel(path)
        if name in committed:
            notebooks.append((name, committed[name], "committed"))
        else:
            notebooks.append((name, path.stat().st_size, "not committed yet (working copy)"))
    data_files = {k: v for k, v in committed.items() if k.startswith("data/")}
    data_disk = sum(p.stat().st_size for p in (ROOT / "data").rglob("*") if p.is_file())
    pages = []
    export = ROOT / "export"
    if export.is_dir():
        pages = sorted((rel(p), p.stat().st_size) for p in export.rglob("*.html"))
    return {"notebooks": notebooks, "data_committed": sum(data_files.values()),
            "data_files": len(data_files), "data_disk": data_disk, "pages": pages,
            "export_exists": export.is_dir()}


def phase_hub(ns: list[int]) -> dict:
    """N trainees at once on the teaching-room hub (bench/hub_load.py)."""
    from helpers.publish import hub

    if not hub.PROXY.exists():
        return {"skipped": "configurable-http-proxy is not installed (`python3 run.py setup` runs npm ci)"}
    try:
        import jupyterhub  # noqa: F401
    except ImportError:
        return {"skipped": "jupyterhub is not installed (pyproject's `hub` extra)"}
    from bench import hub_load

    data = hub_load.run(ns)
    say(f"hub: {data['sentence']}")
    return data


def phase_suite(extra: list[str], label: str) -> dict:
    cmd = [PY, "-m", "pytest", *extra, "-n", "2", "--dist", "loadfile", "-m", "not browser"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = next((ln.strip("= ").strip() for ln in reversed(proc.stdout.splitlines())
                    if re.search(r"\d+ (passed|failed|error)", ln)), "no summary")
    say(f"test suite ({label}): {seconds:.1f} s, {summary}")
    shown = "python -m pytest " + " ".join(c if " " not in c else f'"{c}"' for c in cmd[3:])
    return {"seconds": seconds, "summary": summary, "command": shown, "label": label,
            "status": proc.returncode}


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {"cores": os.cpu_count(), "usable_cores": usable, "cpu": cpu, "memory": mem,
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": versions, "commit": git("rev-parse", "--short", "HEAD").strip(),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no").strip()),
            "dont_write_bytecode": os.environ.get("PYTHONDONTWRITEBYTECODE", "(unset)")}


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


# --------------------------------------------------------------------------
# RESULTS.md
# --------------------------------------------------------------------------

def fmt(x, digits=2, unit=""):
    return "—" if x is None else f"{x:.{digits}f}{unit}"


def mb(n):
    return "—" if n is None else f"{n / MB:.1f} MB"


def verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "**missed**")


def build_report(ctx: dict) -> str:
    from bench.results import table

    m, nbs = ctx["machine"], ctx["notebooks"]
    floor = median(nbs["floor"]["seconds"])
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `python3 run.py bench` (`python -m bench.run`) on {ctx['started']} in "
        f"{ctx['took']:.0f} s; each figure is the median of {ctx['runs']} runs unless it says "
        "otherwise. Do not edit by hand: run the benchmark again.",
        "",
        "## Machine",
        "",
        f"- Cores: {m['cores']} ({m['usable_cores']} usable); CPU: {m['cpu'] or 'unknown'}; "
        f"memory: {mb(m['memory'])}",
        f"- Python {m['python']} on {m['platform']}; PYTHONDONTWRITEBYTECODE={m['dont_write_bytecode']}",
        "- Packages: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()),
        f"- Commit {m['commit']}{' with uncommitted changes' if m['dirty'] else ''}; "
        f"load average at start {ctx['load_start']}, at end {ctx['load_end']} (other work on the "
        "machine slows every figure; ratios suffer less, as runs are interleaved)",
        "",
    ]

    if ctx["runs"] < 5:
        lines += [f"**Only {ctx['runs']} run(s) per figure: a trial, not results to commit.**", ""]
    lines += ["## Budgets (2-core machine)", "",
              table(("budget", "measured", "verdict"), budget_rows(ctx)), "",
              "Where a budget is missed, `bench/NOTES.md` gives the profile and the cause.", ""]

    # ---- notebook table (read by other tools: keep the columns exactly) ----
    floor_cpu = median(nbs["floor"]["cpu"])
    rows = [("floor", fmt(floor, 2), fmt(1.0, 2))]
    detail = []
    for name, r in nbs.items():
        if name == "floor":
            continue
        sec = median(r["seconds"])
        ratio = sec / floor if sec is not None and floor else None
        rows.append((name, fmt(sec, 2) if sec is not None else "failed",
                     fmt(ratio, 2) if ratio is not None else "failed"))
    lines += ["## Notebooks against the floor", "",
              f"Floor: a fresh kernel running `{FLOOR_SOURCE}` and nothing else, executed with "
              "nbclient like the notebooks (kernel start to shutdown).", "",
              table(("notebook", "seconds", "ratio_to_floor"), rows), ""]
    for name, r in nbs.items():
        cells = r["cells"] or []
        slow = sorted(cells, key=lambda c: -c[1])[:2]
        in_cells = sum(c[1] for c in cells)
        sec = min(r["seconds"]) if r["seconds"] else None
        cpu = median(r["cpu"])
        detail.append((
            name, fmt(cpu, 2), fmt(cpu / floor_cpu, 2) if cpu is not None and floor_cpu else "—",
            fmt(in_cells, 2) if cells else "—",
            fmt(sec - in_cells, 2) if sec is not None and cells else "—",
            "; ".join(f"cell {i} `{src}` {t:.2f} s" for i, t, src in slow) or "—",
            mb(max((p for p in r["peak"] if p), default=None)),
            ", ".join(ctx["used"].get(name, [])) or "—",
            r["errors"][0] if r["errors"] else "",
        ))
    lines += ["Details. Kernel CPU: user + system seconds the kernel process used (median); it "
              "hardly changes when other work shares the machine, so its ratio is the steadier "
              "comparison. In/outside cells: from the fastest run, time inside cells and the rest "
              "(kernel start, connection, shutdown). Peak memory: kernel VmHWM, the largest over "
              "runs.", "",
              table(("notebook", "kernel CPU (s)", "CPU ratio", "in cells (s)", "outside cells (s)",
                     "slowest cells", "peak kernel memory", "helpers modules used", "error"),
                    detail), ""]
    if HUNG:
        lines += [f"Runs killed after no answer in {HARD_TIMEOUT} s and run again (nbclient sat on a "
                  "reply; see `bench/run.py`): " + ", ".join(HUNG) + ".", ""]
    if ctx["missing"]:
        lines += ["Listed in `helpers/catalogue.py` but not written yet (not measured): "
                  + ", ".join(f"`{n}`" for n in ctx["missing"]) + ".", ""]

    # ---- imports ----
    imp = ctx["imports"]
    h = imp.get("helpers", {})
    rows = []
    for module, r in imp.items():
        rows.append((module, ", ".join(ctx["used_by"].get(module, [])) or "—",
                     fmt(r["added_s"], 3) if r["added_s"] is not None else "error",
                     ", ".join(r["heavy"]) or "none",
                     "yes" if r["read_data_at_import"] else "no", r["error"] or ""))
    lines += ["## Imports", "",
              f"Time to import each module in a fresh process after the bare stack "
              f"(`{FLOOR_SOURCE}`, itself {fmt(h.get('stack_s'), 2)} s here); "
              f"`import helpers` alone, before anything: {fmt(h.get('alone_s'), 3)} s.", "",
              table(("module", "used by", "adds (s)", "heavy packages pulled in", "reads data at import",
                     "error"), rows), ""]
    trap = ctx["trap"]
    lines += ["### The nbformat / jsonschema trap", "",
              f"`import nbformat` in a fresh process: {fmt(trap['plain_s'], 2)} s as installed, "
              f"{fmt(trap['deferred_s'], 2)} s with `helpers.speedups` loaded first (it defers the "
              "three Earley parsers `rfc3987_syntax` builds at import until an IRI is validated). "
              "plotly imports nbformat the first time a figure is displayed, so every kernel that "
              "shows a figure paid the difference; `import helpers` now installs the deferral, and "
              "`python3 run.py test` loads it as a pytest plugin (`-p helpers.speedups`).", ""]
    bc = ctx["bytecode"]
    if "error" in bc:
        lines += [f"Bytecode check failed: {bc['error']}", ""]
    else:
        n = sum(len(v) for v in bc["without_bytecode"].values())
        by_pkg = ", ".join(f"{k} ({len(v)})" for k, v in bc["without_bytecode"].items()) or "none"
        lines += ["### Compiled bytecode in the kernel", "",
                  f"A kernel that imported the stack, `helpers` and every helpers module the notebooks "
                  f"use, then displayed a plotly figure, loaded {bc['modules_from_source_files']} "
                  f"modules from source files; {n} had no usable compiled bytecode and were compiled "
                  f"at import ({fmt(bc['compile_s'], 3)} s in all): {by_pkg}. "
                  f"Python writes no bytecode here (dont_write_bytecode={bc['dont_write_bytecode']}); "
                  f"IRI parsers still deferred after the figure: {bc['iri_parsers_deferred']}; "
                  f"nbformat imported by the figure: {bc['nbformat_imported']}.", ""]

    # ---- data ----
    d = ctx["data"]
    lines += ["## Data", ""]
    if "error" in d:
        lines += [f"Loading failed: {d['error']}", ""]
    else:
        lines += [table(("measure", "seconds", "CPU seconds"), [
            ("load and validate every table (data/ and data/derived/), first time, fresh process",
             fmt(d["first_s"], 3), fmt(d.get("first_cpu_s"), 3)),
            ("load every table again (cached)", fmt(d["cached_s"], 4), fmt(d.get("cached_cpu_s"), 4))]),
            "",
            f"{len(d['tables'])} tables, {sum(d['tables'].values())} rows: "
            + ", ".join(f"{k} {v}" for k, v in d["tables"].items()) + ".", ""]

    # ---- widgets ----
    w = ctx["widgets"]
    lines += ["## Widgets", "",
              "Python side: time from setting a control's value to the widget's update returning "
              "(observers run synchronously), inside a kernel, 100 changes each (`bench/widgets.py`).",
              ""]
    if "error" in w:
        lines += [f"Widget benchmark failed: {w['error']}", ""]
    else:
        lines += [table(("widget", "built in (s)", "p50 (ms)", "p95 (ms)", "max (ms)", "CPU p95 (ms)"),
                        [(x["name"], fmt(x["build_s"], 3), fmt(x["p50_ms"], 1), fmt(x["p95_ms"], 1),
                          fmt(x["max_ms"], 1), fmt(x.get("cpu_p95_ms"), 1))
                         for x in w.get("widgets", [])]), "",
                  "CPU p95: the kernel's main-thread CPU time per change, which other work on the "
                  "machine hardly changes.", ""]
        lines += [f"- {n}" for n in w.get("notes", [])] + ([""] if w.get("notes") else [])
    b = ctx["browser"]
    lines += ["Browser side (selection change to redrawn figure):", ""]
    if b is None:
        lines += ["not measured in this run (no `test-artifacts/browser-timings.json`; the browser "
                  "tests write it).", ""]
    elif "error" in b:
        lines += [b["error"], ""]
    else:
        lines += [f"From `{b['file']}` (written {b['written']}"
                  + (f", chromium {b['chromium']}" if b.get("chromium") else "") + "), as the "
                  "browser tests measured it: selection change to the redrawn output.", "",
                  table(("widget", "p50 (ms)", "p95 (ms)", "samples"),
                        [(r["name"], fmt(r["p50_ms"], 0) if isinstance(r["p50_ms"], (int, float)) else "—",
                          fmt(r["p95_ms"], 0), r["n"] or "—") for r in b["rows"]]), ""]

    # ---- sizes ----
    s = ctx["sizes"]
    lines += ["## Sizes", "",
              table(("file", "bytes", "state"), [(n, f"{b:,}", st) for n, b, st in s["notebooks"]]
                    + [("data/ (committed, %d files)" % s["data_files"], f"{s['data_committed']:,}",
                        "committed"),
                       ("data/ (working copy)", f"{s['data_disk']:,}", "on disk")]), ""]
    if s["export_exists"]:
        lines += ["Offline HTML pages (`export/`):", "",
                  table(("page", "bytes"), [(n, f"{b:,}") for n, b in s["pages"]]), ""]
    else:
        lines += ["Offline HTML pages: `export/` does not exist in this run "
                  "(`python3 run.py export` builds it).", ""]

    # ---- the teaching-room hub under load (bench/hub_load.py) ----
    hub = ctx.get("hub")
    if hub and hub.get("rows") is not None:
        from bench import hub_load

        lines += [hub_load.section(hub)]
    elif hub and hub.get("carried"):
        lines += [hub["carried"].rstrip("\n"), "",
                  "(Carried over from the previous RESULTS.md: this run was made with `--no-hub`.)", ""]
    elif hub and hub.get("skipped"):
        lines += ["## Teaching-room hub under load", "", f"Not measured: {hub['skipped']}", ""]

    # ---- suite ----
    lines += ["## Test suite (without browser tests, once)", "",
              table(("command", "wall time (s)", "result"),
                    [(f"`{x['command']}`" + (f" ({x['label']})" if x["label"] else ""),
                      fmt(x["seconds"], 1), x["summary"]) for x in ctx["suite"]]), ""]

    return "\n".join(lines)


def _both(wall_ok: bool, cpu_ok: bool | None) -> str:
    """The verdict on wall time, saying so when CPU time alone would meet it (a busy machine)."""
    if wall_ok or cpu_ok is None or not cpu_ok:
        return verdict(wall_ok)
    return "**missed** in wall time; met in CPU time (machine busy)"


def budget_rows(ctx: dict) -> list[tuple[str, str, str]]:
    rows = []
    nbs = ctx["notebooks"]
    floor = median(nbs["floor"]["seconds"])
    ratios = {n: median(r["seconds"]) / floor for n, r in nbs.items()
              if n != "floor" and r["seconds"] and floor}
    failed = [n for n, r in nbs.items() if n != "floor" and not r["seconds"]]
    if ratios:
        worst = max(ratios, key=ratios.get)
        over = [n for n, x in ratios.items() if x > BUDGET["ratio"]]
        over_aim = [n for n, x in ratios.items() if x > BUDGET["ratio_aim"]]
        note = f"worst {worst} {ratios[worst]:.2f}×"
        if over:
            note += f"; over 1.5×: {', '.join(over)}"
        note += f"; over the 1.2× aim: {', '.join(over_aim) or 'none'}"
        floor_cpu = median(nbs["floor"].get("cpu", []))
        cpu = {n: median(r.get("cpu", [])) / floor_cpu for n, r in nbs.items()
               if n != "floor" and median(r.get("cpu", [])) is not None and floor_cpu}
        cpu_over = [n for n, x in cpu.items() if x > BUDGET["ratio"]]
        if cpu:
            w = max(cpu, key=cpu.get)
            note += (f"; kernel CPU ratio worst {w} {cpu[w]:.2f}×, over 1.5×: "
                     f"{', '.join(cpu_over) or 'none'}")
        if failed:
            note += f"; failed to run: {', '.join(failed)}"
        rows.append(("each notebook ≤ 1.5× the floor (aim 1.2×)", note,
                     _both(not over and not failed, (not cpu_over and not failed) if cpu else None)))
    else:
        rows.append(("each notebook ≤ 1.5× the floor (aim 1.2×)", "no notebook ran", verdict(None)))
    h = ctx["imports"].get("helpers", {})
    rows.append(("`import helpers` adds ≤ 0.2 s to the stack import",
                 f"{fmt(h.get('added_s'), 3)} s", verdict(None if h.get("added_s") is None
                                                          else h["added_s"] <= BUDGET["import_helpers_s"])))
    d = ctx["data"]
    if "error" in d:
        rows.append(("all tables load + validate < 0.3 s first time, cached after", d["error"], verdict(False)))
    else:
        cached_ok = d["cached_s"] < 0.05 and d["cached_s"] <= d["first_s"] / 5
        cpu_first = d.get("first_cpu_s")
        rows.append(("all tables load + validate < 0.3 s first time, cached after",
                     f"first {d['first_s']:.3f} s (CPU {fmt(cpu_first, 3)} s), cached {d['cached_s']:.4f} s",
                     _both(d["first_s"] < BUDGET["data_first_s"] and cached_ok,
                           None if cpu_first is None else cpu_first < BUDGET["data_first_s"] and cached_ok)))
    ws = ctx["widgets"].get("widgets", [])
    if ws:
        worst = max(ws, key=lambda x: x["p95_ms"])
        over = [x["name"] for x in ws if x["p95_ms"] >= BUDGET["widget_py_p95_ms"]]
        cpus = [x.get("cpu_p95_ms") for x in ws]
        cpu_over = [x["name"] for x in ws if (x.get("cpu_p95_ms") or 0) >= BUDGET["widget_py_p95_ms"]]
        rows.append(("widget update p95 < 20 ms (Python)",
                     f"worst {worst['name']} {worst['p95_ms']:.1f} ms; {len(over)} of {len(ws)} widget actions "
                     f"over ({'; '.join(over) or 'none'}); in CPU time over: {'; '.join(cpu_over) or 'none'}",
                     _both(not over, None if None in cpus else not cpu_over)))
    else:
        rows.append(("widget update p95 < 20 ms (Python)", "no widget measured", verdict(None)))
    b = ctx["browser"]
    if b and b.get("rows"):
        worst = max(b["rows"], key=lambda x: x["p95_ms"])
        over = [r["name"] for r in b["rows"] if r["p95_ms"] >= BUDGET["widget_browser_p95_ms"]]
        rows.append(("widget update p95 < 150 ms (browser)",
                     f"worst {worst['name']} {worst['p95_ms']:.0f} ms; {len(over)} of {len(b['rows'])} "
                     f"measured over", verdict(not over)))
    else:
        rows.append(("widget update p95 < 150 ms (browser)", "not measured in this run", verdict(None)))
    sizes = ctx["sizes"]["notebooks"]
    if sizes:
        big = max(sizes, key=lambda x: x[1])
        rows.append(("each notebook < 1 MB", f"largest {big[0]} {big[1]:,} bytes",
                     verdict(all(x[1] < BUDGET["notebook_bytes"] for x in sizes))))
    peaks = {n: max((p for p in r["peak"] if p), default=None) for n, r in nbs.items() if n != "floor"}
    peaks = {n: p for n, p in peaks.items() if p}
    if peaks:
        heavy = max(peaks, key=peaks.get)
        rows.append(("peak kernel memory < 500 MB", f"heaviest {heavy} {mb(peaks[heavy])} "
                     f"(floor {mb(max((p for p in nbs['floor']['peak'] if p), default=None))})",
                     verdict(peaks[heavy] < BUDGET["kernel_peak_bytes"])))
    else:
        rows.append(("peak kernel memory < 500 MB", "not measured", verdict(None)))
    suite = ctx["suite"]
    if suite:
        main = suite[0]
        rows.append(("test suite without browser tests < 60 s",
                     f"{main['seconds']:.1f} s ({main['summary']})",
                     verdict(main["seconds"] < BUDGET["suite_s"])))
    else:
        rows.append(("test suite without browser tests < 60 s", "not run (--no-suite)", verdict(None)))
    return rows + session_rows(ctx)


# --------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median; default 5)")
    parser.add_argument("--no-suite", action="store_true", help="skip timing the test suite")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write (default bench/RESULTS.md)")
    parser.add_argument("--no-hub", action="store_true",
                        help="skip the hub load test (its previous section is carried over)")
    parser.add_argument("--hub-n", type=int, nargs="+", default=[5, 10, 20],
                        help="cohort sizes for the hub load test (default 5 10 20)")
    parser.add_argument("notebooks", nargs="*", help="only these notebooks (default: all)")
    args = parser.parse_args(argv)

    from helpers import catalogue
    from helpers.publish import nbtools
    import nbformat

    began = time.perf_counter()
    ctx: dict = {"runs": args.runs, "load_start": loadavg(),
                 "started": dt.datetime.now().isoformat(timespec="minutes")}
    ctx["machine"] = machine()
    paths = nbtools.notebook_paths(args.notebooks or None)
    ctx["missing"] = [nb.file for nb in catalogue.NOTEBOOKS if not nb.exists]
    say(f"{len(paths)} notebooks, {args.runs} runs each, floor first; load average {ctx['load_start']}")

    used, used_by = {}, {}
    for path in paths:
        name = nb_name(path)
        mods = modules_used(nbformat.read(path, as_version=4))
        used[name] = mods
        for mod in ["helpers", *mods]:
            used_by.setdefault(mod, [])
            if name not in used_by[mod]:
                used_by[mod].append(name)
    ctx["used"], ctx["used_by"] = used, used_by
    modules = sorted({m for mods in used.values() for m in mods})

    ctx["notebooks"] = phase_notebooks(paths, args.runs)
    ctx["imports"] = phase_imports(modules, args.runs)
    ctx["trap"] = phase_trap(args.runs)
    ctx["data"] = phase_data(args.runs)
    ctx["widgets"] = phase_widgets()
    ctx["bytecode"] = phase_bytecode(modules)
    ctx["browser"] = phase_browser()
    ctx["sessions"] = phase_sessions()
    ctx["sizes"] = phase_sizes(paths)
    if args.no_hub:
        from bench import hub_load

        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        carried = hub_load.extract_section(old)
        ctx["hub"] = {"carried": carried} if carried else None
    else:
        ctx["hub"] = phase_hub(args.hub_n)
    ctx["suite"] = [] if args.no_suite else [phase_suite([], "")]
    ctx["load_end"] = loadavg()
    ctx["took"] = time.perf_counter() - began
    report = build_report(ctx)
    args.out.write_text(report + "\n", encoding="utf-8")
    say(f"wrote {rel(args.out)} in {ctx['took']:.0f} s")
    for budget, measured, ok in budget_rows(ctx):
        say(f"{ok:>14}  {budget}: {measured}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
