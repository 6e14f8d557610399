"""The Slack adapter's lanes: every 'Reading …' placeholder goes out while every slow slot is busy with a slow
LLM (the latency itself is measured by bench/slack_latency.py), and a second process on the same database
doing the work."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.slack.app import SlackBot
from tests.fakes.openai_server import EMPTY_BRIEF, FakeOpenAI, reply_delay, reply_json
from tests.fakes.site import FakeSite
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_rig import PARAGRAPHS, article_html, make_settings, message, running_bot

SLOW_LLM_SECONDS = 20.0


@pytest.fixture
def slow_llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(default=reply_delay(SLOW_LLM_SECONDS, reply_json(EMPTY_BRIEF))) as llm:
        yield llm


async def test_every_placeholder_is_posted_before_any_brief_while_every_worker_slot_is_busy(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite, slow_llm: FakeOpenAI
) -> None:
    settings = make_settings(
        tmp_path,
        slack,
        engine="llm",
        openai_base_url=slow_llm.base_url,
        openai_api_key="test",
        llm_max_retries=0,
        llm_timeout_seconds=60,
        worker_concurrency=2,
    )
    briefs = 5  # more slow briefs than worker slots
    async with running_bot(settings, slack, site) as rig:
        for n in range(briefs):
            site.route(f"/story{n}", body=article_html(f"Story {n}", PARAGRAPHS))
        for n in range(briefs):
            status, _, _ = await rig.event(message(f"<{site.url(f'/story{n}')}>", ts=f"{100 + n}.0"), event_id=f"E{n}")
            assert status == 200
        placeholders = await slack.wait_for("chat.postMessage", count=briefs, wait_seconds=SLOW_LLM_SECONDS / 2)
        assert sorted(call.params["thread_ts"] for call in placeholders) == [f"{100 + n}.0" for n in range(briefs)]
        assert all(call.params["text"].startswith("Reading") for call in placeholders)
        # The LLM is still thinking on every one of them: at most a stage edit, no brief yet.
        assert all("blocks" not in call.params for call in slack.of("chat.update"))


async def test_an_event_received_by_one_process_is_briefed_by_another_on_the_same_database(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite
) -> None:
    settings = make_settings(tmp_path, slack)
    async with running_bot(settings, slack, site) as front, running_bot(settings, slack, site) as back:
        await stop_workers(front.bot)  # process A only receives HTTP; process B's workers do the work
        status, _, _ = await front.event(message(f"<{site.url('/bridge')}>", ts="40.0"))
        assert status == 200
        [placeholder] = await slack.wait_for("chat.postMessage", wait_seconds=5)
        [update] = await slack.wait_for("chat.update", wait_seconds=5)
        assert placeholder.params["thread_ts"] == "40.0" and update.params["ts"] == "1700000000.000001"
        assert update.params["blocks"][0]["type"] == "header"
        assert (await back.bot.service.jobs.counts()).get("done", 0) >= 1


async def stop_workers(bot: SlackBot) -> None:
    await bot.aclose()
    await asyncio.sleep(0)
