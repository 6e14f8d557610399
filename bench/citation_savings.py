"""Completion tokens saved by citing sentence numbers instead of copying quotes (issue 10).

Run: TIKTOKEN_CACHE_DIR=../shared/tiktoken-cache .venv/bin/python bench/citation_savings.py

1. The shared gold briefs (../shared/eval/gold) written as a model would write them in the old output shape
   (each claim and denial copies its quote) and in the new one (it cites sentence numbers). Statements are the
   gold evidence cut to 14 words (a neutral restatement is about that long), the same in both shapes.
2. The brief of the reference article (gallant-trip) through the fake OpenAI server and the real client:
   a realistic canned reply (8 actors, 6 claims, 2 denials, 3 open questions) in the new shape goes through
   the real engine; the fake reports as completion tokens the tiktoken count (o200k, gpt-4o-mini's encoding)
   of the reply it sends. The old-shape reply is the same brief with each citation replaced by the cited
   text, which is what the old prompt asked the model to copy; the fake counts it the same way.
Targets: at least 30% fewer tokens on the gold; the reference brief at most 80% of the old shape's.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED = REPO_ROOT.parent / "shared"
if "TIKTOKEN_CACHE_DIR" not in os.environ and (SHARED / "tiktoken-cache").is_dir():
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED / "tiktoken-cache")
sys.path.insert(0, str(REPO_ROOT))

from bot.config import PROJECT_ROOT  # noqa: E402
from bot.engines import count_tokens  # noqa: E402
from bot.engines.llm import LLMEngine  # noqa: E402
from bot.grounding import NumberedText, cited_text, locate_quote, number_sentences  # noqa: E402
from bot.models import Article, Brief  # noqa: E402
from tests.fakes.openai_server import FakeOpenAI, FakeRequest, Reply, reply_json  # noqa: E402

MODEL = "gpt-4o-mini"
STATEMENT_WORDS = 14
GOLD_TARGET = 0.30
REFERENCE_TARGET = 0.80


def tokens(obj: Any) -> int:
    return count_tokens(json.dumps(obj, ensure_ascii=False), model=MODEL).n


def _numbers(evidence: str, numbered: NumberedText) -> list[int]:
    span = locate_quote(evidence, numbered.text)
    return [s.number for s in numbered.covering(*span)] if span else [1]


def gold_shapes(
    gold: dict[str, Any], numbered: NumberedText, *, whole_sentences: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The gold brief in the old shape (copied quotes) and in the new one (cited numbers). The old quote is
    the gold evidence itself, or with ``whole_sentences`` the sentences holding it (what the old prompt asked
    for: "one or two sentences each"), which is also the text the new shape shows."""

    def evidence(item: dict[str, Any]) -> str:
        return item["evidence"] if isinstance(item["evidence"], str) else item["evidence"][0]

    def quote(item: dict[str, Any]) -> str:
        cited = cited_text(_numbers(evidence(item), numbered), numbered) if whole_sentences else None
        return cited or evidence(item)

    def statement(item: dict[str, Any]) -> str:
        return " ".join(evidence(item).split()[:STATEMENT_WORDS]) + "."

    common = {
        "headline": "A neutral headline of about twelve words for the story in this article",
        "summary": "Two neutral sentences on what happened and who says what. A third on who denies it.",
        "actors": [{"name": g["names"][0], "role": None, "kind": "other"} for g in gold["actors"]],
        "open_questions": [
            {"question": q.get("gist", "?"), "why": "Accounts conflict."} for q in gold["open_questions"]
        ],
    }
    old = {
        **common,
        "claims": [
            {"statement": statement(c), "claimant": c["by"][0], "quote": quote(c), "hedged": False, "disputed": False}
            for c in gold["claims"]
        ],
        "denials": [
            {"denier": d["by"][0], "denied": statement(d), "quote": quote(d), "disputes_claim": None}
            for d in gold["denials"]
        ],
    }
    new = {
        **common,
        "claims": [
            {"statement": statement(c), "claimant": c["by"][0], "sentences": _numbers(evidence(c), numbered)}
            for c in gold["claims"]
        ],
        "denials": [
            {
                "denier": d["by"][0],
                "denied": statement(d),
                "sentences": _numbers(evidence(d), numbered),
                "disputes_claim": None,
            }
            for d in gold["denials"]
        ],
    }
    return old, new


