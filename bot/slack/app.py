"""The Slack app: builds the Bolt AsyncApp, registers listeners, runs in Socket Mode or HTTP mode.

Listeners only validate and enqueue (the job is in the store before Slack gets its ack); the JobWorker
does the slow part in bot.slack.jobs.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from datetime import timedelta
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.errors import ConfigError
from bot.jobs import STOP_GRACE_SECONDS, Housekeeper, JobWorker
from bot.service import BriefService, build_service
from bot.slack.jobs import SlackJobs
from bot.slack.listeners import Listeners
from bot.slack.prefs import StoreWorkspacePrefs, WorkspacePrefs

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slots for placeholders and hints: one quick Slack call each, kept apart from the slow LLM work so that
# "Reading …" shows within a second even when every one of settings.worker_concurrency slots is busy.
FAST_LANE_CONCURRENCY = 4
# 429 answers are retried after Retry-After (the handler sleeps that long), at most this many times.
RATE_LIMIT_RETRIES = 3


def build_client(settings: Settings) -> AsyncWebClient:
    """The Web API client every post goes through: SLACK_API_URL base, 429s retried after Retry-After."""
    if settings.slack_bot_token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set", user_message="setting SLACK_BOT_TOKEN is missing")
    handlers = [
        *async_default_handlers(),
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
    ]
    return AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        retry_handlers=handlers,
    )


class SlackBot:
    """The Bolt app wired to the core service, plus the two workers (fast and slow lane) that run its jobs."""

    def __init__(
        self,
        settings: Settings,
        service: BriefService,
        *,
        client: AsyncWebClient | None = None,
        prefs: WorkspacePrefs | None = None,
        socket_mode: bool = False,
        stop_grace_seconds: float = STOP_GRACE_SECONDS,
    ) -> None:
        self.settings = settings
        self.service = service
        self.client = client or build_client(settings)
        secret = settings.slack_signing_secret
        if secret is None and not socket_mode:
            raise ConfigError("SLACK_SIGNING_SECRET is not set", user_message="setting SLACK_SIGNING_SECRET is missing")
        # process_before_response: a listener's quick enqueue finishes before the ack goes out, so a
        # request Slack considers delivered is always in the store. Listeners never do slow work.
        self.app = AsyncApp(
            client=self.client,
            signing_secret=secret.get_secret_value() if secret else None,
            request_verification_enabled=not socket_mode,
            process_before_response=True,
        )
        jobs = SlackJobs(service, self.client)
        worker_id = f"slack-{socket.gethostname()}-{os.getpid()}"
        self.worker = JobWorker(
            service.jobs,
            jobs.handlers(),
            worker_id=worker_id,
            concurrency=settings.worker_concurrency,
            stop_grace_seconds=stop_grace_seconds,
        )
        self.fast_worker = JobWorker(
            service.jobs,
            jobs.fast_handlers(),
            worker_id=f"{worker_id}-fast",
            concurrency=FAST_LANE_CONCURRENCY,
            stop_grace_seconds=stop_grace_seconds,
        )
        self.housekeeper = Housekeeper(
            service.store, service.jobs, retention=timedelta(days=settings.retention_days)
        )
        prefs = prefs or StoreWorkspacePrefs(service.store)
        listeners = Listeners(settings, service, prefs, wake=self._wake)
        listeners.register(self.app)
        self.app.error(_log_listener_error)

    async def start(self) -> None:
        await self.fast_worker.start()
        await self.worker.start()
        await self.housekeeper.start()

    async def aclose(self) -> None:
        await asyncio.gather(self.fast_worker.stop(), self.worker.stop(), self.housekeeper.stop())

    def _wake(self) -> None:
        self.fast_worker.wake()
        self.worker.wake()

    def web_app(self) -> web.Application:
        """aiohttp app: signed Slack requests on /slack/events, a health check on /healthz."""
        application = self.app.web_app(path=EVENTS_PATH)
        application.router.add_get(HEALTH_PATH, _health)
        return application


async def _health(_: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def _log_listener_error(error: Exception, body: dict[str, Any]) -> None:
    """Bolt answers 500 and Slack redelivers; the job dedupe keys keep the retry from posting twice."""
    ref = secrets.token_hex(4)
    log.error("slack listener failed (ref %s) on %s", ref, body.get("type"), exc_info=error)


async def run_slack(settings: Settings, *, http: bool, port: int) -> None:
    """`briefbot slack [--http --port N]`: Socket Mode when SLACK_APP_TOKEN is set unless --http."""
    socket_mode = settings.slack_app_token is not None and not http
    service = await build_service(settings)
    try:
        bot = SlackBot(settings, service, socket_mode=socket_mode)
        await bot.start()
        try:
            await _serve(bot, settings=settings, socket_mode=socket_mode, port=port)
        finally:
            await bot.aclose()
    finally:
        await service.aclose()


async def _serve(bot: SlackBot, *, settings: Settings, socket_mode: bool, port: int) -> None:
    """Run until cancelled; the HTTP server also answers the health check in Socket Mode."""
    application = bot.web_app() if not socket_mode else web.Application()
    if socket_mode:
        application.router.add_get(HEALTH_PATH, _health)
    runner = web.AppRunner(application)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", port).start()
    log.info("slack app listening on port %s (%s)", port, "socket mode" if socket_mode else "http mode")
    handler: AsyncSocketModeHandler | None = None
    try:
        if socket_mode and settings.slack_app_token is not None:
            handler = AsyncSocketModeHandler(bot.app, settings.slack_app_token.get_secret_value())
            await handler.connect_async()  # type: ignore[no-untyped-call]
        await asyncio.Event().wait()
    finally:
        if handler is not None:
            await handler.close_async()  # type: ignore[no-untyped-call]
        await runner.cleanup()
