"""The integration pioneers, the vanguard types and primary care co-commissioning, as lines."""

from __future__ import annotations
from ..display import source_marks



# --------------------------------------------------------------------------
# Programme lists (notebook 04) and co-commissioning (notebook 03)
# --------------------------------------------------------------------------

def pioneers_table(data_dir=None):
    from ..data import load_pioneers

    frame = load_pioneers(data_dir)
    return frame.sort_values(["wave", "name"], kind="stable").reset_index(drop=True)


def pioneer_lines(data_dir=None) -> list[str]:
    from .. import timeline

    lines = []
    frame = pioneers_table(data_dir)
    for wave, group in frame.groupby("wave", sort=True):
        when = timeline.format_date(group.iloc[0]["announced"], group.iloc[0]["announced_precision"])
        lines.append(f"Wave {wave} ({when}, {len(group)} areas): " + "; ".join(group["name"]))
    return lines


def vanguard_lines(data_dir=None) -> list[str]:
    from .. import timeline
    from ..data import load_vanguard_types

    frame = load_vanguard_types(data_dir)
    lines = [f"{r.label}: {r.count} (chosen {timeline.format_date(r.announced, r.announced_precision)})"
             for r in frame.itertuples(index=False)]
    lines.append(f"Total: {int(frame['count'].sum())} vanguards")
    return lines


def cocommissioning_lines(data_dir=None) -> list[str]:
    from .. import timeline
    from ..data import load_cocommissioning

    frame = load_cocommissioning(data_dir)
    return [f"{timeline.format_date(r.as_of, r.as_of_precision)}, {r.level}: {r.count} CCGs "
            f"{source_marks([r.source_id], data_dir)} {r.note if isinstance(r.note, str) else ''}".rstrip()
            for r in frame.itertuples(index=False)]


def pioneer_note_lines(data_dir=None) -> list[str]:
    """Where the announcing sources name a pioneer differently (pioneers.csv notes)."""
    frame = pioneers_table(data_dir)
    return [f"{r.name}: {r.note}" for r in frame.itertuples(index=False) if isinstance(r.note, str) and r.note]
