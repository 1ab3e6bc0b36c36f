"""Find an ICB, CCG or PCN by part of any name it has had, or by its code."""

from __future__ import annotations

import functools
import heapq
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
    order = {"icb": 0, "ccg": 1, "pcn": 2}
    for r in rows:  # what each query compares, worked out once
        r["code_cf"], r["name_n"] = r["code"].casefold(), _norm(r["name"])
        r["name_nhs"], r["order"] = r["name_n"].removeprefix("nhs "), order[r["kind"]]
    return rows


@functools.cache
def _rows(folder: str | None) -> tuple:
    """The index as tuples, in the order the search reads them."""
    return tuple((r["kind"], r["code_cf"], r["name_n"], r["name_nhs"], r["hay"], r["order"], r) for r in _index(folder))


def search(query: str, limit: int = 12, kinds=("icb", "ccg", "pcn"), folder=None) -> list[dict]:
    """Bodies whose code or name matches ``query`` (case-insensitive, literal text, no patterns).

    Every word of the query must appear in the name, or the query must match the start of the
    code. Exact code matches come first, then code prefixes, then names that start with the
    query, then other name matches; ties by kind (ICB, CCG, PCN) and name. Returns up to
    ``limit`` dicts with ``kind, code, name, label``.
    """
    return list(_search(_norm(query), limit, tuple(kinds), _key(folder)))


def _search(q: str, limit: int, kinds: tuple, folder: str | None) -> tuple:
    if not q:
        return ()
    words = q.split()
    single = len(words) == 1
    hits = []
    for kind, code, name, nhs, hay, order, r in _rows(folder):
        # every name is in the haystack: one word not in it can only match the code
        if (q not in hay if single else not all(w in hay for w in words)) and not code.startswith(q):
            continue
        if kind not in kinds:
            continue
        if code == q:
            rank = 0
        elif code.startswith(q):
            rank = 1
        elif name.startswith(q) or nhs.startswith(q):
            rank = 2
        elif all(w in hay for w in words):
            rank = 3
        else:
            continue
        hits.append((rank, order, name, r))
    best = heapq.nsmallest(limit, hits, key=lambda h: (h[0], h[1], h[2]))  # as a stable sort, then the first
    return tuple({"kind": r["kind"], "code": r["code"], "name": r["name"],
                  "label": f"{KIND_LABELS[r['kind']]} {r['code']}: {r['name']}"}
                 for _, _, _, r in best)
