"""The Discord adapter: slash commands, a thread per brief, a context menu; thin over bot.service."""

from __future__ import annotations
