"""Grounding runs once per brief, inside the engines package; the service trusts the figures it gets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import bot.engines.llm.engine as llm_engine
import bot.engines.router as router
from bot.bootstrap import build_service
from bot.config import Settings
from bot.grounding import ground_brief
from tests.fakes.llm_briefs import ARTICLE, brief_dict, claim
from tests.fakes.openai_server import FakeOpenAI, reply_json


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every call of the real ground_brief, by the module that made it."""
    seen: list[str] = []

    def counting(where: str) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            seen.append(where)
            return ground_brief(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(router, "ground_brief", counting("router"))
    monkeypatch.setattr(llm_engine, "ground_brief", counting("llm"))
    yield seen


def settings(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'b.db'}", **overrides)  # type: ignore[call-arg]


async def test_an_offline_brief_is_grounded_once_by_the_router(tmp_path: Path, calls: list[str]) -> None:
    service = await build_service(settings(tmp_path, engine="extractive"))
    service.engines.cpu = None  # in a thread, so the counting wrapper sees the call (a pool child would not)
    try:
        result = await service.brief_article(ARTICLE)
    finally:
        await service.aclose()
    assert calls == ["router"]
    shown = len(result.brief.claims) + len(result.brief.denials)
    assert result.meta.grounding.verified == shown and result.meta.grounding.checked >= shown


async def test_an_llm_brief_is_grounded_once_by_its_engine_and_the_figures_reach_meta(
    tmp_path: Path, calls: list[str]
) -> None:
    unsupported = claim(3, statement="The minister resigned in protest over bribes.")
    with FakeOpenAI(default=reply_json(brief_dict(claims=[claim(1), unsupported, claim(1, 2)]))) as fake:
        service = await build_service(settings(tmp_path, openai_base_url=fake.base_url, engine="llm"))
        try:
            result = await service.brief_article(ARTICLE)
        finally:
            await service.aclose()
    assert calls == ["llm"]
    grounding = result.meta.grounding
    assert (grounding.checked, grounding.verified, grounding.dropped) == (4, 3, 1)
    assert grounding.why == {"statement_unrelated": 1}
    assert any("1 claim(s) or denial(s) were left out" in warning for warning in result.meta.warnings)