def reference_reply() -> dict[str, Any]:
    """A realistic new-shape brief of gallant-trip, as a model writes it."""

    def claim(who: str, what: str, n: int) -> dict[str, Any]:
        return {"statement": what, "claimant": who, "sentences": [n]}

    return {
        "headline": "Netanyahu held up Gallant's Washington trip amid dispute over Biden call",
        "summary": "The Washington Post says Netanyahu blocked his defence minister's trip after Biden would not "
        "take his call. U.S. officials deny it, saying the call was scheduled for this week.",
        "actors": [
            {"name": "Benjamin Netanyahu", "role": "Prime Minister of Israel", "kind": "official"},
            {"name": "Yoav Gallant", "role": "Defense Minister of Israel", "kind": "official"},
            {"name": "Joe Biden", "role": "U.S. President", "kind": "official"},
            {"name": "The Washington Post", "role": None, "kind": "outlet"},
            {"name": "U.S. officials", "role": None, "kind": "official"},
            {"name": "The Wall Street Journal", "role": None, "kind": "outlet"},
            {"name": "Lloyd Austin", "role": "U.S. Defense Secretary", "kind": "official"},
            {"name": "Sources close to Netanyahu", "role": None, "kind": "anonymous_source"},
        ],
        "claims": [
            claim(
                "The Washington Post", "Netanyahu blocked Gallant's trip after Biden reportedly refused his call.", 1
            ),
            claim(
                "Sources close to Netanyahu", "Gallant was told his trip was not approved before the leaders spoke.", 3
            ),
            claim("Israeli official", "Netanyahu tried several times to reach Biden by phone without success.", 14),
            claim(
                "The Wall Street Journal",
                "Israel refused to give the Biden administration details of its planned attack on Iran.",
                18,
            ),
            claim("U.S. officials", "The administration is frustrated at being surprised by Israeli operations.", 19),
            claim("Sources", "Austin was frustrated the U.S. had insufficient time to organize its forces.", 24),
        ],
        "denials": [
            {
                "denier": "U.S. officials",
                "denied": "That Biden refused the call; they say it was scheduled this week.",
                "sentences": [2],
                "disputes_claim": 0,
            },
            {
                "denier": "American official",
                "denied": "That Netanyahu tried and failed to reach Biden by phone.",
                "sentences": [15],
                "disputes_claim": 2,
            },
        ],
        "open_questions": [
            {
                "question": "Did Biden refuse Netanyahu's call, or was it simply not yet scheduled?",
                "why": "The Post and U.S. officials give conflicting accounts.",
            },
            {
                "question": "How and when will Israel respond to Iran's missile attack?",
                "why": "Israel has not shared its plans with Washington.",
            },
            {
                "question": "Will Gallant's trip go ahead once the leaders have spoken?",
                "why": "The trip was conditioned on the call and a cabinet decision.",
            },
        ],
    }


def old_shape(reply: dict[str, Any], numbered: NumberedText) -> dict[str, Any]:
    """The same brief as the old schema had the model write it: each citation copied out as its text."""
    disputed = {d["disputes_claim"] for d in reply["denials"]}
    claims = [
        {
            "statement": c["statement"],
            "claimant": c["claimant"],
            "quote": cited_text(c["sentences"], numbered),
            "hedged": i == 0,
            "disputed": i in disputed,
        }
        for i, c in enumerate(reply["claims"])
    ]
    denials = [
        {
            "denier": d["denier"],
            "denied": d["denied"],
            "quote": cited_text(d["sentences"], numbered),
            "disputes_claim": d["disputes_claim"],
        }
        for d in reply["denials"]
    ]
    old = {**reply, "claims": claims, "denials": denials}
    Brief.model_validate(old)  # a valid reply under the old schema
    return old


