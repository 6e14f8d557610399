"""A process pool for CPU-bound pure functions (extraction, the offline engine, grounding), with a deadline.

Why processes: a C regex or parser call holds the GIL, so ``asyncio.to_thread`` still freezes the event loop
(Slack's 3 s ack and /healthz with it). A child process cannot.

Each worker is its own single-process executor, so one stuck call is dealt with alone: past its deadline the
worker's process is killed and a fresh one takes its place, and the call raises DeadlineError. Other calls in
flight run in other processes and are not touched. A worker that dies on its own (a segfault, the OOM killer)
is replaced the same way and its call is tried once more on the fresh worker; a second death raises
CpuCrashError. Functions sent here must be top-level (picklable) and free of side effects.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import ParamSpec, TypeVar

from bot.errors import CpuCrashError, DeadlineError

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

# Imported once in the fork server, so a replacement worker starts in milliseconds, modules already loaded.
PRELOAD_MODULES = ["bot.extraction", "bot.engines.extractive", "bot.grounding"]
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Lower priority for page crunching: on a busy machine, acks and /healthz in the parent are served first.
CHILD_NICENESS = 10
MANAGER_JOIN_SECONDS = 2.0  # how long closing waits for an executor's manager thread to wind down
WARM_UP_DEADLINE_SECONDS = 60.0  # starting a worker and its first extraction, on a machine that may be busy


def _start_child(log_level: int) -> None:
    """Children yield the CPU to the event loop's process and log like the parent, at its level; with no level
    set they stay quiet (no lastResort lines on stderr)."""
    os.nice(CHILD_NICENESS)
    root = logging.getLogger()
    if log_level > logging.CRITICAL:
        root.addHandler(logging.NullHandler())
    else:
        logging.basicConfig(level=log_level, format=LOG_FORMAT)
    root.setLevel(log_level)


def _mp_context() -> multiprocessing.context.BaseContext:
    """forkserver where it exists (fast, thread-safe starts), else spawn; never fork from a threaded loop."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD_MODULES)
        return context
    return multiprocessing.get_context("spawn")


class _Worker:
    """One child process behind a one-process executor."""

    def __init__(self, context: multiprocessing.context.BaseContext, log_level: int) -> None:
        self.executor = ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=_start_child, initargs=(log_level,)
        )

    def kill(self) -> None:
        """Stop the child now, even mid-call; the executor is then discarded.

        The executor's manager thread is joined (briefly) so that it has closed its wake-up pipe before the
        interpreter's exit hook writes to it: otherwise a quick exit races it and prints "Bad file descriptor"."""
        for process in list((self.executor._processes or {}).values()):  # no public kill before Python 3.14
            if process.is_alive():
                process.kill()
        manager = getattr(self.executor, "_executor_manager_thread", None)  # typeshed mistypes this attribute
        self.executor.shutdown(wait=False, cancel_futures=True)
        if isinstance(manager, threading.Thread) and manager is not threading.current_thread():
            manager.join(timeout=MANAGER_JOIN_SECONDS)


class CpuPool:
    """Runs pure functions in child processes, at most ``workers`` at once, each within ``deadline_seconds``."""

    def __init__(self, *, workers: int | None = None, deadline_seconds: float) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.deadline_seconds = deadline_seconds
        self._context = _mp_context()
        self._log_level = _parent_log_level()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []
        self._closed = False

    def _queue(self) -> asyncio.Queue[_Worker]:
        """Workers are made on first use, inside the running loop that will await them."""
        if self._idle is None:
            self._idle = asyncio.Queue()
            for _ in range(self.workers):
                self._idle.put_nowait(self._new_worker())
        return self._idle

    def _new_worker(self) -> _Worker:
        worker = _Worker(self._context, self._log_level)
        self._all.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        """Kill ``worker`` and start its successor (none once the pool is closed: shutdown wins)."""
        worker.kill()
        if worker in self._all:
            self._all.remove(worker)
        return worker if self._closed else self._new_worker()

    async def run(self, function: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """``function(*args, **kwargs)`` in a child; DeadlineError past the deadline, the worker replaced."""
        call = functools.partial(function, *args, **kwargs)
        name = getattr(function, "__qualname__", repr(function))
        return await self._run(call, name=name, deadline_seconds=self.deadline_seconds)

    async def _run(self, call: Callable[[], R], *, name: str, deadline_seconds: float) -> R:
        if self._closed:
            raise RuntimeError("CpuPool.run after close()")
        idle = self._queue()
        worker = await idle.get()
        try:
            try:
                return await self._call(worker, call, name=name, deadline_seconds=deadline_seconds)
            except BrokenProcessPool:
                log.warning("cpu worker died running %s; replacing it and trying once more", name)
                worker = self._replace(worker)
                if self._closed:
                    raise CpuCrashError(f"{name}: the pool was closed mid-call") from None
            try:
                return await self._call(worker, call, name=name, deadline_seconds=deadline_seconds)
            except BrokenProcessPool as exc:
                worker = self._replace(worker)
                raise CpuCrashError(f"{name}: the worker died twice") from exc
        except DeadlineError:
            log.warning("cpu call %s passed %.1f s; killing its worker", name, deadline_seconds)
            worker = self._replace(worker)
            raise
        except asyncio.CancelledError:
            worker = self._replace(worker)  # nobody waits for the result: free the process now
            raise
        finally:
            if not self._closed:
                idle.put_nowait(worker)

    async def _call(self, worker: _Worker, call: Callable[[], R], *, name: str, deadline_seconds: float) -> R:
        future = asyncio.get_running_loop().run_in_executor(worker.executor, call)
        done, _ = await asyncio.wait({future}, timeout=deadline_seconds)
        if not done:
            future.cancel()
            raise DeadlineError(f"{name} ran past {deadline_seconds} s")
        return future.result()

    async def warm(self, task: Callable[[], object] = os.getpid) -> None:
        """Start every worker now and run ``task`` once in each (at most one call per worker at a time, so
        ``workers`` calls at once reach every one): no user's first page pays for a process start or for the
        lazy set-up of the libraries a first call touches. A process start on a busy machine can take longer than
        a user's page may, so the warm-up has its own, longer deadline."""
        deadline_seconds = max(self.deadline_seconds, WARM_UP_DEADLINE_SECONDS)
        name = getattr(task, "__qualname__", repr(task))
        await asyncio.gather(
            *(self._run(task, name=name, deadline_seconds=deadline_seconds) for _ in range(self.workers))
        )

    def close(self) -> None:
        """Stop every child; calls still running raise CpuCrashError (their callers are shutting down too)."""
        self._closed = True
        for worker in self._all:
            worker.kill()
        self._all.clear()
        self._idle = None


def _parent_log_level() -> int:
    """The level the entry point configured; a root logger with no handlers means 'say nothing'."""
    root = logging.getLogger()
    return root.getEffectiveLevel() if root.handlers else logging.CRITICAL + 1
