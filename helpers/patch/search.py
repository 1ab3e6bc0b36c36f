"""Find an ICB, CCG or PCN by part of any name it has had, or by its code."""

from __future__ import annotations

import functools
import re

from .joins import KIND_LABELS, _key, _tables


# --------------------------------------------------------------------------
# Finder: ICB, CCG or PCN by name or code
# --------------------------------------------------------------------------

def _norm(text: str) -> str:
    text = str(text or "").replace("\u2019", "'").replace("\u2018", "'")  # typographic apostrophes
    return re.sub(r"\s+", " ", text).strip().casefold()


@functools.cache
def _index(folder: str | None):
    t = _tables(folder)
    rows = []
    for r in t["icbs"].to_dict("records"):
        rows.append({"kind": "icb", "code": r["icb_code"], "name": r["icb_name"],
                     "hay": _norm(f"{r['icb_name']} {r['icb_ons_code']}")})
    sub_names = dict(zip(t["members"]["sub_icb_code"], t["members"]["sub_icb_name"]))
    for r in t["ccgs"].to_dict("records"):
        names = {r["name"], r["last_name"], sub_names.get(r["code"], "")}
        rows.append({"kind": "ccg", "code": r["code"], "name": r["name"],
                     "hay": _norm(" ".join(n for n in names if n) + " " + r["ons_code"])})
    pcns = t["pcns"].sort_values("as_of")
    names_by_pcn: dict[str, list[str]] = {}
    for code, name in zip(pcns["pcn_code"], pcns["pcn_name"]):
        lst = names_by_pcn.setdefault(code, [])
        if name not in lst:
            lst.append(name)
    for code, names in names_by_pcn.items():
        rows.append({"kind": "pcn", "code": code, "name": names[-1], "hay": _norm(" ".join(names))})
    return rows


def search(query: str, limit: int = 12, kinds=("icb", "ccg", "pcn"), folder=None) -> list[dict]:
    """Bodies whose code or name matches ``query`` (case-insensitive, literal text, no patterns).

    Every word of the query must appear in the name, or the query must match the start of the
    code. Exact code matches come first, then code prefixes, then names that start with the
    query, then other name matches; ties by kind (ICB, CCG, PCN) and name. Returns up to
    ``limit`` dicts with ``kind, code, name, label``.
    """
    q = _norm(query)
    if not q:
        return []
    words = q.split()
    hits = []
    order = {"icb": 0, "ccg": 1, "pcn": 2}
    for r in _index(_key(folder)):
        if r["kind"] not in kinds:
            continue
        code = r["code"].casefold()
        name = _norm(r["name"])
        if code == q:
            rank = 0
        elif code.startswith(q):
            rank = 1
        elif name.startswith(q) or name.removeprefix("nhs ").startswith(q):
            rank = 2
        elif all(w in r["hay"] for w in words):
            rank = 3
        else:
            continue
        hits.append((rank, order[r["kind"]], name, r))
    hits.sort(key=lambda h: (h[0], h[1], h[2]))
    return [{"kind": r["kind"], "code": r["code"], "name": r["name"],
             "label": f"{KIND_LABELS[r['kind']]} {r['code']}: {r['name']}"}
            for _, _, _, r in hits[:limit]]
