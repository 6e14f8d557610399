"""Persistence for articles, briefs, conversations, turns, seen events and adapter preferences.

Every database failure leaves here as bot.errors.StoreError. Imports no platform library.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Row, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from bot.errors import ConversationNotFoundError, StoreError
from bot.models import Answer, Article, BriefResult
from bot.store.database import make_engine, single_reads, upgrade_schema, writer
from bot.store.tables import ArticleRow, BriefRow, ConversationRow, PreferenceRow, ProcessedEventRow, TurnRow, utc_now

# Columns of their own; every other Article field is kept in the `meta` JSON column.
ARTICLE_COLUMNS = {"text"}
# What fetching the same content again refreshes; the rest of the row stays as first stored.
_ARTICLE_REFRESHED = ("url", "final_url", "title", "meta", "fetched_at")


@dataclass(frozen=True)
class ConversationKey:
    platform: str
    workspace: str
    channel: str
    thread: str


@dataclass(frozen=True)
class StoredArticle:
    id: int
    article: Article
    canonical_url: str
    content_hash: str
    fetched_at: datetime


@dataclass(frozen=True)
class StoredBrief:
    id: int
    article_id: int
    result: BriefResult
    created_at: datetime


@dataclass(frozen=True)
class Turn:
    question: str
    answer: str
    quotes: list[str]
    found: bool
    asked_by: str | None
    created_at: datetime


class Store:
    """One database shared by the service, the adapters and the job queue (bot.jobs.worker)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._reader = async_sessionmaker(engine, expire_on_commit=False)
        self._writer_engine = writer(engine)
        self._writer = async_sessionmaker(self._writer_engine, expire_on_commit=False)
        # SQLite has one writer at a time, and a connection that finds the lock taken sleeps in steps of up to
        # 100 ms (its busy handler); writers of this process queue here instead, first come first served.
        self._write_turn = asyncio.Lock() if self.dialect == "sqlite" else None
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._single_reads = single_reads(engine)
        self._prepared: dict[str, Any] = {}

    @classmethod
    async def open(cls, url: str) -> Store:
        """Connect and migrate to head; safe when several processes open the same database at once."""
        engine = make_engine(url)
        try:
            await upgrade_schema(engine)
        except (SQLAlchemyError, OSError, sqlite3.Error) as exc:
            await engine.dispose()
            raise StoreError(f"opening the database failed: {exc!r}") from exc
        return cls(engine)

    async def close(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def transaction(self, *, write: bool) -> AsyncIterator[AsyncSession]:
        """One transaction; writers take SQLite's lock up front. DB errors leave as StoreError."""
        maker = self._writer if write else self._reader
        turn = self._write_turn if write and self._write_turn is not None else contextlib.nullcontext()
        try:
            async with turn, maker() as session, session.begin():
                yield session
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"database operation failed: {exc!r}") from exc

    @asynccontextmanager
    async def statement(self, *, write: bool) -> AsyncIterator[AsyncConnection]:
        """For work that is one statement (an insert, a claim, an update by key), on a plain connection: no ORM
        session, whose bookkeeping costs more event-loop time than the statement when fifty links arrive at
        once. On PostgreSQL outside any transaction: one round trip instead of three (BEGIN, the statement,
        COMMIT). On SQLite, a read likewise (see single_reads); a write in a transaction as ``transaction``
        makes it (writers take the lock up front, in turn). DB errors leave as StoreError."""
        try:
            if self.dialect == "postgresql":
                async with self._autocommit.connect() as connection:
                    yield connection
                return
            if not write:
                async with self._single_reads.connect() as connection:  # nothing to commit: closing ends it
                    yield connection
                return
            async with self._write_turn or contextlib.nullcontext(), self._writer_engine.begin() as connection:
                yield connection
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"database operation failed: {exc!r}") from exc

    @asynccontextmanager
    async def atomic(self) -> AsyncIterator[AsyncConnection]:
        """A write of several statements in one transaction, on a plain connection (no ORM session); on SQLite
        the write lock is taken up front, in turn. DB errors leave as StoreError."""
        turn = self._write_turn if self._write_turn is not None else contextlib.nullcontext()
        try:
            async with turn, self._writer_engine.begin() as connection:
                yield connection
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"database operation failed: {exc!r}") from exc

    def prepared(self, key: str, build: Callable[[], Any]) -> Any:
        """A statement built once per store and run again with bound parameters. Building a SQLAlchemy
        statement and computing its cache key cost more event-loop time than running it, and the hot ones
        (a claim, an enqueue, a cache lookup) run several times for every link."""
        stmt = self._prepared.get(key)
        if stmt is None:
            stmt = self._prepared[key] = build()
        return stmt

    def insert(self, table: Any) -> Any:
        """The dialect's INSERT (of a mapped class, or of its table for a plain Core insert), which offers ON
        CONFLICT on both PostgreSQL and SQLite."""
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    async def save_article(self, article: Article, *, canonical_url: str, content_hash: str) -> StoredArticle:
        """Upsert by (canonical_url, content_hash): the same content fetched again refreshes fetched_at."""
        now = utc_now()
        params = {
            "canonical_url": canonical_url,
            "canonical_url_sha256": _url_digest(canonical_url),
            "content_hash": content_hash,
            "text": article.text,
            "word_count": article.word_count,
            "created_at": now,
            "url": article.url,
            "final_url": article.final_url,
            "title": article.title,
            "meta": article.model_dump(mode="json", exclude=ARTICLE_COLUMNS),
            "fetched_at": now,
        }

        def build() -> Any:
            table = ArticleRow.__table__
            stmt = self.insert(table).values({name: bindparam(name) for name in params})
            return stmt.on_conflict_do_update(
                index_elements=["canonical_url_sha256", "content_hash"],
                set_={name: stmt.excluded[name] for name in _ARTICLE_REFRESHED},
            ).returning(table.c.id)

        async with self.statement(write=True) as session:
            article_id = (await session.execute(self.prepared("save_article", build), params)).scalar_one()
        return StoredArticle(
            id=article_id,
            article=article,
            canonical_url=canonical_url,
            content_hash=content_hash,
            fetched_at=now,
        )

    async def latest_article(self, canonical_url: str) -> StoredArticle | None:
        stmt = self.prepared(
            "latest_article",
            lambda: (
                select(*ArticleRow.__table__.columns)  # plain rows: the cache is looked up on every link
                .where(ArticleRow.canonical_url_sha256 == bindparam("digest"))
                .order_by(ArticleRow.fetched_at.desc(), ArticleRow.id.desc())
                .limit(1)
            ),
        )
        async with self.statement(write=False) as session:
            row = (await session.execute(stmt, {"digest": _url_digest(canonical_url)})).first()
        return None if row is None else _stored_article(row)

    async def get_article(self, article_id: int) -> StoredArticle:
        async with self.transaction(write=False) as session:
            row = await session.get(ArticleRow, article_id)
        if row is None:
            raise StoreError(f"article {article_id} not found")
        return _stored_article(row)

    async def save_brief(self, article_id: int, result: BriefResult) -> StoredBrief:
        created_at = utc_now()
        params = {
            "article_id": article_id, "engine": result.meta.engine, "model": result.meta.model,
            "prompt_version": result.meta.prompt_version, "result": result.model_dump(mode="json"),
            "tokens_prompt": result.meta.tokens.prompt, "tokens_completion": result.meta.tokens.completion,
            "created_at": created_at,
        }  # fmt: skip
        stmt = self.prepared(
            "save_brief",
            lambda: self.insert(BriefRow).values({name: bindparam(name) for name in params}).returning(BriefRow.id),
        )
        async with self.statement(write=True) as session:
            brief_id: int = (await session.execute(stmt, params)).scalar_one()
        saved = result.model_copy(update={"article_id": article_id, "brief_id": brief_id})
        return StoredBrief(id=brief_id, article_id=article_id, result=saved, created_at=created_at)

    async def find_brief(
        self,
        *,
        engine: str,
        model: str | None,
        prompt_version: str | None,
        article_id: int | None = None,
        content_hash: str | None = None,
    ) -> StoredBrief | None:
        """The newest brief made the same way (None matches None) of this article, or of any article with
        this content hash (the same story under another URL), for the cache."""
        if (article_id is None) == (content_hash is None):
            raise ValueError("find_brief needs exactly one of article_id and content_hash")
        by_article, no_model, no_prompt = article_id is not None, model is None, prompt_version is None

        def build() -> Any:
            of_article = (
                BriefRow.article_id == bindparam("article_id")
                if by_article
                else BriefRow.article_id.in_(select(ArticleRow.id).where(ArticleRow.content_hash == bindparam("hash")))
            )
            return (
                select(*BriefRow.__table__.columns)  # plain rows: the cache is looked up on every link
                .where(
                    of_article,
                    BriefRow.engine == bindparam("engine"),
                    BriefRow.model.is_(None) if no_model else BriefRow.model == bindparam("model"),
                    BriefRow.prompt_version.is_(None) if no_prompt else BriefRow.prompt_version == bindparam("prompt"),
                )
                .order_by(BriefRow.id.desc())
                .limit(1)
            )

        stmt = self.prepared(f"find_brief:{by_article}:{no_model}:{no_prompt}", build)
        given: dict[str, Any] = {"engine": engine, "model": model, "prompt": prompt_version}
        given |= {"article_id": article_id} if by_article else {"hash": content_hash}
        params = {key: value for key, value in given.items() if value is not None}
        async with self.statement(write=False) as session:
            row = (await session.execute(stmt, params)).first()
        return None if row is None else _stored_brief(row)

    async def get_brief(self, brief_id: int) -> StoredBrief:
        async with self.transaction(write=False) as session:
            row = await session.get(BriefRow, brief_id)
        if row is None:
            raise StoreError(f"brief {brief_id} not found")
        return _stored_brief(row)

    async def link_conversation(self, key: ConversationKey, *, article_id: int, brief_id: int) -> None:
        """Idempotent; linking a thread again points it at the newer brief."""
        now = utc_now()
        params = {
            "platform": key.platform, "workspace": key.workspace, "channel": key.channel, "thread": key.thread,
            "article_id": article_id, "brief_id": brief_id, "created_at": now, "updated_at": now,
        }  # fmt: skip

        def build() -> Any:
            stmt = self.insert(ConversationRow).values({name: bindparam(name) for name in params})
            return stmt.on_conflict_do_update(
                index_elements=["platform", "workspace", "channel", "thread"],
                set_={name: stmt.excluded[name] for name in ("article_id", "brief_id", "updated_at")},
            )

        async with self.statement(write=True) as session:
            await session.execute(self.prepared("link_conversation", build), params)

    async def conversation_exists(self, key: ConversationKey) -> bool:
        """Asked on every thread reply: one indexed row, without loading the article and the brief."""
        stmt = select(ConversationRow.id).where(*_conversation_filter(key)).limit(1)
        async with self.transaction(write=False) as session:
            return (await session.execute(stmt)).first() is not None

    async def get_conversation(self, key: ConversationKey) -> tuple[StoredArticle, StoredBrief] | None:
        stmt = (
            select(ArticleRow, BriefRow)
            .join(ConversationRow, ConversationRow.article_id == ArticleRow.id)
            .join(BriefRow, ConversationRow.brief_id == BriefRow.id)
            .where(*_conversation_filter(key))
        )
        async with self.transaction(write=False) as session:
            found = (await session.execute(stmt)).first()
        if found is None:
            return None
        return _stored_article(found[0]), _stored_brief(found[1])

    async def add_turn(self, key: ConversationKey, *, question: str, answer: Answer, asked_by: str | None) -> None:
        """Raises ConversationNotFoundError when the thread has no brief linked."""
        async with self.transaction(write=True) as session:
            lookup = select(ConversationRow.id).where(*_conversation_filter(key))
            conversation_id = await session.scalar(lookup)
            if conversation_id is None:
                raise ConversationNotFoundError(f"no conversation for {key}")
            session.add(
                TurnRow(
                    conversation_id=conversation_id,
                    question=question,
                    answer=answer.answer,
                    quotes=list(answer.quotes),
                    found=answer.found,
                    asked_by=asked_by,
                    created_at=utc_now(),
                )
            )

    async def recent_turns(self, key: ConversationKey, *, limit: int) -> list[Turn]:
        """The last `limit` turns of the thread, oldest first (the order a prompt replays them in)."""
        if limit <= 0:
            return []
        stmt = (
            select(TurnRow)
            .join(ConversationRow, TurnRow.conversation_id == ConversationRow.id)
            .where(*_conversation_filter(key))
            .order_by(TurnRow.id.desc())
            .limit(limit)
        )
        async with self.transaction(write=False) as session:
            rows = list((await session.scalars(stmt)).all())
        return [_turn(row) for row in reversed(rows)]

    async def mark_event(self, platform: str, event_id: str) -> bool:
        """True the first time an event is seen, False for repeats (atomic across processes)."""
        stmt = self.prepared(
            "mark_event",
            lambda: (
                self.insert(ProcessedEventRow)
                .values(platform=bindparam("platform"), event_id=bindparam("event_id"), seen_at=bindparam("seen_at"))
                .on_conflict_do_nothing(index_elements=["platform", "event_id"])
                .returning(ProcessedEventRow.id)
            ),
        )
        params = {"platform": platform, "event_id": event_id, "seen_at": utc_now()}
        async with self.statement(write=True) as session:
            inserted = (await session.execute(stmt, params)).scalar_one_or_none()
        return inserted is not None

    async def forget_event(self, platform: str, event_id: str) -> None:
        """Undo mark_event when handling failed, so the platform's retry is handled rather than dropped."""
        stmt = delete(ProcessedEventRow).where(
            ProcessedEventRow.platform == platform, ProcessedEventRow.event_id == event_id
        )
        async with self.transaction(write=True) as session:
            await session.execute(stmt)

    async def prune_events(self, before: datetime) -> int:
        """Forget event ids seen before `before`; platforms stop redelivering long before retention ends."""
        stmt = delete(ProcessedEventRow).where(ProcessedEventRow.seen_at < before)
        async with self.transaction(write=True) as session:
            result = cast("CursorResult[Any]", await session.execute(stmt))
        return result.rowcount

    async def get_preference(self, platform: str, scope: str, name: str) -> str | None:
        """None when never set (or cleared): the caller then falls back to its setting's default."""
        stmt = select(PreferenceRow.value).where(*_preference_filter(platform, scope, name))
        async with self.transaction(write=False) as session:
            return await session.scalar(stmt)

    async def set_preference(self, platform: str, scope: str, name: str, value: str | None) -> None:
        """Upsert in one statement, so two processes setting the same preference at once cannot collide."""
        if value is None:
            async with self.transaction(write=True) as session:
                await session.execute(delete(PreferenceRow).where(*_preference_filter(platform, scope, name)))
            return
        now = utc_now()
        stmt = self.insert(PreferenceRow).values(platform=platform, scope=scope, name=name, value=value, updated_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=["platform", "scope", "name"], set_={"value": value, "updated_at": now}
        )
        async with self.transaction(write=True) as session:
            await session.execute(stmt)


