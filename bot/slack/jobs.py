"""The Slack work run by the JobWorkers: placeholders and hints (fast lane), briefs and answers (slow lane).

A link becomes two jobs: the fast lane posts the "Reading …" placeholder and enqueues the brief, so a slow
LLM holding every slow-lane slot never delays the placeholder. Posting is idempotent through job checkpoints:
a job run twice posts once. Slack API failures become UpstreamError so the worker retries them later; core
errors become the user's plain message in the thread.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.errors import BotError, UpstreamError
from bot.jobs import Job
from bot.models import Answer
from bot.service import BriefService
from bot.slack.blocks import (
    Block,
    answer_blocks,
    brief_blocks,
    fallback_text,
    notice_blocks,
    notice_text,
    placeholder_text,
)
from bot.store import ConversationKey

log = logging.getLogger(__name__)

PLACEHOLDER_JOB = "slack.placeholder"
BRIEF_JOB = "slack.brief"
ANSWER_JOB = "slack.answer"
NOTICE_JOB = "slack.notice"
PLATFORM = "slack"
# Slack says these when the bot may not post in a channel (chat:write.public is not requested on purpose).
NOT_IN_CHANNEL_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
NOT_IN_CHANNEL_HINT = (
    "I'm not in that channel, so I can't post the brief there. Invite me with `/invite @briefbot` and try again."
)
# Slack refusing the blocks themselves: a retry would be refused again, so the placeholder gets plain words.
BLOCKS_REJECTED_ERRORS = frozenset({"invalid_blocks", "invalid_blocks_format", "msg_too_long", "too_many_blocks"})
BLOCKS_REJECTED_TEXT = "I wrote the brief but Slack would not display it. Please try `/brief` again or tell an admin."

Handler = Callable[[Job], Awaitable[None]]


class NotInChannelError(Exception):
    """Slack refused a post because the bot is not a member of the channel."""


class BlocksRejectedError(Exception):
    """Slack refused a message's blocks (a layout bug on our side): never retried as is."""


def conversation_key(payload: Mapping[str, Any], thread: str) -> ConversationKey:
    return ConversationKey(platform=PLATFORM, workspace=payload["team"], channel=payload["channel"], thread=thread)


def unexpected_message(ref: str) -> str:
    return f"Something went wrong on my side (reference {ref}). Please try again; an admin can look it up."


