"""Extraction: read a source (a fetched page, a local file, stdin), pull out the article, judge it with the gate.

Owns trafilatura, readability and lxml. Imports ``bot.fetching`` for links; never an engine or the store.
"""

from bot.extraction.extract import extract_article, extract_article_sync
from bot.extraction.gate import count_words, require_article
from bot.extraction.metadata import guess_language
from bot.extraction.sources import is_url, read_source

__all__ = [
    "count_words",
    "extract_article",
    "extract_article_sync",
    "guess_language",
    "is_url",
    "read_source",
    "require_article",
]
