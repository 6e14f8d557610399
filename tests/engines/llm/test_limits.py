"""LLM limits: requests in flight bounded, one 429's Retry-After pauses the whole process, a token budget."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from bot.engines.llm.limits import LLMLimits
from tests.fakes.llm_briefs import ARTICLE, brief_dict, make_engine
from tests.fakes.openai_server import FakeOpenAI, FakeRequest, HeldReplies, Reply, reply_json, reply_status

GENEROUS_SECONDS = 20.0


async def test_requests_in_flight_never_exceed_the_setting() -> None:
    held = HeldReplies(reply_json(brief_dict()))
    with FakeOpenAI(default=held) as fake:
        engine = make_engine(fake, limits=LLMLimits(max_in_flight=3), timeout_seconds=60.0)
        try:
            briefs = asyncio.gather(*(engine.brief(ARTICLE) for _ in range(7)))
            assert await asyncio.to_thread(held.wait_for_held, 3, wait_seconds=GENEROUS_SECONDS)
            await asyncio.sleep(0.3)  # room for a fourth request to arrive, were it allowed to
            assert held.held == 3
            held.release()
            await briefs
        finally:
            held.release()
            await engine.aclose()
    assert held.peak == 3 and len(fake.requests) == 7


async def test_one_429_with_retry_after_pauses_requests_that_start_meanwhile() -> None:
    arrivals: list[float] = []
    lock = threading.Lock()
    served = threading.Event()

    def stamped(reply: Reply) -> Any:
        def answer(_: FakeRequest) -> Reply:
            with lock:
                arrivals.append(time.monotonic())
            served.set()
            return reply

        return answer

    retry_after_seconds = 1.0
    with FakeOpenAI(default=stamped(reply_json(brief_dict()))) as fake:
        fake.queue(stamped(reply_status(429, retry_after=retry_after_seconds)))
        engine = make_engine(fake, limits=LLMLimits(max_in_flight=8))
        try:
            first = asyncio.create_task(engine.brief(ARTICLE))
            assert await asyncio.to_thread(served.wait, GENEROUS_SECONDS)  # the 429 has been served
            await asyncio.sleep(0.1)  # the client has read the 429 (its own retry waits out the Retry-After)
            other = asyncio.create_task(engine.brief(ARTICLE))  # another brief, not the one that got the 429
            await asyncio.gather(first, other)
        finally:
            await engine.aclose()
    rate_limited_at, *later = arrivals
    # Lower bounds only: the pause holds every later request back (a loaded machine only makes them later).
    assert len(later) == 2
    assert all(at - rate_limited_at >= retry_after_seconds * 0.9 for at in later)


async def test_the_token_budget_holds_a_request_until_older_spending_leaves_the_window() -> None:
    limits = LLMLimits(tokens_per_minute=1_000)
    now = [0.0]
    limits._clock = lambda: now[0]  # a clock the test moves
    async with limits.slot(800):
        pass
    second = asyncio.create_task(_take(limits, 800))
    await asyncio.sleep(0.2)
    assert not second.done()  # 1,600 tokens would exceed the minute's 1,000
    now[0] = 61.0  # the first spending has left the window
    await asyncio.wait_for(second, timeout=GENEROUS_SECONDS)


async def _take(limits: LLMLimits, tokens: int) -> None:
    async with limits.slot(tokens):
        pass
