"""Any malformed 200 from an OpenAI-compatible gateway is an LLM error, so `auto` falls back to the offline
engine with a warning; driven through the fake server and the real openai client."""

from __future__ import annotations

from typing import Any

import pytest

from bot.engines import Engines
from bot.engines.llm.engine import LLMEngine
from bot.engines.router import ANSWER_FALLBACK_WARNING, FALLBACK_WARNING
from bot.errors import LLMError
from tests.fakes.llm_briefs import ARTICLE, make_engine
from tests.fakes.openai_server import FakeOpenAI, reply_body

CHOICE = {"index": 0, "finish_reason": "stop", "logprobs": None}
BASE = {"id": "x", "object": "chat.completion", "created": 0, "model": "m"}
MALFORMED: dict[str, Any] = {
    "empty choices": {**BASE, "choices": []},
    "no choices": BASE,
    "choices null": {**BASE, "choices": None},
    "choices not a list": {**BASE, "choices": {"0": {}}},
    "list body": [{"choices": []}],
    "string body": "hello",
    "null body": None,
    "choice without message": {**BASE, "choices": [CHOICE]},
    "message not an object": {**BASE, "choices": [{**CHOICE, "message": "hi"}]},
    "content not text": {**BASE, "choices": [{**CHOICE, "message": {"role": "assistant", "content": 5}}]},
    "content null": {**BASE, "choices": [{**CHOICE, "message": {"role": "assistant", "content": None}}]},
}


@pytest.fixture
async def engine(fake: FakeOpenAI) -> Any:
    built = make_engine(fake, max_retries=0)
    yield built
    await built.aclose()


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_malformed_reply_is_an_llm_error(engine: LLMEngine, fake: FakeOpenAI, body: Any) -> None:
    fake.default = reply_body(body)
    with pytest.raises(LLMError) as caught:
        await engine.brief(ARTICLE)
    assert caught.value.user_message  # a plain message for the person who pasted the link


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
async def test_auto_falls_back_to_the_offline_engine_on_a_malformed_reply(
    engine: LLMEngine, fake: FakeOpenAI, body: Any
) -> None:
    fake.default = reply_body(body)
    engines = Engines(llm=engine, default="auto")
    output = await engines.brief(ARTICLE, None)
    assert output.engine == "extractive" and FALLBACK_WARNING in output.warnings
    answer = await engines.answer(ARTICLE, "Who denied the report?", brief=output.brief, history=[])
    assert answer.engine == "extractive" and ANSWER_FALLBACK_WARNING in answer.warnings
