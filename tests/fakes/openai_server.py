"""A fake OpenAI-compatible server on 127.0.0.1 (port 0) for tests: scripted replies, every request recorded.

Usage::

    from tests.fakes.openai_server import FakeOpenAI, reply_json, reply_status

    with FakeOpenAI() as fake:                      # starts a ThreadingHTTPServer in a daemon thread
        fake.queue(reply_status(429, retry_after=0.01), reply_json(brief_dict))
        engine = LLMEngine(base_url=fake.base_url, api_key="test", ...)   # base_url ends in /v1
        ...
        fake.requests[-1].body["messages"]   # every POST: .path, .body (dict), .headers (lower-case)

Replies are served in queue order; when the queue is empty, ``fake.default`` answers (a valid empty Brief
unless you set another). A reply may also be a function ``(FakeRequest) -> Reply`` to answer from the request.
Builders:

- ``reply_json(obj, *, usage=True, finish_reason="stop")``: the assistant content is ``json.dumps(obj)``
  (a wire BriefCite or AnswerCite dict, whose items cite sentence numbers); usage is 100 prompt / 20
  completion tokens, ``usage=(p, c)`` sets other figures and ``usage=False`` leaves ``usage`` out of the response.
- ``reply_text(raw)``: raw assistant content, e.g. invalid JSON.
- ``reply_refusal(text)``: ``message.refusal`` set and no content.
- ``reply_length(partial, *, usage=True)``: ``finish_reason="length"`` with truncated content.
- ``reply_status(code, *, retry_after=None)``: an HTTP error (429, 500, ...) with an OpenAI error body;
  ``retry_after`` is seconds, or a string sent as-is (e.g. an HTTP date).
- ``schema_name(request)``: the ``response_format`` schema a request asked for (``Brief``, ``BriefLede``...).
- ``reply_body(obj, *, status=200)``: any JSON body as-is (a list, a completion without ``choices``...).
- ``reply_delay(seconds, then)``: waits before answering ``then`` (use it to exceed the client timeout).

Works from sync and async tests alike (the server has its own thread). Only ``/v1/chat/completions`` answers.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

POLL_SECONDS = 0.05  # how often serve_forever checks for shutdown: keeps test teardown quick
EMPTY_BRIEF: dict[str, Any] = {
    "headline": "Nothing to report",
    "summary": "The article says little.",
    "actors": [],
    "claims": [],
    "denials": [],
    "open_questions": [],
}


@dataclass
class FakeRequest:
    path: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Reply:
    status: int = 200
    body: Any = field(default_factory=dict)  # usually a dict; any JSON value for malformed-reply tests
    headers: dict[str, str] = field(default_factory=dict)
    delay_seconds: float = 0.0


ReplySource = Reply | Callable[[FakeRequest], Reply]


Usage = bool | tuple[int, int]


def _completion(message: dict[str, Any], *, finish_reason: str, usage: Usage) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake-model",
        "choices": [{"index": 0, "finish_reason": finish_reason, "message": message, "logprobs": None}],
    }
    if usage:
        prompt, completion = usage if isinstance(usage, tuple) else (100, 20)
        body["usage"] = {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
    return body


def reply_text(raw: str, *, usage: Usage = True, finish_reason: str = "stop") -> Reply:
    message = {"role": "assistant", "content": raw, "refusal": None}
    return Reply(body=_completion(message, finish_reason=finish_reason, usage=usage))


def reply_json(obj: Any, *, usage: Usage = True, finish_reason: str = "stop") -> Reply:
    return reply_text(json.dumps(obj), usage=usage, finish_reason=finish_reason)


def reply_refusal(text: str = "I can't help with that.") -> Reply:
    message = {"role": "assistant", "content": None, "refusal": text}
    return Reply(body=_completion(message, finish_reason="stop", usage=True))


def reply_length(partial: str = '{"headline": "Cut', *, usage: Usage = True) -> Reply:
    return reply_text(partial, finish_reason="length", usage=usage)


def reply_status(code: int, *, retry_after: float | str | None = None, message: str = "fake error") -> Reply:
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = retry_after if isinstance(retry_after, str) else f"{retry_after:g}"
    body = {"error": {"message": message, "type": "fake", "param": None, "code": str(code)}}
    return Reply(status=code, body=body, headers=headers)


def schema_name(request: FakeRequest) -> str:
    return str(request.body.get("response_format", {}).get("json_schema", {}).get("name", ""))


def reply_body(obj: Any, *, status: int = 200) -> Reply:
    return Reply(status=status, body=obj)


def reply_delay(seconds: float, then: Reply) -> Reply:
    return Reply(status=then.status, body=then.body, headers=then.headers, delay_seconds=seconds)


class FakeOpenAI:
    """The server; ``base_url`` is what AsyncOpenAI(base_url=...) or OPENAI_BASE_URL should get."""

    def __init__(self, default: ReplySource | None = None) -> None:
        self.default: ReplySource = default or reply_json(EMPTY_BRIEF)
        self.requests: list[FakeRequest] = []
        self._queue: list[ReplySource] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(POLL_SECONDS,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    def queue(self, *replies: ReplySource) -> None:
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def _next_reply(self, request: FakeRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            source = self._queue.pop(0) if self._queue else self.default
        return source(request) if callable(source) else source

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(Reply(status=404, body={"error": {"message": "not found"}}))
                    return
                request = FakeRequest(
                    path=self.path, body=body, headers={k.lower(): v for k, v in self.headers.items()}
                )
                self._send(fake._next_reply(request))

            def _send(self, reply: Reply) -> None:
                if reply.delay_seconds:
                    time.sleep(reply.delay_seconds)
                data = json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing left to answer

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the stdlib's name)
                """Keep test output quiet."""

        return Handler

    def start(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class HeldReplies:
    """A reply source (``FakeOpenAI(default=HeldReplies(...))``) that holds every request until ``release()``,
    counting how many it holds at once: the server's own view of how many requests a client keeps in flight."""

    def __init__(self, then: Reply, *, hold_seconds: float = 30.0) -> None:
        self.then = then
        self.hold_seconds = hold_seconds  # a bound, so a failing test ends instead of hanging
        self.held = 0
        self.peak = 0
        self._released = threading.Event()
        self._changed = threading.Condition()

    def __call__(self, request: FakeRequest) -> Reply:
        with self._changed:
            self.held += 1
            self.peak = max(self.peak, self.held)
            self._changed.notify_all()
        self._released.wait(self.hold_seconds)
        with self._changed:
            self.held -= 1
            self._changed.notify_all()
        return self.then

    def wait_for_held(self, count: int, *, wait_seconds: float) -> bool:
        """Blocking (run it in a thread from async tests): True once `count` requests are held at once."""
        with self._changed:
            return self._changed.wait_for(lambda: self.held >= count, timeout=wait_seconds)

    def release(self) -> None:
        self._released.set()
