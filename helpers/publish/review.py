"""``python3 run.py review [--today YYYY-MM-DD]``: the provisional facts to check before teaching.

Prints the rows whose review date has passed, grouped by notebook, with their sources and when
each was last checked. Always exits 0 when the list could be made: time passing is not a failure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..review import review_lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 run.py review", description=__doc__.splitlines()[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="the day to check against (YYYY-MM-DD; default: today)")
    args = parser.parse_args(argv)
    print("\n".join(review_lines(args.today)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
