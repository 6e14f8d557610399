"""Readers of Block Kit output for the Slack tests: the texts a user sees and any live markup left in them."""

from __future__ import annotations

import re
from typing import Any

from bot.models import (
    Actor,
    Brief,
    BriefResult,
    Claim,
    Denial,
    GroundingStats,
    Meta,
    OpenQuestion,
    Source,
    TokenUsage,
)

INJECTION = "Hi <!channel> <!here> <@U0ADMIN> <#C0GEN> <!subteam^S1> <http://evil.example|click me> @everyone"


SOURCE_URL = "https://news.example/story"


def make_result(**brief_overrides: Any) -> BriefResult:
    brief = {
        "headline": "Minister denies report",
        "summary": "A paper says X. The minister denies it.",
        "actors": [Actor(name="Jane Doe", role="Minister", kind="official")],
        "claims": [Claim(statement="X happened", claimant="The Paper", quote="X happened", hedged=True, disputed=True)],
        "denials": [Denial(denier="Jane Doe", denied="that X happened", quote="No", disputes_claim=0)],
        "open_questions": [OpenQuestion(question="Did X happen?", why="conflicting accounts")],
        **brief_overrides,
    }
    return BriefResult(
        brief=Brief(**brief),
        source=Source(url=SOURCE_URL, title="Story", site="News", published="2024-05-01T10:00:00Z"),
        meta=Meta(
            engine="llm",
            model="gpt-test",
            tokens=TokenUsage(prompt=1200, completion=300),
            grounding=GroundingStats(checked=4, verified=3, dropped=1),
            cached=True,
            warnings=["1 quote(s) could not be found in the article and were left out."],
        ),
    )


def texts_of(blocks: list[dict[str, Any]]) -> list[str]:
    """Every text Slack would render from these blocks."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(blocks)
    return found


def live_markup(blocks: list[dict[str, Any]], *, allowed_urls: tuple[str, ...] = (SOURCE_URL,)) -> list[str]:
    """Mentions, broadcasts and links Slack would make live, except links to ``allowed_urls``."""
    live: list[str] = []
    for text in texts_of(blocks):
        for token in re.findall(r"<[^>]*>", text):
            if token[1:].split("|")[0] not in allowed_urls:
                live.append(token)
        live += re.findall(r"@(?:channel|here|everyone)\b", text, flags=re.IGNORECASE)
    return live
