"""A running Slack app on loopback for the Slack tests: settings, a fake site, signed events and a settle wait."""

from __future__ import annotations

import asyncio
import html
import json
import time
import urllib.parse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from slack_sdk.signature import SignatureVerifier

from bot.bootstrap import bootstrap
from bot.config import Settings, load_settings
from bot.jobs import JobQueue
from bot.slack.app import SlackBot
from bot.store import Store
from tests.fakes.site import FakeSite
from tests.fakes.slack_api import FakeSlackApi

SECRET = "test-signing-secret"


ACK_LIMIT_SECONDS = 3.0  # Slack's deadline for the HTTP answer


PARAGRAPHS = [
    "The city council voted on Tuesday to close the old harbour bridge for repairs, a decision that "
    "surprised many residents who cross it every day to reach the market and the schools on the east bank.",
    '"The bridge is no longer safe for heavy traffic and we cannot wait another winter," said Maria Lopez, '
    "the council's chief engineer, at a press conference after the vote.",
    "According to a report by the regional transport agency, cracks were found in three of the main "
    "supports during an inspection in March, and the agency recommended urgent repairs.",
    'The mayor, Tom Becker, denied that the closure had been planned for months. "That is simply not true; '
    'we acted as soon as we saw the inspection report," Becker said.',
    "Shop owners near the bridge said the closure would cost them customers. Anna Weiss, who runs a bakery "
    "on the harbour road, said sales could fall by half while the repairs last.",
    "It is not yet clear how long the work will take or how much it will cost. The council said it would "
    "publish a timetable next month, and opposition members have asked for an independent review.",
    "Ferry services will run every twenty minutes during the closure, the transport agency said, and buses "
    "will be diverted over the northern bridge, adding about fifteen minutes to most journeys.",
]


INJECTIONS = [
    '"<!channel> the bridge must stay open, <@U0ADMIN> agrees," said Karl Brandt, a local activist, '
    "who urged everyone to read <http://evil.example|the real story> and to tell @everyone about it.",
    "Brandt also claimed that <!subteam^S0OPS> and <#C0GENERAL> had *secretly* ~approved~ the plan.",
]


def article_html(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><title>{html.escape(title)}</title>"
        "<meta name='author' content='Jo Reporter'><meta property='og:site_name' content='Harbour News'>"
        "<meta property='article:published_time' content='2024-05-01T09:00:00Z'></head>"
        f"<body><article><h1>{html.escape(title)}</h1>{body}</article></body></html>"
    )


@dataclass
class Rig:
    slack: FakeSlackApi
    site: FakeSite
    settings: Settings
    bot: SlackBot
    url: str

    async def deliver(
        self,
        body: str,
        *,
        content_type: str,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        secret: str = SECRET,
    ) -> tuple[int, str, float]:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        sent = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}
        started = time.monotonic()
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                f"{self.url}/slack/events", data=body.encode(), headers={**sent, **(headers or {})}
            ) as response,
        ):
            return response.status, await response.text(), time.monotonic() - started

    async def event(self, event: dict[str, Any], *, event_id: str = "Ev1", **kwargs: Any) -> tuple[int, str, float]:
        body = {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": event_id,
                "event_time": int(time.time()), "event": event}  # fmt: skip
        return await self.deliver(json.dumps(body), content_type="application/json", **kwargs)

    async def command(self, text: str, **extra: str) -> tuple[int, str, float]:
        form = {"command": "/brief", "text": text, "team_id": "T1", "channel_id": "C1", "user_id": "U1",
                "response_url": self.slack.response_url("cmd"), "trigger_id": "1.2.3", **extra}  # fmt: skip
        return await self.deliver(urllib.parse.urlencode(form), content_type="application/x-www-form-urlencoded")

    async def shortcut(self, message: dict[str, Any]) -> tuple[int, str, float]:
        payload = {
            "type": "message_action",
            "callback_id": "brief_this_link",
            "trigger_id": "9.9.9",
            "team": {"id": "T1"},
            "channel": {"id": "C1"},
            "user": {"id": "U1"},
            "message": message,
            "message_ts": message["ts"],
            "response_url": self.slack.response_url("shortcut"),
        }
        form = urllib.parse.urlencode({"payload": json.dumps(payload)})
        return await self.deliver(form, content_type="application/x-www-form-urlencoded")


def message(text: str, *, ts: str = "1700000001.000100", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "channel": "C1", "user": "U1", "text": text, "ts": ts, **extra}


def make_settings(tmp_path: Path, slack: FakeSlackApi, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "fetch_allow_networks": "127.0.0.1/32",
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'briefbot.db'}",
        "slack_bot_token": "xoxb-test",
        "slack_signing_secret": SECRET,
        "slack_api_url": slack.api_url,
        "engine": "extractive",
        **overrides,
    }
    return load_settings(_env_file=None, **values)


@asynccontextmanager
async def running_bot(settings: Settings, slack: FakeSlackApi, site: FakeSite) -> AsyncIterator[Rig]:
    store = await Store.open(settings.database_url)
    jobs = JobQueue(store, retry_base_seconds=0.05)
    runtime = await bootstrap(settings, store=store, jobs=jobs, stop_grace_seconds=0.2)
    bot = SlackBot(runtime)
    await bot.start()
    runner = web.AppRunner(bot.web_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield Rig(slack, site, settings, bot, f"http://127.0.0.1:{runner.addresses[0][1]}")
    finally:
        await runner.cleanup()
        await bot.aclose()
        await runtime.aclose()


async def settle(seconds: float = 0.4) -> None:
    """Give the worker a moment to do anything it (wrongly) might still do."""
    await asyncio.sleep(seconds)
