"""Per-workspace preferences of the Slack adapter (reply mode), behind a port the store can back later."""

from __future__ import annotations

from typing import Literal, Protocol, get_args

ReplyMode = Literal["mention", "all"]
REPLY_MODES: tuple[str, ...] = get_args(ReplyMode)


class WorkspacePrefs(Protocol):
    """Where a workspace's choice of reply mode lives; ``None`` means 'use the setting's default'."""

    async def get(self, workspace: str) -> ReplyMode | None: ...

    async def set(self, workspace: str, mode: ReplyMode) -> None: ...


class MemoryWorkspacePrefs:
    """Process-local prefs: enough for one process; a restart falls back to SLACK_REPLY_MODE."""

    def __init__(self) -> None:
        self._modes: dict[str, ReplyMode] = {}

    async def get(self, workspace: str) -> ReplyMode | None:
        return self._modes.get(workspace)

    async def set(self, workspace: str, mode: ReplyMode) -> None:
        self._modes[workspace] = mode
