"""The Discord bot process: client, intents, endpoint overrides, the jobs that post briefs, and run_discord.

Imports discord and the core service; the core never imports this module.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import discord
import yarl

from bot.config import Settings
from bot.discord.commands import (
    ASK_JOB,
    BRIEF_JOB,
    AutoBriefToggles,
    BriefCommandTree,
    DiscordActions,
    StoreAutoBriefToggles,
    failure_text,
    find_links,
    key_from_payload,
    key_payload,
    message_reply,
    register_commands,
    thread_key,
)
from bot.discord.embeds import render_answer, render_brief, thread_name
from bot.errors import BotError, ConfigError, UpstreamError
from bot.jobs import STOP_GRACE_SECONDS, Job, JobWorker
from bot.service import BriefService, build_service
from bot.store import ConversationKey

log = logging.getLogger(__name__)

DISCORD_API_BASE_DEFAULT = "https://discord.com/api/v10"
DISCORD_GATEWAY_DEFAULT = "wss://gateway.discord.gg/"
THREAD_ARCHIVE_MINUTES: Literal[60, 1440, 4320, 10080] = 1440  # one day; the values Discord allows
NO_MENTIONS = discord.AllowedMentions.none()
NO_TOKEN_TEXT = "Set DISCORD_BOT_TOKEN to run the Discord bot."
_API_VERSION = re.compile(r"/api/v\d+/?$")
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


def apply_endpoint_overrides(settings: Settings) -> None:
    """discord.py has no option for its endpoints, only these class attributes (hence the 2.7.1 pin)."""
    base = (settings.discord_api_base or DISCORD_API_BASE_DEFAULT).rstrip("/")
    if not _API_VERSION.search(base):
        base += "/api/v10"
    discord.http.Route.BASE = base
    gateway = settings.discord_gateway_url or DISCORD_GATEWAY_DEFAULT
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)


def build_intents(*, message_content: bool) -> discord.Intents:
    """Guilds and guild messages are not privileged: enough for commands, threads and mentions of the bot."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = message_content
    return intents


