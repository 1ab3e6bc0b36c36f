"""Tutor material generated from the notebooks, so it never drifts from them.

    python -m helpers.publish.tutor           # rewrite notebooks/tutor/answers.md and the generated
                                      # parts of notebooks/tutor/README.md
    python -m helpers.publish.tutor --check   # exit 1 if either is stale (tests/test_tutor_trainee.py)

The answers are the solutions folded into the notebooks: every ``<details>`` block whose
summary names a solution ("Solution", "Show the solution"; in a Markdown cell, or in the
output of a code cell that computes the solution from the data), each with the exercise it
answers, and the self-check quiz answers (the ``juc-quiz`` list each notebook prints). The guide's generated parts are the session plans (from ``data/plans.csv``), the table of
notebooks (sections, times, exercises, widgets) and the discussion themes with how many voices and arguments the
collection holds on each.
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .. import catalogue
from . import nbtools

ROOT = Path(__file__).resolve().parents[2]
TUTOR = ROOT / "notebooks" / "tutor"
ANSWERS = TUTOR / "answers.md"
GUIDE = TUTOR / "README.md"

DETAILS = re.compile(r"<details[^>]*>\s*<summary[^>]*>\s*(?P<summary>.*?)\s*</summary>(?P<body>.*?)</details>",
                     re.S | re.I)
SOLUTION_WORDS = re.compile(r"\bsolutions?\b", re.I)  # "Solution", "Show the solution"


# ------------------------------------------------------------------ HTML to Markdown

class _Node:
    def __init__(self, tag: str, attrs=None, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs or []), parent, []


class _Tree(HTMLParser):
    VOID = {"br", "hr", "img", "input", "meta", "link"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = _Node("root")

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in self.VOID:
            self.cur = node

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def html_to_markdown(fragment: str) -> str:
    """A small HTML-to-Markdown conversion for the collection's own outputs (lists, paragraphs,
    emphasis, code, links, folded answers). Unknown tags keep their text."""
    tree = _Tree()
    tree.feed(fragment)
    return _tidy(_render(tree.root, 0))


def _tidy(text: str) -> str:
    text = "\n".join(line.rstrip() for line in text.splitlines())
    text = re.sub(r"\*\*([^*\n]+):\*\*\s*\n\s*\n\s*", r"**\1:** ", text)  # "Answer:" joins its text
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    # a list directly after a line of text needs no blank line (keeps items tight)
    return re.sub(r"^(\s*(?:[-*]|\d+\.) .+)\n\n(?=\s*(?:[-*]|\d+\.) )", r"\1\n", text, flags=re.M)


def _inline(node) -> str:
    return "".join(_render(c, 0) for c in node.children)


def _render(node, depth: int) -> str:
    if isinstance(node, str):
        return re.sub(r"\s+", " ", node)
    tag = node.tag
    if tag in ("strong", "b"):
        inner = _inline(node).strip()
        return f"**{inner}**" if inner else ""
    if tag in ("em", "i"):
        inner = _inline(node).strip()
        return f"*{inner}*" if inner else ""
    if tag == "code":
        return f"`{_inline(node).strip()}`"
    if tag == "a":
        href = node.attrs.get("href", "")
        inner = _inline(node).strip()
        return f"[{inner}]({href})" if href and inner != href else inner
    if tag == "br":
        return "  \n"
    if tag in ("ul", "ol"):
        items = [c for c in node.children if not isinstance(c, str)]
        lines = []
        for i, item in enumerate(items, 1):
            marker = f"{i}." if tag == "ol" else "-"
            body = _tidy(_render_block_children(item, 0))
            body = body.replace("\n", "\n" + " " * (len(marker) + 1)).replace(" " * (len(marker) + 1) + "\n", "\n")
            lines.append(f"{marker} {body}")
        return "\n\n" + "\n".join(lines) + "\n\n"
    if tag == "summary":
        return f"**{_inline(node).strip()}:** "
    if tag in ("p", "div", "details", "blockquote", "section", "table", "caption", "tr"):
        body = _render_block_children(node, depth).strip()
        if tag == "blockquote":
            body = "> " + body.replace("\n", "\n> ")
        return f"\n\n{body}\n\n"
    if re.fullmatch(r"h[1-6]", tag):
        return f"\n\n**{_inline(node).strip()}**\n\n"
    if tag in ("td", "th"):
        return _inline(node).strip() + " | "
    if tag in ("script", "style"):
        return ""
    return _render_block_children(node, depth)


def _render_block_children(node, depth: int) -> str:
    out = ""
    for c in node.children:
        out += _render(c, depth)
    return out


# ------------------------------------------------------------------ finding the solutions

@dataclass(frozen=True)
class Solution:
    notebook: str
    cell: int
    kind: str  # "exercise" or "self-check"
    question: str  # Markdown
    answer: str  # Markdown


def _question_from(text: str) -> str:
    """The exercise a solution answers: from the last "**Exercise" in the text before it, else
    its last paragraph (headings and blank lines dropped)."""
    text = DETAILS.sub("", text).strip()
    at = text.rfind("**Exercise")
    if at >= 0:
        text = text[at:]
    else:
        paras = [p for p in re.split(r"\n\s*\n", text) if p.strip() and not p.lstrip().startswith("#")]
        text = paras[-1] if paras else ""
    return text.strip()


def _cell_html(cell) -> list[str]:
    found = []
    for out in cell.get("outputs", []):
        value = out.get("data", {}).get("text/html")
        if value:
            found.append(value if isinstance(value, str) else "".join(value))
    return found


def solutions(path: Path) -> list[Solution]:
    """Every folded solution and self-check answer in a notebook, in order."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    found: list[Solution] = []
    previous_md = ""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            last = 0
            for m in DETAILS.finditer(cell.source):
                if SOLUTION_WORDS.search(html.unescape(m["summary"])):
                    question = _question_from(cell.source[last:m.start()]) or _question_from(previous_md)
                    found.append(Solution(path.name, i, "exercise", question, m["body"].strip()))
                last = m.end()
            previous_md = cell.source
        elif cell.cell_type == "code":
            for fragment in _cell_html(cell):
                if 'class="juc-quiz"' in fragment:
                    found.append(Solution(path.name, i, "self-check", "", html_to_markdown(fragment)))
                    continue
                for m in DETAILS.finditer(fragment):
                    if m.start() > 0 and "<details" in fragment[:m.start()]:
                        continue  # nested: handled with its parent
                    if SOLUTION_WORDS.search(html.unescape(re.sub("<[^>]+>", "", m["summary"]))):
                        found.append(Solution(path.name, i, "exercise", _question_from(previous_md),
                                              html_to_markdown(m["body"])))
    return found


