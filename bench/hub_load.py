"""Load test of the teaching-room hub: N trainees at once -> a section of bench/RESULTS.md.

    python -m bench.hub_load [--n 5 10 20]   # alone: rewrites only its section of RESULTS.md
    python3 run.py bench                     # the whole benchmark runs it too (--no-hub skips)

For each N, a fresh hub with ``python3 run.py hub``'s configuration (helpers/publish/hub.py)
on 127.0.0.1 with free ports, plus one service token for the bench (admin of users and
servers, set in the hub config). Then N simulated trainees, all at once, one thread each:

1. the bench creates the users and a token for each through the hub's REST API (as the
   login page does for a trainee); each trainee then asks the hub for their server with
   their own token and waits until the hub's REST API says it is ready;
2. through their own server (via the hub's proxy), the trainee opens notebooks 01_timeline
   and 07_stakeholder_arguments as JupyterLab does (a session each: its own kernel, working
   directory their copy of ``notebooks/``) and executes every code cell top to bottom over
   the kernel websocket, checking each reply;
3. the trainee drives the timeline explorer's era drop-down in 01: one comm message setting
   its ``index`` (what the browser sends), timed until the kernel sends the explorer's
   Output widget its new outputs; five such changes per trainee.

Measured per N: time to a running server (median, max), time to the first figure (from
asking for the server to the first plotly output of notebook 01), widget round trip p50
and p95 over all changes, memory per trainee (RSS of their single-user server plus its two
kernels, read with psutil once every trainee has finished), the hub's and the proxy's own
RSS, the drop in the machine's available memory, and the wall time of the whole wave.
Every process is stopped afterwards (the hub stops the servers; anything left is killed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
RAW = ROOT / "test-artifacts" / "hub-load.json"
NOTEBOOKS = ("01_timeline.ipynb", "07_stakeholder_arguments.ipynb")
PLOTLY_MIME = "application/vnd.plotly.v1+json"
HEADING = "## Teaching-room hub under load"
DEFAULT_N = (5, 10, 20)
CHANGES = 5  # era changes per trainee
TRAINEE_TIMEOUT = 600.0  # seconds for one trainee's whole session
MB = 1024 * 1024
TOKEN_ENV = "JUC_BENCH_HUB_TOKEN"

CONFIG = """# Written by bench/hub_load.py: python3 run.py hub's configuration plus a bench token.
import os
from helpers.publish import hub
hub.configure(c, {state!r}, {port!r}, os.environ[{pw_env!r}])
c.JupyterHub.services.append({{"name": "bench-load", "api_token": os.environ[{tok_env!r}]}})
c.JupyterHub.load_roles.append({{"name": "bench-load", "services": ["bench-load"],
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"]}})
"""


def say(msg: str) -> None:
    print(f"[hub-load] {msg}", flush=True)


def percentile(values, q):
    from bench.probe import _percentile

    return _percentile(list(values), q) if values else None


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def settle(quiet_pct: float = 25.0, longest_s: float = 90.0) -> float:
    """Wait (at most ``longest_s``) until the machine's CPU is under ``quiet_pct`` busy over a
    second, so one wave's tail does not fall on the next; return how busy it was at the end."""
    import psutil

    end = time.monotonic() + longest_s
    busy = psutil.cpu_percent(interval=1.0)
    while busy >= quiet_pct and time.monotonic() < end:
        busy = psutil.cpu_percent(interval=1.0)
    return busy


def available_memory() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


# --------------------------------------------------------------------------- the hub

class BenchHub:
    def __init__(self, state: Path):
        from helpers.publish import hub

        self.state, self.port = state, hub.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        state.mkdir(parents=True, exist_ok=True)
        config = state / "jupyterhub_config.py"
        config.write_text(CONFIG.format(state=str(state), port=self.port, pw_env=hub.PASSWORD_ENV,
                                        tok_env=TOKEN_ENV))
        env = dict(os.environ, **{hub.PASSWORD_ENV: secrets.token_urlsafe(12),
                                  hub.STATE_ENV: str(state), TOKEN_ENV: self.token})
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        self.log = open(state.parent / "hub.log", "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)],
                                     cwd=state, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.seen: set[int] = set()  # every process of the room, to be sure all are gone
        if hub.wait_until_answering(self.url, self.proc, tries=600):
            return
        if self.proc.poll() is not None:
            raise RuntimeError(f"the hub exited; see {self.log.name}")
        raise RuntimeError(f"the hub did not answer; see {self.log.name}")

    def api(self, method: str, path: str, token: str | None = None, **kw):
        import requests

        r = requests.request(method, f"{self.url}/hub/api/{path}", timeout=60,
                             headers={"Authorization": f"token {token or self.token}"}, **kw)
        if r.status_code >= 400:
            raise RuntimeError(f"{method} /hub/api/{path}: {r.status_code} {r.text[:200]}")
        return r.json() if r.text else None

    def processes(self) -> dict:
        """The room's processes by role: hub, proxy, and each trainee's server with its kernels."""
        import psutil

        hub = psutil.Process(self.proc.pid)
        out = {"hub": [hub], "proxy": [], "other": [], "trainees": {}}
        for child in hub.children(recursive=False):
            try:
                cmd = " ".join(child.cmdline())
                self.seen.add(child.pid)
                if "configurable-http-proxy" in cmd:
                    out["proxy"].append(child)
                elif "jupyterhub.singleuser" in cmd:
                    user = child.environ().get("JUPYTERHUB_USER", f"pid{child.pid}")
                    kids = child.children(recursive=True)
                    self.seen.update(k.pid for k in kids)
                    out["trainees"][user] = [child, *kids]
                else:
                    out["other"].append(child)
            except psutil.NoSuchProcess:
                continue
        return out

    def stop(self) -> list[int]:
        """Stop the hub (it stops the servers and the proxy); kill anything left. Returns the
        pids that had to be killed."""
        import psutil

        try:
            self.processes()  # note every pid before the hub goes
        except psutil.Error:
            pass
        hub.stop_process(self.proc, 60)
        self.log.close()
        killed = []
        deadline = time.monotonic() + 10
        for pid in sorted(self.seen):
            try:
                p = psutil.Process(pid)
                while p.is_running() and p.status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
                    time.sleep(0.2)
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    p.kill()
                    killed.append(pid)
            except psutil.NoSuchProcess:
                pass
        return killed


def rss(procs) -> int:
    import psutil

    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


# --------------------------------------------------------------------------- a trainee

class Kernel:
    """One kernel of a trainee's server, over the kernel websocket through the hub's proxy."""

    def __init__(self, hub: BenchHub, name: str, token: str, kernel_id: str):
        import websocket

        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{hub.port}/user/{name}/api/kernels/{kernel_id}/channels",
            header=[f"Authorization: token {token}"], timeout=TRAINEE_TIMEOUT)
        self.name, self.session = name, uuid.uuid4().hex
        self.comms: dict[str, dict] = {}  # comm_id -> the widget state it was opened with
        self.first_plotly: float | None = None

    def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": self.name,
                       "session": self.session, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": channel, "buffers": [],
            "content": content}))
        return msg_id

    def recv(self) -> dict:
        raw = self.ws.recv()
        if self.first_plotly is None and PLOTLY_MIME in raw:
            self.first_plotly = time.monotonic()
        msg = json.loads(raw)
        if msg["header"]["msg_type"] == "comm_open":
            c = msg["content"]
            self.comms[c["comm_id"]] = c.get("data", {}).get("state", {})
        return msg

    def execute(self, code: str) -> None:
        msg_id = self.send("execute_request", {"code": code, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False,
                                               "stop_on_error": True})
        idle = reply = False
        while not (idle and reply):
            msg = self.recv()
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "execute_reply":
                reply = True
                if msg["content"]["status"] != "ok":
                    raise RuntimeError(f"cell failed: {msg['content'].get('ename')}: "
                                       f"{msg['content'].get('evalue')}")
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True

    def widget_round_trip(self, comm_id: str, index: int) -> float:
        """Set a Dropdown's index as the browser does; ms until an Output widget gets new outputs."""
        t0 = time.perf_counter()
        msg_id = self.send("comm_msg", {"comm_id": comm_id, "data": {
            "method": "update", "state": {"index": index}, "buffer_paths": []}})
        got = None
        while True:
            msg = self.recv()
            kind = msg["header"]["msg_type"]
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if got is None and kind == "comm_msg":
                data = msg["content"].get("data", {})
                if data.get("method") == "update" and "outputs" in data.get("state", {}):
                    got = (time.perf_counter() - t0) * 1000
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                if got is None:
                    raise RuntimeError("the era change produced no new output")
                return got

    def close(self) -> None:
        self.ws.close()


