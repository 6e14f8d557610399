"""Which links in a chat message get briefed, and the note when the per-message cap leaves some out.

Both adapters find candidate URLs in their own markup (Slack's <url|label>, Discord's <url> and embeds); what
counts as briefable, the cap and its wording live here once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_URL_CHARS = 2_000  # longer "links" are not news articles; refuse them early
# Hosts that are the chat platforms themselves (messages, files, workspace links): never news articles.
PLATFORM_HOST_SUFFIXES = (
    "slack.com",
    "slack-edge.com",
    "slack-files.com",
    "slack-redir.net",
    "slackb.com",
    "discord.com",
    "discord.gg",
    "discordapp.com",
    "discordapp.net",
)
# Paths that end in these are images, media or downloads, not pages the product can read.
MEDIA_EXTENSIONS = frozenset(
    "png jpg jpeg gif webp bmp svg ico tif tiff heic avif mp4 mov avi mkv webm m4v mp3 wav ogg flac m4a aac "
    "pdf zip gz tgz rar 7z tar dmg exe msi apk iso doc docx xls xlsx ppt pptx csv json xml".split()
)


@dataclass(frozen=True)
class LinkSelection:
    """The links to brief, in message order, and how many the cap left out."""

    urls: list[str]
    left_out: int = 0

    @property
    def note(self) -> str | None:
        """What the user reads under the last brief when the cap left links out."""
        if not self.left_out:
            return None
        return left_out_note(len(self.urls), self.left_out)


def left_out_note(shown: int, left_out: int) -> str:
    links = "link" if shown == 1 else "links"
    return f"I briefed the first {shown} {links} of that message and left out {left_out} more."


def is_briefable(url: str) -> bool:
    """An http(s) link to a page that could be an article (not the chat platform, not an image or a file)."""
    if len(url) > MAX_URL_CHARS:
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or not host:
        return False
    host = host.lower().rstrip(".")
    if any(host == suffix or host.endswith("." + suffix) for suffix in PLATFORM_HOST_SUFFIXES):
        return False
    last = parts.path.rsplit("/", 1)[-1]
    extension = last.rsplit(".", 1)[-1].lower() if "." in last else ""
    return extension not in MEDIA_EXTENSIONS


def select_links(candidates: Iterable[str], *, limit: int) -> LinkSelection:
    """Briefable links, de-duplicated in order, capped at ``limit``."""
    urls: list[str] = []
    for candidate in candidates:
        if is_briefable(candidate) and candidate not in urls:
            urls.append(candidate)
    if len(urls) <= limit:
        return LinkSelection(urls=urls)
    return LinkSelection(urls=urls[:limit], left_out=len(urls) - limit)
