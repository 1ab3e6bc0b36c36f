"""What is still undecided for a practice: every provisional row notebook 09 relies on, with the
date its status was last confirmed."""

from __future__ import annotations

from ..display import source_marks


def undecided_lines(data_dir=None) -> list[str]:
    """Provisional events of notebook 09 and provisional arrangements, each 'as of' its date."""
    from ..eras import provisional_events
    from ..timeline import format_date
    from .arrangements import arrangements

    lines = []
    for r in provisional_events("09", data_dir).to_dict("records"):
        lines.append(f"{r['title']} ({format_date(r['date'], r['date_precision'])}): provisional, as of "
                     f"{format_date(r['as_of'], r['as_of_precision'])} {source_marks(r['source_ids'], data_dir)}")
    df = arrangements(data_dir)
    for r in df[df["status"] == "provisional"].to_dict("records"):
        lines.append(f"{r['label']} (from {format_date(r['start'], r['start_precision'])}): {r['detail']} "
                     f"Provisional, as of {format_date(r['as_of'], r['as_of_precision'])} "
                     f"{source_marks(r['source_ids'], data_dir)}")
    return lines


def source_ids(data_dir=None) -> list[str]:
    """The sources notebook 09 shows beyond its events and counts: the arrangements figure, its
    policy figures and the voices of 2022-26 (for its references)."""
    from ..data import load_arguments
    from .arrangements import arrangements

    ids = [s for group in arrangements(data_dir)["source_ids"] for s in group]
    args = load_arguments(data_dir)
    ids += [s for s, d in zip(args["source_id"], args["date"]) if d[:4] >= "2022"]
    return list(dict.fromkeys(ids))