def code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def trainee(hub: BenchHub, name: str, token: str, start: threading.Event, out: dict) -> None:
    import requests

    auth = {"Authorization": f"token {token}"}
    rec = out[name] = {"name": name}
    start.wait()
    t0 = time.monotonic()
    try:
        hub.api("POST", f"users/{name}/server", token=token)
        while True:
            server = hub.api("GET", f"users/{name}", token=token).get("servers", {}).get("")
            if server and server.get("ready"):
                break
            if time.monotonic() - t0 > TRAINEE_TIMEOUT:
                raise RuntimeError("server not ready")
            time.sleep(0.25)
        rec["server_s"] = time.monotonic() - t0
        base = f"{hub.url}/user/{name}/api"
        folder = hub.state / "trainees" / name / "notebooks"
        for nb in NOTEBOOKS:
            r = requests.post(f"{base}/sessions", headers=auth, timeout=120, json={
                "path": f"notebooks/{nb}", "name": nb, "type": "notebook",
                "kernel": {"name": "python3"}})
            r.raise_for_status()
            k = Kernel(hub, name, token, r.json()["kernel"]["id"])
            started = time.monotonic()
            try:
                for code in code_cells(folder / nb):
                    k.execute(code)
                rec[f"{nb[:2]}_s"] = time.monotonic() - started
                if nb.startswith("01"):
                    if k.first_plotly is None:
                        raise RuntimeError("notebook 01 showed no plotly figure")
                    rec["first_figure_s"] = k.first_plotly - t0
                    era = [cid for cid, st in k.comms.items()
                           if st.get("_model_name") == "DropdownModel" and st.get("description") == "Era:"]
                    if len(era) != 1:
                        raise RuntimeError(f"{len(era)} era drop-downs found in notebook 01")
                    n_options = len(k.comms[era[0]].get("_options_labels", [])) or 2
                    rec["widget_ms"] = [k.widget_round_trip(era[0], 1 + i % (n_options - 1))
                                        for i in range(CHANGES)]
            finally:
                k.close()
        rec["total_s"] = time.monotonic() - t0
    except Exception as exc:  # recorded, reported in the table; the others carry on
        rec["error"] = f"{type(exc).__name__}: {exc}"[:300]
        rec["failed_after_s"] = time.monotonic() - t0


