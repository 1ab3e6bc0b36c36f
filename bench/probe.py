"""Measurements that must run in a fresh process or inside a kernel.

``bench.run`` starts ``python -m bench.probe COMMAND ...`` in a fresh subprocess
for each import and data measurement, and runs :func:`widget_bench` and
:func:`bytecode_report` inside a kernel (through nbclient, like the notebooks).
Each command prints one JSON object on its last line of output.

    python -m bench.probe imports MODULE [MODULE ...]  # after the bare stack import
    python -m bench.probe alone MODULE                 # with nothing imported first
    python -m bench.probe nbformat [--defer]           # the jsonschema/rfc3987 trap
    python -m bench.probe data                         # all tables: first load, cached load
    python -m bench.probe execute NOTEBOOK|--floor CWD [TIMEOUT]  # one run, fresh kernel
"""

from __future__ import annotations

import sys
import time

STACK = ("pandas", "plotly.express", "ipywidgets")
#: Packages that are heavy to import and that no helpers module should need at import time.
HEAVY = ("nbformat", "jsonschema", "nbclient", "jupyter_server", "openpyxl", "scipy", "matplotlib",
         "requests", "lark", "rfc3987_syntax")


def _import(names) -> float:
    import importlib

    start = time.perf_counter()
    for name in names:
        importlib.import_module(name)
    return time.perf_counter() - start


def _top_level(mods) -> set[str]:
    return {m.split(".")[0] for m in mods}


def probe_imports(modules: list[str]) -> dict:
    """Import the bare stack, then ``modules``; time both; say what the modules pulled in."""
    stack_s = _import(STACK)
    before = set(sys.modules)
    try:
        added_s = _import(modules)
        error = None
    except Exception as exc:  # a module being written may not import yet
        added_s, error = None, f"{type(exc).__name__}: {exc}"[:300]
    new = _top_level(set(sys.modules) - before) - {"helpers"}
    speedups = sys.modules.get("helpers.speedups")
    if speedups and speedups.is_deferred():
        new.discard("rfc3987_syntax")  # the cheap stand-in, not the parsers
    data = sys.modules.get("helpers.data")
    read_data = bool(data and hasattr(data, "_load") and data._load.cache_info().currsize)
    return {
        "stack_s": stack_s,
        "added_s": added_s,
        "error": error,
        "new_packages": sorted(new),
        "heavy": sorted(p for p in new if p in HEAVY),
        "read_data_at_import": read_data,
    }


def probe_alone(module: str) -> dict:
    return {"alone_s": _import([module])}


def probe_nbformat(defer: bool) -> dict:
    if defer:
        import helpers.speedups  # noqa: F401
    return {"nbformat_s": _import(["nbformat"])}


def _load_everything() -> dict:
    """Every table: helpers.data's, then the derived ones (helpers.data.ods) if that module exists."""
    from helpers import data

    frames = {k: len(v) for k, v in data.load_all().items()}
    try:
        from helpers.data import derive, ods
    except ImportError:
        return frames
    for name in derive.DERIVED_TABLES:
        frames[f"derived/{name}"] = len(ods.load_derived(name))
    return frames


def probe_data() -> dict:
    _import(["pandas"])
    import helpers.data  # noqa: F401  (imports are not what is timed here)
    try:
        import helpers.data.derive  # noqa: F401
        import helpers.data.ods  # noqa: F401
    except ImportError:
        pass
    start, cpu = time.perf_counter(), time.process_time()
    tables = _load_everything()
    first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    _load_everything()
    cached, cached_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"first_s": first, "cached_s": cached, "first_cpu_s": first_cpu,
            "cached_cpu_s": cached_cpu, "tables": tables}


# --------------------------------------------------------------------------
# Executing a notebook, as helpers.publish.nbtools.execute does (without saving)
# --------------------------------------------------------------------------

FLOOR_SOURCE = "import pandas, plotly.express, ipywidgets"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _peak_rss(pid):
    """Peak resident memory (VmHWM) of a process, in bytes."""
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss  # not the peak, but the best available
    except Exception:
        return None


def _cpu_seconds(pid):
    """User + system CPU time a process has used so far, in seconds."""
    if not pid:
        return None
    try:
        import psutil

        t = psutil.Process(pid).cpu_times()
        return t.user + t.system
    except Exception:
        return None


def _client_class():
    from nbclient import NotebookClient

    class Client(NotebookClient):
        peak_rss = None
        cpu_s = None

        def set_widgets_metadata(self) -> None:  # runs after the last cell, before shutdown
            provisioner = getattr(self.km, "provisioner", None)
            pid = getattr(provisioner, "pid", None) or getattr(
                getattr(provisioner, "process", None), "pid", None)
            self.peak_rss = _peak_rss(pid)
            self.cpu_s = _cpu_seconds(pid)
            super().set_widgets_metadata()

    return Client


def _stamp(text):
    import datetime as dt

    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def floor_notebook():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    return nb


def execute(nb, cwd: str, timeout: int = 300) -> dict:
    """Run a notebook node in a fresh kernel, timed from kernel start to shutdown."""
    import subprocess

    from nbclient.exceptions import CellExecutionError

    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    client = _client_class()(nb, timeout=timeout, kernel_name="python3",
                             resources={"metadata": {"path": str(cwd)}})
    error = None
    start = time.perf_counter()
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's start-up warnings only
    except CellExecutionError as exc:
        error = f"{exc.ename}: {str(exc.evalue)[:160]}"
    except Exception as exc:  # a kernel that dies, a timeout
        error = f"{type(exc).__name__}: {str(exc)[:160]}"
    seconds = time.perf_counter() - start
    cells, printed = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        ex = cell.metadata.get("execution", {})
        a, b = _stamp(ex.get("iopub.status.busy")), _stamp(ex.get("shell.execute_reply"))
        if a and b:
            first = next((ln for ln in cell.source.splitlines()
                          if ln.strip() and not ln.startswith("# NBVAL")), "")
            cells.append((i, (b - a).total_seconds(), first[:60]))
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                printed += [ln[len("BENCH-JSON "):] for ln in "".join(out.get("text", "")).splitlines()
                            if ln.startswith("BENCH-JSON ")]
    return {"seconds": None if error else seconds, "error": error, "peak_rss": client.peak_rss,
            "kernel_cpu_s": client.cpu_s, "cells": cells, "printed": printed}


