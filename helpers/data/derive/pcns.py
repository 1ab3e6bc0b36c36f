"""Steps for primary care networks: PCNs and their member practices on each snapshot date, the
practices' names, and the count of open PCNs on each date in each ePCN file."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..schema import DataError, Problem
from .context import Context, open_on
from .inputs import EPCN_AS_AT, MEMBER_SNAPSHOTS, PCN_COUNT_DATES, PCN_SNAPSHOTS


def _list_sizes(ctx: Context, rel: str | None) -> tuple[dict, str]:
    """Patients by practice, and the extract date, for one list-size file (none: ``({}, "")``)."""
    if not rel:
        return {}, ""
    frame = ctx.raw.list_sizes[rel[-11:-4]]  # ".../gp-reg-pat-prac-all_2021-01.csv" -> "2021-01"
    return dict(zip(frame["practice_code"], frame["patients"].astype(int))), frame["extract_date"].iloc[0]


def _open_members(epcn, day: str) -> dict[str, set]:
    """Each PCN's core member practices whose membership covers ``day``."""
    m = epcn.members
    mem = m[[open_on(s, t, day) for s, t in zip(m["start_date"], m["end_date"])]]
    by_pcn = defaultdict(set)
    for pr, pc in zip(mem["practice_code"], mem["pcn_code"]):
        by_pcn[pc].add(pr)
    return by_pcn


def snapshots(ctx: Context) -> dict:
    """PCN rows and member rows for every snapshot in PCN_SNAPSHOTS."""
    pcn_rows, member_rows = [], []
    for day, f, lf in PCN_SNAPSHOTS:
        e = ctx.raw.epcn[f]
        det = e.details[[open_on(o, c, day) for o, c in zip(e.details["open_date"], e.details["close_date"])]]
        sizes, ls_date = _list_sizes(ctx, lf)
        if lf and ls_date != day:
            raise DataError([Problem(lf, None, None, "EXTRACT_DATE", f"extract date {ls_date} does not match snapshot {day}")])
        by_pcn = _open_members(e, day)
        for r in det.to_dict("records"):
            prs = sorted(by_pcn.get(r["pcn_code"], ()))
            with_size = [p for p in prs if p in sizes]
            pcn_rows.append({
                "pcn_code": r["pcn_code"], "pcn_name": r["pcn_name"], "as_of": day, "practices": len(prs),
                "registered_patients": sum(sizes[p] for p in with_size) if lf else None,
                "practices_with_list_size": len(with_size) if lf else None,
                "list_size_date": ls_date if lf else "", "parent_code": r["parent_code"],
                "open_date": r["open_date"], "close_date": r["close_date"], "source_file": Path(f).name,
            })
            if day in MEMBER_SNAPSHOTS:
                member_rows.extend({"as_of": day, "pcn_code": r["pcn_code"], "practice_code": p,
                                    "registered_patients": sizes.get(p) if lf else None} for p in prs)
    return {"pcns": sorted(pcn_rows, key=lambda r: (r["as_of"], r["pcn_code"])),
            "members": sorted(member_rows, key=lambda r: (r["as_of"], r["pcn_code"], r["practice_code"]))}


def pcns(ctx: Context) -> list[dict]:
    return ctx.once(snapshots)["pcns"]


def pcn_practices(ctx: Context) -> list[dict]:
    return ctx.once(snapshots)["members"]


def practices(ctx: Context) -> list[dict]:
    """Every member practice's latest name in the ePCN files (2024 > 2022 > 2019), else the January 2022 map."""
    epcn, pmap = ctx.raw.epcn, ctx.raw.practice_map
    names = {}
    for f in sorted(epcn):
        for code, nm in zip(epcn[f].members["practice_code"], epcn[f].members["practice_name"]):
            names[code] = (nm, Path(f).name)
    for code, nm in zip(pmap["practice_code"], pmap["practice_name"]):
        names.setdefault(code, (nm, "gp-reg-pat-prac-map_2022-01.csv"))
    needed = sorted({r["practice_code"] for r in ctx.once(snapshots)["members"]})
    return [{"practice_code": c, "practice_name": names[c][0], "name_source": names[c][1]} for c in needed]


def pcn_counts(ctx: Context) -> list[dict]:
    out = []
    for f, e in sorted(ctx.raw.epcn.items()):
        as_at = EPCN_AS_AT[f]
        for day in PCN_COUNT_DATES:
            if day > as_at:
                continue
            n = sum(open_on(o, c, day) for o, c in zip(e.details["open_date"], e.details["close_date"]))
            out.append({"as_of": day, "count": n, "source_file": Path(f).name, "file_as_at": as_at})
    return sorted(out, key=lambda r: (r["as_of"], r["source_file"]))
