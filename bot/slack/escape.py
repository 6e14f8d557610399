"""Escaping of untrusted text (article, LLM) for Slack mrkdwn and plain_text; pure, no Slack library."""

from __future__ import annotations

import re

ZERO_WIDTH_JOINER = "\u200d"
ELLIPSIS = "…"

# Bare broadcast words Slack may turn into pings (with link_names or in some clients): break them up.
_BROADCAST_RE = re.compile(r"@(?=(channel|here|everyone)\b)", re.IGNORECASE)
# mrkdwn formatting needs its marker at a word edge; a look-alike keeps the text readable and inert.
_FORMAT_LOOKALIKES = {"*": "∗", "~": "∼", "`": "ˋ"}
_FORMAT_RE = re.compile(r"[*~`]")
# An underscore inside a word (snake_case, URLs) never formats; at a word edge it may start italics.
_EDGE_UNDERSCORE_RE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def escape_mrkdwn(text: str) -> str:
    """Untrusted text made inert in mrkdwn: no mentions, links, broadcasts, quotes or formatting."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _FORMAT_RE.sub(lambda match: _FORMAT_LOOKALIKES[match.group(0)], escaped)
    escaped = _EDGE_UNDERSCORE_RE.sub("ˍ", escaped)
    return _BROADCAST_RE.sub("@" + ZERO_WIDTH_JOINER, escaped)


def escape_plain(text: str) -> str:
    """For plain_text: angle brackets become look-alikes, so nothing parses as markup whether or not
    Slack decodes entities there; broadcast words are broken up and newlines flattened."""
    flat = " ".join(text.split()).replace("<", "‹").replace(">", "›")
    return _BROADCAST_RE.sub("@" + ZERO_WIDTH_JOINER, flat)


def truncate(text: str, limit_chars: int) -> str:
    """Cut at a word boundary where possible, marking the cut with an ellipsis."""
    if len(text) <= limit_chars:
        return text
    cut = text[: max(limit_chars - 1, 0)]
    space = cut.rfind(" ")
    if space > limit_chars * 0.6:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def safe_truncate(escaped: str, limit_chars: int) -> str:
    """Truncate already escaped mrkdwn without splitting an entity such as ``&amp;``."""
    if len(escaped) <= limit_chars:
        return escaped
    cut = truncate(escaped, limit_chars)
    amp = cut.rfind("&", max(len(cut) - 6, 0))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp].rstrip() + ELLIPSIS
    return cut


def link(url: str, label: str) -> str:
    """Our own mrkdwn link: the URL cannot break out of <...|...>, the label is escaped text."""
    safe_url = url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
    safe_url = safe_url.replace(" ", "%20")
    return f"<{safe_url}|{escape_mrkdwn(label).replace('|', '¦')}>"
