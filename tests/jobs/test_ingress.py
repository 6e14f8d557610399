"""A lane that yields to requests in flight starts its jobs once they are answered, and never waits forever."""

from __future__ import annotations

import asyncio

from bot.jobs import Ingress, Job, JobQueue, JobWorker
from bot.store import Store


async def test_a_yielding_lane_starts_a_job_only_once_the_requests_in_flight_are_answered(store: Store) -> None:
    queue = JobQueue(store, lease_seconds=30.0)
    ingress = Ingress(max_yield_seconds=30.0)
    started = asyncio.Event()

    async def handler(_: Job) -> None:
        started.set()

    worker = JobWorker(queue, {"brief": handler}, worker_id="w", poll_seconds=60.0, yield_to=ingress)
    await worker.start()
    try:
        with ingress.request():
            await queue.enqueue("brief", {})  # handed to the worker at once, which waits for the request
            await asyncio.sleep(0.3)
            assert not started.is_set()
        await asyncio.wait_for(started.wait(), timeout=5.0)
    finally:
        await worker.stop()


async def test_a_steady_stream_of_requests_delays_a_job_by_at_most_the_yield_bound(store: Store) -> None:
    queue = JobQueue(store, lease_seconds=30.0)
    ingress = Ingress(max_yield_seconds=0.2)
    started = asyncio.Event()

    async def handler(_: Job) -> None:
        started.set()

    worker = JobWorker(queue, {"brief": handler}, worker_id="w", poll_seconds=60.0, yield_to=ingress)
    await worker.start()
    try:
        with ingress.request():  # never answered while the job waits
            await queue.enqueue("brief", {})
            await asyncio.wait_for(started.wait(), timeout=10.0)
            assert ingress.in_flight == 1
    finally:
        await worker.stop()
