"""A recording fake of the Slack Web API on 127.0.0.1 (aiohttp, in the test's event loop).

Point ``AsyncWebClient(base_url=fake.api_url)`` (or SLACK_API_URL) at it. Every call is recorded as
``Call(method, params, at)``; ``fail_next`` scripts an error answer, ``rate_limit_next`` a 429 with
Retry-After. ``fake.response_url(...)`` gives a URL that records like Slack's response_url webhooks.
``apps.connections.open`` answers a fresh ``socket_mode_url`` ticket (see tests/fakes/slack_socket.py).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
TEAM_ID = "T1"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    token: str | None = None  # the Bearer token the call was made with


@dataclass
class FakeSlackApi:
    calls: list[Call] = field(default_factory=list)
    api_url: str = ""
    socket_mode_url: str = ""  # set by running_fake_socket_mode; apps.connections.open hands it out
    admins: set[str] = field(default_factory=lambda: {"U1"})  # users.info says these are workspace admins
    _errors: dict[str, list[str]] = field(default_factory=dict)
    _rate_limits: dict[str, list[int]] = field(default_factory=dict)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None

    def fail_next(self, method: str, error: str) -> None:
        """The next call of ``method`` answers ok=false with this error (e.g. not_in_channel)."""
        self._errors.setdefault(method, []).append(error)

    def rate_limit_next(self, method: str, *, retry_after_seconds: int = 1) -> None:
        self._rate_limits.setdefault(method, []).append(retry_after_seconds)

    def response_url(self, name: str = "hook") -> str:
        return f"{self.api_url}__response/{name}"

    def of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, method: str, *, count: int = 1, wait_seconds: float = 10.0) -> list[Call]:
        """Wait until ``method`` was called ``count`` times; the calls so far on timeout (tests then fail)."""
        assert self._changed is not None
        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: len(self.of(method)) >= count), timeout=wait_seconds
                )
            except TimeoutError:
                pass
        return self.of(method)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        retry = self._rate_limits.get(method)
        if retry:
            seconds = retry.pop(0)
            await self._record(f"{method}#429", params)
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(seconds)}
            )
        await self._record(method, params, token=_bearer(request))
        errors = self._errors.get(method)
        if errors:
            return web.json_response({"ok": False, "error": errors.pop(0)})
        return web.json_response(self._answer(method, params))

    async def _hook(self, request: web.Request) -> web.Response:
        await self._record("response_url", await _params(request))
        return web.Response(text="ok")

    async def _record(self, method: str, params: dict[str, Any], *, token: str | None = None) -> None:
        assert self._changed is not None
        async with self._changed:
            self.calls.append(Call(method, params, time.monotonic(), token))
            self._changed.notify_all()

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER_ID, "bot_id": BOT_ID, "team_id": TEAM_ID,
                    "team": "Test", "user": "briefbot", "url": "https://test.slack.com/"}  # fmt: skip
        if method == "chat.postMessage":
            ts = f"1700000000.{next(self._ts):06d}"
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": {**params, "ts": ts}}
        if method == "apps.connections.open":
            if not self.socket_mode_url:
                return {"ok": False, "error": "not_allowed_token_type"}
            ticket = len(self.of("apps.connections.open"))
            return {"ok": True, "url": f"{self.socket_mode_url}?ticket={ticket}"}
        if method == "users.info":
            user = str(params.get("user"))
            return {"ok": True, "user": {"id": user, "is_admin": user in self.admins, "is_owner": False}}
        if method == "chat.update":
            return {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")}
        return {"ok": True}


def _bearer(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token if scheme == "Bearer" and token else None


async def _params(request: web.Request) -> dict[str, Any]:
    if request.method == "GET":
        return dict(request.query)
    raw = await request.text()
    if "json" in request.headers.get("Content-Type", ""):
        loaded = json.loads(raw or "{}")
        return loaded if isinstance(loaded, dict) else {"_": loaded}
    params: dict[str, Any] = dict(parse_qsl(raw))
    for key in ("blocks", "attachments"):
        if isinstance(params.get(key), str):
            params[key] = json.loads(params[key])
    return params


@asynccontextmanager
async def running_fake_slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi(_changed=asyncio.Condition())
    app = web.Application()
    app.router.add_post("/api/__response/{name}", fake._hook)
    app.router.add_post("/api/{method}", fake._handle)
    app.router.add_get("/api/{method}", fake._handle)  # the SDK sends some reads (users.info) as GET
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    fake.api_url = f"http://127.0.0.1:{port}/api/"
    try:
        yield fake
    finally:
        await runner.cleanup()
