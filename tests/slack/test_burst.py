"""A burst of links is not serialised: every brief's LLM request is in flight at once, each placeholder is
posted before any brief, and the placeholder then shows the stages (counted at the fake servers, no timing)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.slack.progress import EDIT_BURST
from tests.fakes.openai_server import EMPTY_BRIEF, FakeOpenAI, HeldReplies, reply_json
from tests.fakes.site import FakeSite
from tests.fakes.slack_api import Call, FakeSlackApi
from tests.fakes.slack_rig import PARAGRAPHS, article_html, make_settings, message, running_bot

LINKS = 12  # more than the old fixed 8 job slots
GENEROUS_SECONDS = 30.0


async def test_a_burst_of_links_has_every_llm_request_in_flight_at_once_after_every_placeholder(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite
) -> None:
    held = HeldReplies(reply_json(EMPTY_BRIEF), hold_seconds=GENEROUS_SECONDS)
    with FakeOpenAI(default=held) as llm:
        settings = make_settings(
            tmp_path, slack, engine="llm", openai_base_url=llm.base_url, llm_max_retries=0, llm_timeout_seconds=60
        )
        async with running_bot(settings, slack, site) as rig:
            for n in range(LINKS):
                site.route(f"/story{n}", body=article_html(f"Story {n}", PARAGRAPHS))
            events = [
                rig.event(message(f"<{site.url(f'/story{n}')}>", ts=f"{200 + n}.0"), event_id=f"B{n}")
                for n in range(LINKS)
            ]
            assert [status for status, _, _ in await asyncio.gather(*events)] == [200] * LINKS
            try:
                all_in_flight = await asyncio.to_thread(held.wait_for_held, LINKS, wait_seconds=GENEROUS_SECONDS)
                placeholders = slack.of("chat.postMessage")
                briefs_before_release = [c for c in slack.of("chat.update") if "blocks" in c.params]
            finally:
                held.release()
            briefs = await wait_for_briefs(slack, LINKS)
    assert all_in_flight and held.peak == LINKS
    assert len(placeholders) == LINKS and briefs_before_release == []
    assert len(briefs) == LINKS


async def wait_for_briefs(slack: FakeSlackApi, count: int) -> list[Call]:
    """The updates that carry a brief (blocks), once ``count`` have come; stage edits may come in between."""
    for _ in range(int(GENEROUS_SECONDS / 0.05)):
        briefs = [call for call in slack.of("chat.update") if "blocks" in call.params]
        if len(briefs) >= count:
            return briefs
        await asyncio.sleep(0.05)
    return [call for call in slack.of("chat.update") if "blocks" in call.params]


async def test_the_placeholder_shows_the_stages_then_the_brief(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite
) -> None:
    held = HeldReplies(reply_json(EMPTY_BRIEF), hold_seconds=GENEROUS_SECONDS)
    with FakeOpenAI(default=held) as llm:
        settings = make_settings(
            tmp_path, slack, engine="llm", openai_base_url=llm.base_url, llm_max_retries=0, llm_timeout_seconds=60
        )
        async with running_bot(settings, slack, site) as rig:
            status, _, _ = await rig.event(message(f"<{site.url('/bridge')}>", ts="300.0"))
            assert status == 200
            try:
                [stage] = await slack.wait_for("chat.update", wait_seconds=GENEROUS_SECONDS)
            finally:
                held.release()
            updates = await slack.wait_for("chat.update", count=2, wait_seconds=GENEROUS_SECONDS)
            await asyncio.sleep(1.5)  # room for a late stage edit, were one able to overwrite the brief
    [placeholder] = slack.of("chat.postMessage")
    assert placeholder.params["text"].startswith("Reading")
    assert stage.params["text"].startswith("Writing the brief") and "blocks" not in stage.params
    final = slack.of("chat.update")[-1]
    assert final.params["blocks"][0]["type"] == "header" and len(updates) >= 2


async def test_stage_edits_of_a_burst_stay_within_the_workspace_budget_and_every_brief_is_posted(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite
) -> None:
    """chat.update is a tier 3 method: thirty links at once may not spend thirty stage edits on top of their
    thirty briefs. Stage edits stop at the budget; no brief is held back by it."""
    count = 30
    held = HeldReplies(reply_json(EMPTY_BRIEF), hold_seconds=GENEROUS_SECONDS)
    with FakeOpenAI(default=held) as llm:
        settings = make_settings(
            tmp_path, slack, engine="llm", openai_base_url=llm.base_url, llm_max_retries=0, llm_timeout_seconds=60
        )
        async with running_bot(settings, slack, site) as rig:
            for n in range(count):
                site.route(f"/many{n}", body=article_html(f"Many {n}", PARAGRAPHS))
            events = [
                rig.event(message(f"<{site.url(f'/many{n}')}>", ts=f"{400 + n}.0"), event_id=f"M{n}")
                for n in range(count)
            ]
            assert [status for status, _, _ in await asyncio.gather(*events)] == [200] * count
            try:
                assert await asyncio.to_thread(held.wait_for_held, count, wait_seconds=GENEROUS_SECONDS)
                await asyncio.sleep(1.5)  # every placeholder's first stage edit falls due now
            finally:
                held.release()
            briefs = await wait_for_briefs(slack, count)
    stage_edits = [call for call in slack.of("chat.update") if "blocks" not in call.params]
    assert len(briefs) == count
    assert 0 < len(stage_edits) <= EDIT_BURST + 2  # the burst, and what the budget refills meanwhile