def probe_execute(path: str, cwd: str, timeout: int) -> dict:
    import helpers.speedups  # noqa: F401  (this process's own nbformat import stays cheap)
    import nbformat

    nb = floor_notebook() if path == "--floor" else nbformat.read(path, as_version=4)
    return execute(nb, cwd, timeout)


# --------------------------------------------------------------------------
# Inside a kernel
# --------------------------------------------------------------------------

def _percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    pos = (len(xs) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def widget_bench(changes: int = 100) -> dict:
    """Build each widget in the registry (and any found by discovery) and time value changes."""
    import importlib

    from bench import widgets

    results, notes = [], []
    entries = list(widgets.REGISTRY)
    found, skipped = widgets.discover({e.target for e in entries})
    notes.extend(skipped)
    for target in found:
        entries.append(widgets.Entry(f"{target} (found, not in registry)", target, widgets.auto))
    for entry in entries:
        module_name, _, attr = entry.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and (exc.name == module_name or module_name.startswith(exc.name + ".")):
                notes.append(f"{entry.name}: skipped, {module_name} does not exist yet")
                continue
            notes.append(f"{entry.name}: skipped, {module_name} failed to import ({exc})")
            continue
        except Exception as exc:
            notes.append(f"{entry.name}: skipped, {module_name} failed to import "
                         f"({type(exc).__name__}: {exc})"[:300])
            continue
        factory = getattr(module, attr, None)
        if factory is None:
            notes.append(f"{entry.name}: skipped, {entry.target} does not exist yet")
            continue
        try:
            start = time.perf_counter()
            obj = factory(*entry.args, **entry.kwargs)
            build_s = time.perf_counter() - start
            times, cpu = [], []
            for i in range(changes):
                start, start_cpu = time.perf_counter(), time.thread_time()
                entry.change(obj, i)
                times.append(time.perf_counter() - start)
                cpu.append(time.thread_time() - start_cpu)
        except Exception as exc:
            notes.append(f"{entry.name}: skipped, {type(exc).__name__}: {exc}"[:300])
            continue
        ms = [t * 1000 for t in times]
        cpu_ms = [t * 1000 for t in cpu]
        results.append({
            "name": entry.name, "target": entry.target, "build_s": build_s,
            "p50_ms": _percentile(ms, 0.5), "p95_ms": _percentile(ms, 0.95), "max_ms": max(ms),
            "cpu_p95_ms": _percentile(cpu_ms, 0.95), "changes": len(ms),
        })
    return {"widgets": results, "notes": notes}


def _bytecode_ok(path: str) -> bool:
    import importlib.util
    import os

    try:
        cached = importlib.util.cache_from_source(path)
        with open(cached, "rb") as fh:
            head = fh.read(16)
    except (OSError, NotImplementedError, ValueError):
        return False
    if len(head) < 16 or head[:4] != importlib.util.MAGIC_NUMBER:
        return False
    flags = int.from_bytes(head[4:8], "little")
    if flags & 0b1:  # hash-based pyc
        if not flags & 0b10:
            return True  # unchecked: always used
        with open(path, "rb") as fh:
            return head[8:16] == importlib.util.source_hash(fh.read())
    st = os.stat(path)
    return (int.from_bytes(head[8:12], "little") == (int(st.st_mtime) & 0xFFFFFFFF)
            and int.from_bytes(head[12:16], "little") == (st.st_size & 0xFFFFFFFF))


def bytecode_report() -> dict:
    """Which modules loaded in this process had no usable compiled bytecode (so were compiled
    from source at import, since PYTHONDONTWRITEBYTECODE stops Python saving it)."""
    import os

    missing: dict[str, list[str]] = {}
    compile_s = 0.0
    total = 0
    for name, module in list(sys.modules.items()):
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None)
        if not origin or not origin.endswith(".py") or not os.path.exists(origin):
            continue
        total += 1
        if _bytecode_ok(origin):
            continue
        missing.setdefault(name.split(".")[0], []).append(name)
        with open(origin, "rb") as fh:
            source = fh.read()
        start = time.perf_counter()
        compile(source, origin, "exec")
        compile_s += time.perf_counter() - start
    speedups = sys.modules.get("helpers.speedups")
    return {
        "modules_from_source_files": total,
        "without_bytecode": {k: sorted(v) for k, v in sorted(missing.items())},
        "compile_s": compile_s,
        "dont_write_bytecode": sys.dont_write_bytecode,
        "iri_parsers_deferred": bool(speedups and speedups.is_deferred()),
        "nbformat_imported": "nbformat" in sys.modules,
    }


def main(argv: list[str]) -> int:
    import json

    cmd, args = (argv[0], argv[1:]) if argv else ("", [])
    if cmd == "imports":
        out = probe_imports(args)
    elif cmd == "alone":
        out = probe_alone(args[0])
    elif cmd == "nbformat":
        out = probe_nbformat("--defer" in args)
    elif cmd == "data":
        out = probe_data()
    elif cmd == "execute":
        out = probe_execute(args[0], args[1], int(args[2]) if len(args) > 2 else 300)
    else:
        print(__doc__)
        return 2
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
