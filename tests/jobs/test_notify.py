"""PostgreSQL LISTEN/NOTIFY: a job enqueued through one connection pool wakes a worker listening on another at
once, although that worker polls only every minute (skipped without a PostgreSQL server)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.jobs import Job, JobQueue, JobWorker
from bot.store import Store
from tests.fakes.store_worker import throwaway_database

POLL_SECONDS = 60.0  # far longer than the wait below: only a notification can wake the worker in time
GENEROUS_SECONDS = 20.0


@pytest.fixture
async def postgres_url(tmp_path: Path) -> AsyncIterator[str]:
    async with throwaway_database("postgres", tmp_path) as url:
        yield url


async def test_an_enqueue_in_another_process_wakes_a_listening_worker_without_the_poll(postgres_url: str) -> None:
    sender, receiver = await Store.open(postgres_url), await Store.open(postgres_url)
    ran = asyncio.Event()

    async def handler(job: Job) -> None:
        ran.set()

    queue = JobQueue(receiver)
    worker = JobWorker(queue, {"brief": handler}, worker_id="listener", poll_seconds=POLL_SECONDS)
    try:
        assert await queue.listen()
        await worker.start()
        await asyncio.sleep(0.2)  # the worker has polled once, found nothing, and sleeps for a minute
        await JobQueue(sender).enqueue("brief", {})
        await asyncio.wait_for(ran.wait(), timeout=GENEROUS_SECONDS)
    finally:
        await worker.stop()
        await queue.unlisten()
        await sender.close()
        await receiver.close()


async def test_listening_is_a_no_op_on_sqlite(tmp_path: Path) -> None:
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'q.db'}")
    try:
        queue = JobQueue(store)
        assert not await queue.listen()
        await queue.unlisten()
    finally:
        await store.close()


async def test_a_listen_connection_the_server_drops_is_opened_again(postgres_url: str) -> None:
    """A PostgreSQL restart or an idle-connection reaper ends the LISTEN session: the queue listens again by
    itself, and a later enqueue elsewhere still wakes the worker long before its poll."""
    sender, receiver = await Store.open(postgres_url), await Store.open(postgres_url)
    ran = asyncio.Event()

    async def handler(job: Job) -> None:
        ran.set()

    queue = JobQueue(receiver)
    worker = JobWorker(queue, {"brief": handler}, worker_id="listener", poll_seconds=POLL_SECONDS)
    try:
        assert await queue.listen()
        await worker.start()
        async with sender.transaction(write=True) as session:
            ended = await session.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                )
            )
            assert ended.all(), "the LISTEN session was found and ended"
        for _ in range(int(GENEROUS_SECONDS / 0.1)):
            await asyncio.sleep(0.1)
            if queue.listening:
                break
        assert queue.listening
        await asyncio.sleep(0.2)  # the worker's wake-up after the loss found nothing; it sleeps for a minute
        await JobQueue(sender).enqueue("brief", {})
        await asyncio.wait_for(ran.wait(), timeout=GENEROUS_SECONDS)
    finally:
        await worker.stop()
        await queue.unlisten()
        await sender.close()
        await receiver.close()
