"""A teaching-room JupyterHub on one machine: ``python3 run.py hub``.

Real JupyterHub (pinned in pyproject's ``hub`` extra) with configurable-http-proxy from
npm (package.json / package-lock.json, installed by ``run.py setup``). One unprivileged
user runs everything: SimpleLocalProcessSpawner starts each trainee's JupyterLab as a
process of this user, in the trainee's own folder under ``<state>/trainees/<name>/``.
The room shares one password (JupyterHub's SharedPasswordAuthenticator); a trainee
picks a name at first log-in. Each trainee gets their own copy of ``notebooks/`` at first
spawn; a copy already there is never overwritten, so a restarted hub loses nothing.
Idle servers are stopped by jupyterhub-idle-culler. The same settings map to TLJH and
Zero to JupyterHub (README, ``deploy/z2jh-values.yaml``).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
START = "notebooks/00_start_here.ipynb"
NAME_RULE = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
IDLE_TIMEOUT_S = 3600
PASSWORD_ENV = "JUC_HUB_PASSWORD"
STATE_ENV = "JUC_HUB_STATE"


class HubError(ValueError):
    """A problem a tutor or trainee can act on; the message says what to do."""


def free_port() -> int:
    """A free port on 127.0.0.1 whose next two are free too: the hub takes port+1 for the
    proxy's API and port+2 for itself."""
    import socket

    def free(port: int) -> bool:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
        return True

    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + 2 < 65536 and free(port + 1) and free(port + 2):
            return port
    raise RuntimeError("no three free ports in a row on 127.0.0.1")


def stop_process(proc: subprocess.Popen, timeout: float, group: bool = False) -> bool:
    """Ask a process to stop (SIGTERM); kill it if it has not stopped within ``timeout`` seconds.

    With ``group`` (the process was started as the leader of its own session,
    ``start_new_session=True``), whatever is left in its process group afterwards is killed too:
    a hub killed after the time-out cannot stop its proxy and its idle culler, which would stay
    running. Returns whether anything was left in the group (always False without ``group``).
    """
    import signal

    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if not group:
        return False
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        return False  # nothing left in the group
    return True


def wait_until_answering(url: str, proc: subprocess.Popen, tries: int = 300) -> bool:
    """Poll the hub's REST API at ``url`` every 0.1 s until it answers (True), the process
    ends or ``tries`` run out (False)."""
    import time

    import requests

    for _ in range(tries):
        if proc.poll() is not None:
            return False
        try:
            if requests.get(url + "/hub/api/", timeout=1).ok:
                return True
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    return False


def check_name(raw: str) -> str:
    """The trainee's name as the hub will use it, or HubError saying what is allowed."""
    name = (raw or "").strip().lower()
    if not NAME_RULE.fullmatch(name):
        raise HubError(
            f"The name {raw!r} cannot be used. Use 1 to 32 characters: letters a-z, digits, "
            "'-' or '_', starting with a letter or digit (for example 'asha' or 'trainee-07')."
        )
    return name


def check_password(password: str) -> str:
    if len(password or "") < 8:
        raise HubError("The room password must be at least 8 characters "
                       f"(set {PASSWORD_ENV} or pass --password).")
    return password


def trainee_dir(state: Path, name: str) -> Path:
    return Path(state) / "trainees" / check_name(name)


def copy_notebooks(state: Path, name: str, source: Path = NOTEBOOKS) -> Path:
    """Give a trainee their own copy of the notebooks; never overwrite their work.

    Files already in the trainee's folder are kept as they are (a restarted hub, or a
    second spawn, changes nothing). Raises HubError with the folder and cause on failure.
    """
    home = trainee_dir(state, name)
    dest = home / "notebooks"
    try:
        home.mkdir(parents=True, exist_ok=True)
        for src in sorted(Path(source).rglob("*")):
            rel = src.relative_to(source)
            if any(p.startswith(".") or p == "__pycache__" for p in rel.parts):
                continue
            target = dest / rel
            if src.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, target)
    except OSError as exc:
        raise HubError(f"Could not prepare {name}'s notebooks in {dest}: {exc.strerror or exc}. "
                       "Nothing of theirs was changed; check that the folder is writable "
                       "and the disk is not full, then start the server again.") from exc
    return home


