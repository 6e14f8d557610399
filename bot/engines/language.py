"""The offline engine's language gate: its cue lists are English, so other languages get the lede, not noise.

Pure and bounded (only the opening of the article is read); imports the extraction's language guess, never an
engine's internals.
"""

from __future__ import annotations

import re

from bot.extraction import guess_language
from bot.models import Article, Brief

OFFLINE_LANGUAGE = "en"
LEDE_SCAN_CHARS = 2_000
LEDE_MAX_SENTENCES = 3
HEADLINE_MAX_WORDS = 15
# Sentence ends in Latin and CJK scripts; a bounded character class, so the scan is linear.
SENTENCE_END_RE = re.compile(r"[.!?\u3002\uff01\uff1f](?=\s|$)|[\u3002\uff01\uff1f]")
LANGUAGE_NAMES = {
    "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese", "nl": "Dutch",
    "sv": "Swedish", "pl": "Polish", "id": "Indonesian", "ja": "Japanese", "ko": "Korean", "zh": "Chinese",
    "ru": "Russian", "ar": "Arabic", "he": "Hebrew", "el": "Greek", "hi": "Hindi", "th": "Thai",
    "uk": "Ukrainian", "tr": "Turkish",
}  # fmt: skip
NOTICE = (
    "This article is in {language}; the offline engine reads English only, so this brief gives the headline "
    "and opening lines without actors, claims or denials. An LLM engine briefs it in full."
)
ANSWER_NOTICE = "This article is in {language}; the offline engine reads English only, so this answer may miss."


def article_language(article: Article) -> str | None:
    """What the text itself reads as, when the guess is sure; else what the page declares (often a CMS default)."""
    return guess_language(article.text[: LEDE_SCAN_CHARS * 3]) or article.language


def offline_notice(article: Article, template: str = NOTICE) -> str | None:
    """The notice for an article the offline engine cannot read, or None when it can (English or unknown)."""
    language = article_language(article)
    if language is None or language == OFFLINE_LANGUAGE:
        return None
    return template.format(language=LANGUAGE_NAMES.get(language, f"another language ({language})"))


def lede_brief(article: Article) -> Brief:
    """Headline and the article's opening sentences, verbatim; no actors, claims, denials or questions."""
    opening = " ".join(article.text[:LEDE_SCAN_CHARS].split())
    ends = [m.end() for m in SENTENCE_END_RE.finditer(opening)][:LEDE_MAX_SENTENCES]
    summary = opening[: ends[-1]] if ends else opening
    title = " ".join((article.title or summary).split())
    words = title.split()
    headline = title if len(words) <= HEADLINE_MAX_WORDS else " ".join(words[:HEADLINE_MAX_WORDS]) + " …"
    return Brief(headline=headline, summary=summary, actors=[], claims=[], denials=[], open_questions=[])
