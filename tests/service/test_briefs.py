"""The core use cases end to end on loopback: fetch a fake site, brief, cache, fall back, answer after a restart."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator, Callable
from html import escape
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from bot.bootstrap import build_service
from bot.config import Settings, load_settings
from bot.errors import (
    BlockedAddressError,
    ConversationNotFoundError,
    LLMRefusalError,
    LLMUnavailableError,
    NotArticleError,
)
from bot.service import BriefService
from bot.store import ConversationKey
from tests.fakes.llm_briefs import sentence_number
from tests.fakes.openai_server import (
    FakeOpenAI,
    FakeRequest,
    Reply,
    reply_delay,
    reply_json,
    reply_refusal,
    reply_status,
)
from tests.fakes.paths import REPO_ROOT
from tests.fakes.site import FakeSite

SAMPLE = (REPO_ROOT / "examples" / "sample-article.txt").read_text()
KEY = ConversationKey(platform="slack", workspace="T1", channel="C1", thread="1700000000.000100")


def sample_html() -> str:
    title, _, body = SAMPLE.partition("\n\n")
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (
        f"<html lang='en'><head><title>{escape(title)}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{escape(title)}</h1>{paragraphs}</article></body></html>"
    )


def llm_brief(fragment: str) -> Callable[[FakeRequest], Reply]:
    """A canned model reply citing the sentence that holds ``fragment``, an unrelated claim and the denial."""

    def reply(request: FakeRequest) -> Reply:
        return reply_json(
            {
                "headline": "Port authority accused over bridge crack",
                "summary": "A newspaper says the authority knew of a crack; its chair denies it.",
                "actors": [{"name": "Helena Varga", "role": "Port Authority chair", "kind": "official"}],
                "claims": [
                    {
                        "statement": "The authority knew about the structural crack.",
                        "claimant": "Coastal Ledger",
                        "sentences": [sentence_number(request, fragment)],
                    },
                    {
                        "statement": "The mayor resigned in disgrace.",
                        "claimant": "Coastal Ledger",
                        "sentences": [sentence_number(request, fragment)],
                    },
                ],
                "denials": [
                    {
                        "denier": "Helena Varga",
                        "denied": "The Ledger's report about the crack.",
                        "sentences": [sentence_number(request, "Helena Varga denied the report")],
                        "disputes_claim": 0,
                    },
                ],
                "open_questions": [{"question": "Who knew about the crack, and when?", "why": "Accounts conflict."}],
            }
        )

    return reply


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "_env_file": None,
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "fetch_allow_networks": "127.0.0.1/32",
    }
    values.update(overrides)
    return load_settings(**values)


@pytest.fixture
async def site() -> AsyncIterator[FakeSite]:
    async with FakeSite() as fake:
        fake.route("/story", body=sample_html())
        fake.route("/teaser", body="<html><body><p>Read more soon.</p></body></html>")
        yield fake


async def test_brief_from_a_url_then_from_the_cache(tmp_path: Path, site: FakeSite) -> None:
    service = await build_service(make_settings(tmp_path))
    try:
        first = await service.brief(site.url("/story"))
        assert first.meta.engine == "extractive" and not first.meta.cached
        assert first.source.title and "Marlow" in first.source.title
        assert first.brief.denials, "the sample article carries a denial"
        assert first.meta.grounding.verified == first.meta.grounding.checked > 0
        requests_after_first = len(site.paths)

        again = await service.brief(site.url("/story?utm_source=slack&utm_medium=x#top"))
        assert again.meta.cached
        assert again.brief == first.brief
        assert len(site.paths) == requests_after_first, "a cached link is not fetched again"

        fresh = await service.brief(site.url("/story"), refresh=True)
        assert not fresh.meta.cached
        assert len(site.paths) == requests_after_first + 1
    finally:
        await service.aclose()


async def test_a_redirect_or_a_mirror_of_a_briefed_story_is_answered_from_the_cache(
    tmp_path: Path, site: FakeSite
) -> None:
    site.redirect("/short", "/story")
    site.route("/mirror", body=sample_html())
    with FakeOpenAI(default=llm_brief("The Marlow Port Authority knew about a structural crack")) as fake:
        service = await build_service(make_settings(tmp_path, openai_base_url=fake.base_url, llm_max_retries=0))
        try:
            first = await service.brief(site.url("/story"))
            calls = len(fake.requests)
            via_redirect = await service.brief(site.url("/short"))
            mirrored = await service.brief(site.url("/mirror"))
            assert via_redirect.meta.cached and mirrored.meta.cached
            assert len(fake.requests) == calls, "no LLM call for a story already briefed"
            assert mirrored.source.url == site.url("/mirror")
            assert mirrored.brief == first.brief
        finally:
            await service.aclose()


async def test_the_same_link_requested_at_once_is_briefed_once(tmp_path: Path, site: FakeSite) -> None:
    quote = "The Marlow Port Authority knew about a structural crack"
    with FakeOpenAI(default=lambda request: reply_delay(0.5, llm_brief(quote)(request))) as fake:
        service = await build_service(make_settings(tmp_path, openai_base_url=fake.base_url, llm_max_retries=0))
        try:
            results = await asyncio.gather(*(service.brief(site.url(f"/story#c{i}")) for i in range(3)))
            assert len(fake.requests) == 1, "five channels pasting one link cost one LLM call"
            assert sorted(r.meta.cached for r in results) == [False, True, True]
            assert len(service.inflight) == 0, "no lock is left behind"
        finally:
            await service.aclose()


async def test_cache_max_age_zero_fetches_again(tmp_path: Path, site: FakeSite) -> None:
    service = await build_service(make_settings(tmp_path, cache_max_age_seconds=0))
    try:
        await service.brief(site.url("/story"))
        second = await service.brief(site.url("/story"))
        assert not second.meta.cached
        assert site.paths.count("/story") == 2
    finally:
        await service.aclose()


async def test_a_cached_link_is_looked_up_once_and_claims_nothing(tmp_path: Path, site: FakeSite) -> None:
    """Fifty pastes of a briefed link cost two reads each (its latest article, that article's brief)."""
    service = await build_service(make_settings(tmp_path))
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    try:
        first = await service.brief(site.url("/story"))
        event.listen(service.store.engine.sync_engine, "before_cursor_execute", record)
        again = await service.brief(site.url("/story"))
        assert again.meta.cached and again.brief_id == first.brief_id
        assert len(statements) == 2, statements
        assert all(statement.lstrip().upper().startswith("SELECT") for statement in statements), statements
    finally:
        event.remove(service.store.engine.sync_engine, "before_cursor_execute", record)
        await service.aclose()


async def test_llm_brief_is_grounded_and_a_cached_link_costs_no_llm_call(tmp_path: Path, site: FakeSite) -> None:
    quote = "The Marlow Port Authority knew about a structural crack in the harbour's main bridge"
    with FakeOpenAI(default=llm_brief(quote)) as fake:
        service = await build_service(make_settings(tmp_path, openai_base_url=fake.base_url, llm_max_retries=0))
        try:
            result = await service.brief(site.url("/story"))
            assert result.meta.engine == "llm"
            calls = len(fake.requests)
            assert calls >= 1
            assert [claim.statement for claim in result.brief.claims] == [
                "The authority knew about the structural crack."
            ], "a claim its cited sentence does not carry is never shown"
            assert result.brief.claims[0].quote.startswith("MARLOW — The Marlow Port Authority knew")
            assert all(claim.quote in " ".join(SAMPLE.split()) for claim in result.brief.claims)
            assert result.meta.grounding.dropped == 1
            assert result.meta.grounding.why == {"statement_unrelated": 1}
            assert result.brief.claims[0].disputed, "the denial is linked to the claim it disputes"

            cached = await service.brief(site.url("/story"))
            assert cached.meta.cached
            assert len(fake.requests) == calls, "a cached link costs zero LLM calls"
            assert cached.meta.tokens.prompt == 0
        finally:
            await service.aclose()


async def test_llm_down_falls_back_to_the_extractive_engine_with_a_warning(tmp_path: Path, site: FakeSite) -> None:
    with FakeOpenAI(default=reply_status(500)) as fake:
        service = await build_service(make_settings(tmp_path, openai_base_url=fake.base_url, llm_max_retries=0))
        try:
            result = await service.brief(site.url("/story"))
            assert result.meta.engine == "extractive"
            assert any("offline extractive engine" in w for w in result.meta.warnings)
            with pytest.raises(LLMUnavailableError):
                await service.brief(site.url("/story"), engine="llm", refresh=True)
        finally:
            await service.aclose()


async def test_an_llm_refusal_still_gets_a_brief_under_auto(tmp_path: Path, site: FakeSite) -> None:
    with FakeOpenAI(default=reply_refusal("I can't help with that.")) as fake:
        service = await build_service(make_settings(tmp_path, openai_base_url=fake.base_url, llm_max_retries=0))
        try:
            result = await service.brief(site.url("/story"))
            assert result.meta.engine == "extractive" and result.brief.claims
            assert any("declined" in warning for warning in result.meta.warnings)
            with pytest.raises(LLMRefusalError):
                await service.brief(site.url("/story"), engine="llm", refresh=True)
        finally:
            await service.aclose()


async def test_a_teaser_is_refused_by_the_gate(tmp_path: Path, site: FakeSite) -> None:
    service = await build_service(make_settings(tmp_path))
    try:
        with pytest.raises(NotArticleError) as caught:
            await service.brief(site.url("/teaser"))
        assert caught.value.exit_code == 2
        assert caught.value.user_message
    finally:
        await service.aclose()


async def test_follow_up_is_answered_after_a_restart(tmp_path: Path, site: FakeSite) -> None:
    settings = make_settings(tmp_path)
    first: BriefService = await build_service(settings)
    try:
        result = await first.brief(site.url("/story"))
        await first.attach_conversation(KEY, result)
    finally:
        await first.aclose()

    second = await build_service(settings)
    try:
        assert await second.has_conversation(KEY)
        answer = await second.ask(KEY, "What did Helena Varga say about the report?", asked_by="U1")
        assert answer.found
        assert answer.quotes and all(q in SAMPLE for q in answer.quotes)
        unknown = await second.ask(KEY, "What is the population of Jupiter's moons?")
        assert not unknown.found and not unknown.quotes
        turns = await second.store.recent_turns(KEY, limit=10)
        assert [t.question for t in turns] == [
            "What did Helena Varga say about the report?",
            "What is the population of Jupiter's moons?",
        ]
        with pytest.raises(ConversationNotFoundError):
            await second.ask(ConversationKey("slack", "T1", "C1", "nope"), "Anything?")
    finally:
        await second.aclose()


async def test_llm_follow_ups_carry_the_stored_article_and_earlier_turns(tmp_path: Path, site: FakeSite) -> None:
    quote = "The Marlow Port Authority knew about a structural crack"

    def answer(request: FakeRequest) -> Reply:
        cited = sentence_number(request, "Helena Varga denied the report")
        return reply_json({"answer": "Helena Varga denied it.", "found": True, "sentences": [cited]})

    with FakeOpenAI(default=llm_brief(quote)) as fake:
        settings = make_settings(tmp_path, openai_base_url=fake.base_url, llm_max_retries=0)
        first = await build_service(settings)
        try:
            await first.attach_conversation(KEY, await first.brief(site.url("/story")))
        finally:
            await first.aclose()
        fetches = len(site.paths)

        second = await build_service(settings)  # a restart: only the store remembers
        fake.default = answer
        try:
            one = await second.ask(KEY, "Who denied the report?", asked_by="U1")
            two = await second.ask(KEY, "And when?", asked_by="U2")
        finally:
            await second.aclose()
    assert one.found and two.found
    assert one.quotes == ["Port Authority chair Helena Varga denied the report on Tuesday."]
    assert len(site.paths) == fetches, "answers come from the stored article, not a new fetch"
    last_prompt = json.dumps(fake.requests[-1].body["messages"])
    assert "Who denied the report?" in last_prompt and "Helena Varga denied it." in last_prompt
    assert "structural crack" in last_prompt, "the stored article text is sent"


async def test_a_forged_headline_over_a_real_body_is_never_served_for_the_real_page(
    tmp_path: Path, site: FakeSite
) -> None:
    """The content-hash cache is shared by every workspace: a copy of a real body under a forged title must not
    plant its headline on later links to the real story."""
    forged = "Mayor Becker arrested for fraud, police say"
    site.route("/forged", body=sample_html().replace("<title>", f"<title>{forged} | ", 1))
    service = await build_service(make_settings(tmp_path))
    try:
        planted = await service.brief(site.url("/forged"))
        assert forged in (planted.source.title or "")
        real = await service.brief(site.url("/story"))
        assert not real.meta.cached
        assert forged not in json.dumps(real.model_dump(mode="json"))
        site.route("/copy", body=sample_html())
        mirror = await service.brief(site.url("/copy"))  # same body, title and byline: the cache serves it
        assert mirror.meta.cached and mirror.brief == real.brief
    finally:
        await service.aclose()


async def test_a_cached_brief_obeys_the_fetch_policy_in_force_now(tmp_path: Path, site: FakeSite) -> None:
    allowed = await build_service(make_settings(tmp_path))
    try:
        await allowed.brief(site.url("/story"))
    finally:
        await allowed.aclose()
    strict = await build_service(make_settings(tmp_path, fetch_allow_networks=""))  # loopback no longer allowed
    try:
        with pytest.raises(BlockedAddressError):
            await strict.brief(site.url("/story"))
    finally:
        await strict.aclose()


async def test_has_conversation_is_true_only_for_an_attached_brief(tmp_path: Path, site: FakeSite) -> None:
    service = await build_service(make_settings(tmp_path))
    try:
        assert not await service.has_conversation(KEY)
        await service.attach_conversation(KEY, await service.brief(site.url("/story")))
        assert await service.has_conversation(KEY)
        other = ConversationKey(platform="discord", workspace="T1", channel="C1", thread=KEY.thread)
        assert not await service.has_conversation(other)
    finally:
        await service.aclose()


@pytest.mark.parametrize("edited", ["brief.system.md", "brief.user.md", "reask.citations.md", "merge.system.md"])
async def test_a_changed_prompt_file_never_serves_an_old_brief(tmp_path: Path, site: FakeSite, edited: str) -> None:
    prompts = tmp_path / "prompts"
    shutil.copytree(REPO_ROOT / "prompts", prompts)
    with FakeOpenAI(default=llm_brief("The Marlow Port Authority knew about a structural crack")) as fake:
        settings = make_settings(tmp_path, openai_base_url=fake.base_url, llm_max_retries=0, prompts_dir=prompts)
        first = await build_service(settings)
        try:
            before = await first.brief(site.url("/story"))
            assert (await first.brief(site.url("/story"))).meta.cached  # same prompts: served from the cache
        finally:
            await first.aclose()
        path = prompts / edited
        path.write_text(path.read_text() + "Be brief.\n")
        second = await build_service(settings)  # a deploy with the edited prompt, same database
        try:
            calls = len(fake.requests)
            after = await second.brief(site.url("/story"))
            assert not after.meta.cached and len(fake.requests) > calls, "the old brief is not served as current"
            assert after.meta.prompt_version != before.meta.prompt_version
            assert (await second.brief(site.url("/story"))).meta.cached  # the new brief is cached in turn
        finally:
            await second.aclose()
