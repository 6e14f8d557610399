"""The safe fetcher: http(s) only, public addresses checked on connect at every hop, capped bytes and time.

Core module: imports no platform library. Every library or OS failure leaves here as a typed BotError.
"""

from __future__ import annotations

import asyncio
import functools
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network

import httpcore
import httpx

from bot.config import Settings
from bot.errors import (
    ConfigError,
    FetchError,
    FetchTimeoutError,
    InvalidSourceError,
    NotArticleError,
    NotFoundError,
    TooLargeError,
)
from bot.fetching.body import (
    ACCEPT_ENCODING,
    check_declared_type,
    decode_body,
    parse_content_type,
    read_capped,
    settle_media_type,
)
from bot.fetching.connect import GuardedBackend, Resolver, SystemResolver, resolve_checked
from bot.fetching.urls import parse_source_url

DEFAULT_USER_AGENT = "briefbot/0.1 (+https://github.com/briefbot/briefbot)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"

REFUSED_MESSAGE = "I couldn't connect to that site (it refused the connection or is down)."
TLS_MESSAGE = "I couldn't open a secure connection to that site (its certificate or TLS setup failed)."
SERVER_ERROR_MESSAGE = "That site had an error on its side (HTTP {status}); it may work later."
REDIRECT_MESSAGE = "That link redirects too many times (or in a loop), so I stopped following it."
BAD_REDIRECT_MESSAGE = "That link redirects somewhere I can't fetch (only http and https links work)."
FORBIDDEN_MESSAGE = "That site refused to show me the page (HTTP {status})."


@dataclass(frozen=True)
class FetchPolicy:
    """The limits of one fetch; build it from Settings in production, directly in tests."""

    allow_networks: tuple[IPv4Network | IPv6Network, ...] = ()
    timeout_seconds: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    proxy: str | None = None
    user_agent: str = DEFAULT_USER_AGENT

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            allow_networks=tuple(settings.fetch_allow_networks),
            timeout_seconds=settings.fetch_timeout_seconds,
            max_bytes=settings.fetch_max_bytes,
            max_redirects=settings.fetch_max_redirects,
            proxy=settings.fetch_proxy,
            user_agent=settings.fetch_user_agent,
        )


@dataclass(frozen=True)
class FetchedPage:
    url: str
    final_url: str
    status: int
    content_type: str
    charset: str
    text: str


async def check_fetchable(url: str, *, policy: FetchPolicy, resolver: Resolver | None = None) -> None:
    """Raise as a fetch of ``url`` would, for its scheme and addresses, without fetching: a cached brief is
    served only while today's policy would still fetch its link (an allowance removed since counts)."""
    target = parse_source_url(url)
    await resolve_checked(
        target.host, target.port or (443 if target.scheme == "https" else 80),
        resolver=resolver or SystemResolver(), allow_networks=policy.allow_networks,
    )  # fmt: skip


async def fetch_page(url: str, *, policy: FetchPolicy, resolver: Resolver | None = None) -> FetchedPage:
    """Download ``url`` within the policy; raises only typed BotErrors (see bot/errors.py)."""
    target = parse_source_url(url)
    resolver = resolver or SystemResolver()
    try:
        async with asyncio.timeout(policy.timeout_seconds):
            async with _open_pool(policy, resolver) as pool:
                return await _follow(url, target, pool=pool, policy=policy, resolver=resolver)
    except (TimeoutError, httpcore.TimeoutException) as exc:
        raise FetchTimeoutError(f"fetching {url} took longer than {policy.timeout_seconds}s") from exc
    except httpcore.ConnectError as exc:
        raise _connect_error(url, exc) from exc
    except (httpcore.NetworkError, httpcore.ProtocolError, httpcore.ProxyError) as exc:
        raise FetchError(f"transfer of {url} failed: {exc!r}") from exc
    except httpcore.UnsupportedProtocol as exc:
        raise InvalidSourceError(f"unsupported protocol for {url}") from exc
    except OSError as exc:
        raise FetchError(f"network error fetching {url}: {exc!r}") from exc


@asynccontextmanager
async def _open_pool(policy: FetchPolicy, resolver: Resolver) -> AsyncIterator[httpcore.AsyncConnectionPool]:
    """A fresh pool per fetch; proxy environment variables are never read (httpcore does not look)."""
    context = _ssl_context()
    pool: httpcore.AsyncConnectionPool
    if policy.proxy:
        if not policy.proxy.lower().startswith(("http://", "https://")):
            raise ConfigError("setting BRIEFBOT_FETCH_PROXY: only http:// and https:// proxies are supported")
        pool = httpcore.AsyncHTTPProxy(proxy_url=policy.proxy, ssl_context=context, retries=0)
    else:
        backend = GuardedBackend(resolver=resolver, allow_networks=policy.allow_networks)
        pool = httpcore.AsyncConnectionPool(ssl_context=context, network_backend=backend, retries=0)
    async with pool:
        yield pool


