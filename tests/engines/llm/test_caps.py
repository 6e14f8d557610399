"""Size caps on LLM output: enforced after parsing, never as schema keywords (strict providers reject those)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.engines import Engines
from bot.engines.llm.call import schema_text
from bot.engines.llm.wire import AnswerCite, BriefCite
from bot.errors import LLMOutputError
from bot.models import (
    MAX_CLAIMS,
    MAX_QUOTE_CHARS,
    MAX_STATEMENT_CHARS,
    Brief,
    Claim,
)
from tests.fakes.llm_briefs import ARTICLE, brief_dict, claim, make_engine
from tests.fakes.openai_server import FakeOpenAI, reply_json

LIMIT_KEYWORDS = ("maxLength", "maxItems", "minLength", "minItems", "maximum", "minimum", "pattern")


def test_the_schemas_sent_carry_no_length_or_count_keywords() -> None:
    for model in (BriefCite, AnswerCite):
        sent = schema_text(model)
        assert not [word for word in LIMIT_KEYWORDS if f'"{word}"' in sent], sent


HUGE: dict[str, Any] = {
    "5,000 claims": brief_dict(claims=[claim(1)] * 5_000),
    "a 100k-character statement": brief_dict(claims=[claim(1, statement="trip cancelled " * 7_000)]),
    "a 100k-character headline": {**brief_dict(), "headline": "h" * 100_000},
    "a 100k-character actor name": {
        **brief_dict(),
        "actors": [{"name": "x" * 100_000, "role": None, "kind": "person"}],
    },
}


@pytest.mark.parametrize("reply", HUGE.values(), ids=HUGE.keys())
async def test_an_oversized_reply_is_re_asked_then_refused_and_auto_falls_back(
    fake: FakeOpenAI, reply: dict[str, Any]
) -> None:
    fake.default = reply_json(reply)
    engine = make_engine(fake, max_retries=0)
    try:
        with pytest.raises(LLMOutputError):
            await engine.brief(ARTICLE)
        assert len(fake.requests) == 2
        assert "at most" in fake.requests[1].body["messages"][-1]["content"]  # the re-ask says what is allowed
        output = await Engines(llm=engine, default="auto").brief(ARTICLE, None)
    finally:
        await engine.aclose()
    assert output.engine == "extractive"
    assert len(output.model_dump_json()) < 20_000  # nothing oversized reaches the store


async def test_an_oversized_reply_corrected_on_the_re_ask_is_used(fake: FakeOpenAI) -> None:
    fake.queue(reply_json(HUGE["5,000 claims"]), reply_json(brief_dict()))
    engine = make_engine(fake)
    try:
        output = await engine.brief(ARTICLE)
    finally:
        await engine.aclose()
    assert len(output.brief.claims) == 1


def test_a_brief_from_any_engine_is_clipped_to_the_caps() -> None:
    quote = "word " * 1_000
    brief = Brief(
        headline="h",
        summary="s",
        actors=[],
        claims=[Claim(statement="s " * 1_000, claimant="c", quote=quote, hedged=False, disputed=False)] * 100,
        denials=[],
        open_questions=[],
    )
    assert len(brief.claims) == MAX_CLAIMS
    assert len(brief.claims[0].statement) <= MAX_STATEMENT_CHARS
    clipped = brief.claims[0].quote
    assert len(clipped) <= MAX_QUOTE_CHARS and quote.startswith(clipped)  # a prefix: still a verbatim excerpt
    assert json.loads(brief.model_dump_json())["claims"][0]["quote"] == clipped
