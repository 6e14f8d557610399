"""Address policy for the fetcher: which IP addresses a user-chosen URL may reach.

Only globally routable public unicast is allowed; IPv6 forms that carry an IPv4 inside are judged by the
IPv4 they carry. ``allow_networks`` (BRIEFBOT_FETCH_ALLOW_NETWORKS) is the only opening. Pure stdlib.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from bot.errors import BlockedAddressError

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

# Named so a refusal can say why; checked before ipaddress's own is_global as a second opinion.
_BLOCKED_V4: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "unspecified / this network"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "carrier-grade NAT"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.169.254/32", "cloud metadata"),
    ("169.254.0.0/16", "link-local"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignments"),
    ("192.0.2.0/24", "documentation"),
    ("192.88.99.0/24", "6to4 relay anycast"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),
)
_BLOCKED_V6: tuple[tuple[str, str], ...] = (
    ("::/128", "unspecified"),
    ("::1/128", "loopback"),
    ("100::/64", "discard-only"),
    ("2001:db8::/32", "documentation"),
    ("2001:10::/28", "ORCHID"),
    ("2001:20::/28", "ORCHIDv2"),
    ("3fff::/20", "documentation"),
    ("5f00::/16", "segment routing"),
    ("fd00:ec2::254/128", "cloud metadata"),
    ("fc00::/7", "unique-local"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local"),
    ("ff00::/8", "multicast"),
)
_BLOCKED: tuple[tuple[IPNetwork, str], ...] = tuple(
    (ip_network(cidr), reason) for cidr, reason in _BLOCKED_V4 + _BLOCKED_V6
)

_MAPPED = IPv6Network("::ffff:0:0/96")
_TRANSLATED = IPv6Network("::ffff:0:0:0/96")
_COMPATIBLE = IPv6Network("::/96")
_NAT64 = (IPv6Network("64:ff9b::/96"), IPv6Network("64:ff9b:1::/48"))
_SIXTOFOUR = IPv6Network("2002::/16")
_TEREDO = IPv6Network("2001::/32")


def parse_ip(text: str) -> IPAddress:
    """Parse an address as getaddrinfo or a URL gives it; a zone id (``fe80::1%eth0``) is dropped."""
    return ip_address(text.split("%", 1)[0])


def embedded_ipv4(addr: IPv6Address) -> tuple[IPv4Address, ...]:
    """The IPv4 addresses an IPv6 wrapper reaches (mapped, compatible, NAT64, 6to4, Teredo); empty if none."""
    low32 = IPv4Address(int(addr) & 0xFFFFFFFF)
    if addr in _MAPPED or addr in _TRANSLATED:
        return (low32,)
    if addr in _COMPATIBLE and int(addr) > 1:
        return (low32,)
    if any(addr in net for net in _NAT64):
        return (low32,)
    if addr in _SIXTOFOUR:
        return (IPv4Address((int(addr) >> 80) & 0xFFFFFFFF),)
    if addr in _TEREDO:
        server = IPv4Address((int(addr) >> 64) & 0xFFFFFFFF)
        client = IPv4Address(~int(addr) & 0xFFFFFFFF)
        return (server, client)
    return ()


def blocked_reason(addr: IPAddress, *, allow_networks: Iterable[IPNetwork] = ()) -> str | None:
    """Why ``addr`` may not be fetched, or None when it may (public, or inside an allowed network)."""
    allowed = tuple(allow_networks)
    if _in_any(addr, allowed):
        return None
    if isinstance(addr, IPv6Address):
        inner = embedded_ipv4(addr)
        if inner:
            for v4 in inner:
                reason = blocked_reason(v4, allow_networks=allowed)
                if reason is not None:
                    return f"IPv6 wrapper around {v4} ({reason})"
            return None
    for net, reason in _BLOCKED:
        if addr.version == net.version and addr in net:
            return reason
    if addr.is_multicast:
        return "multicast"
    if not addr.is_global:
        return "not globally routable"
    return None


def check_address(text: str, *, allow_networks: Iterable[IPNetwork] = ()) -> IPAddress:
    """Return the parsed address when it may be fetched; raise BlockedAddressError otherwise."""
    try:
        addr = parse_ip(text)
    except ValueError as exc:
        raise BlockedAddressError(f"not an IP address: {text!r}") from exc
    reason = blocked_reason(addr, allow_networks=allow_networks)
    if reason is not None:
        raise BlockedAddressError(f"address {addr} is blocked: {reason}")
    return addr


def _in_any(addr: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(addr.version == net.version and addr in net for net in networks)
