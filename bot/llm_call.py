"""One structured chat call to an OpenAI-compatible server: retries, one corrective re-ask, typed errors.

The home of the ``openai`` package: its errors never leave this module raw. No platform imports.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import openai
import pydantic
from openai.types.chat import ChatCompletionMessageParam, ParsedChatCompletion
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_exponential_jitter

from bot.errors import LLMOutputError, LLMRefusalError, LLMUnavailableError
from bot.models import TokenUsage
from bot.prompts import Prompt

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


class _BadOutputError(Exception):
    """The reply parsed badly; ``content`` is the model's raw text, sent back in the corrective re-ask."""

    def __init__(self, detail: str, *, content: str) -> None:
        super().__init__(detail)
        self.content = content


@dataclass(frozen=True)
class ChatReply(Generic[T]):
    """``usage`` is None when the server did not report it (on any of the calls that made this reply)."""

    parsed: T
    usage: TokenUsage | None
    calls: int


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after")
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None  # an HTTP date: rare from LLM servers; our own backoff applies
    return seconds if seconds is not None and math.isfinite(seconds) and seconds >= 0 else None


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


def _add_usage(total: TokenUsage | None, completion: ParsedChatCompletion[Any]) -> TokenUsage | None:
    if total is None or completion.usage is None:
        return None
    return TokenUsage(
        prompt=total.prompt + completion.usage.prompt_tokens,
        completion=total.completion + completion.usage.completion_tokens,
    )


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
    ) -> None:
        self._client = client
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
        """One call; on invalid output, one re-ask carrying the bad answer and the error, then give up."""
        history = list(messages)
        usage: TokenUsage | None = TokenUsage()
        for attempt in (1, 2):
            completion_or_error = await self._send_and_parse(history, schema)
            if isinstance(completion_or_error, _BadOutputError):
                bad = completion_or_error
                log.debug("LLM output invalid (attempt %d): %s", attempt, bad)
                error_text = str(bad)[:MAX_ERROR_CHARS]
                history += [
                    {"role": "assistant", "content": bad.content},
                    {"role": "user", "content": reask.render(error=error_text)},
                ]
                continue
            usage = _add_usage(usage, completion_or_error)
            return ChatReply(parsed=self._parsed(completion_or_error), usage=usage, calls=attempt)
        raise LLMOutputError(f"LLM output still invalid after a corrective re-ask: {error_text}")

    def _parsed(self, completion: ParsedChatCompletion[T]) -> T:
        message = completion.choices[0].message
        if message.refusal:
            raise LLMRefusalError(f"model refused: {message.refusal[:200]}")
        if message.parsed is None:
            raise LLMOutputError("LLM reply had no content")
        return message.parsed

    async def _send_and_parse(
        self, messages: list[ChatCompletionMessageParam], schema: type[T]
    ) -> ParsedChatCompletion[T] | _BadOutputError:
        raw = await self._send(messages, schema)
        try:
            parsed: ParsedChatCompletion[T] = raw.parse()
            return parsed
        except openai.LengthFinishReasonError as exc:
            raise LLMOutputError("LLM output was cut off at the completion token limit") from exc
        except openai.ContentFilterFinishReasonError as exc:
            raise LLMRefusalError("LLM output was stopped by the provider's content filter") from exc
        except pydantic.ValidationError as exc:
            return _BadOutputError(_short_validation_error(exc), content=_raw_content(raw.text))

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
            raise LLMUnavailableError(
                f"LLM unavailable after {self._max_retries + 1} attempts: {exc}"
            ) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")

    async def _post(self, messages: list[ChatCompletionMessageParam], schema: type[T]) -> Any:
        log.debug("LLM request: model=%s messages=%d schema=%s", self._model, len(messages), schema.__name__)
        try:
            return await self._client.chat.completions.with_raw_response.parse(
                model=self._model,
                messages=messages,
                response_format=schema,
                max_completion_tokens=self._max_completion_tokens,
            )
        except openai.OpenAIError as exc:
            mapped = _classify(exc)
            log.debug("LLM request failed: %s", mapped)
            raise mapped from exc


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
