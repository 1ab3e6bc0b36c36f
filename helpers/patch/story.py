"""One practice's story, from official data only (notebook 08): :func:`practice_story`, :class:`PracticeStory`.

For each date the files cover (``data/derived/practice_history.csv``), the practice's CCG and
registered list size, its PCN (and that PCN's population against the intended range, where a
list-size file of the same date exists) and its ICB, each with its source; then the reforms on
the timeline that touched those bodies. Unknown codes, closed practices and gaps in the files
each get a plain sentence.
"""

from __future__ import annotations

import functools
import re

from ..display import ShownOnce, esc
from .joins import PCN_RANGE, _key, _n, _tables, day_text

#: What the story says for each date of record (the files behind practice_history.csv)
DATE_TEXT = {"2014-04-01": "April to June 2014", "2019-12-01": "December 2019", "2021-01-01": "1 January 2021",
             "2022-01-01": "1 January 2022", "2022-05-01": "1 May 2022", "2022-07-01": "1 July 2022",
             "2024-10-01": "October 2024", "2026-04-01": "1 April 2026"}
#: Which kinds each date's file covers, so a missing row is a gap and not an oversight
COVERS = {"2014-04-01": ("ccg",), "2019-12-01": ("pcn",), "2021-01-01": ("ccg",), "2022-01-01": ("ccg", "pcn"),
          "2022-05-01": ("ccg", "pcn"), "2022-07-01": ("icb",), "2024-10-01": ("pcn", "icb"), "2026-04-01": ()}
LATEST = "2024-10-01"
NO_PCT = ("No file here links a practice to its primary care trust (PCTs commissioned care until 31 March 2013), "
          "so the story starts with the CCGs.")
DEFAULT_PRACTICE = "H85026"


def _ods():
    from ..data import ods

    return ods


@functools.cache
def _history(folder: str | None) -> dict[str, list[dict]]:
    frame = _ods().load_practice_history(folder)
    out: dict[str, list[dict]] = {}
    for r in frame.to_dict("records"):
        out.setdefault(r["practice_code"], []).append(r)
    return out


@functools.cache
def _sources(data_dir: str | None) -> dict[str, dict]:
    from .. import data

    return {r["source_id"]: r for r in data.load_sources(data_dir).to_dict("records")}


@functools.cache
def _names(folder: str | None) -> list[tuple[str, str, str]]:
    """(code, latest name, name folded for search) of every practice, once per folder."""
    out = []
    for code, rows in _history(folder).items():
        name = next((r["name"] for r in rows if r["kind"] == "practice"), "")
        out.append((code, name, name.casefold()))
    return out


@functools.cache
def _by_code(folder: str | None) -> dict[str, str]:
    """Each practice's latest name by its code."""
    return {code: name for code, name, _ in _names(folder)}


def practice_label(code: str, folder=None) -> str | None:
    """``"CODE: Name"`` of the practice with exactly this code (as :func:`find_practices` labels it), or None."""
    name = _by_code(_key(folder)).get(code)
    return None if name is None else f"{code}: {_title(name)}"


def find_practices(text: str, limit: int = 12, folder=None) -> list[dict]:
    """Practices whose code starts with ``text`` or whose latest name holds every word of it."""
    q = re.sub(r"\s+", " ", str(text or "")).strip().casefold()
    if not q:
        return []
    words, hits = q.split(), []
    for code, name, folded in _names(_key(folder)):
        c = code.casefold()
        rank = 0 if c == q else 1 if c.startswith(q) else 2 if all(w in folded for w in words) else None
        if rank is not None:
            hits.append((rank, name, code))
    hits.sort()
    return [{"code": c, "name": n, "label": f"{c}: {_title(n)}"} for _, n, c in hits[:limit]]


@functools.cache
def _lookups(folder: str | None) -> dict:
    """Names and PCN populations by code, built once (the story reads them row by row)."""
    t = _tables(folder)
    pcns: dict[str, list] = {}
    for r in t["pcns"].sort_values("as_of").to_dict("records"):
        pcns.setdefault(r["pcn_code"], []).append(r)
    return {"ccg": dict(zip(t["ccgs"]["code"], t["ccgs"]["name"])),
            "icb": dict(zip(t["icbs"]["icb_code"], t["icbs"]["icb_name"])),
            "ccg_icb": dict(zip(t["ccgs"]["code"], t["ccgs"]["icb_code"])), "pcns": pcns}


def practice_icb(code: str, folder=None) -> str | None:
    """The practice's latest ICB of the July 2022 set (October 2024, else July 2022)."""
    rows = [r for r in _history(_key(folder)).get(code, []) if r["kind"] == "icb" and r["as_of"] <= LATEST]
    return rows[-1]["code"] if rows else None


def pcn_icb(code: str, folder=None) -> str | None:
    """A PCN's ICB, from its parent (a CCG until 2022, a sub-ICB location after) in its latest file."""
    lk = _lookups(_key(folder))
    rows = lk["pcns"].get(code)
    return lk["ccg_icb"].get(rows[-1]["parent_code"]) if rows else None


