"""The LLM engine: article -> grounded Brief, and follow-up answers, through any OpenAI-compatible server.

Owns prompts assembly, the token budget (map-reduce for long articles) and the grounding re-ask; the wire
protocol lives in ``bot.llm_call``. Imports nothing from the platforms.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

import openai
from openai.types.chat import ChatCompletionMessageParam

from bot.config import Settings
from bot.errors import ConfigError
from bot.grounding import ground_answer, ground_brief, unverified_quotes
from bot.llm_call import StructuredChat
from bot.llm_merge import merge_briefs
from bot.models import Answer, AnswerDraft, Article, Brief, EngineOutput, TokenUsage
from bot.prompts import combined_version, fence_untrusted, load_prompt
from bot.tokens import count_tokens, split_into_chunks

log = logging.getLogger(__name__)

PLACEHOLDER_API_KEY = "not-needed"  # local servers (Ollama, vLLM) ignore the key, but the client wants one
MAX_PARALLEL_PARTS = 3  # parts of a long article briefed at once: fast, yet gentle on rate limits
MAX_FAILED_QUOTE_SHARE = 1 / 3  # more unverifiable quotes than this earns one re-ask
MAX_HISTORY_TURNS = 6
DOES_NOT_SAY = "The article does not say."
ESTIMATE_WARNING = "Token counts are estimates (the tokenizer could not be loaded)."
USAGE_WARNING = "The LLM server did not report token usage; the counts shown are our own."


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
            )
        }
        self.prompt_version = combined_version(
            self._prompts["brief.system"], self._prompts["brief.user"], self._prompts["reask.quotes"]
        )
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
        """The grounded brief; a prompt over budget is briefed in parts and merged, never cut."""
        messages = self._brief_messages(article, article.text, part_note="")
        prompt_tokens, exact = await self._count(messages)
        warnings = [] if exact else [ESTIMATE_WARNING]
        if prompt_tokens <= self._max_prompt_tokens:
            raw, usage = await self._brief_part(article, messages)
        else:
            raw, usage = await self._brief_in_parts(article, warnings=warnings)
        brief, stats = await asyncio.to_thread(ground_brief, raw, article.text)
        if usage is None:
            warnings.append(USAGE_WARNING)
            usage = TokenUsage(prompt=prompt_tokens, completion=await self._count_output(brief))
        log.debug("brief: grounding %s, tokens %s", stats, usage)
        return EngineOutput(
            brief=brief,
            engine="llm",
            model=self.model,
            prompt_version=self.prompt_version,
            tokens=usage,
            warnings=warnings,
            grounding=stats,
        )

    async def _count_output(self, model: Brief | AnswerDraft) -> int:
        return (await self._count([{"role": "assistant", "content": model.model_dump_json()}]))[0]

    async def _brief_part(
        self, article: Article, messages: list[ChatCompletionMessageParam]
    ) -> tuple[Brief, TokenUsage | None]:
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
        return second.parsed, _sum_usage(reply.usage, second.usage)

    async def _brief_in_parts(
        self, article: Article, *, warnings: list[str]
    ) -> tuple[Brief, TokenUsage | None]:
        empty = self._brief_messages(article, "", part_note=" (part 99 of 99)")
        fixed, _ = await self._count(empty)
        budget = self._max_prompt_tokens - fixed
        if budget < 1:
            raise ConfigError(f"max_prompt_tokens {self._max_prompt_tokens} leaves no room for article text")
        chunks = await asyncio.to_thread(split_into_chunks, article.text, max_tokens=budget, model=self.model)
        gate = asyncio.Semaphore(MAX_PARALLEL_PARTS)

        async def brief_chunk(number: int, chunk: str) -> tuple[Brief, TokenUsage | None]:
            note = f" (part {number} of {len(chunks)})"
            async with gate:
                return await self._brief_part(article, self._brief_messages(article, chunk, part_note=note))

        results = await asyncio.gather(*(brief_chunk(i, chunk) for i, chunk in enumerate(chunks, start=1)))
        warnings.append(f"The article was long, so it was briefed in {len(chunks)} parts.")
        usage: TokenUsage | None = TokenUsage()
        for _, part_usage in results:
            usage = _sum_usage(usage, part_usage)
        return merge_briefs([brief for brief, _ in results]), usage

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
        prompt_tokens, exact = await self._count(messages)
        warnings = [] if exact else [ESTIMATE_WARNING]
        reply = await self._chat.ask(messages, AnswerDraft, reask=self._prompts["reask.schema"])
        draft = reply.parsed
        usage = reply.usage
        if usage is None:
            warnings.append(USAGE_WARNING)
            usage = TokenUsage(prompt=prompt_tokens, completion=await self._count_output(draft))
        answer = Answer(
            question=question,
            answer=draft.answer,
            quotes=draft.quotes,
            found=draft.found,
            engine="llm",
            model=self.model,
            tokens=usage,
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


def _sum_usage(first: TokenUsage | None, second: TokenUsage | None) -> TokenUsage | None:
    if first is None or second is None:
        return None
    return TokenUsage(prompt=first.prompt + second.prompt, completion=first.completion + second.completion)
