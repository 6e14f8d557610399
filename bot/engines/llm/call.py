"""One structured chat call to an OpenAI-compatible server: retries, one corrective re-ask, typed errors.

The home of the ``openai`` package: its errors never leave this module raw. No platform imports.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

import openai
import pydantic
from openai._constants import RAW_RESPONSE_HEADER
from openai.lib._parsing import parse_chat_completion, type_to_response_format_param
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam, ParsedChatCompletion
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_exponential_jitter

from bot.engines.llm.limits import LLMLimits, estimate_tokens
from bot.engines.llm.prompts import Prompt
from bot.engines.tokens import count_tokens
from bot.errors import LLMOutputError, LLMRefusalError, LLMUnavailableError
from bot.models import TokenUsage

log = logging.getLogger(__name__)

T = TypeVar("T", bound=pydantic.BaseModel)
MAX_RETRY_AFTER_SECONDS = 30.0  # a server asking for a longer pause is as good as down for a chat reply
MAX_BACKOFF_SECONDS = 8.0
RETRYABLE_STATUS = frozenset({408, 409, 429})
MAX_ERROR_CHARS = 600  # enough of a validation error for the model to fix its output


class _TransientError(Exception):
    """A failure worth retrying; ``retry_after_seconds`` is the server's own hint, when it gave one."""

    def __init__(self, detail: str, *, retry_after_seconds: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds


@dataclass(frozen=True)
class CallUsage:
    """Tokens spent over one or more requests; ``estimated`` when a server left usage out and we counted."""

    prompt: int = 0
    completion: int = 0
    estimated: bool = False

    def __add__(self, other: CallUsage) -> CallUsage:
        return CallUsage(
            prompt=self.prompt + other.prompt,
            completion=self.completion + other.completion,
            estimated=self.estimated or other.estimated,
        )

    def as_tokens(self) -> TokenUsage:
        return TokenUsage(prompt=self.prompt, completion=self.completion)


@dataclass(frozen=True)
class ChatReply(Generic[T]):
    """``usage`` sums every request that made this reply, the corrective re-ask included."""

    parsed: T
    usage: CallUsage
    calls: int


class LLMTruncatedError(LLMOutputError):
    """Raised when a reply was cut off at the completion token limit; ``usage`` is what it cost anyway,
    so a caller that retries with smaller parts can still count it."""

    def __init__(self, detail: str, *, usage: CallUsage) -> None:
        super().__init__(detail)
        self.usage = usage


def _retry_after(exc: openai.APIStatusError) -> float | None:
    """Seconds from ``retry-after-ms``, ``retry-after`` seconds or an HTTP date (RFC 9110); None if absent."""
    headers = exc.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        seconds = _seconds_from_header(value.strip())
        if seconds is not None:
            return seconds * scale
    return None


def _seconds_from_header(value: str) -> float | None:
    seconds: float | None
    try:
        seconds = float(value)
    except ValueError:
        seconds = _seconds_until_http_date(value)
    return seconds if seconds is not None and math.isfinite(seconds) and seconds >= 0 else None


def _seconds_until_http_date(value: str) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; an obsolete form may parse naive
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _classify(exc: openai.OpenAIError) -> Exception:
    """Map an openai error to a retryable _TransientError or a final LLMUnavailableError."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return _TransientError(f"{type(exc).__name__}: {exc}")
    if isinstance(exc, openai.APIStatusError):
        detail = f"HTTP {exc.status_code} from the LLM server"
        if exc.status_code in RETRYABLE_STATUS or exc.status_code >= 500:
            return _TransientError(detail, retry_after_seconds=_retry_after(exc))
        return LLMUnavailableError(f"{detail}: {exc.message}")
    return LLMUnavailableError(f"{type(exc).__name__}: {exc}")


def _reported_usage(body: str) -> CallUsage | None:
    """Usage as the server reported it in the raw body; read from the body so a reply that fails to parse
    (invalid JSON, cut off) is counted too."""
    try:
        usage = json.loads(body)["usage"]
        return CallUsage(prompt=int(usage["prompt_tokens"]), completion=int(usage["completion_tokens"]))
    except (ValueError, KeyError, TypeError):
        return None


@lru_cache(maxsize=8)
def schema_text(schema: type[pydantic.BaseModel]) -> str:
    """The strict schema the SDK sends as ``response_format``: it costs prompt tokens too."""
    return json.dumps(openai.pydantic_function_tool(schema)["function"]["parameters"], separators=(",", ":"))


class StructuredChat:
    """Sends messages and returns the reply parsed into a pydantic model under strict structured outputs."""

    def __init__(
        self,
        *,
        client: openai.AsyncOpenAI,
        model: str,
        max_retries: int,
        max_completion_tokens: int,
        backoff_seconds: float,
        limits: LLMLimits | None = None,
    ) -> None:
        self._client = client
        self._limits = limits or LLMLimits()
        self._model = model
        self._max_retries = max_retries
        self._max_completion_tokens = max_completion_tokens
        self._backoff = wait_exponential_jitter(
            multiplier=backoff_seconds, max=MAX_BACKOFF_SECONDS, jitter=backoff_seconds
        )

    def _wait_seconds(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hint = exc.retry_after_seconds if isinstance(exc, _TransientError) else None
        return min(hint, MAX_RETRY_AFTER_SECONDS) if hint is not None else float(self._backoff(state))

    async def ask(
        self, messages: Sequence[ChatCompletionMessageParam], schema: type[T], *, reask: Prompt
    ) -> ChatReply[T]:
        """One call; on invalid output, one re-ask carrying the bad answer and the error, then give up.

        A reply cut off at the token limit raises LLMTruncatedError at once: re-asking the same prompt
        would be cut off again, so the caller decides how to make the output shorter."""
        history = list(messages)
        usage = CallUsage()
        error_text = ""
        for attempt in (1, 2):
            raw = await self._send(history, schema)
            content = _raw_content(raw.text)
            usage += await self._usage(raw.text, history, schema=schema, content=content)
            _require_completion_shape(raw.text)
            try:
                completion: ParsedChatCompletion[T] = parse_chat_completion(
                    response_format=schema, input_tools=[], chat_completion=raw.parse()
                )
            except openai.LengthFinishReasonError as exc:
                raise LLMTruncatedError("LLM output was cut off at the completion token limit", usage=usage) from exc
            except openai.ContentFilterFinishReasonError as exc:
                raise LLMRefusalError("LLM output was stopped by the provider's content filter") from exc
            except pydantic.ValidationError as exc:
                error_text = _short_validation_error(exc)[:MAX_ERROR_CHARS]
                log.debug("LLM output invalid (attempt %d): %s", attempt, error_text)
                history += [
                    {"role": "assistant", "content": content},
                    {"role": "user", "content": reask.render(error=error_text)},
                ]
                continue
            return ChatReply(parsed=self._parsed(completion), usage=usage, calls=attempt)
        raise LLMOutputError(f"LLM output still invalid after a corrective re-ask: {error_text}")

    async def _usage(
        self,
        body: str,
        messages: Sequence[ChatCompletionMessageParam],
        *,
        schema: type[pydantic.BaseModel],
        content: str,
    ) -> CallUsage:
        """The server's figures, or our own count of what was sent and received, marked as an estimate."""
        reported = _reported_usage(body)
        if reported is not None:
            return reported
        sent = "\n".join([schema_text(schema), *(str(m.get("content") or "") for m in messages)])
        prompt = await asyncio.to_thread(count_tokens, sent, model=self._model)
        completion = await asyncio.to_thread(count_tokens, content, model=self._model)
        return CallUsage(prompt=prompt.n, completion=completion.n, estimated=True)

    def _parsed(self, completion: ParsedChatCompletion[T]) -> T:
        message = completion.choices[0].message
        if message.refusal:
            raise LLMRefusalError(f"model refused: {message.refusal[:200]}")
        if message.parsed is None:
            raise LLMOutputError("LLM reply had no content")
        return message.parsed

    async def _send(self, messages: list[ChatCompletionMessageParam], schema: type[T]) -> Any:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._max_retries + 1),
            wait=self._wait_seconds,
            retry=retry_if_exception_type(_TransientError),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._post(messages, schema)
        except _TransientError as exc:
            raise LLMUnavailableError(f"LLM unavailable after {self._max_retries + 1} attempts: {exc}") from exc
        raise AssertionError("unreachable: tenacity either returns or raises")

    async def _post(self, messages: list[ChatCompletionMessageParam], schema: type[T]) -> Any:
        log.debug("LLM request: model=%s messages=%d schema=%s", self._model, len(messages), schema.__name__)
        texts = [str(m.get("content") or "") for m in messages]
        tokens = estimate_tokens(texts, completion_tokens=self._max_completion_tokens)
        try:
            async with self._limits.slot(tokens):
                # The SDK's own POST, as ``chat.completions.with_raw_response.create`` ends in, without its
                # walk over every parameter (the messages and the whole JSON schema) to transform them: ours
                # are plain JSON already, and that walk cost more event-loop time than sending the request.
                return await self._client.post(
                    "/chat/completions",
                    cast_to=ChatCompletion,
                    body={
                        "model": self._model,
                        "messages": messages,
                        "response_format": _wire_format(schema),
                        "max_completion_tokens": self._max_completion_tokens,
                    },
                    options={"headers": _RAW_RESPONSE},
                )
        except openai.OpenAIError as exc:
            mapped = _classify(exc)
            hint = mapped.retry_after_seconds if isinstance(mapped, _TransientError) else None
            if isinstance(exc, openai.RateLimitError) and hint is not None:
                self._limits.pause(hint)  # every request of the process waits, not just this one
            log.debug("LLM request failed: %s", mapped)
            raise mapped from exc


