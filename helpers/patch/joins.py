"""The derived tables a patch view needs, loaded once per folder; dates, ranges and attribution lines."""

from __future__ import annotations

import functools

from ..display import esc


#: The PCN size range the Network Contract DES intended: at least 30,000, not tending to exceed
#: 50,000 (ODS reference data catalogue); commissioners could waive the minimum for large rural
#: and remote areas (DES paragraph 3.2, quoted in a 2019 written answer).
PCN_RANGE = (30_000, 50_000)
PCN_RANGE_SOURCES = ("ods-catalogue-pcn", "dhsc-wq-pcn-rural-2019", "kingsfund-gp-contract-explained-2020")
#: Snapshots with registered populations (an ePCN file and a list-size file of the same date).
PCN_SIZE_DATES = ("2021-01-01", "2022-01-01", "2022-05-01")
ICB_START = "2022-07-01"
CCG_LAST_DAY = "2022-06-30"
KIND_LABELS = {"icb": "ICB", "ccg": "CCG", "pcn": "PCN"}
ALL = "all"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def day_text(iso: str) -> str:
    """``2013-04-01`` -> ``1 April 2013`` (the derived tables hold day dates of record)."""
    if not iso:
        return ""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{d} {MONTHS[m - 1]} {y}"


def _n(x) -> str:
    return f"{int(x):,}"


# --------------------------------------------------------------------------
# Data access (cached)
# --------------------------------------------------------------------------

def _ods():
    from ..data import ods

    return ods


@functools.cache
def _tables(folder: str | None):
    o = _ods()
    ccgs = o.load_ccgs(folder)
    icbs = o.load_icbs(folder)
    members = o.load_icb_members(folder)
    changes = o.load_icb_changes_2026(folder)
    pcns = o.load_pcns(folder)
    return {"ccgs": ccgs, "icbs": icbs, "members": members, "changes": changes, "pcns": pcns}


@functools.cache
def _practice_tables(folder: str | None):
    o = _ods()
    return o.load_pcn_practices(folder), o.load_practices(folder).set_index("practice_code")


def _key(folder) -> str | None:
    return None if folder is None else str(folder)


def attribution_lines(tables=None, folder=None) -> list[str]:
    """The distinct attribution lines (from ``derived/METADATA.csv``) of the tables named."""
    meta = _ods().load_metadata(folder)
    if tables is not None:
        meta = meta[meta["table"].isin(list(tables))]
    lines: list[str] = []
    for text in meta["attribution"]:
        for line in text.split(" | "):
            if line not in lines:
                lines.append(line)
    return lines


def attribution_html(tables=None, folder=None) -> str:
    items = "".join(f"<li>{esc(x)}</li>" for x in attribution_lines(tables, folder))
    return f'<ul class="juc-attribution">{items}</ul>'


def show_attribution(tables=None, folder=None) -> None:
    from IPython.display import HTML, display

    display(HTML(attribution_html(tables, folder)))