class SlackJobs:
    """Job handlers bound to the core service and one Slack Web API client."""

    def __init__(self, service: BriefService, client: AsyncWebClient) -> None:
        self.service = service
        self.client = client

    def handlers(self) -> dict[str, Handler]:
        """The slow lane: jobs that wait on the fetch and the LLM."""
        return {BRIEF_JOB: self.brief, ANSWER_JOB: self.answer}

    def fast_handlers(self) -> dict[str, Handler]:
        """The fast lane: one Slack call each, never behind a slow LLM."""
        return {PLACEHOLDER_JOB: self.placeholder, NOTICE_JOB: self.notice}

    # --- brief ------------------------------------------------------------------------------------------
    async def placeholder(self, job: Job) -> None:
        """Post "Reading …" at once, then hand the slow part to the slow lane (enqueued once, by job id)."""
        placeholder = job.state.get("placeholder")
        if placeholder is None:
            placeholder = await self._post_placeholder(job.payload)
            if placeholder is None:
                return
            await self.service.jobs.checkpoint(job, "placeholder", placeholder)
        payload = {**job.payload, "placeholder": placeholder}
        await self.service.jobs.enqueue(BRIEF_JOB, payload, dedupe_key=f"slack:brief-after:{job.id}")

    async def brief(self, job: Job) -> None:
        """The brief replaces the placeholder in place (posted here only for jobs queued by older versions)."""
        payload = job.payload
        if job.state.get("posted"):
            return
        placeholder = payload.get("placeholder") or job.state.get("placeholder")
        if placeholder is None:
            placeholder = await self._post_placeholder(payload)
            if placeholder is None:
                return
            await self.service.jobs.checkpoint(job, "placeholder", placeholder)
        blocks, text = await self._render_brief(payload, thread=payload.get("thread_ts") or placeholder)
        try:
            await self._call("chat.update", channel=payload["channel"], ts=placeholder, blocks=blocks, text=text)
        except BlocksRejectedError:
            log.exception("Slack rejected the blocks of the brief of %s", payload["url"])
            blocks, text = notice_blocks(BLOCKS_REJECTED_TEXT), notice_text(BLOCKS_REJECTED_TEXT)
            await self._call("chat.update", channel=payload["channel"], ts=placeholder, blocks=blocks, text=text)
        await self.service.jobs.checkpoint(job, "posted", placeholder)

    async def _post_placeholder(self, payload: Mapping[str, Any]) -> str | None:
        """The placeholder's ts, or None when the bot may not post there (the user got a hint instead)."""
        try:
            return await self._post(payload, text=placeholder_text(payload["url"]))
        except NotInChannelError:
            await self._hint(payload.get("response_url"), NOT_IN_CHANNEL_HINT)
            return None

    async def _render_brief(self, payload: Mapping[str, Any], *, thread: str) -> tuple[list[Block], str]:
        note = payload.get("note")
        try:
            result = await self.service.brief(payload["url"])
            await self.service.attach_conversation(conversation_key(payload, thread), result)
        except BotError as exc:
            log.info("brief of %s failed: %s: %s", payload["url"], exc.kind, exc)
            return notice_blocks(exc.user_message, note=note), notice_text(exc.user_message)
        except Exception:
            message = self._log_unexpected(f"brief of {payload['url']}")
            return notice_blocks(message, note=note), notice_text(message)
        return brief_blocks(result, note=note), fallback_text(result)

    # --- answer -----------------------------------------------------------------------------------------
    async def answer(self, job: Job) -> None:
        """The answer is checkpointed before posting, so a retried post does not ask (and store) twice."""
        payload = job.payload
        if job.state.get("posted"):
            return
        if "answer" not in job.state:
            await self.service.jobs.checkpoint(job, "answer", await self._ask(payload))
        blocks, text = _answer_message(job.state["answer"])
        ts = await self._post(payload, text=text, blocks=blocks)
        await self.service.jobs.checkpoint(job, "posted", ts)

    async def _ask(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        key = conversation_key(payload, payload["thread_ts"])
        try:
            answer = await self.service.ask(key, payload["question"], asked_by=payload.get("user"))
        except BotError as exc:
            log.info("follow-up in %s failed: %s: %s", key, exc.kind, exc)
            return {"notice": exc.user_message}
        except Exception:
            return {"notice": self._log_unexpected(f"follow-up in {key}")}
        return {"answer": answer.model_dump(mode="json")}

    # --- notice -----------------------------------------------------------------------------------------
    async def notice(self, job: Job) -> None:
        """An ephemeral word for one user (no links in a shortcut's message, ...)."""
        if not job.state.get("posted"):
            await self._hint(job.payload.get("response_url"), job.payload["text"])
            await self.service.jobs.checkpoint(job, "posted", True)

    # --- Slack calls ------------------------------------------------------------------------------------
    async def _post(self, payload: Mapping[str, Any], *, text: str, blocks: list[Block] | None = None) -> str:
        params: dict[str, Any] = {"channel": payload["channel"], "text": text}
        if payload.get("thread_ts"):
            params["thread_ts"] = payload["thread_ts"]
        if blocks is not None:
            params["blocks"] = blocks
        response = await self._call("chat.postMessage", **params)
        return str(response["ts"])

    async def _call(self, method: str, **params: Any) -> Mapping[str, Any]:
        """One Web API call with our message defaults; 429s were already retried by the client."""
        if method in ("chat.postMessage", "chat.update"):
            params.update(unfurl_links=False, unfurl_media=False)
        try:
            response = await self.client.api_call(method, json=params)
        except SlackApiError as exc:
            error = str(exc.response.get("error", ""))
            if error in NOT_IN_CHANNEL_ERRORS:
                raise NotInChannelError(error) from exc
            if error in BLOCKS_REJECTED_ERRORS:
                raise BlocksRejectedError(error) from exc
            raise UpstreamError(f"slack {method} failed: {error}") from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise UpstreamError(f"slack {method} unreachable: {exc!r}") from exc
        return response.data if isinstance(response.data, dict) else {}

    async def _hint(self, response_url: str | None, text: str) -> None:
        """Ephemeral message through the interaction's response_url (only the user sees it)."""
        if not response_url:
            log.warning("cannot tell the user %r: no response_url", text)
            return
        try:
            response = await AsyncWebhookClient(response_url).send(text=text, response_type="ephemeral")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise UpstreamError(f"response_url unreachable: {exc!r}") from exc
        if response.status_code >= 500:
            raise UpstreamError(f"response_url answered {response.status_code}")

    @staticmethod
    def _log_unexpected(what: str) -> str:
        ref = secrets.token_hex(4)
        log.exception("unexpected failure in %s (ref %s)", what, ref)
        return unexpected_message(ref)


def _answer_message(stored: Mapping[str, Any]) -> tuple[list[Block], str]:
    if "notice" in stored:
        return notice_blocks(stored["notice"]), notice_text(stored["notice"])
    answer = Answer.model_validate(stored["answer"])
    return answer_blocks(answer), fallback_text(answer)
