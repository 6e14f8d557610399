"""The LLM engine: article -> grounded Brief, and follow-up answers, through any OpenAI-compatible server.

The model reads the article as numbered sentences and cites numbers (``wire``); code fills in the cited text,
so quotes are verbatim by construction, and grounds each part's brief once (``bot.grounding``) because the
re-ask decision needs that result. Owns prompt assembly, the token budget, the re-ask and the merge call over
part ledes; the wire protocol lives in ``call``, briefing in parts in ``parts``. Imports no platform.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import openai
from openai.types.chat import ChatCompletionMessageParam

from bot.config import Settings
from bot.engines.llm.call import CallUsage, LLMTruncatedError, StructuredChat, prepare_wire_formats, schema_text
from bot.engines.llm.limits import LLMLimits
from bot.engines.llm.merge import BriefLede, merge_briefs, render_part_ledes
from bot.engines.llm.parts import PartBriefer, Passage, split_passage
from bot.engines.llm.prompts import combined_version, fence_untrusted, load_prompt
from bot.engines.llm.wire import AnswerCite, BriefCite, to_brief
from bot.engines.tokens import count_tokens
from bot.errors import ConfigError, LLMError
from bot.grounding import SPLITTER_VERSION, NumberedText, cited_text, ground_brief, number_sentences
from bot.models import MAX_ANSWER_CHARS, Answer, Article, Brief, EngineOutput, GroundingStats, clip_text

log = logging.getLogger(__name__)

PLACEHOLDER_API_KEY = "not-needed"  # local servers (Ollama, vLLM) ignore the key, but the client wants one
MAX_FAILED_SHARE = 1 / 2  # when most claims and denials fail grounding, the part is asked for once more
MAX_HISTORY_TURNS = 6
DOES_NOT_SAY = "The article does not say."
ESTIMATE_WARNING = "Token counts are estimates (the tokenizer could not be loaded)."
USAGE_WARNING = "The LLM server did not report token usage; the counts shown are our own."
MERGE_FALLBACK_WARNING = "The headline and summary cover only the article's first part (the merge step failed)."
# Every prompt that can shape a brief, so a change to any of them gives briefs a new prompt_version; the
# wire schema and the sentence numbering are hashed in too (see ``brief_prompt_version``).
BRIEF_PROMPTS = ("brief.system", "brief.user", "reask.citations", "reask.schema", "merge.system", "merge.user")
# How a dropped item is named to the model in the re-ask.
REASONS = {
    "bad_citation": "cited no sentence in range",
    "not_found": "cited text not found",
    "too_short": "cited too little text",
    "speaker_not_named": "cited sentences that do not name the speaker",
    "statement_unrelated": "cited sentences that do not say what the statement says",
}


@dataclass(frozen=True)
class GroundedPart:
    """One part's brief after grounding, and what grounding dropped from it."""

    brief: Brief
    stats: GroundingStats