class DiscordJobs:
    """The slow halves of the commands; each post is checkpointed so a job run twice posts once."""

    def __init__(self, client: discord.Client, service: BriefService) -> None:
        self.client = client
        self.service = service

    async def run_brief(self, job: Job) -> None:
        await self._answering_failures(job, self._run_brief)

    async def run_ask(self, job: Job) -> None:
        await self._answering_failures(job, self._run_ask)

    async def _answering_failures(self, job: Job, work: Callable[[Job], Awaitable[None]]) -> None:
        """A job failing for good must not leave "thinking…" forever: say so, with the logged reference."""
        try:
            await work(job)
        except UpstreamError:
            raise  # the worker retries it
        except Exception as exc:
            try:
                await self._post_once(job, "failed", content=failure_text(exc))
            except Exception:
                log.exception("job %d: could not tell the user that it failed", job.id)
            raise

    async def _run_brief(self, job: Job) -> None:
        for index, url in enumerate(job.payload["urls"]):
            if job.state.get(f"done:{index}"):
                continue
            try:
                result = await self.service.brief(url)
            except BotError as exc:
                await self._post_once(job, f"posted:{index}", content=failure_text(exc))
                await self.service.jobs.checkpoint(job, f"done:{index}", True)
                continue
            message_id = await self._post_once(job, f"posted:{index}", embeds=render_brief(result))
            target = job.payload["target"]
            thread_id = job.state.get(f"thread:{index}") or target.get("thread_id")
            if not thread_id:
                try:
                    thread_id = await self._open_thread(
                        int(target["channel_id"]), message_id, name=thread_name(result)
                    )
                except ThreadNotOpenedError as exc:
                    await self._post_once(job, f"no-thread:{index}", content=failure_text(exc))
                    await self.service.jobs.checkpoint(job, f"done:{index}", True)
                    continue
                await self.service.jobs.checkpoint(job, f"thread:{index}", thread_id)
            key = ConversationKey(
                platform="discord",
                workspace=target["guild_id"],
                channel=target["channel_id"],
                thread=str(thread_id),
            )
            await self.service.attach_conversation(key, result)
            await self.service.jobs.checkpoint(job, f"done:{index}", True)
        left_out = int(job.payload.get("left_out", 0))
        if left_out:
            shown = len(job.payload["urls"])
            note = f"ℹ I briefed the first {shown} links of that message; {left_out} more were left out."
            await self._post_once(job, "left-out", content=note)

    async def _run_ask(self, job: Job) -> None:
        payload = job.payload
        try:
            answer = await self.service.ask(
                key_from_payload(payload["key"]), payload["question"], asked_by=payload.get("asked_by")
            )
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
    ) -> str:
        if state_key in job.state:
            return str(job.state[state_key])
        try:
            message_id = await self._post(job.payload["reply"], content=content, embeds=embeds or [])
        except (
            discord.DiscordServerError
        ) as exc:  # Discord's 5xx: the worker retries, checkpoints prevent repeats
            raise UpstreamError(f"Discord answered {exc.status} to a post") from exc
        await self.service.jobs.checkpoint(job, state_key, message_id)
        return message_id

    async def _post(self, reply: dict[str, Any], *, content: str | None, embeds: list[discord.Embed]) -> str:
        if reply["via"] == "interaction":
            try:
                return await self._post_to_interaction(reply, content=content, embeds=embeds)
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
        channel = await self._channel(int(reply["channel_id"]))
        if not isinstance(channel, discord.abc.Messageable):
            raise ConfigError(f"channel {reply['channel_id']} cannot take messages")
        extra: dict[str, Any] = {}
        if reply.get("message_id"):  # a reply to the user's message; absent for an expired interaction
            extra["reference"] = discord.MessageReference(
                message_id=int(reply["message_id"]),
                channel_id=int(reply["channel_id"]),
                fail_if_not_exists=False,
            )
        message = await channel.send(content, embeds=embeds, allowed_mentions=NO_MENTIONS, **extra)
        return str(message.id)

    async def _post_to_interaction(
        self, reply: dict[str, Any], *, content: str | None, embeds: list[discord.Embed]
    ) -> str:
        webhook = discord.Webhook.partial(int(reply["application_id"]), reply["token"], client=self.client)
        sent = await webhook.send(
            content or discord.utils.MISSING, embeds=embeds, wait=True, allowed_mentions=NO_MENTIONS
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


class BriefBot(discord.AutoShardedClient):
    """Auto-sharded so one process serves large bots; slash commands need no privileged intents."""

    def __init__(
        self,
        settings: Settings,
        service: BriefService,
        *,
        message_content: bool,
        toggles: AutoBriefToggles,
        stop_grace_seconds: float = STOP_GRACE_SECONDS,
    ) -> None:
        super().__init__(intents=build_intents(message_content=message_content), allowed_mentions=NO_MENTIONS)
        self.settings = settings
        self.service = service
        self.toggles = toggles
        self.tree = BriefCommandTree(self)
        jobs = DiscordJobs(self, service)
        self.worker = JobWorker(
            service.jobs,
            {BRIEF_JOB: jobs.run_brief, ASK_JOB: jobs.run_ask},
            worker_id=f"discord-{os.getpid()}",
            concurrency=settings.worker_concurrency,
            stop_grace_seconds=stop_grace_seconds,
        )
        self.actions = DiscordActions(
            service=service, wake=self.worker.wake, toggles=toggles, max_links=settings.max_links_per_message
        )
        register_commands(self.tree, self.actions)
        self._worker_started = False

    async def setup_hook(self) -> None:
        """Runs once per login, not on every reconnect's on_ready."""
        if self.settings.discord_gateway_url and self.shard_count is None:
            # Otherwise the sharded client takes its gateway URL from GET /gateway/bot, ignoring the override.
            self.shard_count = (await self.http.get_bot_gateway())[0]
        await self.sync_commands()
        await self.worker.start()
        self._worker_started = True

    async def sync_commands(self) -> None:
        if self.settings.discord_test_guild is not None:
            guild = discord.Object(id=self.settings.discord_test_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("synced %d Discord commands", len(synced))

    async def close(self) -> None:
        if self._worker_started:
            self._worker_started = False
            await self.worker.stop()
        await super().close()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None or self.user is None:
            return
        try:
            if isinstance(message.channel, discord.Thread) and self.user in message.mentions:
                await self._ask_from_mention(message, thread_key(message.channel))
            elif self.intents.message_content and not isinstance(message.channel, discord.Thread):
                await self._auto_brief(message)
        except Exception as exc:  # a listener has no caller to report to: log it and tell the channel
            await message.channel.send(failure_text(exc), allowed_mentions=NO_MENTIONS)

    async def _ask_from_mention(self, message: discord.Message, key: ConversationKey) -> None:
        assert self.user is not None
        question = re.sub(rf"<@!?{self.user.id}>", "", message.content).strip()
        if not question:
            return
        payload = {
            "question": question,
            "key": key_payload(key),
            "reply": message_reply(message),
            "asked_by": str(message.author.id),
        }
        await self.actions.enqueue(ASK_JOB, payload, dedupe_key=f"discord:message:{message.id}")

    async def _auto_brief(self, message: discord.Message) -> None:
        assert message.guild is not None
        if not await self.toggles.is_enabled(guild_id=message.guild.id, channel_id=message.channel.id):
            return
        links = find_links(message.content, limit=self.settings.max_links_per_message)
        if not links:
            return
        target = {"guild_id": str(message.guild.id), "channel_id": str(message.channel.id), "thread_id": None}
        payload = {
            "urls": links,
            "reply": message_reply(message),
            "target": target,
            "asked_by": str(message.author.id),
        }
        await self.actions.enqueue(BRIEF_JOB, payload, dedupe_key=f"discord:message:{message.id}")


async def run_bot(
    settings: Settings,
    service: BriefService,
    *,
    toggles: AutoBriefToggles | None = None,
    stop_grace_seconds: float = STOP_GRACE_SECONDS,
) -> None:
    """Run the bot until closed; if the message-content intent is refused (close 4014), run without it."""
    token = settings.discord_bot_token
    if token is None:
        raise ConfigError(
            "DISCORD_BOT_TOKEN is not set", user_message="Set DISCORD_BOT_TOKEN to run the Discord bot."
        )
    apply_endpoint_overrides(settings)
    toggles = toggles or StoreAutoBriefToggles(service.store)
    message_content = settings.discord_message_content
    while True:
        bot = BriefBot(
            settings,
            service,
            message_content=message_content,
            toggles=toggles,
            stop_grace_seconds=stop_grace_seconds,
        )
        try:
            async with bot:
                await bot.start(token.get_secret_value())
            return
        except discord.PrivilegedIntentsRequired:
            if not message_content:
                raise
            log.error(
                "Discord refused the Message Content intent (close code 4014): auto-brief of pasted links "
                "is off. Enable it under Bot > Privileged Gateway Intents, or unset "
                "BRIEFBOT_DISCORD_MESSAGE_CONTENT. Reconnecting without it."
            )
            message_content = False


async def run_discord(settings: Settings) -> None:
    """`briefbot discord`: build the service, run the bot, close everything on the way out."""
    if settings.discord_bot_token is None:
        raise ConfigError(
            "DISCORD_BOT_TOKEN is not set", user_message="Set DISCORD_BOT_TOKEN to run the Discord bot."
        )
    service = await build_service(settings)
    try:
        await run_bot(settings, service)
    finally:
        await service.aclose()
