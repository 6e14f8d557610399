"""The jobs table as a queue: enqueue, claim with a lease, checkpoint, retry, fail. Re-exported by bot.jobs.

Imports no platform library; see bot.jobs.worker for why this is a plain table and for the handler contract.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, and_, bindparam, delete, func, or_, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.errors import LeaseLostError, StoreError
from bot.store.store import Store
from bot.store.tables import JobRow, utc_now

logger = logging.getLogger(__name__)

RETRY_BASE_SECONDS = 5.0
RETRY_MAX_SECONDS = 600.0
MAX_ERROR_CHARS = 2_000
PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
# PostgreSQL NOTIFY channel: every enqueue notifies it at commit, so workers in other processes wake at once.
JOBS_CHANNEL = "briefbot_jobs"
RELISTEN_FIRST_PAUSE_SECONDS = 1.0
RELISTEN_MAX_PAUSE_SECONDS = 30.0


@dataclass
class Job:
    id: int
    kind: str
    payload: dict[str, Any]
    state: dict[str, Any]
    attempts: int
    # Which worker holds the lease; `attempts` doubles as the fencing token for this claim.
    worker_id: str = field(default="", compare=False)
    finished: bool = field(default=False, compare=False)  # its handler already recorded it done (hand_over)


class JobRunner(Protocol):
    """A worker of this process that takes new jobs of its kinds straight from enqueue (see JobQueue.enqueue)."""

    @property
    def worker_id(self) -> str: ...

    def runs(self, kind: str) -> bool:
        """True when it runs this kind and has a free slot now."""

    def adopt(self, job: Job) -> None:
        """Run a job enqueued already claimed by this worker."""


class JobQueue:
    """Jobs in the `jobs` table; every method is one short transaction, safe across processes."""

    def __init__(
        self,
        store: Store,
        *,
        lease_seconds: float = 120.0,
        max_attempts: int = 5,
        retry_base_seconds: float = RETRY_BASE_SECONDS,
    ) -> None:
        self.store = store
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.retry_base_seconds = retry_base_seconds
        self._listeners: list[Callable[[], None]] = []
        self._listening: AsyncConnection | None = None
        self._relisten: asyncio.Task[None] | None = None  # reconnecting a LISTEN the server dropped
        self._runners: list[JobRunner] = []
        # Bumped whenever a job may have become claimable without a claim of this process seeing it (an
        # enqueue not handed straight to a worker, a NOTIFY from another process, a job handed back): a worker
        # whose last claim came back empty claims again only after a bump or on its poll, not on every free slot.
        self.generation = 0

    def add_listener(self, callback: Callable[[], None]) -> None:
        """Called after every enqueue in this process; JobWorker registers its wake() here."""
        self._listeners.append(callback)

    def add_runner(self, runner: JobRunner) -> None:
        """A started worker offers to take new jobs of its kinds at once (JobWorker.start registers itself)."""
        self._runners.append(runner)

    def remove_runner(self, runner: JobRunner) -> None:
        if runner in self._runners:
            self._runners.remove(runner)

    async def enqueue(self, kind: str, payload: dict[str, Any], *, dedupe_key: str | None = None) -> int | None:
        """The new job's id, or None when a job with this dedupe_key already exists (in any status).

        When a worker of this process runs the kind and has a free slot, the job is inserted already claimed
        by it (same lease and fencing as a claim) and handed over after the commit: no claim round trip, no
        queueing behind other writers, so a placeholder goes out right after its event is acknowledged. The
        row is as durable as any other: if this process dies, the lease expires and another worker runs it."""
        insert, params, runner = self._insert(kind, payload, dedupe_key)
        async with self.store.statement(write=True) as session:  # NOTIFY (if any) after the insert is committed
            job_id: int | None = (await session.execute(insert, params)).scalar_one_or_none()
            await self._notify(session, job_id, kind, runner)
        return self._inserted(job_id, kind, payload, runner)

    async def hand_over(self, job: Job, kind: str, payload: dict[str, Any], *, dedupe_key: str) -> int | None:
        """Finish ``job`` and enqueue its next step in one transaction (like ``enqueue``, None when the next
        step was queued before). A step that hands over is done once its successor is durable, so the two
        writes commit together; the worker sees ``job.finished`` and records nothing more. Raises
        LeaseLostError, with nothing queued, when another worker has taken the job over."""
        insert, params, runner = self._insert(kind, payload, dedupe_key)
        done = {"status": DONE, "locked_by": None, "lease_until": None, "last_error": None, "state": job.state}
        finish, owned = self._owned(job, **done)
        async with self.store.atomic() as session:
            if (await session.execute(finish, owned)).scalar_one_or_none() is None:
                raise LeaseLostError(f"job {job.id} attempt {job.attempts} no longer holds its lease")
            job_id: int | None = (await session.execute(insert, params)).scalar_one_or_none()
            await self._notify(session, job_id, kind, runner)
        job.finished = True
        return self._inserted(job_id, kind, payload, runner)

    def _insert(
        self, kind: str, payload: dict[str, Any], dedupe_key: str | None
    ) -> tuple[Any, dict[str, Any], JobRunner | None]:
        """The INSERT (built once per store), its parameters, and the worker of this process that takes the
        job straight away (the row is then written already claimed by it), if one has a free slot."""
        now = utc_now()
        runner = next((runner for runner in self._runners if runner.runs(kind)), None)
        params: dict[str, Any] = {
            "kind": kind, "payload": payload, "state": {}, "dedupe_key": dedupe_key, "run_after": now,
            "created_at": now, "updated_at": now, "status": PENDING, "attempts": 0, "locked_by": None,
            "lease_until": None,
        }  # fmt: skip
        if runner is not None:
            lease_until = now + timedelta(seconds=self.lease_seconds)
            params |= {"status": RUNNING, "attempts": 1, "locked_by": runner.worker_id, "lease_until": lease_until}
        stmt = self.store.prepared(
            "enqueue",
            lambda: (
                self.store.insert(JobRow)
                .values({name: bindparam(name) for name in params})
                .on_conflict_do_nothing(index_elements=["dedupe_key"])
                .returning(JobRow.id)
            ),
        )
        return stmt, params, runner

    async def _notify(self, session: Any, job_id: int | None, kind: str, runner: JobRunner | None) -> None:
        if job_id is not None and runner is None and self.store.dialect == "postgresql":
            # Delivered at commit, to every process LISTENing (see listen()).
            notify = text("SELECT pg_notify(:channel, :kind)")
            await session.execute(notify, {"channel": JOBS_CHANNEL, "kind": kind})

    def _inserted(self, job_id: int | None, kind: str, payload: dict[str, Any], runner: JobRunner | None) -> int | None:
        """After the commit: hand an inserted-claimed job to its worker, or wake the workers for a pending one."""
        if job_id is None:
            return None
        if runner is not None:
            worker_id = runner.worker_id
            runner.adopt(Job(id=job_id, kind=kind, payload=payload, state={}, attempts=1, worker_id=worker_id))
        else:
            self._wake()
        return job_id

    def _wake(self, *_: object) -> None:
        self.generation += 1
        for wake in self._listeners:
            wake()

    async def listen(self) -> bool:
        """On PostgreSQL, wake this process's workers when any process enqueues (LISTEN/NOTIFY), instead of
        leaving them to the next poll; the poll stays as the fallback. False on SQLite (no NOTIFY there).

        A LISTEN connection the server drops (a restart, a failover, an idle-connection reaper) is opened again
        in the background, with a growing pause between attempts; meanwhile the workers poll."""
        if self.store.dialect != "postgresql" or self._listening is not None:
            return False
        try:
            connection = await self.store.engine.connect()
            try:
                driver = _driver(connection)
                await driver.add_listener(JOBS_CHANNEL, self._wake)
                driver.add_termination_listener(self._listener_lost)
            except BaseException:
                await connection.close()
                raise
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"LISTEN {JOBS_CHANNEL} failed: {exc!r}") from exc
        self._listening = connection
        return True

    @property
    def listening(self) -> bool:
        return self._listening is not None

    def _listener_lost(self, _: object) -> None:
        """asyncpg's termination callback: the LISTEN connection is gone (not by unlisten(), which removes it
        first). Notifications sent meanwhile are lost, so the workers claim at once, then LISTEN again."""
        logger.warning("the LISTEN connection on %s was closed by the server; opening it again", JOBS_CHANNEL)
        lost, self._listening = self._listening, None
        self._wake()
        if self._relisten is None or self._relisten.done():
            self._relisten = asyncio.get_running_loop().create_task(self._listen_again(lost), name="jobs-relisten")

    async def _listen_again(self, lost: AsyncConnection | None) -> None:
        if lost is not None:
            with contextlib.suppress(SQLAlchemyError, OSError):
                await lost.invalidate()
        pause = RELISTEN_FIRST_PAUSE_SECONDS
        while self._listening is None:
            await asyncio.sleep(pause)
            try:
                if await self.listen():
                    logger.info("listening on %s again", JOBS_CHANNEL)
                    self._wake()  # anything enqueued while we were deaf
            except StoreError as exc:
                logger.warning("LISTEN %s failed again (%s); next attempt in %.0f s", JOBS_CHANNEL, exc, pause)
                pause = min(pause * 2, RELISTEN_MAX_PAUSE_SECONDS)

    async def unlisten(self) -> None:
        """Stop listening and give the connection back (closed, since it carried a LISTEN)."""
        relisten, self._relisten = self._relisten, None
        if relisten is not None:
            relisten.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relisten
        connection, self._listening = self._listening, None
        if connection is None:
            return
        try:
            driver = _driver(connection)
            driver.remove_termination_listener(self._listener_lost)
            await driver.remove_listener(JOBS_CHANNEL, self._wake)
            await connection.invalidate()  # never reused by the pool with a LISTEN still on it
        except (SQLAlchemyError, OSError, StoreError) as exc:
            logger.warning("UNLISTEN %s failed (the connection is dropped anyway): %r", JOBS_CHANNEL, exc)
        finally:
            await connection.close()

    async def claim(self, worker_id: str, *, kinds: Collection[str] | None = None) -> Job | None:
        """Take the oldest pending job, or a running one whose lease expired (its worker died)."""
        while True:
            job = await self._claim_one(worker_id, kinds)
            if job is None or job.attempts <= self.max_attempts:
                return job
            # Its workers kept dying (or hanging) until the attempts ran out: stop trying.
            logger.error("job %d (%s) gave up: lease expired %d times", job.id, job.kind, job.attempts - 1)
            await self._finish(job, status=FAILED, last_error="lease expired on the last attempt")

    async def _claim_one(self, worker_id: str, kinds: Collection[str] | None) -> Job | None:
        now = utc_now()
        claimable = or_(
            and_(JobRow.status == PENDING, JobRow.run_after <= now),
            and_(JobRow.status == RUNNING, JobRow.lease_until < now),
        )
        pick = select(JobRow.id).where(claimable)
        if kinds is not None:
            pick = pick.where(JobRow.kind.in_(list(kinds)))
        # SKIP LOCKED on PostgreSQL; SQLite ignores FOR UPDATE, and BEGIN IMMEDIATE serialises writers.
        pick = pick.order_by(JobRow.id).limit(1).with_for_update(skip_locked=True)
        stmt = (
            update(JobRow)
            .where(JobRow.id == pick.scalar_subquery())
            .values(
                status=RUNNING,
                attempts=JobRow.attempts + 1,
                locked_by=worker_id,
                lease_until=now + timedelta(seconds=self.lease_seconds),
                updated_at=now,
            )
            .returning(JobRow.id, JobRow.kind, JobRow.payload, JobRow.state, JobRow.attempts)
            .execution_options(synchronize_session=False)
        )
        async with self.store.statement(write=True) as session:
            row = (await session.execute(stmt)).first()
        if row is None:
            return None
        return Job(
            id=row.id,
            kind=row.kind,
            payload=dict(row.payload),
            state=dict(row.state),
            attempts=row.attempts,
            worker_id=worker_id,
        )

    async def checkpoint(self, job: Job, key: str, value: Any) -> None:
        """Persist job.state[key] = value before going on, so a rerun can skip what was already done."""
        job.state[key] = value
        await self._update_owned(job, state=dict(job.state))

    async def heartbeat(self, job: Job) -> None:
        """Extend the lease; raises LeaseLostError when another worker has taken the job over."""
        await self._update_owned(job, lease_until=utc_now() + timedelta(seconds=self.lease_seconds))

    async def complete(self, job: Job) -> None:
        """Done, with the job's state as the handler left it (a last step need not checkpoint on its own)."""
        await self._update_owned(job, status=DONE, locked_by=None, lease_until=None, last_error=None, state=job.state)

    async def fail(self, job: Job, error: str, *, retry: bool) -> None:
        """With retry, back to pending after an exponential backoff, until max_attempts; else failed."""
        if not retry or job.attempts >= self.max_attempts:
            await self._finish(job, status=FAILED, last_error=error)
            return
        delay_seconds = min(self.retry_base_seconds * 2 ** (job.attempts - 1), RETRY_MAX_SECONDS)
        await self._update_owned(
            job,
            status=PENDING,
            locked_by=None,
            lease_until=None,
            run_after=utc_now() + timedelta(seconds=delay_seconds),
            last_error=error[:MAX_ERROR_CHARS],
        )
        self.generation += 1

    async def release(self, job: Job) -> None:
        """Hand a job back unfinished (a worker shutting down); another worker may claim it at once."""
        await self._update_owned(job, status=PENDING, locked_by=None, lease_until=None, run_after=utc_now())
        self.generation += 1

    async def counts(self) -> dict[str, int]:
        """Number of jobs per status, for health checks and tests."""
        stmt = select(JobRow.status, func.count()).group_by(JobRow.status)
        async with self.store.transaction(write=False) as session:
            rows = (await session.execute(stmt)).all()
        return {status: count for status, count in rows}

    async def prune(self, before: datetime) -> int:
        """Delete done and failed jobs last touched before `before`; pending and running jobs are kept."""
        stmt = delete(JobRow).where(JobRow.status.in_([DONE, FAILED]), JobRow.updated_at < before)
        async with self.store.transaction(write=True) as session:
            result = cast("CursorResult[Any]", await session.execute(stmt))
        return result.rowcount

    async def _finish(self, job: Job, *, status: str, last_error: str | None) -> None:
        error = None if last_error is None else last_error[:MAX_ERROR_CHARS]
        await self._update_owned(job, status=status, locked_by=None, lease_until=None, last_error=error)

    async def _update_owned(self, job: Job, **values: Any) -> None:
        """Update the job only while this claim still holds it (same attempt, still running)."""
        stmt, params = self._owned(job, **values)
        async with self.store.statement(write=True) as session:
            updated = (await session.execute(stmt, params)).scalar_one_or_none()
        if updated is None:
            raise LeaseLostError(f"job {job.id} attempt {job.attempts} no longer holds its lease")

    def _owned(self, job: Job, **values: Any) -> tuple[Any, dict[str, Any]]:
        """An UPDATE of the job that matches only while this claim still holds it (same attempt, still
        running), built once per set of columns, and its parameters."""
        names = sorted({*values, "updated_at"})
        stmt = self.store.prepared(
            "owned:" + ",".join(names),
            lambda: (
                update(JobRow)
                .where(
                    JobRow.id == bindparam("job_id"), JobRow.status == RUNNING, JobRow.attempts == bindparam("attempt")
                )
                .values({name: bindparam(f"v_{name}") for name in names})
                .returning(JobRow.id)
                .execution_options(synchronize_session=False)
            ),
        )
        params = {f"v_{name}": value for name, value in values.items()}
        return stmt, {**params, "v_updated_at": utc_now(), "job_id": job.id, "attempt": job.attempts}


def _driver(connection: AsyncConnection) -> Any:
    """The asyncpg connection under SQLAlchemy's (it is the one that can LISTEN)."""
    raw = connection.sync_connection.connection if connection.sync_connection is not None else None
    driver = raw.driver_connection if raw is not None else None
    if driver is None:
        raise StoreError("no driver connection to LISTEN on")
    return driver
