"""Optional online look-up of one organisation in the live ODS ORD API.

Only when a trainee asks (a button press, or a call to :func:`lookup`): nothing here runs at
import time or when a notebook opens. The request goes to::

    https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/<CODE>

with a short timeout. Any failure (offline, timeout, unknown code, an answer that is not an
organisation record) comes back as a :class:`LookupResult` with a plain-English message, never
as an exception, so a notebook cell cannot break on it. The base address can be changed with the
``base_url`` argument or ``$JUC_ORD_BASE`` (tests point it at a small server on 127.0.0.1).
The response is checked by :func:`helpers.data.ods.parse_ord`.
"""

from __future__ import annotations

import json
import os
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from .display import esc

DEFAULT_BASE = "https://directory.spineservices.nhs.uk/ORD/2-0-0/organisations/"
BASE_ENV = "JUC_ORD_BASE"
DEFAULT_TIMEOUT = 5.0
MAX_BYTES = 2_000_000
_CODE = re.compile(r"^[A-Z0-9]{3,9}$")
OFFLINE_HELP = ("The live look-up is optional: everything else in this notebook uses the tables "
                "already in the project and works offline.")


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


def base_url(override: str | None = None) -> str:
    base = override or os.environ.get(BASE_ENV) or DEFAULT_BASE
    return base if base.endswith("/") else base + "/"


def lookup(code: str, base: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> LookupResult:
    """Ask the ORD API about one ODS code. Never raises for network or data problems."""
    from .data.ods import parse_ord
    from .data.schema import DataError

    clean = str(code or "").strip().upper()
    if not _CODE.match(clean):
        return LookupResult(clean, "invalid",
                            "An ODS code is 3 to 9 letters and digits (for example QMJ, 15F or U00070); "
                            "nothing was sent.")
    url = base_url(base) + clean
    req = urllib.request.Request(url, headers={"Accept": "application/json",
                                               "User-Agent": "joined-up-care-notebooks"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (https or test server)
            body = resp.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return LookupResult(clean, "unknown", f"ODS has no organisation with the code {clean}.", url)
        return LookupResult(clean, "error", f"The ODS service answered with an error (HTTP {exc.code}). "
                            "Try again later.", url)
    except (TimeoutError, socket.timeout):
        return LookupResult(clean, "timeout", f"The ODS service did not answer within {timeout:g} seconds. "
                            + OFFLINE_HELP, url)
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return LookupResult(clean, "timeout", f"The ODS service did not answer within {timeout:g} seconds. "
                                + OFFLINE_HELP, url)
        return LookupResult(clean, "offline", f"Could not reach the ODS service ({reason}); you may be "
                            "offline. " + OFFLINE_HELP, url)
    except OSError as exc:  # connection refused or blocked before urllib wraps it
        return LookupResult(clean, "offline", f"Could not reach the ODS service ({exc}); you may be offline. "
                            + OFFLINE_HELP, url)
    if len(body) > MAX_BYTES:
        return LookupResult(clean, "error", "The answer was unexpectedly large and was not read.", url)
    try:
        record = parse_ord(json.loads(body.decode("utf-8")), f"ORD response for {clean}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return LookupResult(clean, "error", f"The ODS service answered, but not with valid JSON ({exc}).", url)
    except DataError as exc:
        first = exc.problems[0].message if exc.problems else str(exc)
        return LookupResult(clean, "error", f"The ODS service answered, but not with an organisation record "
                            f"({first}).", url)
    if record["code"] != clean:
        return LookupResult(clean, "error", f"The answer describes {record['code']}, not {clean}.", url, record)
    return LookupResult(clean, "found", f"{record['name']} ({record['code']}), {record['status'].lower()}.", url, record)


def _date_range(start: str, end: str) -> str:
    return f"{start} to {end}" if end else f"from {start}"


def result_html(result: LookupResult) -> str:
    """An escaped card for a look-up result."""
    if not result.ok:
        return f'<p class="juc-online juc-online-{esc(result.status)}"><strong>{esc(result.message)}</strong></p>'
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
        self.button.on_click(lambda b: self.look_up(self.code.value))
        self.widget = w.VBox([w.HBox([self.code, self.button]), self.output])

    def look_up(self, code: str) -> LookupResult:
        self.code.value = code
        self.output.value = "<p>Asking the ODS service…</p>"
        self.result = lookup(code, self.base, self.timeout)
        self.output.value = result_html(self.result)
        return self.result

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
