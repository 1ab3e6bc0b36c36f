"""Two trainees on one teaching-room hub, in two browser contexts: separate kernels, separate files.

The test starts a real hub (``python -m helpers.publish.hub``, as ``python3 run.py hub``) on
127.0.0.1 with free ports. "ana" and "ben" each log in through the hub's login page with the
room password, following a link to notebook 01; each runs it in their own JupyterLab and
filters the timeline explorer to a different era. Then:

- the hub's REST API shows each trainee with their own server; each page still shows its
  own era after the other changed theirs, and each trainee's kernel (asked over the kernel
  websocket, through the hub, with that trainee's token) is a different process holding that
  trainee's choice;
- a file ana saves through the hub (Jupyter contents API, her token) is in her folder and
  not in ben's, and her token cannot reach ben's server at all.

No request leaves 127.0.0.1 (both contexts are guarded).
"""

from __future__ import annotations

import json
import time

import pytest
import requests

from helpers import catalogue
from helpers.publish import hub

from .. import live_hub
from . import artifacts, pages
from .interactions import INTERACTIONS
from .test_lab import SCOPE, run_all_cells

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not hub.PROXY.exists(),
                                 reason="configurable-http-proxy not installed (npm ci)")]

NOTEBOOK = "01_timeline.ipynb"
TRAINEES = {"ana": 1, "ben": 2}  # name -> how many eras down the list they move the filter
ERA = INTERACTIONS[NOTEBOOK][0]  # "filter the timeline by era": the select labelled Era

KERNEL_STATE = """
import json, os
from ipywidgets.widgets.widget import _instances
era = [w for w in list(_instances.values()) if getattr(w, "description", None) == "Era:"]
print(json.dumps({"pid": os.getpid(), "cwd": os.getcwd(), "eras": [w.label for w in era]}))
"""


# The explorer's status line: "N of M events (era ...)".
STATUS_JS = """(scope) => [...document.querySelectorAll(scope + ' .widget-html')]
  .map(e => e.textContent).filter(t => /\\d+ of \\d+ events/.test(t))"""


