"""Discord interactions: /brief, /ask, /brief-auto, the "Brief this message" menu, and their one error path.

Handlers only validate, defer and enqueue; the slow work runs in jobs (bot/discord/app.py). No core internals.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

import discord
from discord import app_commands

from bot.discord.embeds import render_error
from bot.errors import BotError, ConversationNotFoundError, InvalidSourceError
from bot.service import BriefService
from bot.store import ConversationKey, Store

log = logging.getLogger(__name__)

PLATFORM = "discord"
BRIEF_JOB = "discord.brief"
ASK_JOB = "discord.ask"
DM_WORKSPACE = "dm"
GENERIC_FAILURE_TEXT = "Something went wrong on my side; please try again shortly."
NO_LINK_TEXT = "I found no http(s) link in that message."
ASK_OUTSIDE_THREAD_TEXT = "Use /ask in a brief's thread: run /brief with a link, then ask in its thread."
AUTO_OUTSIDE_GUILD_TEXT = "Auto-brief works in server channels."
QUESTION_LIMIT_CHARS = 1000
LINK_SCAN_LIMIT = 100  # links counted in one message, to say how many the per-message cap left out
AUTO_BRIEF_PREF = "auto_brief"
AUTO_BRIEF_ON = "on"

# Angle brackets are how Discord users suppress link previews: `<https://…>`.
_LINK = re.compile(r"https?://[^\s<>|\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}*_~'\""


def find_links(text: str, *, limit: int) -> list[str]:
    """The distinct http(s) links in a text, in order, at most ``limit`` of them."""
    links: list[str] = []
    for match in _LINK.finditer(text):
        link = match.group(0).rstrip(_TRAILING)
        parts = urlsplit(link)
        if parts.scheme.lower() in ("http", "https") and parts.hostname and link not in links:
            links.append(link)
        if len(links) >= limit:
            break
    return links


def require_link(text: str) -> str:
    """Only one http(s) link may reach the service: it also reads local files, which users must not name."""
    links = find_links(text.strip(), limit=1)
    if not links or links[0] != text.strip().strip("<>"):
        raise InvalidSourceError(f"not a link: {text[:200]!r}")
    return links[0]


def thread_key(thread: discord.Thread) -> ConversationKey:
    """A brief's conversation is its thread: guild, parent channel, thread (a thread id alone is unique)."""
    workspace = str(thread.guild.id) if thread.guild else DM_WORKSPACE
    return ConversationKey(
        platform=PLATFORM, workspace=workspace, channel=str(thread.parent_id), thread=str(thread.id)
    )


def key_payload(key: ConversationKey) -> dict[str, str]:
    return {"workspace": key.workspace, "channel": key.channel, "thread": key.thread}


def key_from_payload(data: dict[str, str]) -> ConversationKey:
    return ConversationKey(
        platform=PLATFORM, workspace=data["workspace"], channel=data["channel"], thread=data["thread"]
    )


def failure_text(error: BaseException) -> str:
    """The one mapping from an exception to what users read; unexpected ones are logged with a reference."""
    if isinstance(error, BotError):
        log.info("discord request refused or failed: %s: %s", type(error).__name__, error)
        return render_error(error.user_message)
    if isinstance(error, app_commands.CheckFailure):
        return render_error("You can't use that command here.")
    reference = uuid.uuid4().hex[:8]
    log.error("unexpected error in the Discord adapter (reference %s)", reference, exc_info=error)
    return render_error(GENERIC_FAILURE_TEXT, reference=reference)


class AutoBriefToggles(Protocol):
    """Where the per-channel auto-brief switch lives; off unless a channel turned it on."""

    async def is_enabled(self, *, guild_id: int, channel_id: int) -> bool: ...

    async def set_enabled(self, *, guild_id: int, channel_id: int, enabled: bool) -> None: ...


class StoreAutoBriefToggles:
    """Toggles in the preferences table, so a restart (or another process) sees the same switches."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def is_enabled(self, *, guild_id: int, channel_id: int) -> bool:
        value = await self.store.get_preference(PLATFORM, _channel_scope(guild_id, channel_id), AUTO_BRIEF_PREF)
        return value == AUTO_BRIEF_ON

    async def set_enabled(self, *, guild_id: int, channel_id: int, enabled: bool) -> None:
        # Off is the default, so turning it off removes the row instead of storing a second 'off' spelling.
        value = AUTO_BRIEF_ON if enabled else None
        await self.store.set_preference(PLATFORM, _channel_scope(guild_id, channel_id), AUTO_BRIEF_PREF, value)


def _channel_scope(guild_id: int, channel_id: int) -> str:
    return f"{guild_id}:{channel_id}"


def interaction_reply(interaction: discord.Interaction) -> dict[str, Any]:
    """Enough to answer after a restart: the interaction webhook stays valid for 15 minutes."""
    return {
        "via": "interaction",
        "application_id": str(interaction.application_id),
        "token": interaction.token,
        "channel_id": str(interaction.channel_id) if interaction.channel_id else None,
    }


def message_reply(message: discord.Message) -> dict[str, Any]:
    return {"via": "channel", "channel_id": str(message.channel.id), "message_id": str(message.id)}


def brief_target(channel: Any, guild_id: int | None) -> dict[str, Any]:
    """Where a brief's thread goes: a new thread on the brief message, or the thread we are already in."""
    if isinstance(channel, discord.Thread):
        return {"guild_id": str(guild_id), "channel_id": str(channel.parent_id), "thread_id": str(channel.id)}
    return {"guild_id": str(guild_id), "channel_id": str(channel.id) if channel else None, "thread_id": None}


