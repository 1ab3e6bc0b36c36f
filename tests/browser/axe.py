"""axe-core in the browser tests: run it on a page, sort its findings, record them.

axe-core is pinned in package.json (``npm ci`` in ``run.py setup`` puts it in node_modules/)
and injected into the page from that local file, so nothing is fetched. Each violation node is
either in *our* content (what the notebooks show: cells and outputs, the presenter page we
template, the exported pages) or in the chrome of JupyterLab or Voila around it. A finding in
our content always fails the test. A finding in the chrome fails too unless it matches an entry
of ``EXCEPTIONS`` (rule id, a pattern for the node's selector, and why we cannot change it);
an exception never covers a node inside our content.

The findings go to test-artifacts/axe/<route>.json (one entry per notebook, counts by rule,
the violations and the exceptions that matched), written under a lock as pytest workers share
the folder.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import artifacts

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_DIR = artifacts.ARTIFACTS / "axe"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: What the notebooks show in JupyterLab: markdown and outputs (not the code editors).
LAB_OURS = ".jp-NotebookPanel .jp-MarkdownOutput, .jp-NotebookPanel .jp-OutputArea"
PRESENT_OURS = "#rendered_cells"
EXPORT_OURS = "body"



def axe_script() -> Path:
    """The local axe.min.js, at the version package.json pins; otherwise skip with how to get it
    (or fail, when REQUIRE_BROWSER=1)."""
    from .conftest import _unavailable

    want = json.loads((ROOT / "package.json").read_text())["dependencies"]["axe-core"]
    where = AXE_JS.relative_to(ROOT) if AXE_JS.is_relative_to(ROOT) else AXE_JS
    if not AXE_JS.exists():
        _unavailable(f"axe-core is not installed ({where} is missing): it comes from "
                     "package-lock.json with Node.js and npm; run `npm ci --ignore-scripts` "
                     "(python3 run.py setup does it when npm is on the PATH)")
    with AXE_JS.open(encoding="utf-8") as f:
        head = f.read(200)
    if f"axe v{want}" not in head:
        _unavailable(f"{where} is not axe-core {want} (package.json): run `npm ci --ignore-scripts` again")
    return AXE_JS


@dataclass(frozen=True)
class Exception_:
    """A finding in JupyterLab's or Voila's own chrome that the collection cannot change."""

    rule: str
    target: str  # regular expression searched in the node's CSS selector (axe's ``target``)
    reason: str


#: JupyterLab's and Voila's own chrome. Only nodes outside our content can match. Measured
#: with JupyterLab 4.6.6 and Voila 0.5.13 (requirements.lock); Voila's page raised none.
EXCEPTIONS: tuple[Exception_, ...] = (
    # JupyterLab's toolbar buttons (the @jupyter/web-components <jp-button>, and the buttons
    # the Voila and debugger extensions add to the notebook toolbar) carry aria-pressed on an
    # element with no button role.
    Exception_("aria-allowed-attr", r"^(jp-button\[|\.voilaRender$|\.jp-DebuggerBugButton$)",
               "JupyterLab's toolbar buttons (jp-button) set aria-pressed without a button role"),
    # The code cells' editors: CodeMirror 6's role="textbox" without a label. The notebook's
    # code is JupyterLab's editor, not an output; the presenter hides it.
    Exception_("aria-input-field-name", r"\.cm-content\[",
               "JupyterLab's code editor (CodeMirror) has no accessible name"),
    # The button JupyterLab puts beside a collapsible heading (shown once a heading cell has been
    # selected or collapsed, as the interactions do): an icon button with no text or label.
    Exception_("button-name", r"\.jp-collapseHeadingButton",
               "JupyterLab's collapse-heading button has no accessible name"),
    # The notebook's list of cells: role="feed" whose children are not role="article".
    Exception_("aria-required-children", r"^\.jp-WindowedPanel-viewport$",
               "JupyterLab's notebook (role=feed) holds cells that are not articles"),
)

RUN_JS = """
async ([tags, ours]) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const find = (t) => { try { return document.querySelector(Array.isArray(t) ? t[t.length - 1] : t); } catch (e) { return null; } };
  return r.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => {
      const el = find(n.target[n.target.length - 1]);
      return {target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' | '),
              html: n.html.slice(0, 300), summary: (n.failureSummary || '').slice(0, 400),
              ours: !!(el && el.closest(ours))};
    }),
  }));
}
"""


def run(page, ours: str) -> list[dict]:
    """axe-core on the whole document; each node marked ``ours`` when it is inside ``ours``."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    return page.evaluate(RUN_JS, [TAGS, ours])


