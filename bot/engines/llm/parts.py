"""Map-reduce for the LLM engine: brief an article's chunks a few at once, and brief a chunk whose reply was
cut off at the completion limit once more in smaller sections. Imports no LLM client and no platform.

A chunk is whatever the engine splits an article into (runs of numbered sentences, so citations keep the
whole article's numbers); a part result is whatever one call yields (a grounded brief and its figures).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

from bot.engines.llm.call import CallUsage, LLMTruncatedError
from bot.engines.tokens import count_tokens
from bot.grounding import NumberedText, Sentence

log = logging.getLogger(__name__)

MAX_PARALLEL_PARTS = 3  # parts of a long article briefed at once: fast, yet gentle on rate limits
# A cut-off brief needed more than the completion limit by an unknown amount: thirds leave room for ~3x.
TRUNCATION_SPLIT_PARTS = 3
MIN_SECTION_TOKENS = 12  # about one short sentence: a smaller section cannot carry a claim and who makes it
TRUNCATED_WARNING = "The brief was too long for one reply, so the article was briefed in sections."

Passage = tuple[Sentence, ...]  # a run of the article's numbered sentences
C = TypeVar("C")  # a chunk of the article
R = TypeVar("R")  # one part's result


class PartBriefer(Generic[C, R]):
    """Briefs chunks in order; each call to ``brief_chunks`` gets its own parallelism gate.

    ``brief_text(chunk, note)`` briefs one chunk, ``split_text(chunk, max_tokens)`` cuts one into smaller
    chunks, ``count_text(chunk)`` is its prompt tokens."""

    def __init__(
        self,
        *,
        brief_text: Callable[[C, str], Awaitable[tuple[R, CallUsage]]],
        split_text: Callable[[C, int], Awaitable[list[C]]],
        count_text: Callable[[C], Awaitable[int]],
    ) -> None:
        self._brief_text = brief_text
        self._split_text = split_text
        self._count_text = count_text

    async def brief_chunks(self, chunks: Sequence[C], *, warnings: list[str]) -> tuple[list[R], CallUsage]:
        """One brief per chunk (or per section of a cut-off chunk), in article order, and what they all cost.

        A section cut off again raises LLMTruncatedError (an LLMOutputError): a truncated brief is never
        returned."""
        gate = asyncio.Semaphore(MAX_PARALLEL_PARTS)

        async def brief_one(text: C, note: str) -> tuple[R, CallUsage]:
            async with gate:  # held for the call only, so sections never wait on their own parent
                return await self._brief_text(text, note)

        async def brief_chunk(number: int, chunk: C) -> tuple[list[R], CallUsage]:
            note = f" (part {number} of {len(chunks)})" if len(chunks) > 1 else ""
            try:
                brief, usage = await brief_one(chunk, note)
                return [brief], usage
            except LLMTruncatedError as cut:
                sections = await self._split_smaller(chunk, cut=cut)
                log.info("brief of part %d was cut off; briefing it in %d sections", number, len(sections))
                if TRUNCATED_WARNING not in warnings:
                    warnings.append(TRUNCATED_WARNING)
                prefix = f" (part {number} of {len(chunks)}, section" if len(chunks) > 1 else " (part"
                results = await asyncio.gather(
                    *(brief_one(text, f"{prefix} {i} of {len(sections)})") for i, text in enumerate(sections, 1))
                )
                return [brief for brief, _ in results], sum((u for _, u in results), cut.usage)

        done = await asyncio.gather(*(brief_chunk(i, chunk) for i, chunk in enumerate(chunks, start=1)))
        return [brief for briefs, _ in done for brief in briefs], sum((u for _, u in done), CallUsage())

    async def _split_smaller(self, chunk: C, *, cut: LLMTruncatedError) -> list[C]:
        """About TRUNCATION_SPLIT_PARTS sections; a chunk too short to split re-raises the cut-off error."""
        tokens = await self._count_text(chunk)
        max_tokens = max(MIN_SECTION_TOKENS, math.ceil(tokens / TRUNCATION_SPLIT_PARTS))
        sections = await self._split_text(chunk, max_tokens)
        if len(sections) < 2:
            raise cut
        return sections


def split_passage(numbered: NumberedText, passage: Passage, *, max_tokens: int, model: str) -> list[Passage]:
    """Runs of whole sentences of at most ``max_tokens`` as rendered for the model, numbers unchanged, so a
    part cites the whole article's numbers. A single sentence over the budget is a part of its own
    (sentences are capped in length, see ``bot.grounding.sentences``). CPU-bound: run it in a thread."""
    if max_tokens < 1:
        raise ValueError("max_tokens must be positive")
    parts: list[Passage] = []
    current: list[Sentence] = []
    used = 0
    for sentence in passage:
        n = count_tokens(numbered.render([sentence]), model=model).n + 1  # +1: the space or newline between
        if current and used + n > max_tokens:
            parts.append(tuple(current))
            current, used = [], 0
        current.append(sentence)
        used += n
    if current:
        parts.append(tuple(current))
    return parts
