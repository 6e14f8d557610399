"""Article extraction: HTML or plain text in, an ``Article`` with body, metadata and gate verdict out.

Owns choosing the article body among extractor candidates and stripping boilerplate lines.
Core module: must never import slack_bolt, slack_sdk, discord or rich.
"""

from __future__ import annotations

import asyncio
import re

import lxml.html
import trafilatura
from lxml.etree import ParserError
from readability import Document
from readability.readability import Unparseable

from bot.cpu import CpuPool
from bot.errors import MalformedPageError, NotTextError
from bot.extraction.gate import PageSignals, count_words, judge, link_line_share, measure_page, require_article
from bot.extraction.metadata import PageMeta, complete_meta, guess_language, json_ld_objects, read_page_meta
from bot.fetching import looks_like_html
from bot.models import Article

__all__ = ["extract_article", "extract_article_sync", "require_article"]

PLAIN_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
PLAIN_SUFFIXES = (".txt", ".md", ".markdown", ".text")
# A first candidate under this many words is treated as a miss and the fallback extractors are consulted.
FALLBACK_BELOW_WORDS = 120
# A fallback replaces the first candidate only when it is this many times longer.
FALLBACK_MIN_GAIN_RATIO = 1.5
MAX_LINK_LINE_SHARE = 0.5
DATE_PARAMS = {"extensive_search": False, "original_date": True}

PREFIX_BOILERPLATE = re.compile(
    r"^\W*(read more|see more|see also|also read|read also|related( stories| articles| posts| content)?"
    r"|more on this|recommended|don'?t miss|must read|watch|listen|advertisement)\b\s*[:|\]]",
    re.IGNORECASE,
)
STANDALONE_BOILERPLATE = re.compile(
    r"^\W*(advertisement|don'?t miss|related|read more|more stories|recommended( for you)?|you may also like"
    r"|share( this)?( article| story)?|comments?|\d+ comments?|tell us what you think)\W*$",
    re.IGNORECASE,
)
TRAILING_BOILERPLATE = re.compile(
    r"\bget the .{1,40}\bapp\b|\bdownload (the|our) .{0,40}\bapp\b|\bsign up (for|to)\b|\bnewsletter\b"
    r"|\bsubscribe (to|for|now)\b|\bfollow (us|\w+( \w+)?) on\b|\bshare (this|on)\b|\bcopyright\b|©"
    r"|\ball rights reserved\b|\bby submitting\b|\bclick here\b|\blisten (to|on|here)\b|\bcomments\b"
    r"|\bupdated( at| on)?\s+\d|\bour (privacy|cookie) policy\b|\bterms of (use|service)\b"
    r"|\bavailable (on|in) the app store\b|\bgoogle play\b|\bdelivered (to|through) your\b",
    re.IGNORECASE,
)
TRAILING_MAX_WORDS = 40
TITLE_MIN_WORDS = 3
# Headings checked against leading body lines: a page with thousands of <h1>s must not multiply the work.
TITLE_HEADINGS_MAX = 5
HEADLINE_MAX_WORDS = 20
# Control characters (tab, newlines and form feed aside), DEL and U+FFFD: the marks of binary data.
NOT_TEXT_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
NOT_TEXT_SAMPLE_CHARS = 100_000
NOT_TEXT_MAX_SHARE = 0.01
SENTENCE_END = (".", "!", "?", ":", ";", ",", '"', "\u201d")
# Only the opening marker is a pattern; the closing `###` is stripped with str methods, because a lazy
# `(.*?)\s*#*\s*$` backtracks over every `#` run (100 KB of them took over 150 s).
MARKDOWN_HEADING_RE = re.compile(r"#{1,6}(?:\s|$)")


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _is_title_line(line: str, titles: list[list[str]]) -> bool:
    """A leading line that repeats the headline (the title often carries a ' | Site' suffix)."""
    tokens = _tokens(line)
    if len(tokens) < TITLE_MIN_WORDS:
        return False
    return any(tokens == t or (len(t) > len(tokens) and t[: len(tokens)] == tokens) for t in titles)


