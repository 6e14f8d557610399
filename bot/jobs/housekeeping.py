"""Keeps the operational tables small: finished jobs and seen event ids are deleted after the retention.

Both only exist for de-duplication and crash recovery, which matter for minutes (Slack retries within an
hour, a Discord interaction expires in 15 minutes), so a week is generous. Articles, briefs, conversations
and turns are the bot's memory for follow-ups and are never deleted here.

Every process runs its own housekeeper: the deletes are idempotent, so several processes sharing one
database only repeat a cheap indexed delete.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.errors import StoreError
from bot.jobs.stopping import STOP_GRACE_SECONDS, stop_loop
from bot.store import JobQueue, Store, utc_now

logger = logging.getLogger(__name__)

PRUNE_INTERVAL_SECONDS = 3600.0


@dataclass(frozen=True)
class Pruned:
    jobs: int
    events: int


class Housekeeper:
    """Prunes once at start, then every `interval_seconds` until stop()."""

    def __init__(
        self,
        store: Store,
        queue: JobQueue,
        *,
        retention: timedelta,
        interval_seconds: float = PRUNE_INTERVAL_SECONDS,
    ) -> None:
        if retention <= timedelta(0):
            raise ValueError("retention must be positive")
        self._store = store
        self._queue = queue
        self._retention = retention
        self._interval_seconds = interval_seconds
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def prune_once(self) -> Pruned:
        """Delete what is older than the retention; raises StoreError when the database fails."""
        before = utc_now() - self._retention
        pruned = Pruned(jobs=await self._queue.prune(before), events=await self._store.prune_events(before))
        if pruned.jobs or pruned.events:
            logger.info("housekeeping: deleted %d finished jobs and %d seen events", pruned.jobs, pruned.events)
        return pruned

    async def start(self) -> None:
        if self._task is None:
            self._stopping.clear()
            self._task = asyncio.create_task(self._loop(), name="housekeeping")

    async def stop(self) -> None:
        """Let a prune in progress finish (bounded), then end the loop; see stop_loop for why not cancel."""
        if self._task is not None:
            await stop_loop(self._task, self._stopping.set, STOP_GRACE_SECONDS)
            self._task = None

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.prune_once()
            except StoreError:
                # The bot keeps serving; the tables only grow until the next round succeeds.
                logger.exception("housekeeping failed; trying again in %.0f s", self._interval_seconds)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._interval_seconds):
                    await self._stopping.wait()