def sort(violations: list[dict], exceptions=EXCEPTIONS) -> dict:
    """Split the nodes into failures and excepted chrome; count both by rule."""
    failures, excepted = [], []
    for v in violations:
        for n in v["nodes"]:
            hit = None if n["ours"] else next(
                (e for e in exceptions if e.rule == v["rule"] and re.search(e.target, n["target"])), None)
            row = {"rule": v["rule"], "impact": v["impact"], "target": n["target"], "ours": n["ours"],
                   "help": v["help"], "helpUrl": v["helpUrl"], "html": n["html"], "summary": n["summary"]}
            if hit:
                excepted.append({**row, "reason": hit.reason})
            else:
                failures.append(row)
    return {"failures": failures, "excepted": excepted,
            "counts": dict(Counter(r["rule"] for r in failures + excepted)),
            "failure_counts": dict(Counter(r["rule"] for r in failures))}


def describe(failures: list[dict]) -> str:
    return "\n".join(f"{f['rule']} ({f['impact']}) {'in our content' if f['ours'] else 'in the chrome'}: "
                     f"{f['target']}\n    {f['help']} {f['helpUrl']}\n    {f['html'][:160]}"
                     for f in failures)


def record(route: str, notebook: str, found: dict, ms: float) -> Path:
    """Add one page's findings to test-artifacts/axe/<route>.json (and the counts by rule)."""
    AXE_DIR.mkdir(parents=True, exist_ok=True)
    path = AXE_DIR / f"{route}.json"
    with artifacts._locked():
        data = json.loads(path.read_text()) if path.exists() else {}
        data.setdefault("about", f"axe-core on every notebook ({route}), tags {', '.join(TAGS)}; "
                                 "tests/browser/test_axe.py")
        data.setdefault("pages", {})[notebook] = {
            "counts_by_rule": found["counts"], "failures": found["failures"],
            "excepted": found["excepted"], "axe_ms": round(ms), "measured_at": round(time.time(), 1)}
        total = Counter()
        for page in data["pages"].values():
            total.update(page["counts_by_rule"])
        data["counts_by_rule"] = dict(sorted(total.items()))
        data["exceptions"] = [e.__dict__ for e in EXCEPTIONS]
        path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return path


def check(page, route: str, notebook: str, ours: str) -> None:
    """Run axe on the page, record the findings, fail on any that is not an exception."""
    start = time.monotonic()
    found = sort(run(page, ours))
    ms = (time.monotonic() - start) * 1000
    record(route, notebook, found, ms)
    print(f"axe [{route}] {notebook}: {len(found['failures'])} failing nodes, "
          f"{len(found['excepted'])} excepted, in {ms:.0f} ms; by rule {found['counts']}")
    assert not found["failures"], f"{notebook} ({route}): axe-core violations\n" + describe(found["failures"])


def check_if_installed(page, route: str, notebook: str, ours: str) -> None:
    """:func:`check`, called from the tests that already open every notebook (so each page is
    loaded once): without axe-core (no npm) it says so and returns, so those tests still run;
    with REQUIRE_BROWSER=1 (CI) a missing axe-core fails, as in :func:`axe_script`."""
    import os

    if not AXE_JS.exists() and os.environ.get("REQUIRE_BROWSER") != "1":
        print(f"axe [{route}] {notebook}: skipped, axe-core is not installed (npm ci --ignore-scripts)")
        return
    check(page, route, notebook, ours)
