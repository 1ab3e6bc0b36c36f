"""helpers.ods_online against a small HTTP server on 127.0.0.1 that replays recorded ORD responses.

No test here may reach the internet: an autouse fixture refuses any connection that is not to
127.0.0.1, so a mistake fails loudly instead of calling the real service.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time

import pytest

from helpers import ods_online
from helpers.data import ods

EXAMPLES = ods.raw_dir() / "ods-api-examples"
PREFIX = "/ORD/2-0-0/organisations/"
# Used when the recorded examples are absent, so the failure paths are still tested.
FALLBACK = {"QMJ": {"Organisation": {"Name": "NHS NORTH CENTRAL LONDON INTEGRATED CARE BOARD", "Status": "Inactive",
                                     "OrgId": {"extension": "QMJ"}, "LastChangeDate": "2026-04-10",
                                     "Date": [{"Type": "Operational", "Start": "2022-07-01", "End": "2026-03-31"}]}}}


@pytest.fixture(autouse=True)
def only_localhost(monkeypatch):
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise OSError(f"test tried to reach {host!r}: only 127.0.0.1 is allowed")
        return real_connect(self, address)

    real_getaddrinfo = socket.getaddrinfo

    def guarded_lookup(host, *args, **kwargs):  # no DNS query for real hosts either
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise OSError(f"test tried to resolve {host!r}: only 127.0.0.1 is allowed")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_lookup)
    monkeypatch.delenv(ods_online.BASE_ENV, raising=False)


def _responses() -> dict[str, bytes]:
    if EXAMPLES.is_dir():
        out = {}
        for f in sorted(EXAMPLES.glob("ord_organisation_*.json")):
            out[f.stem.rsplit("_", 1)[1]] = f.read_bytes()
        return out
    return {k: json.dumps(v).encode() for k, v in FALLBACK.items()}


@pytest.fixture(scope="module")
def server():
    responses = _responses()
    stop = threading.Event()
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output quiet
            pass

        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            code = self.path[len(PREFIX):] if self.path.startswith(PREFIX) else ""
            if code == "SLOW1":
                stop.wait(3)  # longer than the client's timeout
                body, status = b"{}", 200
            elif code == "BADJSON":
                body, status = b'{"Organisation": {"Name": "X",', 200
            elif code == "NOTORG":
                body, status = b'{"Something": "else"}', 200
            elif code == "ERR500":
                body, status = b"oops", 500
            elif code in responses:
                body, status = responses[code], 200
            else:  # what the live service does for an unknown code
                body, status = json.dumps({"errorCode": 404, "errorText": "Not Found"}).encode(), 404
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    yield base, hits, responses
    stop.set()
    httpd.shutdown()
    httpd.server_close()


def test_recorded_responses_are_replayed_and_parsed(server):
    base, hits, responses = server
    for code in responses:
        res = ods_online.lookup(code, base, timeout=2)
        assert res.ok, res.message
        assert res.record["code"] == code and res.url == base + code
    if "G6V2S" in responses:
        res = ods_online.lookup("g6v2s", base)  # codes are upper-cased
        assert res.record["name"] == "NORTH LONDON NHS FOUNDATION TRUST"
        assert {"QMJ", "Z9B2Z"} <= {r["target"] for r in res.record["rels"]}
        html = ods_online.result_html(res)
        assert "NORTH LONDON NHS FOUNDATION TRUST (G6V2S)" in html and "Open Government Licence v3.0" in html
    assert all(h.startswith(PREFIX) for h in hits)


def test_unknown_code_is_reported_not_raised(server):
    base, _, _ = server
    res = ods_online.lookup("ZZZ99", base)
    assert res.status == "unknown" and res.message == "ODS has no organisation with the code ZZZ99."


def test_malformed_and_non_organisation_answers(server):
    base, _, _ = server
    bad = ods_online.lookup("BADJSON", base)
    assert bad.status == "error" and "not with valid JSON" in bad.message
    notorg = ods_online.lookup("NOTORG", base)
    assert notorg.status == "error" and "not with an organisation record" in notorg.message
    err = ods_online.lookup("ERR500", base)
    assert err.status == "error" and "HTTP 500" in err.message


def test_timeout_is_short_and_explained(server):
    base, _, _ = server
    t = time.perf_counter()
    res = ods_online.lookup("SLOW1", base, timeout=0.3)
    assert time.perf_counter() - t < 2
    assert res.status == "timeout" and "did not answer within 0.3 seconds" in res.message
    assert "works offline" in res.message


def test_offline_when_nothing_listens():
    with socket.socket() as s:  # find a free port, then close it so nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = ods_online.lookup("QMJ", f"http://127.0.0.1:{port}/ORD/2-0-0/organisations/", timeout=1)
    assert res.status == "offline" and "you may be offline" in res.message


def test_default_address_without_network_gives_the_offline_message():
    # the guard refuses the real host, as a machine without internet would
    res = ods_online.lookup("QMJ", timeout=0.5)
    assert res.url == ods_online.DEFAULT_BASE + "QMJ"
    assert res.status in ("offline", "timeout") and "works offline" in res.message


def test_invalid_codes_send_nothing(server):
    base, hits, _ = server
    before = len(hits)
    for code in ("", "Q", "QMJ/../../etc", "<script>", "QM J"):
        res = ods_online.lookup(code, base)
        assert res.status == "invalid"
    assert len(hits) == before


def test_base_url_from_environment(server, monkeypatch):
    base, _, responses = server
    monkeypatch.setenv(ods_online.BASE_ENV, base.rstrip("/"))
    assert ods_online.base_url() == base
    code = next(iter(responses))
    assert ods_online.lookup(code).ok


def test_widget_looks_up_only_when_asked_and_escapes(server):
    base, hits, responses = server
    w = ods_online.OnlineLookup(base=base, timeout=2)
    before = len(hits)
    w.code.value = next(iter(responses))  # typing sends nothing
    assert len(hits) == before and "Nothing is sent" in w.output.value
    w.button.click()
    assert len(hits) == before + 1 and w.result.ok
    res = w.look_up('<b>"x"</b>')
    assert res.status == "invalid" and "<b>" not in w.output.value
    w.look_up("ZZZ99")
    assert "ODS has no organisation with the code ZZZ99." in w.output.value