def counted(obj: dict[str, Any]) -> Reply:
    """The fake's reply with usage counted as tiktoken tokens of the content it sends."""
    content = json.dumps(obj, ensure_ascii=False)
    return reply_json(obj, usage=(0, count_tokens(content, model=MODEL).n))


async def through_fake(article: Article, reply: dict[str, Any]) -> tuple[int, int, int]:
    """Completion tokens the engine reports for the reply, and how many claims and denials it shows."""

    def answer(_: FakeRequest) -> Reply:
        return counted(reply)

    with FakeOpenAI(default=answer) as fake:
        engine = LLMEngine(
            model=MODEL,
            api_key="test",
            base_url=fake.base_url,
            timeout_seconds=10,
            max_retries=0,
            max_prompt_tokens=100_000,
            max_completion_tokens=4_000,
            prompts_dir=PROJECT_ROOT / "prompts",
        )
        try:
            output = await engine.brief(article)
        finally:
            await engine.aclose()
    return output.tokens.completion, len(output.brief.claims), len(output.brief.denials)


def main() -> int:
    gold_dir = SHARED / "eval" / "gold"
    if not gold_dir.is_dir():
        print(f"no shared gold at {gold_dir}", file=sys.stderr)
        return 2
    print(f"{'gold brief':24}{'old: evidence quotes':>22}{'old: sentence quotes':>22}{'new: cited':>12}")
    totals = [0, 0, 0]
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text())
        numbered = number_sentences((SHARED / "eval" / gold["article"]).read_text())
        old_evidence, new = gold_shapes(gold, numbered, whole_sentences=False)
        old_sentences, _ = gold_shapes(gold, numbered, whole_sentences=True)
        row = [tokens(old_evidence), tokens(old_sentences), tokens(new)]
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        print(f"{path.stem:24}{row[0]:>22}{row[1]:>22}{row[2]:>12}")
    print(f"{'all':24}{totals[0]:>22}{totals[1]:>22}{totals[2]:>12}")
    saved_evidence, gold_saved = 1 - totals[2] / totals[0], 1 - totals[2] / totals[1]
    print(
        f"new vs old with sentence quotes (what the old prompt asked for): {gold_saved:.0%} fewer "
        f"(target >= {GOLD_TARGET:.0%}); vs old with evidence-only quotes (a lower bound): {saved_evidence:.0%}\n"
    )

    text = (SHARED / "eval" / "articles" / "gallant-trip.txt").read_text()
    article = Article(source="gallant-trip", text=text, word_count=len(text.split()))
    numbered = number_sentences(text)
    reply = reference_reply()
    old_tokens = count_tokens(json.dumps(old_shape(reply, numbered), ensure_ascii=False), model=MODEL).n
    new_tokens, claims, denials = asyncio.run(through_fake(article, reply))
    share = new_tokens / old_tokens
    print(
        f"reference brief (gallant-trip) through the fake: old shape {old_tokens} completion tokens, "
        f"new shape {new_tokens} ({share:.0%} of old; target <= {REFERENCE_TARGET:.0%}); "
        f"{claims} claims and {denials} denials shown, quotes filled from the cited sentences"
    )
    plain = count_tokens(text, model=MODEL).n
    marked = count_tokens(numbered.render(), model=MODEL).n
    print(
        f"prompt cost of the numbering on gallant-trip: article {plain} tokens plain, {marked} numbered "
        f"(+{marked - plain} for {len(numbered.sentences)} sentences)"
    )
    ok = gold_saved >= GOLD_TARGET and share <= REFERENCE_TARGET
    print("OK" if ok else "SHORT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
