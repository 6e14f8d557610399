"""Crafted pages through extract_article_sync: each ends with a verdict or a typed error, never a hang or a crash.

The sizes are where the old patterns were quadratic (minutes); linear scans finish in well under a second.
What each input costs is measured in bench/hostile.py; here the limit only tells "finishes" from "hangs".
"""

from __future__ import annotations

import os

import pytest

from bot.errors import MalformedPageError, NotTextError
from bot.extraction import extract_article_sync
from bot.extraction.extract import clean_body, markdown_heading, split_plain_text
from bot.extraction.metadata import PageMeta, tidy_title

PARAGRAPH = (
    "The port authority said on Thursday that the new terminal would open in spring, two years later than "
    "planned, after a dispute with the builder over the cost of the foundations and the drainage system."
)
ARTICLE_BODY = "".join(f"<p>{PARAGRAPH} Paragraph {i} adds detail.</p>" for i in range(8))
FINISHES_SECONDS = 10


def _page(body: str, *, head: str = "") -> str:
    return f"<!DOCTYPE html><html lang='en'><head><title>Terminal</title>{head}</head><body>{body}</body></html>"


@pytest.mark.timeout(FINISHES_SECONDS)
def test_unclosed_noscript_tags_are_scanned_once() -> None:
    page = _page("<p>Loading</p>" + "<noscript>" * 40_000 + "Please enable JavaScript.")
    article = extract_article_sync(page, source="a", url="https://example.com/a")
    assert article.gate == "needs_javascript"


@pytest.mark.timeout(FINISHES_SECONDS)
def test_noscript_without_a_closing_bracket_and_divs_without_one_finish() -> None:
    page = _page("<p>Loading</p><script></script>" + "<noscript <div " * 40_000)
    assert extract_article_sync(page, source="a", url="https://example.com/a").gate in {"too_short", "empty"}


@pytest.mark.timeout(FINISHES_SECONDS)
def test_paywall_words_in_a_long_comment_stay_linear() -> None:
    page = _page(f"<article><p>{PARAGRAPH}</p></article><!--" + " paywall" * 60_000 + " -->")
    assert extract_article_sync(page, source="a", url="https://example.com/a").gate == "too_short"


@pytest.mark.timeout(FINISHES_SECONDS)
def test_markdown_heading_made_of_hashes_is_linear() -> None:
    text = "# Title " + "#" * 100_000 + "x\n\n" + PARAGRAPH
    title, body = split_plain_text(text)
    assert title is not None and title.endswith("x") and body == PARAGRAPH


@pytest.mark.parametrize(
    ("line", "text"),
    [("## Budget vote ##", "Budget vote"), ("# C#", "C#"), ("#", ""), ("#hashtag", None), ("####### x", None)],
)
def test_markdown_heading_keeps_commonmark_meaning(line: str, text: str | None) -> None:
    assert markdown_heading(line) == text


@pytest.mark.timeout(FINISHES_SECONDS)
def test_trailing_boilerplate_line_of_punctuation_is_linear() -> None:
    text = f"Terminal delayed\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\nTell us what you think" + "!" * 60_000 + "x"
    article = extract_article_sync(text, source="a.txt", content_type="text/plain")
    assert article.text.startswith("The port authority")


@pytest.mark.timeout(FINISHES_SECONDS)
def test_title_with_a_long_run_of_spaces_is_tidied_linearly() -> None:
    title = "Terminal" + " " * 100_000 + "x | Harbour News"
    assert tidy_title(title, site="Harbour News", headings=()) == "Terminal x"


@pytest.mark.timeout(FINISHES_SECONDS)
def test_json_ld_nested_100k_deep_is_skipped_not_a_crash() -> None:
    deep = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    article = extract_article_sync(_page(ARTICLE_BODY, head=deep), source="a", url="https://example.com/a")
    assert article.gate == "article"


@pytest.mark.timeout(FINISHES_SECONDS)
def test_800_kb_of_meta_tags_is_read() -> None:
    metas = '<meta name="description" content="A story">' * 18_000
    article = extract_article_sync(_page(ARTICLE_BODY, head=metas), source="a", url="https://example.com/a")
    assert article.gate == "article"


def test_random_bytes_are_not_text() -> None:
    noise = os.urandom(20_000).decode("latin-1")  # what a legacy-charset guess makes of binary data
    with pytest.raises(NotTextError) as info:
        extract_article_sync(noise, source="a.txt", content_type="text/plain")
    assert info.value.exit_code == 2 and "not an article" in info.value.user_message


def test_utf16_read_as_utf8_is_not_text() -> None:
    with pytest.raises(NotTextError):
        extract_article_sync(PARAGRAPH.encode("utf-16-le").decode("utf-8"), source="a.txt", content_type="text/plain")


def test_a_stray_nul_is_dropped_not_stored() -> None:
    text = f"Terminal delayed\n\n{PARAGRAPH}\x00 {PARAGRAPH}\n\n{PARAGRAPH}"
    article = extract_article_sync(text, source="a.txt", content_type="text/plain")
    assert "\x00" not in article.text and article.gate == "article"


def test_a_short_page_whose_body_the_extractor_misses_is_too_short_not_empty() -> None:
    heading = " ".join(PARAGRAPH.split()[:35])
    article = extract_article_sync(_page(f"<h1>{heading}</h1>"), source="a", url="https://example.com/a")
    assert article.word_count == 0
    assert article.gate == "too_short"


def test_words_served_as_html_without_markup_are_read_as_text() -> None:
    article = extract_article_sync("just a few words", source="a.html", url="https://example.com/a.html")
    assert article.gate == "too_short" and article.text == "just a few words"


class _AssertingDocument:
    """readability's Document as it fails on some hostile trees (lxml.html asserts while rebuilding)."""

    def __init__(self, html: str) -> None:
        self.html = html

    def summary(self, html_partial: bool = False) -> str:
        raise AssertionError("too many bodies")


def test_readability_asserting_means_no_candidate_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.extraction.extract.Document", _AssertingDocument)
    page = _page(f"<div><p>{PARAGRAPH}</p></div>" + '<meta name="description" content="A story">' * 1_000)
    article = extract_article_sync(page, source="a", url="https://example.com/a")
    assert article.gate == "too_short" and article.text.startswith("The port authority")


def test_parser_recursion_is_a_malformed_page(monkeypatch: pytest.MonkeyPatch) -> None:
    def recurse(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("bot.extraction.extract.trafilatura.bare_extraction", recurse)
    with pytest.raises(MalformedPageError) as info:
        extract_article_sync(_page(ARTICLE_BODY), source="a", url="https://example.com/a")
    assert info.value.exit_code == 2 and "malformed" in info.value.user_message


@pytest.mark.timeout(FINISHES_SECONDS)
def test_a_million_leading_blank_lines_are_skipped_in_one_pass() -> None:
    title, body = split_plain_text("\n" * 1_000_000 + f"Terminal delayed\n\n{PARAGRAPH}")
    assert title == "Terminal delayed" and body == PARAGRAPH


@pytest.mark.timeout(FINISHES_SECONDS)
def test_a_headline_repeated_on_every_line_is_dropped_in_one_pass() -> None:
    body = "Terminal delayed again\n" * 300_000 + PARAGRAPH
    headings = tuple(f"Heading {i}" for i in range(50_000))
    assert clean_body(body, meta=PageMeta(title="Terminal delayed again", headings=headings)) == PARAGRAPH
