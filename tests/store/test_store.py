"""Store: migrations, round trips for every table, conversations across a restart; SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import subprocess
from datetime import timedelta
from pathlib import Path

import aiosqlite
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from bot.errors import ConfigError, ConversationNotFoundError, StoreError
from bot.models import Answer, Article, Brief, BriefResult, Claim, Meta, Source, TokenUsage
from bot.store import ConversationKey, Store
from bot.store.database import alembic_config, make_engine
from bot.store.tables import Base
from tests.fakes.store_worker import worker_command

KEY = ConversationKey(platform="slack", workspace="T1", channel="C1", thread="1700000000.000100")


def make_article(text_body: str = "The minister said the talks would resume.", **fields: str) -> Article:
    return Article(
        source="https://news.example/story",
        url="https://news.example/story",
        final_url="https://news.example/story?amp=0",
        title=fields.get("title", "Talks resume"),
        author="A. Writer",
        language="en",
        text=text_body,
        word_count=len(text_body.split()),
    )


def make_result(*, engine: str = "llm", model: str | None = "m1", prompt_version: str | None = "v1") -> BriefResult:
    brief = Brief(
        headline="Talks resume",
        summary="The minister says talks resume.",
        actors=[],
        claims=[
            Claim(
                statement="Talks resume.",
                claimant="The minister",
                quote="the talks would resume",
                hedged=False,
                disputed=False,
            )
        ],
        denials=[],
        open_questions=[],
    )
    meta = Meta(
        engine=engine,
        model=model,
        prompt_version=prompt_version,
        tokens=TokenUsage(prompt=120, completion=30),
    )
    return BriefResult(brief=brief, source=Source(url="https://news.example/story"), meta=meta)


def schema_state(connection: Connection) -> tuple[str | None, list[object]]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return context.get_current_revision(), compare_metadata(context, Base.metadata)


async def test_fresh_database_is_migrated_to_head_and_reopening_is_a_no_op(db_url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    first = await Store.open(db_url)
    saved = await first.save_article(make_article(), canonical_url="https://news.example/story", content_hash="h")
    await first.close()

    again = await Store.open(db_url)
    try:
        async with again.engine.connect() as conn:
            revision, differences = await conn.run_sync(schema_state)
        assert revision == head
        assert differences == []  # the migrations build exactly the schema bot/tables.py describes
        assert (await again.get_article(saved.id)).article.text == saved.article.text
    finally:
        await again.close()


async def test_two_processes_migrating_the_same_database_at_once_both_succeed(db_url: str) -> None:
    procs = [
        await asyncio.create_subprocess_exec(*worker_command("migrate", db_url), stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [await proc.communicate() for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err.decode()[-2000:] for _, err in results]
    store = await Store.open(db_url)
    try:
        assert await store.mark_event("slack", "after-migrate") is True
    finally:
        await store.close()


async def test_article_upsert_refreshes_fetch_time_and_latest_is_newest(store: Store) -> None:
    url = "https://news.example/story"
    first = await store.save_article(make_article(), canonical_url=url, content_hash="h1")
    await asyncio.sleep(0.01)
    refetched = await store.save_article(
        make_article(title="Talks resume (updated)"), canonical_url=url, content_hash="h1"
    )
    assert refetched.id == first.id
    assert refetched.fetched_at > first.fetched_at

    loaded = await store.get_article(first.id)
    assert loaded.article == make_article(title="Talks resume (updated)")
    assert loaded.fetched_at == refetched.fetched_at
    assert loaded.canonical_url == url and loaded.content_hash == "h1"

    await asyncio.sleep(0.01)
    edited = await store.save_article(make_article("Edited text."), canonical_url=url, content_hash="h2")
    assert edited.id != first.id
    latest = await store.latest_article(url)
    assert latest is not None and latest.id == edited.id and latest.article.text == "Edited text."
    assert await store.latest_article("https://news.example/other") is None


async def test_brief_round_trip_and_cache_lookup(store: Store) -> None:
    article = await store.save_article(make_article(), canonical_url="https://news.example/s", content_hash="h")
    older = await store.save_brief(article.id, make_result())
    newer = await store.save_brief(article.id, make_result())
    offline = await store.save_brief(article.id, make_result(engine="extractive", model=None, prompt_version=None))

    loaded = await store.get_brief(older.id)
    assert loaded.result.brief == make_result().brief
    assert loaded.result.meta == make_result().meta
    assert (loaded.result.article_id, loaded.result.brief_id) == (article.id, older.id)
    assert loaded.created_at - older.created_at < timedelta(seconds=1)

    found = await store.find_brief(article_id=article.id, engine="llm", model="m1", prompt_version="v1")
    assert found is not None and found.id == newer.id
    found = await store.find_brief(article_id=article.id, engine="extractive", model=None, prompt_version=None)
    assert found is not None and found.id == offline.id
    assert await store.find_brief(article_id=article.id, engine="llm", model="m2", prompt_version="v1") is None
    assert await store.find_brief(article_id=article.id, engine="llm", model="m1", prompt_version=None) is None

    mirror = await store.save_article(make_article(), canonical_url="https://mirror.example/copy", content_hash="h")
    assert mirror.id != article.id
    found = await store.find_brief(content_hash="h", engine="llm", model="m1", prompt_version="v1")
    assert found is not None and found.id == newer.id, "the same story under another URL hits the cache"
    assert await store.find_brief(content_hash="other", engine="llm", model="m1", prompt_version="v1") is None


async def test_conversation_survives_restart_and_keeps_turns_in_order(db_url: str) -> None:
    store = await Store.open(db_url)
    article = await store.save_article(make_article(), canonical_url="https://news.example/s", content_hash="h")
    brief = await store.save_brief(article.id, make_result())
    await store.link_conversation(KEY, article_id=article.id, brief_id=brief.id)
    await store.link_conversation(KEY, article_id=article.id, brief_id=brief.id)  # idempotent
    for n in range(3):
        answer = Answer(question=f"q{n}", answer=f"a{n}", quotes=[f"quote {n}"], found=n != 1, engine="extractive")
        await store.add_turn(KEY, question=f"q{n}", answer=answer, asked_by=None if n == 2 else f"U{n}")
    await store.close()

    store = await Store.open(db_url)  # a restart
    try:
        linked = await store.get_conversation(KEY)
        assert linked is not None
        assert (linked[0].id, linked[1].id) == (article.id, brief.id)
        assert linked[1].result.brief == make_result().brief

        turns = await store.recent_turns(KEY, limit=2)
        assert [(t.question, t.answer, t.quotes, t.found, t.asked_by) for t in turns] == [
            ("q1", "a1", ["quote 1"], False, "U1"),
            ("q2", "a2", ["quote 2"], True, None),
        ]
        assert [t.question for t in await store.recent_turns(KEY, limit=10)] == ["q0", "q1", "q2"]
        assert await store.recent_turns(KEY, limit=0) == []

        other = ConversationKey(platform="discord", workspace="T1", channel="C1", thread=KEY.thread)
        assert await store.get_conversation(other) is None
        assert await store.recent_turns(other, limit=5) == []
        with pytest.raises(ConversationNotFoundError):
            await store.add_turn(
                other,
                question="q",
                answer=Answer(question="q", answer="a", found=False, engine="extractive"),
                asked_by=None,
            )
    finally:
        await store.close()


async def test_relinking_a_thread_points_it_at_the_newer_brief(store: Store) -> None:
    article = await store.save_article(make_article(), canonical_url="https://news.example/s", content_hash="h")
    first = await store.save_brief(article.id, make_result())
    second = await store.save_brief(article.id, make_result(model="m2"))
    await store.link_conversation(KEY, article_id=article.id, brief_id=first.id)
    await store.link_conversation(KEY, article_id=article.id, brief_id=second.id)
    linked = await store.get_conversation(KEY)
    assert linked is not None and linked[1].id == second.id


async def test_mark_event_is_true_once_per_platform(store: Store) -> None:
    assert [await store.mark_event("slack", "Ev1") for _ in range(3)] == [True, False, False]
    assert await store.mark_event("discord", "Ev1") is True
    await store.forget_event("slack", "Ev1")
    assert await store.mark_event("slack", "Ev1") is True, "a forgotten event counts as new again"


async def test_preferences_round_trip_overwrite_delete_and_survive_restart(db_url: str) -> None:
    store = await Store.open(db_url)
    assert await store.get_preference("slack", "T1", "reply_mode") is None
    await store.set_preference("slack", "T1", "reply_mode", "all")
    await store.set_preference("slack", "T1", "reply_mode", "mention")  # an upsert, not a second row
    await store.set_preference("slack", "T2", "reply_mode", '{"mode": "all"}')
    await store.set_preference("discord", "T1", "reply_mode", "all")
    await store.close()

    store = await Store.open(db_url)  # a restart
    try:
        assert await store.get_preference("slack", "T1", "reply_mode") == "mention"
        assert await store.get_preference("slack", "T2", "reply_mode") == '{"mode": "all"}'
        assert await store.get_preference("discord", "T1", "reply_mode") == "all"
        assert await store.get_preference("slack", "T1", "other") is None
        await store.set_preference("slack", "T1", "reply_mode", None)
        await store.set_preference("slack", "T9", "reply_mode", None)  # deleting what is absent is fine
        assert await store.get_preference("slack", "T1", "reply_mode") is None
        assert await store.get_preference("discord", "T1", "reply_mode") == "all"
        async with store.engine.connect() as conn:
            rows = (await conn.execute(text("SELECT platform, scope FROM preferences ORDER BY id"))).all()
        assert [tuple(row) for row in rows] == [("slack", "T2"), ("discord", "T1")]
    finally:
        await store.close()


async def test_concurrent_preference_writes_leave_one_row_with_a_written_value(db_url: str) -> None:
    stores = [await Store.open(db_url) for _ in range(2)]
    try:
        values = [f"v{n}" for n in range(8)]
        await asyncio.gather(
            *(stores[n % 2].set_preference("slack", "T1", "reply_mode", value) for n, value in enumerate(values))
        )
        assert await stores[0].get_preference("slack", "T1", "reply_mode") in values
        async with stores[0].engine.connect() as conn:
            count = (await conn.execute(text("SELECT count(*) FROM preferences"))).scalar()
        assert count == 1
    finally:
        for opened in stores:
            await opened.close()


async def test_missing_rows_raise_store_error(store: Store) -> None:
    with pytest.raises(StoreError):
        await store.get_article(999_999)
    with pytest.raises(StoreError):
        await store.get_brief(999_999)


async def test_unreachable_databases_raise_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    assert "sqlite" not in caught.value.user_message.lower()
    with pytest.raises(StoreError):
        await Store.open("postgresql+asyncpg://nobody@127.0.0.1:1/none")


async def test_unsupported_database_urls_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        await Store.open("mysql+aiomysql://u@localhost/db")
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        await Store.open("not a url")


async def test_sqlite_uses_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'plain.db'}")  # plain sqlite:// gets the async driver
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await conn.execute(text("PRAGMA busy_timeout"))).scalar() >= 1000
    finally:
        await engine.dispose()


async def test_sqlite_connections_are_not_rolled_back_after_a_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A committed transaction leaves nothing to reset: no extra trip to aiosqlite's thread per transaction."""
    rollbacks: list[object] = []
    rollback = aiosqlite.Connection.rollback

    async def counted(self: aiosqlite.Connection) -> None:
        rollbacks.append(self)
        await rollback(self)

    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'reset.db'}")
    try:
        monkeypatch.setattr(aiosqlite.Connection, "rollback", counted)
        assert await store.mark_event("slack", "Ev1")
        await store.forget_event("slack", "Ev1")
        assert await store.latest_article("https://example.com/a") is None
        assert rollbacks == []
    finally:
        await store.close()


