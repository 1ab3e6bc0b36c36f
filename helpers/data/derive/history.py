"""One practice's story: the bodies it belonged to, and its list size, at each date the files cover.

One row per practice, date and kind (``practice_history.csv``); to keep the table small, a
body's name is left to the tables that already hold it (``ccgs``, ``icbs``, ``pcns``), and the
list size sits on the CCG row of the same file:

====================  ==========================================================================
date                  kind: what the file says (which file)
====================  ==========================================================================
2014-04-01            ccg: its CCG and list size, April-June 2014 (NHSBSA)
2019-12-01            pcn: its PCN in the first ODS PCN release
2021-01-01            ccg: CCG and list size (NHS Digital)
2022-01-01            ccg: CCG and list size (NHS Digital); pcn: its PCN (NHS Digital map)
2022-05-01            ccg: CCG and list size (NHS Digital); pcn: its PCN (ODS ePCN)
2022-07-01            icb: the ICB its May 2022 CCG carried on in (ODS eccg)
2024-10-01            pcn and icb: its PCN and, from its parent sub-ICB location, its ICB (ODS ePCN)
2026-04-01            icb: the ICB it passed to, where its ICB changed (ODS successions, provisional)
any                   practice: its latest name, at the date of the file that gives it
====================  ==========================================================================

No file here links practices to primary care trusts (before April 2013): the notebook says so.
The NHSBSA list size of 2014 is a different series from NHS Digital's; the ``source`` column
keeps them apart. Practices in the 2014 file under a body that is not a CCG (a trust, a council,
a commissioning hub: 99 such bodies) are left out, as PROVENANCE.md advises.
"""

from __future__ import annotations

from .context import Context, open_on

#: The source id (in sources.csv) of each file a row comes from
SOURCES = {
    "nhsbsa": "nhsbsa-list-size-2014q2", "list_2021-01": "nhsd-gp-list-2021-01",
    "list_2022-01": "nhsd-gp-list-2022-01", "list_2022-05": "nhsd-gp-list-2022-05",
    "map_2022-01": "nhsd-gp-map-2022-01", "epcn_2019": "ods-epcn-2019-12", "epcn_2022": "ods-epcn-2022-05",
    "epcn_2024": "ods-epcn-2024-10", "eccg": "ods-eccg-2024", "succ": "ods-succ-2026",
}


def _row(practice, as_of, kind, code, source, patients=None, name="") -> dict:
    return {"practice_code": practice, "as_of": as_of, "kind": kind, "code": code, "name": name,
            "registered_patients": patients, "source": source}


def _ccg_codes(ctx: Context) -> set[str]:
    from .commissioners import ccgs

    return {r["code"] for r in ctx.once(ccgs)}


def _from_lists(ctx: Context) -> list[dict]:
    """The CCG and list size in the NHSBSA file (2014) and the NHS Digital files (2021-2022)."""
    ccg_codes, out = _ccg_codes(ctx), []
    for r in ctx.raw.nhsbsa.to_dict("records"):
        ccg = r["pco_code"][:-2] if r["pco_code"].endswith("00") else ""
        if ccg in ccg_codes:  # else a trust, council or hub, not a CCG (PROVENANCE.md)
            out.append(_row(r["practice_code"], "2014-04-01", "ccg", ccg, SOURCES["nhsbsa"], int(r["patients"])))
    for month in ("2021-01", "2022-01", "2022-05"):
        for r in ctx.raw.list_sizes[month].to_dict("records"):
            out.append(_row(r["practice_code"], f"{month}-01", "ccg", r["ccg_code"], SOURCES[f"list_{month}"],
                            int(r["patients"])))
    for r in ctx.raw.practice_map.to_dict("records"):
        out.append(_row(r["practice_code"], "2022-01-01", "pcn", r["pcn_code"], SOURCES["map_2022-01"]))
    return out


EPCN_DATES = (("pcn/ePCN_2019-12.xlsx", "2019-12-01", "epcn_2019"), ("pcn/ePCN_2022-05.xlsx", "2022-05-01", "epcn_2022"),
              ("pcn/ePCN_2024-10.xlsx", "2024-10-01", "epcn_2024"))


