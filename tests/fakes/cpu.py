"""Top-level (picklable) functions for the CPU pool tests: a GIL-holding hang, a crash, a typed error."""

from __future__ import annotations

import os
import re
import signal

from bot.engines.extractive import brief_extractive
from bot.errors import TooLongError
from bot.models import Article, EngineOutput

# Nested quantifiers: exponential backtracking inside one C call that never releases the GIL.
CATASTROPHIC_RE = re.compile(r"(a+)+$")


def backtrack_forever(n: int = 40) -> bool:
    return CATASTROPHIC_RE.match("a" * n + "b") is not None


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def die_once(marker: str) -> str:
    """Dies the first time (leaving a marker file), succeeds the second: a crash that a retry survives."""
    if not os.path.exists(marker):
        open(marker, "w").close()  # noqa: SIM115 - a marker, closed at once
        die()
    return "survived"


def refuse(words: int) -> None:
    raise TooLongError(words, 50_000)


def add(a: int, b: int, *, times: int = 1) -> int:
    return (a + b) * times


# Long enough to hold the GIL for seconds (doubling with each "a"), short enough that a thread finishes it.
SECONDS_OF_BACKTRACKING = 27


def brief_after_backtracking(article: Article) -> EngineOutput:
    """The offline engine behind a crafted-regex stall: what a quadratic rule does to a hostile page."""
    backtrack_forever(SECONDS_OF_BACKTRACKING)
    return brief_extractive(article)
