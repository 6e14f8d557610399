"""Block Kit rendering: layout, Slack's limits, and escaping of everything an article or LLM wrote."""

from __future__ import annotations

import json
import re

from bot.models import (
    Actor,
    Answer,
    Claim,
    OpenQuestion,
)
from bot.slack.blocks import answer_blocks, brief_blocks, fallback_text, notice_blocks, placeholder_text
from tests.fakes.slack_blocks import INJECTION, SOURCE_URL, live_markup, make_result, texts_of


def test_brief_layout_has_header_source_sections_and_footer() -> None:
    blocks = brief_blocks(make_result())
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": "Minister denies report",
                                                     "emoji": False}}  # fmt: skip
    body = "\n".join(texts_of(blocks))
    assert "2024-05-01" in body and f"<{SOURCE_URL}|open the article>" in body
    for title in ("*Actors*", "*Claims*", "*Denials*", "*Open questions*"):
        assert title in body
    assert "*The Paper*: X happened ⚠ _disputed_ _(hedged)_\n> “X happened”" in body
    footer = blocks[-1]
    assert footer["type"] == "context"
    expected = "llm · gpt-test · 1,200 + 300 tokens · quotes verified 3/4 · cached"
    assert footer["elements"][0]["text"] == expected
    assert footer["elements"][1]["text"].startswith("⚠ 1 quote(s)")


def test_article_text_cannot_inject_mentions_links_or_formatting() -> None:
    claim = Claim(statement=INJECTION, claimant="*Boss*", quote=INJECTION, hedged=False, disputed=False)
    result = make_result(headline=INJECTION, summary=INJECTION, claims=[claim])
    result.meta.warnings.append(INJECTION)
    blocks = brief_blocks(result)
    assert live_markup(blocks) == []
    body = "\n".join(texts_of(blocks))
    assert "&lt;!channel&gt;" in body and "&lt;http://evil.example|click me&gt;" in body
    assert "*Boss*" not in body and "∗Boss∗" in body
    assert live_markup([{"text": fallback_text(result)}]) == []


def test_source_url_cannot_break_out_of_its_link() -> None:
    result = make_result()
    result.source.url = "https://news.example/a|<!channel>>"
    texts = texts_of(brief_blocks(result))
    allowed = ("https://news.example/a%7C%3C!channel%3E%3E",)
    assert live_markup(brief_blocks(result), allowed_urls=allowed) == []
    assert any("%7C%3C!channel%3E%3E|open the article>" in text for text in texts)


def test_long_brief_is_trimmed_within_slack_limits_with_a_note() -> None:
    long = "word " * 600
    claims = [Claim(statement=long, claimant=f"C{i}", quote=long, hedged=False, disputed=False) for i in range(60)]
    actors = [Actor(name=f"Actor {i}", role=long, kind="person") for i in range(40)]
    questions = [OpenQuestion(question=long + "?", why=long) for _ in range(30)]
    result = make_result(headline=long, summary="界" * 9000, claims=claims, actors=actors, open_questions=questions)
    result.meta.warnings.extend(f"warning {i}" for i in range(20))
    blocks = brief_blocks(result)
    assert len(blocks) <= 50
    assert len(json.dumps(blocks, ensure_ascii=False).encode()) < 12_000
    assert len(blocks[0]["text"]["text"]) <= 150
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
    body = "\n".join(texts_of(blocks))
    assert re.search(r"…and \d+ more claims", body)
    assert "*Claims*" in body and "*Open questions*" in body
    assert "more warnings" in blocks[-1]["elements"][-1]["text"]


def test_empty_sections_are_left_out() -> None:
    body = "\n".join(texts_of(brief_blocks(make_result(denials=[], open_questions=[]))))
    assert "*Denials*" not in body and "*Open questions*" not in body


def test_answer_blocks_show_answer_and_quotes_or_does_not_say() -> None:
    found = Answer(question="q", answer="She denies <!here> it.", quotes=["No"], found=True, engine="extractive")
    blocks = answer_blocks(found)
    assert blocks[0]["text"]["text"] == "She denies &lt;!here&gt; it."
    assert blocks[1]["text"]["text"] == "> “No”"
    assert blocks[-1]["elements"][0]["text"] == "extractive"
    missing = Answer(question="q", answer="", found=False, engine="llm", model="m", warnings=["LLM down"])
    blocks = answer_blocks(missing)
    assert blocks[0]["text"]["text"] == "The article does not say."
    assert [e["text"] for e in blocks[-1]["elements"]] == ["llm · m", "⚠ LLM down"]
    assert fallback_text(missing) == "The article does not say."


def test_placeholder_and_notice_are_escaped() -> None:
    assert placeholder_text("https://n.example/a?b=1&c=2") == (
        "Reading <https://n.example/a?b=1&amp;c=2|https://n.example/a?b=1&amp;c=2>…"
    )
    assert notice_blocks("a <b> @here")[0]["text"]["text"] == "a &lt;b&gt; @\u200dhere"
