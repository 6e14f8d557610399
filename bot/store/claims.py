"""Claims on links being briefed, shared by every process on the database (SQLite or PostgreSQL).

A plain row rather than a PostgreSQL advisory lock, so the default SQLite file behaves the same and a claim
outlives no process: it carries its own deadline. Imports no platform library.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, delete, select

from bot.store.store import Store
from bot.store.tables import BriefClaimRow, utc_now


class BriefClaims:
    """``take`` is atomic across processes: of several callers for one link, one gets True until it releases
    the claim or its deadline passes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def take(self, canonical_url: str, *, owner: str, seconds: float) -> bool:
        """Claim the link for `seconds`, unless another owner holds a live claim on it."""
        now = utc_now()
        until = now + timedelta(seconds=seconds)
        params = {"digest": _digest(canonical_url), "owner": owner, "until": until, "now": now}
        async with self.store.statement(write=True) as session:
            return (await session.execute(self._take(), params)).scalar_one_or_none() is not None

    def _take(self) -> Any:
        def build() -> Any:
            stmt = self.store.insert(BriefClaimRow).values(
                url_sha256=bindparam("digest"), owner=bindparam("owner"), claimed_until=bindparam("until")
            )
            return stmt.on_conflict_do_update(
                index_elements=["url_sha256"],
                set_={"owner": stmt.excluded.owner, "claimed_until": stmt.excluded.claimed_until},
                # Only a dead claim (or our own) is taken over; a live one makes the statement update nothing.
                where=(BriefClaimRow.claimed_until < bindparam("now")) | (BriefClaimRow.owner == bindparam("owner")),
            ).returning(BriefClaimRow.url_sha256)

        return self.store.prepared("claim_take", build)

    async def held_by_other(self, canonical_url: str, *, owner: str) -> bool:
        """True while someone else holds a live claim on the link."""
        stmt = select(BriefClaimRow.owner).where(
            BriefClaimRow.url_sha256 == _digest(canonical_url),
            BriefClaimRow.claimed_until >= utc_now(),
            BriefClaimRow.owner != owner,
        )
        async with self.store.statement(write=False) as session:
            return (await session.execute(stmt)).first() is not None

    async def release(self, canonical_url: str, *, owner: str) -> None:
        stmt = self.store.prepared(
            "claim_release",
            lambda: delete(BriefClaimRow).where(
                BriefClaimRow.url_sha256 == bindparam("digest"), BriefClaimRow.owner == bindparam("owner")
            ),
        )
        async with self.store.statement(write=True) as session:
            await session.execute(stmt, {"digest": _digest(canonical_url), "owner": owner})


def _digest(canonical_url: str) -> str:
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()
