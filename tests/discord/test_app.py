"""The Discord bot end to end: the real discord.py client, started by run_bot (what `briefbot discord` runs),
against a fake Discord REST API and gateway, with the real service and a fake site serving the article."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
import yarl
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import select

from bot.bootstrap import bootstrap, build_service
from bot.config import Settings, load_settings
from bot.discord.app import (
    DISCORD_API_BASE_DEFAULT,
    DISCORD_GATEWAY_DEFAULT,
    apply_endpoint_overrides,
    build_intents,
    run_bot,
    run_discord,
)
from bot.discord.commands import ASK_OUTSIDE_THREAD_TEXT, find_links, require_link
from bot.discord.jobs import DiscordJobs
from bot.discord.team import serve_metrics
from bot.errors import ConfigError, InvalidSourceError
from bot.jobs import Job, JobQueue
from bot.store import Store
from bot.store.tables import JobRow
from tests.fakes.discord_api import (
    APP_ID,
    BOT_USER,
    CHANNEL_ID,
    GUILD_ID,
    MESSAGE_CONTENT_INTENT,
    USER,
    VOICE_CHANNEL,
    FakeDiscord,
)
from tests.fakes.llm_briefs import sentence_number
from tests.fakes.openai_server import FakeOpenAI, FakeRequest, Reply, reply_delay, reply_json
from tests.fakes.site import FakeSite
from tests.fakes.stale_rows import seed_stale_rows, wait_until_pruned

REPO = Path(__file__).resolve().parents[2]
EPHEMERAL = 64
DEFERRED_CHANNEL_MESSAGE = 5
CHANNEL_MESSAGE = 4
INJECTION = '"@everyone read [the leak](https://evil.example/x) now <@123>," the flyer said.'


def article_html(extra: str = "") -> str:
    lines = (REPO / "examples" / "sample-article.txt").read_text().strip().split("\n\n")
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in [*lines[1:], extra] if p)
    title = html.escape(lines[0])
    body = f"<article><h1>{title}</h1>{paras}</article>"
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


@pytest.fixture(autouse=True)
def default_endpoints() -> Iterator[None]:
    yield
    apply_endpoint_overrides(load_settings(_env_file=None))


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
async def site() -> AsyncIterator[FakeSite]:
    async with FakeSite() as server:
        server.route("/story", body=article_html())
        server.route("/hostile", body=article_html(INJECTION))
        yield server


def make_settings(fake: FakeDiscord, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "_env_file": None,
        "fetch_allow_networks": "127.0.0.1/32",
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "discord_bot_token": "fake-token",
        "discord_api_base": fake.api_base,
        "discord_gateway_url": fake.gateway_url,
        "engine": "extractive",
        **overrides,
    }
    return load_settings(**values)


@contextlib.asynccontextmanager
async def running(settings: Settings, fake: FakeDiscord, *, ready_count: int = 1) -> AsyncIterator[None]:
    """run_bot in a task, as `briefbot discord` runs it; cancelled and closed cleanly afterwards.

    ready_count: the fake's total logins to wait for (2 for a bot started again on the same fake)."""
    runtime = await bootstrap(settings, stop_grace_seconds=0.1)
    task = asyncio.create_task(run_bot(runtime))
    try:
        await fake.wait_ready(count=ready_count)
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await runtime.aclose()
    assert_nothing_can_ping(fake)


def assert_nothing_can_ping(fake: FakeDiscord) -> None:
    """Every message the bot sent (responses, follow-ups, webhook edits, channel and thread posts) parses none."""
    sent = 0
    for call in fake.calls:
        if call.method not in ("POST", "PATCH") or not isinstance(call.body, dict):
            continue
        body = call.body.get("data") if "/callback" in call.path else call.body
        if isinstance(body, dict) and (body.get("content") or body.get("embeds")):
            assert body.get("allowed_mentions") == {"parse": []}, call
            sent += 1
    assert sent or not any("/webhooks/" in c.path or "/messages" in c.path for c in fake.calls)


async def callback_of(fake: FakeDiscord, interaction: dict[str, Any]) -> dict[str, Any]:
    calls = await fake.wait_for("POST", f"/interactions/{interaction['id']}/")
    body: dict[str, Any] = calls[0].body
    return body


async def followups(fake: FakeDiscord, interaction: dict[str, Any], *, count: int = 1) -> list[dict[str, Any]]:
    path = f"/webhooks/111/{interaction['token']}"
    calls = await fake.wait_for("POST", path, count=count, within_seconds=20)
    return [c.body for c in calls]


