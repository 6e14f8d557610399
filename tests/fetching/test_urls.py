"""URL validation, numeric-host normalisation, canonical cache keys and the address policy (no network)."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, ip_network

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import BlockedAddressError, InvalidSourceError
from bot.fetching import canonical_url, parse_source_url
from bot.fetching.addresses import blocked_reason, check_address, embedded_ipv4


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a url",
        "example.com/article",
        "file:///etc/passwd",
        "ftp://example.com/a",
        "javascript:alert(1)",
        "data:text/html,<h1>hi</h1>",
        "gopher://example.com/",
        "http://",
        "http:///path",
        "http://exa mple.com/",
        "http://[::1",
        "http://example.com:99999/",
        "http://1.2.3.4.5/",
        "http://0x1g.0.0.1/",
        "http://user:pw@example.com/",
        "http://example.com@127.0.0.1/",
        "http://[fe80::1%25eth0]/",
        "http://example.com/\nX-Injected: 1",
    ],
)
def test_invalid_sources_are_refused(url: str) -> None:
    with pytest.raises(InvalidSourceError) as info:
        parse_source_url(url)
    assert "http" in info.value.user_message
    assert info.value.exit_code == 2


@pytest.mark.parametrize("url", ["http://user:pw@example.com/", "https://token@example.com:8443/a"])
def test_links_with_credentials_say_why_they_are_refused(url: str) -> None:
    with pytest.raises(InvalidSourceError) as info:
        parse_source_url(url)
    assert "user name or password" in info.value.user_message
    assert "pw" not in info.value.user_message and "token" not in info.value.user_message


def test_a_non_default_port_is_kept() -> None:
    assert parse_source_url("https://Example.com:8443/a?b=1").port == 8443
    assert canonical_url("https://example.com:443/a") == "https://example.com/a"


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://2130706433/", "127.0.0.1"),
        ("http://0x7f.1/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1"),
        ("http://127.1/", "127.0.0.1"),
        ("http://0x7f000001/", "127.0.0.1"),
        ("http://10.1/", "10.0.0.1"),
        ("http://127.0.0.1./", "127.0.0.1"),
        ("http://[::FFFF:127.0.0.1]/", "::ffff:7f00:1"),
        ("http://[0:0:0:0:0:0:0:1]/", "::1"),
        ("HTTPS://Example.COM/Path", "example.com"),
        ("http://bücher.de/", "xn--bcher-kva.de"),
    ],
)
def test_hosts_are_normalised_to_what_they_mean(url: str, host: str) -> None:
    assert parse_source_url(url).host == host or parse_source_url(url).raw_host.decode() == host


@given(st.integers(min_value=0, max_value=2**32 - 1), st.sampled_from(["dec", "hex", "oct", "short", "mixed"]))
def test_every_spelling_of_an_ipv4_reads_as_the_same_address(value: int, form: str) -> None:
    octets = IPv4Address(value).packed
    if form == "dec":
        host = str(value)
    elif form == "hex":
        host = hex(value)
    elif form == "oct":
        host = ".".join(f"0{o:o}" for o in octets)
    elif form == "short":
        host = f"{octets[0]}.{int.from_bytes(octets[1:], 'big')}"
    else:
        host = f"{hex(octets[0])}.{octets[1]}.0{octets[2]:o}.{octets[3]}"
    assert parse_source_url(f"http://{host}/x").host == str(IPv4Address(value))


def test_canonical_url_strips_noise_and_keeps_real_params_in_order() -> None:
    url = "HTTP://News.Example.COM:80/a/b?id=7&utm_source=tw&fbclid=X&page=2&GCLID=y&mc_cid=1#top"
    assert canonical_url(url) == "http://news.example.com/a/b?id=7&page=2"
    assert canonical_url("https://example.com:443") == "https://example.com/"
    assert canonical_url("https://example.com:8443/x?") == "https://example.com:8443/x"
    assert canonical_url("https://example.com/x?igshid=1&ref_src=twsrc") == "https://example.com/x"


_KEYS = st.sampled_from(["id", "page", "q", "utm_source", "utm_medium", "fbclid", "gclid", "mc_eid", "igshid", "s"])
_VALUES = st.text(alphabet="abcXYZ019-_", min_size=0, max_size=6)


@given(st.lists(st.tuples(_KEYS, _VALUES), max_size=8), st.sampled_from(["", "#frag"]))
def test_canonical_url_is_idempotent_and_order_preserving(params: list[tuple[str, str]], fragment: str) -> None:
    query = "&".join(f"{k}={v}" for k, v in params)
    url = f"https://Example.com/story?{query}{fragment}"
    canon = canonical_url(url)
    assert canonical_url(canon) == canon
    kept = [
        f"{k}={v}" for k, v in params if not k.startswith("utm_") and k not in {"fbclid", "gclid", "mc_eid", "igshid"}
    ]
    assert canon == "https://example.com/story" + (f"?{'&'.join(kept)}" if kept else "")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "100.64.0.1",
        "100.127.255.255",
        "0.0.0.0",
        "224.0.0.1",
        "239.255.255.250",
        "255.255.255.255",
        "240.0.0.1",
        "192.0.2.1",
        "198.51.100.7",
        "203.0.113.9",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "2001:db8::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::127.0.0.1",
        "2002:7f00:1::",
        "2002:a00:1::1",
        "64:ff9b::7f00:1",
        "64:ff9b:1::a9fe:a9fe",
        "2001:0:4136:e378:8000:63bf:80ff:fffe",
    ],
)
def test_non_public_addresses_are_blocked(address: str) -> None:
    with pytest.raises(BlockedAddressError) as info:
        check_address(address)
    assert "private or internal" in info.value.user_message


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(check_address(address)) is None


def test_allow_networks_is_the_only_opening() -> None:
    allow = (ip_network("127.0.0.1/32"), ip_network("fd00::/8"))
    assert check_address("127.0.0.1", allow_networks=allow) == IPv4Address("127.0.0.1")
    assert check_address("fd00::5", allow_networks=allow) == IPv6Address("fd00::5")
    with pytest.raises(BlockedAddressError):
        check_address("127.0.0.2", allow_networks=allow)


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_wrappers_are_judged_by_the_ipv4_they_carry(value: int) -> None:
    inner = IPv4Address(value)
    expected = blocked_reason(inner) is None
    for wrapper in (
        IPv6Address(f"::ffff:{inner}"),
        IPv6Address((0x2002 << 112) | (value << 80)),
        IPv6Address(f"64:ff9b::{inner}"),
    ):
        assert embedded_ipv4(wrapper) == (inner,)
        assert (blocked_reason(wrapper) is None) == expected


@given(st.sampled_from(["http://", "https://", "HTTP://", ""]), st.text(max_size=40))
def test_any_input_is_a_url_or_an_invalid_source(prefix: str, rest: str) -> None:
    try:
        url = parse_source_url(prefix + rest)
    except InvalidSourceError:
        return
    assert url.scheme in {"http", "https"}
    assert url.host
    assert canonical_url(str(url)).startswith(url.scheme + "://")
