"""General practice now (notebook ``09_general_practice_now``): what is changing for a practice
in 2025-27, set against who has held, commissioned and overseen its contract since 1990.

- ``arrangements``: the spine figure, from ``data/practice_arrangements.csv``: for each year from
  1990 to 2027, who held a practice's contract, who commissioned it, who oversaw that body, and at
  what scale practices worked together; with its table equivalent and one-line summary.
- ``undecided``: what is still provisional, with the date each item was last confirmed.

The rest of the notebook reuses the era-notebook views (:mod:`helpers.eras`: events, counts,
voices, evidence, references) with ``"09"``.
"""

from __future__ import annotations

from .arrangements import (  # noqa: F401
    ASPECT_LABELS, FIRST_YEAR, LAST_YEAR, arrangements, arrangements_figure, arrangements_summary,
    in_force, periods, periods_html, show_arrangements, year_rows,
)
from .undecided import source_ids, undecided_lines  # noqa: F401
