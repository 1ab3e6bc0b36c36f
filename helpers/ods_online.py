"""Optional online look-up of one organisation in the live ODS ORD API.

Only when a trainee asks (a button press, or a call to :func:`lookup`): nothing here runs at
import time or when a notebook opens. The request goes to::

    https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/<CODE>

under one deadline, ``timeout`` seconds for name look-up, connection, TLS handshake (certificates
verified), status line, headers and body together, with the body capped at ``MAX_BYTES``. Any
failure comes back as a :class:`LookupResult` with a plain-English message, never as an
exception, so a notebook cell cannot break on it. The base address can be changed with the
``base_url`` argument or ``$JUC_ORD_BASE`` (tests point it at a small server on 127.0.0.1); proxy
settings are not used. The response is checked by :func:`helpers.data.ods.parse_ord`.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import socket
import ssl
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from .display import esc

DEFAULT_BASE = "https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/"
BASE_ENV = "JUC_ORD_BASE"
DEFAULT_TIMEOUT = 5.0
MAX_BYTES = 2_000_000
_CODE = re.compile(r"^[A-Z0-9]{3,9}$")
OFFLINE_HELP = ("The live look-up is optional: everything else in this notebook uses the tables "
                "already in the project and works offline.")
UNEXPECTED = "Something unexpected went wrong during the live look-up, so there is no answer. " + OFFLINE_HELP
STOPPED = "The live look-up was stopped before an answer came."
_KINDS = {dict: "an object", list: "a list", str: "text", bool: "true or false", type(None): "null"}
_SECTIONS = (("Roles", "Role"), ("Rels", "Rel"), ("Succs", "Succ"))
_BROKEN = ((http.client.LineTooLong, "a line in it was far too long"),
           (http.client.RemoteDisconnected, "the connection closed before any answer"),
           (http.client.BadStatusLine, "it did not start with an HTTP status line"),
           (http.client.IncompleteRead, "the connection closed before the whole answer arrived"),
           (ConnectionError, "the connection broke before the whole answer arrived"))


@dataclass
class LookupResult:
    """What a look-up found. ``status``: found, unknown, invalid, offline, timeout, error."""

    code: str
    status: str
    message: str
    url: str = ""
    record: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "found"


class _Failure(Exception):
    """A look-up that cannot succeed; ``args`` are (status, message), the message worded for the trainee."""


def base_url(override: str | None = None) -> str:
    base = override or os.environ.get(BASE_ENV) or DEFAULT_BASE
    return base if base.endswith("/") else base + "/"


def lookup(code: str, base: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> LookupResult:
    """Ask the ORD API about one ODS code. Never raises: every failure is a status with a message."""
    clean = ""
    try:
        clean = str(code or "").strip().upper()
        return _lookup(clean, base, timeout)
    except Exception:  # the last line of defence: no traceback reaches the notebook
        return LookupResult(clean, "error", UNEXPECTED)


def _lookup(clean: str, base: str | None, timeout) -> LookupResult:
    if not _CODE.match(clean):
        return LookupResult(clean, "invalid", "An ODS code is 3 to 9 letters and digits (for example QMJ, "
                            "15F or U00070); nothing was sent.")
    url = base_url(base) + clean
    seconds = DEFAULT_TIMEOUT if timeout is None else float(timeout)
    seconds = min(seconds, 600.0) if seconds > 0 else 0.0  # NaN or negative: no time at all
    try:
        status, body = _fetch(url, seconds)
    except _Failure as exc:
        return LookupResult(clean, exc.args[0], exc.args[1], url)
    except TimeoutError:
        return LookupResult(clean, "timeout", f"The ODS service did not answer within {seconds:g} second"
                            f"{'' if seconds == 1 else 's'}. " + OFFLINE_HELP, url)
    if status == 404:
        return LookupResult(clean, "unknown", f"ODS has no organisation with the code {clean}.", url)
    if not 200 <= status < 300:
        return LookupResult(clean, "error", f"The ODS service answered with an error (HTTP {status}). "
                            "Try again later.", url)
    return _interpret(clean, url, body)


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the deadline for the look-up has passed")
    return left


class _DeadlineIO(io.RawIOBase):
    """The socket as http.client reads it (``makefile``): each read may wait only for the time left."""

    def __init__(self, sock, deadline: float):
        super().__init__()
        self._sock, self._deadline = sock, deadline

    def makefile(self, mode, *args, **kwargs):
        return io.BufferedReader(self)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self._sock.settimeout(_left(self._deadline))
        return self._sock.recv_into(buffer)


def _address(url: str) -> tuple[str, int, bool, bytes]:
    """Host, port, whether TLS is used, and the request bytes for ``url``."""
    try:
        parts = urllib.parse.urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host, tls = parts.netloc.rpartition("@")[2], parts.scheme == "https"
        request = (f"GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\nUser-Agent: joined-up"
                   "-care-notebooks\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n").encode("ascii")
        if parts.scheme in ("http", "https") and parts.hostname and (target + host).isprintable() \
                and " " not in target + host:
            return parts.hostname, parts.port or (443 if tls else 80), tls, request
    except ValueError:  # a port that is not a number, or letters outside ASCII
        pass
    raise _Failure("error", "The look-up address is not a usable web address: it must start with http:// or "
                   "https:// and contain no spaces or unusual characters.")


def _resolve(host: str, port: int, deadline: float) -> list:
    """getaddrinfo takes no timeout, so a helper thread asks and is waited for only until the deadline."""
    answer: list = []

    def ask():
        try:
            answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except Exception as exc:  # handed to the caller below
            answer.append(exc)

    worker = threading.Thread(target=ask, name="ods-online-dns", daemon=True)
    worker.start()
    worker.join(_left(deadline))
    if not answer:
        raise TimeoutError("the name look-up took too long")
    if isinstance(answer[0], Exception):
        raise answer[0]
    return answer[0]


def _connect(host: str, port: int, deadline: float) -> socket.socket:
    last: OSError = OSError("no address was found for the service")
    for family, kind, proto, _, address in _resolve(host, port, deadline):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(_left(deadline))
            sock.connect(address)
            return sock
        except OSError as exc:
            sock.close()
            if isinstance(exc, TimeoutError):
                raise
            last = exc
    raise last


def _failure(exc: Exception, connecting: bool) -> _Failure:
    """Words for what went wrong while connecting (the service is out of reach) or reading the answer."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _Failure("offline", "Could not check the ODS service's certificate, so nothing was read; the "
                        "network may be intercepting web traffic. " + OFFLINE_HELP)
    if connecting:
        reason = "no secure connection could be made" if isinstance(exc, ssl.SSLError) else \
            (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)
        return _Failure("offline", f"Could not reach the ODS service ({_short(reason)}); you may be offline. "
                        + OFFLINE_HELP)
    why = next((text for kind, text in _BROKEN if isinstance(exc, kind)), None)
    if why is None and "headers" in str(exc):  # http.client: "got more than 100 headers"
        why = "it had too many header lines"
    return _Failure("error", f"The ODS service sent a broken answer ({why or 'it could not be read'}). "
                    "Try again later.")


