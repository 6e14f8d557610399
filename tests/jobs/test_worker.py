"""Job queue and worker: dedupe, retries, leases, checkpoints, and real worker processes (one killed)."""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import subprocess
from typing import Any

import pytest
from sqlalchemy import text

from bot.errors import FetchError, LeaseLostError
from bot.jobs import Job, JobQueue, JobWorker
from bot.store import Store
from bot.store.database import make_engine
from tests.fakes.gate import Gate
from tests.fakes.store_worker import create_test_tables, worker_command

JOB_COUNT = 200
WAIT_SECONDS = 120.0


@pytest.fixture
def queue(store: Store) -> JobQueue:
    return JobQueue(store, lease_seconds=30.0, max_attempts=3, retry_base_seconds=0.0)


async def test_same_dedupe_key_three_times_gives_one_job_and_one_run(queue: JobQueue) -> None:
    ids = [await queue.enqueue("post", {"n": n}, dedupe_key="slack:Ev1") for n in range(3)]
    assert ids[0] is not None and ids[1:] == [None, None]
    runs: list[Job] = []

    async def handler(job: Job) -> None:
        runs.append(job)

    await JobWorker(queue, {"post": handler}, worker_id="w").run_until_idle()
    assert [(job.id, job.payload) for job in runs] == [(ids[0], {"n": 0})]
    assert await queue.counts() == {"done": 1}
    assert await queue.enqueue("post", {}, dedupe_key="slack:Ev1") is None  # done jobs still dedupe


async def test_upstream_errors_retry_until_max_attempts(queue: JobQueue) -> None:
    attempts: list[int] = []

    async def flaky(job: Job) -> None:
        attempts.append(job.attempts)
        raise FetchError("site down")

    await queue.enqueue("brief", {})
    await JobWorker(queue, {"brief": flaky}, worker_id="w").run_until_idle()
    assert attempts == [1, 2, 3]
    assert await queue.counts() == {"failed": 1}


async def test_a_retry_sees_the_checkpoints_of_earlier_attempts(queue: JobQueue) -> None:
    posts: list[int] = []

    async def handler(job: Job) -> None:
        if "posted_ts" not in job.state:
            posts.append(job.id)
            await queue.checkpoint(job, "posted_ts", "1700000000.1")
        if job.attempts == 1:
            raise FetchError("the update after posting failed")

    job_id = await queue.enqueue("brief", {"url": "https://news.example/a"})
    await JobWorker(queue, {"brief": handler}, worker_id="w").run_until_idle()
    assert posts == [job_id]
    assert await queue.counts() == {"done": 1}