def _shown_stats(brief: Brief, parts: Sequence[GroundedPart]) -> GroundingStats:
    """Figures for the merged brief: what is shown, plus everything any part dropped."""
    why: dict[str, int] = {}
    for part in parts:
        for reason, count in part.stats.why.items():
            why[reason] = why.get(reason, 0) + count
    dropped = sum(part.stats.dropped for part in parts)
    shown = len(brief.claims) + len(brief.denials)
    return GroundingStats(checked=shown + dropped, verified=shown, dropped=dropped, why=why)


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
                "reask.citations",
                "merge.system",
                "merge.user",
                "brief.language",
            )
        }
        self._language: str | None = None
        self.prompt_version = combined_version(
            *(self._prompts[name] for name in BRIEF_PROMPTS),
            extra=(schema_text(BriefCite), schema_text(BriefLede), SPLITTER_VERSION),
        )
        self.answer_prompt_version = combined_version(
            self._prompts["answer.system"], self._prompts["answer.user"], extra=(schema_text(AnswerCite),)
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

    async def warm(self) -> None:
        """Pay the first request's one-off costs at start-up, not in a user's first brief: the tokenizer's
        encoding (read from disk and built, hundreds of milliseconds) and the JSON schemas sent with requests."""
        await asyncio.to_thread(count_tokens, "warm", model=self.model)
        prepare_wire_formats(BriefCite, BriefLede, AnswerCite)

    async def aclose(self) -> None:
        await self._client.close()

    def configured(self, *, model: str | None = None, language: str | None = None) -> LLMEngine:
        """This engine asking another (operator-allowed) model, or writing briefs in a fixed language; it
        shares the client. The language is part of the prompt version, so the cache keeps them apart."""
        if (model or self.model) == self.model and language == self._language:
            return self
        other = copy.copy(self)
        if model and model != self.model:
            other.model = model
            other._chat = copy.copy(self._chat)
            other._chat._model = model
        if language:
            other._language = language
            prompts = (self._prompts[name] for name in (*BRIEF_PROMPTS, "brief.language"))
            extra = (schema_text(BriefCite), schema_text(BriefLede), SPLITTER_VERSION)
            other.prompt_version = f"{combined_version(*prompts, extra=extra)}+{language.lower()}"
        return other

    def _system(self, name: str) -> str:
        if self._language is None:
            return self._prompts[name].text
        return self._prompts[name].text + "\n" + self._prompts["brief.language"].render(language=self._language)

    # --- brief ---------------------------------------------------------------------------------------------
    def _brief_messages(self, article: Article, text: str, *, part_note: str) -> list[ChatCompletionMessageParam]:
        user = self._prompts["brief.user"].render(
            title=fence_untrusted(article.title or ""), text=fence_untrusted(text), part_note=part_note
        )
        return [
            {"role": "system", "content": self._system("brief.system")},
            {"role": "user", "content": user},
        ]

    async def _count(self, messages: Sequence[ChatCompletionMessageParam]) -> tuple[int, bool]:
        text = "\n".join(str(message.get("content") or "") for message in messages)
        count = await asyncio.to_thread(count_tokens, text, model=self.model)
        return count.n, count.exact

    async def brief(self, article: Article) -> EngineOutput:
        """The grounded brief; a prompt over budget, or a reply cut off at the completion limit, is briefed
        in parts (runs of whole sentences, numbered as in the whole article) and merged, never cut."""
        numbered = await asyncio.to_thread(number_sentences, article.text)
        whole: Passage = numbered.sentences
        messages = self._brief_messages(article, numbered.render(whole), part_note="")
        prompt_tokens, exact = await self._count(messages)
        warnings = [] if exact else [ESTIMATE_WARNING]
        chunks = [whole]
        if prompt_tokens > self._max_prompt_tokens:
            chunks = await self._split(numbered, whole, await self._text_budget(article))
            warnings.append(f"The article was long, so it was briefed in {len(chunks)} parts.")

        async def brief_text(chunk: Passage, note: str) -> tuple[GroundedPart, CallUsage]:
            text = numbered.render(chunk)
            return await self._brief_part(numbered, self._brief_messages(article, text, part_note=note))

        briefer: PartBriefer[Passage, GroundedPart] = PartBriefer(
            brief_text=brief_text,
            split_text=lambda chunk, max_tokens: self._split(numbered, chunk, max_tokens),
            count_text=lambda chunk: self._count_text(numbered.render(chunk)),
        )
        parts, usage = await briefer.brief_chunks(chunks, warnings=warnings)
        brief, merge_usage = await self._reduce(article, [part.brief for part in parts], warnings=warnings)
        usage += merge_usage
        if usage.estimated:
            warnings.append(USAGE_WARNING)
        stats = _shown_stats(brief, parts)
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

    async def _ground(self, cite: BriefCite, numbered: NumberedText) -> GroundedPart:
        """Citations become the article's sentences, then every item is checked once (``bot.grounding``)."""
        brief, bad = to_brief(cite, numbered)
        grounded, stats = await asyncio.to_thread(ground_brief, brief, numbered, already_dropped=bad)
        return GroundedPart(brief=grounded, stats=stats)

    async def _brief_part(
        self, numbered: NumberedText, messages: list[ChatCompletionMessageParam]
    ) -> tuple[GroundedPart, CallUsage]:
        """One brief call; if most items fail grounding, one re-ask that says why, and the better reply wins."""
        reply = await self._chat.ask(messages, BriefCite, reask=self._prompts["reask.schema"])
        part = await self._ground(reply.parsed, numbered)
        if part.stats.dropped <= part.stats.checked * MAX_FAILED_SHARE:
            return part, reply.usage
        log.debug(
            "brief: %d of %d items failed grounding (%s); re-asking once",
            part.stats.dropped,
            part.stats.checked,
            part.stats.why,
        )
        reasons = ", ".join(f"{count} {REASONS.get(why, why)}" for why, count in sorted(part.stats.why.items()))
        retry: list[ChatCompletionMessageParam] = [
            *messages,
            {"role": "assistant", "content": reply.parsed.model_dump_json()},
            {
                "role": "user",
                "content": self._prompts["reask.citations"].render(
                    dropped=part.stats.dropped,
                    checked=part.stats.checked,
                    reasons=reasons,
                    last=len(numbered.sentences),
                ),
            },
        ]
        second = await self._chat.ask(retry, BriefCite, reask=self._prompts["reask.schema"])
        again = await self._ground(second.parsed, numbered)
        best = again if again.stats.verified >= part.stats.verified else part
        return best, reply.usage + second.usage

    async def _text_budget(self, article: Article) -> int:
        """Tokens left for article text in one part, after the prompt around it."""
        empty = self._brief_messages(article, "", part_note=" (part 99 of 99, section 9 of 9)")
        budget = self._max_prompt_tokens - (await self._count(empty))[0]
        if budget < 1:
            raise ConfigError(f"max_prompt_tokens {self._max_prompt_tokens} leaves no room for article text")
        return budget

    async def _split(self, numbered: NumberedText, chunk: Passage, max_tokens: int) -> list[Passage]:
        return await asyncio.to_thread(split_passage, numbered, chunk, max_tokens=max_tokens, model=self.model)

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
            {"role": "system", "content": self._system("merge.system")},
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
        """An answer from the article alone, quoting the sentences it cites (the same numbering as the brief);
        without a valid citation it is "The article does not say."."""
        numbered = await asyncio.to_thread(number_sentences, article.text)
        messages = self._answer_messages(article, numbered, question, brief=brief, history=history)
        _, exact = await self._count(messages)
        warnings = [] if exact else [ESTIMATE_WARNING]
        reply = await self._chat.ask(messages, AnswerCite, reask=self._prompts["reask.schema"])
        draft = reply.parsed
        if reply.usage.estimated:
            warnings.append(USAGE_WARNING)
        quotes: list[str] = []
        for number in sorted(set(draft.sentences)):  # one quote per cited sentence: each is its support
            quote = cited_text([number], numbered)
            if quote is not None and quote not in quotes:
                quotes.append(quote)
        answer = Answer(
            question=question,
            answer=clip_text(draft.answer, MAX_ANSWER_CHARS),
            quotes=quotes,
            found=draft.found and bool(quotes),
            engine="llm",
            model=self.model,
            tokens=reply.usage.as_tokens(),
            warnings=warnings,
        )
        if not answer.found:
            log.debug("answer: not found (model found=%s, cited %s)", draft.found, draft.sentences)
            return answer.model_copy(update={"answer": DOES_NOT_SAY, "found": False, "quotes": []})
        return answer

    def _answer_messages(
        self,
        article: Article,
        numbered: NumberedText,
        question: str,
        *,
        brief: Brief | None,
        history: Sequence[tuple[str, str]],
    ) -> list[ChatCompletionMessageParam]:
        turns = "\n".join(f"Q: {q}\nA: {a}" for q, a in list(history)[-MAX_HISTORY_TURNS:]) or "(none)"
        compact = _compact_brief(brief) if brief is not None else "(none)"
        user = self._prompts["answer.user"].render(
            title=fence_untrusted(article.title or ""),
            text=fence_untrusted(numbered.render()),
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
