"""Rendering of briefs and answers as Discord embeds: escaping, layout, and every Discord limit."""

from __future__ import annotations

import re
from pathlib import Path

import discord
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


def make_result(*, n: int = 2, text: str = "plain words", headline: str = "Minister denies report") -> BriefResult:
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
        denials=[Denial(denier="Ministry", denied=f"denied {text}", quote=f"we deny {text}", disputes_claim=0)],
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


@pytest.mark.parametrize("sample", ["<@1>", "<@!1>", "<@&1>", "<#1>", "</brief:1>", "@everyone", "@here", "@&1"])
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


# --- audit additions: names, timestamps, the invite URL, and a property test over arbitrary briefs ----------

LIVE_MARKUP = [
    re.compile(r"@(everyone|here)"),
    re.compile(r"<(?:[@#/:]|t:|a:|id:)"),  # mentions, commands, timestamps, emoji, guide links
    re.compile(r"(?<!\\)\[[^\]]*\]\("),  # a masked link whose bracket is not escaped
]


@pytest.mark.parametrize("sample", ["<t:1700000000:R>", "<:pog:1>", "<a:pog:1>", "<id:customize>"])
def test_escape_text_defuses_timestamps_emoji_and_guide_links(sample: str) -> None:
    assert sample not in embeds.escape_text(f"at {sample} now")


def test_thread_name_carries_no_markdown_or_mentions() -> None:
    name = embeds.thread_name(make_result(headline="**Big** @everyone <@123> [see](https://x.example) `now`"))
    assert name == "Big @\u200beveryone @\u200b123 see now"
    assert not any(p.search(name) for p in LIVE_MARKUP)
    assert embeds.thread_name(make_result(headline="# __**~~||`>`||~~**__")) == "Brief"


def test_invite_url_permissions_are_exactly_what_the_bot_needs() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "discord.md").read_text()
    url = re.search(r"https://discord\.com/oauth2/authorize\?\S+", docs)
    assert url is not None
    assert "scope=bot%20applications.commands&" in url.group(0)
    needed = discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        create_public_threads=True,
        embed_links=True,
        read_message_history=True,
    )
    assert f"permissions={needed.value}" in url.group(0)
    assert f"**{needed.value}**" in docs
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert f"scope=bot%20applications.commands&permissions={needed.value}" in readme


HOSTILE_PIECES = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@123456789012345678>",
        "<@!1>",
        "<@&2>",
        "<#3>",
        "</brief:4>",
        "<t:5:R>",
        "[x](https://evil.example)",
        "**",
        "\\",
        "`",
        "> ",
        "# ",
        "-# ",
        "\n",
        "​",
        "🧵",
        "é",
        "👩‍👩‍👧",
        "𝕏",
        "ـ",
        "‮",
    ]
)
TEXT = st.lists(HOSTILE_PIECES | st.text(max_size=40) | st.integers(0, 2500).map("w ".__mul__), max_size=6).map("".join)
ACTORS = st.builds(Actor, name=TEXT, role=st.none() | TEXT, kind=st.just("person"))
CLAIMS = st.builds(Claim, statement=TEXT, claimant=TEXT, quote=TEXT, hedged=st.booleans(), disputed=st.booleans())
DENIALS = st.builds(Denial, denier=TEXT, denied=TEXT, quote=TEXT, disputes_claim=st.none())
QUESTIONS = st.builds(OpenQuestion, question=TEXT, why=TEXT)
BRIEFS = st.builds(
    Brief,
    headline=TEXT,
    summary=TEXT,
    actors=st.lists(ACTORS, max_size=30),
    claims=st.lists(CLAIMS, max_size=30),
    denials=st.lists(DENIALS, max_size=10),
    open_questions=st.lists(QUESTIONS, max_size=10),
)
METAS = st.builds(Meta, engine=st.just("llm"), model=st.none() | TEXT, warnings=st.lists(TEXT, max_size=5))
SOURCES = st.builds(Source, url=st.none() | TEXT, site=st.none() | TEXT, author=st.none() | TEXT)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(brief=BRIEFS, meta=METAS, source=SOURCES)
def test_any_brief_renders_within_every_limit_and_inert(brief: Brief, meta: Meta, source: Source) -> None:
    result = BriefResult(brief=brief, source=source, meta=meta)
    items = embeds.render_brief(result)
    assert_within_limits(items)
    for e in items:
        assert len(e.author.name or "") <= 256
        assert e.title or e.description or e.fields  # Discord refuses an empty embed
    text = all_text(items)
    assert not any(p.search(text) for p in LIVE_MARKUP), text
    name = embeds.thread_name(result)
    assert 1 <= len(name) <= embeds.THREAD_NAME_LIMIT_CHARS and "\n" not in name
    assert not any(p.search(name) for p in LIVE_MARKUP)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=TEXT, answer=TEXT, quotes=st.lists(TEXT, max_size=12), found=st.booleans(), warning=TEXT)
def test_any_answer_renders_within_limits_and_inert(
    question: str, answer: str, quotes: list[str], found: bool, warning: str
) -> None:
    embed = embeds.render_answer(
        Answer(question=question, answer=answer, quotes=quotes, found=found, engine="llm", warnings=[warning])
    )
    assert_within_limits([embed])
    assert embed.title
    assert not any(p.search(all_text([embed])) for p in LIVE_MARKUP)
