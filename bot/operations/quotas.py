"""Quotas: briefs and follow-ups per user and per channel per hour, LLM tokens per workspace per UTC day.

Counts live in the store's activity log, so every process sharing the database enforces the same limits.
A request is written first and counted after, so two processes racing for the last slot can both be refused
but never both admitted. A limit of 0 means unlimited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from bot.errors import InputError
from bot.operations.settings import UNLIMITED, InForce
from bot.store import Store, Usage, operations, utc_now

Work = Literal["brief", "question"]
HOUR = timedelta(hours=1)


class QuotaExceededError(InputError):
    """Raised when a user, channel or workspace has used its quota; the message says when it resets."""

    kind = "quota"
    default_message = "This bot's usage limit is reached; please try again later."


@dataclass(frozen=True)
class Requester:
    """Who asked, and where: what every quota and setting is counted by."""

    platform: str
    workspace: str
    channel: str
    user: str | None


class Quotas:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def admit(self, work: Work, who: Requester, limits: InForce) -> int:
        """Record the request and return its activity id, or raise QuotaExceededError (nothing recorded)."""
        await self._check_tokens(who, limits)
        activity_id = await operations.add_activity(
            self._store, platform=who.platform, workspace=who.workspace, channel=who.channel, user=who.user,
            kind=work,
        )  # fmt: skip
        try:
            await self._check_counts(work, who, limits)
        except QuotaExceededError:
            await operations.drop_activity(self._store, activity_id)
            raise
        return activity_id

    async def _check_counts(self, work: Work, who: Requester, limits: InForce) -> None:
        since = utc_now() - HOUR
        noun = "briefs" if work == "brief" else "follow-up questions"
        checks: list[tuple[str, str | None, str | None, str]] = [
            (f"{work}s_per_channel_hour", who.channel, None, "this channel")
        ]
        if who.user:
            checks.insert(0, (f"{work}s_per_user_hour", None, who.user, "you"))
        for key, channel, user, whom in checks:
            limit = limits.count(key)
            if limit == UNLIMITED:
                continue
            usage = await operations.count_activity(
                self._store, platform=who.platform, workspace=who.workspace, kind=work, since=since,
                channel=channel, user=user,
            )  # fmt: skip
            if usage.count > limit:  # our own row is counted
                raise QuotaExceededError(
                    f"{key}={limit} reached by {who}",
                    user_message=f"The limit of {limit} {noun} per hour for {whom} is reached. "
                    f"It resets {_when(_resets(usage))}.",
                )

    async def _check_tokens(self, who: Requester, limits: InForce) -> None:
        budget = limits.count("tokens_per_day")
        if budget == UNLIMITED:
            return
        midnight = utc_now().replace(hour=0, minute=0, second=0, microsecond=0)
        used = await operations.tokens_used(self._store, platform=who.platform, workspace=who.workspace,
                                            since=midnight)  # fmt: skip
        if used >= budget:
            raise QuotaExceededError(
                f"tokens_per_day={budget} used ({used}) by {who.workspace}",
                user_message=f"This workspace has used its daily budget of {budget} LLM tokens. "
                f"It resets {_when(midnight + timedelta(days=1))}.",
            )

    async def settle(self, activity_id: int, **values: object) -> None:
        await operations.settle_activity(self._store, activity_id, **values)


def _resets(usage: Usage) -> datetime:
    """The window frees a slot when its oldest counted request is an hour old."""
    oldest = usage.oldest or utc_now()
    return oldest + HOUR


def _when(moment: datetime) -> str:
    minutes = max(1, round((moment - utc_now()).total_seconds() / 60))
    return f"at {moment.astimezone(UTC):%H:%M} UTC (in about {minutes} min)"