def _body_name(kind: str, code: str, as_of: str, folder=None, data_dir=None) -> str:
    lk = _lookups(_key(folder))
    if kind == "ccg":
        return lk["ccg"].get(code, "")
    if kind == "icb":
        if code in lk["icb"]:
            return lk["icb"][code].replace(" Integrated Care Board", " ICB")
        from .maps import area_name

        return area_name("icbs_2026", {"code": code, "name": ""}, data_dir)
    if kind == "pcn":
        rows = lk["pcns"].get(code, [])
        near = [r for r in rows if r["as_of"] <= as_of] or rows[:1]
        return _title(near[-1]["pcn_name"]) if near else ""
    return ""


def _title(name: str) -> str:
    """An upper-case name from the files in title case, keeping PCN, NHS and ICB in capitals."""
    return re.sub(r"\b(Pcn|Nhs|Icb|Ccg)\b", lambda m: m.group(1).upper(), str(name).title())


def _pcn_size(code: str, as_of: str, folder=None) -> str:
    hit = [r for r in _lookups(_key(folder))["pcns"].get(code, []) if r["as_of"] == as_of]
    if not hit or str(hit[0]["registered_patients"]) in ("", "<NA>", "None"):
        return ""
    n = int(hit[0]["registered_patients"])
    lo, hi = PCN_RANGE
    where = "below" if n < lo else "above" if n > hi else "inside"
    return f"{_n(n)} patients: {where} the intended {_n(lo)}–{_n(hi)}"


def practice_story(code: str, folder=None, data_dir=None) -> dict:
    """What the files say about one practice: name, rows by date, gaps, notes and reforms.

    Returns ``{"code", "found", "name", "dates": [...], "notes": [...], "reforms": [...]}``; for
    an unknown code ``found`` is False and ``notes`` says so in a plain sentence."""
    code = str(code or "").strip().upper()
    rows = _history(_key(folder)).get(code)
    if not rows:
        msg = (f"No practice with the code {code or '(blank)'} is in the official files used here (2014 to "
               "October 2024). Practice codes are a letter and five digits, for example H85026; try a part of its name.")
        return {"code": code, "found": False, "name": "", "dates": [], "notes": [msg], "reforms": []}
    name = next((r["name"] for r in rows if r["kind"] == "practice"), "")
    by_date: dict[str, dict] = {}
    for r in rows:
        if r["kind"] != "practice":
            by_date.setdefault(r["as_of"], {})[r["kind"]] = r
    dates = [_date_row(day, by_date.get(day, {}), folder, data_dir) for day in DATE_TEXT if day in by_date
             or any(k in COVERS[day] for k in ("ccg", "pcn", "icb"))]
    return {"code": code, "found": True, "name": name, "dates": dates,
            "notes": _notes(code, dates, by_date), "reforms": _reforms(by_date)}


def _date_row(day: str, kinds: dict, folder=None, data_dir=None) -> dict:
    out = {"as_of": day, "when": DATE_TEXT[day], "missing": [k for k in COVERS[day] if k not in kinds], "sources": []}
    for kind in ("ccg", "pcn", "icb"):
        r = kinds.get(kind)
        if not r:
            continue
        out[kind] = {"code": r["code"], "name": r["name"] or _body_name(kind, r["code"], day, folder, data_dir)}
        if kind == "ccg" and str(r["registered_patients"]) not in ("", "<NA>", "None"):
            out["patients"] = int(r["registered_patients"])
        if kind == "pcn":
            out["pcn_size"] = _pcn_size(r["code"], day, folder)
        out["sources"] += [s for s in r["source"].split(";") if s not in out["sources"]]
    return out


def _notes(code: str, dates: list[dict], by_date: dict) -> list[str]:
    notes = [NO_PCT]
    gaps = [d for d in dates if d["missing"]]
    if LATEST not in by_date:
        last = max(by_date) if by_date else ""
        notes.append(f"{code} is not in the October 2024 PCN file: it may have closed, merged or left its PCN. "
                     f"Its last record here is from {DATE_TEXT.get(last, last)}.")
    elif gaps:
        notes.append("Not in every file: " + "; ".join(
            f"no {', '.join(k.upper() for k in d['missing'])} in the {d['when']} file" for d in gaps) + ".")
    if LATEST in by_date and "2026-04-01" not in by_date:
        notes.append("Its ICB was not one of those that changed on 1 April 2026 (ODS successions, as of May 2026).")
    if "2026-04-01" in by_date:
        notes.append("Its ICB changed on 1 April 2026 (ODS successions, as of May 2026: provisional). "
                     "The map above shows what the new ICB brings together.")
    if "2014-04-01" in by_date:
        notes.append("The 2014 list size is the NHS Business Services Authority's (a different series from NHS "
                     "Digital's later ones), so compare it with them loosely.")
    return notes


def _reforms(by_date: dict) -> list[dict]:
    """The reforms that touched the practice's bodies: CCGs (2013-2022), PCNs (2019 on), ICBs (2022 on)."""
    from .reforms import reforms_for

    kinds = {k for day in by_date.values() for k in day}
    seen, out = set(), []
    for kind, start, end in (("ccg", "2013-04-01", "2022-06-30"), ("pcn", "2019-07-01", None), ("icb", "2022-07-01", None)):
        if kind not in kinds:
            continue
        for e in reforms_for(kind, start, end) or []:
            if e["event_id"] not in seen:
                seen.add(e["event_id"])
                out.append(e)
    return sorted(out, key=lambda e: e["date"])


