"""One organisation's card (predecessors, successors, members, population, reforms) and the Finder widget."""

from __future__ import annotations

from ..display import esc
from .joins import ICB_START, KIND_LABELS, MONTHS, _key, _n, _practice_tables, _tables, day_text
from .reforms import reforms_for
from .search import search


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>" if items else "<p>None.</p>"


def _reforms_html(reforms) -> str:
    if reforms is None:
        return ("<p><em>The timeline (data/events.csv) is not available here, so only the "
                "organisation data's own dates are shown.</em></p>")
    if not reforms:
        return "<p>No event in the timeline matches.</p>"
    return _list([f"{esc(r['when'])}: {esc(r['title'])}" + (" (provisional)" if r["status"] == "provisional" else "")
                  for r in reforms])


def _icb_details(code: str, folder=None) -> dict:
    """The finder's data for one ICB: its CCG line, members, population and 2026 successors."""
    t = _tables(_key(folder))
    icbs = t["icbs"].set_index("icb_code", drop=False)
    if code not in icbs.index:
        raise KeyError(f"no ICB with code {code!r}")
    icb = icbs.loc[code]
    members = t["members"][t["members"]["icb_code"] == code]
    line = t["ccgs"][t["ccgs"]["icb_code"] == code]
    changes = t["changes"][t["changes"]["predecessor_code"] == code]
    facts = [("2022-07-01", "Established (Health and Care Act 2022); its member CCG codes carried on as sub-ICB locations")]
    for r in changes.to_dict("records"):
        facts.append((r["effective_date"], f"ODS records {r['successor_code']}"
                      + (f" ({r['successor_name']})" if r["successor_name"] else " (a new code)")
                      + " as a successor (provisional)"))
    return {
        "kind": "icb", "code": code, "name": icb["icb_name"], "ons_code": icb["icb_ons_code"],
        "start": ICB_START, "end": "",
        "predecessors": [{"code": r["code"], "name": r["name"], "start": r["start_date"], "end": r["close_date"]}
                         for r in line.sort_values(["start_date", "code"]).to_dict("records")],
        "successors": [{"code": r["successor_code"], "name": r["successor_name"], "date": r["effective_date"],
                        "status": "provisional"} for r in changes.to_dict("records")],
        "members": [{"code": r["sub_icb_code"], "name": r["sub_icb_name"], "ccg_name": r["ccg_name"],
                     "patients": int(r["patients_2022_05"]), "note": r["note"]} for r in members.to_dict("records")],
        "population": [("2022-05-01", int(icb["patients_2022_05"]), "NHS Digital, sum over its sub-ICB locations")],
        "facts": facts,
        "reforms": reforms_for("icb", ICB_START, None, {r["effective_date"] for r in changes.to_dict("records")}),
    }


