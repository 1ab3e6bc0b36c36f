"""Steps for the organisations before CCGs: the PCTs and SHAs of 2012 and the area teams of 2013."""

from __future__ import annotations

from ..schema import DataError, Problem
from .context import Context

PCT_COLUMNS = ("pct_code", "pct_ons_code", "pct_name", "sha_code", "sha_ons_code", "sha_name")


def pcts_2012(ctx: Context) -> list[dict]:
    lk = ctx.raw.lookups
    ps = lk["pco_sha_2012"]
    per_pct = ps["pct_code"].value_counts()
    out = sorted(({**{k: r[k] for k in PCT_COLUMNS}, "straddles": "yes" if per_pct[r["pct_code"]] > 1 else "no"}
                  for r in ps.to_dict("records")), key=lambda r: (r["pct_code"], r["sha_code"]))
    listed = set(lk["pco_2012"]["pct_code"])
    if listed != set(ps["pct_code"]):
        raise DataError([Problem("PCO12_SHA12_EN_LU.csv", None, None, None,
                                 f"PCTs differ from PCO_2012.csv: {sorted(listed ^ set(ps['pct_code']))}")])
    return out


def shas_2012(ctx: Context) -> list[dict]:
    lk = ctx.raw.lookups
    ps = lk["pco_sha_2012"]
    return [{"sha_code": r["sha_code"], "sha_ons_code": r["sha_ons_code"], "sha_name": r["sha_name"],
             "pcts": int((ps["sha_code"] == r["sha_code"]).sum())}
            for r in sorted(lk["sha_2012"].to_dict("records"), key=lambda r: r["sha_code"])]


def area_teams_2013(ctx: Context) -> list[dict]:
    lk = ctx.raw.lookups
    at_rows = lk["ccg_area_team_region_2013"]
    out = []
    for r in lk["area_team_ods_codes_2013"].to_dict("records"):
        sub = at_rows[at_rows["area_team_ons_code"] == r["area_team_ons_code"]]
        out.append({"area_team_code": r["area_team_code"], "area_team_ons_code": r["area_team_ons_code"],
                    "area_team_name": r["area_team_name"],
                    "region_ons_code": ";".join(sorted(set(sub["region_ons_code"]))),
                    "region_name": ";".join(sorted(set(sub["region_name"]))), "ccgs": len(sub)})
    return sorted(out, key=lambda r: r["area_team_ons_code"])
