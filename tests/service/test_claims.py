"""One brief per link across processes: two services, each with its own store on one database (as two bot
processes would be), briefing the same link at once make one LLM call; a dead claimant is waited out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.bootstrap import build_service
from bot.config import load_settings
from bot.service import BriefService
from bot.store import BriefClaims, Store
from tests.fakes.openai_server import EMPTY_BRIEF, FakeOpenAI, HeldReplies, reply_json
from tests.fakes.site import FakeSite
from tests.fakes.slack_rig import PARAGRAPHS, article_html

GENEROUS_SECONDS = 30.0


@pytest.fixture
async def site() -> AsyncIterator[FakeSite]:
    async with FakeSite() as fake:
        fake.route("/story", body=article_html("Bridge report", PARAGRAPHS))
        yield fake


async def open_service(db_url: str, llm: FakeOpenAI, **overrides: Any) -> BriefService:
    settings = load_settings(
        _env_file=None,
        database_url=db_url,
        fetch_allow_networks="127.0.0.1/32",
        openai_base_url=llm.base_url,
        llm_max_retries=0,
        llm_timeout_seconds=60,
        **overrides,
    )
    return await build_service(settings)


async def test_two_processes_given_the_same_link_at_once_make_one_llm_call(db_url: str, site: FakeSite) -> None:
    held = HeldReplies(reply_json(EMPTY_BRIEF))
    with FakeOpenAI(default=held) as llm:
        first, second = await open_service(db_url, llm), await open_service(db_url, llm)
        assert first.store is not second.store
        try:
            one = asyncio.create_task(first.brief(site.url("/story")))
            assert await asyncio.to_thread(held.wait_for_held, 1, wait_seconds=GENEROUS_SECONDS)
            other = asyncio.create_task(second.brief(site.url("/story?utm_source=slack")))
            await asyncio.sleep(0.5)  # the second process is now waiting for the first one's brief
            held.release()
            results = await asyncio.wait_for(asyncio.gather(one, other), timeout=GENEROUS_SECONDS)
        finally:
            held.release()
            await first.aclose()
            await second.aclose()
    assert len(llm.requests) == 1
    assert [result.meta.cached for result in results] == [False, True]
    assert results[0].brief_id == results[1].brief_id


async def test_a_claim_left_by_a_dead_process_is_waited_out_then_taken(db_url: str, site: FakeSite) -> None:
    with FakeOpenAI(default=reply_json(EMPTY_BRIEF)) as llm:
        service = await open_service(db_url, llm, brief_claim_wait_seconds=1.0)
        try:
            dead = BriefClaims(service.store)
            assert await dead.take(site.url("/story"), owner="dead-process", seconds=1.0)
            result = await asyncio.wait_for(service.brief(site.url("/story")), timeout=GENEROUS_SECONDS)
        finally:
            await service.aclose()
    assert not result.meta.cached and len(llm.requests) == 1


async def test_a_claim_is_held_by_one_owner_until_released_or_expired(store: Store) -> None:
    claims = BriefClaims(store)
    link = "https://news.example/a"
    assert await claims.take(link, owner="a", seconds=60)
    assert not await claims.take(link, owner="b", seconds=60)
    assert await claims.held_by_other(link, owner="b") and not await claims.held_by_other(link, owner="a")
    await claims.release(link, owner="b")  # not b's to release
    assert await claims.held_by_other(link, owner="b")
    await claims.release(link, owner="a")
    assert await claims.take(link, owner="b", seconds=0.05)
    await asyncio.sleep(0.1)
    assert await claims.take(link, owner="c", seconds=60)  # b's claim ran out
