"""The ORM tables behind bot.store.store and bot.jobs.worker; kept apart from the pydantic models in bot.models.

Only SQLAlchemy lives here: no platform imports, no pydantic. The schema itself is created and upgraded
by the Alembic migrations in bot/store/migrations/, which must stay in step with these classes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# JSONB on PostgreSQL (indexable, compact); plain JSON text on SQLite.
JSON_TYPE = JSON().with_variant(JSONB(), "postgresql")
SHA256_HEX_CHARS = 64


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC and always returns aware datetimes, because SQLite drops the zone on the way back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # Deterministic constraint names, so later migrations can refer to them on both backends.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (
        # Hash of the canonical URL, so very long URLs never overflow an index entry.
        UniqueConstraint("canonical_url_sha256", "content_hash", name="uq_articles_url_content"),
        Index("ix_articles_url_fetched", "canonical_url_sha256", "fetched_at"),
        Index("ix_articles_content_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(Text)
    canonical_url_sha256: Mapped[str] = mapped_column(String(SHA256_HEX_CHARS))
    url: Mapped[str | None] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    # Every other Article field, so new metadata needs no migration.
    meta: Mapped[dict[str, Any]] = mapped_column(JSON_TYPE)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BriefRow(Base):
    __tablename__ = "briefs"
    __table_args__ = (Index("ix_briefs_lookup", "article_id", "engine", "model", "prompt_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    engine: Mapped[str] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(200))
    prompt_version: Mapped[str | None] = mapped_column(String(100))
    result: Mapped[dict[str, Any]] = mapped_column(JSON_TYPE)
    tokens_prompt: Mapped[int] = mapped_column(Integer)
    tokens_completion: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConversationRow(Base):
    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel", "thread", name="uq_conversations_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    workspace: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(200))
    thread: Mapped[str] = mapped_column(String(200))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    brief_id: Mapped[int] = mapped_column(ForeignKey("briefs.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TurnRow(Base):
    __tablename__ = "turns"
    __table_args__ = (Index("ix_turns_conversation", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    quotes: Mapped[list[str]] = mapped_column(JSON_TYPE)
    found: Mapped[bool] = mapped_column(Boolean)
    asked_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessedEventRow(Base):
    __tablename__ = "processed_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_id", name="uq_processed_events"),
        Index("ix_processed_events_seen_at", "seen_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[str] = mapped_column(String(200))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PreferenceRow(Base):
    """One adapter setting for one scope (a Slack workspace, a Discord guild's channel); absent means default."""

    __tablename__ = "preferences"
    __table_args__ = (UniqueConstraint("platform", "scope", "name", name="uq_preferences_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(100))
    # Text, so a value can be a plain word ("all") or a JSON document the caller encodes.
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JobRow(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        UniqueConstraint("dedupe_key", name="uq_jobs_dedupe_key"),
        Index("ix_jobs_claim", "status", "run_after"),
        Index("ix_jobs_prune", "status", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON_TYPE)
    state: Mapped[dict[str, Any]] = mapped_column(JSON_TYPE)
    # pending -> running -> done | failed; running with an expired lease is claimable again.
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer)
    dedupe_key: Mapped[str | None] = mapped_column(String(300))
    run_after: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_by: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ActivityRow(Base):
    """One brief or follow-up asked for: the quota counts these, the report sums them.

    Written as ``pending`` before the work (so a quota holds across processes), settled after it."""

    __tablename__ = "activity"
    __table_args__ = (
        Index("ix_activity_workspace", "platform", "workspace", "created_at"),
        Index("ix_activity_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    workspace: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(200))
    user: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # brief | question
    outcome: Mapped[str] = mapped_column(String(32))  # pending | ok | cached | error
    error_kind: Mapped[str | None] = mapped_column(String(64))
    engine: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(200))
    tokens: Mapped[int] = mapped_column(Integer)
    brief_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class FeedbackRow(Base):
    """A 👍 or 👎 on one brief by one user, with what made it (so models can be compared on real use)."""

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("platform", "brief_id", "user", name="uq_feedback_vote"),
        Index("ix_feedback_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    workspace: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(200))
    user: Mapped[str] = mapped_column(String(200))
    brief_id: Mapped[int] = mapped_column(Integer)
    vote: Mapped[str] = mapped_column(String(8))  # up | down
    comment: Mapped[str | None] = mapped_column(Text)
    engine: Mapped[str | None] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(200))
    prompt_version: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class BriefClaimRow(Base):
    """A link some process is briefing right now; others wait for its brief instead of asking the LLM again.

    ``claimed_until`` bounds the wait: a claim past it belonged to a process that died, and may be taken."""

    __tablename__ = "brief_claims"

    url_sha256: Mapped[str] = mapped_column(String(SHA256_HEX_CHARS), primary_key=True)
    owner: Mapped[str] = mapped_column(String(100))
    claimed_until: Mapped[datetime] = mapped_column(UTCDateTime)