# --------------------------------------------------------------------------- one wave

def wave(n: int, workdir: Path) -> dict:
    busy = settle()
    say(f"N={n}: starting a hub (machine {busy:.0f}% busy)")
    mem_before, load_before = available_memory(), loadavg()
    hub = BenchHub(workdir / f"n{n}" / "state")
    res: dict = {"n": n, "load_before": load_before, "busy_before": busy}
    try:
        names = [f"trainee-{i:02d}" for i in range(1, n + 1)]
        hub.api("POST", "users", json={"usernames": names})
        tokens = {u: hub.api("POST", f"users/{u}/tokens", json={"expires_in": 3600,
                                                              "note": "bench"})["token"]
                  for u in names}
        base_procs = hub.processes()
        res["hub_idle_rss"] = rss(base_procs["hub"])
        start, out = threading.Event(), {}
        threads = [threading.Thread(target=trainee, args=(hub, u, tokens[u], start, out), daemon=True)
                   for u in names]
        for t in threads:
            t.start()
        began = time.monotonic()
        start.set()
        for t in threads:
            t.join(TRAINEE_TIMEOUT + 60 - (time.monotonic() - began))
        res["wave_s"] = time.monotonic() - began
        res["hung"] = [u for u, t in zip(names, threads) if t.is_alive()]
        procs = hub.processes()
        res["hub_rss"] = rss(procs["hub"])
        res["proxy_rss"] = rss(procs["proxy"])
        res["culler_rss"] = rss(procs["other"])
        res["trainee_rss"] = {u: rss(p) for u, p in procs["trainees"].items()}
        res["kernels"] = {u: len(p) - 1 for u, p in procs["trainees"].items()}
        mem_after = available_memory()
        res["memory_drop"] = (mem_before - mem_after) if mem_before and mem_after else None
        res["trainees"] = [out.get(u, {"name": u, "error": "did not start"}) for u in names]
        res["load"] = loadavg()
    finally:
        res["killed"] = hub.stop()
    ok = [t for t in res["trainees"] if "error" not in t]
    res["ok"] = len(ok)
    res["errors"] = sorted({t["error"] for t in res["trainees"] if "error" in t})
    say(f"N={n}: {len(ok)}/{n} trainees finished in {res['wave_s']:.0f} s"
        + (f"; errors: {res['errors']}" if res["errors"] else ""))
    return res


