"""A real teaching-room hub (``python -m helpers.publish.hub``) on 127.0.0.1, for the tests.

Shared by tests/test_hub_live.py and tests/browser/test_hub_two_trainees.py: start and stop
a hub on free ports with a room password, log in as a trainee through the hub's login form,
wait for the trainee's server through the hub's REST API and get them an API token, and run
code in one of a trainee's kernels over the kernel websocket (through the hub's proxy).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import requests

from helpers.publish import hub

PASSWORD = "room-password-1"


class Hub:
    def __init__(self, state: Path):
        self.state, self.port, self.proc = state, hub.free_port(), None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self):
        env = dict(os.environ, **{hub.PASSWORD_ENV: PASSWORD})
        self.log = open(self.state.parent / f"hub-{time.time_ns()}.log", "w")
        self.proc = subprocess.Popen([sys.executable, "-m", "helpers.publish.hub", "--port",
                                      str(self.port), "--state", str(self.state)],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)  # its proxy and culler in its group
        if hub.wait_until_answering(self.url, self.proc, tries=300):
            return self
        raise AssertionError(f"hub did not start; log in {self.log.name}")

    def stop(self):
        """Stop the hub; it stops the trainees' servers and the proxy (cleanup_servers). Anything
        of the hub's still running afterwards (a hub killed after 30 s under load leaves its
        proxy and idle culler) is killed with its process group; ``left_behind`` says so."""
        self.left_behind = hub.stop_process(self.proc, 30, group=True)
        self.log.close()


@contextmanager
def running_hub(state: Path):
    h = Hub(state).start()
    try:
        yield h
    finally:
        h.stop()


def xsrf(s: requests.Session) -> str:
    return next(c.value for c in s.cookies if c.name == "_xsrf" and c.path.startswith("/hub"))


def login(h: Hub, name: str, password: str = PASSWORD) -> tuple[requests.Session, requests.Response]:
    s = requests.Session()
    s.get(h.url + "/hub/login")
    r = s.post(h.url + "/hub/login?next=", data={"username": name, "password": password,
                                                   "_xsrf": xsrf(s)})
    return s, r


def wait_running(s: requests.Session, h: Hub, name: str, timeout: float = 90) -> dict:
    """Wait for the server through the hub's REST API; return headers with a user token."""
    headers = {"X-XSRFToken": xsrf(s)}
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        model = s.get(h.url + f"/hub/api/users/{name}", headers=headers, timeout=5).json()
        if model.get("servers", {}).get("", {}).get("ready"):
            tok = s.post(h.url + f"/hub/api/users/{name}/tokens", headers=headers,
                         json={"expires_in": 600}).json()["token"]
            return {"Authorization": f"token {tok}"}
        time.sleep(0.5)
    raise AssertionError(f"{name}'s server did not start")


def run_in_kernel(h: Hub, name: str, kernel_id: str, token: str, code: str,
                  timeout: float = 30) -> str:
    """Execute ``code`` in one of ``name``'s kernels (a second connection, as a console
    would make); return what it printed. Goes through the hub's proxy like the browser."""
    import websocket

    ws = websocket.create_connection(
        f"ws://127.0.0.1:{h.port}/user/{name}/api/kernels/{kernel_id}/channels",
        header=[f"Authorization: token {token}"], timeout=timeout)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": name,
                       "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        printed, idle, replied = [], False, False
        end = time.monotonic() + timeout
        while not (idle and replied) and time.monotonic() < end:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                printed.append(msg["content"]["text"])
            elif kind == "error":
                raise AssertionError("\n".join(msg["content"]["traceback"])[-2000:])
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
        assert idle and replied, f"no reply from {name}'s kernel in {timeout:.0f} s"
        return "".join(printed)
    finally:
        ws.close()
