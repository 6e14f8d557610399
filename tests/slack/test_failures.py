"""Failures speak plainly in the thread: each kind of core error, the LLM down (with and without the extractive
fallback), Slack rate limits on updates; never a traceback, never silence."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.openai_server import FakeOpenAI, reply_status
from tests.fakes.site import FakeSite
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_blocks import live_markup
from tests.fakes.slack_rig import Rig, make_settings, message, running_bot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def down_llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(default=reply_status(503)) as llm:
        yield llm


async def brief_text(rig: Rig, url: str, *, ts: str = "50.0") -> dict[str, object]:
    """Paste ``url`` and return the chat.update that replaced its placeholder."""
    await rig.event(message(f"<{url}>", ts=ts), event_id=f"E{ts}")
    [update] = await rig.slack.wait_for("chat.update")
    return update.params


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("paywall.html", "behind a paywall"),
        ("navigation.html", "doesn't look like an article"),
        ("short.html", "too little text"),
    ],
)
async def test_pages_the_gate_refuses_are_explained_in_the_thread(rig: Rig, route: str, expected: str) -> None:
    rig.site.route(f"/{route}", body=(FIXTURES / route).read_text(encoding="utf-8"))
    params = await brief_text(rig, rig.site.url(f"/{route}"))
    assert expected in str(params["text"])
    assert "Traceback" not in json.dumps(params) and params["blocks"][0]["type"] == "section"  # type: ignore[index]


async def test_a_blocked_address_and_an_unreachable_site_are_explained(rig: Rig) -> None:
    params = await brief_text(rig, "http://10.1.2.3/story", ts="51.0")
    assert "private or internal address" in str(params["text"])
    closed = FakeSite()
    async with closed:
        dead_url = closed.url("/story")
    await rig.event(message(f"<{dead_url}>", ts="52.0"), event_id="E52")
    updates = await rig.slack.wait_for("chat.update", count=2)
    assert "couldn't connect to that site" in str(updates[-1].params["text"])


async def test_llm_down_falls_back_to_the_extractive_engine_with_a_visible_warning(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite, down_llm: FakeOpenAI
) -> None:
    settings = make_settings(
        tmp_path, slack, engine="auto", openai_base_url=down_llm.base_url, openai_api_key="test", llm_max_retries=0
    )
    async with running_bot(settings, slack, site) as rig:
        params = await brief_text(rig, site.url("/bridge"))
    assert down_llm.requests  # the LLM was tried
    blocks = params["blocks"]
    assert isinstance(blocks, list) and blocks[0]["type"] == "header"
    footer = [element["text"] for element in blocks[-1]["elements"]]
    assert footer[0].startswith("extractive")
    assert any("LLM was unavailable" in text and text.startswith("⚠") for text in footer)


async def test_llm_down_without_fallback_says_so_plainly(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite, down_llm: FakeOpenAI
) -> None:
    settings = make_settings(
        tmp_path, slack, engine="llm", openai_base_url=down_llm.base_url, openai_api_key="test", llm_max_retries=0
    )
    async with running_bot(settings, slack, site) as rig:
        params = await brief_text(rig, site.url("/bridge"))
    assert "summariser is unavailable" in str(params["text"])
    assert "503" not in json.dumps(params)


async def test_slack_429_on_the_update_is_retried_after_retry_after(rig: Rig) -> None:
    rig.slack.rate_limit_next("chat.update", retry_after_seconds=1)
    await rig.event(message(f"<{rig.site.url('/bridge')}>"))
    [update] = await rig.slack.wait_for("chat.update")
    [limited] = rig.slack.of("chat.update#429")
    assert update.at - limited.at >= 1.0
    assert update.params["blocks"][0]["type"] == "header"
    assert len(rig.slack.of("chat.postMessage")) == 1


async def test_every_post_and_update_has_escaped_fallback_text_and_no_unfurls(rig: Rig) -> None:
    await rig.event(message(f"<{rig.site.url('/crafted')}> <{rig.site.url('/missing')}>"))
    await rig.slack.wait_for("chat.update", count=2)
    calls = rig.slack.of("chat.postMessage") + rig.slack.of("chat.update")
    assert len(calls) == 4
    for call in calls:
        assert call.params["text"].strip()
        assert call.params["unfurl_links"] is False and call.params["unfurl_media"] is False
    for update in rig.slack.of("chat.update"):
        assert live_markup([{"text": update.params["text"]}]) == []


async def test_blocks_slack_refuses_leave_plain_words_not_a_stuck_placeholder(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    rig.slack.fail_next("chat.update", "invalid_blocks")
    await rig.event(message(f"<{rig.site.url('/bridge')}>"))
    updates = await rig.slack.wait_for("chat.update", count=2)
    assert updates[0].params["ts"] == updates[1].params["ts"]
    assert "Slack would not display it" in updates[1].params["text"]
    assert any("rejected the blocks" in record.getMessage() for record in caplog.records)
