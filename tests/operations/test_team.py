"""Team operations through the service: settings and where they come from, domains, models, languages, quotas
across two services sharing one database (SQLite and PostgreSQL), feedback in the report, metrics."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.bootstrap import build_service
from bot.config import load_settings
from bot.engines.router import NO_TRANSLATION_WARNING
from bot.operations import DomainRefusedError, QuotaExceededError, Requester, SettingRefusedError, TeamSettings
from bot.service import BriefService
from bot.store import ConversationKey
from tests.fakes.llm_briefs import brief_dict
from tests.fakes.openai_server import FakeOpenAI, reply_json
from tests.fakes.site import FakeSite
from tests.fakes.slack_rig import PARAGRAPHS, article_html

ALICE = Requester(platform="slack", workspace="T1", channel="C1", user="U1")
BOB = Requester(platform="slack", workspace="T1", channel="C1", user="U2")


@pytest.fixture
async def site() -> AsyncIterator[FakeSite]:
    async with FakeSite() as server:
        for name in ("a", "b", "c", "d"):
            server.route(f"/{name}", body=article_html(f"Harbour bridge {name}", PARAGRAPHS))
        yield server


def settings_for(db_url: str, **overrides: Any) -> Any:
    values: dict[str, Any] = {"fetch_allow_networks": "127.0.0.1/32", "database_url": db_url,
                              "engine": "extractive", "settings_cache_seconds": 0, **overrides}  # fmt: skip
    return load_settings(_env_file=None, **values)


@pytest.fixture
async def service(db_url: str) -> AsyncIterator[BriefService]:
    built = await build_service(settings_for(db_url, allowed_models="gpt-4o,small-model"))
    yield built
    await built.aclose()


def samples(text: bytes) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def test_show_says_where_each_value_comes_from(service: BriefService) -> None:
    assert "now `all` for this workspace" in await service.settings_command(
        ALICE, ["set", "workspace", "reply_mode", "all"]
    )
    await service.settings_command(ALICE, ["set", "language", "german"])
    shown = await service.settings_command(ALICE, ["show"])
    assert "`reply_mode` = `all` · workspace" in shown
    assert "`language` = `German` · channel" in shown
    assert "`engine` = `extractive` · default" in shown
    assert "`tokens_per_day` = `unlimited` · default" in shown
    elsewhere = Requester(platform="slack", workspace="T1", channel="C2", user="U1")
    assert "`language` = `article` · default" in await service.settings_command(elsewhere, ["show"])
    await service.settings_command(ALICE, ["reset", "language"])
    assert "`language` = `article` · default" in await service.settings_command(ALICE, ["show"])


async def test_a_model_the_operator_did_not_allow_cannot_be_chosen(service: BriefService) -> None:
    with pytest.raises(SettingRefusedError) as refused:
        await service.settings_command(ALICE, ["set", "model", "gpt-5-expensive"])
    assert "not allowed" in refused.value.user_message and "small-model" in refused.value.user_message
    assert "`model` = `gpt-4o-mini` · default" in await service.settings_command(ALICE, ["show"])
    assert "now `small-model`" in await service.settings_command(ALICE, ["set", "model", "small-model"])


async def test_a_blocked_domain_is_refused_with_a_plain_message(service: BriefService, site: FakeSite) -> None:
    await service.settings_command(ALICE, ["set", "blocked_domains", "127.0.0.1,example.com"])
    with pytest.raises(DomainRefusedError) as refused:
        await service.brief_for(site.url("/a"), ALICE)
    assert refused.value.user_message == "Links to 127.0.0.1 are blocked here by an admin."
    assert site.paths == []  # refused before anything was fetched
    await service.settings_command(ALICE, ["set", "blocked_domains", "none"])
    await service.settings_command(ALICE, ["set", "allowed_domains", "example.com"])
    with pytest.raises(DomainRefusedError, match="not allowed"):
        await service.brief_for(site.url("/a"), ALICE)


async def test_settings_reach_other_processes_once_their_cache_expires(db_url: str) -> None:
    now = [0.0]
    first = await build_service(settings_for(db_url, settings_cache_seconds=5))
    second = await build_service(settings_for(db_url, settings_cache_seconds=5))
    try:
        reader = TeamSettings(second.store, second.settings, clock=lambda: now[0])
        assert not await reader.auto_brief("discord", "G", "C")
        await first.preferences.set_auto_brief("discord", "G", "C", enabled=True)
        assert not await reader.auto_brief("discord", "G", "C")  # still cached
        now[0] = 5.0
        assert await reader.auto_brief("discord", "G", "C")
    finally:
        await first.aclose()
        await second.aclose()


async def test_brief_quota_holds_across_two_processes_sharing_the_database(db_url: str, site: FakeSite) -> None:
    """Two services with their own stores and caches on one database, like two bot processes."""
    one = await build_service(settings_for(db_url, quota_briefs_per_user_hour=2))
    two = await build_service(settings_for(db_url, quota_briefs_per_user_hour=2))
    try:
        await one.brief_for(site.url("/a"), ALICE)
        await two.brief_for(site.url("/b"), ALICE)
        with pytest.raises(QuotaExceededError) as refused:
            await one.brief_for(site.url("/c"), ALICE)
        assert "2 briefs per hour for you" in refused.value.user_message
        assert "resets at" in refused.value.user_message and "UTC" in refused.value.user_message
        with pytest.raises(QuotaExceededError):
            await two.brief_for(site.url("/c"), ALICE)
        await two.brief_for(site.url("/c"), BOB)  # another user has their own count
        # a workspace setting lowers the channel's count for everyone, from either process
        await one.settings_command(ALICE, ["set", "workspace", "briefs_per_channel_hour", "3"])
        with pytest.raises(QuotaExceededError) as refused:
            await two.brief_for(site.url("/d"), BOB)
        assert "3 briefs per hour for this channel" in refused.value.user_message
    finally:
        await one.aclose()
        await two.aclose()


async def test_token_budget_counts_llm_tokens_but_not_cached_briefs(db_url: str, site: FakeSite) -> None:
    with FakeOpenAI(default=reply_json(brief_dict(), usage=(700, 300))) as llm:
        service = await build_service(settings_for(db_url, engine="llm", openai_base_url=llm.base_url,
                                                   quota_tokens_per_day=2500))  # fmt: skip
        try:
            first = await service.brief_for(site.url("/a"), ALICE)
            assert first.meta.tokens.prompt + first.meta.tokens.completion >= 1000
            cached = await service.brief_for(site.url("/a"), ALICE)  # cached: costs nothing
            assert cached.meta.cached
            used = first.meta.tokens.prompt + first.meta.tokens.completion
            assert used < 2500
            await service.brief_for(site.url("/b"), ALICE)  # under the budget still: admitted
            with pytest.raises(QuotaExceededError) as refused:
                await service.brief_for(site.url("/a"), ALICE)
            assert "daily budget of 2500 LLM tokens" in refused.value.user_message
            assert "resets at 00:00 UTC" in refused.value.user_message
            report = await service.report(since_days=1)
            assert "briefs 3 (cached 1)" in report and f"tokens {2 * used}" in report
        finally:
            await service.aclose()


async def test_the_language_setting_reaches_the_llm_prompt(db_url: str, site: FakeSite) -> None:
    with FakeOpenAI(default=reply_json(brief_dict())) as llm:
        service = await build_service(settings_for(db_url, engine="llm", openai_base_url=llm.base_url))
        try:
            plain = await service.brief_for(site.url("/a"), ALICE)
            assert "German" not in llm.requests[-1].body["messages"][0]["content"]
            await service.settings_command(ALICE, ["set", "language", "German"])
            german = await service.brief_for(site.url("/a"), ALICE)
            system = llm.requests[-1].body["messages"][0]["content"]
            assert "in German" in system and "never translate a quote" in system
            assert not german.meta.cached  # another language is another brief, never the cached one
            assert german.meta.prompt_version and german.meta.prompt_version.endswith("+german")
            assert german.meta.prompt_version != plain.meta.prompt_version
        finally:
            await service.aclose()


async def test_the_offline_engine_says_plainly_it_cannot_translate(service: BriefService, site: FakeSite) -> None:
    answer = await service.settings_command(ALICE, ["set", "language", "French"])
    assert "cannot translate" in answer
    result = await service.brief_for(site.url("/a"), ALICE)
    assert NO_TRANSLATION_WARNING in result.meta.warnings


async def test_a_thumbs_down_is_stored_with_what_made_the_brief_and_shows_in_the_report(
    service: BriefService, site: FakeSite
) -> None:
    result = await service.brief_for(site.url("/a"), ALICE)
    assert result.brief_id is not None
    await service.record_feedback(BOB, brief_id=result.brief_id, vote="down")
    await service.record_feedback(BOB, brief_id=result.brief_id, comment="The mayor's denial is missing.")
    await service.record_feedback(ALICE, brief_id=result.brief_id, vote="up")
    report = await service.report(since_days=7)
    assert "slack:T1: up 1, down 1, with comments 1" in report
    assert "extractive / -: up 1, down 1" in report
    assert f"brief {result.brief_id} (extractive): The mayor's denial is missing." in report


async def test_metrics_move_with_the_work(service: BriefService, site: FakeSite) -> None:
    before = samples(await service.metrics_text())
    await service.brief_for(site.url("/a"), ALICE)
    await service.brief_for(site.url("/a"), ALICE)
    await service.settings_command(ALICE, ["set", "blocked_domains", "127.0.0.1"])
    with pytest.raises(DomainRefusedError):
        await service.brief_for(site.url("/b"), ALICE)
    after = samples(await service.metrics_text())
    assert before.get(("briefbot_briefs_total", (("outcome", "ok"),)), 0) == 0
    assert after[("briefbot_briefs_total", (("outcome", "ok"),))] == 1
    assert after[("briefbot_briefs_total", (("outcome", "cached"),))] == 1
    assert after[("briefbot_briefs_total", (("outcome", "domain_refused"),))] == 1
    assert after[("briefbot_cache_hits_total", ())] == 1
    for stage in ("fetch", "extract", "engine", "grounding"):
        assert after[("briefbot_stage_seconds_count", (("stage", stage),))] == 1
    assert after[("briefbot_queue_depth", ())] == 0


async def test_one_log_line_per_brief_without_article_text(
    db_url: str, site: FakeSite, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    service = await build_service(settings_for(db_url, log_format="json"))
    try:
        with caplog.at_level("INFO", logger="briefbot.activity"):
            await service.brief_for(site.url("/a"), ALICE)
    finally:
        await service.aclose()
    lines = [record.getMessage() for record in caplog.records if record.name == "briefbot.activity"]
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["event"] == "brief" and record["outcome"] == "ok" and record["brief_id"]
    assert set(record["stages_ms"]) == {"fetch", "extract", "engine", "grounding"}
    assert PARAGRAPHS[0][:40] not in lines[0]


async def test_follow_up_quota_per_user_and_the_answer_log_line(
    db_url: str, site: FakeSite, caplog: pytest.LogCaptureFixture
) -> None:
    service = await build_service(settings_for(db_url, quota_questions_per_user_hour=1))
    key = ConversationKey(platform="slack", workspace="T1", channel="C1", thread="1.0")
    try:
        await service.attach_conversation(key, await service.brief_for(site.url("/a"), ALICE))
        with caplog.at_level("INFO", logger="briefbot.activity"):
            answer = await service.ask_for(key, "Who is Maria Lopez?", ALICE)
        assert answer.found
        with pytest.raises(QuotaExceededError) as refused:
            await service.ask_for(key, "And Tom Becker?", ALICE)
        assert "1 follow-up questions per hour for you" in refused.value.user_message
        await service.ask_for(key, "And Tom Becker?", BOB)  # Bob has his own hour
    finally:
        await service.aclose()
    [line] = [r.getMessage() for r in caplog.records if r.name == "briefbot.activity"]
    assert line.startswith("event=question platform=slack workspace=T1 channel=C1 user=U1 outcome=ok")
    assert "Maria Lopez" not in line  # neither the question nor the answer is logged


async def test_unknown_settings_and_bad_values_are_refused_plainly(service: BriefService) -> None:
    with pytest.raises(SettingRefusedError) as refused:
        await service.settings_command(ALICE, ["set", "colour", "blue"])
    assert refused.value.user_message.startswith("There is no setting `colour`.")
    for words, message in (
        (["set", "auto_brief", "maybe"], "Use `on` or `off`."),
        (["set", "engine", "llm"], "No LLM is configured"),
        (["set", "briefs_per_user_hour", "-3"], "Use a whole number"),
        (["set", "blocked_domains", "not a domain!"], "domains like `example.com`"),
    ):
        with pytest.raises(SettingRefusedError) as refused:
            await service.settings_command(ALICE, words)
        assert message in refused.value.user_message
    usage = await service.settings_command(ALICE, ["set", "language"])
    assert usage.startswith("`settings show`")


async def test_a_channel_model_is_the_one_the_llm_is_asked_and_keeps_its_own_cache(db_url: str, site: FakeSite) -> None:
    with FakeOpenAI(default=reply_json(brief_dict())) as llm:
        settings = settings_for(db_url, engine="llm", openai_base_url=llm.base_url, allowed_models="small-model")
        service = await build_service(settings)
        try:
            await service.brief_for(site.url("/a"), ALICE)
            assert llm.requests[-1].body["model"] == "gpt-4o-mini"
            await service.settings_command(ALICE, ["set", "model", "small-model"])
            small = await service.brief_for(site.url("/a"), ALICE)
            assert llm.requests[-1].body["model"] == "small-model"
            assert small.meta.model == "small-model" and not small.meta.cached
            elsewhere = Requester(platform="slack", workspace="T1", channel="C2", user="U1")
            assert (await service.brief_for(site.url("/a"), elsewhere)).meta.model == "gpt-4o-mini"
        finally:
            await service.aclose()


async def test_a_stored_model_no_longer_allowed_falls_back_and_says_so_once(
    db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    allowing = await build_service(settings_for(db_url, allowed_models="small-model"))
    try:
        await allowing.settings_command(ALICE, ["set", "model", "small-model"])
    finally:
        await allowing.aclose()
    strict = await build_service(settings_for(db_url, settings_cache_seconds=0))  # the operator withdrew it
    try:
        with caplog.at_level(logging.WARNING, logger="bot.operations.settings"):
            for _ in range(3):
                assert "`model` = `gpt-4o-mini` · default" in await strict.settings_command(ALICE, ["show"])
    finally:
        await strict.aclose()
    warnings = [r.getMessage() for r in caplog.records if "not usable now" in r.getMessage()]
    assert len(warnings) == 1 and "small-model" in warnings[0]
