"""How hard one process presses the LLM server: requests in flight, a shared 429 pause, a tokens-per-minute budget.

An LLM request spends its seconds waiting, not working, so the job worker runs many briefs at once and this
module is what keeps them polite: a semaphore bounds the requests in flight, one 429 (with its Retry-After)
pauses every request of the process instead of each finding out on its own, and an optional token budget
keeps a team inside its plan. Imports no platform, no store.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable

log = logging.getLogger(__name__)

DEFAULT_MAX_IN_FLIGHT = 64
MAX_PAUSE_SECONDS = 30.0
TOKEN_WINDOW_SECONDS = 60.0
BUDGET_RECHECK_SECONDS = 1.0  # a request waiting for the budget looks again at least this often


class LLMLimits:
    """One per process (built with the engine): every request goes through ``slot``."""

    def __init__(
        self,
        *,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        tokens_per_minute: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self.max_in_flight = max_in_flight
        self.tokens_per_minute = tokens_per_minute
        self._slots = asyncio.Semaphore(max_in_flight)
        self._clock = clock
        self._paused_until = 0.0
        self._spent: deque[tuple[float, int]] = deque()  # (when, tokens) within the last minute
        self._budget_lock = asyncio.Lock()
        self.in_flight = 0

    @contextlib.asynccontextmanager
    async def slot(self, tokens: int = 0) -> AsyncIterator[None]:
        """Wait for a free slot, the end of any shared pause and room in the token budget; then send."""
        async with self._slots:
            await self._wait_pause()
            await self._reserve(tokens)
            await self._wait_pause()  # a 429 may have arrived while this request waited for the budget
            self.in_flight += 1
            try:
                yield
            finally:
                self.in_flight -= 1

    def pause(self, seconds: float) -> None:
        """The server said how long to slow down (a 429's Retry-After): no request of this process starts
        before the pause ends, rather than each earning its own 429. A 429 without the hint is left to the
        request's own backoff."""
        pause_seconds = min(seconds, MAX_PAUSE_SECONDS)
        if pause_seconds <= 0:
            return
        until = self._clock() + pause_seconds
        if until > self._paused_until:
            log.info("LLM server rate-limited us: every request pauses %.1f s", pause_seconds)
            self._paused_until = until

    def paused_for(self) -> float:
        """Seconds left of the shared pause (0 when none)."""
        return max(0.0, self._paused_until - self._clock())

    async def _wait_pause(self) -> None:
        while True:  # the pause may be extended while we sleep
            left = self.paused_for()
            if left <= 0:
                return
            await asyncio.sleep(left)

    async def _reserve(self, tokens: int) -> None:
        """Spend `tokens` from the per-minute budget, waiting for older spending to leave the window.

        A single request larger than the whole budget goes alone once the window is empty, rather than never."""
        budget = self.tokens_per_minute
        if budget is None or tokens <= 0:
            return
        async with self._budget_lock:  # first come, first served: a big request is not starved by small ones
            while True:
                now = self._clock()
                while self._spent and now - self._spent[0][0] >= TOKEN_WINDOW_SECONDS:
                    self._spent.popleft()
                used = sum(spent for _, spent in self._spent)
                if used + tokens <= budget or not self._spent:
                    self._spent.append((now, tokens))
                    return
                wait_seconds = TOKEN_WINDOW_SECONDS - (now - self._spent[0][0])
                await asyncio.sleep(min(wait_seconds, BUDGET_RECHECK_SECONDS))


def estimate_tokens(texts: list[str], *, completion_tokens: int) -> int:
    """A cheap upper-ish guess for the budget (about four characters a token, plus the reply's cap); exact
    counting would put the tokenizer on the event loop for every request."""
    return sum(len(text) for text in texts) // 4 + completion_tokens
