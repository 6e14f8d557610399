"""Queries behind team operations: the activity log quotas count, feedback on briefs, and the report's sums.

Owns no policy: limits, windows and wording live in bot.operations. Imports no platform library.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from bot.store.queue import PENDING, RUNNING
from bot.store.store import Store
from bot.store.tables import ActivityRow, FeedbackRow, JobRow, PreferenceRow, utc_now


@dataclass(frozen=True)
class Usage:
    """How much of one quota window is used, and when its oldest counted entry leaves the window."""

    count: int
    oldest: datetime | None


@dataclass(frozen=True)
class ReportRow:
    """One group of the report: its keys (workspace, engine, model...) and what was counted."""

    keys: tuple[str, ...]
    values: dict[str, int]


async def scope_preferences(store: Store, platform: str, scope: str) -> dict[str, str]:
    """Every preference of one scope in one query (the settings cache loads a scope at a time)."""
    stmt = select(PreferenceRow.name, PreferenceRow.value).where(
        PreferenceRow.platform == platform, PreferenceRow.scope == scope
    )
    async with store.transaction(write=False) as session:
        return {name: value for name, value in (await session.execute(stmt)).all()}


async def add_activity(
    store: Store, *, platform: str, workspace: str, channel: str, user: str | None, kind: str
) -> int:
    params = {
        "platform": platform, "workspace": workspace, "channel": channel, "user": user, "kind": kind,
        "outcome": "pending", "tokens": 0, "created_at": utc_now(),
    }  # fmt: skip
    stmt = store.prepared(
        "add_activity",
        lambda: insert(ActivityRow).values({name: bindparam(name) for name in params}).returning(ActivityRow.id),
    )
    async with store.statement(write=True) as session:
        activity_id: int = (await session.execute(stmt, params)).scalar_one()
    return activity_id


async def settle_activity(store: Store, activity_id: int, **values: Any) -> None:
    """Record how a brief or follow-up ended (outcome, error kind, engine, model, tokens, brief id)."""
    names = sorted(values)
    stmt = store.prepared(
        "settle_activity:" + ",".join(names),
        lambda: (
            update(ActivityRow)
            .where(ActivityRow.id == bindparam("activity_id"))
            .values({name: bindparam(f"v_{name}") for name in names})
        ),
    )
    params = {f"v_{name}": value for name, value in values.items()}
    async with store.statement(write=True) as session:
        await session.execute(stmt, {**params, "activity_id": activity_id})


async def drop_activity(store: Store, activity_id: int) -> None:
    """A refused request does not count against the quota that refused it."""
    async with store.transaction(write=True) as session:
        row = await session.get(ActivityRow, activity_id)
        if row is not None:
            await session.delete(row)


async def count_activity(
    store: Store,
    *,
    platform: str,
    workspace: str,
    kind: str,
    since: datetime,
    channel: str | None = None,
    user: str | None = None,
) -> Usage:
    filters = [
        ActivityRow.platform == platform,
        ActivityRow.workspace == workspace,
        ActivityRow.kind == kind,
        ActivityRow.created_at >= since,
    ]
    if channel is not None:
        filters.append(ActivityRow.channel == channel)
    if user is not None:
        filters.append(ActivityRow.user == user)
    stmt = select(func.count(), func.min(ActivityRow.created_at)).where(*filters)
    async with store.transaction(write=False) as session:
        count, oldest = (await session.execute(stmt)).one()
    return Usage(count=int(count), oldest=oldest)


async def tokens_used(store: Store, *, platform: str, workspace: str, since: datetime) -> int:
    stmt = select(func.coalesce(func.sum(ActivityRow.tokens), 0)).where(
        ActivityRow.platform == platform, ActivityRow.workspace == workspace, ActivityRow.created_at >= since
    )
    async with store.transaction(write=False) as session:
        return int(await session.scalar(stmt) or 0)


async def save_feedback(
    store: Store,
    *,
    platform: str,
    workspace: str,
    channel: str,
    user: str,
    brief_id: int,
    vote: str | None = None,
    comment: str | None = None,
    engine: str | None,
    model: str | None,
    prompt_version: str | None,
) -> None:
    """One vote per user and brief: voting again changes it; a comment is added to the existing vote."""
    now = utc_now()
    changes: dict[str, Any] = {"updated_at": now}
    if vote is not None:
        changes["vote"] = vote
    if comment is not None:
        changes["comment"] = comment
    stmt = store.insert(FeedbackRow).values(
        platform=platform, workspace=workspace, channel=channel, user=user, brief_id=brief_id,
        vote=vote or "down", comment=comment, engine=engine, model=model, prompt_version=prompt_version,
        created_at=now, updated_at=now,
    )  # fmt: skip
    stmt = stmt.on_conflict_do_update(index_elements=["platform", "brief_id", "user"], set_=changes)
    async with store.transaction(write=True) as session:
        await session.execute(stmt)


async def activity_report(store: Store, *, since: datetime) -> list[ReportRow]:
    """Briefs and follow-ups since ``since``, by workspace, engine, model, kind and outcome, with tokens."""
    keys = (
        ActivityRow.platform, ActivityRow.workspace, ActivityRow.engine, ActivityRow.model,
        ActivityRow.kind, ActivityRow.outcome, ActivityRow.error_kind,
    )  # fmt: skip
    stmt = (
        select(*keys, func.count(), func.coalesce(func.sum(ActivityRow.tokens), 0))
        .where(ActivityRow.created_at >= since)
        .group_by(*keys)
    )
    async with store.transaction(write=False) as session:
        rows = (await session.execute(stmt)).all()
    return [
        ReportRow(tuple(str(v or "") for v in row[:7]), {"count": int(row[7]), "tokens": int(row[8])}) for row in rows
    ]


async def feedback_report(store: Store, *, since: datetime) -> list[ReportRow]:
    """Votes since ``since`` by workspace, engine, model and vote, with how many carried a comment."""
    keys = (FeedbackRow.platform, FeedbackRow.workspace, FeedbackRow.engine, FeedbackRow.model, FeedbackRow.vote)
    stmt = (
        select(*keys, func.count(), func.count(FeedbackRow.comment))
        .where(FeedbackRow.updated_at >= since)
        .group_by(*keys)
    )
    async with store.transaction(write=False) as session:
        rows = (await session.execute(stmt)).all()
    return [ReportRow(tuple(str(v or "") for v in row[:5]), {"count": int(row[5]), "comments": int(row[6])})
            for row in rows]  # fmt: skip


async def recent_comments(store: Store, *, since: datetime, limit: int) -> list[tuple[int, str, str]]:
    """The newest 'what was wrong' texts: (brief id, model or engine, comment)."""
    stmt = (
        select(FeedbackRow.brief_id, FeedbackRow.model, FeedbackRow.engine, FeedbackRow.comment)
        .where(FeedbackRow.updated_at >= since, FeedbackRow.comment.is_not(None))
        .order_by(FeedbackRow.updated_at.desc())
        .limit(limit)
    )
    async with store.transaction(write=False) as session:
        rows = (await session.execute(stmt)).all()
    return [(int(b), str(m or e or ""), str(c)) for b, m, e, c in rows]


async def queue_backlog(store: Store) -> tuple[int, datetime | None]:
    """Jobs waiting or running, and when the oldest of them was queued (for the queue gauges)."""
    stmt = select(func.count(), func.min(JobRow.created_at)).where(JobRow.status.in_([PENDING, RUNNING]))
    async with store.transaction(write=False) as session:
        count, oldest = (await session.execute(stmt)).one()
    return int(count), oldest
