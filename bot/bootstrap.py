"""The composition root: the one place that builds the service, the job workers and housekeeping.

Entrypoints (the CLI, the Slack app, the Discord bot) build ``Settings`` and call ``build_service`` (one-shot
commands) or ``bootstrap`` (long-running bots); adapters then talk to ``runtime.service`` only.
"""

from __future__ import annotations

import asyncio
import gc
import os
import socket
from collections.abc import Mapping
from datetime import timedelta
from types import TracebackType
from typing import Any

from bot.config import Settings
from bot.engines import Engines
from bot.fetching import FetchPolicy
from bot.jobs import STOP_GRACE_SECONDS, Housekeeper, Ingress, JobHandler, JobWorker
from bot.service import BriefService, Team, cpu_pool
from bot.store import BriefClaims, JobQueue, Store


async def build_service(settings: Settings, **overrides: Any) -> BriefService:
    """The service and what it stands on (store, queue, fetch policy, engines); tests override any part."""
    store: Store = overrides.pop("store", None) or await Store.open(settings.database_url)
    llm = overrides.pop("llm", None)
    if llm is None and settings.llm_configured:
        from bot.engines.llm import LLMEngine  # openai is heavy: imported only when an LLM is configured

        llm = LLMEngine.from_settings(settings)
    cpu = overrides.pop("cpu", None) or cpu_pool(settings)
    return BriefService(
        settings=settings,
        store=store,
        team=overrides.pop("team", None) or Team(store, settings),
        jobs=overrides.pop("jobs", None) or JobQueue(store, lease_seconds=settings.job_lease_seconds),
        fetch_policy=overrides.pop("fetch_policy", None) or FetchPolicy.from_settings(settings),
        engines=Engines(llm=llm, default=settings.engine, cpu=cpu),
        cpu=cpu,
        claims=overrides.pop("claims", None) or BriefClaims(store),
        **overrides,
    )


class Runtime:
    """One bot process: the service, the workers that run its platform's jobs, and housekeeping.

    An adapter registers its job handlers by lane (``run_jobs``), then ``start()``; ``aclose()`` stops the
    workers (letting running jobs finish for a grace period), housekeeping, and closes the service."""

    def __init__(self, settings: Settings, service: BriefService, *, stop_grace_seconds: float) -> None:
        self.settings = settings
        self.service = service
        self.stop_grace_seconds = stop_grace_seconds
        self.housekeeper = Housekeeper(service.store, service.jobs, retention=timedelta(days=settings.retention_days))
        self.workers: list[JobWorker] = []
        self.ingress = Ingress()  # the adapter counts its requests here; slow lanes wait for them (run_jobs)
        self._started = False

    def run_jobs(
        self, handlers: Mapping[str, JobHandler], *, lane: str, concurrency: int, yields: bool = False
    ) -> JobWorker:
        """A worker for these job kinds; an enqueue in this process wakes it at once. A lane that ``yields``
        starts a job only once the requests in flight have been answered (see bot.jobs.ingress)."""
        worker = JobWorker(
            self.service.jobs,
            handlers,
            worker_id=f"{lane}-{socket.gethostname()}-{os.getpid()}",
            concurrency=concurrency,
            poll_seconds=self.settings.job_poll_seconds,
            stop_grace_seconds=self.stop_grace_seconds,
            yield_to=self.ingress if yields else None,
        )
        self.workers.append(worker)
        return worker

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        await self.service.warm()  # CPU workers started and set up before the first job can reach them
        await self.service.jobs.listen()  # PostgreSQL: enqueues in other processes wake our workers at once
        for worker in self.workers:
            await worker.start()
        await self.housekeeper.start()

    async def stop(self) -> None:
        """Stop the background work; the service stays open (a platform client may still be closing)."""
        if self._started:
            self._started = False
            await asyncio.gather(*(worker.stop() for worker in self.workers), self.housekeeper.stop())
            await self.service.jobs.unlisten()

    async def aclose(self) -> None:
        await self.stop()
        await self.service.aclose()

    async def __aenter__(self) -> Runtime:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


async def bootstrap(settings: Settings, *, stop_grace_seconds: float = STOP_GRACE_SECONDS, **overrides: Any) -> Runtime:
    """Build everything a long-running bot process needs, once."""
    return Runtime(settings, await build_service(settings, **overrides), stop_grace_seconds=stop_grace_seconds)


def settle_heap() -> None:
    """Take what start-up built (modules, settings, clients, schemas: ~200,000 objects) out of the garbage
    collector's sweeps, once a long-running process is ready to serve.

    Otherwise every full collection walks all of it, and one lands in the middle of a burst of work: it
    stopped the event loop for about 0.1 s while fifty pasted links waited for their placeholders. What is
    built later is collected as usual."""
    gc.collect()
    gc.freeze()
