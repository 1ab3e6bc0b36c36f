"""Steps for the commissioner tables: CCGs (2013-2022), their yearly counts, the ICBs of July 2022
with their member sub-ICB locations, and the ICB successions of April 2026."""

from __future__ import annotations

from collections import defaultdict

from ..schema import DataError, Problem
from .context import Context, open_on


def _problem(file: str, message: str, column: str | None = None) -> DataError:
    return DataError([Problem(file, None, None, column, message)])


def register(ctx: Context) -> dict:
    """The 248 CCG codes of eccg_2024, their successions (checked against the closures) and ICBs."""
    raw = ctx.raw
    eccg24, succ = raw.eccg24, raw.succ
    ccg_rows = eccg24[~eccg24["org_sub_type"].isin(["RO218", "RO327"])]
    ccg = {r["code"]: r for r in ccg_rows.to_dict("records")}
    if len(ccg) != 248:
        raise _problem("eccg_2024.csv", f"expected 248 CCG codes after dropping hubs and reporting entities, found {len(ccg)}")
    successor = {}
    for r in succ[succ["predecessor_code"].isin(ccg)].to_dict("records"):
        if r["predecessor_code"] in successor:
            raise _problem("succ_2026.csv", f"CCG {r['predecessor_code']} has more than one successor", "predecessor_code")
        if r["successor_code"] not in ccg:
            raise _problem("succ_2026.csv", f"CCG {r['predecessor_code']} succeeded by {r['successor_code']}, not a CCG code",
                           "successor_code")
        successor[r["predecessor_code"]] = (r["successor_code"], r["effective_date"])
    closed = {c for c, r in ccg.items() if r["close_date"]}
    if closed != set(successor):
        raise _problem("succ_2026.csv", "CCG closures in eccg_2024.csv and CCG successions in succ_2026.csv do not match: "
                                        f"{sorted(closed ^ set(successor))}")
    start_of = {}  # a merged CCG starts when its predecessors' succession takes effect
    for pred, (succ_code, eff) in successor.items():
        start_of[succ_code] = min(start_of.get(succ_code, eff), eff)
    for code, day in list(start_of.items()):
        if day < ccg[code]["open_date"]:
            raise _problem("succ_2026.csv", f"{code} is succeeded to ({day}) before ODS opens it ({ccg[code]['open_date']})")
    return {"ccg": ccg, "successor": successor, "start_of": start_of,
            "survivors": {c for c, r in ccg.items() if not r["close_date"]},
            "icb_by_code": {r["icb_code"]: r for r in raw.icb_names.to_dict("records")}}


def final_code(reg: dict, code: str) -> str:
    """The CCG a code ended as, following its successors."""
    successor, seen = reg["successor"], []
    while code in successor:
        seen.append(code)
        code = successor[code][0]
        if code in seen:
            raise _problem("succ_2026.csv", f"succession loop at {code}")
    return code


def names(ctx: Context) -> dict:
    """CCG names and codes from every file that has them, checked against eccg_2024."""
    raw, ccg = ctx.raw, ctx.once(register)["ccg"]
    lk = raw.lookups
    map_ccg = {}
    for r in raw.practice_map.to_dict("records"):
        map_ccg.setdefault(r["ccg_code"], (r["ccg_name"], r["ons_ccg_code"], r["stp_code"], r["stp_name"]))
    out = {
        "ons13": {r["ccg_code"]: r for r in lk["ccg_2013"].to_dict("records")},
        "e15": {r["code"]: r["name"] for r in raw.eccg15[raw.eccg15["org_sub_type"] == "C"].to_dict("records")},
        "e18": {r["code"]: r["name"] for r in raw.eccg18[raw.eccg18["org_sub_type"] == "C"].to_dict("records")},
        "map_ccg": map_ccg,
        "at13": {r["ccg_ons_code"]: r for r in lk["ccg_area_team_region_2013"].to_dict("records")},
        "at_codes": {r["area_team_ons_code"]: r["area_team_code"] for r in lk["area_team_ods_codes_2013"].to_dict("records")},
        "ons_from_lists": {},
    }
    unknown = (set(out["ons13"]) | set(out["e15"]) | set(out["e18"]) | set(map_ccg)) - set(ccg)
    if unknown:
        raise _problem("eccg_2024.csv", f"CCG codes in other files are missing from eccg_2024.csv: {sorted(unknown)}")
    for frame in raw.list_sizes.values():
        for r in frame[["ccg_code", "ons_ccg_code"]].drop_duplicates().to_dict("records"):
            out["ons_from_lists"][r["ccg_code"]] = r["ons_ccg_code"]
    return out


