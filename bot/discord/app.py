"""The Discord bot process: client, intents, endpoint overrides, the jobs that post briefs, and run_discord.

Imports discord and the core service; the core never imports this module.
"""

from __future__ import annotations

import logging
import re
from typing import Literal

import discord
import yarl

from bot.bootstrap import Runtime, bootstrap, settle_heap
from bot.config import Settings
from bot.discord.commands import (
    PLATFORM,
    BriefCommandTree,
    DiscordActions,
    failure_text,
    find_links,
    message_reply,
    register_commands,
    thread_conversation,
)
from bot.discord.jobs import DiscordJobs
from bot.discord.team import FeedbackButton, serve_metrics, settings_group
from bot.errors import ConfigError
from bot.service import QUESTION_LIMIT_CHARS, BriefJob, LinkSelection, Place, QuestionJob

log = logging.getLogger(__name__)

DISCORD_API_BASE_DEFAULT = "https://discord.com/api/v10"
DISCORD_GATEWAY_DEFAULT = "wss://gateway.discord.gg/"
THREAD_ARCHIVE_MINUTES: Literal[60, 1440, 4320, 10080] = 1440  # one day; the values Discord allows
NO_MENTIONS = discord.AllowedMentions.none()
NO_TOKEN_TEXT = "Set DISCORD_BOT_TOKEN to run the Discord bot."
REJECTED_TOKEN_TEXT = (
    "Discord rejected DISCORD_BOT_TOKEN: copy the bot token again from the Developer Portal (Bot > Reset Token)."
)
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

    def __init__(self, runtime: Runtime, *, message_content: bool) -> None:
        super().__init__(intents=build_intents(message_content=message_content), allowed_mentions=NO_MENTIONS)
        self.runtime = runtime
        self.settings = runtime.settings
        self.service = runtime.service
        self.tree = BriefCommandTree(self)
        self.worker = runtime.run_jobs(
            DiscordJobs(self, runtime.service).handlers(),
            lane="discord",
            concurrency=self.settings.worker_concurrency,
        )
        self.actions = DiscordActions(service=runtime.service)
        register_commands(self.tree, self.actions)
        self.tree.add_command(settings_group(runtime.service))
        self._worker_started = False

    async def setup_hook(self) -> None:
        """Runs once per login, not on every reconnect's on_ready."""
        if self.settings.discord_gateway_url and self.shard_count is None:
            # Otherwise the sharded client takes its gateway URL from GET /gateway/bot, ignoring the override.
            self.shard_count = (await self.http.get_bot_gateway())[0]
        self.add_dynamic_items(FeedbackButton)
        await self.sync_commands()
        await self.runtime.start()
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
            await self.runtime.stop()
        await super().close()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.guild is None or self.user is None:
            return
        mentioned = self.user in message.mentions  # such messages carry content even without the intent
        try:
            if isinstance(message.channel, discord.Thread) and mentioned:
                await self._ask_from_mention(message, message.channel)
            elif mentioned:
                await self._brief_from_mention(message)
            elif self.intents.message_content and not isinstance(message.channel, discord.Thread):
                await self._auto_brief(message)
        except Exception as exc:  # a listener has no caller to report to: log it and tell the channel
            await message.channel.send(failure_text(exc), allowed_mentions=NO_MENTIONS)

    async def _ask_from_mention(self, message: discord.Message, thread: discord.Thread) -> None:
        assert self.user is not None
        question = re.sub(rf"<@!?{self.user.id}>", "", message.content).strip()
        if not question:
            return
        job = QuestionJob(
            platform=PLATFORM,
            conversation=thread_conversation(thread),
            question=question[:QUESTION_LIMIT_CHARS],
            asked_by=str(message.author.id),
            route=message_reply(message),
        )
        await self.service.enqueue_question(job, dedupe_key=f"discord:message:{message.id}")

    async def _brief_from_mention(self, message: discord.Message) -> None:
        """`@briefbot <link>` in a channel briefs it, with or without auto-brief; no link gets a hint."""
        links = find_links(message.content, limit=self.settings.max_links_per_message)
        if links.urls:
            await self._enqueue_brief(message, links)
            return
        reference = message.to_reference(fail_if_not_exists=False)
        await message.channel.send(MENTION_HINT_TEXT, reference=reference, allowed_mentions=NO_MENTIONS)

    async def _auto_brief(self, message: discord.Message) -> None:
        assert message.guild is not None
        enabled = await self.service.preferences.auto_brief(PLATFORM, str(message.guild.id), str(message.channel.id))
        if not enabled:
            return
        links = find_links(message.content, limit=self.settings.max_links_per_message)
        if links.urls:
            await self._enqueue_brief(message, links)

    async def _enqueue_brief(self, message: discord.Message, links: LinkSelection) -> None:
        assert message.guild is not None
        job = BriefJob(
            platform=PLATFORM,
            urls=links.urls,
            note=links.note,
            place=Place(workspace=str(message.guild.id), channel=str(message.channel.id)),
            requested_by=str(message.author.id),
            route=message_reply(message),
        )
        await self.service.enqueue_brief(job, dedupe_key=f"discord:message:{message.id}")


async def run_bot(runtime: Runtime) -> None:
    """Run the bot until closed; if the message-content intent is refused (close 4014), run without it."""
    settings = runtime.settings
    token = settings.discord_bot_token
    if token is None:
        raise ConfigError("DISCORD_BOT_TOKEN is not set", user_message=NO_TOKEN_TEXT)
    apply_endpoint_overrides(settings)
    message_content = settings.discord_message_content
    while True:
        bot = BriefBot(runtime, message_content=message_content)
        try:
            async with bot:
                await bot.start(token.get_secret_value())
            return
        except discord.LoginFailure as exc:
            raise ConfigError(f"Discord rejected the token: {exc}", user_message=REJECTED_TOKEN_TEXT) from exc
        except discord.PrivilegedIntentsRequired:
            if not message_content:
                raise
            log.error(
                "Discord refused the Message Content intent (close code 4014): auto-brief of pasted links "
                "is off. Enable it under Bot > Privileged Gateway Intents, or unset "
                "BRIEFBOT_DISCORD_MESSAGE_CONTENT. Reconnecting without it."
            )
            message_content = False
            runtime.workers.clear()  # the next client registers its own worker


async def run_discord(settings: Settings) -> None:
    """`briefbot discord`: build everything once, run the bot, close everything on the way out.

    Without DISCORD_BOT_TOKEN the process says so once and exits 0, so a Procfile entry for a platform a
    team does not use is not a restart loop."""
    if settings.discord_bot_token is None:
        log.warning("Discord is not configured (no DISCORD_BOT_TOKEN): the Discord process has nothing to serve.")
        return
    async with await bootstrap(settings) as runtime:
        metrics = None if settings.metrics_port is None else await serve_metrics(runtime.service, settings.metrics_port)
        settle_heap()
        try:
            await run_bot(runtime)
        finally:
            if metrics is not None:
                await metrics.cleanup()
