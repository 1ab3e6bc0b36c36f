"""Reader for one ODS ORD API organisation response (JSON), recorded or fetched."""

from __future__ import annotations

import json
from pathlib import Path

from ..schema import DataError, Problem
from .fields import CODE_SUCC, _iso_or_none, _label


# --------------------------------------------------------------------------
# ODS ORD API responses (JSON)
# --------------------------------------------------------------------------

def _dates(items, where: str, problems: list[str]) -> list[dict]:
    out = []
    if not isinstance(items, list):
        problems.append(f"{where}.Date is not a list")
        return out
    for d in items:
        if not isinstance(d, dict) or "Start" not in d:
            problems.append(f"{where}.Date entry has no Start")
            continue
        start, end = str(d.get("Start", "")), str(d.get("End", "") or "")
        if _iso_or_none(start) is None:
            problems.append(f"{where}.Date Start {start!r} is not an ISO date")
        if end and _iso_or_none(end) is None:
            problems.append(f"{where}.Date End {end!r} is not an ISO date")
        out.append({"type": str(d.get("Type", "")), "start": start, "end": end})
    return out


def _window(dates: list[dict]) -> tuple[str, str]:
    """Prefer the Legal dates when present, else Operational."""
    for kind in ("Legal", "Operational"):
        for d in dates:
            if d["type"] == kind:
                return d["start"], d["end"]
    return (dates[0]["start"], dates[0]["end"]) if dates else ("", "")


def parse_ord(data, label: str = "ORD response") -> dict:
    """Check a decoded ORD organisation response and summarise it as a plain dict.

    Keys: ``code, name, status, record_class, last_change_date, ref_only, dates,
    start, end, roles, rels, succs``. ``rels`` and ``succs`` list their targets with
    dates (``RE5`` relationships are geography, ``RE8`` ICB membership, and so on,
    as ODS codes them). Raises DataError naming the missing or malformed part.
    """
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("Organisation"), dict):
        raise DataError([Problem(label, None, None, "Organisation",
                                 "is not an ORD organisation response (no 'Organisation' object)")])
    org = data["Organisation"]
    name = org.get("Name")
    code = (org.get("OrgId") or {}).get("extension") if isinstance(org.get("OrgId"), dict) else None
    status = org.get("Status")
    if not isinstance(name, str) or not name.strip():
        problems.append("Organisation.Name is missing")
    if not isinstance(code, str) or not CODE_SUCC.match(code or ""):
        problems.append(f"Organisation.OrgId.extension {code!r} is not an ODS code")
    if status not in ("Active", "Inactive"):
        problems.append(f"Organisation.Status {status!r} is not Active or Inactive")
    dates = _dates(org.get("Date", []), "Organisation", problems)
    lcd = str(org.get("LastChangeDate", "") or "")
    if lcd and _iso_or_none(lcd) is None:
        problems.append(f"Organisation.LastChangeDate {lcd!r} is not an ISO date")
    roles = []
    for i, r in enumerate(((org.get("Roles") or {}).get("Role") or []), start=1):
        if not isinstance(r, dict) or "id" not in r:
            problems.append(f"Roles.Role[{i}] has no id")
            continue
        rd = _dates(r.get("Date", []), f"Roles.Role[{i}]", problems)
        start, end = _window(rd)
        roles.append({"id": r["id"], "primary": bool(r.get("primaryRole", False)),
                      "status": r.get("Status", ""), "start": start, "end": end})
    rels = []
    for i, r in enumerate(((org.get("Rels") or {}).get("Rel") or []), start=1):
        target = ((r.get("Target") or {}).get("OrgId") or {}).get("extension") if isinstance(r, dict) else None
        if not target:
            problems.append(f"Rels.Rel[{i}] has no Target.OrgId.extension")
            continue
        rd = _dates(r.get("Date", []), f"Rels.Rel[{i}]", problems)
        start, end = _window(rd)
        rels.append({"id": r.get("id", ""), "target": target,
                     "target_role": ((r.get("Target") or {}).get("PrimaryRoleId") or {}).get("id", ""),
                     "status": r.get("Status", ""), "start": start, "end": end})
    succs = []
    for i, s in enumerate(((org.get("Succs") or {}).get("Succ") or []), start=1):
        target = ((s.get("Target") or {}).get("OrgId") or {}).get("extension") if isinstance(s, dict) else None
        if not target:
            problems.append(f"Succs.Succ[{i}] has no Target.OrgId.extension")
            continue
        sd = _dates(s.get("Date", []), f"Succs.Succ[{i}]", problems)
        succs.append({"type": s.get("Type", ""), "target": target, "date": sd[0]["start"] if sd else ""})
    if problems:
        raise DataError([Problem(label, None, None, None, p) for p in problems])
    start, end = _window(dates)
    return {
        "code": code, "name": name.strip(), "status": status,
        "record_class": org.get("orgRecordClass", ""), "last_change_date": lcd,
        "ref_only": bool(org.get("refOnly", False)), "dates": dates, "start": start, "end": end,
        "roles": roles, "rels": rels, "succs": succs,
    }


def read_ord_json(source, label: str | None = None) -> dict:
    """Read and check one ORD API organisation response.

    ``source`` is a path, or the response body as ``bytes``/``str`` (give ``label``
    to name it in messages). Returns the summary of :func:`parse_ord`.
    """
    if isinstance(source, (bytes, str)) and not (isinstance(source, str) and _looks_like_path(source)):
        raw = source.encode("utf-8") if isinstance(source, str) else source
        label = label or "ORD response"
    else:
        path = Path(source)
        label = label or _label(path)
        if not path.exists():
            raise DataError([Problem(label, None, None, None, "file not found")])
        raw = path.read_bytes()
    if not raw.strip():
        raise DataError([Problem(label, None, None, None, "is empty (expected a JSON object)")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(label, None, line, None,
                                 f"is not UTF-8: byte 0x{raw[exc.start]:02x} at line {line}")]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(label, None, exc.lineno, None,
                                 f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]) from None
    return parse_ord(data, label)


def _looks_like_path(text: str) -> bool:
    stripped = text.lstrip()
    return not stripped.startswith(("{", "[")) and len(text) < 4096 and "\n" not in text
