"""`briefbot report`: usage, feedback and errors per workspace, per engine and per model, as plain text.

An operator compares models on real use from this; it reads only the store's sums, never article text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from bot.store import ReportRow, Store, operations, utc_now

MAX_COMMENTS = 10
COMMENT_PREVIEW_CHARS = 120


async def build_report(store: Store, *, since_days: int) -> str:
    since = utc_now() - timedelta(days=since_days)
    activity = await operations.activity_report(store, since=since)
    feedback = await operations.feedback_report(store, since=since)
    comments = await operations.recent_comments(store, since=since, limit=MAX_COMMENTS)
    lines = [f"briefbot report: the last {since_days} day(s)", ""]
    lines += _usage(activity, "Usage per workspace", lambda keys: f"{keys[0]}:{keys[1]}")
    lines += _usage(activity, "Usage per engine and model", lambda keys: f"{keys[2] or '-'} / {keys[3] or '-'}")
    lines += _feedback(feedback)
    lines += _errors(activity)
    if comments:
        lines += ["What was wrong (newest first):"]
        lines += [f"  brief {brief_id} ({made_by}): {_preview(text)}" for brief_id, made_by, text in comments]
    return "\n".join(lines).rstrip() + "\n"


def _usage(rows: list[ReportRow], title: str, group: Callable[[tuple[str, ...]], str]) -> list[str]:
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        _, _, _, _, kind, outcome, _ = row.keys
        bucket = sums[group(row.keys)]
        bucket[f"{kind}s"] += row.values["count"]
        bucket["errors"] += row.values["count"] if outcome == "error" else 0
        bucket["cached"] += row.values["count"] if outcome == "cached" else 0
        bucket["tokens"] += row.values["tokens"]
    lines = [title + ":"]
    if not sums:
        lines.append("  (nothing yet)")
    for name, counts in sorted(sums.items()):
        lines.append(
            f"  {name}: briefs {counts['briefs']} (cached {counts['cached']}), follow-ups {counts['questions']}, "
            f"errors {counts['errors']}, tokens {counts['tokens']}"
        )
    return [*lines, ""]


def _feedback(rows: list[ReportRow]) -> list[str]:
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        platform, workspace, engine, model, vote = row.keys
        for name in (f"{platform}:{workspace}", f"{engine or '-'} / {model or '-'}"):
            votes[name][vote] += row.values["count"]
            votes[name]["comments"] += row.values["comments"]
    lines = ["Feedback (👍 up / 👎 down) per workspace and per engine / model:"]
    if not votes:
        lines.append("  (none yet)")
    for name, counts in sorted(votes.items()):
        lines.append(f"  {name}: up {counts['up']}, down {counts['down']}, with comments {counts['comments']}")
    return [*lines, ""]


def _errors(rows: list[ReportRow]) -> list[str]:
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        platform, workspace, engine, model, _, outcome, error_kind = row.keys
        if outcome == "error":
            kinds[f"{platform}:{workspace} {engine or '-'} / {model or '-'}: {error_kind or 'unknown'}"] += row.values[
                "count"
            ]
    lines = ["Errors by kind:"]
    lines += [f"  {name} × {count}" for name, count in sorted(kinds.items())] or ["  (none)"]
    return [*lines, ""]


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= COMMENT_PREVIEW_CHARS else flat[: COMMENT_PREVIEW_CHARS - 1] + "…"
