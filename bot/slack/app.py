"""The Slack app: builds the Bolt AsyncApp, registers listeners, runs in Socket Mode or HTTP mode.

Listeners only validate and enqueue (the job is in the store before Slack gets its ack); the JobWorker
does the slow part in bot.slack.jobs.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    async_default_handlers,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.bootstrap import Runtime, bootstrap, settle_heap
from bot.config import Settings
from bot.errors import ConfigError
from bot.service import METRICS_CONTENT_TYPE, BriefService, log_unexpected
from bot.slack.feedback import FeedbackListeners
from bot.slack.jobs import SlackJobs
from bot.slack.listeners import Listeners

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
# Slots for placeholders and hints: one quick Slack call each, kept apart from the slow LLM work so that
# "Reading …" shows at once even when every one of settings.worker_concurrency slots is busy. Enough for a
# burst of pastes: a new job taken straight from enqueue needs a free slot, else it waits for the poll.
FAST_LANE_CONCURRENCY = 64
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
    """The Bolt app wired to the core service, and the two job lanes (fast and slow) it runs in the runtime."""

    def __init__(self, runtime: Runtime, *, client: AsyncWebClient | None = None, socket_mode: bool = False) -> None:
        settings = runtime.settings
        self.runtime = runtime
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
        jobs = SlackJobs(runtime.service, self.client)
        # The slow lane yields to requests being acknowledged; the fast lane (placeholders) never waits.
        runtime.run_jobs(jobs.handlers(), lane="slack", concurrency=settings.worker_concurrency, yields=True)
        runtime.run_jobs(jobs.fast_handlers(), lane="slack-fast", concurrency=FAST_LANE_CONCURRENCY)
        Listeners(runtime.service).register(self.app)
        FeedbackListeners(runtime.service).register(self.app)
        self.app.error(_log_listener_error)

    @property
    def service(self) -> BriefService:
        return self.runtime.service

    async def start(self) -> None:
        await self.runtime.start()

    async def aclose(self) -> None:
        await self.runtime.stop()

    def web_app(self) -> web.Application:
        """aiohttp app: signed Slack requests on /slack/events, a health check on /healthz, /metrics."""
        application = self.app.web_app(path=EVENTS_PATH)
        application.middlewares.append(_counted(self.runtime))
        add_status_routes(application, self.service)
        return application


def add_status_routes(application: web.Application, service: BriefService) -> None:
    """/healthz and Prometheus' /metrics, on the Slack HTTP port (and the Socket Mode process's port)."""

    async def metrics(_: web.Request) -> web.Response:
        body = await service.metrics_text()
        return web.Response(body=body, headers={"Content-Type": METRICS_CONTENT_TYPE})

    application.router.add_get(HEALTH_PATH, _health)
    application.router.add_get(METRICS_PATH, metrics)


def _counted(runtime: Runtime) -> Any:
    """Count the Slack requests in flight (up to their ack), for the slow job lane to wait on."""

    @web.middleware
    async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path != EVENTS_PATH:
            passed: web.StreamResponse = await handler(request)
            return passed
        with runtime.ingress.request():
            response: web.StreamResponse = await handler(request)
            return response

    return middleware


async def _health(_: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def _log_listener_error(error: Exception, body: dict[str, Any]) -> None:
    """Bolt answers 500 and Slack redelivers; the job dedupe keys keep the retry from posting twice."""
    log_unexpected(log, f"slack listener on {body.get('type')}", error=error)


def check_credentials(settings: Settings, *, http: bool) -> bool:
    """Before anything is opened: False (said once, exit 0) when Slack is not configured at all; a
    ConfigError naming the setting when it is half configured."""
    if settings.slack_bot_token is None and settings.slack_signing_secret is None and settings.slack_app_token is None:
        log.warning("Slack is not configured (no SLACK_BOT_TOKEN): the Slack process has nothing to serve.")
        return False
    build_client(settings)  # raises on a missing bot token
    socket_mode = settings.slack_app_token is not None and not http
    if not socket_mode and settings.slack_signing_secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET is not set", user_message="setting SLACK_SIGNING_SECRET is missing")
    return True


async def run_slack(settings: Settings, *, http: bool, port: int) -> None:
    """`briefbot slack [--http --port N]`: Socket Mode when SLACK_APP_TOKEN is set unless --http."""
    if not check_credentials(settings, http=http):
        return
    socket_mode = settings.slack_app_token is not None and not http
    async with await bootstrap(settings) as runtime:
        bot = SlackBot(runtime, socket_mode=socket_mode)
        await bot.start()
        settle_heap()
        try:
            await _serve(bot, settings=settings, socket_mode=socket_mode, port=port)
        finally:
            await bot.aclose()


async def _serve(bot: SlackBot, *, settings: Settings, socket_mode: bool, port: int) -> None:
    """Run until cancelled; the HTTP server also answers the health check in Socket Mode."""
    application = bot.web_app() if not socket_mode else web.Application()
    if socket_mode:
        add_status_routes(application, bot.service)
    runner = web.AppRunner(application)
    await runner.setup()
    if socket_mode and settings.metrics_port is not None:
        port = settings.metrics_port  # Socket Mode takes no HTTP events: health and metrics on the metrics port
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
