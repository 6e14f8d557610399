"""Which engine briefs and answers, and the fallback to the offline engine when the LLM fails.

`auto` means the LLM when one is configured; an LLM failure under `auto` still yields a brief or an answer
from the extractive engine, with a warning saying so. An engine chosen explicitly never falls back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Literal

from bot.engines.extractive import answer_extractive, brief_extractive
from bot.engines.llm import LLMEngine
from bot.errors import ConfigError, LLMError, LLMRefusalError
from bot.models import Answer, Article, Brief, EngineName, EngineOutput

log = logging.getLogger(__name__)

EngineChoice = Literal["auto", "llm", "extractive"]
EXTRACTIVE_VERSION = "extractive-1"
FALLBACK_WARNING = "The LLM was unavailable, so this brief was made by the offline extractive engine."
REFUSAL_WARNING = "The LLM declined to brief this article, so the offline extractive engine made this brief."
ANSWER_FALLBACK_WARNING = "The LLM was unavailable, so this answer was found by the offline extractive engine."
NO_TRANSLATION_WARNING = (
    "The offline extractive engine cannot write in another language, so this brief is in the article's own."
)
NO_LLM_MESSAGE = "No LLM is configured: set OPENAI_API_KEY or OPENAI_BASE_URL, or use the extractive engine."


class Engines:
    def __init__(self, *, llm: LLMEngine | None, default: EngineChoice) -> None:
        self.llm = llm
        self.default = default

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
            raise ConfigError("engine llm requested without OPENAI_API_KEY or OPENAI_BASE_URL",
                              user_message=NO_LLM_MESSAGE)
        return self.llm.configured(model=model, language=language)

    async def brief(
        self, article: Article, choice: EngineChoice | None, *, model: str | None = None, language: str | None = None
    ) -> EngineOutput:
        """``model`` and ``language`` are a channel's settings; the offline engine says plainly it cannot
        translate instead of pretending to."""
        if self.resolve(choice) == "extractive":
            return await self._brief_offline(article, warning=NO_TRANSLATION_WARNING if language else None)
        try:
            return await self._llm(model=model, language=language).brief(article)
        except LLMError as exc:
            if (choice or self.default) != "auto":
                raise
            log.warning("LLM failed (%s), falling back to the extractive engine: %s", exc.kind, exc)
            warning = REFUSAL_WARNING if isinstance(exc, LLMRefusalError) else FALLBACK_WARNING
            output = await self._brief_offline(article, warning=warning)
            if language:
                output = output.model_copy(update={"warnings": [*output.warnings, NO_TRANSLATION_WARNING]})
            return output

    @staticmethod
    async def _brief_offline(article: Article, *, warning: str | None) -> EngineOutput:
        output = await asyncio.to_thread(brief_extractive, article)
        if output.prompt_version is None:
            output = output.model_copy(update={"prompt_version": EXTRACTIVE_VERSION})
        if warning:
            output = output.model_copy(update={"warnings": [warning, *output.warnings]})
        return output

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
            return await asyncio.to_thread(answer_extractive, article, question, brief=brief)
        try:
            return await self._llm(model=model).answer(article, question, brief=brief, history=history)
        except LLMError as exc:
            if (choice or self.default) != "auto":
                raise
            log.warning("LLM failed to answer (%s), falling back to the extractive engine: %s", exc.kind, exc)
            answer = await asyncio.to_thread(answer_extractive, article, question, brief=brief)
            return answer.model_copy(update={"warnings": [ANSWER_FALLBACK_WARNING, *answer.warnings]})

    async def aclose(self) -> None:
        if self.llm is not None:
            await self.llm.aclose()
