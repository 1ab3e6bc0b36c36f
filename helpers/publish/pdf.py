"""Print local HTML pages to PDF with Debian's chromium through Playwright, the network cut.

Used by the handouts (:mod:`helpers.publish.handouts`). The browser is ``/usr/bin/chromium`` (or
``$CHROMIUM``), never one Playwright downloads. A page is opened from ``file://``; it must set
``window.jucDrawn`` (or ``window.jucError``) when it is ready to print. Every request other than
``file:``, ``data:``, ``blob:`` and 127.0.0.1 is aborted and recorded, and printing that page fails
(:class:`NetworkRequestBlocked`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

DRAW_TIMEOUT_MS = 60_000
LOCAL_HOSTS = {"127.0.0.1"}
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class NetworkRequestBlocked(RuntimeError):
    """A page to print tried to load something from outside this computer."""


def chromium_path() -> str:
    """Debian's chromium (``$CHROMIUM`` to choose another): never a browser Playwright downloaded."""
    path = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise FileNotFoundError(f"no chromium at {path}: install Debian's (`apt install chromium`) "
                                "or set CHROMIUM=/path/to/chromium")
    return path


class Printer:
    """One headless chromium and one page, reused for every page printed.

    Every request is routed: ``file://``, ``data:``, ``blob:`` and 127.0.0.1 go through; anything
    else (and any WebSocket) is recorded in :attr:`blocked` and aborted, and :meth:`pdf` then fails.
    :attr:`blocked` keeps every attempt since the printer started.
    """

    def __init__(self, chromium: str | None = None):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        try:
            self.browser = self._pw.chromium.launch(executable_path=chromium or chromium_path(),
                                                    args=CHROMIUM_FLAGS)
            self.context = self.browser.new_context()
            self.blocked: list[str] = []
            self.context.route("**/*", self._route)
            self.page = self.context.new_page()
            self.page.on("websocket", lambda ws: self.blocked.append(ws.url))
        except BaseException:
            self._pw.stop()
            raise

    def _route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "blob") or parts.hostname in LOCAL_HOSTS:
            route.continue_()
            return
        self.blocked.append(url)
        route.abort()

    def load(self, html_file: Path) -> None:
        """Open ``html_file`` and wait until every figure is drawn."""
        self._loaded, self._before = html_file.name, len(self.blocked)
        self.page.goto(html_file.as_uri(), wait_until="load")
        self.page.wait_for_function("window.jucDrawn || window.jucError", timeout=DRAW_TIMEOUT_MS)
        error = self.page.evaluate("window.jucError")
        if error:
            raise RuntimeError(f"{html_file.name}: a figure was not drawn: {error}")

    def print(self) -> bytes:
        """The page opened by :meth:`load`, as it is now, as A4 PDF bytes; fails if it tried the network."""
        if len(self.blocked) > self._before:
            raise NetworkRequestBlocked(f"{self._loaded} tried to reach the network: "
                                        f"{sorted(set(self.blocked[self._before:]))}")
        return self.page.pdf(format="A4", print_background=True, prefer_css_page_size=True)

    def pdf(self, html_file: Path) -> bytes:
        """Print ``html_file`` (once every figure is drawn) to A4 PDF bytes."""
        self.load(html_file)
        return self.print()

    def close(self) -> None:
        try:
            self.context.close()
            self.browser.close()
        finally:
            self._pw.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def page_count(pdf: bytes) -> int:
    """Pages in a PDF as chromium writes it (one ``/Type /Page`` object per page)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))
