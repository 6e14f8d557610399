"""Crash-safe background jobs: the queue (from bot.store.queue) and the worker that runs handlers.

Why a plain jobs table rather than a job library: the queue must run unchanged on the default SQLite file
and on PostgreSQL. procrastinate and pgqueuer are PostgreSQL-only; arq, Celery, Dramatiq and RQ need Redis
or a broker; huey's SQLite storage is synchronous and thread-based. One table with row locking (FOR UPDATE
SKIP LOCKED on PostgreSQL; a single UPDATE ... RETURNING under SQLite's write lock) adds no service to
deploy, shares the store's migrations and connection pool, and is small enough to test fully.

Handler contract. Delivery is at least once: a worker that dies mid-job leaves a lease that expires, and
the job runs again (``job.attempts`` grows). Make side effects idempotent with ``checkpoint``: call
``await queue.checkpoint(job, "posted_ts", ts)`` right after posting and skip posting when
``job.state.get("posted_ts")`` is already set, so a job that runs twice posts once. Raise an
UpstreamError for failures a retry may fix (retried with backoff up to max_attempts); any other
exception fails the job for good and is logged with its id.

Imports no platform library.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from typing import Any

from bot.errors import LeaseLostError, StoreError, UpstreamError
from bot.jobs.ingress import Ingress
from bot.jobs.stopping import STOP_GRACE_SECONDS, stop_loop
from bot.store import Job, JobQueue

__all__ = ["Job", "JobHandler", "JobQueue", "JobWorker"]

logger = logging.getLogger(__name__)

JobHandler = Callable[[Job], Awaitable[None]]
# Heartbeat this many times per lease, so one slow database round trip never loses a live job.
HEARTBEATS_PER_LEASE = 3


class JobWorker:
    """Claims jobs of the kinds it has handlers for and runs up to `concurrency` of them at once."""

    def __init__(
        self,
        queue: JobQueue,
        handlers: Mapping[str, JobHandler],
        *,
        worker_id: str,
        concurrency: int = 4,
        poll_seconds: float = 1.0,
        stop_grace_seconds: float = STOP_GRACE_SECONDS,
        yield_to: Ingress | None = None,
    ) -> None:
        self._queue = queue
        self._yield_to = yield_to  # its requests in flight go first: a job waits for them before it starts
        self._handlers = dict(handlers)
        self._worker_id = worker_id
        self._concurrency = concurrency
        self._poll_seconds = poll_seconds
        self._stop_grace_seconds = stop_grace_seconds
        self._running: set[asyncio.Task[None]] = set()
        self._wakeup = asyncio.Event()
        self._poller: asyncio.Task[None] | None = None
        self._stopping = False
        self._stopped = False  # stop() has returned: a job handed over now is left to its lease
        self._empty_at: int | None = None  # the queue's generation when a claim of ours last found nothing
        queue.add_listener(self.wake)

    @property
    def worker_id(self) -> str:
        return self._worker_id

    async def start(self) -> None:
        """Poll in the background until stop(); an enqueue in this process hands the job over at once (or,
        with every slot busy, wakes the poller when one frees)."""
        if self._poller is None:
            self._stopping = self._stopped = False
            self._poller = asyncio.create_task(self._poll(), name=f"job-worker-{self._worker_id}")
            self._queue.add_runner(self)

    def runs(self, kind: str) -> bool:
        """Whether an enqueue of this kind may hand the job straight to this worker (JobQueue.enqueue)."""
        return self._poller is not None and kind in self._handlers and len(self._running) < self._concurrency

    def adopt(self, job: Job) -> None:
        """Run a job enqueued already claimed by this worker; it counts against the slots like a claimed one.

        The enqueue chose this worker before its write and hands the job over after it, so the worker may have
        stopped in between: the job is then not started (nothing would wait for it or stop it); it is leased
        to this worker, so it runs again, here after a restart or elsewhere, once the lease expires."""
        if self._stopped:
            logger.warning(
                "job %d (%s) was handed over as its worker stopped; it runs when its lease ends", job.id, job.kind
            )
            return
        self._launch(job)

    def wake(self) -> None:
        self._wakeup.set()

    def _request_stop(self) -> None:
        self._stopping = True
        self._wakeup.set()

    async def stop(self) -> None:
        """Stop claiming, let running jobs finish for a grace period, then cancel and release the rest.

        The poller is asked to stop, not cancelled: a claim cancelled while the pool opens a connection
        leaves that connection open and unowned (SQLAlchemy cannot close it from the garbage collector).
        It is cancelled only if its claim outlasts the grace period."""
        self._queue.remove_runner(self)
        if self._poller is not None:
            await stop_loop(self._poller, self._request_stop, self._stop_grace_seconds)
            self._poller = None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._stop_grace_seconds
        # Jobs handed over while we wait (an enqueue that chose this worker before stop()) are waited for too.
        while pending := {task for task in self._running if not task.done()}:
            remaining = deadline - loop.time()
            if remaining > 0:
                await asyncio.wait(pending, timeout=remaining)
                continue
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        self._stopped = True

    async def run_until_idle(self) -> None:
        """Process jobs until none is claimable and none is running (tests, CLI, one-shot workers)."""
        while True:
            # A job that finishes (and is requeued for retry) while a claim is in flight is missed by that
            # claim, so only an empty claim that started with nothing running proves the queue idle.
            was_idle = not self._running
            claimed = await self._fill()
            if self._running:
                await asyncio.wait(set(self._running), return_when=asyncio.FIRST_COMPLETED)
            elif was_idle and not claimed:
                return

    async def _poll(self) -> None:
        while not self._stopping:
            self._wakeup.clear()
            try:
                await self._fill()
            except StoreError:
                logger.exception("job worker %s could not claim a job; retrying", self._worker_id)
            # asyncio.timeout, not wait_for: on 3.11 a wake() landing with stop()'s cancel can make wait_for
            # swallow the cancellation, and the poller then loops on while stop() waits for it forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._poll_seconds):
                    await self._wakeup.wait()

    async def _fill(self) -> int:
        """Claim jobs into free slots; returns how many were claimed."""
        claimed = 0
        while len(self._running) < self._concurrency and not self._stopping:
            generation = self._queue.generation
            job = await self._queue.claim(self._worker_id, kinds=self._handlers.keys())
            if job is None:
                self._empty_at = generation
                break
            claimed += 1
            self._launch(job)
        return claimed

    def _launch(self, job: Job) -> None:
        task = asyncio.create_task(self._run(job), name=f"job-{job.id}")
        self._running.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        """A slot is free: claim into it only if a job may be waiting. When our last claim found the queue empty
        and nothing was queued for us since, a claim would find nothing and cost a write transaction (a burst
        of fifty links would pay a hundred of them); the poll still looks every ``poll_seconds``."""
        self._running.discard(task)
        if self._queue.generation != self._empty_at:
            self.wake()

    async def _run(self, job: Job) -> None:
        work = asyncio.create_task(_call(self._handlers[job.kind], job, self._yield_to), name=f"job-{job.id}-handler")
        try:
            await self._supervise(job, work)
        except asyncio.CancelledError:
            work.cancel()
            await asyncio.gather(work, return_exceptions=True)
            logger.warning("job %d (%s) interrupted by shutdown; releasing it", job.id, job.kind)
            await self._report(job, self._queue.release(job))
            raise
        if work.cancelled():
            return  # the lease was lost; the job's new owner reports on it
        error = work.exception()
        if error is None:
            if not job.finished:
                await self._report(job, self._queue.complete(job))
        elif isinstance(error, LeaseLostError):
            logger.warning("job %d (%s) lost its lease mid-run; its new owner finishes it", job.id, job.kind)
        elif isinstance(error, UpstreamError):
            logger.warning("job %d (%s) attempt %d failed: %r", job.id, job.kind, job.attempts, error)
            await self._report(job, self._queue.fail(job, _describe(error), retry=True))
        else:
            logger.error("job %d (%s) failed", job.id, job.kind, exc_info=error)
            await self._report(job, self._queue.fail(job, _describe(error), retry=False))

    async def _supervise(self, job: Job, work: asyncio.Task[None]) -> None:
        """Wait for the handler, extending the lease meanwhile; cancel it if another worker took over."""
        interval_seconds = self._queue.lease_seconds / HEARTBEATS_PER_LEASE
        while True:
            done, _ = await asyncio.wait({work}, timeout=interval_seconds)
            if done:
                return
            try:
                await self._queue.heartbeat(job)
            except LeaseLostError:
                logger.warning("job %d (%s) lost its lease; cancelling this run", job.id, job.kind)
                work.cancel()
                await asyncio.gather(work, return_exceptions=True)
                return
            except StoreError:
                logger.exception("job %d heartbeat failed; will try again", job.id)

    async def _report(self, job: Job, outcome: Coroutine[Any, Any, None]) -> None:
        """Record a job's outcome; if that fails the lease expires and the job runs again (logged)."""
        try:
            await outcome
        except LeaseLostError:
            logger.warning("job %d (%s) finished after losing its lease; outcome dropped", job.id, job.kind)
        except StoreError:
            logger.exception("job %d (%s): could not record the outcome", job.id, job.kind)


async def _call(handler: JobHandler, job: Job, yield_to: Ingress | None) -> None:
    if yield_to is not None:
        await yield_to.quiet()
    await handler(job)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