def embed_text(body: dict[str, Any]) -> str:
    parts: list[str] = [body.get("content") or ""]
    for embed in body.get("embeds") or []:
        parts += [
            embed.get("title", ""),
            embed.get("description", ""),
            embed.get("footer", {}).get("text", ""),
        ]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
    return "\n".join(parts)


# --- pure parts -------------------------------------------------------------------------------------------


def test_find_links_dedupes_strips_punctuation_and_caps() -> None:
    text = "see <https://a.example/x>, https://a.example/x. and (http://b.example/y) ftp://c https://d.example"
    assert find_links(text, limit=5).urls == ["https://a.example/x", "http://b.example/y", "https://d.example"]
    capped = find_links(text, limit=1)
    assert capped.urls == ["https://a.example/x"]
    assert capped.note == "I briefed the first 1 link of that message and left out 2 more."


@pytest.mark.parametrize("value", ["/etc/passwd.txt", "file:///etc/passwd", "see https://a.example", "", "http://"])
def test_require_link_refuses_anything_but_one_http_link(value: str) -> None:
    with pytest.raises(InvalidSourceError):
        require_link(value)


def test_intents_are_unprivileged_by_default() -> None:
    intents = build_intents(message_content=False)
    assert not (intents.message_content or intents.members or intents.presences)
    assert intents.guilds and intents.guild_messages


def test_endpoint_override_sets_rest_base_and_gateway(tmp_path: Path) -> None:
    settings = load_settings(
        _env_file=None,
        discord_api_base="http://127.0.0.1:9/api/v10",
        discord_gateway_url="ws://127.0.0.1:9/gw",
    )
    apply_endpoint_overrides(settings)
    assert discord.http.Route.BASE == "http://127.0.0.1:9/api/v10"
    assert discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY == yarl.URL("ws://127.0.0.1:9/gw")
    apply_endpoint_overrides(load_settings(_env_file=None, discord_api_base="http://proxy.example"))
    assert discord.http.Route.BASE == "http://proxy.example/api/v10"
    apply_endpoint_overrides(load_settings(_env_file=None))
    assert discord.http.Route.BASE == DISCORD_API_BASE_DEFAULT
    assert discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY == yarl.URL(DISCORD_GATEWAY_DEFAULT)


# --- end to end -------------------------------------------------------------------------------------------


async def test_commands_synced_once_globally(fake: FakeDiscord, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        (sync,) = await fake.wait_for("PUT", "/applications/111/commands")
    names = sorted(cmd["name"] for cmd in sync.body)
    assert names == ["Brief this message", "ask", "brief", "brief-auto", "briefbot"]
    assert all(cmd.get("contexts") == [0] or cmd.get("dm_permission") is False for cmd in sync.body)  # no DMs
    assert [c.path for c in fake.calls].count("/applications/111/commands") == 1


async def test_commands_synced_to_test_guild(fake: FakeDiscord, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path, discord_test_guild=999), fake):
        (sync,) = await fake.wait_for("PUT", "/applications/111/guilds/999/commands")
    assert "brief" in {cmd["name"] for cmd in sync.body}


async def test_the_running_bot_prunes_stale_jobs_and_events(fake: FakeDiscord, tmp_path: Path) -> None:
    settings = make_settings(fake, tmp_path)
    store = await Store.open(settings.database_url)
    try:
        queue = JobQueue(store)
        await seed_stale_rows(store, queue, days_old=settings.retention_days + 1)
        async with running(settings, fake):
            await wait_until_pruned(store, queue)
    finally:
        await store.close()


