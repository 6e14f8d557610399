"""Per-workspace preferences of the Slack adapter (reply mode), kept in the store so they survive restarts."""

from __future__ import annotations

import logging
from typing import Literal, Protocol, get_args

from bot.store import Store

log = logging.getLogger(__name__)

ReplyMode = Literal["mention", "all"]
REPLY_MODES: tuple[str, ...] = get_args(ReplyMode)
PLATFORM = "slack"
REPLY_MODE_PREF = "reply_mode"


class WorkspacePrefs(Protocol):
    """Where a workspace's choice of reply mode lives; ``None`` means 'use the setting's default'."""

    async def get(self, workspace: str) -> ReplyMode | None: ...

    async def set(self, workspace: str, mode: ReplyMode) -> None: ...


class StoreWorkspacePrefs:
    """Reply modes in the preferences table: shared by every process on the database, kept across restarts."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def get(self, workspace: str) -> ReplyMode | None:
        value = await self.store.get_preference(PLATFORM, workspace, REPLY_MODE_PREF)
        if value is None:
            return None
        if value == "all":
            return "all"
        if value != "mention":
            # Written by another version of the bot: fall back to the default rather than fail every reply.
            log.warning("unknown Slack reply mode %r stored for workspace %s; using the default", value, workspace)
            return None
        return "mention"

    async def set(self, workspace: str, mode: ReplyMode) -> None:
        await self.store.set_preference(PLATFORM, workspace, REPLY_MODE_PREF, mode)
