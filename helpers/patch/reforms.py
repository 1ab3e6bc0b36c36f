"""The reforms (from events.csv) that touched an organisation, found by the rules in REFORM_RULES."""

from __future__ import annotations

import functools
import re

from .search import _norm


#: Which timeline events concern each kind of body: words (whole words, case-insensitive) in the
#: event's title or summary, and how long before the body's start an event still counts (the Act
#: that created it, for instance). Events about mergers count only for bodies that merged then.
REFORM_RULES = {
    "ccg": (("ccg", "ccgs", "clinical commissioning", "co-commission", "co-commissioning",
             "delegated"), 420),
    "icb": (("icb", "icbs", "integrated care board", "integrated care boards", "integrated care system",
             "integrated care systems", "ics", "icss"), 420),
    "pcn": (("pcn", "pcns", "primary care network", "primary care networks", "network contract"), 420),
}
MERGER_WORDS = ("merger", "mergers", "merge", "merged")


@functools.cache
def _events(folder_key):
    """The timeline events, or None when ``data/events.csv`` is absent or does not load."""
    try:
        from .. import data
        from ..data.schema import DataError

        events = data.load_events() if folder_key is None else data.load_events(folder_key)
    except (FileNotFoundError, KeyError, ImportError):
        return None
    except Exception as exc:  # DataError while another engineer is mid-edit, for instance
        if type(exc).__name__ == "DataError":
            return None
        raise
    return events


def _event_text(r: dict) -> str:
    try:
        from ..timeline import format_date

        when = format_date(r["date"], r["date_precision"])
    except Exception:  # noqa: BLE001 (fall back to the stored date)
        when = r["date"]
    return when


def _word_match(text: str, words) -> bool:
    t = _norm(text)
    return any(re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", t) for w in words)


def reforms_for(kind: str, start: str, end: str | None = None, merged_on: set[str] | None = None,
                events_folder=None) -> list[dict] | None:
    """Timeline events that concern bodies of ``kind`` during a life from ``start`` to ``end``.

    Uses :data:`REFORM_RULES`; an event about mergers counts only when the body merged within a
    month of it (``merged_on``: its succession or start dates). Returns None without events.csv.
    """
    import datetime as dt

    events = _events(events_folder)
    if events is None:
        return None
    words, lead_days = REFORM_RULES[kind]
    first = (dt.date.fromisoformat(start) - dt.timedelta(days=lead_days)).isoformat()
    last = end or "9999-12-31"
    merged_on = merged_on or set()
    out = []
    for r in events.to_dict("records"):
        day = r["date"].split("/")[0]
        day_full = (day + "-01-01")[:10] if len(day) == 4 else (day + "-01")[:10] if len(day) == 7 else day
        if not (first <= day_full <= last):
            continue
        text = f"{r['title']} {r['summary']}"
        if not _word_match(text, words):
            continue
        if _word_match(r["title"], MERGER_WORDS):
            near = any(abs((dt.date.fromisoformat(day_full) - dt.date.fromisoformat(m)).days) <= 31 for m in merged_on)
            if not near:
                continue
        out.append({"event_id": r["event_id"], "date": r["date"], "when": _event_text(r), "title": r["title"],
                    "status": r.get("status", "")})
    return out