async def test_other_exceptions_fail_at_once_and_log_the_job_id(
    queue: JobQueue, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[int] = []

    async def broken(job: Job) -> None:
        calls.append(job.id)
        raise ValueError("a bug")

    job_id = await queue.enqueue("brief", {})
    with caplog.at_level(logging.ERROR, logger="bot.jobs.worker"):
        await JobWorker(queue, {"brief": broken}, worker_id="w").run_until_idle()
    assert calls == [job_id]
    assert await queue.counts() == {"failed": 1}
    assert any(f"job {job_id}" in record.getMessage() and record.exc_info for record in caplog.records)


async def test_an_expired_lease_is_claimed_again_and_the_old_owner_is_fenced(store: Store) -> None:
    queue = JobQueue(store, lease_seconds=0.3)
    await queue.enqueue("brief", {"n": 1})
    first = await queue.claim("w1")
    assert first is not None and first.attempts == 1
    assert await queue.claim("w2") is None  # leased, not expired
    await asyncio.sleep(0.4)
    second = await queue.claim("w2")
    assert second is not None and (second.id, second.attempts) == (first.id, 2)
    with pytest.raises(LeaseLostError):
        await queue.checkpoint(first, "posted_ts", "x")
    with pytest.raises(LeaseLostError):
        await queue.complete(first)
    await queue.complete(second)
    assert await queue.counts() == {"done": 1}


async def test_a_job_whose_workers_keep_dying_fails_after_max_attempts(store: Store) -> None:
    queue = JobQueue(store, lease_seconds=0.05, max_attempts=2)
    await queue.enqueue("brief", {})
    assert await queue.claim("w1") is not None
    await asyncio.sleep(0.1)
    assert await queue.claim("w2") is not None
    await asyncio.sleep(0.1)
    assert await queue.claim("w3") is None
    assert await queue.counts() == {"failed": 1}


async def test_claim_takes_only_the_given_kinds_oldest_first(queue: JobQueue) -> None:
    slack_first = await queue.enqueue("slack.brief", {})
    await queue.enqueue("discord.brief", {})
    slack_second = await queue.enqueue("slack.brief", {})
    claimed = [await queue.claim("w", kinds=["slack.brief"]) for _ in range(3)]
    assert [job.id if job else None for job in claimed] == [slack_first, slack_second, None]


async def test_heartbeats_keep_a_long_job_from_being_taken_over(store: Store) -> None:
    queue = JobQueue(store, lease_seconds=0.3)
    rival = JobQueue(store, lease_seconds=0.3)
    stolen: list[Job | None] = []

    async def slow(job: Job) -> None:
        for _ in range(4):
            await asyncio.sleep(0.2)
            stolen.append(await rival.claim("rival"))

    await queue.enqueue("brief", {})
    await JobWorker(queue, {"brief": slow}, worker_id="w").run_until_idle()
    assert stolen == [None] * 4
    assert await queue.counts() == {"done": 1}


async def test_enqueue_wakes_a_started_worker_at_once(queue: JobQueue) -> None:
    ran = asyncio.Event()

    async def handler(job: Job) -> None:
        ran.set()

    worker = JobWorker(queue, {"brief": handler}, worker_id="w", poll_seconds=60.0)
    await worker.start()
    try:
        await asyncio.sleep(0.1)  # the worker has polled once and now sleeps for a minute
        await queue.enqueue("brief", {})
        await asyncio.wait_for(ran.wait(), timeout=2.0)
    finally:
        await worker.stop()
    assert await queue.counts() == {"done": 1}


async def test_stop_releases_a_job_that_does_not_finish_in_the_grace_period(queue: JobQueue) -> None:
    started = asyncio.Event()

    async def stuck(job: Job) -> None:
        started.set()
        await asyncio.Event().wait()

    worker = JobWorker(queue, {"brief": stuck}, worker_id="w", stop_grace_seconds=0.05)
    await worker.start()
    await queue.enqueue("brief", {})
    await asyncio.wait_for(started.wait(), timeout=2.0)
    await worker.stop()
    assert await queue.counts() == {"pending": 1}
    again = await queue.claim("w2")
    assert again is not None and again.attempts == 2


@pytest.mark.slow
async def test_two_worker_processes_run_each_of_200_jobs_exactly_once(store: Store, db_url: str) -> None:
    await create_test_tables(db_url)
    queue = JobQueue(store)
    for n in range(JOB_COUNT):
        await queue.enqueue("test", {"n": n})
    workers = [
        await asyncio.create_subprocess_exec(
            *worker_command("work", db_url, "--handler", "record", "--worker-id", f"p{n}"), stderr=subprocess.PIPE
        )
        for n in range(2)
    ]
    outputs = await asyncio.wait_for(asyncio.gather(*(w.communicate() for w in workers)), WAIT_SECONDS)
    assert [w.returncode for w in workers] == [0, 0], [err.decode()[-2000:] for _, err in outputs]

    runs = await fetch_all(db_url, "SELECT job_id, attempt FROM job_runs")
    assert len(runs) == JOB_COUNT  # nothing ran twice ...
    assert len({job_id for job_id, _ in runs}) == JOB_COUNT  # ... and nothing was lost
    assert {attempt for _, attempt in runs} == {1}
    assert await queue.counts() == {"done": JOB_COUNT}


@pytest.mark.slow
async def test_a_killed_worker_job_runs_again_after_its_lease_and_posts_once(store: Store, db_url: str) -> None:
    await create_test_tables(db_url)
    queue = JobQueue(store)
    job_id = await queue.enqueue("test", {"url": "https://news.example/a"})
    victim = await asyncio.create_subprocess_exec(
        *worker_command("work", db_url, "--handler", "post", "--lease", "1.0"), stdout=subprocess.PIPE
    )
    assert victim.stdout is not None
    line = await asyncio.wait_for(victim.stdout.readline(), WAIT_SECONDS)
    assert line.decode().strip() == f"POSTED {job_id}"  # posted and checkpointed, now mid-job
    victim.send_signal(signal.SIGKILL)
    await victim.wait()
    assert await queue.counts() == {"running": 1}

    restarted = await asyncio.create_subprocess_exec(
        *worker_command("work", db_url, "--handler", "post", "--lease", "1.0"), stderr=subprocess.PIPE
    )
    _, err = await asyncio.wait_for(restarted.communicate(), WAIT_SECONDS)
    assert restarted.returncode == 0, err.decode()[-2000:]
    assert await queue.counts() == {"done": 1}
    assert await fetch_all(db_url, "SELECT job_id FROM posts") == [(job_id,)]
    assert await fetch_all(db_url, "SELECT attempts FROM jobs") == [(2,)]  # killed once, rerun once


async def fetch_all(url: str, sql: str) -> list[tuple[int, ...]]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            return [tuple(row) for row in (await conn.execute(text(sql))).all()]
    finally:
        await engine.dispose()


async def test_an_enqueue_hands_the_job_to_a_free_worker_of_this_process_already_claimed(queue: JobQueue) -> None:
    """No claim round trip: the row is written running under the worker's lease and the handler starts at
    once; with every slot busy the next job is written pending instead, for the poll to claim later."""
    release, first_started = asyncio.Event(), asyncio.Event()
    started: list[Job] = []

    async def handler(job: Job) -> None:
        started.append(job)
        first_started.set()
        await release.wait()

    claims: list[str] = []
    original_claim = queue.claim

    async def counting_claim(worker_id: str, *, kinds: Any = None) -> Job | None:
        claims.append(worker_id)
        return await original_claim(worker_id, kinds=kinds)

    queue.claim = counting_claim  # type: ignore[method-assign]
    worker = JobWorker(queue, {"brief": handler}, worker_id="w", concurrency=1, poll_seconds=60.0)
    await worker.start()
    try:
        await asyncio.sleep(0.1)  # the first poll found nothing
        polls_before = len(claims)
        await queue.enqueue("brief", {"n": 1})
        await asyncio.wait_for(first_started.wait(), timeout=10.0)
        assert [job.payload for job in started] == [{"n": 1}] and started[0].worker_id == "w"
        assert len(claims) == polls_before  # handed over without a claim
        assert await queue.counts() == {"running": 1}
        await queue.enqueue("brief", {"n": 2})  # the only slot is busy
        assert await queue.counts() == {"running": 1, "pending": 1}
        release.set()
        for _ in range(200):  # the freed slot wakes the worker, which claims the pending job
            if await queue.counts() == {"done": 2}:
                break
            await asyncio.sleep(0.05)
    finally:
        release.set()
        await worker.stop()
    assert [job.payload for job in started] == [{"n": 1}, {"n": 2}]
    assert await queue.counts() == {"done": 2}


async def test_a_freed_slot_claims_only_when_a_job_may_be_waiting(queue: JobQueue) -> None:
    """Jobs handed straight to the worker leave nothing pending: their finishing costs no claim transaction.
    A job queued while every slot was busy is still claimed as soon as a slot frees, not at the next poll."""
    claims: list[Job | None] = []
    original_claim = queue.claim

    async def counting_claim(worker_id: str, *, kinds: Any = None) -> Job | None:
        job = await original_claim(worker_id, kinds=kinds)
        claims.append(job)
        return job

    queue.claim = counting_claim  # type: ignore[method-assign]
    release = asyncio.Event()
    finished: list[int] = []

    async def handler(job: Job) -> None:
        await release.wait()
        finished.append(job.payload["n"])

    worker = JobWorker(queue, {"brief": handler}, worker_id="w", concurrency=3, poll_seconds=60.0)
    await worker.start()
    try:
        await asyncio.sleep(0.1)  # the first poll found nothing
        assert claims == [None]
        for n in range(3):
            await queue.enqueue("brief", {"n": n})  # handed over: three slots, three jobs
        release.set()
        for _ in range(200):
            if len(finished) == 3:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
        assert sorted(finished) == [0, 1, 2] and claims == [None]  # no claim after any of them

        release.clear()
        for n in range(3, 7):
            await queue.enqueue("brief", {"n": n})  # the fourth finds every slot busy and waits pending
        assert await queue.counts() == {"done": 3, "running": 3, "pending": 1}
        release.set()
        for _ in range(200):
            if len(finished) == 7:
                break
            await asyncio.sleep(0.01)
    finally:
        release.set()
        await worker.stop()
    assert sorted(finished) == list(range(7))  # well before the 60 s poll
    assert [job.payload["n"] for job in claims if job is not None] == [6]


async def test_a_step_handing_over_is_done_with_its_successor_queued_in_one_write(queue: JobQueue) -> None:
    """The first step's state is kept, it is done (the worker records nothing more), and the next step runs;
    a step that lost its lease hands over nothing."""
    ran: list[dict[str, Any]] = []

    async def first(job: Job) -> None:
        job.state["placeholder"] = "1.1"
        assert await queue.hand_over(job, "second", {"after": job.id}, dedupe_key=f"after:{job.id}") is not None

    async def second(job: Job) -> None:
        ran.append(job.payload)

    first_id = await queue.enqueue("first", {})
    await JobWorker(queue, {"first": first, "second": second}, worker_id="w").run_until_idle()
    assert ran == [{"after": first_id}]
    assert await queue.counts() == {"done": 2}

    await queue.enqueue("first", {})
    stale = await queue.claim("old", kinds=["first"])
    assert stale is not None
    stale.attempts -= 1  # as if another worker had claimed it since
    with pytest.raises(LeaseLostError):
        await queue.hand_over(stale, "second", {}, dedupe_key="after:stale")
    assert await queue.counts() == {"done": 2, "running": 1}


async def test_a_completed_job_keeps_the_state_its_handler_left(queue: JobQueue, store: Store) -> None:
    """A last step can note what it did without a write of its own: completion records it."""

    async def handler(job: Job) -> None:
        job.state["posted"] = "1700000000.000001"

    job_id = await queue.enqueue("post", {})
    await JobWorker(queue, {"post": handler}, worker_id="w").run_until_idle()
    async with store.transaction(write=False) as session:
        row = (await session.execute(text("SELECT status, state FROM jobs WHERE id = :id"), {"id": job_id})).one()
    state = row.state if isinstance(row.state, dict) else json.loads(row.state)
    assert (row.status, state) == ("done", {"posted": "1700000000.000001"})


class SlowClaimQueue(JobQueue):
    """A claim that takes a while, as one opening a new database connection does."""

    def __init__(self, store: Store) -> None:
        super().__init__(store, retry_base_seconds=0.0)
        self.gate = Gate()

    async def claim(self, worker_id: str, *, kinds: Any = None) -> Job | None:
        await self.gate.wait()
        return await super().claim(worker_id, kinds=kinds)


async def test_stop_lets_a_claim_in_progress_finish_instead_of_cancelling_it(store: Store) -> None:
    queue = SlowClaimQueue(store)
    worker = JobWorker(queue, {"brief": lambda job: asyncio.sleep(0)}, worker_id="w", stop_grace_seconds=5.0)
    await worker.start()
    await asyncio.wait_for(queue.gate.reached.wait(), timeout=2.0)
    stopping = asyncio.create_task(worker.stop())
    await asyncio.sleep(0.05)
    assert not stopping.done()  # stop() waits for the claim rather than cutting it off
    queue.gate.opened.set()
    await asyncio.wait_for(stopping, timeout=2.0)
    assert queue.gate.outcomes == ["went on"]  # one claim, never cancelled, and no claim after the stop


async def test_stop_cancels_a_claim_that_outlasts_the_grace_period(store: Store) -> None:
    queue = SlowClaimQueue(store)
    worker = JobWorker(queue, {"brief": lambda job: asyncio.sleep(0)}, worker_id="w", stop_grace_seconds=0.05)
    await worker.start()
    await asyncio.wait_for(queue.gate.reached.wait(), timeout=2.0)
    await asyncio.wait_for(worker.stop(), timeout=2.0)
    assert queue.gate.outcomes == ["cancelled"]


async def test_a_job_handed_over_after_stop_is_left_to_its_lease(
    queue: JobQueue, caplog: pytest.LogCaptureFixture
) -> None:
    """An enqueue picks this process's worker before its write and hands the job over after it; when the
    worker stopped in between, nothing may start (nobody would wait for it): the job keeps its lease."""
    ran: list[int] = []

    async def handler(job: Job) -> None:
        ran.append(job.id)

    worker = JobWorker(queue, {"brief": handler}, worker_id="w", stop_grace_seconds=1.0)
    await worker.start()
    job_id = await queue.enqueue("brief", {})  # handed over at once, while running
    assert job_id is not None
    await worker.stop()
    late = Job(id=job_id + 1000, kind="brief", payload={}, state={}, attempts=1, worker_id="w")
    with caplog.at_level(logging.WARNING, logger="bot.jobs.worker"):
        worker.adopt(late)
    await asyncio.sleep(0.05)
    assert ran == [job_id]
    assert any("handed over as its worker stopped" in r.getMessage() for r in caplog.records)


async def test_stop_waits_for_a_job_handed_over_while_it_stops(queue: JobQueue) -> None:
    gate = Gate()

    async def slow(job: Job) -> None:
        await gate.wait()

    worker = JobWorker(queue, {"brief": slow}, worker_id="w", stop_grace_seconds=5.0)
    await worker.start()
    first = await queue.enqueue("brief", {})
    assert first is not None
    await asyncio.wait_for(gate.reached.wait(), timeout=2.0)
    stopping = asyncio.create_task(worker.stop())
    await asyncio.sleep(0.02)
    worker.adopt(Job(id=first + 1000, kind="brief", payload={}, state={}, attempts=1, worker_id="w"))
    await asyncio.sleep(0.02)
    assert not stopping.done()
    gate.opened.set()
    await asyncio.wait_for(stopping, timeout=2.0)
    assert gate.outcomes == ["went on", "went on"]  # both jobs ran to the end before stop() returned
