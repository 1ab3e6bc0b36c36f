"""Presenter route: a notebook as a clean, code-hidden page for a projector, with live widgets.

    python3 run.py present 01_timeline          # or 01, or notebooks/01_timeline.ipynb
    python3 run.py present                      # the start-here notebook
    python3 run.py present 07 --scale 1.6 --theme dark --port 8870 --no-browser
    python3 run.py present --plan 60             # a session plan, one step per screen
    python3 run.py present --plan 90 --choose 03 # ... with notebook 03 for the step the group chooses

It runs Voilà on 127.0.0.1 over the ``notebooks/`` folder with the collection's
``juc_present`` template (Voilà's lab template with the code hidden, large type,
a visible keyboard focus and nothing fetched from the internet), prints the
address of the chosen notebook and opens it in the default browser. Every cell
runs in a fresh kernel when the page opens, so widgets are live. Links between
notebooks (the map in 00) open the next notebook in the same presenter view.
Stop it with Ctrl+C.

With ``--plan`` it shows one of the tutor guide's session plans (``data/plans.csv``): the
plan's sections, one step per screen (Previous/Next, the arrow keys, the step in the address),
each with where the session is, the question for the room and the tutor's note folded
(:mod:`.session` writes that notebook). Its kernel is started and every cell run before the
address is printed (Voilà's pre-heated kernels), so the first screen opens at once; a fresh
kernel is then prepared in the background for the next reload or tab.

It prints one line: the address, how to stop it and where the log is. Everything
Voilà, Tornado, Jupyter and the kernels say (start-up notices, deprecation warnings,
a kernel per page opened) goes to that log file, by default in the system's temporary
folder (``log_path``; ``--log`` chooses another). If Voilà fails to start, the end of
the log is printed with the reason.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import webbrowser
from pathlib import Path

from . import session

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_SCALE = 1.35  # type size for a projector (--scale)
JUPYTER_DATA = Path(__file__).resolve().parent / "jupyter_data"
TEMPLATE = "juc_present"
DEFAULT = "00_start_here.ipynb"


def find_notebook(name: str | None) -> Path:
    """The notebook a tutor means: a path, a file name, a name without .ipynb, or its number."""
    if not name:
        return NOTEBOOKS / DEFAULT
    p = Path(name)
    if p.suffix == ".ipynb" and p.exists():
        return p.resolve()
    stem = p.name[:-6] if p.name.endswith(".ipynb") else p.name
    matches = sorted(q for q in NOTEBOOKS.glob("*.ipynb")
                     if q.stem == stem or q.stem.split("_", 1)[0] == stem.zfill(2))
    if len(matches) == 1:
        return matches[0]
    available = ", ".join(q.stem for q in sorted(NOTEBOOKS.glob("*.ipynb")))
    raise SystemExit(f"no single notebook matches {name!r}; available: {available}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(scale: float = DEFAULT_SCALE) -> dict[str, str]:
    """Environment for Voilà: the collection's template directory comes first; the kernels get the
    type size (JUC_FIGURE_SCALE, helpers.style.SCALE_VARIABLE), which the figures follow."""
    env = dict(os.environ)
    env["JUC_FIGURE_SCALE"] = str(scale)
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(JUPYTER_DATA), *filter(None, [env.get("JUPYTER_PATH")])])
    return env


UNUSED_EXTENSIONS = ["@jupyter-notebook/lab-extension", "@voila-dashboards/jupyterlab-preview"]

#: Seconds to wait after a pre-heated kernel is taken before preparing the next one: the
#: page first gets its widgets from the kernel (a 4 s limit in the page), with the machine quiet.
REFILL_DELAY = 30


def preheat_options(notebook: str | None) -> list[str]:
    """Voilà's options to keep one kernel ready, with every cell run, for ``notebook`` (a path
    relative to the served folder); no other notebook is pre-heated."""
    if notebook is None:
        return []
    pools = {"default": {"pool_size": 0}, notebook: {"pool_size": 1}}
    return ["--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
            f"--VoilaKernelManager.fill_delay={REFILL_DELAY}"]


def command(port: int, theme: str = "light", scale: float = DEFAULT_SCALE,
            root: Path = NOTEBOOKS, preheat: str | None = None) -> list[str]:
    """The Voilà command line (tests use it too); ``preheat``: see :func:`preheat_options`."""
    return [
        # through helpers.speedups: Voila's start-up skips jsonschema's IRI parser build
        sys.executable, "-m", "helpers.speedups", "voila", str(root),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--template={TEMPLATE}",
        f"--theme={theme}",
        "--VoilaConfiguration.show_tracebacks=True",
        f"--VoilaConfiguration.resources={json.dumps({'juc_scale': scale})}",
        r"--VoilaConfiguration.file_allowlist=['.*\.(png|jpg|jpeg|gif|svg|css|csv|md)']",
        # each opened page runs its own kernel: stop those left idle with no page open
        "--MappingKernelManager.cull_idle_timeout=1200",
        "--MappingKernelManager.cull_interval=120",
        # JupyterLab's own extensions that the page cannot use: Voila 0.5's page has JupyterLab
        # 4.2 inside, and the notebook-menu extension built for 4.6 fails there ("Failed to
        # create module") after being fetched; the preview button is for JupyterLab itself
        f"--VoilaConfiguration.extension_denylist={UNUSED_EXTENSIONS!r}",
        # pages set the cookie that their kernel's shutdown on close needs (presenter_login)
        "--Voila.identity_provider_class=helpers.publish.presenter_login.PresenterIdentityProvider",
        *preheat_options(preheat),
    ]


def url_for(port: int, notebook: Path, root: Path = NOTEBOOKS) -> str:
    rel = notebook.resolve().relative_to(root.resolve()).as_posix()
    return f"http://127.0.0.1:{port}/voila/render/{rel}"


def log_path(port: int) -> Path:
    """Where Voilà's output goes by default: one file per port in the temporary folder."""
    return Path(tempfile.gettempdir()) / f"joined-up-care-present-{port}.log"


