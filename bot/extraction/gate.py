"""The extraction gate: decide whether what we read is a whole article, so no later step briefs a teaser.

Pure functions over the parsed page and the extracted body; imports no platform library.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from bot.errors import NotArticleError
from bot.models import Article, GateVerdict

MIN_ARTICLE_WORDS = 100
PAYWALL_MAX_BODY_WORDS = 350
JS_SHELL_MAX_PAGE_WORDS = 60
NAV_MIN_LINK_DENSITY = 0.55
NAV_MIN_LINK_LINE_SHARE = 0.5
NAV_MAX_BODY_WORDS = 400

# Literal, lower-case markers: substring tests over the raw page are fast where big regexes are not.
PAYWALL_PHRASES = (
    "subscribe to continue reading",
    "subscribe to keep reading",
    "to continue reading, subscribe",
    "subscribe now to read",
    "subscribers only",
    "subscriber-only",
    "already a subscriber",
    "sign in to continue reading",
    "become a member to read",
    "unlock this article",
    "unlock the full story",
    "this article is for subscribers",
    "this content is for subscribers",
)
PAYWALL_ATTR_WORDS = ("paywall", "premium-content", "meter-wall", "meterwall")
NEEDS_JS_PHRASES = (
    "enable javascript",
    "javascript is required",
    "javascript required",
    "requires javascript",
    "turn on javascript",
    "javascript is disabled",
    "javascript to run",
    "javascript to view",
)
# Hostile pages repeat unclosed tags by the hundred thousand: every scan below is bounded per tag, so a page
# costs time linear in its length (an unbounded `<noscript>(.*?)</noscript>` took 147 s on 400 KB).
NOSCRIPT_MAX_CHARS = 5_000
TAG_MAX_CHARS = 500
APP_ROOT_RE = re.compile(
    r"""<div[^>]{0,500}?\bid\s{0,10}=\s{0,10}["']?(root|app|__next|__nuxt|main-app|svelte|ember-app)\b""",
    re.IGNORECASE,
)
WORD_RE = re.compile(r"\w+")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def count_words(text: str) -> int:
    """Word-ish units: \\w runs, with scripts written without spaces counted at two characters a word."""
    cjk = len(CJK_RE.findall(text))
    spaced = len(WORD_RE.findall(CJK_RE.sub(" ", text)))
    return spaced + (cjk + 1) // 2


@dataclass(frozen=True)
class PageSignals:
    """Measurements of the raw page that the body cannot show; markers are looked up only when needed."""

    page_words: int
    link_density: float
    link_texts: frozenset[str]
    html: str = field(repr=False)
    ld_objects: list[dict[str, Any]] = field(repr=False)


SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})


def _collect(el: HtmlElement, *, in_link: bool, texts: list[str], linked: list[str]) -> None:
    """Walk once, sorting each text piece by whether a link encloses it."""
    if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
        return
    here = in_link or el.tag == "a"
    if el.text and el.text.strip():
        (linked if here else texts).append(el.text)
    for child in el:
        _collect(child, in_link=here, texts=texts, linked=linked)
        if child.tail and child.tail.strip():
            (linked if here else texts).append(child.tail)


def _visible_text(tree: HtmlElement) -> tuple[str, str]:
    """All visible text and the part of it inside links (scripts, styles and noscript left out)."""
    body = tree.find(".//body")
    texts: list[str] = []
    linked: list[str] = []
    _collect(body if body is not None else tree, in_link=False, texts=texts, linked=linked)
    link_text = " ".join(linked)
    return " ".join(texts) + " " + link_text, link_text


def _marked_attribute(lower_html: str, word: str) -> bool:
    """True when ``word`` sits inside a class or id attribute (str.find is far faster than a regex here).

    The look-back for the tag's ``<`` stops after TAG_MAX_CHARS, so many hits in one long text stay linear."""
    start = lower_html.find(word)
    while start != -1:
        opening = lower_html.rfind("<", max(0, start - TAG_MAX_CHARS), start)
        tag = lower_html[opening:start] if opening != -1 else ">"
        if ">" not in tag and ("class=" in tag or "id=" in tag):
            return True
        start = lower_html.find(word, start + len(word))
    return False


