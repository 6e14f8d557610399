"""Finding briefable links and bot mentions in Slack message text; pure, imports no Slack library."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Slack wraps links as <https://x> or <https://x|label>; user text in slash commands may hold bare URLs.
_ANGLE_RE = re.compile(r"<([^<>|\s]+)(?:\|[^<>]*)?>")
_BARE_URL_RE = re.compile(r"https?://[^\s<>|\"']+", re.IGNORECASE)
_TRAILING_PUNCT = ".,;:!?)]}'\""
_MAX_URL_CHARS = 2_000  # longer "links" are not news articles; refuse them early

# Hosts that are Slack itself (messages, files, workspace links): never news articles.
_SLACK_HOST_SUFFIXES = ("slack.com", "slack-edge.com", "slack-files.com", "slack-redir.net", "slackb.com")

# Paths that end in these are images, media or downloads, not pages the product can read.
_MEDIA_EXTENSIONS = frozenset(
    "png jpg jpeg gif webp bmp svg ico tif tiff heic avif mp4 mov avi mkv webm m4v mp3 wav ogg flac m4a aac "
    "pdf zip gz tgz rar 7z tar dmg exe msi apk iso doc docx xls xlsx ppt pptx csv json xml".split()
)


@dataclass(frozen=True)
class FoundLinks:
    """The links to brief, in message order, and how many were left out by the cap."""

    urls: list[str]
    skipped: int = 0


def find_links(text: str, *, limit: int | None = None) -> FoundLinks:
    """Briefable http(s) links in a Slack message, de-duplicated, capped at ``limit``."""
    urls: list[str] = []
    for candidate in _candidates(text):
        if is_briefable(candidate) and candidate not in urls:
            urls.append(candidate)
    if limit is None or len(urls) <= limit:
        return FoundLinks(urls=urls)
    return FoundLinks(urls=urls[:limit], skipped=len(urls) - limit)


def _candidates(text: str) -> list[str]:
    found: list[str] = []
    for match in _ANGLE_RE.finditer(text):
        found.append(_unescape(match.group(1)))
    # Whatever is outside Slack's angle brackets may still hold bare URLs (slash command text is not escaped).
    rest = _ANGLE_RE.sub(" ", text)
    for match in _BARE_URL_RE.finditer(rest):
        found.append(_unescape(match.group(0)).rstrip(_TRAILING_PUNCT))
    return found


def _unescape(value: str) -> str:
    """Slack sends &, < and > inside message text as entities."""
    return value.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def is_briefable(url: str) -> bool:
    """An http(s) link to a page that could be an article (not Slack itself, not an image or a file)."""
    if len(url) > _MAX_URL_CHARS:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    host = parts.hostname.lower().rstrip(".")
    if any(host == suffix or host.endswith("." + suffix) for suffix in _SLACK_HOST_SUFFIXES):
        return False
    last = parts.path.rsplit("/", 1)[-1]
    extension = last.rsplit(".", 1)[-1].lower() if "." in last else ""
    return extension not in _MEDIA_EXTENSIONS


def mentions_user(text: str, user_id: str | None) -> bool:
    """True when the text @mentions ``user_id`` (Slack writes <@U123> or <@U123|name>)."""
    if not user_id:
        return False
    return re.search(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>", text) is not None


def strip_mentions(text: str) -> str:
    """The question without user mentions, so '@briefbot who denies it?' asks 'who denies it?'."""
    return re.sub(r"<@[A-Z0-9]+(?:\|[^>]*)?>", " ", text).strip()