def _members(ctx: Context) -> dict[str, dict[str, dict]]:
    """For each ePCN date, the core member practices whose membership covers it (once per derivation)."""
    out = {}
    for rel, day, key in EPCN_DATES:
        m = ctx.raw.epcn[rel].members
        out[key] = {r["practice_code"]: r for r in m.to_dict("records") if open_on(r["start_date"], r["end_date"], day)}
    return out


def _from_epcn(ctx: Context) -> list[dict]:
    from .commissioners import icb_members

    icb = {m["sub_icb_code"]: m["icb_code"] for m in ctx.once(icb_members)}
    out = []
    for rel, day, key in EPCN_DATES:
        for p, r in ctx.once(_members)[key].items():
            out.append(_row(p, day, "pcn", r["pcn_code"], SOURCES[key]))
            if key == "epcn_2024" and r["practice_parent_code"] in icb:
                out.append(_row(p, day, "icb", icb[r["practice_parent_code"]], f"{SOURCES[key]};{SOURCES['eccg']}"))
    return out


def _names(ctx: Context) -> list[dict]:
    """Each practice's latest name: ePCN 2024, 2022, the January 2022 map, ePCN 2019, NHSBSA 2014."""
    found = {}
    for r in ctx.raw.nhsbsa.to_dict("records"):
        found[r["practice_code"]] = ("2014-04-01", r["practice_name"], SOURCES["nhsbsa"])
    files = [(ctx.raw.epcn["pcn/ePCN_2019-12.xlsx"].members, "2019-12-01", "epcn_2019"),
             (ctx.raw.practice_map, "2022-01-01", "map_2022-01"),
             (ctx.raw.epcn["pcn/ePCN_2022-05.xlsx"].members, "2022-05-01", "epcn_2022"),
             (ctx.raw.epcn["pcn/ePCN_2024-10.xlsx"].members, "2024-10-01", "epcn_2024")]
    for frame, day, key in files:
        for code, name in zip(frame["practice_code"], frame["practice_name"]):
            found[code] = (day, name, SOURCES[key])
    return [_row(p, day, "practice", p, src, name=name) for p, (day, name, src) in found.items()]


def _icbs(ctx: Context, rows: list[dict]) -> list[dict]:
    """The ICB of 1 July 2022 (from the May 2022 CCG) and, where it changed, of 1 April 2026."""
    from .commissioners import icb_changes_2026, icb_members
    from .maps import successors_2026

    members = {m["sub_icb_code"]: m for m in ctx.once(icb_members)}
    where = ctx.once(successors_2026)
    successors: dict[str, set] = {}
    for r in ctx.once(icb_changes_2026):
        successors.setdefault(r["predecessor_code"], set()).add(r["successor_code"])
    parent = {p: r["practice_parent_code"] for p, r in ctx.once(_members)["epcn_2024"].items()}  # October 2024
    out = []
    for r in rows:
        if r["kind"] == "ccg" and r["as_of"] == "2022-05-01" and r["code"] in members:
            out.append(_row(r["practice_code"], "2022-07-01", "icb", members[r["code"]]["icb_code"],
                            f"{SOURCES['list_2022-05']};{SOURCES['eccg']}"))
    for p, sub in sorted(parent.items()):
        if sub in members and members[sub]["icb_code"] in successors:
            area, status, icb = where[sub]
            out.append(_row(p, "2026-04-01", "icb", area, f"{SOURCES['succ']};{SOURCES['epcn_2024']}",
                            name=f"split between {len(successors[icb])} ICBs" if status == "split" else ""))
    return out


def practice_history(ctx: Context) -> list[dict]:
    rows = _from_lists(ctx) + _from_epcn(ctx)
    rows += _icbs(ctx, rows) + _names(ctx)
    order = {"practice": 0, "ccg": 1, "icb": 2, "pcn": 3}
    return sorted(rows, key=lambda r: (r["practice_code"], r["as_of"], order[r["kind"]], r["code"]))