# --------------------------------------------------------------------------
# The story as HTML, and the widget
# --------------------------------------------------------------------------

def _source_text(ids: list[str], data_dir=None) -> str:
    src = _sources(_key(data_dir))
    return "; ".join(esc(src[i]["title"]) if i in src else esc(i) for i in ids)


def story_rows(story: dict, data_dir=None) -> list[dict]:
    """The story's table: one row per date, in words (no internal ids)."""
    out = []
    for d in story["dates"]:
        def body(kind):
            b = d.get(kind)
            return f"{b['name']} ({b['code']})" if b else ("not in this file" if kind in d["missing"] else "")
        out.append({"When": d["when"], "Registered patients": _n(d["patients"]) if "patients" in d else "",
                    "CCG": body("ccg"), "PCN": body("pcn") + (f"; {d['pcn_size']}" if d.get("pcn_size") else ""),
                    "ICB": body("icb"), "From": _source_text(d["sources"], data_dir)})
    return out


def story_html(code: str, folder=None, data_dir=None) -> str:
    """The whole story of one practice as an HTML card (the widget's view, and its fixed view)."""
    return _story_html(str(code or "").strip().upper(), _key(folder), _key(data_dir))


@functools.lru_cache(maxsize=512)
def _story_html(code: str, folder: str | None, data_dir: str | None) -> str:
    from ..display import html_table

    s = practice_story(code, folder, data_dir)
    notes = "".join(f"<li>{esc(n)}</li>" for n in s["notes"])
    if not s["found"]:
        return f'<div class="juc-story" role="status"><p>{esc(s["notes"][0])}</p></div>'
    cols = [(k, k) for k in ("When", "Registered patients", "CCG", "PCN", "ICB", "From")]
    reforms = "".join(f"<li>{esc(e['when'])}: {esc(e['title'])}"
                      + (" (provisional)" if e.get("status") == "provisional" else "") + "</li>" for e in s["reforms"])
    return (f'<div class="juc-story"><h4>{esc(_title(s["name"]))} ({esc(s["code"])})</h4>'
            + html_table(story_rows(s, data_dir), cols, caption=f"What the official files say about {s['code']}, date by date")
            + f"<ul>{notes}</ul>"
            + (f"<details><summary>The reforms on the timeline that touched its CCG, PCN and ICB "
               f"({len(s['reforms'])})</summary><ul>{reforms}</ul></details>" if s["reforms"] else "")
            + "</div>")


class PracticeStory(ShownOnce):
    """Type a practice's code or part of its name; see its CCG, PCN, ICB and list size at each date.

    Drive it from Python: :meth:`type` sets the text (as typing does) and shows the first match;
    :meth:`pick` shows one practice; :attr:`card` holds the HTML shown.
    """

    def __init__(self, code: str = DEFAULT_PRACTICE, folder=None, data_dir=None):
        import ipywidgets as w

        self.folder, self.data_dir = folder, data_dir
        self.text = w.Text(value="", placeholder="e.g. H85026 or a practice name", description="Practice:",
                           layout=w.Layout(width="520px"))
        self.matches = w.Dropdown(options=[], description="Matches:", layout=w.Layout(width="620px"))
        self.status = w.HTML()
        self.detail = w.HTML()
        self.card = ""
        self.results: list[dict] = []
        self.text.observe(lambda ch: self.type(ch["new"]), names="value")
        self.matches.observe(lambda ch: self.pick(ch["new"]) if ch["new"] else None, names="value")
        self.widget = w.VBox([self.text, self.status, self.matches, self.detail])
        self.default = code
        self.type(code)

    def type(self, text: str) -> list[dict]:
        if self.text.value != text:
            self.text.value = text  # the observer calls back here
            return self.results
        self.results = find_practices(text, folder=self.folder)
        if not text.strip():
            self.status.value = "<p>Type a practice code (a letter and five digits) or part of its name.</p>"
        elif not self.results:
            self.status.value = f"<p>{esc(practice_story(text, self.folder, self.data_dir)['notes'][0])}</p>"
        else:
            self.status.value = f"<p>{len(self.results)} match(es) for “{esc(text.strip())}”.</p>"
        self.matches.options = [(r["label"], r["code"]) for r in self.results]
        if self.results and self.matches.value != self.results[0]["code"]:
            self.matches.value = self.results[0]["code"]
        elif self.results:
            self.pick(self.results[0]["code"])
        else:
            self.card = self.detail.value = ""
        return self.results

    def pick(self, code: str) -> str:
        self.card = story_html(code, self.folder, self.data_dir)
        self.detail.value = self.card
        return self.card

    def fixed_html(self) -> str:
        """Where widgets cannot run: the default practice's story, and how to see another."""
        return ("<p>The story of one practice (in JupyterLab you can type any code):</p>"
                + story_html(self.default, self.folder, self.data_dir))
