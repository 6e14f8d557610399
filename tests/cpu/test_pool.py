"""The CPU pool: results and typed errors come back, a stuck call ends at its deadline with its worker replaced,
and the event loop keeps ticking while a child burns CPU in a GIL-holding C call."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cpu import CpuPool
from bot.errors import CpuCrashError, DeadlineError, TooLongError
from tests.fakes.cpu import add, backtrack_forever, die, die_once, refuse

DEADLINE_SECONDS = 1.0
TICK_SECONDS = 0.01
# /healthz and Slack acks must answer in under a second; a tick late by this much would miss that.
MAX_TICK_GAP_SECONDS = 0.5


@pytest.fixture
async def pool() -> AsyncIterator[CpuPool]:
    made = CpuPool(workers=2, deadline_seconds=DEADLINE_SECONDS)
    await made.warm()  # process starts are not what the deadline measures
    try:
        yield made
    finally:
        made.close()


async def _ticks(stop: asyncio.Event) -> float:
    """The longest gap between wake-ups of a task that asks to run every TICK_SECONDS."""
    worst, last = 0.0, time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(TICK_SECONDS)
        now = time.perf_counter()
        worst, last = max(worst, now - last), now
    return worst


async def test_results_and_keyword_arguments_come_back(pool: CpuPool) -> None:
    assert await pool.run(add, 2, 3, times=4) == 20


async def test_a_typed_error_keeps_its_message_across_the_process_boundary(pool: CpuPool) -> None:
    with pytest.raises(TooLongError) as info:
        await pool.run(refuse, 123_456)
    assert "123,456 words" in info.value.user_message and info.value.exit_code == 2


@pytest.mark.timeout(30)
async def test_a_stuck_call_ends_at_its_deadline_and_the_loop_keeps_ticking(pool: CpuPool) -> None:
    stop = asyncio.Event()
    ticker = asyncio.create_task(_ticks(stop))
    with pytest.raises(DeadlineError) as info:
        await pool.run(backtrack_forever)
    stop.set()
    assert await ticker < MAX_TICK_GAP_SECONDS
    assert "took too long" in info.value.user_message and info.value.exit_code == 2
    assert await pool.run(add, 1, 1) == 2, "the killed worker was replaced"


@pytest.mark.timeout(30)
async def test_other_calls_in_flight_finish_while_a_stuck_one_is_killed(pool: CpuPool) -> None:
    stuck = asyncio.create_task(pool.run(backtrack_forever))
    results = [await pool.run(add, i, 1) for i in range(5)]  # the second worker serves these meanwhile
    assert results == [1, 2, 3, 4, 5]
    with pytest.raises(DeadlineError):
        await stuck
    assert await asyncio.gather(pool.run(add, 1, 2), pool.run(add, 3, 4)) == [3, 7]


@pytest.mark.timeout(30)
async def test_a_worker_that_dies_is_replaced_and_the_call_tried_once_more(pool: CpuPool, tmp_path: Path) -> None:
    assert await pool.run(die_once, str(tmp_path / "died")) == "survived"
    with pytest.raises(CpuCrashError):
        await pool.run(die)
    assert await pool.run(add, 2, 2) == 4


@pytest.mark.timeout(30)
async def test_a_cancelled_call_frees_its_worker(pool: CpuPool) -> None:
    stuck = asyncio.create_task(pool.run(backtrack_forever))
    await asyncio.sleep(0.2)
    stuck.cancel()
    with pytest.raises(asyncio.CancelledError):
        await stuck
    started = time.perf_counter()
    assert await asyncio.gather(pool.run(add, 1, 2), pool.run(add, 3, 4)) == [3, 7]
    assert time.perf_counter() - started < DEADLINE_SECONDS, "both workers free: nothing waited for the hang"


@pytest.mark.timeout(30)
async def test_closing_mid_call_ends_the_call_and_the_pool() -> None:
    pool = CpuPool(workers=1, deadline_seconds=30)
    await pool.warm()
    stuck = asyncio.create_task(pool.run(backtrack_forever))
    await asyncio.sleep(0.2)
    pool.close()
    with pytest.raises(CpuCrashError):
        await stuck
    with pytest.raises(RuntimeError):
        await pool.run(add, 1, 1)
