"""Which debated questions the sources answer from one side only (computed from the data)."""

from __future__ import annotations

from .cards import _n
from .joins import ArgumentData, load_argument_data
from .labels import GROUP_LABELS

#: A theme is "mostly one side" when at least this share of its arguments comes from one group.
MOSTLY = 0.8


def balance_note(data: ArgumentData, theme_id: str) -> str:
    """A plain sentence when the sources hold one side only (or mostly one) on ``theme_id``; else ''."""
    args = [a for a in data.arguments if a["theme_id"] == theme_id]
    if not args:
        return ""
    groups: dict[str, list[dict]] = {}
    for a in args:
        groups.setdefault(data.stakeholders[a["stakeholder_id"]]["group"], []).append(a)
    top, items = max(groups.items(), key=lambda kv: len(kv[1]))
    voices = len({a["stakeholder_id"] for a in items})
    label = GROUP_LABELS.get(top, top)
    if len(groups) == 1:
        return (f"One side only: all {_n(len(args), 'argument')} on this question come from {label} "
                f"({_n(voices, 'voice')}). The sources in this collection hold no argument on it from anyone else.")
    if len(items) / len(args) >= MOSTLY:
        return (f"Mostly one side: {len(items)} of the {_n(len(args), 'argument')} on this question come from "
                f"{label} ({_n(voices, 'voice')}); the rest from "
                + ", ".join(GROUP_LABELS.get(g, g) for g in groups if g != top) + ".")
    return ""


def balance_lines(data_dir=None) -> list[str]:
    """One line per theme whose sources are one-sided, for a notebook's limits section."""
    d = load_argument_data(data_dir)
    return [f"{t['label']}: {note}" for tid, t in d.themes.items() if (note := balance_note(d, tid))]
