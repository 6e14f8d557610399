"""A fake web site on loopback for tests: register paths and the exact bytes to answer with.

It is a tiny raw HTTP/1.1 server (asyncio streams), so a test controls every header, including none at all
(no Content-Type, a lying Content-Length, Content-Encoding on pre-compressed bytes) and can trickle a body.

    async with FakeSite() as site:                       # 127.0.0.1, a free port
        site.route("/a", body="<html>…</html>")          # text/html; charset=utf-8 by default
        site.route("/img", body=png_bytes, content_type="image/png")
        site.redirect("/old", "/a")                      # 302 with Location
        url = site.url("/a")                             # http://127.0.0.1:PORT/a
        ...
        assert site.paths == ["/a"]                      # every request it received, in order

`FakeSite(host="127.0.0.2")` serves on another loopback address (Linux routes all of 127/8 to lo).
Unknown paths answer 404. Requests in absolute form (through a proxy) are routed by their path.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 404: "Not Found", 500: "Internal Server Error"}
HEADER_LIMIT_BYTES = 64 * 1024


@dataclass
class Route:
    """What one path answers: status, headers (sent exactly, in order) and body bytes."""

    status: int = 200
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    trickle_seconds: float = 0.0  # pause before each body byte; 0 sends the body at once
    send_length: bool = True  # add Content-Length unless a header already sets it


@dataclass(frozen=True)
class Received:
    """One request the site got: method, target as sent (path or absolute URL), lowercased headers."""

    method: str
    target: str
    headers: dict[str, str]

    @property
    def path(self) -> str:
        if self.target.startswith(("http://", "https://")):
            parts = urlsplit(self.target)
            return parts.path + (f"?{parts.query}" if parts.query else "")
        return self.target


class FakeSite:
    """An async context manager serving registered routes on ``host`` at a free port."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.routes: dict[str, Route] = {}
        self.requests: list[Received] = []
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    @property
    def paths(self) -> list[str]:
        return [received.path for received in self.requests]

    def route(
        self,
        path: str,
        *,
        body: bytes | str = b"",
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        trickle_seconds: float = 0.0,
        send_length: bool = True,
    ) -> Route:
        """Register ``path``; a str body is sent as UTF-8; ``content_type=None`` sends no Content-Type."""
        raw = body.encode("utf-8") if isinstance(body, str) else body
        pairs = [("Content-Type", content_type)] if content_type is not None else []
        pairs += list((headers or {}).items())
        self.routes[path] = Route(status, raw, pairs, trickle_seconds, send_length)
        return self.routes[path]

    def redirect(self, path: str, location: str, *, status: int = 302) -> Route:
        return self.route(path, status=status, content_type=None, headers={"Location": location})

    async def __aenter__(self) -> FakeSite:
        self._server = await asyncio.start_server(self._on_connect, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()  # handlers then end on their own (read or drain fails)
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _on_connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._writers.add(writer)
        try:
            await self._serve_one(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away (e.g. the fetcher stopped at its cap); nothing to answer
        finally:
            self._tasks.discard(task)
            self._writers.discard(writer)
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    async def _serve_one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        first = await reader.readexactly(1)
        if not first.isalpha():  # e.g. a TLS ClientHello: answer in plain HTTP, as a real plain server would
            await _answer(writer, Route(400, b"plain HTTP only", [("Content-Type", "text/plain")]))
            return
        head = first + await reader.readuntil(b"\r\n\r\n")
        if len(head) > HEADER_LIMIT_BYTES:
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        received = Received(method, target, headers)
        self.requests.append(received)
        route = self.routes.get(received.path) or Route(404, b"not found", [("Content-Type", "text/plain")])
        await _answer(writer, route)


async def _answer(writer: asyncio.StreamWriter, route: Route) -> None:
    pairs = list(route.headers)
    if route.send_length and not any(name.lower() == "content-length" for name, _ in pairs):
        pairs.append(("Content-Length", str(len(route.body))))
    pairs.append(("Connection", "close"))
    status_line = f"HTTP/1.1 {route.status} {REASONS.get(route.status, 'Status')}\r\n"
    head = status_line + "".join(f"{name}: {value}\r\n" for name, value in pairs) + "\r\n"
    writer.write(head.encode("latin-1"))
    if route.trickle_seconds <= 0:
        writer.write(route.body)
        await writer.drain()
        return
    for index in range(len(route.body)):
        await asyncio.sleep(route.trickle_seconds)
        writer.write(route.body[index : index + 1])
        await writer.drain()
