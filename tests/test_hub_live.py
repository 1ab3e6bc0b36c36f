"""A real JupyterHub on 127.0.0.1 (python3 run.py hub's config): log in, spawn, restart, fail.

One hub process per test module; the trainee's file survives a hub restart, and a spawn
that cannot prepare the notebooks reports the reason to the trainee.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from helpers.publish import hub

PASSWORD = "room-password-1"
pytestmark = pytest.mark.skipif(not hub.PROXY.exists(),
                                reason="configurable-http-proxy not installed (npm ci)")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Hub:
    def __init__(self, state: Path):
        self.state, self.port, self.proc = state, _port(), None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self):
        env = dict(os.environ, **{hub.PASSWORD_ENV: PASSWORD})
        self.log = open(self.state.parent / f"hub-{time.time_ns()}.log", "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "helpers.publish.hub", "--port",
                                      str(self.port), "--state", str(self.state)],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                if requests.get(self.url + "/hub/api/", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"hub did not start; log in {self.log.name}")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)
        self.log.close()


def _xsrf(s: requests.Session) -> str:
    return next(c.value for c in s.cookies if c.name == "_xsrf" and c.path.startswith("/hub"))


def login(h: Hub, name: str, password: str = PASSWORD) -> tuple[requests.Session, requests.Response]:
    s = requests.Session()
    s.get(h.url + "/hub/login")
    r = s.post(h.url + "/hub/login?next=", data={"username": name, "password": password,
                                                   "_xsrf": _xsrf(s)})
    return s, r


def wait_running(s: requests.Session, h: Hub, name: str, timeout: float = 90) -> dict:
    """Wait for the server through the hub's REST API; return headers with a user token."""
    xsrf = {"X-XSRFToken": _xsrf(s)}
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        model = s.get(h.url + f"/hub/api/users/{name}", headers=xsrf, timeout=5).json()
        if model.get("servers", {}).get("", {}).get("ready"):
            tok = s.post(h.url + f"/hub/api/users/{name}/tokens", headers=xsrf,
                         json={"expires_in": 600}).json()["token"]
            return {"Authorization": f"token {tok}"}
        time.sleep(0.5)
    raise AssertionError(f"{name}'s server did not start")


@pytest.fixture
def room(tmp_path):
    h = Hub(tmp_path / "state").start()
    yield h
    h.stop()


def test_wrong_password_says_so(room):
    _, r = login(room, "asha", "not-it-at-all")
    assert r.status_code == 403 and "Wrong room password" in r.text


def test_work_survives_a_hub_restart(room):
    s, r = login(room, "asha")
    assert r.ok, r.text[:300]
    auth = wait_running(s, room, "asha")
    mine = room.state / "trainees" / "asha" / "notebooks" / "my-notes.txt"
    put = s.put(room.url + "/user/asha/api/contents/notebooks/my-notes.txt",
                json={"type": "file", "format": "text", "content": "asha's notes"},
                headers=auth)
    assert put.status_code in (200, 201), put.text
    assert mine.read_text() == "asha's notes"
    room.stop()
    room.start()
    s2, r2 = login(room, "asha")
    assert r2.ok
    auth2 = wait_running(s2, room, "asha")
    got = s2.get(room.url + "/user/asha/api/contents/notebooks/my-notes.txt",
                 headers=auth2).json()
    assert got["content"] == "asha's notes"


def test_a_spawn_that_fails_gives_the_reason(room):
    (room.state / "trainees").mkdir(parents=True, exist_ok=True)
    (room.state / "trainees" / "ben").write_text("a file where ben's folder should be")
    s, r = login(room, "ben")
    # the spawn page follows this event stream and shows its last message
    events = s.get(room.url + "/hub/api/users/ben/server/progress",
                   headers={"X-XSRFToken": _xsrf(s)}, timeout=60).text
    assert "Could not prepare ben's notebooks" in events, events[-600:]
    assert '"failed": true' in events
    assert (room.state / "trainees" / "ben").read_text().startswith("a file")
