"""Map-reduce for the LLM engine: brief an article's chunks a few at once, and brief a chunk whose reply was
cut off at the completion limit once more in smaller sections. Imports no LLM client and no platform.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable, Sequence

from bot.engines.llm.call import CallUsage, LLMTruncatedError
from bot.models import Brief

log = logging.getLogger(__name__)

MAX_PARALLEL_PARTS = 3  # parts of a long article briefed at once: fast, yet gentle on rate limits
# A cut-off brief needed more than the completion limit by an unknown amount: thirds leave room for ~3x.
TRUNCATION_SPLIT_PARTS = 3
MIN_SECTION_TOKENS = 12  # about one short sentence: a smaller section cannot carry a claim and who makes it
TRUNCATED_WARNING = "The brief was too long for one reply, so the article was briefed in sections."

PartBrief = tuple[Brief, CallUsage]
BriefText = Callable[[str, str], Awaitable[PartBrief]]  # (text, part note) -> one part's brief and its cost
SplitText = Callable[[str, int], Awaitable[list[str]]]  # (text, max tokens) -> verbatim chunks
CountText = Callable[[str], Awaitable[int]]


class PartBriefer:
    """Briefs chunks in order; each call to ``brief_chunks`` gets its own parallelism gate."""

    def __init__(self, *, brief_text: BriefText, split_text: SplitText, count_text: CountText) -> None:
        self._brief_text = brief_text
        self._split_text = split_text
        self._count_text = count_text

    async def brief_chunks(self, chunks: Sequence[str], *, warnings: list[str]) -> tuple[list[Brief], CallUsage]:
        """One brief per chunk (or per section of a cut-off chunk), in article order, and what they all cost.

        A section cut off again raises LLMTruncatedError (an LLMOutputError): a truncated brief is never
        returned."""
        gate = asyncio.Semaphore(MAX_PARALLEL_PARTS)

        async def brief_one(text: str, note: str) -> PartBrief:
            async with gate:  # held for the call only, so sections never wait on their own parent
                return await self._brief_text(text, note)

        async def brief_chunk(number: int, chunk: str) -> tuple[list[Brief], CallUsage]:
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

    async def _split_smaller(self, chunk: str, *, cut: LLMTruncatedError) -> list[str]:
        """About TRUNCATION_SPLIT_PARTS sections; a chunk too short to split re-raises the cut-off error."""
        tokens = await self._count_text(chunk)
        max_tokens = max(MIN_SECTION_TOKENS, math.ceil(tokens / TRUNCATION_SPLIT_PARTS))
        sections = await self._split_text(chunk, max_tokens)
        if len(sections) < 2:
            raise cut
        return sections
