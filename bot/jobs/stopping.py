"""Stopping a background loop at a safe point rather than wherever it happens to be."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

# How long a loop (or a running job) may take to reach a safe point before it is cancelled.
STOP_GRACE_SECONDS = 10.0


async def stop_loop(task: asyncio.Task[None], request_stop: Callable[[], None], grace_seconds: float) -> None:
    """Ask the loop to stop, wait for it, and cancel it only if it is still busy after ``grace_seconds``.

    Cancelling a loop mid-statement is what this avoids: a task cancelled while the pool opens a connection
    leaves that connection open with no owner, and neither SQLAlchemy nor the garbage collector can close
    an async driver's connection for it."""
    request_stop()
    done, _ = await asyncio.wait({task}, timeout=grace_seconds)
    if not done:
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
