"""A pause a test opens when it chooses, recording whether the code waiting at it went on or was cancelled."""

from __future__ import annotations

import asyncio


class Gate:
    def __init__(self) -> None:
        self.reached = asyncio.Event()
        self.opened = asyncio.Event()
        self.outcomes: list[str] = []

    async def wait(self) -> None:
        self.reached.set()
        try:
            await self.opened.wait()
        except asyncio.CancelledError:
            self.outcomes.append("cancelled")
            raise
        self.outcomes.append("went on")