def _fetch(url: str, timeout: float) -> tuple[int, bytes]:
    """GET ``url`` within ``timeout`` seconds in all: (HTTP status, body); else _Failure or TimeoutError."""
    host, port, tls, request = _address(url)
    deadline, sock, connecting = time.monotonic() + timeout, None, True
    try:
        sock = _connect(host, port, deadline)
        if tls:  # CPython bounds the whole handshake by the socket timeout, not each read
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
            sock.settimeout(_left(deadline))
            sock.do_handshake()
        connecting = False
        sock.settimeout(_left(deadline))
        sock.sendall(request)
        resp = http.client.HTTPResponse(_DeadlineIO(sock, deadline), method="GET")
        resp.begin()  # status line and headers: at most 100 header lines of 64 KiB each
        if not 200 <= resp.status < 300:
            return resp.status, b""  # the body of a 404 or 500 is not needed
        body = resp.read(MAX_BYTES + 1)
        if len(body) > MAX_BYTES:
            raise _Failure("error", "The answer was unexpectedly large and was not read.")
        if resp.length:  # Content-Length promised more than arrived before the connection closed
            raise http.client.IncompleteRead(body, resp.length)
        return resp.status, body
    except TimeoutError:
        raise
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise _failure(exc, connecting) from None
    finally:
        if sock is not None:
            sock.close()


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shape_problem(data) -> str | None:
    """The first section parse_ord would trip over (say a list where an object is due), or None.

    Deeper surprises (a Target that is a list, ...) are caught around parse_ord itself.
    """
    org = data.get("Organisation") if isinstance(data, dict) else None
    if not isinstance(org, dict):
        return "there is no 'Organisation' object"
    for outer, inner in _SECTIONS:
        box = org.get(outer)
        if box is not None and not isinstance(box, dict):
            return f"Organisation.{outer} is {_KINDS.get(type(box), 'a number')}, not an object"
        items = box.get(inner) if box else None
        if items is not None and not isinstance(items, list):
            return f"Organisation.{outer}.{inner} is {_KINDS.get(type(items), 'a number')}, not a list"
    return None


