"""Requests being acknowledged right now, so that background jobs can yield to them.

A platform's acknowledgement has a deadline (Slack's is 3 s) and is written to the store before it goes out.
When a burst of events arrives, the briefs started by the first events would otherwise compete with the
acknowledgement of the later ones for the one event loop. A slow job about to start waits until no request is
in flight (for a bounded time, so a steady stream of requests cannot starve it)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

MAX_YIELD_SECONDS = 1.0


class Ingress:
    def __init__(self, *, max_yield_seconds: float = MAX_YIELD_SECONDS) -> None:
        self.max_yield_seconds = max_yield_seconds
        self._in_flight = 0
        self._quiet = asyncio.Event()
        self._quiet.set()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    @contextlib.contextmanager
    def request(self) -> Iterator[None]:
        """Around the handling of one request, up to its response."""
        self._in_flight += 1
        self._quiet.clear()
        try:
            yield
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._quiet.set()

    async def quiet(self) -> None:
        """Return once no request is in flight, or after ``max_yield_seconds`` whatever happens."""
        if self._in_flight:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.max_yield_seconds):
                    await self._quiet.wait()
