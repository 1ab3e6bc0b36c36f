"""What the steps of a derivation share: the raw files and the results several steps use."""

from __future__ import annotations

from typing import Callable

from .inputs import Raw


class Context:
    """One derivation's raw files (read on first use) and its shared intermediate results."""

    def __init__(self, raw: Raw):
        self.raw = raw
        self._memo: dict[Callable, object] = {}

    def once(self, fn: Callable[["Context"], object]):
        """``fn(self)``, computed the first time any step asks for it."""
        if fn not in self._memo:
            self._memo[fn] = fn(self)
        return self._memo[fn]


def open_on(open_date: str, close_date: str, day: str) -> bool:
    """True when an organisation open on ``open_date`` (and closed on ``close_date``, if any) is open on ``day``."""
    return open_date <= day and (not close_date or close_date >= day)