def paywall_marker(signals: PageSignals) -> str | None:
    for obj in signals.ld_objects:
        free = obj.get("isAccessibleForFree")
        if free is False or (isinstance(free, str) and free.strip().lower() == "false"):
            return "json-ld isAccessibleForFree=false"
    lower_html = signals.html.lower()
    for word in PAYWALL_ATTR_WORDS:
        if _marked_attribute(lower_html, word):
            return f"paywall element ({word})"
    return next((f"paywall phrase ({p})" for p in PAYWALL_PHRASES if p in lower_html), None)


def noscript_texts(html: str) -> Iterator[str]:
    """The inside of each ``<noscript>``, at most NOSCRIPT_MAX_CHARS of it; an unclosed one ends the scan.

    str.find over one lower-cased copy: each character is looked at a bounded number of times."""
    lower = html.lower()
    start = lower.find("<noscript")
    while start != -1:
        opened = lower.find(">", start, start + TAG_MAX_CHARS)
        if opened == -1:
            start = lower.find("<noscript", start + 1)
            continue
        closed = lower.find("</noscript", opened, opened + NOSCRIPT_MAX_CHARS)
        end = closed if closed != -1 else min(len(lower), opened + 1 + NOSCRIPT_MAX_CHARS)
        yield lower[opened + 1 : end]
        start = lower.find("<noscript", end)


def needs_js_marker(signals: PageSignals) -> str | None:
    html, page_words = signals.html, signals.page_words
    for noscript in noscript_texts(html):
        if any(p in noscript for p in NEEDS_JS_PHRASES):
            return "noscript asks for JavaScript"
    if page_words <= JS_SHELL_MAX_PAGE_WORDS and "<script" in html.lower() and APP_ROOT_RE.search(html):
        return "app shell with scripts and almost no text"
    return None


def measure_page(tree: HtmlElement, *, html: str, ld_objects: list[dict[str, Any]]) -> PageSignals:
    """Read the gate's page signals; call before the tree is handed to an extractor that prunes it."""
    everything, linked = _visible_text(tree)
    page_words = count_words(everything)
    link_words = count_words(linked)
    link_texts = frozenset(" ".join(a.text_content().split()) for a in tree.iter("a"))
    return PageSignals(
        page_words=page_words,
        link_density=link_words / page_words if page_words else 0.0,
        link_texts=frozenset(t for t in link_texts if t),
        html=html,
        ld_objects=ld_objects,
    )


def link_line_share(body: str, link_texts: frozenset[str]) -> float:
    """The share of the body's lines that are whole link texts (menus, related-story lists); 0 for no lines."""
    lines = [" ".join(line.split()) for line in body.splitlines() if line.strip()]
    if not lines:
        return 0.0
    return sum(1 for line in lines if line in link_texts) / len(lines)


def judge(body: str, *, signals: PageSignals | None) -> tuple[GateVerdict, str | None]:
    """Return the verdict and a short reason; pages without signals (plain text) are judged on length only."""
    words = count_words(body)
    if signals is not None and words < MIN_ARTICLE_WORDS and (marker := needs_js_marker(signals)):
        return "needs_javascript", marker
    if words == 0 and (signals is None or signals.page_words == 0):
        return "empty", "no readable text"
    if signals is not None:
        if words < PAYWALL_MAX_BODY_WORDS and (marker := paywall_marker(signals)):
            return "paywalled", f"{marker}; body has {words} words"
        link_lines = link_line_share(body, signals.link_texts)
        if words < NAV_MAX_BODY_WORDS and (
            link_lines >= NAV_MIN_LINK_LINE_SHARE
            or (signals.link_density >= NAV_MIN_LINK_DENSITY and words < MIN_ARTICLE_WORDS)
        ):
            return "not_article", f"link density {signals.link_density:.2f}, link lines {link_lines:.2f}"
    if words == 0 and signals is not None:  # the page has words, just no article body: not "empty"
        if signals.page_words < MIN_ARTICLE_WORDS:
            return "too_short", f"no article body; the page has {signals.page_words} words"
        return "not_article", f"no article body among the page's {signals.page_words} words"
    if words < MIN_ARTICLE_WORDS:
        return "too_short", f"body has {words} words (minimum {MIN_ARTICLE_WORDS})"
    return "article", None


def require_article(article: Article) -> Article:
    """Let a whole article through; anything else becomes NotArticleError carrying the verdict."""
    if article.gate != "article":
        raise NotArticleError(article.gate, article.gate_reason or "")
    return article