def _odd_value(record: dict) -> str | None:
    """parse_ord copies some values as they come: each must be one value, not a list or an object."""
    for key in ("roles", "rels", "succs"):
        for i, item in enumerate(record[key], start=1):
            for name, value in item.items():
                if isinstance(value, (list, dict)):
                    return f"{key}[{i}].{name} is {_KINDS[type(value)]}, not a single value"
    return None


def _interpret(clean: str, url: str, body: bytes) -> LookupResult:
    """Turn the body of a 2xx answer into a found record or an error, never an exception."""
    from .data.ods import parse_ord
    from .data.schema import DataError

    def fail(why: str) -> LookupResult:
        return LookupResult(clean, "error", f"The ODS service answered, but {why}.", url)

    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return fail(f"not with UTF-8 text (byte 0x{body[exc.start]:02x} at position {exc.start})")
    except json.JSONDecodeError as exc:
        return fail(f"not with valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
    except RecursionError:
        return fail("not with valid JSON (it is nested too deeply to read)")
    except ValueError:  # a number longer than Python converts (sys.get_int_max_str_digits)
        return fail("not with valid JSON (it holds a number far too long to read)")
    problem, record = _shape_problem(data), {}
    if problem is None:
        try:
            record = parse_ord(data, f"ORD response for {clean}")
            problem = _odd_value(record)
        except DataError as exc:
            problem = exc.problems[0].message if exc.problems else "it did not pass the checks"
        except Exception:  # a shape the checks above did not foresee, or RecursionError on a deep value
            problem = "parts of it have an unexpected form"
    if problem:
        return fail(f"not with an organisation record ({_short(problem)})")
    if record["code"] != clean:
        return LookupResult(clean, "error", f"The answer describes {record['code']}, not {clean}.", url, record)
    return LookupResult(clean, "found", f"{record['name']} ({record['code']}), {record['status'].lower()}.", url, record)


def _date_range(start: str, end: str) -> str:
    return f"{start} to {end}" if end else f"from {start}"


def _message_html(status: str, message: str) -> str:
    return f'<p class="juc-online juc-online-{esc(status)}"><strong>{esc(message)}</strong></p>'


def result_html(result: LookupResult) -> str:
    """An escaped card for a look-up result."""
    if not result.ok:
        return _message_html(result.status, result.message)
    r = result.record
    parts = [f'<div class="juc-online"><h4>{esc(r["name"])} ({esc(r["code"])})</h4>',
             f"<p>Status: {esc(r['status'])}; dates in ODS: {esc(_date_range(r['start'], r['end']))}; "
             f"last changed {esc(r['last_change_date'])}. Live answer from {esc(result.url)}.</p>"]
    if r["succs"]:
        parts.append("<p>Successions: " + esc("; ".join(f"{s['type']} {s['target']} ({s['date']})" for s in r["succs"]))
                     + "</p>")
    if r["rels"]:
        parts.append("<p>Relationships: " + esc("; ".join(
            f"{x['id']} {x['target']} ({_date_range(x['start'], x['end'])})" for x in r["rels"])) + "</p>")
    parts.append("<p><small>Contains information from NHS England's Organisation Data Service, licensed under "
                  "the Open Government Licence v3.0.</small></p></div>")
    return "".join(parts)


class OnlineLookup:
    """A code box and a button; the look-up runs only when the button is pressed (or :meth:`look_up`)."""

    def __init__(self, base: str | None = None, timeout: float = DEFAULT_TIMEOUT):
        import ipywidgets as w

        self.base = base
        self.timeout = timeout
        self.code = w.Text(value="", placeholder="an ODS code, e.g. QMJ", description="Code:",
                           layout=w.Layout(width="300px"))
        self.button = w.Button(description="Look up online", tooltip="Ask the live ODS service (needs the internet)")
        self.output = w.HTML("<p>Nothing is sent until you press the button.</p>")
        self.result: LookupResult | None = None
        self.button.on_click(self._on_click)
        self.widget = w.VBox([w.HBox([self.code, self.button]), self.output])

    def _on_click(self, button=None) -> None:
        self.look_up(self.code.value)

    def look_up(self, code: str) -> LookupResult:
        """Always ends with a result or a message in ``output``, whatever fails on the way."""
        result, html = LookupResult("", "error", STOPPED), _message_html("error", STOPPED)
        try:
            if isinstance(code, str) and self.code.value != code:
                self.code.value = code
            self.output.value = "<p>Asking the ODS service…</p>"
            result = lookup(code, self.base, self.timeout)
            html = result_html(result)
        except Exception:  # lookup never raises, but the card or the widget might
            result = LookupResult(result.code, "error", UNEXPECTED, result.url)
            html = _message_html("error", UNEXPECTED)
        finally:  # also on KeyboardInterrupt: never left on "Asking…"
            self.result = result
            self.output.value = html
        return result

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
