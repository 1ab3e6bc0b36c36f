"""Markdown tables for bench/RESULTS.md: writing them, and reading them back.

Other tools read the notebook table (columns exactly ``notebook | seconds |
ratio_to_floor``, one row per notebook plus one named ``floor``): use
:func:`read_notebook_table`.
"""

from __future__ import annotations

from pathlib import Path

NOTEBOOK_COLUMNS = ("notebook", "seconds", "ratio_to_floor")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def table(headers, rows) -> str:
    """A GitHub-flavoured Markdown table (cells are escaped: ``|`` and newlines)."""
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |",
             "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row {row!r} has {len(row)} cells, expected {len(headers)}")
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines)


def _split(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    cells, cur, i = [], "", 0
    while i < len(inner):
        if inner[i] == "\\" and i + 1 < len(inner) and inner[i + 1] == "|":
            cur += "|"
            i += 2
            continue
        if inner[i] == "|":
            cells.append(cur.strip())
            cur = ""
        else:
            cur += inner[i]
        i += 1
    cells.append(cur.strip())
    return cells


def parse_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Every Markdown table in ``text`` as (headers, rows of cell text)."""
    lines = text.splitlines()
    found, i = [], 0
    while i < len(lines) - 1:
        head, rule = lines[i].strip(), lines[i + 1].strip()
        if head.startswith("|") and rule.startswith("|") and set(rule) <= set("|-: "):
            headers = _split(head)
            rows, i = [], i + 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_split(lines[i]))
                i += 1
            found.append((headers, rows))
        else:
            i += 1
    return found


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def read_notebook_table(source: str | Path) -> dict[str, dict[str, float | None]]:
    """The notebook table of a RESULTS.md (path or text): {name: {seconds, ratio_to_floor}}.

    A notebook that failed to run has ``None`` for both. Raises ValueError if there is
    no table with exactly the expected columns or no ``floor`` row.
    """
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    for headers, rows in parse_tables(text):
        if tuple(headers) == NOTEBOOK_COLUMNS:
            out = {r[0]: {"seconds": _number(r[1]), "ratio_to_floor": _number(r[2])} for r in rows}
            if "floor" not in out:
                raise ValueError("the notebook table has no 'floor' row")
            return out
    raise ValueError("no table with columns " + " | ".join(NOTEBOOK_COLUMNS))
