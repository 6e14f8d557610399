"""The LLM engine tests' rig: a fake OpenAI server answering a canned brief, and an engine pointed at it.
A module that needs another default reply or engine option overrides the fixture by name."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from bot.engines.llm import LLMEngine
from tests.fakes.llm_briefs import brief_dict, make_engine
from tests.fakes.openai_server import FakeOpenAI, reply_json


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(default=reply_json(brief_dict())) as server:
        yield server


@pytest.fixture
async def engine(fake: FakeOpenAI) -> AsyncIterator[LLMEngine]:
    built = make_engine(fake)
    yield built
    await built.aclose()
