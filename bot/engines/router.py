"""Which engine briefs and answers, and the fallback to the offline engine when the LLM fails.

`auto` means the LLM when one is configured; an LLM failure under `auto` still yields a brief or an answer
from the extractive engine, with a warning saying so. An engine chosen explicitly never falls back.

Grounding has one owner per output, and it is this package: every brief and answer leaves ``Engines``
grounded exactly once, with ``EngineOutput.grounding`` filled, and the service trusts it. The offline engine's
output is grounded here; the LLM engine grounds each part itself, because its re-ask decision needs the
result, and its citations become quotes on the way (``bot.engines.llm.wire``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Literal, ParamSpec, TypeVar

from bot.cpu import CpuPool
from bot.engines.extractive import answer_extractive, brief_extractive
from bot.engines.language import ANSWER_NOTICE, lede_brief, offline_notice
from bot.engines.llm import LLMEngine
from bot.errors import ConfigError, LLMError, LLMRefusalError
from bot.grounding import SPLITTER_VERSION, ground_answer, ground_brief
from bot.models import Answer, Article, Brief, EngineName, EngineOutput

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

EngineChoice = Literal["auto", "llm", "extractive"]
# The offline engine's output depends on its rules and on the grounding checks applied to it.
EXTRACTIVE_VERSION = f"extractive-1+g2{SPLITTER_VERSION}"
FALLBACK_WARNING = "The LLM was unavailable, so this brief was made by the offline extractive engine."
REFUSAL_WARNING = "The LLM declined to brief this article, so the offline extractive engine made this brief."
ANSWER_FALLBACK_WARNING = "The LLM was unavailable, so this answer was found by the offline extractive engine."
NO_TRANSLATION_WARNING = (
    "The offline extractive engine cannot write in another language, so this brief is in the article's own."
)
NO_LLM_MESSAGE = "No LLM is configured: set OPENAI_API_KEY or OPENAI_BASE_URL, or use the extractive engine."


class Engines:
    """The engines behind one service; the offline engine runs in ``cpu`` (a process pool with a deadline)."""

    def __init__(self, *, llm: LLMEngine | None, default: EngineChoice, cpu: CpuPool | None = None) -> None:
        self.llm = llm
        self.default = default
        self.cpu = cpu

    async def _offline(self, function: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """The offline engine is pure CPU (regexes over the whole article): off the loop, within the deadline."""
        if self.cpu is not None:
            return await self.cpu.run(function, *args, **kwargs)
        return await asyncio.to_thread(function, *args, **kwargs)

    def resolve(self, choice: EngineChoice | None) -> EngineName:
        choice = choice or self.default
        if choice == "auto":
            return "llm" if self.llm is not None else "extractive"
        return choice

    def identity(
        self, choice: EngineChoice | None, *, model: str | None = None, language: str | None = None
    ) -> tuple[EngineName, str | None, str | None]:
        """Engine, model and prompt version: what a cached brief must match to be reused."""
        if self.resolve(choice) == "llm" and self.llm is not None:
            llm = self.llm.configured(model=model, language=language)
            return "llm", llm.model, llm.prompt_version
        return "extractive", None, EXTRACTIVE_VERSION

    def _llm(self, *, model: str | None = None, language: str | None = None) -> LLMEngine:
        if self.llm is None:
            raise ConfigError(
                "engine llm requested without OPENAI_API_KEY or OPENAI_BASE_URL", user_message=NO_LLM_MESSAGE
            )
        return self.llm.configured(model=model, language=language)

    async def brief(
        self,
        article: Article,
        choice: EngineChoice | None,
        *,
        model: str | None = None,
        language: str | None = None,
        timings: dict[str, float] | None = None,
    ) -> EngineOutput:
        """``model`` and ``language`` are a channel's settings; the offline engine says plainly it cannot
        translate instead of pretending to. ``timings`` receives the seconds the offline grounding took (the
        LLM engine grounds each part inside its own call)."""
        if self.resolve(choice) == "extractive":
            warning = NO_TRANSLATION_WARNING if language else None
            return await self._brief_offline(article, warning=warning, timings=timings)
        try:
            return await self._llm(model=model, language=language).brief(article)
        except LLMError as exc:
            if (choice or self.default) != "auto":
                raise
            log.warning("LLM failed (%s), falling back to the extractive engine: %s", exc.kind, exc)
            warning = REFUSAL_WARNING if isinstance(exc, LLMRefusalError) else FALLBACK_WARNING
            output = await self._brief_offline(article, warning=warning, timings=timings)
            if language:
                output = output.model_copy(update={"warnings": [*output.warnings, NO_TRANSLATION_WARNING]})
            return output

    async def _brief_offline(
        self, article: Article, *, warning: str | None, timings: dict[str, float] | None = None
    ) -> EngineOutput:
        if notice := offline_notice(article):  # English cue lists on other languages give noise, not a brief
            output = EngineOutput(brief=lede_brief(article), engine="extractive", warnings=[notice])
        else:
            output = await self._offline(brief_extractive, article)
        grounding_started = time.perf_counter()
        brief, stats = await self._offline(ground_brief, output.brief, article.text)
        if timings is not None:
            timings["grounding"] = time.perf_counter() - grounding_started
        update: dict[str, object] = {"brief": brief, "grounding": stats}
        if output.prompt_version is None:
            update["prompt_version"] = EXTRACTIVE_VERSION
        if warning:
            update["warnings"] = [warning, *output.warnings]
        return output.model_copy(update=update)

    async def answer(
        self,
        article: Article,
        question: str,
        *,
        brief: Brief,
        history: Sequence[tuple[str, str]],
        choice: EngineChoice | None = None,
        model: str | None = None,
    ) -> Answer:
        if self.resolve(choice) == "extractive":
            return await self._answer_offline(article, question, brief=brief, warning=None)
        try:
            return await self._llm(model=model).answer(article, question, brief=brief, history=history)
        except LLMError as exc:
            if (choice or self.default) != "auto":
                raise
            log.warning("LLM failed to answer (%s), falling back to the extractive engine: %s", exc.kind, exc)
            return await self._answer_offline(article, question, brief=brief, warning=ANSWER_FALLBACK_WARNING)

    async def _answer_offline(self, article: Article, question: str, *, brief: Brief, warning: str | None) -> Answer:
        answer = await self._offline(answer_extractive, article, question, brief=brief)
        grounded, _ = await self._offline(ground_answer, answer, article.text)
        notices = [w for w in (warning, offline_notice(article, ANSWER_NOTICE)) if w]
        return grounded.model_copy(update={"warnings": [*notices, *grounded.warnings]}) if notices else grounded

    async def warm(self) -> None:
        """The LLM engine's one-off set-up, paid at start-up (a long-running bot calls this)."""
        if self.llm is not None:
            await self.llm.warm()

    async def aclose(self) -> None:
        if self.llm is not None:
            await self.llm.aclose()
