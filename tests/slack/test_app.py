"""The Slack app end to end: signed requests over real HTTP to the app in HTTP mode, the real core service
(extractive engine, SQLite under tmp_path), a fake web site and a recording fake Slack Web API."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from bot.errors import ConfigError
from bot.jobs import JobQueue
from bot.slack.app import run_slack
from bot.slack.listeners import SHORTCUT_CALLBACK_ID
from bot.store import Store
from tests.fakes.openai_server import FakeOpenAI, reply_delay, reply_json
from tests.fakes.site import FakeSite
from tests.fakes.slack_api import BOT_USER_ID, FakeSlackApi
from tests.fakes.slack_blocks import live_markup
from tests.fakes.slack_rig import (
    ACK_LIMIT_SECONDS,
    PARAGRAPHS,
    Rig,
    article_html,
    make_settings,
    message,
    running_bot,
    settle,
)
from tests.fakes.stale_rows import seed_stale_rows, wait_until_pruned


async def test_signed_message_gets_placeholder_then_brief_in_its_thread(rig: Rig) -> None:
    url = rig.site.url("/bridge")
    status, _, elapsed = await rig.event(message(f"have a look <{url}|bridge story>"))
    assert status == 200 and elapsed < ACK_LIMIT_SECONDS
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["thread_ts"] == "1700000001.000100"
    assert placeholder.params["text"].startswith("Reading <http://127.0.0.1")
    assert placeholder.params["unfurl_links"] is False and placeholder.params["unfurl_media"] is False
    [update] = await rig.slack.wait_for("chat.update")
    assert update.params["ts"] == "1700000000.000001" and update.params["channel"] == "C1"
    assert update.params["blocks"][0]["type"] == "header"
    assert "bridge" in update.params["blocks"][0]["text"]["text"].lower()
    footer = update.params["blocks"][-1]["elements"][0]["text"]
    assert footer.startswith("extractive") and "quotes verified" in footer


async def test_bad_signature_or_stale_timestamp_is_refused(rig: Rig) -> None:
    text = message(f"<{rig.site.url('/bridge')}>")
    assert (await rig.event(text, secret="wrong-secret"))[0] == 401
    assert (await rig.event(text, timestamp=int(time.time()) - 6 * 60))[0] == 401
    await settle()
    assert rig.slack.of("chat.postMessage") == []


async def test_redelivered_event_and_its_app_mention_post_once(rig: Rig) -> None:
    event = message(f"<@{BOT_USER_ID}> <{rig.site.url('/bridge')}>")
    assert (await rig.event(event, event_id="Ev7"))[0] == 200
    assert (await rig.event(event, event_id="Ev7", headers={"X-Slack-Retry-Num": "1"}))[0] == 200
    assert (await rig.event(event, event_id="Ev7"))[0] == 200
    assert (await rig.event({**event, "type": "app_mention"}, event_id="Ev8"))[0] == 200
    await rig.slack.wait_for("chat.update")
    await settle()
    assert len(rig.slack.of("chat.postMessage")) == 1 and len(rig.slack.of("chat.update")) == 1


async def test_ignored_messages_post_nothing(rig: Rig) -> None:
    url = rig.site.url("/bridge")
    await rig.event(message(f"<{url}>", subtype="message_changed"), event_id="E1")
    await rig.event(message(f"<{url}>", bot_id="B2"), event_id="E2")
    await rig.event(message(f"<{url}>", user=BOT_USER_ID), event_id="E3")
    await rig.event(message("<https://acme.slack.com/archives/C1> <https://img.example/a.png>"), event_id="E4")
    await rig.event(message("no link, just chat"), event_id="E5")
    await settle()
    assert rig.slack.of("chat.postMessage") == []


async def test_slack_429_is_retried_after_retry_after(rig: Rig) -> None:
    rig.slack.rate_limit_next("chat.postMessage", retry_after_seconds=1)
    await rig.event(message(f"<{rig.site.url('/bridge')}>"))
    [posted] = await rig.slack.wait_for("chat.postMessage")
    [limited] = rig.slack.of("chat.postMessage#429")
    assert posted.at - limited.at >= 1.0
    assert len(await rig.slack.wait_for("chat.update")) == 1


async def test_a_failed_update_is_retried_without_posting_the_placeholder_again(rig: Rig) -> None:
    rig.slack.fail_next("chat.update", "internal_error")
    await rig.event(message(f"<{rig.site.url('/bridge')}>"))
    updates = await rig.slack.wait_for("chat.update", count=2)
    assert len(updates) == 2 and updates[0].params["ts"] == updates[1].params["ts"]
    await settle()
    assert len(rig.slack.of("chat.postMessage")) == 1


async def test_crafted_article_cannot_inject_mentions_or_links(rig: Rig) -> None:
    url = rig.site.url("/crafted")
    await rig.event(message(f"<{url}>"))
    [update] = await rig.slack.wait_for("chat.update")
    blocks = update.params["blocks"]
    assert live_markup(blocks, allowed_urls=(url,)) == []
    assert live_markup([{"text": update.params["text"]}]) == []
    rendered = json.dumps(blocks, ensure_ascii=False)
    assert "&lt;!channel&gt;" in rendered or "‹!channel›" in rendered  # the text did arrive, inert


async def test_failures_replace_the_placeholder_with_a_plain_message(rig: Rig) -> None:
    await rig.event(message(f"<{rig.site.url('/missing')}>"))
    [update] = await rig.slack.wait_for("chat.update")
    assert "wasn't found" in update.params["text"]
    assert "Traceback" not in json.dumps(update.params)


async def test_unexpected_errors_show_a_reference_that_is_logged_with_the_traceback(
    rig: Rig, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(source: str, **_: Any) -> None:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(rig.bot.service, "brief", broken)
    await rig.event(message(f"<{rig.site.url('/bridge')}>"))
    [update] = await rig.slack.wait_for("chat.update")
    ref = re.search(r"reference ([0-9a-f]{8})", update.params["text"])
    assert ref is not None and "secret internal detail" not in json.dumps(update.params)
    logged = [r for r in caplog.records if ref.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None


async def test_more_links_than_the_cap_are_briefed_up_to_it_with_a_note(rig: Rig) -> None:
    for n in range(5):
        rig.site.route(f"/story{n}", body=article_html(f"Story number {n}", PARAGRAPHS))
    links = " ".join(f"<{rig.site.url(f'/story{n}')}>" for n in range(5))
    await rig.event(message(links))
    updates = await rig.slack.wait_for("chat.update", count=3)
    await settle()
    placeholders = rig.slack.of("chat.postMessage")
    assert len(placeholders) == 3 and len(updates) == 3
    assert {p.params["thread_ts"] for p in placeholders} == {"1700000001.000100"}
    sources = " ".join(u.params["blocks"][1]["elements"][0]["text"] for u in updates)  # the source lines
    assert all(f"Story number {n}" in sources for n in range(3)) and "Story number 3" not in sources
    notes = [u for u in updates if "left out 2 more" in json.dumps(u.params["blocks"])]
    assert len(notes) == 1


async def test_slash_command_posts_brief_to_channel(rig: Rig) -> None:
    status, body, elapsed = await rig.command(rig.site.url("/bridge"))
    assert status == 200 and elapsed < ACK_LIMIT_SECONDS
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["channel"] == "C1" and "thread_ts" not in placeholder.params
    [update] = await rig.slack.wait_for("chat.update")
    assert update.params["blocks"][0]["type"] == "header"


async def test_slash_command_where_the_bot_is_not_in_the_channel_hints_ephemerally(rig: Rig) -> None:
    rig.slack.fail_next("chat.postMessage", "not_in_channel")
    await rig.command(rig.site.url("/bridge"))
    [hint] = await rig.slack.wait_for("response_url")
    assert hint.params["response_type"] == "ephemeral" and "/invite @briefbot" in hint.params["text"]
    await settle()
    assert rig.slack.of("chat.update") == []


async def test_slash_command_without_a_link_answers_usage_ephemerally(rig: Rig) -> None:
    status, body, _ = await rig.command("")
    assert status == 200 and "Usage: `/brief <link>`" in json.loads(body)["text"]
    assert json.loads(body)["response_type"] == "ephemeral"
    status, body, _ = await rig.command("please summarise this")
    assert "Usage" in json.loads(body)["text"]
    await settle(0.2)
    assert rig.slack.of("chat.postMessage") == []


async def test_message_shortcut_briefs_in_the_message_thread(rig: Rig) -> None:
    status, _, _ = await rig.shortcut(message(f"<{rig.site.url('/bridge')}>", ts="5.5", thread_ts="5.0"))
    assert status == 200
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["thread_ts"] == "5.0"
    await rig.slack.wait_for("chat.update")


async def test_message_shortcut_without_links_says_so_ephemerally(rig: Rig) -> None:
    await rig.shortcut(message("nothing to read here", ts="6.6"))
    [hint] = await rig.slack.wait_for("response_url")
    assert "no news link" in hint.params["text"]


async def test_thread_reply_after_restart_is_answered_from_the_stored_article(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite
) -> None:
    settings = make_settings(tmp_path, slack)
    async with running_bot(settings, slack, site) as first:
        await first.event(message(f"<{site.url('/bridge')}>", ts="10.0"))
        await slack.wait_for("chat.update")
    async with running_bot(settings, slack, site) as second:
        question = message(f"<@{BOT_USER_ID}> who denied that the closure was planned?", ts="10.5", thread_ts="10.0")
        await second.event(question, event_id="Ev20")
        answers = await slack.wait_for("chat.postMessage", count=2)
    answer = answers[-1].params
    assert answer["thread_ts"] == "10.0"
    rendered = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "Becker" in rendered
    assert site.paths.count("/bridge") == 1  # answered from the store, not a re-fetch


async def test_the_running_app_prunes_stale_jobs_and_events(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite
) -> None:
    settings = make_settings(tmp_path, slack)
    store = await Store.open(settings.database_url)
    try:
        await seed_stale_rows(store, JobQueue(store), days_old=settings.retention_days + 1)
    finally:
        await store.close()
    async with running_bot(settings, slack, site) as rig:
        await wait_until_pruned(rig.bot.service.store, rig.bot.service.jobs)


async def test_reply_mode_mention_ignores_side_talk_until_switched_to_all(rig: Rig) -> None:
    await rig.event(message(f"<{rig.site.url('/bridge')}>", ts="20.0"), event_id="E1")
    await rig.slack.wait_for("chat.update")
    await rig.event(message("what a day, right?", ts="20.1", thread_ts="20.0"), event_id="E2")
    await settle()
    assert len(rig.slack.of("chat.postMessage")) == 1
    status, body, _ = await rig.command("mode all")
    assert "now `all`" in json.loads(body)["text"]
    await rig.event(message("who is Maria Lopez?", ts="20.2", thread_ts="20.0"), event_id="E3")
    answers = await rig.slack.wait_for("chat.postMessage", count=2)
    assert answers[-1].params["thread_ts"] == "20.0"
    assert "Lopez" in json.dumps(answers[-1].params["blocks"])


async def test_reply_mode_all_survives_a_restart_and_bare_mode_reports_it(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite
) -> None:
    settings = make_settings(tmp_path, slack)
    async with running_bot(settings, slack, site) as first:
        _, body, _ = await first.command("mode")
        assert json.loads(body) == {
            "text": "Reply mode is `mention`. Admins can change it with `/brief mode all` or `/brief mode mention`.",
            "response_type": "ephemeral",
        }
        await first.event(message(f"<{site.url('/bridge')}>", ts="25.0"), event_id="E1")
        await slack.wait_for("chat.update")
        _, body, _ = await first.command("mode all")
        assert "now `all`" in json.loads(body)["text"]
    async with running_bot(settings, slack, site) as second:  # a new store, service and app on the same file
        _, body, _ = await second.command("mode")
        assert json.loads(body)["text"].startswith("Reply mode is `all`.")
        await second.event(message("who is Maria Lopez?", ts="25.1", thread_ts="25.0"), event_id="E2")
        answers = await slack.wait_for("chat.postMessage", count=2)
    assert answers[-1].params["thread_ts"] == "25.0"
    assert "Lopez" in json.dumps(answers[-1].params["blocks"])


async def test_reply_mode_is_per_workspace(rig: Rig) -> None:
    await rig.command("mode all")
    _, body, _ = await rig.command("mode", team_id="T2")
    assert "`mention`" in json.loads(body)["text"]
    _, body, _ = await rig.command("mode", team_id="T1")
    assert "`all`" in json.loads(body)["text"]


async def test_only_workspace_admins_change_the_reply_mode(rig: Rig) -> None:
    _, body, _ = await rig.command("mode all", user_id="U2")  # U2 is a member, not an admin
    assert json.loads(body) == {
        "text": "Only workspace admins and owners can change the reply mode.",
        "response_type": "ephemeral",
    }
    _, body, _ = await rig.command("mode", user_id="U2")
    assert "`mention`" in json.loads(body)["text"]  # reading it is for everyone; it did not change
    assert [call.params["user"] for call in rig.slack.of("users.info")] == ["U2"]


async def test_reply_mode_is_unchanged_when_slack_will_not_say_who_is_admin(rig: Rig) -> None:
    rig.slack.fail_next("users.info", "missing_scope")
    _, body, _ = await rig.command("mode all")
    assert "users:read" in json.loads(body)["text"]
    _, body, _ = await rig.command("mode")
    assert "`mention`" in json.loads(body)["text"]


async def test_mention_outside_a_brief_thread_asks_for_a_link(rig: Rig) -> None:
    await rig.event({**message(f"<@{BOT_USER_ID}> hello", ts="30.0"), "type": "app_mention"})
    [reply] = await rig.slack.wait_for("chat.postMessage")
    assert reply.params["thread_ts"] == "30.0" and "Paste a link first" in reply.params["text"]


async def test_ack_is_immediate_while_the_llm_takes_30_seconds(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite
) -> None:
    with FakeOpenAI() as llm:
        llm.queue(reply_delay(30, reply_json({"headline": "x"})))
        settings = make_settings(
            tmp_path,
            slack,
            engine="llm",
            openai_base_url=llm.base_url,
            openai_api_key="test",
            llm_max_retries=0,
        )
        async with running_bot(settings, slack, site) as rig:
            status, _, elapsed = await rig.event(message(f"<{site.url('/bridge')}>"))
            assert status == 200 and elapsed < ACK_LIMIT_SECONDS
            [placeholder] = await slack.wait_for("chat.postMessage", wait_seconds=5)
            assert placeholder.params["text"].startswith("Reading")
            for _ in range(300):  # the brief is still being written: the LLM has the request
                if llm.requests:
                    break
                await asyncio.sleep(0.1)
            assert llm.requests and slack.of("chat.update") == []


def test_manifest_matches_the_listeners() -> None:
    manifest = yaml.safe_load((Path(__file__).resolve().parents[2] / "manifest.yml").read_text())
    features = manifest["features"]
    assert [c["command"] for c in features["slash_commands"]] == ["/brief"]
    assert [s["callback_id"] for s in features["shortcuts"]] == [SHORTCUT_CALLBACK_ID]
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_mention", "message.channels", "message.groups", "message.im", "message.mpim"}
    assert "chat:write" in manifest["oauth_config"]["scopes"]["bot"]


async def test_run_slack_serves_events_and_health_until_cancelled(tmp_path: Path, slack: FakeSlackApi) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    task = asyncio.create_task(run_slack(make_settings(tmp_path, slack), http=True, port=port))
    try:
        status = 0
        async with aiohttp.ClientSession() as session:
            for _ in range(100):
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                        status = response.status
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
            assert status == 200
            async with session.post(f"http://127.0.0.1:{port}/slack/events", data=b"{}") as response:
                assert response.status == 401  # unsigned
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_run_slack_without_credentials_is_a_config_error(tmp_path: Path, slack: FakeSlackApi) -> None:
    settings = make_settings(tmp_path, slack, slack_signing_secret=None)
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        await run_slack(settings, http=True, port=0)


async def test_run_slack_checks_tokens_before_opening_the_database(tmp_path: Path, slack: FakeSlackApi) -> None:
    settings = make_settings(tmp_path, slack, slack_bot_token=None)
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN"):
        await run_slack(settings, http=True, port=0)
    assert not (tmp_path / "briefbot.db").exists()  # no migrations ran for a process that cannot start


async def test_run_slack_without_any_slack_setting_says_so_once_and_returns(
    tmp_path: Path, slack: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(tmp_path, slack, slack_bot_token=None, slack_signing_secret=None)
    with caplog.at_level(logging.WARNING, logger="bot.slack.app"):
        await run_slack(settings, http=True, port=0)
    assert [r.getMessage() for r in caplog.records] == [
        "Slack is not configured (no SLACK_BOT_TOKEN): the Slack process has nothing to serve."
    ]
    assert not (tmp_path / "briefbot.db").exists()
