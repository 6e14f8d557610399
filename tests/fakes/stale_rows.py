"""Rows that housekeeping must delete, aged by hand, and a wait until a running adapter's housekeeper has."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy import update

from bot.jobs import Job, JobQueue, JobWorker
from bot.store import Store
from bot.store.tables import JobRow, ProcessedEventRow, utc_now


async def age_jobs(store: Store, job_ids: list[int], when: datetime) -> None:
    async with store.transaction(write=True) as session:
        await session.execute(update(JobRow).where(JobRow.id.in_(job_ids)).values(updated_at=when, created_at=when))


async def age_event(store: Store, event_id: str, when: datetime) -> None:
    async with store.transaction(write=True) as session:
        stmt = update(ProcessedEventRow).where(ProcessedEventRow.event_id == event_id).values(seen_at=when)
        await session.execute(stmt)


async def finished_job(queue: JobQueue, key: str, *, fail: bool = False) -> int:
    """A job run to the end by a real worker: done, or failed for good when `fail`."""
    job_id = await queue.enqueue("work", {}, dedupe_key=key)
    assert job_id is not None

    async def handler(job: Job) -> None:
        if fail:
            raise ValueError("broken for good")

    await JobWorker(queue, {"work": handler}, worker_id="w").run_until_idle()
    return job_id


async def seed_stale_rows(store: Store, queue: JobQueue, *, days_old: int = 30) -> None:
    """One finished job and one seen event, both `days_old` days old: what housekeeping must delete."""
    stale = utc_now() - timedelta(days=days_old)
    await age_jobs(store, [await finished_job(queue, "stale-job")], stale)
    assert await store.mark_event("slack", "EvStale")
    await age_event(store, "EvStale", stale)


async def wait_until_pruned(store: Store, queue: JobQueue) -> None:
    """Until the rows seed_stale_rows made are gone (an adapter's housekeeper runs in the background)."""
    for _ in range(200):  # 10 s
        if not await queue.counts() and await store.mark_event("slack", "EvStale"):
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the stale job and event were never pruned")