def startup_line(notebook: Path, url: str, log: Path, ready_after: float | None = None) -> str:
    """The one line a tutor sees: the address, how to stop, and where the log is (and, for a
    session plan, that its first screen is ready)."""
    what = (f"Session ready ({ready_after:.0f} s), {notebook.stem}" if ready_after is not None
            else f"Presenter view of {notebook.name}")
    return f"{what}: {url}  (stop with Ctrl+C; Voilà's log: {log})"


def _page(args) -> tuple[Path, str | None, dict[str, str]]:
    """The notebook to open, the notebook to pre-heat (a plan's) and Voilà's environment."""
    env = environment(args.scale)
    if not args.plan:
        return find_notebook(args.notebook), None, env
    try:
        path = session.write(args.plan, args.choose)
    except (KeyError, ValueError) as exc:
        raise SystemExit(str(exc).strip('"'))
    ready = Path(tempfile.gettempdir()) / f"joined-up-care-session-{os.getpid()}.ready"
    ready.unlink(missing_ok=True)
    env[session.READY_ENV] = str(ready)
    return path, path.relative_to(NOTEBOOKS).as_posix(), env


def log_tail(log: Path, lines: int = 25) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextlib.contextmanager
def output_to(log: Path):
    """Programs started inside (the web browser and its chatter) write to the log, not the terminal."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    try:
        with log.open("a", encoding="utf-8") as out:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)


def wait_until_up(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Voilà stopped with exit status {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/",
                                        timeout=1):
                return
        except urllib.error.HTTPError:
            return  # the server answered
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"Voilà did not answer on 127.0.0.1:{port} within {timeout:.0f} s")


def wait_until_ready(ready: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    """Wait for the pre-heated session to have run its last cell (it writes ``ready``)."""
    deadline = time.monotonic() + timeout
    while not ready.exists():
        if proc.poll() is not None:
            raise RuntimeError(f"Voilà stopped with exit status {proc.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"the session's cells had not all run after {timeout:.0f} s")
        time.sleep(0.1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 run.py present", description=__doc__.split("\n")[0])
    ap.add_argument("notebook", nargs="?", help="notebook to open (default: 00_start_here)")
    ap.add_argument("--plan", choices=session.plan_ids(),
                    help="a session plan of the tutor guide, one step per screen (instead of a notebook)")
    ap.add_argument("--choose", metavar="NN",
                    help="with --plan: the notebook for the step the group chooses (e.g. 03)")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    ap.add_argument("--theme", choices=("light", "dark"), default="light")
    ap.add_argument("--scale", type=float, default=DEFAULT_SCALE,
                    help="text size relative to JupyterLab (default 1.35; try 1.6 for a big room)")
    ap.add_argument("--no-browser", action="store_true", help="only print the address")
    ap.add_argument("--log", type=Path, default=None,
                    help="file for Voilà's messages (default: joined-up-care-present-PORT.log "
                         "in the temporary folder)")
    args = ap.parse_args(argv)
    if args.plan and args.notebook:
        ap.error("give a notebook or --plan, not both")
    if args.choose and not args.plan:
        ap.error("--choose goes with --plan")

    notebook, preheat, env = _page(args)
    port = args.port or free_port()
    log = args.log or log_path(port)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("", encoding="utf-8")
    started = time.monotonic()
    # Stopped by a process manager, a hub or a test (SIGTERM), Python would exit at once and leave
    # Voilà and its kernels running: exit through the ``finally`` below, which stops them.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    # appending, so that Voilà and the browser (see output_to) can both write to it
    with log.open("a", encoding="utf-8") as out:  # the child keeps its own handle
        proc = subprocess.Popen(command(port, args.theme, args.scale, preheat=preheat), cwd=ROOT, env=env,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    try:
        try:
            wait_until_up(port, proc)
            if preheat:
                wait_until_ready(Path(env[session.READY_ENV]), proc)
        except (RuntimeError, TimeoutError) as exc:
            print(f"The presenter did not start: {exc}. The end of its log ({log}):\n{log_tail(log)}",
                  file=sys.stderr, flush=True)
            return 1
        url = url_for(port, notebook)
        print(startup_line(notebook, url, log, time.monotonic() - started if preheat else None), flush=True)
        if not args.no_browser:
            with output_to(log):
                webbrowser.open(url)
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    sys.exit(main())
