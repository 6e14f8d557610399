"""Where the fetcher connects: name resolution and an httpcore network backend that only dials checked IPs.

The backend resolves once, refuses the host if any address is non-public, then opens the socket to that
very address (no second lookup). TLS SNI and the Host header stay the hostname, as httpcore sets them.
"""

from __future__ import annotations

import asyncio
import socket
import typing
from collections.abc import Iterable
from typing import Protocol

import httpcore

from bot.errors import BlockedAddressError, FetchError, HostNotFoundError, InvalidSourceError
from bot.fetching.addresses import IPAddress, IPNetwork, check_address, parse_ip

DNS_FAILED_MESSAGE = "I couldn't find that site: its name doesn't resolve. Check the link for typos."
DNS_UNAVAILABLE_MESSAGE = "I couldn't look up that site's address right now; please try again shortly."
# getaddrinfo's "no such name" answers (EAI_NODATA is glibc's "no address for this name").
NAME_UNKNOWN_ERRNOS = frozenset(
    code for code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)) if code is not None
)


class Resolver(Protocol):
    """Turns a host name into IP address strings; injected in tests to map names to chosen addresses."""

    async def resolve(self, host: str, port: int) -> list[str]: ...


class SystemResolver:
    """The event loop's getaddrinfo (run in the default executor, so it never blocks the loop)."""

    async def resolve(self, host: str, port: int) -> list[str]:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except UnicodeError as exc:  # a label IDNA cannot encode (empty, over 63 characters): a bad link
            raise InvalidSourceError(f"host {host!r} cannot be encoded: {exc}") from exc
        except socket.gaierror as exc:
            if exc.errno in NAME_UNKNOWN_ERRNOS:  # NXDOMAIN: the name does not exist, a retry won't help
                raise HostNotFoundError(f"no such host {host!r}", user_message=DNS_FAILED_MESSAGE) from exc
            raise FetchError(f"DNS lookup failed for {host!r}: {exc}", user_message=DNS_UNAVAILABLE_MESSAGE) from exc
        return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def resolve_checked(
    host: str, port: int, *, resolver: Resolver, allow_networks: Iterable[IPNetwork]
) -> list[IPAddress]:
    """Every address ``host`` resolves to, each checked; one non-public address refuses the whole host."""
    allowed = tuple(allow_networks)
    if _is_ip_literal(host):
        return [check_address(host, allow_networks=allowed)]
    answers = await resolver.resolve(host, port)
    if not answers:
        raise HostNotFoundError(f"no addresses for {host!r}", user_message=DNS_FAILED_MESSAGE)
    checked = []
    for answer in answers:
        try:
            checked.append(check_address(answer, allow_networks=allowed))
        except BlockedAddressError as exc:
            raise BlockedAddressError(f"{host} resolves to {answer}: {exc}") from exc
    return checked


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore backend whose connect_tcp dials only addresses that passed the address policy."""

    def __init__(self, *, resolver: Resolver, allow_networks: Iterable[IPNetwork]) -> None:
        self._resolver = resolver
        self._allow = tuple(allow_networks)
        self._inner = httpcore.AnyIOBackend()
        self.connected: list[str] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve_checked(host, port, resolver=self._resolver, allow_networks=self._allow)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                stream = await self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            self.connected.append(str(address))
            return stream
        if failure is None:
            raise FetchError(f"no address to connect to for {host!r}")
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedAddressError(f"unix socket {path!r} refused")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def _is_ip_literal(host: str) -> bool:
    try:
        parse_ip(host)
    except ValueError:
        return False
    return True