def notebook_paths() -> list[Path]:
    listed = [nb.path for nb in catalogue.NOTEBOOKS if nb.exists]
    extra = sorted(p for p in catalogue.NOTEBOOK_DIR.glob("*.ipynb") if p not in listed)
    return listed + extra


def _title(path: Path) -> str:
    try:
        return catalogue.by_file(path.name).title
    except KeyError:
        return path.stem


# ------------------------------------------------------------------ answers.md

ANSWERS_HEAD = """# Answers to the exercises (for tutors)

Generated by `python -m helpers.publish.tutor` from the solutions folded into the notebooks (their
`<details>` blocks), so the answers here are always the notebooks' own. Do not edit this file:
change the notebook (or the data behind a computed solution), re-execute it, and run
`python -m helpers.publish.tutor`; a test fails while this file is stale. The codes in square
brackets are source ids in `data/sources.csv`.
"""


def answers_markdown(paths: list[Path] | None = None) -> str:
    parts = [ANSWERS_HEAD]
    for path in paths or notebook_paths():
        sols = solutions(path)
        exercises = [s for s in sols if s.kind == "exercise"]
        checks = [s for s in sols if s.kind == "self-check"]
        parts.append(f"\n## {path.stem[:2]} {_title(path)}\n")
        parts.append(f"Notebook: [`{path.name}`](../{path.name}). "
                     f"{len(exercises)} exercise{'s' if len(exercises) != 1 else ''} with solutions"
                     + (", and the self-check answers." if checks else "."))
        if not sols:
            parts.append("\nNo exercises in this notebook.\n")
        for n, s in enumerate(exercises, 1):
            question = s.question or "(the exercise text is in the notebook)"
            if not question.startswith("**Exercise"):
                question = f"**Exercise {n}.** {question}"
            parts.append(f"\n### Exercise {n}\n\n{_quote(question)}\n\n{s.answer.strip()}\n")
        for s in checks:
            parts.append(f"\n### Self-check\n\n{s.answer.strip()}\n")
    return "\n".join(p.rstrip("\n") for p in parts).rstrip() + "\n"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


# ------------------------------------------------------------------ the guide's generated blocks

def _time_line(nb) -> str:
    for cell in nb.cells[:4]:
        if cell.cell_type == "markdown":
            m = re.search(r"\*Time:?\*:?\s*(.+)", cell.source)
            if m:
                return m.group(1).strip().rstrip(".")
    return ""


