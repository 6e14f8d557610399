"""Discord side of running it for a team: the `/briefbot settings` group, 👍/👎 buttons under briefs with the
'what was wrong' modal, and /metrics on BRIEFBOT_METRICS_PORT. Thin: the rules live in the core service.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Literal

import discord
from aiohttp import web
from discord import app_commands

from bot.errors import BotError
from bot.service import METRICS_CONTENT_TYPE, SPECS, BriefService, Requester, SettingRefusedError

log = logging.getLogger(__name__)

PLATFORM = "discord"
MANAGERS_ONLY_TEXT = "Only members with the Manage Server permission can change settings."
THANKS_UP_TEXT = "Thanks! Glad the brief helped."
THANKS_DOWN_TEXT = "Thanks, noted."
COMMENT_LIMIT_CHARS = 1000  # Discord caps a modal text input at 4000; a short note is what we want
NO_MENTIONS = discord.AllowedMentions.none()
METRICS_PATH = "/metrics"
SETTING_CHOICES = [app_commands.Choice(name=key, value=key) for key in SPECS]


def who_asked(interaction: discord.Interaction) -> Requester:
    channel = interaction.channel
    channel_id = channel.parent_id if isinstance(channel, discord.Thread) else interaction.channel_id
    return Requester(
        platform=PLATFORM,
        workspace=str(interaction.guild_id or "dm"),
        channel=str(channel_id or ""),
        user=str(interaction.user.id),
    )


async def _say(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


def settings_group(service: BriefService) -> app_commands.Group:
    """`/briefbot settings show|set|reset`; Discord hides it from members without Manage Server, and the
    handler checks again (a server can re-grant the command to anyone)."""
    root = app_commands.Group(
        name="briefbot", description="Run briefbot for this server", guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )  # fmt: skip
    group = app_commands.Group(name="settings", description="What briefbot does here", parent=root)

    @group.command(name="show")
    async def show(interaction: discord.Interaction) -> None:
        """Show the settings in force in this channel and where each comes from."""
        await _say(interaction, await service.settings_command(who_asked(interaction), ["show"]))

    @group.command(name="set")
    @app_commands.describe(key="The setting", value="Its new value", scope="This channel, or the whole server")
    @app_commands.choices(key=SETTING_CHOICES)
    async def set_(
        interaction: discord.Interaction,
        key: str,
        value: str,
        scope: Literal["channel", "server"] = "channel",
    ) -> None:
        """Change a setting for this channel or the whole server."""
        await _change(service, interaction, ["set", scope, key, value])

    @group.command(name="reset")
    @app_commands.choices(key=SETTING_CHOICES)
    async def reset(
        interaction: discord.Interaction, key: str, scope: Literal["channel", "server"] = "channel"
    ) -> None:
        """Go back to the server's value (or the default) for a setting."""
        await _change(service, interaction, ["reset", scope, key])

    return root


async def _change(service: BriefService, interaction: discord.Interaction, words: list[str]) -> None:
    if not interaction.permissions.manage_guild:
        await _say(interaction, MANAGERS_ONLY_TEXT)
        return
    try:
        text = await service.settings_command(who_asked(interaction), words)
    except SettingRefusedError as exc:
        text = exc.user_message
    await _say(interaction, text)


FEEDBACK_ID = r"briefbot:fb:(?P<vote>up|down):(?P<id>\d+)"


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=FEEDBACK_ID):
    """A 👍 or 👎 under a brief; the custom id carries the brief id, so buttons work after a restart."""

    def __init__(self, vote: str, brief_id: int) -> None:
        up = vote == "up"
        super().__init__(
            discord.ui.Button(
                label="Useful" if up else "Something's wrong",
                emoji="👍" if up else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"briefbot:fb:{vote}:{brief_id}",
            )
        )
        self.vote = vote
        self.brief_id = brief_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> FeedbackButton:
        return cls(match["vote"], int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        service = getattr(interaction.client, "service", None)  # the bot's; DynamicItems are built from ids
        if not isinstance(service, BriefService):
            raise TypeError("feedback clicked on a client without a briefbot service")
        try:
            await service.record_feedback(who_asked(interaction), brief_id=self.brief_id, vote=self.vote)
        except BotError as exc:
            await _say(interaction, exc.user_message)
            return
        if self.vote == "down":
            await interaction.response.send_modal(WhatWasWrong(service, self.brief_id))
        else:
            await _say(interaction, THANKS_UP_TEXT)


class WhatWasWrong(discord.ui.Modal, title="What was wrong?"):
    text: discord.ui.TextInput[WhatWasWrong] = discord.ui.TextInput(
        label="What did the brief get wrong? (optional)",
        style=discord.TextStyle.paragraph,
        required=False,
        max_length=COMMENT_LIMIT_CHARS,
        custom_id="briefbot:fb:text",
    )

    def __init__(self, service: BriefService, brief_id: int) -> None:
        super().__init__(custom_id=f"briefbot:fb:modal:{brief_id}")
        self.service = service
        self.brief_id = brief_id

    async def on_submit(self, interaction: discord.Interaction) -> None:
        comment = self.text.value.strip()
        if comment:
            await self.service.record_feedback(who_asked(interaction), brief_id=self.brief_id, comment=comment)
        await _say(interaction, THANKS_DOWN_TEXT)


def feedback_view(brief_id: int | None) -> discord.ui.View | None:
    """The buttons under a stored brief (a brief that was not stored cannot be rated)."""
    if brief_id is None:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton("up", brief_id))
    view.add_item(FeedbackButton("down", brief_id))
    return view


async def serve_metrics(service: BriefService, port: int) -> web.AppRunner:
    """/metrics for the Discord process (it has no HTTP port of its own); the caller cleans the runner up."""

    async def metrics(_: web.Request) -> web.Response:
        return web.Response(body=await service.metrics_text(), headers={"Content-Type": METRICS_CONTENT_TYPE})

    application = web.Application()
    application.router.add_get(METRICS_PATH, metrics)
    runner = web.AppRunner(application)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", port).start()
    log.info("metrics on port %s%s", port, METRICS_PATH)
    return runner