def clean_body(text: str, *, meta: PageMeta) -> str:
    """Drop repeated headlines, 'Read more:' teasers and trailing app/newsletter/share lines."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    titles = [_tokens(t) for t in (meta.title, *meta.headings[:TITLE_HEADINGS_MAX]) if t]
    first = next((i for i, line in enumerate(lines) if not _is_title_line(line, titles)), len(lines))
    lines = [ln for ln in lines[first:] if not (PREFIX_BOILERPLATE.match(ln) or STANDALONE_BOILERPLATE.match(ln))]
    while lines and len(lines[-1].split()) <= TRAILING_MAX_WORDS and TRAILING_BOILERPLATE.search(lines[-1]):
        lines.pop()
    return "\n\n".join(lines)


def _readability_text(html: str) -> str:
    """readability-lxml's body as lines; its own parse failures mean 'no candidate', not an error."""
    try:
        summary = Document(html).summary(html_partial=True)
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
    except (Unparseable, ParserError, ValueError, AssertionError):  # lxml.html asserts on trees it cannot rebuild
        return ""
    blocks = root.xpath(".//p | .//li | .//h1 | .//h2 | .//h3 | .//h4 | .//blockquote | .//pre")
    lines = [" ".join(b.text_content().split()) for b in blocks if not b.xpath("ancestor::p | ancestor::li")]
    return "\n".join(line for line in lines if line) or " ".join(root.text_content().split())


def choose_body(first: str, *, html: str, signals: PageSignals) -> str:
    """Keep trafilatura's precise body unless it is a miss and another extractor finds clearly more prose."""
    first_words = count_words(first)
    if first_words >= FALLBACK_BELOW_WORDS:
        return first
    best, best_words = first, first_words
    recall = trafilatura.extract(html, favor_recall=True, include_comments=False) or ""
    for candidate in (recall, _readability_text(html)):
        words = count_words(candidate)
        gain = words > max(best_words * FALLBACK_MIN_GAIN_RATIO, 1)
        if gain and link_line_share(candidate, signals.link_texts) < MAX_LINK_LINE_SHARE:
            best, best_words = candidate, words
    return best


def _html_article(content: str, *, source: str, url: str | None) -> Article:
    tree = trafilatura.load_html(content) if content.strip() else None
    if tree is None:  # words without markup, served as HTML: read them as the text they are
        title, text = split_plain_text(content)
        return _build(source=source, url=url, text=text, meta=PageMeta(title=title), signals=None)
    ld = json_ld_objects(tree)
    meta = read_page_meta(tree)
    signals = measure_page(tree, html=content, ld_objects=ld)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=True,
        include_comments=False,
        with_metadata=True,
        date_extraction_params=DATE_PARAMS,
    )
    first, found = "", {}
    if isinstance(doc, trafilatura.settings.Document):
        first = doc.text or ""
        found = {"title": doc.title, "site": doc.sitename, "author": doc.author, "published": doc.date}
    meta = complete_meta(meta, found=found, url=url)
    body = clean_body(choose_body(first, html=content, signals=signals), meta=meta)
    return _build(source=source, url=url, text=body, meta=meta, signals=signals)


def _build(*, source: str, url: str | None, text: str, meta: PageMeta, signals: PageSignals | None) -> Article:
    verdict, reason = judge(text, signals=signals)
    return Article(
        source=source,
        url=url,
        title=meta.title,
        site=meta.site,
        author=meta.author,
        published=meta.published,
        language=meta.language or guess_language(text),
        text=text,
        word_count=count_words(text),
        gate=verdict,
        gate_reason=reason,
    )


def _is_plain(content: str, *, content_type: str, source: str, url: str | None) -> bool:
    """Trust a plain media type; trust a .txt/.md name only when the content does not look like HTML."""
    if content_type.split(";")[0].strip().lower() in PLAIN_TYPES:
        return True
    path = (url or source).split("?")[0].split("#")[0].lower()
    return path.endswith(PLAIN_SUFFIXES) and not looks_like_html(content)


