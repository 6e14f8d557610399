"""A fake Slack Socket Mode server on 127.0.0.1: the websocket side of ``apps.connections.open``.

    async with running_fake_slack() as slack, running_fake_socket_mode(slack) as sockets:
        ...                                           # start the app with SLACK_API_URL=slack.api_url
        await sockets.wait_connected()                # the client got its URL and said nothing yet
        envelope_id = await sockets.send_event({...}) # an events_api envelope on the newest connection
        ack = await sockets.wait_ack(envelope_id)     # the client's {"envelope_id": ...} answer

It speaks the protocol slack_sdk's SocketModeClient expects: a ``hello`` on connect, envelopes
(``type``, ``envelope_id``, ``payload``, ``accepts_response_payload``), a ``disconnect`` message that makes the
client fetch a new URL and reconnect, and websocket ping/pong (aiohttp answers pings itself).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from tests.fakes.slack_api import FakeSlackApi

APP_ID = "A1"
TEAM_ID = "T1"
WAIT_SECONDS = 10.0


@dataclass
class Envelope:
    """One envelope the fake sent: what, on which connection, and when (monotonic seconds)."""

    envelope_id: str
    type: str
    payload: dict[str, Any]
    connection: int
    at: float


@dataclass
class Ack:
    """One answer the client sent back; ``payload`` is the response body (e.g. an ephemeral slash reply)."""

    envelope_id: str
    payload: dict[str, Any] | None
    connection: int
    at: float


@dataclass
class Connection:
    index: int
    ticket: str
    ws: web.WebSocketResponse
    opened_at: float
    closed_at: float | None = None


@dataclass
class FakeSocketMode:
    connections: list[Connection] = field(default_factory=list)
    sent: list[Envelope] = field(default_factory=list)
    acks: list[Ack] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)  # text frames that were not acks
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    @property
    def open_connections(self) -> list[Connection]:
        return [conn for conn in self.connections if conn.closed_at is None]

    async def wait_connected(self, *, count: int = 1, wait_seconds: float = WAIT_SECONDS) -> Connection:
        """Wait until ``count`` connections were ever opened and one is open; return the newest open one."""
        await self._wait(lambda: len(self.connections) >= count and bool(self.open_connections), wait_seconds)
        return self.open_connections[-1]

    async def wait_all_closed(self, *, wait_seconds: float = WAIT_SECONDS) -> bool:
        return await self._wait(lambda: bool(self.connections) and not self.open_connections, wait_seconds)

    async def wait_closed(self, conn: Connection, *, wait_seconds: float = WAIT_SECONDS) -> bool:
        return await self._wait(lambda: conn.closed_at is not None, wait_seconds)

    async def wait_ack(self, envelope_id: str, *, wait_seconds: float = WAIT_SECONDS) -> Ack | None:
        """The client's ack of ``envelope_id``, or None when none came in time (the test then fails)."""
        await self._wait(lambda: self.ack_of(envelope_id) is not None, wait_seconds)
        return self.ack_of(envelope_id)

    def ack_of(self, envelope_id: str) -> Ack | None:
        return next((ack for ack in self.acks if ack.envelope_id == envelope_id), None)

    def envelope(self, envelope_id: str) -> Envelope:
        return next(sent for sent in self.sent if sent.envelope_id == envelope_id)

    async def send_event(self, event: dict[str, Any], *, event_id: str = "Ev1", retry_attempt: int = 0) -> str:
        """An ``events_api`` envelope whose payload is the Events API ``event_callback`` body."""
        body = {"type": "event_callback", "team_id": TEAM_ID, "api_app_id": APP_ID, "event_id": event_id,
                "event_time": int(time.time()), "event": event}  # fmt: skip
        extra = {"retry_attempt": retry_attempt, "retry_reason": "timeout" if retry_attempt else ""}
        return await self.send("events_api", body, accepts_response_payload=False, **extra)

    async def send_command(self, text: str, *, response_url: str, trigger_id: str = "1.2.3", **fields: str) -> str:
        """A ``slash_commands`` envelope for ``/brief <text>``; the client may answer with a payload."""
        body = {"command": "/brief", "text": text, "team_id": TEAM_ID, "channel_id": "C1", "user_id": "U1",
                "api_app_id": APP_ID, "response_url": response_url, "trigger_id": trigger_id, **fields}  # fmt: skip
        return await self.send("slash_commands", body, accepts_response_payload=True)

    async def send(self, kind: str, payload: dict[str, Any], *, accepts_response_payload: bool, **extra: Any) -> str:
        conn = self.open_connections[-1]
        envelope_id = f"env-{next(self._ids)}"
        message = {"envelope_id": envelope_id, "type": kind, "payload": payload,
                   "accepts_response_payload": accepts_response_payload, **extra}  # fmt: skip
        self.sent.append(Envelope(envelope_id, kind, payload, conn.index, time.monotonic()))
        await conn.ws.send_json(message)
        return envelope_id

    async def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to move: Slack sends this before recycling a connection (about hourly)."""
        conn = self.open_connections[-1]
        await conn.ws.send_json({"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}})

    async def _wait(self, ready: Callable[[], bool], wait_seconds: float) -> bool:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(ready), timeout=wait_seconds)
            except TimeoutError:
                return False
        return True

    async def _changed_now(self, change: Callable[[], None]) -> None:
        async with self._changed:
            change()
            self._changed.notify_all()

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()  # autoping: pings from the client are answered with pongs
        await ws.prepare(request)
        conn = Connection(len(self.connections) + 1, request.query.get("ticket", ""), ws, time.monotonic())
        await ws.send_json(_hello(conn.index))
        await self._changed_now(lambda: self.connections.append(conn))
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    await self._receive(conn, message.data)
        finally:
            await self._changed_now(lambda: setattr(conn, "closed_at", time.monotonic()))
        return ws

    async def _receive(self, conn: Connection, raw: str) -> None:
        data = json.loads(raw)
        if not isinstance(data, dict) or "envelope_id" not in data:
            self.unexpected.append(raw)
            return
        ack = Ack(str(data["envelope_id"]), data.get("payload"), conn.index, time.monotonic())
        await self._changed_now(lambda: self.acks.append(ack))


def _hello(index: int) -> dict[str, Any]:
    return {
        "type": "hello",
        "num_connections": index,
        "debug_info": {"host": "applink-fake", "build_number": 1, "approximate_connection_time": 18060},
        "connection_info": {"app_id": APP_ID},
    }


@asynccontextmanager
async def running_fake_socket_mode(slack: FakeSlackApi) -> AsyncIterator[FakeSocketMode]:
    """Serve the websocket on a free port and make ``slack``'s apps.connections.open hand out its URL."""
    fake = FakeSocketMode()
    app = web.Application()
    app.router.add_get("/link", fake._link)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    slack.socket_mode_url = f"ws://127.0.0.1:{runner.addresses[0][1]}/link"
    try:
        yield fake
    finally:
        slack.socket_mode_url = ""
        for conn in fake.open_connections:
            await conn.ws.close(code=WSCloseCode.GOING_AWAY)
        await runner.cleanup()