async def test_a_sqlite_connection_returned_inside_a_transaction_is_rolled_back(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'open.db'}")
    try:
        async with engine.connect() as conn:
            driver = (await conn.get_raw_connection()).driver_connection
            await driver.execute("BEGIN IMMEDIATE")  # a transaction SQLAlchemy does not know about
            assert driver.in_transaction
        async with engine.connect() as conn:
            assert (await conn.get_raw_connection()).driver_connection is driver  # the pool's one connection
            assert not driver.in_transaction
    finally:
        await engine.dispose()


async def test_a_lone_sqlite_read_sends_no_begin_and_no_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache lookup is one SELECT, a transaction of its own in SQLite: BEGIN and COMMIT around it were two
    more trips to aiosqlite's thread. A write still gets its BEGIN IMMEDIATE and COMMIT."""
    sent: list[str] = []
    execute, commit = aiosqlite.Connection.execute, aiosqlite.Connection.commit

    def counted_execute(self: aiosqlite.Connection, sql: str, *args: object) -> object:
        sent.append(sql)
        return execute(self, sql, *args)

    async def counted_commit(self: aiosqlite.Connection) -> None:
        sent.append("COMMIT")
        await commit(self)

    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'reads.db'}")
    try:
        monkeypatch.setattr(aiosqlite.Connection, "execute", counted_execute)
        monkeypatch.setattr(aiosqlite.Connection, "commit", counted_commit)
        assert await store.latest_article("https://example.com/a") is None
        assert sent == []
        assert await store.mark_event("slack", "Ev1")
        assert sent == ["BEGIN IMMEDIATE", "COMMIT"]
    finally:
        await store.close()
