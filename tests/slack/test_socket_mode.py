"""Socket Mode end to end through `run_slack` (the `briefbot slack` path): a fake Socket Mode websocket and a
recording fake Web API on loopback, the real core service (extractive engine, SQLite under tmp_path)."""

from __future__ import annotations

import asyncio
import gc
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.config import Settings
from bot.slack.app import run_slack
from tests.fakes.site import FakeSite
from tests.fakes.slack_api import BOT_USER_ID, FakeSlackApi, running_fake_slack
from tests.fakes.slack_rig import PARAGRAPHS, article_html, make_settings, message
from tests.fakes.slack_socket import FakeSocketMode, running_fake_socket_mode

APP_TOKEN = "xapp-1-test"
ACK_LIMIT_SECONDS = 1.0
SHUTDOWN_LIMIT_SECONDS = 5.0


@dataclass
class SocketRig:
    slack: FakeSlackApi
    sockets: FakeSocketMode
    site: FakeSite
    task: asyncio.Task[None]

    async def acked_in(self, envelope_id: str) -> float:
        """Seconds from sending the envelope to the client's ack (fails the test when no ack came)."""
        ack = await self.sockets.wait_ack(envelope_id)
        assert ack is not None, f"envelope {envelope_id} was never acked"
        return ack.at - self.sockets.envelope(envelope_id).at


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def socket_settings(tmp_path: Path, slack: FakeSlackApi, **overrides: Any) -> Settings:
    """Socket Mode needs the app token and no signing secret: nothing arrives over HTTP to verify."""
    return make_settings(tmp_path, slack, slack_app_token=APP_TOKEN, slack_signing_secret=None, **overrides)


@asynccontextmanager
async def running_socket_app(tmp_path: Path, **overrides: Any) -> AsyncIterator[SocketRig]:
    async with (
        running_fake_slack() as slack,
        running_fake_socket_mode(slack) as sockets,
        FakeSite() as site,
    ):
        site.route("/bridge", body=article_html("Council closes harbour bridge for repairs", PARAGRAPHS))
        settings = socket_settings(tmp_path, slack, **overrides)
        task = asyncio.create_task(run_slack(settings, http=False, port=free_port()))
        try:
            await sockets.wait_connected()
            yield SocketRig(slack, sockets, site, task)
        finally:
            task.cancel()
            [outcome] = await asyncio.gather(task, return_exceptions=True)
        if isinstance(outcome, Exception):  # run_slack failed on its own: show why, not a timeout
            raise outcome


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[SocketRig]:
    async with running_socket_app(tmp_path) as running:
        yield running


async def test_connects_with_the_app_token_through_slack_api_url(rig: SocketRig) -> None:
    [opened] = rig.slack.of("apps.connections.open")
    assert opened.token == APP_TOKEN
    assert rig.sockets.connections[0].ticket == "1"
    assert not rig.task.done()


async def test_message_event_is_acked_at_once_then_briefed_in_its_thread(rig: SocketRig) -> None:
    url = rig.site.url("/bridge")
    envelope_id = await rig.sockets.send_event(message(f"have a look <{url}|bridge story>", ts="1700000001.000100"))
    assert await rig.acked_in(envelope_id) < ACK_LIMIT_SECONDS
    ack = rig.sockets.ack_of(envelope_id)
    assert ack is not None and ack.payload is None  # events_api acks carry no payload
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["channel"] == "C1" and placeholder.params["thread_ts"] == "1700000001.000100"
    assert placeholder.params["text"].startswith("Reading <http://127.0.0.1")
    assert placeholder.token == "xoxb-test"  # posts use the bot token, never the app token
    [update] = await rig.slack.wait_for("chat.update")
    assert update.params["ts"] == "1700000000.000001" and update.params["channel"] == "C1"
    assert update.params["blocks"][0]["type"] == "header"
    assert "bridge" in update.params["blocks"][0]["text"]["text"].lower()
    assert rig.site.paths == ["/bridge"]
    assert rig.sockets.unexpected == []


