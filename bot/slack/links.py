"""Links and bot mentions in Slack message text; what is briefable and the cap live in the service."""

from __future__ import annotations

import re

from bot.service import LinkSelection, select_links

# Slack wraps links as <https://x> or <https://x|label>; user text in slash commands may hold bare URLs.
_ANGLE_RE = re.compile(r"<([^<>|\s]+)(?:\|[^<>]*)?>")
_BARE_URL_RE = re.compile(r"https?://[^\s<>|\"']+", re.IGNORECASE)
_TRAILING_PUNCT = ".,;:!?)]}'\""


def find_links(text: str, *, limit: int) -> LinkSelection:
    """Briefable http(s) links in a Slack message, de-duplicated, capped at ``limit``."""
    return select_links(_candidates(text), limit=limit)


def _candidates(text: str) -> list[str]:
    found = [_unescape(match.group(1)) for match in _ANGLE_RE.finditer(text)]
    # Whatever is outside Slack's angle brackets may still hold bare URLs (slash command text is not escaped).
    rest = _ANGLE_RE.sub(" ", text)
    found += [_unescape(match.group(0)).rstrip(_TRAILING_PUNCT) for match in _BARE_URL_RE.finditer(rest)]
    return found


def _unescape(value: str) -> str:
    """Slack sends &, < and > inside message text as entities."""
    return value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mentions_user(text: str, user_id: str | None) -> bool:
    """True when the text @mentions ``user_id`` (Slack writes <@U123> or <@U123|name>)."""
    if not user_id:
        return False
    return re.search(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>", text) is not None


def strip_mentions(text: str) -> str:
    """The question without user mentions, so '@briefbot who denies it?' asks 'who denies it?'."""
    return re.sub(r"<@[A-Z0-9]+(?:\|[^>]*)?>", " ", text).strip()
