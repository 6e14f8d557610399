"""Fixtures for the store and job tests (SQLite file, throwaway PostgreSQL database), and a worker process.

Run as a script it is one briefbot process: ``migrate URL`` opens the store (running migrations), and
``work URL --handler record|post`` runs a JobWorker until the queue has nothing pending or running.
The handlers write into tables the tests create (``job_runs``, ``posts``) so the tests can count.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.jobs import Job, JobQueue, JobWorker
from bot.store import Store
from bot.store.database import make_engine, writer

POSTGRES_ENV = "BRIEFBOT_TEST_POSTGRES_URL"
WORKER_SCRIPT = Path(__file__).resolve()
WORK_DEADLINE_SECONDS = 90.0
IDLE_POLL_SECONDS = 0.05
TEST_TABLES = (
    "CREATE TABLE job_runs (job_id INTEGER NOT NULL, worker VARCHAR(100) NOT NULL, attempt INTEGER NOT NULL)",
    "CREATE TABLE posts (job_id INTEGER NOT NULL)",
)


BACKENDS = ("sqlite", "postgres")


@asynccontextmanager
async def throwaway_database(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """A SQLite file under tmp_path, or a fresh PostgreSQL database (skipped when none is configured)."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'briefbot.db'}"
        return
    base_url = os.environ.get(POSTGRES_ENV)
    if not base_url:
        pytest.skip(f"{POSTGRES_ENV} is not set (postgresql+asyncpg://user@host:port/db of a test server)")
    url = await create_postgres_database(base_url)
    try:
        yield url
    finally:
        await drop_postgres_database(base_url, url)


async def create_postgres_database(base_url: str) -> str:
    """A fresh, uniquely named database on the server of base_url; returns its URL."""
    name = f"briefbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(make_url(base_url), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(base_url: str, url: str) -> None:
    name = make_url(url).database
    admin = create_async_engine(make_url(base_url), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


async def create_test_tables(url: str) -> None:
    engine = make_engine(url)
    try:
        async with writer(engine).begin() as conn:
            for statement in TEST_TABLES:
                await conn.execute(text(statement))
    finally:
        await engine.dispose()


def worker_command(*args: str) -> list[str]:
    return [sys.executable, str(WORKER_SCRIPT), *args]


def make_handler(kind: str, engine: AsyncEngine, queue: JobQueue, worker_id: str) -> Callable[[Job], Awaitable[None]]:
    async def record(job: Job) -> None:
        """Writes one row per run: a job run twice shows up twice."""
        async with writer(engine).begin() as conn:
            await conn.execute(
                text("INSERT INTO job_runs (job_id, worker, attempt) VALUES (:j, :w, :a)"),
                {"j": job.id, "w": worker_id, "a": job.attempts},
            )

    async def post(job: Job) -> None:
        """Posts behind a checkpoint; on its first attempt it then hangs until the test kills the process."""
        if not job.state.get("posted"):
            async with writer(engine).begin() as conn:
                await conn.execute(text("INSERT INTO posts (job_id) VALUES (:j)"), {"j": job.id})
            await queue.checkpoint(job, "posted", True)
        if job.attempts == 1:
            print(f"POSTED {job.id}", flush=True)
            await asyncio.sleep(3600)

    return {"record": record, "post": post}[kind]


async def work(url: str, *, handler: str, worker_id: str, lease_seconds: float) -> None:
    store = await Store.open(url)
    engine = make_engine(url)
    try:
        queue = JobQueue(store, lease_seconds=lease_seconds, retry_base_seconds=0.0)
        handlers = {"test": make_handler(handler, engine, queue, worker_id)}
        worker = JobWorker(queue, handlers, worker_id=worker_id, concurrency=4, poll_seconds=IDLE_POLL_SECONDS)
        deadline = time.monotonic() + WORK_DEADLINE_SECONDS
        while time.monotonic() < deadline:
            await worker.run_until_idle()
            counts = await queue.counts()
            if not counts.get("pending") and not counts.get("running"):
                return
            await asyncio.sleep(IDLE_POLL_SECONDS)
        raise SystemExit(f"worker {worker_id}: queue not empty after {WORK_DEADLINE_SECONDS}s: {counts}")
    finally:
        await engine.dispose()
        await store.close()


async def migrate(url: str) -> None:
    store = await Store.open(url)
    await store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["migrate", "work"])
    parser.add_argument("url")
    parser.add_argument("--handler", choices=["record", "post"], default="record")
    parser.add_argument("--worker-id", default="worker")
    parser.add_argument("--lease", type=float, default=30.0)
    args = parser.parse_args()
    if args.command == "migrate":
        asyncio.run(migrate(args.url))
    else:
        asyncio.run(work(args.url, handler=args.handler, worker_id=args.worker_id, lease_seconds=args.lease))


if __name__ == "__main__":
    main()
