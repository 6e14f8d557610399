"""Per-workspace and per-channel choices users make from chat, kept in the store for every process to see.

Both adapters read and write them here, so a Slack workspace's reply mode and a Discord channel's auto-brief
switch share one table, one spelling and one fallback for values written by another version of the bot.
"""

from __future__ import annotations

import logging
from typing import Literal, get_args

from bot.service.payloads import Platform
from bot.store import Store

log = logging.getLogger(__name__)

ReplyMode = Literal["mention", "all"]
REPLY_MODES: tuple[str, ...] = get_args(ReplyMode)
REPLY_MODE = "reply_mode"
AUTO_BRIEF = "auto_brief"
ON = "on"


class Preferences:
    """Reply mode per workspace, auto-brief per channel; ``default_reply_mode`` comes from the settings."""

    def __init__(self, store: Store, *, default_reply_mode: ReplyMode) -> None:
        self._store = store
        self._default_reply_mode = default_reply_mode

    async def reply_mode(self, platform: Platform, workspace: str) -> ReplyMode:
        value = await self._store.get_preference(platform, workspace, REPLY_MODE)
        if value is None:
            return self._default_reply_mode
        if value not in REPLY_MODES:
            # Written by another version of the bot: use the default rather than fail every reply.
            log.warning("unknown reply mode %r stored for %s %s; using the default", value, platform, workspace)
            return self._default_reply_mode
        return "all" if value == "all" else "mention"

    async def set_reply_mode(self, platform: Platform, workspace: str, mode: ReplyMode) -> None:
        await self._store.set_preference(platform, workspace, REPLY_MODE, mode)

    async def auto_brief(self, platform: Platform, workspace: str, channel: str) -> bool:
        return await self._store.get_preference(platform, _channel(workspace, channel), AUTO_BRIEF) == ON

    async def set_auto_brief(self, platform: Platform, workspace: str, channel: str, *, enabled: bool) -> None:
        # Off is the default, so turning it off removes the row instead of storing a second spelling of 'off'.
        await self._store.set_preference(platform, _channel(workspace, channel), AUTO_BRIEF, ON if enabled else None)


def _channel(workspace: str, channel: str) -> str:
    return f"{workspace}:{channel}"
