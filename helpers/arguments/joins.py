"""The argument tables joined once (ArgumentData), cached per data folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .. import data as _data_layer
from .dates import Period, date_anchor, date_window, format_date, years_period
from .labels import GROUP_LABELS


# --------------------------------------------------------------------------
# The data, joined once per widget
# --------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _records(frame) -> list[dict]:
    return [{k: (v if isinstance(v, tuple) else _text(v)) for k, v in row.items()}
            for row in frame.to_dict("records")]


@dataclass
class ArgumentData:
    """The four tables joined: plain lists and dicts, so filtering is cheap."""

    arguments: list[dict]
    stakeholders: dict[str, dict]
    themes: dict[str, dict]
    sources: dict[str, dict]
    positions: list[dict]
    periods: list[Period]
    from_eras: bool

    # -- look-ups -----------------------------------------------------------------------------
    def voice_label(self, sid: str) -> str:
        s = self.stakeholders[sid]
        label = s["name"]
        if s.get("kind") == "anonymous" and s.get("role"):
            label = f"{label}: {s['role']}"
        return label

    def voices(self) -> list[str]:
        """Stakeholders who make at least one argument, by group then name."""
        speaking = {a["stakeholder_id"] for a in self.arguments}
        order = list(GROUP_LABELS)
        return sorted((s for s in self.stakeholders if s in speaking),
                      key=lambda s: (order.index(self.stakeholders[s]["group"])
                                     if self.stakeholders[s]["group"] in order else len(order),
                                     self.stakeholders[s]["name"].lower(), s))

    def groups(self) -> list[str]:
        present = {self.stakeholders[s]["group"] for s in self.voices()}
        return [g for g in GROUP_LABELS if g in present] + sorted(present - set(GROUP_LABELS))

    def period(self, period_id: str) -> Period:
        for p in self.periods:
            if p.period_id == period_id:
                return p
        raise KeyError(period_id)

    def documents(self) -> list[dict]:
        """The source documents the arguments come from (sources with a seed file first)."""
        used = {a["source_id"] for a in self.arguments}
        return [s for sid, s in self.sources.items() if sid in used]

    def documents_span(self) -> tuple[int, int] | None:
        docs = self.documents()
        if not docs:
            return None
        windows = [date_window(d["date"], d["date_precision"]) for d in docs]
        return min(w[0] for w in windows).year, max(w[1] for w in windows).year


_CACHE: dict[tuple, ArgumentData] = {}


def clear_cache() -> None:
    """Forget the joined argument tables (``helpers.data.clear_cache`` calls this)."""
    _CACHE.clear()


_data_layer.on_clear(clear_cache)
_FILES = ("sources.csv", "stakeholders.csv", "themes.csv", "arguments.csv", "positions.csv", "eras.csv")


def load_argument_data(data_dir=None) -> ArgumentData:
    """Load and join the argument tables (validated by ``helpers.data``).

    The joined result is cached per data folder and reused while none of its files changes
    (size and modification time), so the widgets of one notebook share one copy.
    """
    from .. import data as D

    folder = Path(data_dir) if data_dir is not None else D.DATA_DIR
    stamp = [str(folder.resolve())]
    for name in _FILES:
        try:
            st = (folder / name).stat()
            stamp.append((name, st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            stamp.append((name, None))
    key = tuple(stamp)
    if key not in _CACHE:
        _CACHE.clear()  # keep one folder's data: tests point at many small folders
        _CACHE[key] = _load_argument_data(folder)
    return _CACHE[key]


def _load_argument_data(folder: Path) -> ArgumentData:
    from .. import data as D

    sources = {r["source_id"]: r for r in _records(D.load("sources", folder))}
    stakeholders = {r["stakeholder_id"]: r for r in _records(D.load("stakeholders", folder))}
    themes = {r["theme_id"]: r for r in _records(D.load("themes", folder))}
    arguments = []
    for r in _records(D.load("arguments", folder)):
        r["mid"] = date_anchor(r["date"], r["date_precision"])
        r["when"] = format_date(r["date"], r["date_precision"])
        arguments.append(r)
    positions: list[dict] = []
    if "positions" in D.TABLES and (folder / D.TABLES["positions"].file).exists():
        positions = _records(D.load("positions", folder))
    from_eras = "eras" in D.TABLES and (folder / D.TABLES["eras"].file).exists()
    periods: list[Period] = []
    if from_eras:
        for e in _records(D.load("eras", folder)):
            start = date_window(e["start"], e["start_precision"])[0]
            if e.get("end"):
                end = date_window(e["end"], e["end_precision"])[1]
                span = f"{start.year}–{end.year}"
            else:
                end, span = dt.date.max, f"{start.year} onwards"
            periods.append(Period(e["era_id"], f"{e['label']} ({span})", start, end))
    else:  # no eras table: one period per calendar year in which an argument falls
        for year in sorted({a["mid"].year for a in arguments}):
            periods.append(years_period((year, year)))
    return ArgumentData(arguments, stakeholders, themes, sources, positions, periods, from_eras)
