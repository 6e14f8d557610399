"""Page metadata (title, site, author, date, language) and the offline language guess; no platform imports."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement

# Small stopword lists: enough to tell common languages apart on a paragraph or more of text.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for it was on with as by he said his at from are be this".split()),
    "de": frozenset("der die und das ist nicht den mit sich des auf für ein eine dem zu im von auch wird".split()),
    "fr": frozenset("le la les et des est une un du pour que dans qui pas sur au par plus avec ce ne".split()),
    "es": frozenset("el la de que y en los se del las por un una para con es al lo como más pero".split()),
    "it": frozenset("il di che la e un una per non sono del della con si le gli da anche è nel".split()),
    "pt": frozenset("o a de que e do da em um uma para com não os as por se dos mais foi ao".split()),
    "nl": frozenset("de het een en van in is dat op te zijn niet met voor ook er aan die maar".split()),
    "sv": frozenset("och att det som en på är av för med till den inte har om ett var jag".split()),
    "pl": frozenset("i w nie na się z że do to jest jak o co ale po tak od przez".split()),
    "id": frozenset("yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada".split()),
}
SCRIPT_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("ja", r"[\u3040-\u30ff]"),
    ("ko", r"[\uac00-\ud7af]"),
    ("zh", r"[\u4e00-\u9fff]"),
    ("ru", r"[\u0400-\u04ff]"),
    ("ar", r"[\u0600-\u06ff]"),
    ("he", r"[\u0590-\u05ff]"),
    ("el", r"[\u0370-\u03ff]"),
    ("hi", r"[\u0900-\u097f]"),
    ("th", r"[\u0e00-\u0e7f]"),
)
MIN_SCRIPT_SHARE = 0.3
MIN_STOPWORD_HITS = 3
WORD_RE = re.compile(r"\w+")
# Titles are whitespace-collapsed first, so one space each side suffices (an unbounded `\s+` rescans runs).
TITLE_SEPARATOR_RE = re.compile(r" [|\u2013\u2014\u00b7•-] ")
LANG_CODE_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")


@dataclass(frozen=True)
class PageMeta:
    """What the page says about itself, before the body is known."""

    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    description: str | None = None
    headings: tuple[str, ...] = ()


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _meta(tree: HtmlElement, *keys: str) -> str | None:
    for key in keys:
        for attr in ("property", "name", "itemprop", "http-equiv"):
            found = tree.xpath(f'//meta[@{attr}="{key}"]/@content')
            if found and (value := _clean(found[0])):
                return value
    return None


def _json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Yield every JSON-LD object, flattening lists and @graph; junk blocks are skipped (common)."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null")
        except (ValueError, RecursionError):  # junk, or nested past the parser's depth (a crafted page)
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(v for k, v in item.items() if k == "@graph")
                yield item


def json_ld_objects(tree: HtmlElement) -> list[dict[str, Any]]:
    return list(_json_ld_objects(tree))


def normalise_language(value: str | None) -> str | None:
    if not value:
        return None
    match = LANG_CODE_RE.match(value.strip())
    return match.group(1).lower() if match else None


def page_language(tree: HtmlElement, ld_objects: list[dict[str, Any]]) -> str | None:
    declared = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    declared = declared or _meta(tree, "og:locale", "content-language", "language", "dc.language")
    declared = declared or next((v for o in ld_objects if isinstance(v := o.get("inLanguage"), str)), None)
    return normalise_language(declared)


def guess_language(text: str) -> str | None:
    """Script first (CJK, Cyrillic, ...), then the stopword list with the most hits; None when unsure."""
    sample = text[:5000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    for code, pattern in SCRIPT_LANGUAGES:
        if len(re.findall(pattern, sample)) / len(letters) >= MIN_SCRIPT_SHARE:
            return code
    words = [w.lower() for w in WORD_RE.findall(sample)]
    scores = {code: sum(1 for w in words if w in stop) for code, stop in STOPWORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= MIN_STOPWORD_HITS else None


def _ld_author(ld_objects: list[dict[str, Any]]) -> str | None:
    for obj in ld_objects:
        author = obj.get("author")
        authors = author if isinstance(author, list) else [author]
        names = [_clean(a.get("name") if isinstance(a, dict) else a) for a in authors]
        if joined := "; ".join(n for n in names if n):
            return joined
    return None


def _ld_value(ld_objects: list[dict[str, Any]], key: str) -> str | None:
    return next((v for o in ld_objects if (v := _clean(o.get(key)))), None)


def _iso_date(value: str | None) -> str | None:
    match = re.match(r"(\d{4}-\d{2}-\d{2})", value or "")
    return match.group(1) if match else None


def tidy_title(title: str | None, *, site: str | None, headings: tuple[str, ...]) -> str | None:
    """Drop a ' | Site' style suffix: by the site name, or where the page's own h1 ends."""
    title = _clean(title)
    if not title:
        return None
    for heading in headings:
        if title != heading and title.startswith(heading) and TITLE_SEPARATOR_RE.match(title[len(heading) :]):
            return heading
    separators = list(TITLE_SEPARATOR_RE.finditer(title))
    if site and separators and title[separators[-1].end() :].strip().lower() == site.lower():
        return title[: separators[-1].start()].strip() or title
    return title


def read_page_meta(tree: HtmlElement) -> PageMeta:
    """Cheap metadata from meta tags, JSON-LD and headings; the body extractor may fill the gaps later."""
    ld = json_ld_objects(tree)
    title = _meta(tree, "og:title", "twitter:title") or _ld_value(ld, "headline")
    title = title or _clean(tree.findtext(".//title"))
    site = _meta(tree, "og:site_name", "application-name")
    author = _meta(tree, "author", "article:author", "parsely-author", "dc.creator") or _ld_author(ld)
    if author and author.startswith(("http://", "https://")):
        author = _ld_author(ld)
    published = _iso_date(
        _meta(tree, "article:published_time", "datePublished", "date", "dc.date", "pubdate")
        or _ld_value(ld, "datePublished")
    )
    headings = tuple(h for el in tree.xpath("//h1") if (h := _clean(el.text_content())))
    return PageMeta(
        title=title,
        site=site,
        author=author,
        published=published,
        language=page_language(tree, ld),
        description=_meta(tree, "og:description", "description"),
        headings=headings,
    )


def complete_meta(meta: PageMeta, *, found: dict[str, str | None], url: str | None) -> PageMeta:
    """Fill gaps from what the body extractor found, fall back to the host name, and tidy the title."""
    site = meta.site or found.get("site") or (urlsplit(url).hostname if url else None)
    title = meta.title or found.get("title")
    return replace(
        meta,
        title=tidy_title(title, site=site, headings=meta.headings),
        site=site,
        author=found.get("author") or meta.author,
        published=meta.published or _iso_date(found.get("published")),
    )