def _preference_filter(platform: str, scope: str, name: str) -> tuple[Any, ...]:
    return (PreferenceRow.platform == platform, PreferenceRow.scope == scope, PreferenceRow.name == name)


def _url_digest(canonical_url: str) -> str:
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()


def _conversation_filter(key: ConversationKey) -> tuple[Any, ...]:
    return (
        ConversationRow.platform == key.platform,
        ConversationRow.workspace == key.workspace,
        ConversationRow.channel == key.channel,
        ConversationRow.thread == key.thread,
    )


def _stored_article(row: ArticleRow | Row[Any]) -> StoredArticle:
    article = Article.model_validate({**row.meta, "text": row.text})
    return StoredArticle(
        id=row.id,
        article=article,
        canonical_url=row.canonical_url,
        content_hash=row.content_hash,
        fetched_at=row.fetched_at,
    )


def _stored_brief(row: BriefRow | Row[Any]) -> StoredBrief:
    result = BriefResult.model_validate(row.result).model_copy(
        update={"article_id": row.article_id, "brief_id": row.id}
    )
    return StoredBrief(id=row.id, article_id=row.article_id, result=result, created_at=row.created_at)


def _turn(row: TurnRow) -> Turn:
    return Turn(
        question=row.question,
        answer=row.answer,
        quotes=list(row.quotes),
        found=row.found,
        asked_by=row.asked_by,
        created_at=row.created_at,
    )
