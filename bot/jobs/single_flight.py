"""Single-flight: one task at a time per key, the rest wait their turn (and then find its result cached)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass


@dataclass
class _Slot:
    lock: asyncio.Lock
    holders: int = 0


class SingleFlight:
    """Per-key locks that disappear when nobody holds or waits for them, so memory stays bounded."""

    def __init__(self) -> None:
        self._slots: dict[str, _Slot] = {}

    def __len__(self) -> int:
        return len(self._slots)

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        slot = self._slots.setdefault(key, _Slot(asyncio.Lock()))
        slot.holders += 1
        try:
            async with slot.lock:
                yield
        finally:
            slot.holders -= 1
            if slot.holders == 0:
                del self._slots[key]