def notebooks_block() -> str:
    import nbformat

    rows = ["| # | Notebook | Time (from the notebook) | Sections | Exercises | Widgets |",
            "|---|---|---|---|---|---|"]
    for entry in catalogue.NOTEBOOKS:
        if not entry.exists:
            rows.append(f"| {entry.file[:2]} | {entry.title} (not written yet) | | | | |")
            continue
        nb = nbformat.read(entry.path, as_version=4)
        sections = [h for c in nb.cells if c.cell_type == "markdown"
                    for h in re.findall(r"^## (.+)$", c.source, re.M)]
        widgets = sum(o.get("data", {}).get("text/plain") == nbtools.WIDGET_NOTE
                      for c in nb.cells if c.cell_type == "code" for o in c.outputs)
        exercises = sum(s.kind == "exercise" for s in solutions(entry.path))
        rows.append(f"| {entry.file[:2]} | [{entry.title}](../{entry.file}) | {_time_line(nb) or f'{entry.minutes} minutes'} "
                    f"| {len(sections)}: {'; '.join(sections)} | {exercises} | {widgets} |")
    return "\n".join(rows)


def themes_block() -> str:
    from .. import data

    try:
        themes = data.load_themes()
        args = data.load_arguments()
    except Exception as exc:  # noqa: BLE001 - the guide says so rather than failing
        return f"(The themes are not available yet: {exc}.)"
    stake = {}
    try:
        stake = data.load_stakeholders().set_index("stakeholder_id")["name"].to_dict()
    except Exception:  # noqa: BLE001
        pass
    lines = ["| Theme (choose it in notebook 07's explorer) | The question | Voices | Arguments | Direct quotes |",
             "|---|---|---|---|---|"]
    consult = []
    for t in themes.to_dict("records"):
        mine = args[args["theme_id"] == t["theme_id"]]
        voices = mine["stakeholder_id"].nunique()
        quotes = int((mine["speech"] == "direct").sum()) if "speech" in mine else 0
        row = f"| {t['label']} | {t['question']} | {voices} | {len(mine)} | {quotes} |"
        if str(t.get("origin", "")) == "debate":
            lines.append(row)
        else:
            consult.append((t, mine))
    out = "\n".join(lines)
    if consult:
        out += ("\n\nThe four questions of NHS England's November 2020 consultation, as the "
                "*Where do you stand?* widget in notebook 07 asks them (with the voices the collection records on each):\n")
        for t, mine in consult:
            who = sorted({stake.get(s, s) for s in mine["stakeholder_id"]})
            out += f"\n- **{t['label']}.** {t['question']}" + (f" *Voices with an argument on it:* {', '.join(who)}." if who else "")
    return out


def curriculum_block() -> str:
    from ..training import map_markdown

    return map_markdown()


def plan_block(plan: str):
    from .session import plan_markdown

    return lambda: plan_markdown(plan)


BLOCKS = {"NOTEBOOKS": notebooks_block, "THEMES": themes_block, "CURRICULUM": curriculum_block,
          "PLAN60": plan_block("60"), "PLAN90": plan_block("90")}


def render_guide(text: str) -> str:
    for name, make in BLOCKS.items():
        start, end = f"<!-- GENERATED:{name}:START", f"<!-- GENERATED:{name}:END -->"
        if start not in text or end not in text:
            raise ValueError(f"{GUIDE.name} lacks the markers for the {name} block")
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = (f"{head}{start} (python -m helpers.publish.tutor writes this block) -->\n"
                f"{make()}\n{end}{tail}")
    return text


def write() -> list[Path]:
    TUTOR.mkdir(parents=True, exist_ok=True)
    ANSWERS.write_text(answers_markdown(), encoding="utf-8")
    GUIDE.write_text(render_guide(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    return [ANSWERS, GUIDE]


def stale() -> list[str]:
    """Files that differ from what the notebooks and data give now."""
    out = []
    if not ANSWERS.exists() or ANSWERS.read_text(encoding="utf-8") != answers_markdown():
        out.append(str(ANSWERS.relative_to(ROOT)))
    text = GUIDE.read_text(encoding="utf-8") if GUIDE.exists() else ""
    if not text or render_guide(text) != text:
        out.append(str(GUIDE.relative_to(ROOT)))
    return out


def main(argv: list[str]) -> int:
    if "--check" in argv:
        bad = stale()
        for p in bad:
            print(f"stale: {p} (run `python -m helpers.publish.tutor`)")
        return 1 if bad else 0
    for p in write():
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
