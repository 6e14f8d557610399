"""What running the bot for a team adds around each brief and follow-up: settings and domain rules, quotas,
feedback, the one structured log line, and metrics. The service calls it; adapters reach it through the service.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bot.config import Settings
from bot.errors import BotError, InputError
from bot.operations.metrics import Metrics
from bot.operations.quotas import Quotas, Requester, Work
from bot.operations.report import build_report
from bot.operations.settings import SPECS, InForce, Scope, TeamSettings, describe, known_keys
from bot.store import Store, operations

log = logging.getLogger("briefbot.activity")
SETTINGS_USAGE = (
    "`settings show` · `settings set [channel|workspace] KEY VALUE` · `settings reset [channel|workspace] KEY`. "
)
COMMENT_LIMIT_CHARS = 2_000


class DomainRefusedError(InputError):
    """Raised when a link's domain is blocked here, or not on this channel's allowed list."""

    kind = "domain_refused"
    default_message = "Links to that site are not briefed here (an admin set that)."


@dataclass
class Activity:
    """One brief or follow-up in flight: who, where, the settings used, and what the log line will say."""

    work: Work
    who: Requester
    in_force: InForce
    activity_id: int
    fields: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


class Team:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = TeamSettings(store, settings)
        self.quotas = Quotas(store)
        self.metrics = Metrics(store)
        self._json = settings.log_format == "json"

    # --- around each brief and follow-up -------------------------------------------------------------------
    async def begin(self, work: Work, who: Requester, *, url: str | None = None) -> Activity:
        """Settings in force, the link's domain checked, the quota taken; refusals are counted too."""
        in_force = await self.settings.in_force(who.platform, who.workspace, who.channel)
        try:
            if url is not None:
                check_domain(url, in_force)
            activity_id = await self.quotas.admit(work, who, in_force)
        except BotError as exc:
            self._count(work, exc.kind)
            self._log(work, who, {"outcome": "refused", "error": exc.kind})
            raise
        return Activity(work=work, who=who, in_force=in_force, activity_id=activity_id)

    async def finish(self, activity: Activity, *, error: BaseException | None = None) -> None:
        """Settle the activity row, move the counters and write the one log line."""
        fields = activity.fields
        if error is not None:
            kind = error.kind if isinstance(error, BotError) else "internal"
            fields.update(outcome="error", error=kind)
            self.metrics.errors.labels(kind=kind).inc()
        outcome = str(fields.setdefault("outcome", "ok"))
        tokens = int(fields.get("tokens_prompt", 0)) + int(fields.get("tokens_completion", 0))
        await self.quotas.settle(
            activity.activity_id, outcome=outcome, error_kind=fields.get("error"), engine=fields.get("engine"),
            model=fields.get("model"), tokens=tokens, brief_id=fields.get("brief_id"),
        )  # fmt: skip
        self._count(activity.work, outcome)
        if outcome == "cached":
            self.metrics.cache_hits.inc()
        engine, model = str(fields.get("engine") or ""), str(fields.get("model") or "")
        for direction in ("prompt", "completion"):
            if fields.get(f"tokens_{direction}"):
                self.metrics.tokens.labels(engine=engine, model=model, direction=direction).inc(
                    int(fields[f"tokens_{direction}"])
                )
        for stage, seconds in activity.timings.items():
            self.metrics.observe_stage(stage, seconds)
        stages_ms = {stage: round(seconds * 1000) for stage, seconds in activity.timings.items()}
        self._log(activity.work, activity.who, {**fields, "stages_ms": stages_ms})

    def _count(self, work: Work, outcome: str) -> None:
        (self.metrics.briefs if work == "brief" else self.metrics.followups).labels(outcome=outcome).inc()

    def _log(self, work: Work, who: Requester, fields: dict[str, Any]) -> None:
        """One line per brief or answer: ids, timings, tokens, cache, outcome. Never article text."""
        record = {"event": work, "platform": who.platform, "workspace": who.workspace, "channel": who.channel,
                  "user": who.user, **fields}  # fmt: skip
        if self._json:
            log.info(json.dumps(record, sort_keys=True, default=str))
        else:
            log.info(" ".join(f"{key}={value}" for key, value in record.items() if value is not None))

    # --- settings from chat --------------------------------------------------------------------------------
    async def settings_command(self, platform: str, workspace: str, channel: str | None, words: Sequence[str]) -> str:
        """`show`, `set [channel|workspace] KEY VALUE`, `reset [channel|workspace] KEY`; the adapter has
        already checked that the user may change settings when ``is_settings_change(words)``."""
        verb, rest = (words[0].lower(), list(words[1:])) if words else ("show", [])
        if verb == "show":
            return describe(await self.settings.in_force(platform, workspace, channel))
        if verb not in ("set", "reset"):
            return SETTINGS_USAGE + known_keys()
        scope: Scope = "channel"
        if rest and rest[0].lower() in ("channel", "workspace", "server"):
            scope = "channel" if rest.pop(0).lower() == "channel" else "workspace"
        if not rest or (verb == "set" and len(rest) < 2):
            return SETTINGS_USAGE + known_keys()
        key = rest[0].lower()
        value = " ".join(rest[1:]) if verb == "set" else None
        stored = await self.settings.change(platform, workspace, channel, key=key, value=value, scope=scope)
        where = "this workspace" if scope == "workspace" or SPECS[key].workspace_only else "this channel"
        if stored is None:
            return f"`{key}` is reset for {where}."
        return f"`{key}` is now `{stored or 'none'}` for {where}." + _note(key, stored)

    # --- feedback and the report ----------------------------------------------------------------------------
    async def record_feedback(
        self, *, platform: str, workspace: str, channel: str, user: str, brief_id: int,
        vote: str | None = None, comment: str | None = None,
    ) -> None:  # fmt: skip
        """A 👍/👎 (or the 'what was wrong' text) kept with what made the brief."""
        if vote not in (None, "up", "down"):
            raise InputError(f"vote {vote!r}", user_message="That vote is not one I know.")
        brief = await self.store.get_brief(brief_id)
        meta = brief.result.meta
        await operations.save_feedback(
            self.store, platform=platform, workspace=workspace, channel=channel, user=user, brief_id=brief_id,
            vote=vote, comment=comment[:COMMENT_LIMIT_CHARS] if comment else None, engine=meta.engine,
            model=meta.model, prompt_version=meta.prompt_version,
        )  # fmt: skip
        self.metrics.feedback.labels(vote=vote or "comment").inc()

    async def report(self, *, since_days: int) -> str:
        return await build_report(self.store, since_days=since_days)


def is_settings_change(words: Sequence[str]) -> bool:
    return bool(words) and words[0].lower() in ("set", "reset")


def check_domain(url: str, in_force: InForce) -> None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    blocked, allowed = in_force.domains("blocked_domains"), in_force.domains("allowed_domains")
    if any(_under(host, name) for name in blocked):
        raise DomainRefusedError(f"{host} blocked", user_message=f"Links to {host} are blocked here by an admin.")
    if allowed and not any(_under(host, name) for name in allowed):
        raise DomainRefusedError(
            f"{host} not allowed",
            user_message=f"Only links to {', '.join(allowed)} are briefed here, so not {host}.",
        )


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _note(key: str, value: str) -> str:
    if key == "language" and value != "article":
        return " (The offline extractive engine cannot translate: its briefs stay in the article's language.)"
    return ""
