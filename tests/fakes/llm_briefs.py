"""A small article and canned briefs for the LLM engine tests, and an engine pointed at the fake server.

Canned briefs are in the wire shape the model writes (``bot.engines.llm.wire``): items cite sentence numbers.
TEXT numbers as [1] the Post's report, [2] the officials' denial, [3] the sources' remark.
"""

from __future__ import annotations

import re
from typing import Any

from bot.config import PROJECT_ROOT
from bot.engines.llm.engine import LLMEngine
from bot.models import Article
from tests.fakes.openai_server import FakeOpenAI, FakeRequest

TEXT = (
    "The Washington Post reported that the minister's trip was cancelled after a call was refused.\n"
    "U.S. officials denied the report, saying the call was scheduled for this week.\n"
    "Sources close to the minister said the decision was not personal."
)


ARTICLE = Article(source="https://example.com/a", title="Trip cancelled", text=TEXT, word_count=40)


def claim(
    *sentences: int, claimant: str = "The Washington Post", statement: str = "The trip was cancelled."
) -> dict[str, Any]:
    return {"statement": statement, "claimant": claimant, "sentences": list(sentences)}


def denial(
    *sentences: int,
    denier: str = "U.S. officials",
    denied: str = "That the call was refused.",
    disputes_claim: int | None = 0,
) -> dict[str, Any]:
    return {"denier": denier, "denied": denied, "sentences": list(sentences), "disputes_claim": disputes_claim}


def brief_dict(
    *, claims: list[dict[str, Any]] | None = None, denials: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "headline": "Trip cancelled",
        "summary": "A trip was cancelled; officials deny the reason.",
        "actors": [{"name": "U.S. officials", "role": None, "kind": "official"}],
        "claims": claims if claims is not None else [claim(1)],
        "denials": denials if denials is not None else [denial(2)],
        "open_questions": [{"question": "Why was the call not held?", "why": "Accounts conflict."}],
    }


def make_engine(fake: FakeOpenAI, **overrides: Any) -> LLMEngine:
    options: dict[str, Any] = {
        "model": "gpt-4o-mini",
        "api_key": "sk-test-secret",
        "base_url": fake.base_url,
        "timeout_seconds": 2.0,
        "max_retries": 2,
        "max_prompt_tokens": 4000,
        "max_completion_tokens": 500,
        "prompts_dir": PROJECT_ROOT / "prompts",
        "backoff_seconds": 0.01,
    }
    options.update(overrides)
    return LLMEngine(**options)


def sentence_number(request: FakeRequest, fragment: str) -> int:
    """The number the request's article gave the sentence containing ``fragment`` (0 when none does), so a
    canned reply can cite whatever numbering the article got after fetching and extraction."""
    user = str(request.body["messages"][1]["content"])
    pieces = re.split(r"\[(\d+)\] ", user)
    for number, text in zip(pieces[1::2], pieces[2::2], strict=True):
        if fragment in text:
            return int(number)
    return 0
