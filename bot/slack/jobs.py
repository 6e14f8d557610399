"""The Slack work run by the job workers: placeholders and notices (fast lane), briefs and answers (slow lane).

A link becomes two steps: the fast lane posts the "Reading …" placeholder and hands over the brief step, so a
slow LLM holding every slow-lane slot never delays the placeholder. Posting is idempotent through job
checkpoints: a job run twice posts once. Slack API failures become UpstreamError so the worker retries them
later; core errors become the user's plain message in the thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.errors import BotError, UpstreamError
from bot.models import Answer
from bot.service import (
    BriefJob,
    BriefService,
    Conversation,
    Job,
    NoticeJob,
    QuestionJob,
    Requester,
    job_kind,
    log_unexpected,
)
from bot.slack.blocks import (
    Block,
    answer_blocks,
    brief_blocks,
    fallback_text,
    notice_blocks,
    notice_text,
    placeholder_text,
    stage_text,
)
from bot.slack.progress import EditBudget, StageEdits

log = logging.getLogger(__name__)

PLATFORM: Final = "slack"
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


class SlackJobs:
    """Job handlers bound to the core service and one Slack Web API client."""

    def __init__(self, service: BriefService, client: AsyncWebClient) -> None:
        self.service = service
        self.client = client
        self._edit_budgets: dict[str, EditBudget] = {}  # per workspace: stage edits give way to briefs

    def handlers(self) -> dict[str, Handler]:
        """The slow lane: jobs that wait on the fetch and the LLM."""
        return {job_kind(PLATFORM, "brief"): self.brief, job_kind(PLATFORM, "question"): self.answer}

    def fast_handlers(self) -> dict[str, Handler]:
        """The fast lane: one Slack call each, never behind a slow LLM."""
        return {job_kind(PLATFORM, "announce"): self.placeholder, job_kind(PLATFORM, "notice"): self.notice}

    # --- brief ------------------------------------------------------------------------------------------
    async def placeholder(self, job: Job) -> None:
        """Post "Reading …" at once, then hand the slow part to the slow lane (enqueued once, by job id)."""
        request = BriefJob.model_validate(job.payload)
        placeholder = job.state.get("placeholder")
        if placeholder is None:
            placeholder = await self._post_placeholder(request)
            if placeholder is None:
                return
            job.state["placeholder"] = placeholder  # recorded by the hand-over, in the same transaction
        handed_over = request.model_copy(update={"route": {**request.route, "placeholder": placeholder}})
        await self.service.hand_over_brief(job, handed_over, dedupe_key=f"slack:brief-after:{job.id}")

    async def brief(self, job: Job) -> None:
        """The brief replaces the placeholder in place (posting one first if the announce step was skipped)."""
        request = BriefJob.model_validate(job.payload)
        if job.state.get("posted"):
            return
        placeholder = request.route.get("placeholder") or job.state.get("placeholder")
        if placeholder is None:
            placeholder = await self._post_placeholder(request)
            if placeholder is None:
                return
            await self.service.checkpoint(job, "placeholder", placeholder)
        channel = request.place.channel
        url = request.urls[0]
        budget = self._edit_budgets.setdefault(request.place.workspace, EditBudget())
        edits = StageEdits(lambda text: self._edit_stage(channel, placeholder, text), budget=budget)
        try:
            blocks, text = await self._render_brief(
                request,
                thread=request.place.thread or placeholder,
                progress=lambda stage: edits.stage(stage_text(stage, url)),
            )
        finally:
            await edits.close()
        started = time.perf_counter()
        budget.spend()
        try:
            await self._call("chat.update", channel=channel, ts=placeholder, blocks=blocks, text=text)
            self.service.observe_post(time.perf_counter() - started)
        except BlocksRejectedError:
            log.exception("Slack rejected the blocks of the brief of %s", request.urls[0])
            blocks, text = notice_blocks(BLOCKS_REJECTED_TEXT), notice_text(BLOCKS_REJECTED_TEXT)
            await self._call("chat.update", channel=channel, ts=placeholder, blocks=blocks, text=text)
        # Recorded with the job's completion, not a write of its own: should that write be lost, the rerun
        # updates the same message with the same (by then cached) brief, which the user cannot tell apart.
        job.state["posted"] = placeholder

    async def _post_placeholder(self, request: BriefJob) -> str | None:
        """The placeholder's ts, or None when the bot may not post there (the user got a hint instead)."""
        try:
            return await self._post(request.place.channel, request.place.thread, text=placeholder_text(request.urls[0]))
        except NotInChannelError:
            await self._hint(request.route.get("response_url"), NOT_IN_CHANNEL_HINT)
            return None

    async def _edit_stage(self, channel: str, ts: str, text: str) -> None:
        """A stage edit is a courtesy: if Slack fails it, the brief still replaces the placeholder."""
        try:
            await self._call("chat.update", channel=channel, ts=ts, text=text)
        except UpstreamError as exc:
            log.warning("stage edit of %s failed: %s", ts, exc)

    async def _render_brief(
        self, request: BriefJob, *, thread: str, progress: Callable[[str], None]
    ) -> tuple[list[Block], str]:
        url = request.urls[0]
        note = request.note
        try:
            place = request.place
            who = Requester(platform=PLATFORM, workspace=place.workspace, channel=place.channel,
                            user=request.requested_by)  # fmt: skip
            result = await self.service.brief_for(url, who, progress=progress)
            conversation = Conversation(workspace=request.place.workspace, channel=request.place.channel, thread=thread)
            await self.service.attach_conversation(conversation.key(PLATFORM), result)
        except BotError as exc:
            log.info("brief of %s failed: %s: %s", url, exc.kind, exc)
            return notice_blocks(exc.user_message, note=note), notice_text(exc.user_message)
        except Exception:
            message = log_unexpected(log, f"brief of {url}")
            return notice_blocks(message, note=note), notice_text(message)
        return brief_blocks(result, note=note), fallback_text(result)

    # --- answer -----------------------------------------------------------------------------------------
    async def answer(self, job: Job) -> None:
        """The answer is checkpointed before posting, so a retried post does not ask (and store) twice."""
        request = QuestionJob.model_validate(job.payload)
        if job.state.get("posted"):
            return
        if "answer" not in job.state:
            await self.service.checkpoint(job, "answer", await self._ask(request))
        blocks, text = _answer_message(job.state["answer"])
        conversation = request.conversation
        ts = await self._post(conversation.channel, conversation.thread, text=text, blocks=blocks)
        await self.service.checkpoint(job, "posted", ts)

    async def _ask(self, request: QuestionJob) -> dict[str, Any]:
        try:
            conversation = request.conversation
            who = Requester(platform=PLATFORM, workspace=conversation.workspace, channel=conversation.channel,
                            user=request.asked_by)  # fmt: skip
            answer = await self.service.ask_for(request.key, request.question, who)
        except BotError as exc:
            log.info("follow-up in %s failed: %s: %s", request.key, exc.kind, exc)
            return {"notice": exc.user_message}
        except Exception:
            return {"notice": log_unexpected(log, f"follow-up in {request.key}")}
        return {"answer": answer.model_dump(mode="json")}

    # --- notice -----------------------------------------------------------------------------------------
    async def notice(self, job: Job) -> None:
        """An ephemeral word for one user (no links in a shortcut's message, ...)."""
        request = NoticeJob.model_validate(job.payload)
        if not job.state.get("posted"):
            await self._hint(request.route.get("response_url"), request.text)
            await self.service.checkpoint(job, "posted", True)

    # --- Slack calls ------------------------------------------------------------------------------------
    async def _post(self, channel: str, thread: str | None, *, text: str, blocks: list[Block] | None = None) -> str:
        params: dict[str, Any] = {"channel": channel, "text": text}
        if thread:
            params["thread_ts"] = thread
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


def _answer_message(stored: Mapping[str, Any]) -> tuple[list[Block], str]:
    if "notice" in stored:
        return notice_blocks(stored["notice"]), notice_text(stored["notice"])
    answer = Answer.model_validate(stored["answer"])
    return answer_blocks(answer), fallback_text(answer)
