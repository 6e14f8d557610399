"""Source URL validation and canonical form: http(s) only, numeric hosts shown as the address they mean.

Owns parsing only (no network, no address policy); imports nothing from the platforms.
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv6Address
from urllib.parse import SplitResult, unquote, urlsplit

import httpx

from bot.errors import InvalidSourceError

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_CHARS = 8192
CREDENTIALS_MESSAGE = "I won't fetch links that carry a user name or password; share the plain http(s) link instead."

# Query keys that only track where a click came from; dropped from the cache key (compared lowercased).
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "igsh",
        "ref_src",
        "ref_url",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "wt.mc_id",
        "cmpid",
        "spm",
        "li_fat_id",
        "s_cid",
        "ncid",
        "ocid",
        "sr_share",
        "at_medium",
        "at_campaign",
        "rss",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")

_DOMAIN_CHARS = re.compile(r"^[a-z0-9_\-.\u0080-\U0010ffff]+$")
_NUMBER_PART = re.compile(r"^(0[xX][0-9a-fA-F]*|[0-9]+)$")


def parse_source_url(url: str) -> httpx.URL:
    """Validate a user-given link; IP literals in any spelling come back as their plain address."""
    parts = _split(url)
    host = normalise_host(parts.hostname or "", bracketed=parts.netloc.startswith("["))
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidSourceError(f"bad port in {url!r}") from exc
    shown_host = f"[{host}]" if ":" in host else host
    netloc = shown_host if port is None else f"{shown_host}:{port}"
    query = f"?{parts.query}" if parts.query else ""
    try:
        return httpx.URL(f"{parts.scheme.lower()}://{netloc}{parts.path or '/'}{query}")
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:
        raise InvalidSourceError(f"malformed URL {url!r}") from exc


def canonical_url(url: str) -> str:
    """The cache key of a link: lower scheme and host, no default port, fragment or tracking params."""
    parsed = parse_source_url(url)
    scheme = parsed.scheme
    host = parsed.raw_host.decode("ascii")
    shown_host = f"[{host}]" if ":" in host else host
    port = parsed.port
    netloc = shown_host if port in (None, DEFAULT_PORTS[scheme]) else f"{shown_host}:{port}"
    path = parsed.raw_path.decode("ascii").split("?", 1)[0] or "/"
    query = strip_tracking(parsed.query.decode("ascii"))
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def strip_tracking(query: str) -> str:
    """Drop tracking parameters and empty pieces; keep the rest, in order and as encoded."""
    kept = []
    for piece in query.split("&"):
        if not piece:
            continue
        key = unquote(piece.split("=", 1)[0]).lower()
        if key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES):
            continue
        kept.append(piece)
    return "&".join(kept)


def normalise_host(host: str, *, bracketed: bool = False) -> str:
    """A host as it will be resolved: IPv6 compressed, numeric IPv4 (hex, octal, short) as dotted quad."""
    if not host:
        raise InvalidSourceError("URL has no host")
    if bracketed:
        return _ipv6(host)
    host = host.lower()
    labels = host.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels = labels[:-1]
    if _NUMBER_PART.match(labels[-1]):
        return str(parse_numeric_ipv4(".".join(labels)))
    if not _DOMAIN_CHARS.match(host) or ".." in host or host.startswith("."):
        raise InvalidSourceError(f"bad host name {host!r}")
    return host


def parse_numeric_ipv4(text: str) -> IPv4Address:
    """Read an IPv4 host the way browsers and inet_aton do: 1-4 parts, decimal, 0x hex or 0-octal."""
    parts = text.split(".")
    if not 1 <= len(parts) <= 4:
        raise InvalidSourceError(f"bad IPv4 host {text!r}")
    numbers = [_ipv4_part(part, text) for part in parts]
    last_limit = 256 ** (5 - len(numbers))
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= last_limit:
        raise InvalidSourceError(f"IPv4 host out of range {text!r}")
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return IPv4Address(value)


def _ipv4_part(part: str, text: str) -> int:
    try:
        if part[:2].lower() == "0x":
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part, 8)
        return int(part, 10)
    except ValueError as exc:
        raise InvalidSourceError(f"bad IPv4 host {text!r}") from exc


def _ipv6(host: str) -> str:
    if "%" in host:
        raise InvalidSourceError(f"IPv6 zone ids are not allowed: {host!r}")
    try:
        return str(IPv6Address(host))
    except ValueError as exc:
        raise InvalidSourceError(f"bad IPv6 host {host!r}") from exc


def _split(url: str) -> SplitResult:
    text = url.strip()
    if not text or len(text) > MAX_URL_CHARS:
        raise InvalidSourceError("empty or overlong URL")
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        raise InvalidSourceError(f"URL contains spaces or control characters: {text[:200]!r}")
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise InvalidSourceError(f"malformed URL {text[:200]!r}") from exc
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise InvalidSourceError(f"unsupported scheme {parts.scheme!r}")
    if "@" in parts.netloc:
        raise InvalidSourceError("URL carries a user name or password", user_message=CREDENTIALS_MESSAGE)
    if "\\" in parts.netloc:
        raise InvalidSourceError("backslash in URL host")
    return parts
