"""The counts figure's panels: which bodies share a panel, where each panel sits, and the label
written at the end of every line (so the figure reads without a legend or hover).

The panels share one x axis (years); each has its own y axis, so that 5,000 GP fundholders do
not flatten the 4 NHS England regions. The labels are placed in pixels, for the figure's
height and the laptop design width (:data:`helpers.timeline.layout.DESIGN_WIDTH`, narrower in the
presenter: :func:`helpers.style.design_width`), and nudged
apart so that no two in a panel overlap.
"""

from __future__ import annotations

import math

from .. import style
from ..display import plot_text
from . import layout
from .labels import COUNT_PANELS, MAX_PER_PANEL

PANEL_PX = 190  # height of one panel
GAP_PX = 44  # between panels (the panel's name sits in it)
MARGIN = {"l": 70, "r": 250, "t": 120, "b": 70}
LABEL_FONT = 11
LABEL_ROOM = MARGIN["r"] - 14  # a label at the right edge runs into the margin this far


def panels_for(types: list[str]) -> list[tuple[str, list[str]]]:
    """The panels (title, org_types in ``types`` order) for the org_types shown: the tiers of
    :data:`COUNT_PANELS`, a last "Other bodies" panel for types not listed there, and a panel
    of more than :data:`MAX_PER_PANEL` lines split in two."""
    listed = {t for _, members in COUNT_PANELS for t in members}
    tiers = [(title, [t for t in types if t in members]) for title, members in COUNT_PANELS]
    tiers.append(("Other bodies", [t for t in types if t not in listed]))
    out = []
    for title, members in tiers:
        for k in range(0, len(members), MAX_PER_PANEL):
            part = members[k:k + MAX_PER_PANEL]
            out.append((title if k == 0 else f"{title} (continued)", part))
    return [p for p in out if p[1]]


def figure_height(n_panels: int) -> int:
    return MARGIN["t"] + MARGIN["b"] + n_panels * PANEL_PX + (n_panels - 1) * GAP_PX


def domains(n_panels: int) -> list[tuple[float, float]]:
    """Each panel's y domain (paper units), top panel first."""
    plot = n_panels * PANEL_PX + (n_panels - 1) * GAP_PX
    out = []
    for i in range(n_panels):
        top = 1 - i * (PANEL_PX + GAP_PX) / plot
        out.append((max(0.0, top - PANEL_PX / plot), top))
    return out


def axis_name(i: int, n_panels: int) -> str:
    """The y axis of panel ``i`` (top first): the bottom panel has ``y``, so the one x axis
    (anchored to ``y``) sits under it."""
    k = n_panels - i
    return "y" if k == 1 else f"y{k}"


def y_range(values: list[int], log: bool) -> list[float]:
    """The panel's y range: from 0 (or just under the least count, on a log scale) to a
    little over the largest, in the axis's own units (log10 on a log axis)."""
    hi = max(values) if values else 1
    if not log:
        return [0, hi * 1.12 + 1]
    lo = max(min(v for v in values if v > 0) if any(v > 0 for v in values) else 1, 1)
    return [math.log10(lo) - 0.25, math.log10(hi) + 0.2]


def end_labels(lines: list[dict], x_range, y_rng: list[float], log: bool) -> list[dict]:
    """The label at the end of each line of one panel, apart from each other.

    ``lines``: dicts with ``org_type``, ``label``, ``colour``, ``x`` (ISO date of the last
    count) and ``y`` (the last count). Returns plotly annotations (named ``end:<org_type>``),
    with a coloured dash before the name so a reader can match it to its line."""
    scale = layout.Scale(x_range, style.design_width(layout.DESIGN_WIDTH) - MARGIN["l"] - MARGIN["r"])
    lo, hi = y_rng
    items = []
    for ln in lines:
        value = math.log10(max(ln["y"], 1)) if log else ln["y"]
        text = f"{ln['label']}: {ln['y']:,}"
        lines_ = layout.wrap_to(text, LABEL_FONT, LABEL_ROOM) or [text]
        x0 = scale.px(ln["x"]) + 6
        w = max(layout.text_width(t, LABEL_FONT) for t in lines_) + 24
        items.append({**ln, "text": lines_, "x0": x0, "x1": x0 + w, "v": value,
                      "y": (value - lo) / (hi - lo) * PANEL_PX, "h": 14 * len(lines_)})
    layout.spread(items, PANEL_PX, 15)
    notes = []
    for it in items:
        y = lo + it["y_label"] / PANEL_PX * (hi - lo)
        body = "<br>".join(plot_text(t) for t in it["text"])
        notes.append({"x": it["x"], "y": y, "xref": "x", "showarrow": False, "xanchor": "left",
                      "xshift": 6, "align": "left", "font": {"size": LABEL_FONT, "color": "#000000"},
                      "text": f'<span style="color:{it["colour"]}">━━</span> {body}',
                      "bgcolor": "rgba(255,255,255,0.85)", "name": f"end:{it['org_type']}"})
    return notes
