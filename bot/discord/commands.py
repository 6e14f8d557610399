"""Discord interactions: /brief, /ask, /brief-auto, the "Brief this message" menu, and their one error path.

Handlers only validate, defer and enqueue; the slow work runs in jobs (bot/discord/app.py). No core internals.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Final, Literal

import discord
from discord import app_commands

from bot.discord.embeds import render_error
from bot.errors import BotError, ConversationNotFoundError, InvalidSourceError
from bot.service import (
    QUESTION_LIMIT_CHARS,
    BriefJob,
    BriefService,
    Conversation,
    LinkSelection,
    Place,
    QuestionJob,
    Route,
    new_reference,
    select_links,
)

log = logging.getLogger(__name__)

PLATFORM: Final = "discord"
DM_WORKSPACE = "dm"
GENERIC_FAILURE_TEXT = "Something went wrong on my side; please try again shortly."
NO_LINK_TEXT = "I found no http(s) link in that message."
ASK_OUTSIDE_THREAD_TEXT = "Use /ask in a brief's thread: run /brief with a link, then ask in its thread."
AUTO_OUTSIDE_GUILD_TEXT = "Auto-brief works in server channels."

# Angle brackets are how Discord users suppress link previews: `<https://…>`.
_LINK = re.compile(r"https?://[^\s<>|\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}*_~'\""


def link_candidates(text: str) -> list[str]:
    """Every http(s) link in a Discord message, in order, without the brackets that suppress previews."""
    return [match.group(0).rstrip(_TRAILING) for match in _LINK.finditer(text)]


def find_links(text: str, *, limit: int) -> LinkSelection:
    """The briefable links of a message, capped at ``limit``, with the note for those left out."""
    return select_links(link_candidates(text), limit=limit)


def require_link(text: str) -> str:
    """Only one http(s) link may reach the service: it also reads local files, which users must not name."""
    links = find_links(text.strip(), limit=1).urls
    if not links or links[0] != text.strip().strip("<>"):
        raise InvalidSourceError(f"not a link: {text[:200]!r}")
    return links[0]


def thread_conversation(thread: discord.Thread) -> Conversation:
    """A brief's conversation is its thread: guild, parent channel, thread (a thread id alone is unique)."""
    workspace = str(thread.guild.id) if thread.guild else DM_WORKSPACE
    return Conversation(workspace=workspace, channel=str(thread.parent_id), thread=str(thread.id))


def failure_text(error: BaseException) -> str:
    """The one mapping from an exception to what users read; unexpected ones are logged with a reference."""
    if isinstance(error, BotError):
        log.info("discord request refused or failed: %s: %s", type(error).__name__, error)
        return render_error(error.user_message)
    if isinstance(error, app_commands.CheckFailure):
        return render_error("You can't use that command here.")
    reference = new_reference()
    log.error("unexpected error in the Discord adapter (reference %s)", reference, exc_info=error)
    return render_error(GENERIC_FAILURE_TEXT, reference=reference)


def interaction_reply(interaction: discord.Interaction) -> Route:
    """Enough to answer after a restart: the interaction webhook stays valid for 15 minutes."""
    return {
        "via": "interaction",
        "application_id": str(interaction.application_id),
        "token": interaction.token,
        "channel_id": str(interaction.channel_id) if interaction.channel_id else None,
    }


def message_reply(message: discord.Message) -> Route:
    return {"via": "channel", "channel_id": str(message.channel.id), "message_id": str(message.id)}


def brief_place(channel: Any, guild_id: int | None) -> Place:
    """Where a brief's thread goes: a new thread on the brief message, or the thread we are already in."""
    workspace = str(guild_id) if guild_id is not None else DM_WORKSPACE
    if isinstance(channel, discord.Thread):
        return Place(workspace=workspace, channel=str(channel.parent_id), thread=str(channel.id))
    return Place(workspace=workspace, channel=str(channel.id) if channel else "")


@dataclass
class DiscordActions:
    """What the handlers do: defer at once, then hand the slow work to the service as a typed job."""

    service: BriefService

    @property
    def max_links(self) -> int:
        return self.service.settings.max_links_per_message

    async def brief_links(self, interaction: discord.Interaction, links: LinkSelection) -> None:
        # Defer before storing: an interaction not acknowledged within 3 s is dead, and Discord never retries.
        await interaction.response.defer(thinking=True)
        job = BriefJob(
            platform=PLATFORM,
            urls=links.urls,
            note=links.note,
            place=brief_place(interaction.channel, interaction.guild_id),
            requested_by=str(interaction.user.id),
            route=interaction_reply(interaction),
        )
        await self.service.enqueue_brief(job, dedupe_key=f"discord:interaction:{interaction.id}")

    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        channel = interaction.channel
        if not isinstance(channel, discord.Thread):
            raise ConversationNotFoundError("/ask outside a thread", user_message=ASK_OUTSIDE_THREAD_TEXT)
        conversation = thread_conversation(channel)
        if not await self.service.has_conversation(conversation.key(PLATFORM)):
            raise ConversationNotFoundError(f"no brief in {conversation}", user_message=ASK_OUTSIDE_THREAD_TEXT)
        await interaction.response.defer(thinking=True)
        job = QuestionJob(
            platform=PLATFORM,
            conversation=conversation,
            question=question[:QUESTION_LIMIT_CHARS],
            asked_by=str(interaction.user.id),
            route=interaction_reply(interaction),
        )
        await self.service.enqueue_question(job, dedupe_key=f"discord:interaction:{interaction.id}")


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
        await actions.brief_links(interaction, LinkSelection(urls=[require_link(url)]))

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
        links = find_links(message_text(message), limit=actions.max_links)
        if not links.urls:
            raise InvalidSourceError("no link in message", user_message=NO_LINK_TEXT)
        await actions.brief_links(interaction, links)


def message_text(message: discord.Message) -> str:
    """Content plus embed URLs, so a link Discord unfurled still counts."""
    urls = [embed.url for embed in message.embeds if embed.url]
    return " ".join([message.content, *urls])


async def set_auto_brief(interaction: discord.Interaction, actions: DiscordActions, *, enabled: bool) -> None:
    if interaction.guild_id is None or interaction.channel_id is None:
        raise InvalidSourceError("brief-auto outside a guild", user_message="Auto-brief works in server channels.")
    await actions.service.preferences.set_auto_brief(
        PLATFORM, str(interaction.guild_id), str(interaction.channel_id), enabled=enabled
    )
    text = "Auto-brief is on for this channel." if enabled else "Auto-brief is off for this channel."
    if enabled and not interaction.client.intents.message_content:
        text += " It needs the Message Content intent, which this bot runs without, so links won't be seen."
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
