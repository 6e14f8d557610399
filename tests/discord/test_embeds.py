"""Rendering of briefs and answers as Discord embeds: escaping, layout, and every Discord limit."""

from __future__ import annotations

import re

import discord
import pytest

from bot.discord import embeds
from bot.models import (
    Actor,
    Answer,
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

HOSTILE = "@everyone look <@123> <@!45> <@&67> <#89> @here [click me](https://evil.example/x) **bold** `code`"


def make_result(
    *, n: int = 2, text: str = "plain words", headline: str = "Minister denies report"
) -> BriefResult:
    brief = Brief(
        headline=headline,
        summary=f"Summary {text}.",
        actors=[Actor(name=f"Actor {i} {text}", role="Minister", kind="official") for i in range(n)],
        claims=[
            Claim(
                statement=f"Claim {i} {text}",
                claimant=f"Source {i}",
                quote=f"quote {i} {text}",
                hedged=i % 2 == 1,
                disputed=i == 0,
            )
            for i in range(n)
        ],
        denials=[
            Denial(denier="Ministry", denied=f"denied {text}", quote=f"we deny {text}", disputes_claim=0)
        ],
        open_questions=[OpenQuestion(question=f"What next {i}?", why=f"unclear {text}") for i in range(n)],
    )
    meta = Meta(
        engine="llm",
        model="gpt-4o-mini",
        tokens=TokenUsage(prompt=1200, completion=300),
        grounding=GroundingStats(checked=3, verified=3, dropped=0),
        cached=True,
        warnings=["one warning"],
    )
    source = Source(url="https://news.example/a", site="News Example", author="A. Writer", word_count=900)
    return BriefResult(brief=brief, source=source, meta=meta)


def all_text(items: list[discord.Embed]) -> str:
    parts: list[str] = []
    for e in items:
        parts += [e.title or "", e.description or "", e.footer.text or ""]
        parts += [f"{f.name}\n{f.value}" for f in e.fields]
    return "\n".join(parts)


def assert_within_limits(items: list[discord.Embed]) -> None:
    assert 1 <= len(items) <= embeds.MESSAGE_EMBEDS_LIMIT
    assert sum(len(e) for e in items) <= embeds.MESSAGE_EMBED_CHARS_LIMIT
    for e in items:
        assert len(e.title or "") <= embeds.EMBED_TITLE_LIMIT_CHARS
        assert len(e.description or "") <= embeds.EMBED_DESCRIPTION_LIMIT_CHARS
        assert len(e.fields) <= embeds.EMBED_FIELDS_LIMIT
        assert len(e.footer.text or "") <= embeds.FOOTER_LIMIT_CHARS
        for f in e.fields:
            assert 0 < len(f.name or "") <= embeds.FIELD_NAME_LIMIT_CHARS
            assert 0 < len(f.value or "") <= embeds.FIELD_VALUE_LIMIT_CHARS


def test_layout_has_linked_headline_sections_and_footer() -> None:
    items = embeds.render_brief(make_result())
    head = items[0]
    assert head.title == "Minister denies report"
    assert head.url == "https://news.example/a"
    assert "Summary plain words." in (head.description or "")
    assert "Source: News Example · A. Writer · 900 words" in (head.description or "")
    names = [f.name for f in head.fields]
    assert names == ["Actors", "Claims", "Denials", "Open questions"]
    claims = head.fields[1].value or ""
    assert "⚠ *disputed* · **Source 0**: Claim 0 plain words\n> “quote 0 plain words”" in claims
    assert "*hedged*" in claims
    footer = items[-1].footer.text or ""
    for part in ("llm", "gpt-4o-mini", "tokens 1200+300", "quotes verified 3/3", "cached", "one warning"):
        assert part in footer
    assert "Trimmed" not in footer


def test_hostile_article_text_is_inert() -> None:
    items = embeds.render_brief(make_result(text=HOSTILE, headline=HOSTILE))
    text = all_text(items)
    assert re.search(r"@(everyone|here)", text) is None
    assert re.search(r"<[@#]", text) is None
    assert re.search(r"(?<!\\)\[[^\]]*\]\(", text) is None  # no live masked link
    assert "click me (https://evil.example/x)" in text
    assert "\\*\\*bold\\*\\*" in text


@pytest.mark.parametrize(
    "sample", ["<@1>", "<@!1>", "<@&1>", "<#1>", "</brief:1>", "@everyone", "@here", "@&1"]
)
def test_escape_text_defuses_each_mention_form(sample: str) -> None:
    out = embeds.escape_text(f"x {sample} y")
    assert sample not in out
    assert "\u200b" in out


def test_escape_text_keeps_plain_urls_clickable() -> None:
    assert embeds.escape_text("see https://a.example/x_y") == "see https://a.example/x_y"


def test_long_brief_is_trimmed_within_every_limit_with_a_note() -> None:
    items = embeds.render_brief(make_result(n=80, text="word " * 150, headline="H" * 400))
    assert_within_limits(items)
    assert items[0].title is not None and items[0].title.endswith("…")
    assert "Trimmed to fit Discord:" in (items[-1].footer.text or "")


def test_many_short_items_spill_into_continuation_fields() -> None:
    items = embeds.render_brief(make_result(n=60, text="x" * 40))
    assert_within_limits(items)
    names = [f.name for e in items for f in e.fields]
    assert "Claims (cont.)" in names


def test_empty_sections_are_left_out() -> None:
    result = make_result()
    result.brief.denials.clear()
    result.brief.open_questions.clear()
    names = [f.name for f in embeds.render_brief(result)[0].fields]
    assert names == ["Actors", "Claims"]


def test_non_http_source_url_is_not_linked() -> None:
    result = make_result()
    result.source.url = "javascript:alert(1)"
    assert embeds.render_brief(result)[0].url is None


def test_thread_name_is_one_line_and_at_most_100_chars() -> None:
    assert embeds.thread_name(make_result(headline="a\nb")) == "a b"
    assert len(embeds.thread_name(make_result(headline="x" * 300))) == embeds.THREAD_NAME_LIMIT_CHARS


def test_answer_found_shows_quotes_and_not_found_says_so() -> None:
    found = Answer(
        question="Who?",
        answer="The minister @everyone.",
        quotes=["he said <@1>"],
        found=True,
        engine="extractive",
    )
    embed = embeds.render_answer(found)
    assert embed.title == "Who?"
    assert "> “he said <\u200b@\u200b1>”" in (embed.description or "")
    assert "@everyone" not in (embed.description or "")
    missing = Answer(question="When?", answer="", quotes=[], found=False, engine="extractive")
    assert embeds.render_answer(missing).description == embeds.NOT_FOUND_TEXT


def test_error_text_carries_reference() -> None:
    assert embeds.render_error("Oops.", reference="ab12") == "⚠ Oops. (reference `ab12`)"