def _ccg_details(code: str, folder=None) -> dict:
    """The finder's data for one CCG: predecessors, successor, final ICB, PCNs and population."""
    t = _tables(_key(folder))
    ccgs = t["ccgs"].set_index("code", drop=False)
    if code not in ccgs.index:
        raise KeyError(f"no CCG with code {code!r}")
    r = ccgs.loc[code]
    preds = t["ccgs"][t["ccgs"]["successor_code"] == code]
    # the merger that ended it, or the switch to ICBs for the codes that carried on, touched it
    end = r["succession_date"] or r["close_date"] or ICB_START
    facts = [(r["start_date"], "Started as a CCG" + (f" (ODS operational open date {day_text(r['open_date'])})"
                                                     if r["open_date"] != r["start_date"] else ""))]
    if r["successor_code"]:
        facts.append((r["succession_date"], f"Merged into {r['successor_code']} ({ccgs.loc[r['successor_code'], 'name']})"))
    else:
        facts.append((ICB_START, f"Code carried on as a sub-ICB location of {r['icb_code']}"))
    icb_name = t["icbs"].set_index("icb_code").loc[r["icb_code"], "icb_name"]
    pop = []
    if r["patients_date"]:
        pop.append((r["patients_date"], int(r["patients"]), "NHS Digital, Patients Registered at a GP Practice"))
    if r["nhsbsa_patients_2014q2"] is not None and str(r["nhsbsa_patients_2014q2"]) not in ("", "<NA>"):
        pop.append(("2014-04/2014-06", int(r["nhsbsa_patients_2014q2"]), "NHSBSA list size (a different series)"))
    pcns = t["pcns"][(t["pcns"]["as_of"] == "2022-05-01") & (t["pcns"]["parent_code"] == code)]
    merged_on = {r["start_date"]} | ({r["succession_date"]} if r["succession_date"] else set())
    return {
        "kind": "ccg", "code": code, "name": r["name"], "last_name": r["last_name"], "ons_code": r["ons_code"],
        "start": r["start_date"], "end": r["close_date"],
        "area_team_2013": r["area_team_2013"], "region_2013": r["region_2013"],
        "predecessors": [{"code": p["code"], "name": p["name"], "start": p["start_date"], "end": p["close_date"]}
                         for p in preds.sort_values("code").to_dict("records")],
        "successors": ([{"code": r["successor_code"], "name": ccgs.loc[r["successor_code"], "name"],
                         "date": r["succession_date"], "status": "settled"}] if r["successor_code"] else []),
        "final": {"code": r["final_code"], "name": ccgs.loc[r["final_code"], "name"],
                  "icb_code": r["icb_code"], "icb_name": icb_name},
        "members": [{"code": p["pcn_code"], "name": p["pcn_name"], "patients": p["registered_patients"]}
                    for p in pcns.sort_values("pcn_name").to_dict("records")],
        "population": sorted(pop), "facts": facts, "note": r["note"],
        "reforms": reforms_for("ccg", r["start_date"], end, merged_on),
    }


def _pcn_details(code: str, folder=None) -> dict:
    """The finder's data for one PCN: its parent, member practices, snapshots and population."""
    t = _tables(_key(folder))
    ccgs = t["ccgs"].set_index("code", drop=False)
    rows = t["pcns"][t["pcns"]["pcn_code"] == code].sort_values("as_of")
    if rows.empty:
        raise KeyError(f"no PCN with code {code!r}")
    latest = rows.iloc[-1]
    members, practices = _practice_tables(_key(folder))
    snap = members[(members["pcn_code"] == code)]
    latest_members = snap[snap["as_of"] == snap["as_of"].max()] if len(snap) else snap
    sizes = snap[snap["as_of"] == "2022-05-01"].set_index("practice_code")["registered_patients"] if len(snap) else {}
    parent = latest["parent_code"]
    parent_name = ccgs.loc[parent, "name"] if parent in ccgs.index else ""
    icb_code = ccgs.loc[parent, "icb_code"] if parent in ccgs.index else ""
    facts = [(rows.iloc[0]["open_date"], "ODS open date")]
    if latest["close_date"]:
        facts.append((latest["close_date"], "ODS close date"))
    return {
        "kind": "pcn", "code": code, "name": latest["pcn_name"], "start": rows.iloc[0]["open_date"],
        "end": latest["close_date"], "parent": {"code": parent, "name": parent_name, "icb_code": icb_code},
        "names": list(dict.fromkeys(rows["pcn_name"])),
        "predecessors": [], "successors": [],
        "members": [{"code": p, "name": practices.loc[p, "practice_name"] if p in practices.index else "",
                     "patients": (int(sizes[p]) if p in getattr(sizes, "index", ()) and str(sizes[p]) != "<NA>" else None),
                     "as_of": a}
                    for p, a in zip(latest_members["practice_code"], latest_members["as_of"])],
        "population": [(r["as_of"], int(r["registered_patients"]), f"{r['practices_with_list_size']} of {r['practices']} practices with a list size")
                       for r in rows.to_dict("records") if str(r["registered_patients"]) not in ("", "<NA>", "None")],
        "snapshots": [(r["as_of"], int(r["practices"])) for r in rows.to_dict("records")],
        "facts": facts,
        "reforms": reforms_for("pcn", rows.iloc[0]["open_date"]),
    }