def summarise(res: dict) -> dict:
    ok = [t for t in res["trainees"] if "error" not in t]
    server = [t["server_s"] for t in res["trainees"] if "server_s" in t]
    fig = [t["first_figure_s"] for t in res["trainees"] if "first_figure_s" in t]
    ms = [m for t in res["trainees"] for m in t.get("widget_ms", [])]
    per = [v for u, v in res.get("trainee_rss", {}).items()]
    return {
        "n": res["n"], "ok": len(ok), "wave_s": res.get("wave_s"),
        "server_median_s": statistics.median(server) if server else None,
        "server_max_s": max(server) if server else None,
        "figure_median_s": statistics.median(fig) if fig else None,
        "figure_max_s": max(fig) if fig else None,
        "widget_p50_ms": percentile(ms, 0.5), "widget_p95_ms": percentile(ms, 0.95),
        "widget_samples": len(ms),
        "trainee_rss_median": statistics.median(per) if per else None,
        "trainee_rss_max": max(per) if per else None,
        "trainee_rss_total": sum(per) if per else None,
        "hub_rss": res.get("hub_rss"), "hub_idle_rss": res.get("hub_idle_rss"),
        "proxy_rss": res.get("proxy_rss"), "memory_drop": res.get("memory_drop"),
        "errors": res.get("errors", []), "hung": res.get("hung", []), "killed": res.get("killed", []),
        "load": res.get("load"), "load_before": res.get("load_before"),
        "busy_before": res.get("busy_before"),
    }


# --------------------------------------------------------------------------- RESULTS.md

def _f(x, digits=1, unit=""):
    return "—" if x is None else f"{x:.{digits}f}{unit}"


def _mb(x):
    return "—" if x is None else f"{x / MB:.0f}"