def _plain(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def room(chromium_path, tmp_path_factory):
    with live_hub.running_hub(tmp_path_factory.mktemp("hub") / "state") as h:
        yield h


def _xsrf(ctx, h: live_hub.Hub) -> str:
    return next(c["value"] for c in ctx.cookies(h.url + "/hub/") if c["name"] == "_xsrf"
                and c["path"].startswith("/hub"))


def hub_api(ctx, h: live_hub.Hub, method: str, path: str, **kw):
    """A hub REST API call with the cookie of the trainee's own browser context."""
    r = ctx.request.fetch(f"{h.url}/hub/api/{path}", method=method,
                          headers={"X-XSRFToken": _xsrf(ctx, h)}, **kw)
    assert r.ok, f"{method} {path}: {r.status} {r.text()[:300]}"
    return r.json() if r.text() else None


def wait_ready(ctx, h: live_hub.Hub, name: str, timeout: float = 90) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        server = hub_api(ctx, h, "GET", f"users/{name}").get("servers", {}).get("")
        if server and server.get("ready"):
            return server
        time.sleep(0.25)
    raise AssertionError(f"{name}'s server was not ready in {timeout:.0f} s")


def test_two_trainees_have_their_own_kernels_and_files(room, guarded, browser):
    path = catalogue.NOTEBOOK_DIR / NOTEBOOK
    want = pages.expected(path)
    trainees = {}
    # Both log in through the login page, then start their servers (the home page's
    # "Start My Server" does the same POST), so the hub starts them side by side, as in a room.
    # The spawn page is not waited on: it follows an event stream, which the guard's request
    # routing holds back until the stream ends.
    for name in TRAINEES:
        g = guarded()
        page = g.context.new_page()
        page.goto(f"{room.url}/hub/login?next=/hub/home")
        page.fill("#username_input", name)
        page.fill("#password_input", live_hub.PASSWORD)
        page.click("#login_submit")
        page.wait_for_url("**/hub/home")
        assert name in page.inner_text("body")
        hub_api(g.context, room, "POST", f"users/{name}/server")
        trainees[name] = {"g": g, "page": page}

    for name, t in trainees.items():  # both JupyterLabs load (and start kernels) side by side
        wait_ready(t["g"].context, room, name)
        t["page"].goto(f"{room.url}/user/{name}/lab/workspaces/hub-test/tree/notebooks/{NOTEBOOK}")
    for name, t in trainees.items():
        page = t["page"]
        took = run_all_cells(page, want)
        print(f"{name}: {NOTEBOOK} ran in {took:.1f} s in their own JupyterLab")
        assert not pages.problems(pages.report(page, SCOPE), want)
        kind, el, label = pages.find_control(page, SCOPE, ERA)
        assert kind == "select", (kind, label)
        pages.arm(page, SCOPE)
        pages.operate(kind, el, ERA, step=TRAINEES[name])
        changed = pages.outcome(page)
        assert changed is not None, f"{name}'s era change redrew nothing"
        t["era"] = el.evaluate("s => s.options[s.selectedIndex].text")
        t["control"] = el
        print(f"{name}: chose era {t['era']!r}; the {changed['kind']} redrew in {changed['ms']:.0f} ms")
    ana, ben = trainees["ana"], trainees["ben"]
    assert ana["era"] != ben["era"]
    # Each page still shows its own choice after the other trainee changed theirs.
    for t in trainees.values():
        assert t["control"].evaluate("s => s.options[s.selectedIndex].text") == t["era"]
        status = t["page"].evaluate(STATUS_JS, SCOPE)
        assert len(status) == 1 and f"era {_plain(t['era'])}" in _plain(status[0]), status

    tokens = {name: hub_api(t["g"].context, room, "POST", f"users/{name}/tokens",
                            data={"expires_in": 600, "note": "two-trainee browser test"})["token"]
              for name, t in trainees.items()}
    auth = {name: {"Authorization": f"token {tok}"} for name, tok in tokens.items()}

    # (a) The hub has a server for each, at their own address; each kernel is its own process.
    kernels = {}
    for name in trainees:
        model = requests.get(f"{room.url}/hub/api/users/{name}", headers=auth[name], timeout=10).json()
        server = model["servers"][""]
        assert server["ready"] and server["url"] == f"/user/{name}/", server
        sessions = requests.get(f"{room.url}/user/{name}/api/sessions", headers=auth[name],
                                timeout=10).json()
        mine = [s for s in sessions if s["path"] == f"notebooks/{NOTEBOOK}"]
        assert len(mine) == 1, sessions
        state = json.loads(live_hub.run_in_kernel(room, name, mine[0]["kernel"]["id"], tokens[name],
                                                  KERNEL_STATE).strip().splitlines()[-1])
        assert [_plain(e) for e in state["eras"]] == [_plain(trainees[name]["era"])], (name, state)
        assert state["cwd"] == str(room.state / "trainees" / name / "notebooks"), state
        kernels[name] = {"id": mine[0]["kernel"]["id"], **state}
    assert kernels["ana"]["id"] != kernels["ben"]["id"]
    assert kernels["ana"]["pid"] != kernels["ben"]["pid"]
    # ana's token does not reach ben's server or ben's account.
    assert requests.get(f"{room.url}/user/ben/api/sessions", headers=auth["ana"],
                        timeout=10, allow_redirects=False).status_code in (302, 403)
    assert requests.get(f"{room.url}/hub/api/users/ben", headers=auth["ana"],
                        timeout=10).status_code in (403, 404)

    # (b) A file ana saves is in her folder, not in ben's.
    put = requests.put(f"{room.url}/user/ana/api/contents/notebooks/ana-notes.txt",
                       json={"type": "file", "format": "text", "content": "ana's own notes"},
                       headers=auth["ana"], timeout=10)
    assert put.status_code in (200, 201), put.text
    assert (room.state / "trainees" / "ana" / "notebooks" / "ana-notes.txt").read_text() == "ana's own notes"
    assert not (room.state / "trainees" / "ben" / "notebooks" / "ana-notes.txt").exists()
    seen_by_ben = requests.get(f"{room.url}/user/ben/api/contents/notebooks/ana-notes.txt",
                               headers=auth["ben"], timeout=10)
    assert seen_by_ben.status_code == 404, seen_by_ben.text[:300]
    listing = requests.get(f"{room.url}/user/ben/api/contents/notebooks", headers=auth["ben"],
                           timeout=10).json()
    names = {c["name"] for c in listing["content"]}
    assert NOTEBOOK in names and "ana-notes.txt" not in names

    for name, t in trainees.items():
        artifacts.screenshot(t["page"], "hub", f"{name}-{NOTEBOOK}")
        t["g"].assert_no_external_requests()