_DETAILS = {"icb": _icb_details, "ccg": _ccg_details, "pcn": _pcn_details}


def details(kind: str, code: str, folder=None) -> dict:
    """Everything the finder shows for one body, as plain data (tests read this)."""
    if kind not in _DETAILS:
        raise KeyError(f"unknown kind {kind!r} (use icb, ccg or pcn)")
    return _DETAILS[kind](code, folder)


def _when(iso: str) -> str:
    if "/" in iso:
        a, b = iso.split("/")
        return f"{MONTHS[int(a[5:7]) - 1]} to {MONTHS[int(b[5:7]) - 1]} {b[:4]}"
    return day_text(iso)


def details_html(kind: str, code: str, folder=None) -> str:
    """The finder's card for one body (every value from the data is escaped)."""
    d = details(kind, code, folder)
    h = [f'<div class="juc-patch-card"><h4>{esc(KIND_LABELS[kind])} {esc(d["code"])}: {esc(d["name"])}</h4>']
    if kind == "ccg":
        life = f"CCG from {esc(day_text(d['start']))}"
        life += f" to {esc(day_text(d['end']))}" if d["end"] else "; the code carried on as a sub-ICB location from 1 July 2022"
        h.append(f"<p>{life}. Later name: {esc(d['last_name'] or d['name'])}.")
        if d["area_team_2013"]:
            h.append(f" In April 2013 it sat in NHS England area team {esc(d['area_team_2013'])} ({esc(d['region_2013'])}).")
        if d["final"]["code"] != d["code"]:
            h.append(f" Its line ends in {esc(d['final']['name'])} ({esc(d['final']['code'])}), part of "
                     f"{esc(d['final']['icb_name'])} ({esc(d['final']['icb_code'])}).</p>")
        else:
            h.append(f" From 1 July 2022 its code is a sub-ICB location of {esc(d['final']['icb_name'])} "
                     f"({esc(d['final']['icb_code'])}).</p>")
        if d.get("note"):
            h.append(f"<p><small>Note: {esc(d['note'])}.</small></p>")
    elif kind == "icb":
        h.append(f"<p>Established on 1 July 2022 (ONS code {esc(d['ons_code'])}).</p>")
    else:
        p = d["parent"]
        h.append(f"<p>ODS open date {esc(day_text(d['start']))}"
                 + (f", closed {esc(day_text(d['end']))}" if d["end"] else "")
                 + f". Parent in the latest file: {esc(p['name'] or p['code'])} ({esc(p['code'])})"
                 + (f", in ICB {esc(p['icb_code'])}" if p["icb_code"] else "") + ".</p>")
        if len(d["names"]) > 1:
            h.append(f"<p>Earlier name(s): {esc('; '.join(d['names'][:-1]))}.</p>")
    h.append("<h5>Predecessors</h5>")
    h.append(_list([f"{esc(p['code'])} {esc(p['name'])} ({esc(day_text(p['start']))}"
                    + (f" to {esc(day_text(p['end']))}" if p["end"] else "") + ")" for p in d["predecessors"]])
             if kind != "pcn" else "<p>ODS records no predecessors for PCNs in these files.</p>")
    h.append("<h5>Successors</h5>")
    h.append(_list([f"{esc(s['code'])}" + (f" {esc(s['name'])}" if s["name"] else "") + f" from {esc(day_text(s['date']))}"
                    + (" (provisional)" if s["status"] == "provisional" else "") for s in d["successors"]])
             if d["successors"] or kind != "ccg" else
             f"<p>None: the code carried on as a sub-ICB location of {esc(d['final']['icb_code'])} from 1 July 2022.</p>")
    label = {"icb": "Members (sub-ICB locations, the former CCGs)", "ccg": "PCNs whose parent it was (May 2022)",
             "pcn": "Member practices (latest file)"}[kind]
    h.append(f"<h5>{esc(label)}</h5>")
    items = []
    for m in d["members"]:
        pop = m.get("patients")
        pop_text = (f": {_n(pop)} registered patients" + (" on 1 May 2022" if kind != "icb" else "")
                    if pop not in (None, "") and str(pop) != "<NA>" else "")
        items.append(f"{esc(m['code'])} {esc(m['name'])}{esc(pop_text)}")
    h.append(_list(items))
    h.append("<h5>Registered population</h5>")
    h.append(_list([f"{esc(_when(day))}: {esc(_n(n))} ({esc(src)})" for day, n, src in d["population"]]))
    h.append("<h5>Dates in the organisation data</h5>")
    h.append(_list([f"{esc(day_text(day))}: {esc(text)}" for day, text in d["facts"]]))
    h.append("<h5>Reforms that touched it (from the timeline)</h5>")
    h.append(_reforms_html(d["reforms"]))
    h.append("</div>")
    return "".join(h)