def populations(ctx: Context) -> dict:
    """Registered patients by CCG: the latest NHS Digital file, and NHSBSA for April-June 2014."""
    raw = ctx.raw
    pop = {}
    for frame in raw.list_sizes.values():
        date = frame["extract_date"].iloc[0]
        sums = frame.assign(n=frame["patients"].astype(int)).groupby("ccg_code")["n"].sum()
        for code, n in sums.items():
            pop[code] = (int(n), date)  # later files overwrite earlier ones
    ons13 = ctx.once(names)["ons13"]
    bsa = raw.nhsbsa
    bsa_ccg = bsa.assign(ccg=bsa["pco_code"].str[:-2])
    bsa_ccg = bsa_ccg[bsa_ccg["pco_code"].str.endswith("00") & bsa_ccg["ccg"].isin(ons13)]
    return {"pop": pop, "bsa_pop": {k: int(v) for k, v in bsa_ccg.groupby("ccg")["patients"].sum().items()}}


def _ccg_name(n: dict, code: str, r: dict) -> tuple[str, str]:
    if code in n["ons13"]:
        return n["ons13"][code]["ccg_name"], "ONS CCG names and codes, April 2013"
    if code in n["e15"]:
        return n["e15"][code], "ODS eccg 2015/16"
    if code in n["e18"]:
        return n["e18"][code], "ODS eccg November 2018"
    if code in n["map_ccg"]:
        return n["map_ccg"][code][0], "NHS Digital practice map, January 2022"
    return r["name"], "ODS eccg 2024 (name at closure)"


def _ccg_notes(code: str, survivors: set) -> str:
    notes = []
    if code == "13T":
        notes.append("ODS open date is operational; its three predecessors' succession to it is dated 2015-04-01")
    if code in survivors:
        notes.append("code carried on as a sub-ICB location")
    if code == "02Q":
        notes.append("in the South Yorkshire and Bassetlaw STP in January 2022; ODS places it in Nottingham and Nottinghamshire ICB")
    return "; ".join(notes)


def ccgs(ctx: Context) -> list[dict]:
    reg, n, p = ctx.once(register), ctx.once(names), ctx.once(populations)
    ccg, successor = reg["ccg"], reg["successor"]
    out = []
    for code in sorted(ccg):
        r = ccg[code]
        name, src = _ccg_name(n, code, r)
        in13 = code in n["ons13"]
        a = n["at13"].get(n["ons13"][code]["ccg_ons_code"]) if in13 else None
        fin = final_code(reg, code)
        pop = p["pop"].get(code)
        out.append({
            "code": code, "name": name, "name_source": src,
            "last_name": n["map_ccg"][code][0] if code in n["map_ccg"] else (r["name"] if r["close_date"] else ""),
            "open_date": r["open_date"], "start_date": reg["start_of"].get(code, r["open_date"]), "close_date": r["close_date"],
            "successor_code": successor.get(code, ("", ""))[0], "succession_date": successor.get(code, ("", ""))[1],
            "ons_code": n["ons13"][code]["ccg_ons_code"] if in13 else n["ons_from_lists"].get(code, ""),
            "area_team_2013": n["at_codes"].get(a["area_team_ons_code"], "") if a else "",
            "region_2013": a["region_name"] if a else "",
            "final_code": fin, "icb_code": ccg[fin]["high_level_health_geography"],
            "patients": pop[0] if pop else None, "patients_date": pop[1] if pop else "",
            "nhsbsa_patients_2014q2": p["bsa_pop"].get(code), "note": _ccg_notes(code, reg["survivors"]),
        })
    bad_icb = {r["icb_code"] for r in out} - set(reg["icb_by_code"])
    if bad_icb:
        raise _problem("eccg_2024.csv", f"parent codes of surviving CCGs not in the ONS ICB list: {sorted(bad_icb)}",
                       "high_level_health_geography")
    return out