@dataclass
class DiscordActions:
    """What the handlers need: the service, a way to enqueue and wake the worker, and the toggles."""

    service: BriefService
    wake: Callable[[], None]
    toggles: AutoBriefToggles
    max_links: int

    async def enqueue(self, kind: str, payload: dict[str, Any], *, dedupe_key: str) -> None:
        job_id = await self.service.jobs.enqueue(kind, payload, dedupe_key=dedupe_key)
        if job_id is None:
            log.info("duplicate %s dropped (%s)", kind, dedupe_key)
        self.wake()

    async def brief_links(
        self, interaction: discord.Interaction, links: list[str], *, left_out: int = 0
    ) -> None:
        # Defer before storing: an interaction not acknowledged within 3 s is dead, and Discord never retries.
        await interaction.response.defer(thinking=True)
        payload = {
            "urls": links,
            "left_out": left_out,
            "reply": interaction_reply(interaction),
            "target": brief_target(interaction.channel, interaction.guild_id),
            "asked_by": str(interaction.user.id),
        }
        await self.enqueue(BRIEF_JOB, payload, dedupe_key=f"discord:interaction:{interaction.id}")

    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        channel = interaction.channel
        if not isinstance(channel, discord.Thread):
            raise ConversationNotFoundError("/ask outside a thread", user_message=ASK_OUTSIDE_THREAD_TEXT)
        key = thread_key(channel)
        if not await self.service.has_conversation(key):
            raise ConversationNotFoundError(f"no brief in {key}", user_message=ASK_OUTSIDE_THREAD_TEXT)
        await interaction.response.defer(thinking=True)
        payload = {
            "question": question[:QUESTION_LIMIT_CHARS],
            "key": key_payload(key),
            "reply": interaction_reply(interaction),
            "asked_by": str(interaction.user.id),
        }
        await self.enqueue(ASK_JOB, payload, dedupe_key=f"discord:interaction:{interaction.id}")


class BriefCommandTree(app_commands.CommandTree):
    """One error path for every command: unwrap CommandInvokeError and answer where the user asked."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        text = failure_text(original)
        none = discord.AllowedMentions.none()
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True, allowed_mentions=none)
            else:
                await interaction.response.send_message(text, ephemeral=True, allowed_mentions=none)
        except discord.HTTPException:
            log.exception("could not tell the user about a failed command")


def register_commands(tree: app_commands.CommandTree, actions: DiscordActions) -> None:
    """The slash commands and the message context menu; docstrings become Discord's descriptions."""

    @tree.command(name="brief")
    @app_commands.describe(url="The http(s) link of a news article")
    @app_commands.guild_only()
    async def brief(interaction: discord.Interaction, url: str) -> None:
        """Brief a news article: actors, claims, denials, open questions."""
        await actions.brief_links(interaction, [require_link(url)])

    @tree.command(name="ask")
    @app_commands.describe(question="Your question about the article")
    @app_commands.guild_only()
    async def ask(interaction: discord.Interaction, question: str) -> None:
        """Ask a follow-up about the brief of this thread."""
        await actions.ask(interaction, question)

    @tree.command(name="brief-auto")
    @app_commands.describe(state="on: brief every link pasted in this channel; off: only on request")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_channels=True)
    async def brief_auto(interaction: discord.Interaction, state: Literal["on", "off"]) -> None:
        """Turn automatic briefs of pasted links on or off for this channel."""
        await set_auto_brief(interaction, actions, enabled=state == "on")

    @tree.context_menu(name="Brief this message")
    @app_commands.guild_only()
    async def brief_message(interaction: discord.Interaction, message: discord.Message) -> None:
        links = find_links(message_text(message), limit=LINK_SCAN_LIMIT)
        if not links:
            raise InvalidSourceError("no link in message", user_message=NO_LINK_TEXT)
        shown = links[: actions.max_links]
        await actions.brief_links(interaction, shown, left_out=len(links) - len(shown))


def message_text(message: discord.Message) -> str:
    """Content plus embed URLs, so a link Discord unfurled still counts."""
    urls = [embed.url for embed in message.embeds if embed.url]
    return " ".join([message.content, *urls])


async def set_auto_brief(interaction: discord.Interaction, actions: DiscordActions, *, enabled: bool) -> None:
    if interaction.guild_id is None or interaction.channel_id is None:
        raise InvalidSourceError(
            "brief-auto outside a guild", user_message="Auto-brief works in server channels."
        )
    await actions.toggles.set_enabled(
        guild_id=interaction.guild_id, channel_id=interaction.channel_id, enabled=enabled
    )
    text = "Auto-brief is on for this channel." if enabled else "Auto-brief is off for this channel."
    if enabled and not interaction.client.intents.message_content:
        text += " It needs the Message Content intent, which this bot runs without, so links won't be seen."
    await interaction.response.send_message(
        text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
    )