def show_details(kind: str, code: str, folder=None) -> None:
    from IPython.display import HTML, display

    display(HTML(details_html(kind, code, folder)))


_cards: dict = {}  # (kind, code, folder) -> the finder's card, cleared by clear_cache()


class Finder:
    """Search as you type for an ICB, CCG or PCN by name or code; pick a match to see its card.

    Drive it from Python: :meth:`type` sets the search text (as typing does), :meth:`pick`
    opens a match; :attr:`results` and :attr:`card` hold what is shown.
    """

    def __init__(self, folder=None, limit: int = 12):
        import ipywidgets as w

        self.folder = folder
        self.limit = limit
        self.text = w.Text(value="", placeholder="e.g. Leeds, 15F, Frimley, U00070",
                           description="Find:", continuous_update=True, layout=w.Layout(width="520px"))
        self.matches = w.Select(options=[], rows=8, description="Matches:", layout=w.Layout(width="760px"))
        self.status = w.HTML()
        self.detail = w.HTML()
        self.results: list[dict] = []
        self.card = ""
        self.text.observe(lambda change: self.type(change["new"]), names="value")
        self.matches.observe(lambda change: self.pick(change["new"]) if change["new"] else None, names="value")
        self.widget = w.VBox([self.text, self.status, self.matches, self.detail])

    def type(self, text: str) -> list[dict]:
        """Search for ``text``; fills the match list and opens the first match."""
        if self.text.value != text:
            self.text.value = text  # the observer calls back here
            return self.results
        self.results = search(text, self.limit, folder=self.folder)
        if not text.strip():
            self.status.value = "<p>Type part of a name or a code.</p>"
        elif not self.results:
            self.status.value = f"<p>No ICB, CCG or PCN matches “{esc(text.strip())}”.</p>"
        else:
            self.status.value = (f"<p>{len(self.results)} match(es) for “{esc(text.strip())}”"
                                 + (" (first shown)" if len(self.results) == self.limit else "") + ".</p>")
        self.matches.options = [(r["label"], f"{r['kind']}:{r['code']}") for r in self.results]
        if self.results:
            first = f"{self.results[0]['kind']}:{self.results[0]['code']}"
            if self.matches.value != first:
                self.matches.value = first  # observer opens it
            else:
                self.pick(first)
        else:
            self.card = ""
            self.detail.value = ""
        return self.results

    def pick(self, key: str) -> str:
        """Open ``"kind:code"`` (e.g. ``"icb:QWO"``); returns the card's HTML."""
        kind, _, code = key.partition(":")
        ck = (kind, code, _key(self.folder))
        if ck not in _cards:  # typing opens the first match at every keystroke: build each card once
            _cards[ck] = details_html(kind, code, self.folder)
        self.card = _cards[ck]
        self.detail.value = self.card
        return self.card

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