def sizing(rows: list[dict], memory: int | None, cores: int | None) -> dict:
    """How many trainees the machine holds at once, from the measurements, and what limits it.

    Memory: the machine's memory less 4 GB for the system, the hub and the proxy, divided by
    the largest memory per trainee measured (their server and two kernels). Starting together:
    the largest N measured at which every trainee finished, the widget round trip p95 stayed
    under 1 s and the first figure came within 60 s of asking for the server.
    """
    good = [r for r in rows if r["ok"] == r["n"] and not r["errors"]]
    per = max((r["trainee_rss_max"] for r in good if r["trainee_rss_max"]), default=None)
    by_memory = int((memory - 4 * 1024 * MB) // per) if memory and per else None
    fine = [r["n"] for r in good if (r["widget_p95_ms"] or 1e9) < 1000
            and (r["figure_max_s"] or 1e9) < 60]
    together = max(fine, default=None)
    bigger = sorted((r for r in rows if together is not None and r["n"] > together), key=lambda r: r["n"])
    return {"per_trainee": per, "by_memory": by_memory, "together": together, "cores": cores,
            "next": bigger[0] if bigger else None,
            "largest_measured": max((r["n"] for r in rows), default=None)}


def sizing_sentence(s: dict, memory: int | None) -> str:
    gb = round(memory / 1024 / MB) if memory else "?"
    if not s["together"]:
        return (f"On a {s['cores']}-core, {gb} GB server no measured cohort size kept the first figure "
                "within 60 s and the widgets under 1 s: see bench/RESULTS.md.")
    held = s["together"]
    mem_part = (f"memory alone would allow about {s['by_memory']} "
                f"({s['per_trainee'] / MB:.0f} MB per trainee with two notebooks open)")
    if held >= (s["largest_measured"] or 0):
        limit = (f"{held} was the largest cohort measured, all starting at the same moment; "
                 f"{mem_part}, so the two cores, busy while everyone's notebooks run, are the limit")
    else:
        nxt = s.get("next") or {}
        seen = ""
        if nxt:
            seen = (f": at {nxt['n']}, {nxt['ok']} of {nxt['n']} finished, the first figure took up "
                    f"to {_f(nxt.get('figure_max_s'), 0)} s and the widget round trip p95 was "
                    f"{_f(nxt.get('widget_p95_ms'), 0)} ms")
        limit = (f"beyond {held} starting together the two cores made the first figure or the "
                 f"widgets too slow{seen}; {mem_part}")
    return (f"A {s['cores']}-core, {gb} GB server holds about {held} trainees at once "
            f"({limit}).")


def section(data: dict) -> str:
    """The RESULTS.md section for a load-test run (``data`` as :func:`run` returns it)."""
    from bench.results import table

    rows = data["rows"]
    lines = [HEADING, "",
             f"Produced by `python -m bench.hub_load` (also run by `python3 run.py bench`) on "
             f"{data['started']} in {data['took']:.0f} s, on {data['cores']} cores and "
             f"{_mb(data['memory'])} MB. Each N: a fresh hub with `python3 run.py hub`'s "
             "configuration on 127.0.0.1; N trainees at once, each asking for their server, "
             f"running notebooks {' and '.join(n[:-6] for n in NOTEBOOKS)} top to bottom in their "
             f"own kernels (kernel websocket, through the hub's proxy) and changing the timeline "
             f"explorer's era {CHANGES} times (one comm message each, timed to the Output "
             "widget's new outputs). Memory: RSS read with psutil once every trainee had "
             "finished, with both kernels still running; RSS counts shared library pages in "
             "every process, so the machine's drop in available memory is shown too.", "",
             table(("N", "finished", "wave (s)", "server ready median / max (s)",
                    "first figure median / max (s)", "widget round trip p50 / p95 (ms)",
                    "memory per trainee median / max (MB)", "all trainees (MB)", "hub (MB)",
                    "proxy (MB)", "available memory drop (MB)", "CPU busy before (%)", "load average before / after"),
                   [(r["n"], f"{r['ok']} of {r['n']}", _f(r["wave_s"], 0),
                     f"{_f(r['server_median_s'])} / {_f(r['server_max_s'])}",
                     f"{_f(r['figure_median_s'])} / {_f(r['figure_max_s'])}",
                     f"{_f(r['widget_p50_ms'], 0)} / {_f(r['widget_p95_ms'], 0)} (n={r['widget_samples']})",
                     f"{_mb(r['trainee_rss_median'])} / {_mb(r['trainee_rss_max'])}",
                     _mb(r["trainee_rss_total"]),
                     f"{_mb(r['hub_rss'])} (idle {_mb(r['hub_idle_rss'])})", _mb(r["proxy_rss"]),
                     _mb(r["memory_drop"]), _f(r.get("busy_before"), 0),
                     f"{r.get('load_before') or '—'} / {r['load'] or '—'}")
                    for r in rows]), "",
             "Before each wave the bench waits (up to 90 s) for the CPU to be under 25% busy; "
             "\"CPU busy before\" is what it was when the wave began, so a high figure means other "
             "work was running and slowed every timing of that wave. The 1-minute load average "
             "lags: the figure before a wave still includes the previous wave.", ""]
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]

        def growth(key, scale=1.0, unit=""):
            if a.get(key) is None or b.get(key) is None or not a[key]:
                return "—"
            return f"{a[key] * scale:.1f}{unit} → {b[key] * scale:.1f}{unit} ({b[key] / a[key]:.1f}×)"

        lines += [f"Growth from N={a['n']} to N={b['n']} ({b['n'] / a['n']:.0f}× the trainees): "
                  f"server ready median {growth('server_median_s', unit=' s')}; first figure median "
                  f"{growth('figure_median_s', unit=' s')}; widget p95 "
                  f"{growth('widget_p95_ms', unit=' ms')}; memory per trainee "
                  f"{growth('trainee_rss_median', 1 / MB, ' MB')}; hub "
                  f"{growth('hub_rss', 1 / MB, ' MB')}; proxy {growth('proxy_rss', 1 / MB, ' MB')}.",
                  ""]
    problems = [f"N={r['n']}: " + "; ".join(r["errors"] + ([f"still running after the timeout: {', '.join(r['hung'])}"] if r["hung"] else []))
                for r in rows if r["errors"] or r["hung"]]
    killed = [f"N={r['n']}: {len(r['killed'])}" for r in rows if r["killed"]]
    lines += ["What went wrong: " + (" ".join(problems) if problems else "nothing; every trainee finished.")
              + (" Processes left after the hub stopped, killed: " + ", ".join(killed) + "."
                 if killed else " No process was left after the hub stopped."), ""]
    for skipped in data.get("not_run", []):
        lines += [f"N={skipped['n']} was not run: {skipped['why']}", ""]
    s = data["sizing"]
    lines += ["Sizing (`bench/hub_load.py:sizing`: memory less 4 GB for the system, hub and proxy, "
              "divided by the largest memory per trainee; and the largest N at which every trainee "
              "finished, widget p95 < 1 s and first figure < 60 s, all starting at once): ", "",
              f"> {data['sentence']}", ""]
    return "\n".join(lines)


