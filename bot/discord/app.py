"""The Discord bot process: client, intents, endpoint overrides, the jobs that post briefs, and run_discord.

Imports discord and the core service; the core never imports this module.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from datetime import timedelta
from typing import Literal

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
    key_payload,
    message_reply,
    register_commands,
    thread_key,
)
from bot.discord.jobs import DiscordJobs
from bot.errors import ConfigError
from bot.jobs import STOP_GRACE_SECONDS, Housekeeper, JobWorker
from bot.service import BriefService, build_service
from bot.store import ConversationKey

log = logging.getLogger(__name__)

DISCORD_API_BASE_DEFAULT = "https://discord.com/api/v10"
DISCORD_GATEWAY_DEFAULT = "wss://gateway.discord.gg/"
THREAD_ARCHIVE_MINUTES: Literal[60, 1440, 4320, 10080] = 1440  # one day; the values Discord allows
NO_MENTIONS = discord.AllowedMentions.none()
NO_TOKEN_TEXT = "Set DISCORD_BOT_TOKEN to run the Discord bot."
MENTION_HINT_TEXT = "Mention me with a news link to brief it, or use /brief url:<link>."
_API_VERSION = re.compile(r"/api/v\d+/?$")
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
        self.housekeeper = Housekeeper(
            service.store, service.jobs, retention=timedelta(days=settings.retention_days)
        )
        self._worker_started = False

    async def setup_hook(self) -> None:
        """Runs once per login, not on every reconnect's on_ready."""
        if self.settings.discord_gateway_url and self.shard_count is None:
            # Otherwise the sharded client takes its gateway URL from GET /gateway/bot, ignoring the override.
            self.shard_count = (await self.http.get_bot_gateway())[0]
        await self.sync_commands()
        await self.worker.start()
        await self.housekeeper.start()
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
            await asyncio.gather(self.worker.stop(), self.housekeeper.stop())
        await super().close()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None or self.user is None:
            return
        mentioned = self.user in message.mentions  # such messages carry content even without the intent
        try:
            if isinstance(message.channel, discord.Thread) and mentioned:
                await self._ask_from_mention(message, thread_key(message.channel))
            elif mentioned:
                await self._brief_from_mention(message)
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

    async def _brief_from_mention(self, message: discord.Message) -> None:
        """`@briefbot <link>` in a channel briefs it, with or without auto-brief; no link gets a hint."""
        links = find_links(message.content, limit=self.settings.max_links_per_message)
        if links:
            await self._enqueue_brief(message, links)
            return
        reference = message.to_reference(fail_if_not_exists=False)
        await message.channel.send(MENTION_HINT_TEXT, reference=reference, allowed_mentions=NO_MENTIONS)

    async def _auto_brief(self, message: discord.Message) -> None:
        assert message.guild is not None
        if not await self.toggles.is_enabled(guild_id=message.guild.id, channel_id=message.channel.id):
            return
        links = find_links(message.content, limit=self.settings.max_links_per_message)
        if links:
            await self._enqueue_brief(message, links)

    async def _enqueue_brief(self, message: discord.Message, links: list[str]) -> None:
        assert message.guild is not None
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
