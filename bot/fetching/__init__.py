"""Safe fetching: parse and canonicalise a link, refuse non-public addresses at connect time, cap the body.

Owns httpx and httpcore. Imports nothing of the bot but ``bot.errors``, ``bot.config`` and ``bot.models``.
"""

from bot.fetching.body import looks_like_html
from bot.fetching.fetch import FetchedPage, FetchPolicy, check_fetchable, fetch_page
from bot.fetching.urls import canonical_url, parse_source_url

__all__ = [
    "FetchPolicy",
    "FetchedPage",
    "canonical_url",
    "check_fetchable",
    "fetch_page",
    "looks_like_html",
    "parse_source_url",
]
