"""The teaching-room hub (helpers/publish/hub.py): names, passwords, copies, config."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config

from helpers.publish import hub

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("raw, want", [("Asha", "asha"), (" trainee-07 ", "trainee-07"),
                                       ("dr_li", "dr_li")])
def test_names_are_normalised(raw, want):
    assert hub.check_name(raw) == want


@pytest.mark.parametrize("raw", ["", "../etc", "Asha Patel", "a/b", "-x", "名前", "x" * 33,
                                 "semi;colon", "<b>"])
def test_odd_names_are_refused_with_what_is_allowed(raw):
    with pytest.raises(hub.HubError, match="cannot be used.*letters a-z"):
        hub.check_name(raw)


def test_short_room_password_is_refused():
    with pytest.raises(hub.HubError, match="at least 8 characters"):
        hub.check_password("abc")


def _source(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "01.ipynb").write_text("original")
    (src / "sub" / "x.csv").write_text("a\n")
    (src / ".ipynb_checkpoints").mkdir()
    return src


def test_each_trainee_gets_a_copy_and_keeps_their_work(tmp_path):
    src, state = _source(tmp_path), tmp_path / "state"
    a = hub.copy_notebooks(state, "asha", src)
    b = hub.copy_notebooks(state, "ben", src)
    assert a != b and (b / "notebooks" / "sub" / "x.csv").exists()
    assert not (a / "notebooks" / ".ipynb_checkpoints").exists()
    (a / "notebooks" / "01.ipynb").write_text("asha's work")
    # the hub restarted (or the server started again): the copy is made again, work kept
    hub.copy_notebooks(state, "asha", src)
    assert (a / "notebooks" / "01.ipynb").read_text() == "asha's work"
    assert (b / "notebooks" / "01.ipynb").read_text() == "original"


def test_a_copy_that_fails_says_where_and_what_to_do(tmp_path):
    src, state = _source(tmp_path), tmp_path / "state"
    (state / "trainees").mkdir(parents=True)
    (state / "trainees" / "asha").write_text("a file where the folder should be")
    with pytest.raises(hub.HubError, match=r"Could not prepare asha's notebooks in .*Nothing"):
        hub.copy_notebooks(state, "asha", src)


def _config(tmp_path) -> Config:
    c = Config()
    hub.configure(c, tmp_path, 18000, "room-password")
    return c


def test_config_binds_loopback_culls_and_uses_the_local_spawner(tmp_path):
    c = _config(tmp_path)
    assert c.JupyterHub.bind_url == "http://127.0.0.1:18000"
    assert c.JupyterHub.spawner_class.endswith("SimpleLocalProcessSpawner")
    assert c.Spawner.default_url == "/lab/tree/notebooks/00_start_here.ipynb"
    culler = c.JupyterHub.services[0]
    assert "jupyterhub_idle_culler" in culler["command"]
    assert c.JupyterHub.load_roles[0]["services"] == ["idle-culler"]
    assert Path(c.ConfigurableHTTPProxy.command[0]).name == "configurable-http-proxy"
    with pytest.raises(hub.HubError):
        hub.configure(Config(), tmp_path, 18000, "short")


def _login(tmp_path, username, password):
    from tornado import web
    c = _config(tmp_path)
    auth = c.JupyterHub.authenticator_class(config=c)
    try:
        return asyncio.run(auth.authenticate(None, {"username": username, "password": password}))
    except web.HTTPError as exc:
        return exc


def test_wrong_password_and_odd_name_get_clear_messages(tmp_path):
    assert _login(tmp_path, "Asha", "room-password")["name"] == "asha"
    wrong = _login(tmp_path, "asha", "not-the-password")
    assert wrong.status_code == 403 and "Wrong room password" in wrong.log_message
    odd = _login(tmp_path, "asha patel", "room-password")
    assert odd.status_code == 403 and "cannot be used" in odd.log_message


def test_written_config_loads_and_pre_spawn_hook_copies(tmp_path, monkeypatch):
    path = hub.write_config(tmp_path, 18001)
    monkeypatch.setenv(hub.PASSWORD_ENV, "room-password")
    c = Config()
    exec(compile(path.read_text(), str(path), "exec"), {"c": c})
    assert c.SharedPasswordAuthenticator.user_password == "room-password"

    class Spawner:  # the two attributes the hook uses
        user = type("U", (), {"name": "ben"})()
        notebook_dir = ""
    s = Spawner()
    c.Spawner.pre_spawn_hook(s)
    assert Path(s.notebook_dir) == tmp_path / "trainees" / "ben"
    assert (Path(s.notebook_dir) / "notebooks" / "01_timeline.ipynb").exists()
    assert os.environ[hub.STATE_ENV] == str(tmp_path)


def test_z2jh_values_match_the_room():
    values = yaml.safe_load((ROOT / "deploy" / "z2jh-values.yaml").read_text())
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == "shared-password"
    assert values["singleuser"]["defaultUrl"] == "/lab/tree/notebooks/00_start_here.ipynb"
    assert values["cull"] == {"enabled": True, "timeout": hub.IDLE_TIMEOUT_S}


def test_proxy_is_pinned_and_locked():
    import json
    pkg = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    want = pkg["dependencies"]["configurable-http-proxy"]
    assert want[0].isdigit(), "pin an exact version"
    assert lock["packages"]["node_modules/configurable-http-proxy"]["version"] == want


def test_stopping_a_process_group_stops_what_its_leader_left_running():
    """A hub killed after its time-out cannot stop its proxy and culler: stop_process(group=True)
    stops whatever is left in the leader's process group, and says that something was."""
    import subprocess
    import sys
    import time

    leaves_a_child = ("import subprocess, sys, time; "
                      "c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
                      "print(c.pid, flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", leaves_a_child], stdout=subprocess.PIPE, text=True,
                            start_new_session=True)
    child = int(proc.stdout.readline())
    assert hub.stop_process(proc, 5, group=True) is True
    for _ in range(50):  # the child is gone (killed, then reaped by init)
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"process {child} of the group is still running")
    quiet = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    assert hub.stop_process(quiet, 5, group=True) is False  # nothing left: says so