async def test_redelivered_envelope_is_acked_again_but_briefed_once(rig: SocketRig) -> None:
    event = message(f"<@{BOT_USER_ID}> <{rig.site.url('/bridge')}>", ts="7.0")
    first = await rig.sockets.send_event(event, event_id="Ev7")
    again = await rig.sockets.send_event(event, event_id="Ev7", retry_attempt=1)
    assert await rig.acked_in(first) < ACK_LIMIT_SECONDS and await rig.acked_in(again) < ACK_LIMIT_SECONDS
    await rig.slack.wait_for("chat.update")
    await asyncio.sleep(0.3)
    assert len(rig.slack.of("chat.postMessage")) == 1 and len(rig.slack.of("chat.update")) == 1


async def test_slash_command_is_acked_then_the_brief_is_posted_to_the_channel(rig: SocketRig) -> None:
    envelope_id = await rig.sockets.send_command(rig.site.url("/bridge"), response_url=rig.slack.response_url("cmd"))
    assert await rig.acked_in(envelope_id) < ACK_LIMIT_SECONDS
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["channel"] == "C1" and "thread_ts" not in placeholder.params
    [update] = await rig.slack.wait_for("chat.update")
    assert update.params["ts"] == "1700000000.000001"  # the placeholder is edited, not a new post
    assert update.params["blocks"][0]["type"] == "header"


async def test_slash_command_without_a_link_answers_usage_in_the_ack(rig: SocketRig) -> None:
    envelope_id = await rig.sockets.send_command("please summarise", response_url=rig.slack.response_url("cmd"))
    ack = await rig.sockets.wait_ack(envelope_id)
    assert ack is not None and ack.payload is not None
    assert ack.payload["response_type"] == "ephemeral" and "Usage: `/brief <link>`" in ack.payload["text"]
    await asyncio.sleep(0.3)
    assert rig.slack.of("chat.postMessage") == []


async def test_disconnect_request_reconnects_on_a_new_url_and_keeps_serving(rig: SocketRig) -> None:
    await rig.sockets.disconnect()
    second = await rig.sockets.wait_connected(count=2)
    assert second.ticket == "2" and [c.token for c in rig.slack.of("apps.connections.open")] == [APP_TOKEN] * 2
    assert await rig.sockets.wait_closed(rig.sockets.connections[0])  # the old link was given up
    assert second.closed_at is None
    envelope_id = await rig.sockets.send_event(message(f"<{rig.site.url('/bridge')}>", ts="8.0"), event_id="Ev8")
    ack = await rig.sockets.wait_ack(envelope_id)
    assert ack is not None and ack.connection == second.index
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["thread_ts"] == "8.0"


async def test_cancelling_run_slack_closes_the_socket_and_returns(tmp_path: Path) -> None:
    async with running_socket_app(tmp_path) as rig:
        envelope_id = await rig.sockets.send_event(message(f"<{rig.site.url('/bridge')}>", ts="9.0"), event_id="Ev9")
        assert await rig.sockets.wait_ack(envelope_id) is not None
        await rig.slack.wait_for("chat.update")
        rig.task.cancel()
        done, _ = await asyncio.wait({rig.task}, timeout=SHUTDOWN_LIMIT_SECONDS)
        assert done == {rig.task} and rig.task.cancelled()
        gc.collect()  # an unclosed aiohttp session would warn now, and warnings are errors
        assert await rig.sockets.wait_all_closed(wait_seconds=1.0)
        opened = len(rig.slack.of("apps.connections.open"))
        await asyncio.sleep(0.3)
        assert len(rig.slack.of("apps.connections.open")) == opened  # no reconnect after shutdown
        assert len(rig.sockets.connections) == 1


async def test_socket_mode_serves_metrics_on_the_metrics_port(tmp_path: Path) -> None:
    port = free_port()
    async with running_socket_app(tmp_path, metrics_port=port) as rig:
        await rig.sockets.send_event(message(f"<{rig.site.url('/bridge')}>", ts="9.0"))
        await rig.slack.wait_for("chat.update", wait_seconds=60)
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/metrics") as response:
            text = await response.text()
    briefs = {
        sample.labels["outcome"]: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "briefbot_briefs_total"
    }
    assert briefs == {"ok": 1.0}
