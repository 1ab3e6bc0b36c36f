"""helpers.ods_online against a small HTTP server on 127.0.0.1 that replays recorded ORD responses.

No test here may reach the internet: an autouse fixture refuses any connection that is not to
127.0.0.1, so a mistake fails loudly instead of calling the real service. The second half uses
``tests/ods_replay.py``, a socket server that misbehaves at the byte level (drips, broken status
lines and headers, broken chunking, cut or endless bodies), and checks that every failure comes
back as a status with a plain message inside the one deadline.
"""

from __future__ import annotations

import http.server
import json
import re
import socket
import ssl
import threading
import time

import pytest

from helpers import ods_online
from helpers.data import ods
from helpers.display import esc

from .ods_replay import Replay, answer, chunked

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


# --------------------------------------------------------------------------
# A server that misbehaves at the byte level (tests/ods_replay.py)
# --------------------------------------------------------------------------

TIMEOUT = 1.0  # seconds: short, so the slow cases stay quick
PYTHON_WORDS = re.compile(r"Traceback|File \"|Errno|_ssl\.c|\b[A-Z][A-Za-z]*(Error|Exception)\b")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")  # values from the answer, quoted (and escaped) by parse_ord


def _plain(message: str) -> None:
    """A trainee-facing message: one short printable English sentence or two, no Python internals."""
    assert isinstance(message, str) and message.strip(), "empty message"
    assert message.isprintable() and len(message) < 400, message
    own_words = QUOTED.sub("", message)
    assert "<" not in own_words and ">" not in own_words, message
    assert not PYTHON_WORDS.search(own_words), message


def _ask(base: str, code: str, timeout: float = TIMEOUT):
    t = time.monotonic()
    res = ods_online.lookup(code, base, timeout=timeout)
    elapsed = time.monotonic() - t
    assert isinstance(res, ods_online.LookupResult)
    _plain(res.message.replace(res.record["name"], "NAME", 1) if res.ok else res.message)  # a name is data
    assert elapsed < timeout + 1, f"{code} took {elapsed:.2f} s with a {timeout} s timeout"
    return res, elapsed


def _org(code: str, **changes) -> dict:
    """A valid ORD organisation answer for ``code`` (roles, relationships, successors), then ``changes``."""
    org = {"Name": f"TEST ORGANISATION {code}", "Status": "Active", "OrgId": {"extension": code},
           "LastChangeDate": "2026-04-10", "Date": [{"Type": "Operational", "Start": "2022-07-01"}],
           "Roles": {"Role": [{"id": "RO98", "primaryRole": True, "Status": "Active",
                               "Date": [{"Type": "Operational", "Start": "2022-07-01"}]}]},
           "Rels": {"Rel": [{"id": "RE5", "Status": "Active", "Date": [{"Type": "Operational", "Start": "2022-07-01"}],
                             "Target": {"OrgId": {"extension": "Y56"}, "PrimaryRoleId": {"id": "RO209"}}}]},
           "Succs": {"Succ": [{"Type": "Successor", "Date": [{"Type": "Legal", "Start": "2026-04-01"}],
                               "Target": {"OrgId": {"extension": "QMJ"}}}]}}
    org.update(changes)
    return {"Organisation": org}


def _json(data) -> bytes:
    return json.dumps(data).encode()


@pytest.fixture(scope="module")
def replay():
    with Replay() as server:
        yield server


HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
DIGITS = "9" * 100_000
# code: (script, status, words in the message)
BYTE_CASES = {
    "DRIPSTAT": ([("drip", answer(_json(_org("DRIPSTAT"))), 0.5)], "timeout", "did not answer within 1 second."),
    "DRIPHEAD": ([b"HTTP/1.1 200 OK\r\n", ("drip", b"X-Slow: " + b"a" * 50 + b"\r\n\r\n{}", 0.5)], "timeout",
                 "did not answer within"),
    "DRIPBODY": ([HEAD + b"Content-Length: 500\r\n\r\n", ("drip", b"{" + b" " * 499, 0.5)], "timeout",
                 "did not answer within"),
    "SILENT": ([("sleep", 30)], "timeout", "did not answer within"),
    "BADSTAT": ([b"HELLO THERE\r\n\r\n{}"], "error", "did not start with an HTTP status line"),
    "BADCODE": ([b"HTTP/1.1 2x0 OK\r\n\r\n{}"], "error", "did not start with an HTTP status line"),
    "HTTP2": ([b"HTTP/2 200\r\n\r\n{}"], "error", "broken answer"),
    "NOANSWER": ([], "error", "closed before any answer"),
    "LONGHEAD": ([HEAD + b"X-Long: " + b"a" * 70_000 + b"\r\n\r\n{}"], "error", "far too long"),
    "ENDLESSHD": ([HEAD, ("stream", b"X-More: yes\r\n")], "error", "too many header lines"),
    "MANYHEAD": ([HEAD + b"".join(b"X-H%d: v\r\n" % i for i in range(150)) + b"\r\n{}"], "error",
                 "too many header lines"),
    "BADCHUNK": ([HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"], "error", "broken answer"),
    "LONGCHUNK": ([HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + b"1" * 70_000 + b"\r\n"], "error", "far too long"),
    "CUTCHUNK": ([chunked(b'{"Organisation": ', end=False) + b"100\r\n{}"], "error", "closed before the whole answer"),
    "CUTBODY": ([HEAD + b"Content-Length: 1000\r\n\r\n" + b'{"Organisation": {'], "error",
                "closed before the whole answer"),
    "RESETBODY": ([HEAD + b"Content-Length: 1000\r\n\r\n" + b'{"Organisation": {', ("sleep", 0.2), ("reset",)],
                  "error", "broken answer"),
    "TOOBIG": ([HEAD + b"Content-Length: %d\r\n\r\n" % (ods_online.MAX_BYTES + 10), b" " * (ods_online.MAX_BYTES + 10)],
               "error", "unexpectedly large"),
    "ENDLESS": ([HEAD + b"\r\n", ("stream", b" " * 65536)], "error", "unexpectedly large"),
    "ENDLESSCH": ([HEAD + b"Transfer-Encoding: chunked\r\n\r\n", ("stream", b"1000\r\n" + b" " * 4096 + b"\r\n")],
                  "error", "unexpectedly large"),
    "NOTUTF8": ([answer(b'{"Organisation": {"Name": "caf\xe9"}}')], "error", "not with UTF-8 text (byte 0xe9"),
    "DEEPLIST": ([answer(b"[" * 100_000)], "error", "nested too deeply"),
    "DEEPOBJ": ([answer(b'{"a": ' * 100_000)], "error", "nested too deeply"),
    "BIGINT": ([answer(json.dumps(_org("BIGINT")).replace('"2026-04-10"', DIGITS).encode())], "error",
               "number far too long"),
    "NOTJSON": ([answer(b"<html>Service unavailable</html>")], "error", "not with valid JSON"),
    "EMPTYBODY": ([answer(b"")], "error", "not with valid JSON"),
    "ERR503": ([answer(b"busy", "503 Service Unavailable")], "error", "HTTP 503"),
    "GONE": ([answer(b"{}", "404 Not Found")], "unknown", "no organisation with the code GONE"),
    "OTHER": ([answer(_json(_org("QMJ")))], "error", "describes QMJ, not OTHER"),
    "FINE": ([answer(_json(_org("FINE")))], "found", "TEST ORGANISATION FINE (FINE), active."),
    "FINECH": ([chunked(*[bytes([b]) for b in _json(_org("FINECH"))])], "found", "(FINECH), active."),
    "FINEDRIP": ([("drip", answer(_json(_org("FINEDRIP")))[:40], 0.01), answer(_json(_org("FINEDRIP")))[40:]],
                 "found", "(FINEDRIP), active."),
}


@pytest.mark.parametrize("code", list(BYTE_CASES))
def test_misbehaving_server_gives_a_status_not_an_exception(replay, code):
    script, status, words = BYTE_CASES[code]
    replay.routes[code] = script
    res, elapsed = _ask(replay.base, code)
    assert res.status == status, res.message
    assert words in res.message
    if status == "timeout":  # one deadline for the whole request: it is used up, not exceeded
        assert TIMEOUT - 0.05 < elapsed < TIMEOUT + 1
        assert "works offline" in res.message
    assert replay.hits[-1] == PREFIX + code
    html = ods_online.result_html(res)
    assert html and "Traceback" not in html


KINDS = {"list": [1, "two"], "string": "text", "number": 7, "null": None}
SHAPES = [(part, kind) for part in ("Organisation", "Roles", "Rels", "Succs") for kind in KINDS]


@pytest.mark.parametrize("part, kind", SHAPES, ids=[f"{p}-{k}" for p, k in SHAPES])
def test_wrong_shaped_json_is_an_error_message(replay, part, kind):
    code = f"S{SHAPES.index((part, kind)):02d}"
    data = {"Organisation": KINDS[kind]} if part == "Organisation" else _org(code, **{part: KINDS[kind]})
    replay.routes[code] = [answer(_json(data))]
    res, _ = _ask(replay.base, code)
    if kind == "null" and part != "Organisation":  # ORD leaves out a section it has nothing for; null is the same
        assert res.status == "found", res.message
        assert res.record[part.lower()] == []
    else:
        assert res.status == "error" and "not with an organisation record" in res.message, res.message
        assert (part if part != "Organisation" else "no 'Organisation' object") in res.message


DEEP = "[" * 900 + "]" * 900  # parses, but is too deep to print
INNER = {
    "ROLESTR": {"Roles": {"Role": "RO98"}},
    "RELNUM": {"Rels": {"Rel": 5}},
    "SUCCOBJ": {"Succs": {"Succ": {"Type": "Successor"}}},
    "TARGETLST": {"Rels": {"Rel": [{"id": "RE5", "Target": ["Y56"]}]}},
    "ORGIDSTR": {"Succs": {"Succ": [{"Type": "Successor", "Target": {"OrgId": "QMJ"}}]}},
    "ROLEIDOBJ": {"Roles": {"Role": [{"id": {"deep": json.loads(DEEP)}}]}},
    "TGTDEEP": {"Rels": {"Rel": [{"id": "RE5", "Target": {"OrgId": {"extension": json.loads(DEEP)}}}]}},
    "DATEDEEP": {"Date": [{"Type": "Legal", "Start": json.loads(DEEP)}]},
    "DATESTR": {"Date": "2022-07-01"},
    "NAMENUM": {"Name": 12345},
    "STATUSLST": {"Status": ["Active"]},
}


@pytest.mark.parametrize("code", list(INNER))
def test_wrong_shapes_deeper_inside_are_error_messages(replay, code):
    replay.routes[code] = [answer(_json(_org(code, **INNER[code])))]
    res, _ = _ask(replay.base, code)
    assert res.status == "error" and "not with an organisation record" in res.message, res.message
    assert not res.record


def test_connection_refused_is_offline():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res, _ = _ask(f"http://127.0.0.1:{port}{PREFIX}", "QMJ")
    assert res.status == "offline" and "Connection refused" in res.message and "you may be offline" in res.message


def test_connect_that_never_completes_times_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)  # never accepted: once the queue is full, a connect waits for ever
    port, queued = listener.getsockname()[1], []
    try:
        for _ in range(20):
            probe = socket.socket()
            probe.settimeout(0.2)
            try:
                probe.connect(("127.0.0.1", port))
            except TimeoutError:
                probe.close()
                break
            queued.append(probe)
        else:
            pytest.skip("this system accepts every connection into the queue")
        res, elapsed = _ask(f"http://127.0.0.1:{port}{PREFIX}", "QMJ")
        assert res.status == "timeout" and elapsed > TIMEOUT - 0.05
    finally:
        for s in queued:
            s.close()
        listener.close()


def test_slow_name_lookup_counts_against_the_deadline(monkeypatch, replay):
    def slow(*args, **kwargs):
        time.sleep(3)
        raise OSError("too late")

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    res, elapsed = _ask(replay.base, "FINE")
    assert res.status == "timeout" and elapsed < TIMEOUT + 0.5


def test_https_to_a_silent_or_plain_http_server(replay):
    replay.routes["SILENT"] = [("sleep", 30)]
    silent, elapsed = _ask(replay.base.replace("http:", "https:"), "SILENT")
    assert silent.status == "timeout" and elapsed > TIMEOUT - 0.05  # the TLS handshake is under the deadline too
    with Replay(greeting=answer(b"not TLS", "400 Bad Request")) as plain_http:
        plain, _ = _ask(plain_http.base.replace("http:", "https:"), "FINE")
    assert plain.status == "offline" and "no secure connection could be made" in plain.message


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 made with the openssl command (skipped without it)."""
    import shutil
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=30)
    return cert, key


def test_https_checks_the_certificate(certificate, monkeypatch):
    cert, key = certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with Replay(tls=context) as server:
        server.routes["FINE"] = [answer(_json(_org("FINE")))]
        untrusted, _ = _ask(server.base, "FINE")
        assert untrusted.status == "offline" and "certificate" in untrusted.message
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # OpenSSL's default trust store is now this certificate
        trusted, _ = _ask(server.base, "FINE")
        assert trusted.ok and trusted.url.startswith("https://127.0.0.1:")
        server.routes["DRIPSTAT"] = [("drip", answer(_json(_org("DRIPSTAT"))), 0.5)]
        drip, elapsed = _ask(server.base, "DRIPSTAT")
        assert drip.status == "timeout" and elapsed > TIMEOUT - 0.05


@pytest.mark.parametrize("base", ["ftp://127.0.0.1/ORD/", "http:///ORD/", "http://127.0.0.1:99999/ORD/",
                                  "http://127.0.0.1/OR D/", "http://127.0.0.1/ORD\r\nX-Evil: 1/",
                                  "http://127.0.0.1/ØRD/", "not an address"])
def test_unusable_addresses_are_an_error_message(base):
    res, elapsed = _ask(base, "QMJ")
    assert res.status == "error" and "not a usable web address" in res.message and elapsed < 0.5


@pytest.mark.parametrize("timeout", [0, -1, float("nan")])
def test_no_time_at_all_is_a_timeout(replay, timeout):
    replay.routes["FINE"] = [answer(_json(_org("FINE")))]
    res = ods_online.lookup("FINE", replay.base, timeout=timeout)
    assert res.status == "timeout"
    _plain(res.message)


def test_anything_unforeseen_becomes_an_error_status(replay, monkeypatch):
    class Weird:
        def __str__(self):
            raise RuntimeError("no text for you")

    res = ods_online.lookup(Weird(), replay.base)  # type: ignore[arg-type]
    assert res.status == "error" and res.message == ods_online.UNEXPECTED
    assert ods_online.lookup("FINE", replay.base, timeout="soon").status == "error"  # type: ignore[arg-type]
    for failure in (ZeroDivisionError("x"), RecursionError("deep"), MemoryError(), KeyError("Organisation")):
        def broken(*args, failure=failure):
            raise failure
        monkeypatch.setattr(ods_online, "_fetch", broken)
        res = ods_online.lookup("FINE", replay.base)
        assert res.status == "error" and res.message == ods_online.UNEXPECTED
        _plain(res.message)


def test_parse_ord_failing_in_an_unforeseen_way_is_caught(replay, monkeypatch):
    def broken(data, label="ORD response"):
        raise TypeError("'NoneType' object is not subscriptable")

    monkeypatch.setattr(ods, "parse_ord", broken)
    replay.routes["FINE"] = [answer(_json(_org("FINE")))]
    res, _ = _ask(replay.base, "FINE")
    assert res.status == "error" and "unexpected form" in res.message


# --------------------------------------------------------------------------
# The widget never stays on "Asking the ODS service…"
# --------------------------------------------------------------------------

ASKING = "Asking the ODS service"


@pytest.mark.parametrize("code", ["DRIPSTAT", "BADSTAT", "DEEPLIST", "ENDLESS", "FINE"])
def test_widget_ends_with_a_result_or_a_message(replay, code):
    replay.routes[code] = BYTE_CASES[code][0]
    w = ods_online.OnlineLookup(base=replay.base, timeout=TIMEOUT)
    w.code.value = code
    t = time.monotonic()
    w.button.click()  # what a press in the browser runs
    assert time.monotonic() - t < TIMEOUT + 1
    assert ASKING not in w.output.value and w.result.status == BYTE_CASES[code][1]
    shown = f"{code} ({code})</h4>" if w.result.ok else esc(w.result.message)
    assert shown in w.output.value


def test_widget_survives_unexpected_exceptions(replay, monkeypatch):
    w = ods_online.OnlineLookup(base=replay.base, timeout=TIMEOUT)

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ods_online, "lookup", boom)
    w.code.value = "FINE"
    w._on_click(w.button)
    assert ASKING not in w.output.value and "boom" not in w.output.value and "Traceback" not in w.output.value
    assert esc(ods_online.UNEXPECTED) in w.output.value and w.result.status == "error"
    monkeypatch.undo()
    monkeypatch.setattr(ods_online, "result_html", boom)  # the card itself failing
    replay.routes["FINE"] = [answer(_json(_org("FINE")))]
    assert w.look_up("FINE").status == "error"
    assert ASKING not in w.output.value and esc(ods_online.UNEXPECTED) in w.output.value


def test_widget_interrupted_says_so(replay, monkeypatch):
    w = ods_online.OnlineLookup(base=replay.base, timeout=TIMEOUT)

    def interrupted(*args, **kwargs):
        assert ASKING in w.output.value  # shown while waiting
        raise KeyboardInterrupt

    monkeypatch.setattr(ods_online, "lookup", interrupted)
    with pytest.raises(KeyboardInterrupt):
        w.look_up("FINE")
    assert ASKING not in w.output.value and esc(ods_online.STOPPED) in w.output.value


# --------------------------------------------------------------------------
# Property tests (only when hypothesis is installed)
# --------------------------------------------------------------------------

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is optional
    given = None

if given is not None:
    STATUSES = {"found", "unknown", "invalid", "offline", "timeout", "error"}
    JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                     max_size=4),
                        max_leaves=20)
    FIELDS = st.sampled_from(["Name", "Status", "OrgId", "Date", "LastChangeDate", "Roles", "Rels", "Succs"])
    SLOW_OK = settings(max_examples=60, deadline=None, database=None, derandomize=True,
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

    @SLOW_OK
    @given(field=FIELDS, value=JSON)
    def test_any_json_in_any_field_gives_a_status(replay, field, value):
        replay.routes["PROP"] = [answer(_json(_org("PROP", **{field: value})))]
        res, _ = _ask(replay.base, "PROP", timeout=2)
        assert res.status in ("found", "error")
        ods_online.result_html(res)

    @SLOW_OK
    @given(head=st.binary(max_size=200), body=st.binary(max_size=200))
    def test_any_bytes_after_a_status_line_give_a_status(replay, head, body):
        replay.routes["PROPB"] = [b"HTTP/1.1 200 OK\r\n" + head + b"\r\n\r\n" + body]
        res, _ = _ask(replay.base, "PROPB", timeout=2)
        assert res.status in STATUSES
        ods_online.result_html(res)
