"""The slow halves of the Discord commands, run as crash-safe jobs: brief links, answer follow-ups.

Each post is checkpointed in the job's state so a job run twice posts once; failures are answered in plain
words where the command was used. Imports discord and the core service; the core never imports this module.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import discord

from bot.discord.commands import PLATFORM, failure_text
from bot.discord.embeds import render_answer, render_brief, thread_name
from bot.discord.team import feedback_view
from bot.errors import BotError, ConfigError, LeaseLostError, UpstreamError
from bot.service import BriefJob, BriefService, Conversation, Job, QuestionJob, Requester, Route, job_kind

log = logging.getLogger(__name__)

THREAD_ARCHIVE_MINUTES: Literal[60, 1440, 4320, 10080] = 1440  # one day; the values Discord allows
NO_MENTIONS = discord.AllowedMentions.none()
# An interaction token lives 15 minutes; after that its webhook answers 401 (50027) or 404 (10015).
EXPIRED_TOKEN_STATUSES = (401, 404)
NO_THREAD_HERE_TEXT = (
    "I can't open a thread in this kind of channel, so follow-up questions won't work here. "
    "Run /brief in a server text channel to ask about it."
)
NO_THREAD_PERMISSION_TEXT = (
    "I couldn't open a thread for follow-up questions: I need the Create Public Threads permission here."
)


class ThreadNotOpenedError(BotError):
    """Raised when a brief's channel cannot hold threads or the bot may not create one there."""

    default_message = NO_THREAD_HERE_TEXT


