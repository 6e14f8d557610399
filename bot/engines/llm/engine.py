"""The LLM engine: article -> grounded Brief, and follow-up answers, through any OpenAI-compatible server.

Owns prompts assembly, the token budget, the grounding re-ask and the merge call over part ledes; the wire
protocol lives in ``call``, briefing in parts in ``parts``. Imports nothing from the platforms.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

import openai
from openai.types.chat import ChatCompletionMessageParam

from bot.config import Settings
from bot.engines.llm.call import CallUsage, LLMTruncatedError, StructuredChat
from bot.engines.llm.limits import LLMLimits
from bot.engines.llm.merge import BriefLede, merge_briefs, render_part_ledes
from bot.engines.llm.parts import PartBrief, PartBriefer
from bot.engines.llm.prompts import combined_version, fence_untrusted, load_prompt
from bot.engines.tokens import count_tokens, split_into_chunks
from bot.errors import ConfigError, LLMError
from bot.grounding import ground_answer, ground_brief, unverified_quotes
from bot.models import Answer, AnswerDraft, Article, Brief, EngineOutput

log = logging.getLogger(__name__)

PLACEHOLDER_API_KEY = "not-needed"  # local servers (Ollama, vLLM) ignore the key, but the client wants one
MAX_FAILED_QUOTE_SHARE = 1 / 3  # more unverifiable quotes than this earns one re-ask
MAX_HISTORY_TURNS = 6
DOES_NOT_SAY = "The article does not say."
ESTIMATE_WARNING = "Token counts are estimates (the tokenizer could not be loaded)."
USAGE_WARNING = "The LLM server did not report token usage; the counts shown are our own."
MERGE_FALLBACK_WARNING = "The headline and summary cover only the article's first part (the merge step failed)."
# Every prompt that can shape a brief, so a change to any of them gives briefs a new prompt_version.
BRIEF_PROMPTS = ("brief.system", "brief.user", "reask.quotes", "merge.system", "merge.user")


class LLMEngine:
    """Briefs and answers from the article alone; every quote it returns is verified against the text."""

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None,
        base_url: str | None,
        timeout_seconds: float,
        max_retries: int,
        max_prompt_tokens: int,
        max_completion_tokens: int,
        prompts_dir: Path,
        backoff_seconds: float = 0.5,
        limits: LLMLimits | None = None,
    ) -> None:
        if not api_key and not base_url:
            raise ConfigError("the LLM engine needs OPENAI_API_KEY or OPENAI_BASE_URL")
        self.model = model
        self._max_prompt_tokens = max_prompt_tokens
        self._prompts = {
            name: load_prompt(name, prompts_dir=prompts_dir)
            for name in (
                "brief.system",
                "brief.user",
                "answer.system",
                "answer.user",
                "reask.schema",
                "reask.quotes",
                "merge.system",
                "merge.user",
            )
        }
        self.prompt_version = combined_version(*(self._prompts[name] for name in BRIEF_PROMPTS))
        self.answer_prompt_version = combined_version(
            self._prompts["answer.system"], self._prompts["answer.user"]
        )
        self._client = openai.AsyncOpenAI(
            api_key=api_key or PLACEHOLDER_API_KEY, base_url=base_url, max_retries=0, timeout=timeout_seconds
        )
        self._chat = StructuredChat(
            client=self._client,
            model=model,
            max_retries=max_retries,
            max_completion_tokens=max_completion_tokens,
            backoff_seconds=backoff_seconds,
            limits=limits,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMEngine:
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        return cls(
            model=settings.model,
            api_key=key,
            base_url=settings.openai_base_url,
            timeout_seconds=settings.llm_timeout_seconds,
            max_retries=settings.llm_max_retries,
            max_prompt_tokens=settings.max_prompt_tokens,
            max_completion_tokens=settings.max_completion_tokens,
            prompts_dir=settings.prompts_dir,
            limits=LLMLimits(
                max_in_flight=settings.llm_max_in_flight, tokens_per_minute=settings.llm_tokens_per_minute
            ),
        )

    async def aclose(self) -> None:
        await self._client.close()

    # --- brief ---------------------------------------------------------------------------------------------
    def _brief_messages(
        self, article: Article, text: str, *, part_note: str
    ) -> list[ChatCompletionMessageParam]:
        user = self._prompts["brief.user"].render(
            title=fence_untrusted(article.title or ""), text=fence_untrusted(text), part_note=part_note
        )
        return [
            {"role": "system", "content": self._prompts["brief.system"].text},
            {"role": "user", "content": user},
        ]

    async def _count(self, messages: Sequence[ChatCompletionMessageParam]) -> tuple[int, bool]:
        text = "\n".join(str(message.get("content") or "") for message in messages)
        count = await asyncio.to_thread(count_tokens, text, model=self.model)
        return count.n, count.exact

    async def brief(self, article: Article) -> EngineOutput:
        """The grounded brief; a prompt over budget, or a reply cut off at the completion limit, is briefed
        in parts and merged, never cut."""
        messages = self._brief_messages(article, article.text, part_note="")
        prompt_tokens, exact = await self._count(messages)
        warnings = [] if exact else [ESTIMATE_WARNING]
        chunks = [article.text]
        if prompt_tokens > self._max_prompt_tokens:
            chunks = await self._split(article.text, await self._text_budget(article))
            warnings.append(f"The article was long, so it was briefed in {len(chunks)} parts.")

        async def brief_text(text: str, note: str) -> PartBrief:
            return await self._brief_part(article, self._brief_messages(article, text, part_note=note))

        briefer = PartBriefer(brief_text=brief_text, split_text=self._split, count_text=self._count_text)
        parts, usage = await briefer.brief_chunks(chunks, warnings=warnings)
        raw, merge_usage = await self._reduce(article, parts, warnings=warnings)
        usage += merge_usage
        brief, stats = await asyncio.to_thread(ground_brief, raw, article.text)
        if usage.estimated:
            warnings.append(USAGE_WARNING)
        log.debug("brief: %d parts, grounding %s, tokens %s", len(parts), stats, usage)
        return EngineOutput(
            brief=brief,
            engine="llm",
            model=self.model,
            prompt_version=self.prompt_version,
            tokens=usage.as_tokens(),
            warnings=warnings,
            grounding=stats,
        )

    async def _brief_part(self, article: Article, messages: list[ChatCompletionMessageParam]) -> PartBrief:
        """One brief call; if too many quotes are not verbatim, one re-ask that names them."""
        reply = await self._chat.ask(messages, Brief, reask=self._prompts["reask.schema"])
        failed = await asyncio.to_thread(unverified_quotes, reply.parsed, article.text)
        checked = len(reply.parsed.claims) + len(reply.parsed.denials)
        if not failed or len(failed) <= checked * MAX_FAILED_QUOTE_SHARE:
            return reply.parsed, reply.usage
        log.debug("brief: %d of %d quotes not found verbatim; re-asking once", len(failed), checked)
        listing = "\n".join(f"- {quote}" for quote in failed)
        retry: list[ChatCompletionMessageParam] = [
            *messages,
            {"role": "assistant", "content": reply.parsed.model_dump_json()},
            {"role": "user", "content": self._prompts["reask.quotes"].render(quotes=listing)},
        ]
        second = await self._chat.ask(retry, Brief, reask=self._prompts["reask.schema"])
        return second.parsed, reply.usage + second.usage

    async def _text_budget(self, article: Article) -> int:
        """Tokens left for article text in one part, after the prompt around it."""
        empty = self._brief_messages(article, "", part_note=" (part 99 of 99, section 9 of 9)")
        budget = self._max_prompt_tokens - (await self._count(empty))[0]
        if budget < 1:
            raise ConfigError(f"max_prompt_tokens {self._max_prompt_tokens} leaves no room for article text")
        return budget

    async def _split(self, text: str, max_tokens: int) -> list[str]:
        return await asyncio.to_thread(split_into_chunks, text, max_tokens=max_tokens, model=self.model)

    async def _count_text(self, text: str) -> int:
        return (await self._count([{"role": "user", "content": text}]))[0]

    async def _reduce(
        self, article: Article, parts: Sequence[Brief], *, warnings: list[str]
    ) -> tuple[Brief, CallUsage]:
        """One part is the brief; several are merged, with a headline and summary written over all parts."""
        if len(parts) == 1:
            return parts[0], CallUsage()
        ledes = fence_untrusted(render_part_ledes(parts))
        user = self._prompts["merge.user"].render(
            count=len(parts), title=fence_untrusted(article.title or ""), parts=ledes
        )
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": self._prompts["merge.system"].text},
            {"role": "user", "content": user},
        ]
        try:
            reply = await self._chat.ask(messages, BriefLede, reask=self._prompts["reask.schema"])
        except LLMError as exc:  # the parts are paid for and sound: keep them, and say the lede is partial
            log.warning("merge step failed (%s); keeping the first part's headline and summary", exc)
            warnings.append(MERGE_FALLBACK_WARNING)
            return merge_briefs(parts), exc.usage if isinstance(exc, LLMTruncatedError) else CallUsage()
        return merge_briefs(parts, lede=reply.parsed), reply.usage

    # --- answer --------------------------------------------------------------------------------------------
    async def answer(
        self,
        article: Article,
        question: str,
        *,
        brief: Brief | None = None,
        history: Sequence[tuple[str, str]] = (),
    ) -> Answer:
        """An answer from the article alone; without a verified quote it is "The article does not say."."""
        messages = self._answer_messages(article, question, brief=brief, history=history)
        _, exact = await self._count(messages)
        warnings = [] if exact else [ESTIMATE_WARNING]
        reply = await self._chat.ask(messages, AnswerDraft, reask=self._prompts["reask.schema"])
        draft = reply.parsed
        if reply.usage.estimated:
            warnings.append(USAGE_WARNING)
        answer = Answer(
            question=question,
            answer=draft.answer,
            quotes=draft.quotes,
            found=draft.found,
            engine="llm",
            model=self.model,
            tokens=reply.usage.as_tokens(),
            warnings=warnings,
        )
        grounded, stats = await asyncio.to_thread(ground_answer, answer, article.text)
        if not grounded.found or not grounded.quotes:
            log.debug("answer: not found (model found=%s, quotes verified %s)", draft.found, stats)
            return grounded.model_copy(update={"answer": DOES_NOT_SAY, "found": False, "quotes": []})
        return grounded

    def _answer_messages(
        self, article: Article, question: str, *, brief: Brief | None, history: Sequence[tuple[str, str]]
    ) -> list[ChatCompletionMessageParam]:
        turns = "\n".join(f"Q: {q}\nA: {a}" for q, a in list(history)[-MAX_HISTORY_TURNS:]) or "(none)"
        compact = _compact_brief(brief) if brief is not None else "(none)"
        user = self._prompts["answer.user"].render(
            title=fence_untrusted(article.title or ""),
            text=fence_untrusted(article.text),
            brief=fence_untrusted(compact),
            history=turns,
            question=question,
        )
        return [
            {"role": "system", "content": self._prompts["answer.system"].text},
            {"role": "user", "content": user},
        ]


def _compact_brief(brief: Brief) -> str:
    """Headline, summary and who-claims-what, without quotes: orientation for a follow-up, cheaply."""
    lines = [brief.headline, brief.summary]
    lines += [f"- {claim.claimant}: {claim.statement}" for claim in brief.claims]
    lines += [f"- {denial.denier} denies: {denial.denied}" for denial in brief.denials]
    return "\n".join(lines)