def ccg_counts(ctx: Context) -> list[dict]:
    reg = ctx.once(register)
    out, prev = [], None
    for year in range(2013, 2023):
        day = f"{year}-04-01"
        open_now = {c for c, r in reg["ccg"].items()
                    if open_on(reg["start_of"].get(c, r["open_date"]), r["close_date"], day)}
        out.append({"as_of": day, "count": len(open_now),
                    "opened": len(open_now - prev) if prev is not None else len(open_now),
                    "closed": len(prev - open_now) if prev is not None else 0})
        prev = open_now
    return out


#: When to check the April 2026 successions again: before the next mergers, planned for 1 April 2027.
REVIEW_ICB_CHANGES_BY = "2027-03-01"


def icb_changes_2026(ctx: Context) -> list[dict]:
    succ, icb_by_code = ctx.raw.succ, ctx.once(register)["icb_by_code"]
    rows = succ[succ["predecessor_code"].isin(icb_by_code) & (succ["effective_date"] == "2026-04-01")]
    out = [{
        "predecessor_code": r["predecessor_code"], "predecessor_name": icb_by_code[r["predecessor_code"]]["icb_name"],
        "successor_code": r["successor_code"],
        "successor_name": icb_by_code.get(r["successor_code"], {}).get("icb_name", ""),
        "effective_date": r["effective_date"], "status": "provisional", "as_of": "2026-05-03",
        "review_by": REVIEW_ICB_CHANGES_BY,
    } for r in rows.to_dict("records")]
    return sorted(out, key=lambda r: (r["predecessor_code"], r["successor_code"]))


def icb_members(ctx: Context) -> list[dict]:
    reg, map_ccg, pop = ctx.once(register), ctx.once(names)["map_ccg"], ctx.once(populations)["pop"]
    out = []
    for code in sorted(reg["survivors"]):
        r = reg["ccg"][code]
        icb = reg["icb_by_code"][r["high_level_health_geography"]]
        note = ""
        if code in map_ccg and map_ccg[code][2] != icb["icb_code"]:
            note = (f"in the {map_ccg[code][3]} STP ({map_ccg[code][2]}) in January 2022 "
                    "(NHS Digital map); a member of this ICB in ODS and in ONS April 2023 names")
        out.append({
            "icb_code": icb["icb_code"], "icb_name": icb["icb_name"], "sub_icb_code": code, "sub_icb_name": r["name"],
            "icb_ons_code": icb["ons_code"], "ccg_name": map_ccg[code][0],
            "patients_2022_05": pop[code][0] if pop.get(code, (0, ""))[1] == "2022-05-01" else None, "note": note,
        })
    missing = [m["sub_icb_code"] for m in out if m["patients_2022_05"] is None]
    if missing:
        raise _problem("gp-reg-pat-prac-all_2022-05.csv", f"no list size for sub-ICB locations {missing}", "CCG_CODE")
    return sorted(out, key=lambda r: (r["icb_code"], r["sub_icb_code"]))


def icbs(ctx: Context) -> list[dict]:
    icb_by_code = ctx.once(register)["icb_by_code"]
    members = ctx.once(icb_members)
    successors = defaultdict(list)
    for r in ctx.once(icb_changes_2026):
        successors[r["predecessor_code"]].append(r["successor_code"])
    out = []
    for code in sorted(icb_by_code):
        ms = [m for m in members if m["icb_code"] == code]
        out.append({"icb_code": code, "icb_ons_code": icb_by_code[code]["ons_code"],
                    "icb_name": icb_by_code[code]["icb_name"], "sub_icb_locations": len(ms),
                    "patients_2022_05": sum(m["patients_2022_05"] for m in ms),
                    "successors_2026": ";".join(sorted(successors.get(code, [])))})
    return out
