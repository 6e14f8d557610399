"""Token accounting and Retry-After handling of the LLM engine, against the fake OpenAI server."""

from __future__ import annotations

import time
from email.utils import formatdate

import pytest

from bot.engines.llm import call as llm_call
from bot.engines.llm.engine import USAGE_WARNING, LLMEngine
from tests.fakes.llm_briefs import ARTICLE, brief_dict, claim
from tests.fakes.openai_server import FakeOpenAI, reply_json, reply_status, reply_text

DRAFT = {"answer": "This week.", "sentences": [2], "found": True}


async def test_corrective_reask_counts_the_bad_reply_too(engine: LLMEngine, fake: FakeOpenAI) -> None:
    fake.queue(reply_text('{"headline": "oops"', usage=(70, 9)), reply_json(brief_dict(), usage=(110, 25)))
    output = await engine.brief(ARTICLE)
    assert len(fake.requests) == 2
    assert output.tokens.model_dump() == {"prompt": 180, "completion": 34}
    assert USAGE_WARNING not in output.warnings


async def test_grounding_reask_counts_both_briefs(engine: LLMEngine, fake: FakeOpenAI) -> None:
    invented = brief_dict(claims=[claim(3, statement="The minister resigned in protest.")], denials=[])
    fake.queue(reply_json(invented, usage=(100, 20)), reply_json(brief_dict(), usage=(150, 30)))
    output = await engine.brief(ARTICLE)
    assert len(fake.requests) == 2
    assert output.tokens.model_dump() == {"prompt": 250, "completion": 50}


async def test_answer_reask_counts_both_replies(engine: LLMEngine, fake: FakeOpenAI) -> None:
    fake.queue(reply_text("not json", usage=(40, 5)), reply_json(DRAFT, usage=(60, 8)))
    answer = await engine.answer(ARTICLE, "When is the call?")
    assert answer.found and answer.tokens.model_dump() == {"prompt": 100, "completion": 13}


async def test_a_reply_without_usage_is_estimated_and_added_to_reported_ones(
    engine: LLMEngine, fake: FakeOpenAI
) -> None:
    fake.queue(reply_text('{"headline": "oops"', usage=False), reply_json(brief_dict(), usage=(110, 25)))
    output = await engine.brief(ARTICLE)
    # Our own count of the first request: the schema and the article alone are far above 100 tokens.
    assert output.tokens.prompt > 110 + 300 and output.tokens.completion > 25
    assert USAGE_WARNING in output.warnings


async def test_retry_after_http_date_is_honoured(engine: LLMEngine, fake: FakeOpenAI) -> None:
    fake.queue(reply_status(429, retry_after=formatdate(time.time() + 2, usegmt=True)))
    started = time.perf_counter()
    output = await engine.brief(ARTICLE)
    assert time.perf_counter() - started >= 1.0  # the date has whole seconds: at least 1 s of the 2 remain
    assert len(fake.requests) == 2 and output.brief.headline == "Trip cancelled"


async def test_retry_after_http_date_far_ahead_is_capped(
    engine: LLMEngine, fake: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(llm_call, "MAX_RETRY_AFTER_SECONDS", 0.3)
    fake.queue(reply_status(503, retry_after=formatdate(time.time() + 3600, usegmt=True)))
    started = time.perf_counter()
    await engine.brief(ARTICLE)
    assert 0.3 <= time.perf_counter() - started < 5
    assert len(fake.requests) == 2


async def test_retry_after_in_the_past_or_garbled_retries_at_once(engine: LLMEngine, fake: FakeOpenAI) -> None:
    fake.queue(
        reply_status(429, retry_after=formatdate(time.time() - 60, usegmt=True)),
        reply_status(429, retry_after="soon, maybe"),
    )
    started = time.perf_counter()
    await engine.brief(ARTICLE)
    assert time.perf_counter() - started < 1.0
    assert len(fake.requests) == 3