def extract_section(text: str) -> str | None:
    """The hub section of a RESULTS.md text, or None."""
    lines = text.splitlines()
    try:
        start = next(i for i, ln in enumerate(lines) if ln.strip() == HEADING)
    except StopIteration:
        return None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).rstrip("\n") + "\n"


def replace_section(text: str, new: str) -> str:
    """``text`` with its hub section replaced by ``new`` (appended if there was none)."""
    lines = text.splitlines()
    try:
        start = next(i for i, ln in enumerate(lines) if ln.strip() == HEADING)
    except StopIteration:
        return text.rstrip("\n") + "\n\n" + new.rstrip("\n") + "\n"
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[:start] + new.rstrip("\n").splitlines() + [""] + lines[end:]).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- main

def run(ns=DEFAULT_N, budget_s: float | None = None) -> dict:
    """Every wave, smallest first; a wave is skipped (and said so) when the time is spent."""
    began = time.monotonic()
    memory = None
    try:
        memory = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    data = {"started": dt.datetime.now().isoformat(timespec="minutes"), "cores": os.cpu_count(),
            "memory": memory, "raw": [], "rows": [], "not_run": []}
    with tempfile.TemporaryDirectory(prefix="juc-hub-load-") as tmp:
        for n in ns:
            if budget_s is not None and time.monotonic() - began > budget_s:
                data["not_run"].append({"n": n, "why": f"the time budget ({budget_s:.0f} s) was spent"})
                continue
            try:
                res = wave(n, Path(tmp))
            except Exception as exc:
                say(f"N={n} failed: {exc}")
                data["not_run"].append({"n": n, "why": f"the wave failed: {exc}"[:300]})
                continue
            data["raw"].append(res)
            data["rows"].append(summarise(res))
    data["took"] = time.monotonic() - began
    return finish(data)


def finish(data: dict) -> dict:
    data["sizing"] = sizing(data["rows"], data["memory"], data["cores"])
    data["sentence"] = sizing_sentence(data["sizing"], data["memory"])
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.hub_load", description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=list(DEFAULT_N), help="cohort sizes")
    ap.add_argument("--out", type=Path, default=RESULTS,
                    help="RESULTS.md whose hub section is rewritten (default bench/RESULTS.md)")
    ap.add_argument("--no-write", action="store_true", help="print the section only")
    ap.add_argument("--rebuild", action="store_true",
                    help=f"write the section again from the last run's raw results ({RAW.relative_to(ROOT)})"
                         " without running anything")
    args = ap.parse_args(argv)
    if args.rebuild:
        data = json.loads(RAW.read_text())
        data["rows"] = [summarise(r) for r in data["raw"]]
        finish(data)
    else:
        data = run(args.n)
    text = section(data)
    RAW.parent.mkdir(exist_ok=True)
    RAW.write_text(json.dumps(data, indent=1, default=str))
    if args.no_write:
        print(text)
    else:
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        args.out.write_text(replace_section(old, text), encoding="utf-8")
        say(f"wrote the '{HEADING[3:]}' section of {args.out}")
    say(data["sentence"])
    return 0 if data["rows"] and all(r["ok"] == r["n"] for r in data["rows"]) else 1


if __name__ == "__main__":
    sys.exit(main())
