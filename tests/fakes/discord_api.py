"""A fake Discord REST API and gateway on 127.0.0.1 (port 0), for running the real discord.py client in tests.

Usage::

    async with FakeDiscord() as fake:             # aiohttp server; REST under /api/v10, gateway at /gateway
        settings = load_settings(discord_api_base=fake.api_base, discord_gateway_url=fake.gateway_url, ...)
        ...start the bot...
        await fake.wait_ready()                    # IDENTIFY answered with READY + GUILD_CREATE
        await fake.dispatch("INTERACTION_CREATE", fake.slash("brief", url="https://..."))
        call = await fake.wait_for("POST", "/callback")
        fake.calls                                  # every request in order: method, path, query, body, at

``reconnect()`` asks the client to RESUME (op 7) and ``invalidate_session()`` makes it IDENTIFY again (op 9),
for a second READY. ``expire_tokens`` answers interaction webhooks 401 (50027) as after Discord's 15 minutes;
``forbid_threads`` answers thread creation 403 (50013); ``reject_embeds`` answers any post with embeds
400 (50035, Invalid Form Body); ``bot_gateway_url`` is what GET /gateway/bot names.

Set ``refuse_message_content=True`` to close the gateway with 4014 when IDENTIFY asks for the privileged
message-content intent, as Discord does when the intent is not enabled for the application.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = "111"
BOT_USER = {
    "id": APP_ID,
    "username": "briefbot",
    "discriminator": "0",
    "avatar": None,
    "global_name": None,
    "bot": True,
}
USER = {"id": "500", "username": "alice", "discriminator": "0", "avatar": None, "global_name": None}
GUILD_ID = "400"
CHANNEL_ID = "300"
TIMESTAMP = "2024-01-01T00:00:00+00:00"
MESSAGE_CONTENT_INTENT = 1 << 15
TEXT_CHANNEL = {
    "id": CHANNEL_ID,
    "type": 0,
    "guild_id": GUILD_ID,
    "name": "general",
    "position": 0,
    "permission_overwrites": [],
}
VOICE_CHANNEL = {
    "id": "301",
    "type": 2,
    "guild_id": GUILD_ID,
    "name": "voice",
    "position": 1,
    "permission_overwrites": [],
    "bitrate": 64000,
    "user_limit": 0,
}
ROLE = {
    "id": GUILD_ID,
    "name": "@everyone",
    "permissions": "0",
    "position": 0,
    "color": 0,
    "hoist": False,
    "managed": False,
    "mentionable": False,
    "flags": 0,
}
MEMBER = {
    "user": USER,
    "roles": [],
    "joined_at": TIMESTAMP,
    "deaf": False,
    "mute": False,
    "permissions": "0",
    "flags": 0,
}


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    at: float


@dataclass
class FakeDiscord:
    refuse_message_content: bool = False
    expire_tokens: bool = False
    reject_bot_token: bool = False  # GET /users/@me answers 401, as Discord does for a wrong or reset token
    forbid_threads: bool = False
    reject_embeds: bool = False
    bot_gateway_url: str | None = None
    resumes: int = 0
    calls: list[Call] = field(default_factory=list)
    identifies: list[int] = field(default_factory=list)  # the intents of every IDENTIFY, in order
    threads: dict[str, dict[str, Any]] = field(default_factory=dict)
    event_times: dict[str, float] = field(default_factory=dict)  # interaction id -> when it was dispatched
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(10_000))
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _seq: int = 0
    _ready: int = 0
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None
    port: int = 0

    # --- lifecycle ------------------------------------------------------------
    async def __aenter__(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # --- waiting ------------------------------------------------------------
    async def _note(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(
        self, method: str, path_part: str, *, count: int = 1, within_seconds: float = 10.0
    ) -> list[Call]:
        """The first ``count`` calls whose method matches and whose path contains ``path_part``."""

        def found() -> list[Call]:
            return [c for c in self.calls if c.method == method and path_part in c.path]

        async with asyncio.timeout(within_seconds):
            async with self._changed:
                await self._changed.wait_for(lambda: len(found()) >= count)
        return found()[:count]

    async def wait_ready(self, *, count: int = 1, within_seconds: float = 10.0) -> None:
        async with asyncio.timeout(within_seconds):
            async with self._changed:
                await self._changed.wait_for(lambda: len(self._sockets) >= count and self._ready >= count)

    # --- gateway ------------------------------------------------------------
    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        if event == "INTERACTION_CREATE":
            self.event_times[data["id"]] = time.perf_counter()
        self._seq += 1
        await self._sockets[-1].send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45_000}}))
        async for message in ws:
            if message.type is not WSMsgType.TEXT:
                continue
            packet = json.loads(message.data)
            if packet["op"] == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif packet["op"] == 2:
                await self._identify(ws, packet["d"])
            elif packet["op"] == 6:
                await self._resume(ws)
        return ws

    async def _resume(self, ws: web.WebSocketResponse) -> None:
        self._sockets.append(ws)
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": "RESUMED", "s": self._seq, "d": {}}))
        self.resumes += 1
        await self._note()

    async def reconnect(self) -> None:
        """Op 7: the client closes this socket and RESUMEs on a new one."""
        await self._sockets[-1].send_str(json.dumps({"op": 7, "d": None}))

    async def invalidate_session(self) -> None:
        """Op 9 (not resumable): the client IDENTIFYs again and gets a second READY."""
        await self._sockets[-1].send_str(json.dumps({"op": 9, "d": False}))

    async def wait_resumed(self, *, count: int = 1, within_seconds: float = 10.0) -> None:
        async with asyncio.timeout(within_seconds):
            async with self._changed:
                await self._changed.wait_for(lambda: self.resumes >= count)

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> None:
        intents = int(data["intents"])
        self.identifies.append(intents)
        if self.refuse_message_content and intents & MESSAGE_CONTENT_INTENT:
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            await self._note()
            return
        self._sockets.append(ws)
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": GUILD_ID, "unavailable": True}],
            "session_id": "s1",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": APP_ID, "flags": 0},
            "shard": data.get("shard", [0, 1]),
        }
        self._seq += 1
        await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": self._seq, "d": ready}))
        await self.dispatch("GUILD_CREATE", self.guild())
        self._ready += 1
        await self._note()

    def guild(self) -> dict[str, Any]:
        return {
            "id": GUILD_ID,
            "name": "g",
            "owner_id": USER["id"],
            "member_count": 1,
            "unavailable": False,
            "members": [],
            "voice_states": [],
            "presences": [],
            "threads": list(self.threads.values()),
            "stickers": [],
            "emojis": [],
            "features": [],
            "joined_at": TIMESTAMP,
            "roles": [ROLE],
            "channels": [TEXT_CHANNEL, VOICE_CHANNEL],
        }

    # --- payload builders ------------------------------------------------------------
    def _interaction(
        self, data: dict[str, Any], *, channel: dict[str, Any], kind: int = 2, permissions: str = "0"
    ) -> dict[str, Any]:
        return {
            "application_id": APP_ID,
            "token": f"itok-{next(self._ids)}",
            "version": 1,
            "id": str(next(self._ids)),
            "type": kind,
            "channel_id": channel["id"],
            "guild_id": GUILD_ID,
            "channel": channel,
            "member": {**MEMBER, "permissions": permissions},
            "app_permissions": "0",
            "attachment_size_limit": 10485760,
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "data": data,
        }

    def slash(self, name: str, *, channel: dict[str, Any] | None = None, **options: str) -> dict[str, Any]:
        """An INTERACTION_CREATE payload for a chat-input command with string options."""
        opts = [{"name": k, "type": 3, "value": v} for k, v in options.items()]
        data = {"id": str(next(self._ids)), "name": name, "type": 1, "options": opts}
        return self._interaction(data, channel=channel or TEXT_CHANNEL)

    def subcommand(self, *path: str, permissions: str = "0", **options: str) -> dict[str, Any]:
        """A command in a group (``subcommand("briefbot", "settings", "set", key=…)``), by a member whose
        channel permissions are ``permissions`` (a bit field as a string; Manage Server is 32)."""
        node: list[dict[str, Any]] = [{"name": k, "type": 3, "value": v} for k, v in options.items()]
        for depth, name in enumerate(reversed(path[1:])):
            node = [{"name": name, "type": 1 if depth == 0 else 2, "options": node}]
        data = {"id": str(next(self._ids)), "name": path[0], "type": 1, "options": node}
        return self._interaction(data, channel=TEXT_CHANNEL, permissions=permissions)

    def click(self, custom_id: str, *, message: dict[str, Any]) -> dict[str, Any]:
        """A button press (INTERACTION_CREATE type 3) on ``message``."""
        payload = self._interaction({"custom_id": custom_id, "component_type": 2}, channel=TEXT_CHANNEL, kind=3)
        return {**payload, "message": message}

    def modal_submit(self, custom_id: str, values: dict[str, str]) -> dict[str, Any]:
        """A modal's submission (INTERACTION_CREATE type 5) with text inputs by custom id."""
        rows = [{"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
                for key, value in values.items()]  # fmt: skip
        return self._interaction({"custom_id": custom_id, "components": rows}, channel=TEXT_CHANNEL, kind=5)

    def message_menu(self, name: str, *, content: str) -> dict[str, Any]:
        """An INTERACTION_CREATE payload for a message context-menu command on a message with ``content``."""
        target = self.message(content=content, author=USER)
        data = {
            "id": str(next(self._ids)),
            "name": name,
            "type": 3,
            "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}},
        }
        return self._interaction(data, channel=TEXT_CHANNEL)

    def message(
        self,
        *,
        content: str,
        channel_id: str = CHANNEL_ID,
        author: dict[str, Any] = BOT_USER,
        mentions: list[dict[str, Any]] | None = None,
        embeds: list[Any] | None = None,
    ) -> dict[str, Any]:
        return {
            "id": str(next(self._ids)),
            "channel_id": channel_id,
            "guild_id": GUILD_ID,
            "author": author,
            "content": content,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": mentions or [],
            "mention_roles": [],
            "attachments": [],
            "embeds": embeds or [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }

    # --- REST ------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        if body is None and request.content_type.startswith("multipart"):
            body = await _payload_json(request)
        path = request.path.removeprefix("/api/v10")
        self.calls.append(Call(request.method, path, dict(request.query), body, time.perf_counter()))
        try:
            refused = self._refusal(request.method, path, body)
            if refused is not None:
                return _json({"code": refused[1], "message": "refused by the fake"}, status=refused[0])
            return _json(self._answer(request.method, path, body))
        finally:
            await self._note()

    def _refusal(self, method: str, path: str, body: Any) -> tuple[int, int] | None:
        """(HTTP status, Discord error code) for the failures a test switched on."""
        if self.expire_tokens and method == "POST" and path.startswith("/webhooks/"):
            return 401, 50027  # Invalid Webhook Token
        if self.reject_bot_token and path == "/users/@me":
            return 401, 0  # 401: Unauthorized
        if self.forbid_threads and method == "POST" and path.endswith("/threads"):
            return 403, 50013  # Missing Permissions
        if self.reject_embeds and method == "POST" and isinstance(body, dict) and body.get("embeds"):
            return 400, 50035  # Invalid Form Body
        return None

    def _answer(self, method: str, path: str, body: Any) -> Any:
        parts = path.strip("/").split("/")
        if path == "/users/@me":
            return BOT_USER
        if path == "/oauth2/applications/@me":
            return {
                "id": APP_ID,
                "name": "briefbot",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "k",
                "flags": 0,
                "rpc_origins": [],
                "owner": USER,
            }
        if path == "/gateway/bot":
            return {
                "url": self.bot_gateway_url or self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        if parts[0] == "applications" and parts[-1] == "commands" and method == "PUT":
            return [
                {
                    **cmd,
                    "id": str(next(self._ids)),
                    "application_id": APP_ID,
                    "version": "1",
                    "default_member_permissions": cmd.get("default_member_permissions"),
                    "dm_permission": True,
                    "nsfw": False,
                    "description": cmd.get("description", ""),
                }
                for cmd in body
            ]
        if parts[-1] == "callback":
            return {
                "interaction": {
                    "id": parts[1],
                    "type": 2,
                    "response_message_loading": True,
                    "response_message_ephemeral": False,
                },
                "resource": {"type": body["type"]},
            }
        if parts[0] == "channels" and parts[-1] == "threads":
            return self._thread(parent=parts[1], name=body["name"], message_id=parts[3])
        if parts[0] == "channels" and len(parts) == 2:
            return self.threads.get(parts[1], TEXT_CHANNEL)
        if method == "POST" and (parts[0] == "webhooks" or parts[-1] == "messages"):
            channel = parts[1] if parts[0] == "channels" else CHANNEL_ID
            return self.message(content=body.get("content") or "", channel_id=channel, embeds=body.get("embeds"))
        return {}

    def _thread(self, *, parent: str, name: str, message_id: str) -> dict[str, Any]:
        thread = {
            "id": message_id,
            "type": 11,
            "guild_id": GUILD_ID,
            "parent_id": parent,
            "name": name,
            "owner_id": APP_ID,
            "message_count": 0,
            "member_count": 1,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": TIMESTAMP,
                "locked": False,
            },
        }
        self.threads[thread["id"]] = thread
        return thread


def _json(obj: Any, status: int = 200) -> web.Response:
    # discord.py only parses bodies whose Content-Type is exactly application/json (no charset).
    return web.Response(body=json.dumps(obj).encode(), status=status, headers={"Content-Type": "application/json"})


async def _payload_json(request: web.Request) -> Any:
    reader = await request.multipart()
    async for part in reader:
        if getattr(part, "name", None) == "payload_json":
            return json.loads(await part.text())  # type: ignore[union-attr]
    return None