async def _follow(
    requested: str,
    target: httpx.URL,
    *,
    pool: httpcore.AsyncConnectionPool,
    policy: FetchPolicy,
    resolver: Resolver,
) -> FetchedPage:
    """Follow redirects by hand so each hop's scheme and address are validated and counted."""
    seen = {str(target)}
    for _hop in range(policy.max_redirects + 1):
        if policy.proxy:  # the proxy resolves names itself: a best-effort check here; the proxy must enforce
            await resolve_checked(
                target.host,
                target.port or _default_port(target),
                resolver=resolver,
                allow_networks=policy.allow_networks,
            )
        async with pool.stream(
            "GET", _core_url(target), headers=_headers(policy), extensions=_timeouts(policy)
        ) as response:
            if response.status not in REDIRECT_STATUSES:
                return await _read_page(requested, target, response, policy=policy)
            target = _redirect_target(target, response)
        if str(target) in seen:
            raise FetchError(f"redirect loop at {target}", user_message=REDIRECT_MESSAGE)
        seen.add(str(target))
    raise FetchError(f"more than {policy.max_redirects} redirects from {requested}", user_message=REDIRECT_MESSAGE)


def _core_url(target: httpx.URL) -> httpcore.URL:
    return httpcore.URL(scheme=target.raw_scheme, host=target.raw_host, port=target.port, target=target.raw_path)


def _headers(policy: FetchPolicy) -> list[tuple[bytes, bytes]]:
    return [
        (b"User-Agent", policy.user_agent.encode("latin-1", "replace")),
        (b"Accept", ACCEPT.encode()),
        (b"Accept-Encoding", ACCEPT_ENCODING.encode()),
        (b"Accept-Language", b"en;q=0.9, *;q=0.5"),
    ]


def _timeouts(policy: FetchPolicy) -> dict[str, object]:
    """Per-operation backstops; the overall deadline is the asyncio.timeout around the whole fetch."""
    seconds = policy.timeout_seconds
    return {"timeout": {"connect": seconds, "read": seconds, "write": seconds, "pool": seconds}}


def _redirect_target(current: httpx.URL, response: httpcore.Response) -> httpx.URL:
    location = _header(response, b"location")
    if not location:
        raise FetchError(f"redirect {response.status} from {current} without a Location")
    try:
        joined = current.join(location)
        return parse_source_url(str(joined))
    except (httpx.InvalidURL, InvalidSourceError) as exc:
        raise InvalidSourceError(
            f"redirect from {current} to unusable {location[:200]!r}", user_message=BAD_REDIRECT_MESSAGE
        ) from exc


async def _read_page(
    requested: str, final: httpx.URL, response: httpcore.Response, *, policy: FetchPolicy
) -> FetchedPage:
    _check_status(response.status, final)
    media, declared = parse_content_type(_header(response, b"content-type"))
    check_declared_type(media)
    length = _header(response, b"content-length")
    if length and length.strip().isdigit() and int(length) > policy.max_bytes:
        raise TooLargeError(f"Content-Length {length} is over the cap of {policy.max_bytes} bytes")
    body = await read_capped(
        response.aiter_stream(),
        encoding=_header(response, b"content-encoding") or "",
        max_bytes=policy.max_bytes,
    )
    if not body.strip():
        raise NotArticleError("empty", f"empty body from {final}")
    media = settle_media_type(media, body)
    text, charset = await asyncio.to_thread(decode_body, body, declared=declared, media=media)
    if not text.strip():
        raise NotArticleError("empty", f"blank text from {final}")
    return FetchedPage(
        url=requested,
        final_url=str(final),
        status=response.status,
        content_type=media,
        charset=charset,
        text=text,
    )


def _check_status(status: int, url: httpx.URL) -> None:
    if status in (401, 403, 451):
        raise NotFoundError(f"HTTP {status} from {url}", user_message=FORBIDDEN_MESSAGE.format(status=status))
    if 400 <= status < 500:
        raise NotFoundError(f"HTTP {status} from {url}")
    if status >= 500:
        raise FetchError(f"HTTP {status} from {url}", user_message=SERVER_ERROR_MESSAGE.format(status=status))
    if status < 200 or status >= 300:
        raise FetchError(f"unexpected HTTP {status} from {url}")


def _connect_error(url: str, exc: httpcore.ConnectError) -> FetchError:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return FetchError(f"TLS failed for {url}: {cause!r}", user_message=TLS_MESSAGE)
        cause = cause.__cause__ or cause.__context__
    return FetchError(f"could not connect for {url}: {exc!r}", user_message=REFUSED_MESSAGE)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Built once (loading the CA bundle costs tens of ms); SSL contexts are safe to share."""
    return httpx.create_ssl_context(trust_env=False)


def _header(response: httpcore.Response, name: bytes) -> str | None:
    for key, value in response.headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _default_port(url: httpx.URL) -> int:
    return 443 if url.scheme == "https" else 80


__all__ = ["FetchPolicy", "FetchedPage", "Resolver", "SystemResolver", "fetch_page"]
