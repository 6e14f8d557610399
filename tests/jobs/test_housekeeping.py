"""Housekeeping on both backends: finished jobs and seen events older than the retention go, the rest stays."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

import pytest

from bot.errors import StoreError
from bot.jobs import Housekeeper, JobQueue, Pruned
from bot.store import Store
from bot.store.tables import utc_now
from tests.fakes.gate import Gate
from tests.fakes.stale_rows import age_event, age_jobs, finished_job, seed_stale_rows, wait_until_pruned

WEEK = timedelta(days=7)


@pytest.fixture
def queue(store: Store) -> JobQueue:
    return JobQueue(store, retry_base_seconds=0.0, max_attempts=1)


async def test_old_finished_jobs_and_events_go_and_everything_else_stays(store: Store, queue: JobQueue) -> None:
    old = utc_now() - WEEK - timedelta(hours=1)
    old_done, old_failed = await finished_job(queue, "a"), await finished_job(queue, "b", fail=True)
    recent_done = await finished_job(queue, "c")
    old_pending = await queue.enqueue("work", {}, dedupe_key="d")  # nobody has handled it yet: kept
    old_running = await queue.enqueue("other", {}, dedupe_key="e")
    assert old_pending is not None and old_running is not None
    assert (claimed := await queue.claim("w2", kinds=["other"])) is not None and claimed.id == old_running
    await age_jobs(store, [old_done, old_failed, old_pending, old_running], old)
    for event_id in ("EvOld", "EvNew"):
        assert await store.mark_event("slack", event_id)
    await age_event(store, "EvOld", old)

    pruned = await Housekeeper(store, queue, retention=WEEK).prune_once()

    assert pruned == Pruned(jobs=2, events=1)
    assert await queue.counts() == {"done": 1, "pending": 1, "running": 1}
    assert await queue.enqueue("work", {}, dedupe_key="c") is None  # the recent job still de-duplicates
    assert not await store.mark_event("slack", "EvNew")  # a recent event is still a repeat
    assert await store.mark_event("slack", "EvOld")  # a forgotten one counts as new again
    assert recent_done not in (old_done, old_failed)


async def test_nothing_to_prune_is_not_an_error(store: Store, queue: JobQueue) -> None:
    assert await Housekeeper(store, queue, retention=WEEK).prune_once() == Pruned(jobs=0, events=0)


def test_retention_must_be_positive(store: Store, queue: JobQueue) -> None:
    with pytest.raises(ValueError, match="positive"):
        Housekeeper(store, queue, retention=timedelta(0))


class FailingOnceQueue(JobQueue):
    """The database fails on the first prune, as a lost connection would."""

    failures = 1

    async def prune(self, before: datetime) -> int:
        if self.failures:
            self.failures -= 1
            raise StoreError("database operation failed: connection lost")
        return await super().prune(before)


async def test_the_loop_prunes_at_start_and_survives_a_database_failure(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    queue = FailingOnceQueue(store, retry_base_seconds=0.0)
    await seed_stale_rows(store, queue)
    keeper = Housekeeper(store, queue, retention=WEEK, interval_seconds=0.05)
    with caplog.at_level(logging.INFO, logger="bot.jobs.housekeeping"):
        await keeper.start()
        try:
            await wait_until_pruned(store, queue)
        finally:
            await keeper.stop()
    messages = [record.getMessage() for record in caplog.records]
    assert any("housekeeping failed" in message for message in messages)
    assert any("deleted 1 finished jobs and 1 seen events" in message for message in messages)
    await keeper.stop()  # stopping twice is harmless


class SlowPruneQueue(JobQueue):
    """A prune that takes a while, as a delete over many rows does."""

    def __init__(self, store: Store) -> None:
        super().__init__(store, retry_base_seconds=0.0)
        self.gate = Gate()

    async def prune(self, before: datetime) -> int:
        await self.gate.wait()
        return await super().prune(before)


async def test_stop_lets_the_prune_in_progress_finish_and_ends_the_loop_at_once_when_idle(store: Store) -> None:
    queue = SlowPruneQueue(store)
    keeper = Housekeeper(store, queue, retention=WEEK, interval_seconds=3600.0)
    await keeper.start()
    await asyncio.wait_for(queue.gate.reached.wait(), timeout=2.0)
    stopping = asyncio.create_task(keeper.stop())
    await asyncio.sleep(0.05)
    assert not stopping.done()  # the prune is a database statement: it is not cut off midway
    queue.gate.opened.set()
    await asyncio.wait_for(stopping, timeout=2.0)  # and the hour-long pause after it does not hold stop() up
    assert queue.gate.outcomes == ["went on"]