async def test_brief_then_thread_then_ask(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        assert (await callback_of(fake, slash))["type"] == DEFERRED_CHANNEL_MESSAGE
        (post,) = await followups(fake, slash)
        assert post["allowed_mentions"] == {"parse": []}
        head = post["embeds"][0]
        assert head["url"] == site.url("/story")
        assert {f["name"] for f in head["fields"]} >= {"Actors", "Claims"}
        assert "quotes verified" in post["embeds"][-1]["footer"]["text"]
        (thread_call,) = await fake.wait_for("POST", "/threads")
        assert thread_call.path.startswith(f"/channels/{CHANNEL_ID}/messages/")
        assert thread_call.body["name"] == head["title"][:100]
        thread = fake.threads[thread_call.path.split("/")[4]]

        await asyncio.sleep(0.3)  # the job attaches the conversation right after creating the thread
        ask = fake.slash("ask", channel=thread, question="Who denied the report?")
        await fake.dispatch("INTERACTION_CREATE", ask)
        assert (await callback_of(fake, ask))["type"] == DEFERRED_CHANNEL_MESSAGE
        (answer,) = await followups(fake, ask)
        assert answer["allowed_mentions"] == {"parse": []}
        assert answer["embeds"][0]["title"] == "Who denied the report?"
        assert answer["embeds"][0]["description"]


async def test_ask_outside_a_brief_thread_gets_an_ephemeral_hint(fake: FakeDiscord, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        ask = fake.slash("ask", question="Who?")
        await fake.dispatch("INTERACTION_CREATE", ask)
        reply = await callback_of(fake, ask)
    assert reply["type"] == CHANNEL_MESSAGE
    assert reply["data"]["flags"] == EPHEMERAL
    assert ASK_OUTSIDE_THREAD_TEXT in reply["data"]["content"]


async def test_context_menu_briefs_each_link(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        menu = fake.message_menu("Brief this message", content=f"look {site.url('/story')} and {site.url('/nope')}")
        await fake.dispatch("INTERACTION_CREATE", menu)
        assert (await callback_of(fake, menu))["type"] == DEFERRED_CHANNEL_MESSAGE
        brief, missing = await followups(fake, menu, count=2)
    assert brief["embeds"][0]["url"] == site.url("/story")
    assert missing["content"].startswith("⚠ ") and "doesn't exist" in missing["content"]


async def test_context_menu_without_links_is_refused_ephemerally(fake: FakeDiscord, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        menu = fake.message_menu("Brief this message", content="no links here")
        await fake.dispatch("INTERACTION_CREATE", menu)
        reply = await callback_of(fake, menu)
    assert reply["type"] == CHANNEL_MESSAGE and reply["data"]["flags"] == EPHEMERAL


async def test_unreachable_link_gets_a_plain_error(fake: FakeDiscord, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        slash = fake.slash("brief", url="http://127.0.0.1:9/gone")  # port 9: nothing listens
        await fake.dispatch("INTERACTION_CREATE", slash)
        (post,) = await followups(fake, slash)
    assert post["content"].startswith("⚠ I couldn't")  # the FetchError's own words, nothing technical
    assert "Errno" not in post["content"] and "127.0.0.1" not in post["content"]
    assert post["allowed_mentions"] == {"parse": []}


async def test_invalid_url_is_refused_before_deferring(fake: FakeDiscord, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        slash = fake.slash("brief", url="/etc/passwd.txt")
        await fake.dispatch("INTERACTION_CREATE", slash)
        reply = await callback_of(fake, slash)
    assert reply["type"] == CHANNEL_MESSAGE and reply["data"]["flags"] == EPHEMERAL
    assert "http" in reply["data"]["content"]


async def test_injected_mentions_and_links_stay_inert(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    def brief(request: FakeRequest) -> Reply:  # the model cites the injected sentence by its number
        return reply_json(
            {
                "headline": "@everyone <@123> [click](https://evil.example/y)",
                "summary": "A flyer said @here <@&5> <#6>.",
                "actors": [{"name": "the flyer", "role": None, "kind": "other"}],
                "claims": [
                    {
                        "statement": "@everyone read the leak now",
                        "claimant": "the flyer",
                        "sentences": [sentence_number(request, "the flyer said")],
                    }
                ],
                "denials": [],
                "open_questions": [],
            }
        )

    with FakeOpenAI(default=brief) as llm:
        settings = make_settings(fake, tmp_path, engine="llm", openai_base_url=llm.base_url, openai_api_key="t")
        async with running(settings, fake):
            slash = fake.slash("brief", url=site.url("/hostile"))
            await fake.dispatch("INTERACTION_CREATE", slash)
            (post,) = await followups(fake, slash)
    assert post["allowed_mentions"] == {"parse": []}
    text = embed_text(post)
    assert "the leak" in text and "evil.example" in text  # the injected text is shown...
    assert re.search(r"@(everyone|here)", text) is None  # ...but nothing in it can ping
    assert re.search(r"<[@#]", text) is None
    assert re.search(r"(?<!\\)\[[^\]]*\]\(", text) is None


async def test_slow_llm_still_deferred_within_three_seconds(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    with FakeOpenAI(default=reply_delay(30, reply_json({}))) as llm:
        settings = make_settings(fake, tmp_path, engine="llm", openai_base_url=llm.base_url, openai_api_key="t")
        async with running(settings, fake):
            slash = fake.slash("brief", url=site.url("/story"))
            await fake.dispatch("INTERACTION_CREATE", slash)
            (callback,) = await fake.wait_for("POST", f"/interactions/{slash['id']}/")
            async with asyncio.timeout(10):  # the LLM call has started: the slow part really is in flight
                while not llm.requests:  # noqa: ASYNC110 (the fake server runs in a thread: no event to await)
                    await asyncio.sleep(0.05)
    elapsed = callback.at - fake.event_times[slash["id"]]
    assert callback.body["type"] == DEFERRED_CHANNEL_MESSAGE
    assert elapsed < 3.0, f"deferred after {elapsed:.2f}s"


async def test_refused_message_content_intent_reconnects_without_it(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.refuse_message_content = True
    caplog.set_level(logging.ERROR, logger="bot.discord.app")
    async with running(make_settings(fake, tmp_path, discord_message_content=True), fake):
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        (post,) = await followups(fake, slash)
    assert [bool(i & MESSAGE_CONTENT_INTENT) for i in fake.identifies] == [True, False]
    assert post["embeds"]
    assert any("4014" in r.getMessage() for r in caplog.records)


async def test_auto_brief_in_an_enabled_channel(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path, discord_message_content=True), fake):
        toggle = fake.slash("brief-auto", state="on")
        await fake.dispatch("INTERACTION_CREATE", toggle)
        assert (await callback_of(fake, toggle))["data"]["flags"] == EPHEMERAL
        pasted = fake.message(
            content=f"read {site.url('/story')}",
            author=USER,
        )
        await fake.dispatch("MESSAGE_CREATE", {**pasted, "guild_id": GUILD_ID})
        (post,) = await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages", within_seconds=20)
        await fake.wait_for("POST", "/threads")
    assert post.body["embeds"][0]["url"] == site.url("/story")
    assert post.body["allowed_mentions"] == {"parse": []}
    assert post.body["message_reference"]["message_id"] == int(pasted["id"])


async def test_auto_brief_switch_survives_a_restart(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    settings = make_settings(fake, tmp_path, discord_message_content=True)
    async with running(settings, fake):
        toggle = fake.slash("brief-auto", state="on")
        await fake.dispatch("INTERACTION_CREATE", toggle)
        assert (await callback_of(fake, toggle))["data"]["content"] == "Auto-brief is on for this channel."
    async with running(settings, fake, ready_count=2):  # a new service, store and client on the same file
        pasted = fake.message(content=f"read {site.url('/story')}", author=USER)
        await fake.dispatch("MESSAGE_CREATE", {**pasted, "guild_id": GUILD_ID})
        (post,) = await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages", within_seconds=20)
    assert post.body["embeds"][0]["url"] == site.url("/story")
    assert post.body["message_reference"]["message_id"] == int(pasted["id"])


async def test_auto_brief_switches_are_per_channel_and_read_back_after_a_restart(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    settings = make_settings(fake, tmp_path)
    service = await build_service(settings)
    try:
        prefs = service.preferences
        await prefs.set_auto_brief("discord", "1", "10", enabled=True)
        await prefs.set_auto_brief("discord", "1", "11", enabled=True)
        await prefs.set_auto_brief("discord", "1", "11", enabled=False)
        await prefs.set_auto_brief("discord", "1", "12", enabled=False)
    finally:
        await service.aclose()
    service = await build_service(settings)
    try:
        prefs = service.preferences
        pairs = (("1", "10"), ("1", "11"), ("1", "12"), ("2", "10"))
        states = [await prefs.auto_brief("discord", g, c) for g, c in pairs]
        assert states == [True, False, False, False]
        # The same ids on Slack are another workspace: Slack's own default applies there, not this switch.
        assert (await prefs.in_force("slack", "1", "10")).values["auto_brief"][1] == "default"
    finally:
        await service.aclose()


async def test_mention_in_a_brief_thread_is_answered(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        (thread_call,) = await fake.wait_for("POST", "/threads", within_seconds=20)
        thread_id = thread_call.path.split("/")[4]
        await fake.dispatch("THREAD_CREATE", {**fake.threads[thread_id], "newly_created": True})
        await asyncio.sleep(0.3)
        question = fake.message(
            content=f"<@{APP_ID}> who denied it?", channel_id=thread_id, author=USER, mentions=[BOT_USER]
        )
        await fake.dispatch("MESSAGE_CREATE", question)
        (reply,) = await fake.wait_for("POST", f"/channels/{thread_id}/messages", within_seconds=20)
    assert reply.body["embeds"][0]["title"] == "who denied it?"
    assert reply.body["message_reference"]["message_id"] == int(question["id"])
    assert reply.body["allowed_mentions"] == {"parse": []}


async def test_a_brief_job_run_twice_posts_once(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    """At-least-once delivery: a rerun (after a crash) finds its checkpoints and posts nothing new."""
    settings = make_settings(fake, tmp_path)
    async with running(settings, fake):
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        await fake.wait_for("POST", "/threads", within_seconds=20)
    service = await build_service(settings)
    try:
        jobs = DiscordJobs(discord.Client(intents=discord.Intents.none()), service)
        async with service.store.transaction(write=False) as session:
            row = (await session.execute(select(JobRow))).scalar_one()
        job = Job(id=row.id, kind=row.kind, payload=row.payload, state=row.state, attempts=row.attempts)
        before = len(fake.calls)
        await jobs.run_brief(job)
    finally:
        await service.aclose()
    assert fake.calls[before:] == []


async def test_brief_inside_a_brief_thread_posts_there_without_a_new_thread(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path
) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        first = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", first)
        (thread_call,) = await fake.wait_for("POST", "/threads", within_seconds=20)
        thread = fake.threads[thread_call.path.split("/")[4]]
        again = fake.slash("brief", channel=thread, url=site.url("/hostile"))
        await fake.dispatch("INTERACTION_CREATE", again)
        (post,) = await followups(fake, again)
        await asyncio.sleep(0.3)
        ask = fake.slash("ask", channel=thread, question="What did the flyer say?")
        await fake.dispatch("INTERACTION_CREATE", ask)
        assert (await callback_of(fake, ask))["type"] == DEFERRED_CHANNEL_MESSAGE
        await followups(fake, ask)
    assert post["embeds"][0]["url"] == site.url("/hostile")
    assert len([c for c in fake.calls if c.path.endswith("/threads")]) == 1


# --- audit: reconnects, odd channels, expired tokens, caps, unexpected failures ------------------------------


async def test_commands_not_resynced_on_resume_or_second_ready(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path
) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        await fake.wait_for("PUT", "/commands")
        await fake.reconnect()  # op 7: RESUME on a new socket
        await fake.wait_resumed()
        await fake.invalidate_session()  # op 9: IDENTIFY again, a second READY and on_ready
        await fake.wait_ready(count=2)
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        (post,) = await followups(fake, slash)  # still serving after both
    assert post["embeds"]
    assert [c.method for c in fake.calls if c.path.endswith("/commands")] == ["PUT"]


async def test_gateway_setting_wins_over_the_url_from_gateway_bot(fake: FakeDiscord, tmp_path: Path) -> None:
    fake.bot_gateway_url = "ws://127.0.0.1:9/nothing-listens"
    async with running(make_settings(fake, tmp_path), fake):
        assert fake.identifies  # reached through DISCORD_GATEWAY_URL


async def test_brief_in_a_voice_channel_chat_explains_there_is_no_thread(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path
) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        slash = fake.slash("brief", channel=VOICE_CHANNEL, url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        brief, note = await followups(fake, slash, count=2)
        ask = fake.slash("ask", channel=VOICE_CHANNEL, question="Who denied it?")
        await fake.dispatch("INTERACTION_CREATE", ask)
        hint = await callback_of(fake, ask)
    assert brief["embeds"][0]["url"] == site.url("/story")
    assert note["content"].startswith("⚠ I can't open a thread in this kind of channel")
    assert not [c for c in fake.calls if c.path.endswith("/threads")]
    assert hint["data"]["flags"] == EPHEMERAL and ASK_OUTSIDE_THREAD_TEXT in hint["data"]["content"]


async def test_missing_thread_permission_is_said_plainly(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    fake.forbid_threads = True
    async with running(make_settings(fake, tmp_path), fake):
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        brief, note = await followups(fake, slash, count=2)
    assert brief["embeds"]
    assert "Create Public Threads" in note["content"]


async def test_expired_interaction_token_posts_in_the_channel_and_logs(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.expire_tokens = True
    caplog.set_level(logging.WARNING, logger="bot.discord.app")
    async with running(make_settings(fake, tmp_path), fake):
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        (post,) = await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages", within_seconds=20)
        (thread_call,) = await fake.wait_for("POST", "/threads")
    assert post.body["embeds"][0]["url"] == site.url("/story")
    assert "message_reference" not in post.body
    assert thread_call.path.startswith(f"/channels/{CHANNEL_ID}/messages/")
    assert any("15 minutes" in r.getMessage() and "50027" in r.getMessage() for r in caplog.records)


async def test_context_menu_caps_links_and_says_how_many_were_left_out(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path
) -> None:
    links = " ".join(site.url(p) for p in ("/story", "/hostile", "/a", "/b", "/c"))
    async with running(make_settings(fake, tmp_path, max_links_per_message=2), fake):
        menu = fake.message_menu("Brief this message", content=f"five links: {links}")
        await fake.dispatch("INTERACTION_CREATE", menu)
        posts = await followups(fake, menu, count=3)
        await asyncio.sleep(0.3)
    assert [bool(p.get("embeds")) for p in posts] == [True, True, False]
    assert "first 2 links" in posts[2]["content"] and "3 more" in posts[2]["content"]
    assert len([c for c in fake.calls if "/webhooks/" in c.path]) == 3


async def test_unexpected_failure_in_a_job_answers_with_the_logged_reference(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake.reject_embeds = True  # Discord refusing the embeds (50035) is not something a retry fixes
    caplog.set_level(logging.ERROR)
    async with running(make_settings(fake, tmp_path), fake):
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        _, answer = await followups(fake, slash, count=2)
    reference = re.search(r"reference `([0-9a-f]{8})`", answer["content"])
    assert reference is not None and answer["content"].startswith("⚠ Something went wrong")
    logged = [r for r in caplog.records if reference.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None


async def test_auto_brief_is_off_until_a_channel_turns_it_on(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path, discord_message_content=True), fake):
        pasted = fake.message(content=f"read {site.url('/story')}", author=USER)
        await fake.dispatch("MESSAGE_CREATE", pasted)
        await asyncio.sleep(1.0)
    assert not [c for c in fake.calls if c.method == "POST" and "/messages" in c.path]
    assert site.requests == []


async def test_question_the_article_does_not_answer(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        (thread_call,) = await fake.wait_for("POST", "/threads", within_seconds=20)
        thread = fake.threads[thread_call.path.split("/")[4]]
        await asyncio.sleep(0.3)
        ask = fake.slash("ask", channel=thread, question="What is the recipe for saffron risotto?")
        await fake.dispatch("INTERACTION_CREATE", ask)
        (answer,) = await followups(fake, ask)
    assert answer["embeds"][0]["description"] == "The article does not say."


async def test_mention_in_a_channel_briefs_its_link_or_gives_a_hint(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path
) -> None:
    async with running(make_settings(fake, tmp_path), fake):  # no message-content intent: mentions still carry it
        bare = fake.message(content=f"<@{APP_ID}> hello", author=USER, mentions=[BOT_USER])
        await fake.dispatch("MESSAGE_CREATE", bare)
        (hint,) = await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages")
        linked = fake.message(content=f"<@{APP_ID}> what about {site.url('/story')}", author=USER, mentions=[BOT_USER])
        await fake.dispatch("MESSAGE_CREATE", linked)
        _, post = await fake.wait_for("POST", f"/channels/{CHANNEL_ID}/messages", count=2, within_seconds=20)
        await fake.wait_for("POST", "/threads")
    assert "/brief" in hint.body["content"]
    assert hint.body["message_reference"]["message_id"] == int(bare["id"])
    assert post.body["embeds"][0]["url"] == site.url("/story")
    assert post.body["message_reference"]["message_id"] == int(linked["id"])


# --- running it for a team: settings, feedback, metrics --------------------------------------------------------
MANAGE_SERVER = str(1 << 5)


async def test_settings_group_needs_manage_server_and_a_member_cannot_change_settings(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path
) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        (sync,) = await fake.wait_for("PUT", "/applications/111/commands")
        [group] = [cmd for cmd in sync.body if cmd["name"] == "briefbot"]
        assert str(group["default_member_permissions"]) == MANAGE_SERVER
        member = fake.subcommand("briefbot", "settings", "set", key="blocked_domains", value="127.0.0.1")
        await fake.dispatch("INTERACTION_CREATE", member)
        reply = await callback_of(fake, member)
        assert reply["data"]["content"] == "Only members with the Manage Server permission can change settings."
        assert reply["data"]["flags"] == EPHEMERAL
        show = fake.subcommand("briefbot", "settings", "show")
        await fake.dispatch("INTERACTION_CREATE", show)
        assert "`blocked_domains` = `none` · default" in (await callback_of(fake, show))["data"]["content"]


async def test_a_manager_blocks_a_domain_and_cannot_pick_a_model_the_operator_did_not_allow(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path
) -> None:
    async with running(make_settings(fake, tmp_path), fake):
        block = fake.subcommand(
            "briefbot", "settings", "set", permissions=MANAGE_SERVER, key="blocked_domains", value="127.0.0.1"
        )
        await fake.dispatch("INTERACTION_CREATE", block)
        reply = await callback_of(fake, block)
        assert reply["data"]["content"] == "`blocked_domains` is now `127.0.0.1` for this channel."
        model = fake.subcommand(
            "briefbot", "settings", "set", permissions=MANAGE_SERVER, key="model", value="gpt-5", scope="server"
        )
        await fake.dispatch("INTERACTION_CREATE", model)
        assert (await callback_of(fake, model))["data"]["content"].startswith("That model is not allowed here.")
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        (post,) = await followups(fake, slash)
        assert "Links to 127.0.0.1 are blocked here by an admin." in post["content"]
        assert site.paths == []


async def test_thumbs_down_opens_a_modal_and_both_show_in_the_report(
    fake: FakeDiscord, site: FakeSite, tmp_path: Path
) -> None:
    settings = make_settings(fake, tmp_path)
    async with running(settings, fake):
        slash = fake.slash("brief", url=site.url("/story"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        (post,) = await followups(fake, slash)
        buttons = [button for row in post["components"] for button in row["components"]]
        ids = [button["custom_id"] for button in buttons]
        assert [i.rsplit(":", 2)[1] for i in ids] == ["up", "down"]
        click = fake.click(ids[1], message={**fake.message(content=""), "components": post["components"]})
        await fake.dispatch("INTERACTION_CREATE", click)
        modal = await callback_of(fake, click)
        assert modal["type"] == 9  # MODAL
        submit = fake.modal_submit(modal["data"]["custom_id"], {"briefbot:fb:text": "Wrong mayor quoted."})
        await fake.dispatch("INTERACTION_CREATE", submit)
        assert (await callback_of(fake, submit))["data"]["content"] == "Thanks, noted."
    service = await build_service(settings)
    try:
        report = await service.report(since_days=1)
    finally:
        await service.aclose()
    assert f"discord:{GUILD_ID}: up 0, down 1, with comments 1" in report
    assert "(extractive): Wrong mayor quoted." in report


async def test_metrics_port_serves_prometheus_text(fake: FakeDiscord, site: FakeSite, tmp_path: Path) -> None:
    service = await build_service(make_settings(fake, tmp_path))
    runner = await serve_metrics(service, 0)
    try:
        port = runner.addresses[0][1]
        async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/metrics") as response:
            text = await response.text()
        names = {family.name for family in text_string_to_metric_families(text)}
        assert {"briefbot_briefs", "briefbot_stage_seconds", "briefbot_queue_depth"} <= names
    finally:
        await runner.cleanup()
        await service.aclose()


async def test_a_rejected_token_is_named_as_such(fake: FakeDiscord, tmp_path: Path) -> None:
    fake.reject_bot_token = True
    with pytest.raises(ConfigError) as info:
        await run_discord(make_settings(fake, tmp_path))
    assert info.value.user_message.startswith("Discord rejected DISCORD_BOT_TOKEN")


async def test_without_a_token_the_discord_process_says_so_once_and_returns(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(fake, tmp_path, discord_bot_token=None)
    with caplog.at_level(logging.WARNING, logger="bot.discord.app"):
        await run_discord(settings)
    assert [r.getMessage() for r in caplog.records] == [
        "Discord is not configured (no DISCORD_BOT_TOKEN): the Discord process has nothing to serve."
    ]
    assert not (tmp_path / "bot.db").exists()  # nothing was opened for a process that has nothing to do
    assert fake.calls == []
