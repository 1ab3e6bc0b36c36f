"""``python3 run.py changes [--check]``: write ``CHANGES.md`` from ``data/changes.csv``.

``--check`` writes nothing and exits 1 when ``CHANGES.md`` differs from what the table gives
(the tests run the same comparison), or when a change no longer matches the tables.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..changes import markdown, stale

ROOT = Path(__file__).resolve().parents[2]
CHANGES_MD = ROOT / "CHANGES.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 run.py changes", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that CHANGES.md is up to date")
    args = parser.parse_args(argv)
    problems = stale()
    for p in problems:
        print(f"changes.csv: {p}", file=sys.stderr)
    text = markdown()
    if args.check:
        current = CHANGES_MD.read_text(encoding="utf-8") if CHANGES_MD.exists() else ""
        if current != text:
            print("CHANGES.md is out of date: run python3 run.py changes", file=sys.stderr)
            return 1
        return 1 if problems else 0
    CHANGES_MD.write_text(text, encoding="utf-8")
    print(f"wrote {CHANGES_MD.name} ({text.count(chr(10) + '- ')} changes)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