class DiscordJobs:
    """The slow halves of the commands; each post is checkpointed so a job run twice posts once."""

    def __init__(self, client: discord.Client, service: BriefService) -> None:
        self.client = client
        self.service = service

    def handlers(self) -> dict[str, Callable[[Job], Awaitable[None]]]:
        return {job_kind(PLATFORM, "brief"): self.run_brief, job_kind(PLATFORM, "question"): self.run_ask}

    async def run_brief(self, job: Job) -> None:
        await self._answering_failures(job, self._run_brief)

    async def run_ask(self, job: Job) -> None:
        await self._answering_failures(job, self._run_ask)

    async def _answering_failures(self, job: Job, work: Callable[[Job], Awaitable[None]]) -> None:
        """A job failing for good must not leave "thinking…" forever: say so, with the logged reference."""
        try:
            await work(job)
        except LeaseLostError:
            raise  # another worker owns the job now
        except UpstreamError as exc:  # retried by the worker, until the last attempt
            if self.service.is_last_attempt(job):
                await self._tell_failure(job, exc)
            raise
        except Exception as exc:
            await self._tell_failure(job, exc)
            raise

    async def _tell_failure(self, job: Job, error: Exception) -> None:
        try:
            await self._post_once(job, "failed", content=failure_text(error))
        except Exception:
            log.exception("job %d: could not tell the user that it failed", job.id)

    async def _run_brief(self, job: Job) -> None:
        request = BriefJob.model_validate(job.payload)
        place = request.place
        who = Requester(platform=PLATFORM, workspace=place.workspace, channel=place.channel, user=request.requested_by)
        for index, url in enumerate(request.urls):
            if job.state.get(f"done:{index}"):
                continue
            try:
                result = await self.service.brief_for(url, who)
            except BotError as exc:
                await self._post_once(job, f"posted:{index}", content=failure_text(exc))
                await self.service.checkpoint(job, f"done:{index}", True)
                continue
            message_id = await self._post_once(
                job, f"posted:{index}", embeds=render_brief(result), view=feedback_view(result.brief_id)
            )
            thread_id = job.state.get(f"thread:{index}") or place.thread
            if not thread_id:
                try:
                    thread_id = await self._open_thread(int(place.channel), message_id, name=thread_name(result))
                except ThreadNotOpenedError as exc:
                    await self._post_once(job, f"no-thread:{index}", content=failure_text(exc))
                    await self.service.checkpoint(job, f"done:{index}", True)
                    continue
                await self.service.checkpoint(job, f"thread:{index}", thread_id)
            conversation = Conversation(workspace=place.workspace, channel=place.channel, thread=str(thread_id))
            await self.service.attach_conversation(conversation.key(PLATFORM), result)
            await self.service.checkpoint(job, f"done:{index}", True)
        if request.note:
            await self._post_once(job, "left-out", content=f"ℹ {request.note}")

    async def _run_ask(self, job: Job) -> None:
        request = QuestionJob.model_validate(job.payload)
        try:
            conversation = request.conversation
            who = Requester(platform=PLATFORM, workspace=conversation.workspace, channel=conversation.channel,
                            user=request.asked_by)  # fmt: skip
            answer = await self.service.ask_for(request.key, request.question, who)
        except BotError as exc:
            await self._post_once(job, "posted", content=failure_text(exc))
            return
        await self._post_once(job, "posted", embeds=[render_answer(answer)])

    async def _post_once(
        self,
        job: Job,
        state_key: str,
        *,
        content: str | None = None,
        embeds: list[discord.Embed] | None = None,
        view: discord.ui.View | None = None,
    ) -> str:
        if state_key in job.state:
            return str(job.state[state_key])
        started = time.perf_counter()
        try:
            message_id = await self._post(_route(job), content=content, embeds=embeds or [], view=view)
        except discord.DiscordServerError as exc:  # Discord's 5xx: the worker retries, checkpoints prevent repeats
            raise UpstreamError(f"Discord answered {exc.status} to a post") from exc
        self.service.observe_post(time.perf_counter() - started)
        await self.service.checkpoint(job, state_key, message_id)
        return message_id

    async def _post(
        self, reply: Route, *, content: str | None, embeds: list[discord.Embed], view: discord.ui.View | None = None
    ) -> str:
        extra: dict[str, Any] = {} if view is None else {"view": view}
        if reply["via"] == "interaction":
            try:
                return await self._post_to_interaction(reply, content=content, embeds=embeds, extra=extra)
            except discord.HTTPException as exc:
                if exc.status not in EXPIRED_TOKEN_STATUSES or not reply.get("channel_id"):
                    raise
                log.warning(
                    "interaction token refused (HTTP %d, code %d): older than Discord's 15 minutes? "
                    "Posting in channel %s instead",
                    exc.status,
                    exc.code,
                    reply["channel_id"],
                )
        channel = await self._channel(int(str(reply["channel_id"])))
        if not isinstance(channel, discord.abc.Messageable):
            raise ConfigError(f"channel {reply['channel_id']} cannot take messages")
        if reply.get("message_id"):  # a reply to the user's message; absent for an expired interaction
            extra["reference"] = discord.MessageReference(
                message_id=int(str(reply["message_id"])),
                channel_id=int(str(reply["channel_id"])),
                fail_if_not_exists=False,
            )
        message = await channel.send(content, embeds=embeds, allowed_mentions=NO_MENTIONS, **extra)
        return str(message.id)

    async def _post_to_interaction(
        self, reply: Route, *, content: str | None, embeds: list[discord.Embed], extra: dict[str, Any]
    ) -> str:
        webhook = discord.Webhook.partial(int(str(reply["application_id"])), str(reply["token"]), client=self.client)
        sent = await webhook.send(
            content or discord.utils.MISSING, embeds=embeds, wait=True, allowed_mentions=NO_MENTIONS, **extra
        )
        return str(sent.id)

    async def _open_thread(self, channel_id: int, message_id: str, *, name: str) -> str:
        # A thread started from a webhook message object fails ("no guild info"): start it from the channel.
        # Voice and stage chats, forums and categories hold no message threads (DMs never get here).
        channel = await self._channel(channel_id)
        if not isinstance(channel, discord.TextChannel):
            raise ThreadNotOpenedError(f"channel {channel_id} is a {type(channel).__name__}")
        try:
            thread = await channel.create_thread(
                name=name,
                message=discord.Object(id=int(message_id)),
                auto_archive_duration=THREAD_ARCHIVE_MINUTES,
            )
        except discord.Forbidden as exc:
            raise ThreadNotOpenedError(
                f"no permission to create a thread in {channel_id}", user_message=NO_THREAD_PERMISSION_TEXT
            ) from exc
        return str(thread.id)

    async def _channel(self, channel_id: int) -> Any:
        return self.client.get_channel(channel_id) or await self.client.fetch_channel(channel_id)


def _route(job: Job) -> Route:
    """Both payload kinds carry the same route: where the user asked, so that is where the answer goes."""
    route: Route = job.payload["route"]
    return route
