"""Where text goes on the timeline figures, computed in Python so tests can check it.

Plotly does not move annotations out of each other's way, so the figures place their labels
themselves, for the narrowest width they are meant to be read at: :data:`DESIGN_WIDTH`, the
width JupyterLab gives a figure on a 1366×768 laptop with the file browser open (about 925
pixels; measured in headless chromium). A wider window only spreads the dates further apart
(labels keep their size in pixels and stay anchored at their dates), so what does not overlap
at the design width does not overlap wider.

Text widths are estimated from the Helvetica/Arial character widths (the figures' font; Arial,
Helvetica and Liberation Sans share them), with a margin for safety.
"""

from __future__ import annotations

import datetime as _dt

#: Figure width (pixels) the label layout is computed for (see the module docstring).
DESIGN_WIDTH = 900
#: Extra width allowed on every estimate (fonts render a little differently).
SAFETY = 1.08

# Helvetica/Arial advance widths in thousandths of an em (the standard AFM metrics).
_WIDTHS = {
    **dict.fromkeys("ijl", 222), **dict.fromkeys(" ftI!,./:;[]\\", 278), "r": 333, "-": 333,
    "(": 333, ")": 333, "'": 191, '"': 355, "‘": 222, "’": 222, "“": 333, "”": 333,
    **dict.fromkeys("cksvxyzJ", 500), **dict.fromkeys("0123456789abdeghnopqu$–", 556),
    **dict.fromkeys("FTZ", 611), **dict.fromkeys("ABEKPSVXY&", 667), **dict.fromkeys("CDHNRUw", 722),
    **dict.fromkeys("GOQ", 778), **dict.fromkeys("mM", 833), "W": 944, "%": 889, "L": 556,
}


def text_width(text: str, size: float) -> float:
    """Estimated width in pixels of one line of ``text`` at font ``size`` (px)."""
    return SAFETY * size * sum(_WIDTHS.get(ch, 600) for ch in text) / 1000


def wrap_to(text: str, size: float, width: float, max_lines: int = 2) -> list[str] | None:
    """``text`` broken at spaces into at most ``max_lines`` lines each narrower than ``width``
    pixels, or ``None`` when it cannot be."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines or any(text_width(line, size) > width for line in lines):
        return None
    return lines


class Scale:
    """Dates to pixels across a plot ``width`` pixels wide showing ``x_range`` (ISO dates)."""

    def __init__(self, x_range, width: float):
        self.lo, self.hi = (_dt.date.fromisoformat(str(x)[:10]) for x in x_range)
        self.width = width
        self.per_day = width / max(1, (self.hi - self.lo).days)

    def px(self, day) -> float:
        day = _dt.date.fromisoformat(str(day)[:10])
        return (day - self.lo).days * self.per_day


def overlaps(a: tuple, b: tuple, pad: float = 0.0) -> bool:
    """Whether two boxes ``(x0, y0, x1, y1)`` overlap (closer than ``pad`` counts)."""
    return not (a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1] or b[3] + pad <= a[1])


#: At most this many rows of labels; beyond them a label only avoids other labels.
MAX_ROWS = 8


def stagger(items: list[dict], plot_width: float, row_px: float, gap: float = 6.0) -> list[dict]:
    """Give each label a row so that no two labels overlap and, where it can, no leader line
    crosses a label.

    ``items``: dicts with ``x`` (pixels from the plot's left edge) and ``w`` (label width).
    A label sits to the right of its date, or to its left when it would run off the plot.
    Its leader line rises from the event at ``x`` to its own row, so a label should not
    cover the ``x`` of a label in a higher row. Labels to the right of their dates are
    placed right to left and those to the left of their dates left to right, so a label
    placed later sits above the ones that would cover its leader. Each takes the first row
    (below :data:`MAX_ROWS`) where its box overlaps no other and no leader crosses a box;
    if there is none, the lowest row where its box overlaps no other. Adds ``row``,
    ``anchor`` (``"left"``/``"right"``) and ``box`` (x0, y0, x1, y1; y counted up in
    pixels from row 0).
    """
    for it in items:
        it["anchor"] = "left" if it["x"] + it["w"] <= plot_width else "right"
    order = sorted((i for i in items if i["anchor"] == "left"), key=lambda i: -i["x"]) + \
        sorted((i for i in items if i["anchor"] == "right"), key=lambda i: i["x"])
    placed: list[dict] = []
    for it in order:
        x0 = it["x"] if it["anchor"] == "left" else it["x"] - it["w"]
        row = _first_row(x0, it, placed, row_px, gap, strict=True)
        if row is None:
            row = _first_row(x0, it, placed, row_px, gap, strict=False)
        it.update(row=row, box=_box(x0, it["w"], row, row_px))
        placed.append(it)
    return items


#: Rows tried before a label gives up keeping leader lines clear of other labels.
MAX_ROWS = 8


def _box(x0, w, row, row_px) -> tuple:
    return (x0, row * row_px, x0 + w, row * row_px + row_px - 2)


def _first_row(x0, it, placed, row_px, gap, strict: bool):
    """The lowest row where the label fits (``strict``: below MAX_ROWS, leaders clear too;
    else any row, boxes apart; a row above every placed label always fits)."""
    rows = range(MAX_ROWS) if strict else range(len(placed) + 1)
    for row in rows:
        box = _box(x0, it["w"], row, row_px)
        if all(_fits(box, row, it["x"], p, gap, strict) for p in placed):
            return row
    return None


def _fits(box, row, x, other, gap, strict: bool = True) -> bool:
    """Whether a label's ``box`` (row ``row``, leader at ``x``) can sit beside ``other``:
    the boxes at least ``gap`` apart across (rows are already apart) and, when ``strict``,
    neither leader line crossing the other label."""
    ob = other["box"]
    if box[1] < ob[3] and ob[1] < box[3] and not (box[2] + gap <= ob[0] or ob[2] + gap <= box[0]):
        return False
    if not strict:
        return True
    if other["row"] > row and box[0] - gap < other["x"] < box[2] + gap:  # covers its leader
        return False
    if other["row"] < row and ob[0] - gap < x < ob[2] + gap:
        return False  # this leader would cross that label
    return True


def spread(items: list[dict], height: float, min_gap: float) -> list[dict]:
    """Nudge end-of-line labels apart vertically: ``items`` have ``y`` (pixels, up from the
    bottom) and ``x0``/``x1`` (their horizontal extent), and may have ``h`` (their height);
    labels whose extents meet keep their centres at least ``min_gap`` apart (or half their
    heights added, when taller), staying within ``0..height``. Adds ``y_label``."""
    ordered = sorted(items, key=lambda i: i["y"])
    for it in ordered:
        it["y_label"] = min(max(it["y"], min_gap / 2), height - min_gap / 2)
    for _ in range(50):  # push apart until nothing moves
        moved = False
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                if a["x1"] <= b["x0"] or b["x1"] <= a["x0"]:
                    continue
                lo, hi = (a, b) if a["y_label"] <= b["y_label"] else (b, a)
                room = max(min_gap, (a.get("h", 0) + b.get("h", 0)) / 2 + 1)
                need = room - (hi["y_label"] - lo["y_label"])
                if need > 0.01:
                    lo["y_label"] -= need / 2
                    hi["y_label"] += need / 2
                    moved = True
        for it in ordered:
            it["y_label"] = min(max(it["y_label"], min_gap / 2), height - min_gap / 2)
        if not moved:
            break
    return items