_RAW_RESPONSE = {RAW_RESPONSE_HEADER: "true"}  # what ``with_raw_response`` sets: the body comes back unparsed


def prepare_wire_formats(*schemas: type[pydantic.BaseModel]) -> None:
    """Build (and cache) the response formats of these schemas now, at start-up, not in a user's first brief."""
    for schema in schemas:
        _wire_format(schema)


@lru_cache(maxsize=16)
def _wire_format(schema: type[pydantic.BaseModel]) -> Any:
    """The strict JSON schema the SDK's ``parse()`` would build from ``schema``, built once per schema: making it
    costs milliseconds of event-loop time, which fifty briefs at once would otherwise pay fifty times."""
    return type_to_response_format_param(schema)


def _require_completion_shape(body: str) -> None:
    """A 200 that is not a chat completion (no ``choices``, an empty list, a list body, a choice without a
    message) is an LLMOutputError, so ``auto`` falls back, instead of an IndexError deep in the SDK."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise LLMOutputError(f"LLM server sent a body that is not JSON: {body[:80]!r}") from exc
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices:
        raise LLMOutputError(f"LLM server sent a reply without choices: {body[:120]!r}")
    first = choices[0]
    if not isinstance(first, dict) or not isinstance(first.get("message"), dict):
        raise LLMOutputError(f"LLM server sent a choice without a message: {body[:120]!r}")
    content = first["message"].get("content")
    if content is not None and not isinstance(content, str):
        raise LLMOutputError(f"LLM server sent message content that is not text: {body[:120]!r}")


def _short_validation_error(exc: pydantic.ValidationError) -> str:
    parts = [f"{'.'.join(str(p) for p in err['loc']) or 'reply'}: {err['msg']}" for err in exc.errors()[:5]]
    return "; ".join(parts)


def _raw_content(body: str) -> str:
    """The assistant text inside a raw completion body (what the model actually wrote)."""
    try:
        content = json.loads(body)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        return body[:MAX_ERROR_CHARS]
    return content if isinstance(content, str) else ""
