"""A real JupyterHub on 127.0.0.1 (python3 run.py hub's config): log in, spawn, restart, fail.

One hub process per test module; the trainee's file survives a hub restart, and a spawn
that cannot prepare the notebooks reports the reason to the trainee.
"""

from __future__ import annotations

import pytest

from helpers.publish import hub

from .live_hub import Hub, login, wait_running, xsrf as _xsrf

pytestmark = pytest.mark.skipif(not hub.PROXY.exists(),
                                reason="configurable-http-proxy not installed (npm ci)")


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
    assert not room.left_behind  # a hub stopped in time stops its proxy, culler and servers itself
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