def _pre_spawn_hook(spawner) -> None:
    state = Path(os.environ[STATE_ENV])
    home = copy_notebooks(state, spawner.user.name)
    spawner.notebook_dir = str(home)


def _authenticator_class():
    from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
    from tornado import web

    class RoomAuthenticator(SharedPasswordAuthenticator):
        """The room's shared password; a clear message for a wrong one or an odd name."""

        async def authenticate(self, handler, data):
            try:
                name = check_name(data.get("username", ""))
            except HubError as exc:
                raise web.HTTPError(403, str(exc)) from None
            user = await super().authenticate(handler, dict(data, username=name))
            if user is None:
                raise web.HTTPError(
                    403, "Wrong room password. Ask your tutor for today's password and try "
                         "again; your notebooks are safe.")
            return user

    return RoomAuthenticator


def configure(c, state: Path, port: int, password: str, proxy: Path = PROXY) -> None:
    """Fill a JupyterHub config object ``c`` for one teaching room."""
    state = Path(state)
    os.environ[STATE_ENV] = str(state)
    c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = port + 2  # the proxy's API takes port + 1
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.authenticator_class = _authenticator_class()
    c.SharedPasswordAuthenticator.user_password = check_password(password)
    c.Authenticator.allow_all = True
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "trainees" / "{username}")
    c.Spawner.pre_spawn_hook = _pre_spawn_hook
    c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI run as root
        c.Spawner.args = ["--allow-root"]
    c.Spawner.default_url = f"/lab/tree/{START}"
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 120
    c.Spawner.environment = {"PYTHONPATH": str(ROOT)}
    c.ConfigurableHTTPProxy.command = [str(proxy)]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 1}"
    c.JupyterHub.load_roles = [{
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }]
    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={IDLE_TIMEOUT_S}"],
    }]


CONFIG_TEMPLATE = """# Written by python3 run.py hub (helpers/publish/hub.py); regenerated at each start.
import os
from helpers.publish import hub
hub.configure(c, {state!r}, {port!r}, os.environ[{env!r}])
"""


def write_config(state: Path, port: int) -> Path:
    state = Path(state)
    state.mkdir(parents=True, exist_ok=True)
    path = state / "jupyterhub_config.py"
    path.write_text(CONFIG_TEMPLATE.format(state=str(state), port=port, env=PASSWORD_ENV))
    return path


def command(state: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "jupyterhub", "-f", str(write_config(state, port))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="run.py hub", description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--state", type=Path, default=ROOT / ".hub",
                    help="folder for the hub's database and each trainee's notebooks")
    ap.add_argument("--password", default=os.environ.get(PASSWORD_ENV))
    args = ap.parse_args(argv)
    password = args.password or secrets.token_urlsafe(9)
    try:
        check_password(password)
    except HubError as exc:
        print(f"[hub] {exc}", file=sys.stderr)
        return 2
    if not PROXY.exists():
        print(f"[hub] configurable-http-proxy is missing ({PROXY}); install Node.js 20 or "
              "newer and run `python3 run.py setup` (it runs `npm ci`).", file=sys.stderr)
        return 2
    state = args.state.resolve()
    print(f"[hub] http://127.0.0.1:{args.port}/  room password: {password}\n"
          f"[hub] trainees' notebooks are kept in {state / 'trainees'}", flush=True)
    env = dict(os.environ, **{PASSWORD_ENV: password, STATE_ENV: str(state)})
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    cmd = command(state, args.port)
    if os.name == "posix":
        # Become JupyterHub (no wrapper process): a SIGTERM from a service manager or a test
        # reaches the hub itself, which then stops the trainees' servers and the proxy.
        # Under a wrapper the signal stopped only the wrapper and left the hub running.
        os.chdir(state)
        os.execve(cmd[0], cmd, env)
    return subprocess.call(cmd, cwd=state, env=env)


if __name__ == "__main__":
    sys.exit(main())