def _paragraphs(content: str) -> tuple[list[str], bool]:
    """Split into paragraphs: blank lines separate them, or, when a text has none, every line is one.

    The flag says whether the first paragraph was followed by a blank line (a headline's sign).
    """
    text = content.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = lines[next((i for i, line in enumerate(lines) if line), len(lines)) :]  # one slice, not n pop(0)s
    if "" not in lines:
        return lines, False
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return ["\n".join(b) for b in blocks if b], True


def markdown_heading(line: str) -> str | None:
    """The text of an ATX heading line (`## Title ##` -> `Title`), or None when the line is not a heading."""
    opening = MARKDOWN_HEADING_RE.match(line)
    if opening is None:
        return None
    text = line[opening.end() :].strip()
    closing = text.rstrip("#")
    if not closing or closing[-1].isspace():  # a closing run counts only after a space (CommonMark)
        text = closing.rstrip()
    return text


def _unheading(paragraph: str) -> str:
    return "\n".join(h if (h := markdown_heading(line)) is not None else line for line in paragraph.split("\n"))


def _looks_like_headline(line: str) -> bool:
    return 0 < len(line.split()) <= HEADLINE_MAX_WORDS and not line.endswith(SENTENCE_END)


def split_plain_text(content: str) -> tuple[str | None, str]:
    """Return (title, body): a Markdown heading or a short headline line before a blank line is the title."""
    paragraphs, blank_after_first = _paragraphs(content)
    title: str | None = None
    if paragraphs:
        first, _, rest = paragraphs[0].partition("\n")
        if (heading := markdown_heading(first)) is not None:
            title = heading or None
            paragraphs[0] = rest
        elif blank_after_first and not rest and len(paragraphs) > 1 and _looks_like_headline(first):
            title = paragraphs.pop(0)
    body = [_unheading(p) for p in paragraphs if p]
    return title, "\n\n".join(body)


def require_text(content: str) -> str:
    """Refuse binary data decoded as text; drop the odd stray NUL so none is ever stored.

    Random bytes decode to a text full of control and replacement characters (which the language guess
    then calls Polish); real pages have almost none."""
    sample = content[:NOT_TEXT_SAMPLE_CHARS]
    if sample and len(NOT_TEXT_RE.findall(sample)) / len(sample) > NOT_TEXT_MAX_SHARE:
        raise NotTextError(f"{len(NOT_TEXT_RE.findall(sample))} control characters in {len(sample)}")
    return content.replace("\x00", "")


def extract_article_sync(
    content: str, *, source: str, url: str | None = None, content_type: str = "text/html"
) -> Article:
    """Read one page or text file; never raises for thin pages, it records the gate's verdict instead.

    Raises NotTextError for binary data and MalformedPageError for markup nested past the parsers' limits."""
    content = require_text(content)
    try:
        if _is_plain(content, content_type=content_type, source=source, url=url):
            title, text = split_plain_text(content)
            return _build(source=source, url=url, text=text, meta=PageMeta(title=title), signals=None)
        return _html_article(content, source=source, url=url)
    except RecursionError as exc:  # lxml, trafilatura and our own tree walk recurse per nesting level
        raise MalformedPageError(f"nesting too deep in {source}") from exc


async def extract_article(
    content: str, *, source: str, url: str | None = None, content_type: str = "text/html", cpu: CpuPool | None = None
) -> Article:
    """Extraction is CPU-bound and runs C parsers that hold the GIL, so it runs in the CPU pool's processes,
    within its deadline. Without a pool (library use, unit tests) it runs in a thread."""
    if cpu is not None:
        return await cpu.run(extract_article_sync, content, source=source, url=url, content_type=content_type)
    return await asyncio.to_thread(extract_article_sync, content, source=source, url=url, content_type=content_type)
