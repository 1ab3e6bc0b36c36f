"""Where the browser tests leave what CI keeps: screenshots and timings.

    test-artifacts/screenshots/<route>-<notebook>.png
    test-artifacts/browser-timings.json   (issue 8 reads the selection-to-redraw times)
    test-artifacts/page-heights.json      (each notebook's full height, per route and viewport)

Several pytest workers may write at once: the JSON files are updated under a lock.
"""

from __future__ import annotations

import fcntl
import json
import platform
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
TIMINGS = ARTIFACTS / "browser-timings.json"
HEIGHTS = ARTIFACTS / "page-heights.json"


def ensure() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


#: The full height of what scrolls in the page (JupyterLab scrolls the notebook inside its
#: panel; the presenter scrolls the document), with the viewport's size.
PAGE_HEIGHT_JS = r"""(scope) => {
  const inner = document.querySelector(scope), around = [inner && inner.querySelector('.jp-WindowedPanel-outer')];
  for (let a = inner; a && a !== document.body; a = a.parentElement) around.push(a);
  const el = around.find(a => a && /(auto|scroll)/.test(getComputedStyle(a).overflowY)
                             && a.scrollHeight > a.clientHeight + 1)
             || document.scrollingElement || document.documentElement;
  return {height: Math.round(el.scrollHeight), scroller_height: Math.round(el.clientHeight),
          viewport: {width: window.innerWidth, height: window.innerHeight}};
}"""


def screenshot(page, route: str, notebook: str, **kw) -> Path:
    ensure()
    path = SCREENSHOTS / f"{route}-{Path(notebook).stem}.png"
    page.screenshot(path=str(path), **kw)
    print(f"screenshot: {path.relative_to(ROOT)}")
    return path


@contextmanager
def _locked():
    ensure()
    with open(ARTIFACTS / ".timings.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def _updating(path: Path, about: str, browser_version: str | None = None):
    """Read ``path``'s JSON (or start it with ``about``), let the caller change it, write it back
    with the machine (and the browser, if given) and the time, all under the artifacts lock."""
    with _locked():
        data = json.loads(path.read_text()) if path.exists() else {}
        data.setdefault("about", about)
        yield data
        if browser_version is not None:
            data["machine"] = {"platform": platform.platform(), "python": platform.python_version()}
            if browser_version:
                data["chromium"] = browser_version
        data["updated"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def record_page_height(page, route: str, notebook: str, scope: str, **about) -> dict:
    """Add the notebook's full page height on this route (PAGE_HEIGHT_JS) to page-heights.json."""
    entry = {**page.evaluate(PAGE_HEIGHT_JS, scope), **about, "measured_at": round(time.time(), 1)}
    with _updating(HEIGHTS, (
            "The full height in CSS pixels of each notebook's page (what scrolls: the notebook "
            "panel in JupyterLab, the document in the presenter) after every cell ran and one "
            "interaction, at the viewport given, measured in headless chromium by tests/browser.")) as data:
        data.setdefault("routes", {}).setdefault(route, {})[notebook] = entry
    print(f"page height [{route}] {notebook}: {entry['height']} px at {entry['viewport']}")
    return entry


def summarise(ms: list[float]) -> dict:
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 1), "p95_ms": round(p95, 1),
            "max_ms": round(max(ms), 1), "samples_ms": [round(m, 1) for m in ms]}


def record_timing(route: str, notebook: str, action: str, how: str, ms: list[float],
                  browser_version: str = "") -> dict:
    """Add one measurement (selection change -> redrawn output, in ms) to browser-timings.json."""
    entry = {"how": how, **summarise(ms), "measured_at": round(time.time(), 1)}
    with _updating(TIMINGS, (
            "Time from a widget selection change (the change event in the page) to the redrawn "
            "figure or table (the widget's output changed, every plotly figure in it drawn, and "
            "two animation frames later), measured in headless chromium by tests/browser."),
            browser_version) as data:
        data.setdefault("routes", {}).setdefault(route, {}).setdefault(notebook, {})[action] = entry
    print(f"timing [{route}] {notebook}: {action} ({how}): median {entry['median_ms']} ms, "
          f"p95 {entry['p95_ms']} ms over {entry['n']} changes")
    return entry


SESSIONS = ARTIFACTS / "session-timings.json"


def record_session(plan: str, ready_s: float, first_screen_s: float, browser_version: str = "") -> None:
    """A session plan's cold start (``present --plan``): seconds from the command to its 'Session
    ready' line, and from opening the address to the first screen. The bench reads this file."""
    with _updating(SESSIONS, (
            "present --plan from nothing running: 'ready_s' from the command to its printed line "
            "(the session's kernel has run every cell), 'first_screen_s' from opening the address "
            "to step 1 shown with its figures drawn, in headless chromium at 1920x1080 (tests/browser)."),
            browser_version) as data:
        data.setdefault("plans", {})[plan] = {"ready_s": round(ready_s, 2),
                                              "first_screen_s": round(first_screen_s, 2),
                                              "measured_at": round(time.time(), 1)}
    print(f"session plan {plan}: ready {ready_s:.1f} s after the command, first screen {first_screen_s:.2f} s")
