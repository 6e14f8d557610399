"""The placeholder follows the brief's stages (reading → writing the brief → checking quotes) by chat.update,
at most one edit a second per message (Slack's chat.update limit is about that), coalescing stages that come
faster: only the newest one is shown. Stage edits also share a budget per workspace (``EditBudget``): chat.update
is a tier 3 method (about 50 a minute per workspace, bursts tolerated), and when fifty links arrive at once the
briefs themselves need those calls; a stage edit without budget is simply not shown. Imports only the Slack SDK
and the service's names."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

# Slack allows about one chat.update per second per message (tier 3 and its per-message limit).
MIN_EDIT_INTERVAL_SECONDS = 1.0

# chat.update's tier 3 allows about 50 calls a minute per workspace, with bursts; stage edits may use a burst of
# EDIT_BURST and then EDIT_RATE_PER_SECOND, and every brief's own update spends from the same budget first.
EDIT_BURST = 20.0
EDIT_RATE_PER_SECOND = 50 / 60

Send = Callable[[str], Awaitable[Any]]


class EditBudget:
    """A token bucket for one workspace's chat.update calls: the brief's update always goes out (``spend``);
    a stage edit goes out only when a token is left (``try_take``)."""

    def __init__(self, *, burst: float = EDIT_BURST, rate_per_second: float = EDIT_RATE_PER_SECOND) -> None:
        self._burst = burst
        self._rate = rate_per_second
        self._tokens = burst
        self._at = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self._burst, self._tokens + (now - self._at) * self._rate)
        self._at = now

    def try_take(self) -> bool:
        self._refill()
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True

    def spend(self) -> None:
        """An update that goes out anyway (a brief); stage edits wait until the budget has recovered."""
        self._refill()
        self._tokens = max(-self._burst, self._tokens - 1)


class StageEdits:
    """Feed ``stage(text)`` from the service's progress callback; ``close()`` before the final update, so a
    late stage edit can never overwrite the brief."""

    def __init__(
        self, send: Send, *, interval_seconds: float = MIN_EDIT_INTERVAL_SECONDS, budget: EditBudget | None = None
    ) -> None:
        self._send = send
        self._budget = budget
        self._interval_seconds = interval_seconds
        self._last_edit = time.monotonic()  # the placeholder itself was the last post
        self._pending: str | None = None
        self._flusher: asyncio.Task[None] | None = None
        self.sent: list[str] = []

    def stage(self, text: str | None) -> None:
        """Show `text` soon (within the edit interval); a newer stage replaces one not yet shown."""
        if text is None:
            return
        self._pending = text
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="slack-stage-edit")

    async def _flush(self) -> None:
        wait_seconds = self._last_edit + self._interval_seconds - time.monotonic()
        if wait_seconds > 0:
            await asyncio.sleep(wait_seconds)
        text, self._pending = self._pending, None
        if text is None or (self._budget is not None and not self._budget.try_take()):
            return
        self._last_edit = time.monotonic()
        await self._send(text)
        self.sent.append(text)

    async def close(self) -> None:
        """Drop a stage not yet shown and wait for one being sent; then the caller posts the brief."""
        self._pending = None
        flusher, self._flusher = self._flusher, None
        if flusher is None:
            return
        if flusher.done():
            flusher.result()  # an edit that failed unexpectedly fails the job here, not in a lost task
            return
        flusher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flusher
