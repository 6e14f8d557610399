"""The extraction gate: verdicts through extract_article_sync, and require_article's typed refusal."""

from __future__ import annotations

import pytest

from bot.errors import InputError, NotArticleError
from bot.extraction import count_words, extract_article_sync, require_article
from bot.models import Article

PARAGRAPH = (
    "The port authority said on Thursday that the new terminal would open in spring, two years later than "
    "planned, after a dispute with the builder over the cost of the foundations and the drainage system."
)


def _page(body: str, *, head: str = "", lang: str = "en") -> str:
    head = f"<head><title>Terminal</title>{head}</head>"
    return f"<!DOCTYPE html><html lang='{lang}'>{head}<body>{body}</body></html>"


def _paragraphs(n: int) -> str:
    return "".join(f"<p>{PARAGRAPH} Paragraph {i} adds detail.</p>" for i in range(n))


PAYWALL_LD = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": "False"}</script>'


def test_full_article_behind_metered_paywall_markup_is_still_an_article() -> None:
    article = extract_article_sync(_page(f"<article>{_paragraphs(12)}</article>", head=PAYWALL_LD), source="a")
    assert article.gate == "article"


def test_teaser_with_paywall_phrase_is_paywalled() -> None:
    body = f"<article><p>{PARAGRAPH}</p><div class='note'>Subscribe to continue reading.</div></article>"
    article = extract_article_sync(_page(body), source="a")
    assert article.gate == "paywalled"
    assert "subscribe to continue reading" in (article.gate_reason or "")


def test_paywall_class_with_short_body_is_paywalled() -> None:
    body = f"<article><p>{PARAGRAPH}</p><div class='c-paywall-offer'><a href='/s'>Offers</a></div></article>"
    assert extract_article_sync(_page(body), source="a").gate == "paywalled"


def test_short_page_without_markers_is_too_short_not_paywalled() -> None:
    article = extract_article_sync(_page(f"<article><p>{PARAGRAPH}</p></article>"), source="a")
    assert article.gate == "too_short"


def test_app_shell_without_noscript_needs_javascript() -> None:
    page = _page('<div id="__next"></div><script src="/app.js"></script>', head='<script src="/r.js"></script>')
    assert extract_article_sync(page, source="a").gate == "needs_javascript"


def test_long_article_with_noscript_banner_is_an_article() -> None:
    body = f"<noscript>Please enable JavaScript for comments.</noscript><article>{_paragraphs(8)}</article>"
    assert extract_article_sync(_page(body), source="a").gate == "article"


def test_link_list_is_not_an_article() -> None:
    links = "".join(
        f"<li><a href='/s/{i}'>Story number {i} about the port and the terminal</a></li>" for i in range(40)
    )
    assert extract_article_sync(_page(f"<ul>{links}</ul>"), source="a").gate == "not_article"


def test_whitespace_only_page_is_empty() -> None:
    assert extract_article_sync("   \n ", source="a").gate == "empty"
    assert extract_article_sync("", source="a.txt").gate == "empty"


def test_count_words_counts_unspaced_scripts() -> None:
    assert count_words("one two, three") == 3
    assert count_words("日本語の文章です") == 4


def test_require_article_passes_articles_through() -> None:
    article = Article(source="a", text="text", gate="article")
    assert require_article(article) is article


@pytest.mark.parametrize("verdict", ["too_short", "paywalled", "needs_javascript", "not_article", "empty"])
def test_require_article_raises_typed_error(verdict: str) -> None:
    article = Article(source="a", text="", gate=verdict, gate_reason="why")  # type: ignore[arg-type]
    with pytest.raises(NotArticleError) as caught:
        require_article(article)
    assert caught.value.verdict == verdict
    assert isinstance(caught.value, InputError) and caught.value.exit_code == 2
    assert caught.value.user_message == NotArticleError.MESSAGES[verdict]
