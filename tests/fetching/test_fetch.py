"""The safe fetcher against real HTTP on loopback: address policy, redirects, caps, types and charsets."""

from __future__ import annotations

import gzip
import socket
import tracemalloc
from collections.abc import AsyncIterator
from ipaddress import ip_network

import pytest

from bot.config import Settings
from bot.errors import (
    BlockedAddressError,
    BotError,
    ConfigError,
    ContentTypeError,
    FetchError,
    FetchTimeoutError,
    HostNotFoundError,
    InvalidSourceError,
    NotArticleError,
    NotFoundError,
    TooLargeError,
)
from bot.fetching import FetchPolicy, fetch_page
from tests.fakes.site import FakeSite

LOOPBACK = FetchPolicy(allow_networks=(ip_network("127.0.0.1/32"),), timeout_seconds=5.0)
ARTICLE = "<html><head><title>T</title></head><body><p>Officials said the bridge will reopen.</p></body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class FakeResolver:
    """Maps names to chosen addresses; records every lookup; unknown names fail like DNS would."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.lookups: list[str] = []

    async def resolve(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host not in self.table:
            raise FetchError(f"no such host {host}", user_message="I couldn't find that site.")
        return self.table[host]


@pytest.fixture
async def site() -> AsyncIterator[FakeSite]:
    async with FakeSite() as fake:
        yield fake


async def test_fetches_a_page(site: FakeSite) -> None:
    site.route("/story", body=ARTICLE)
    page = await fetch_page(site.url("/story"), policy=LOOPBACK)
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert "bridge will reopen" in page.text
    assert page.url == page.final_url == site.url("/story")
    sent = site.requests[0].headers
    assert sent["host"] == f"127.0.0.1:{site.port}"
    assert sent["user-agent"].startswith("briefbot/")


@pytest.mark.parametrize("url", ["not a url", "file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)"])
async def test_bad_urls_are_invalid_sources(url: str) -> None:
    with pytest.raises(InvalidSourceError):
        await fetch_page(url, policy=FetchPolicy())


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "[2002:7f00:1::]",
        "[64:ff9b::7f00:1]",
        "[fd00:ec2::254]",
        "2130706433",
        "0x7f.1",
        "0177.0.0.1",
        "127.1",
    ],
)
async def test_blocked_address_forms(host: str) -> None:
    resolver = FakeResolver({})
    with pytest.raises(BlockedAddressError) as info:
        await fetch_page(f"http://{host}/latest", policy=FetchPolicy(timeout_seconds=2.0), resolver=resolver)
    assert "private or internal" in info.value.user_message
    assert resolver.lookups == []


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f.1", "0177.0.0.1", "127.1"])
async def test_loopback_site_gets_no_request_without_an_allow_list(site: FakeSite, host: str) -> None:
    site.route("/", body=ARTICLE)
    with pytest.raises(BlockedAddressError):
        await fetch_page(f"http://{host}:{site.port}/", policy=FetchPolicy())
    assert site.requests == []


async def test_localhost_is_blocked_by_default(site: FakeSite) -> None:
    site.route("/", body=ARTICLE)
    with pytest.raises(BlockedAddressError):
        await fetch_page(f"http://localhost:{site.port}/", policy=FetchPolicy())
    assert site.requests == []


@pytest.mark.parametrize("answers", [["10.0.0.5"], ["93.184.216.34", "127.0.0.1"], ["::ffff:192.168.0.1"]])
async def test_names_resolving_to_private_addresses_are_blocked(answers: list[str]) -> None:
    resolver = FakeResolver({"evil.test": answers})
    with pytest.raises(BlockedAddressError):
        await fetch_page("http://evil.test/page", policy=FetchPolicy(), resolver=resolver)
    assert resolver.lookups == ["evil.test"]


async def test_resolved_address_is_the_one_connected_to(site: FakeSite) -> None:
    site.route("/story", body=ARTICLE)
    resolver = FakeResolver({"news.test": ["127.0.0.1"]})
    page = await fetch_page(f"http://news.test:{site.port}/story", policy=LOOPBACK, resolver=resolver)
    assert "bridge" in page.text
    assert resolver.lookups == ["news.test"]
    assert site.requests[0].headers["host"] == f"news.test:{site.port}"


async def test_redirect_to_a_blocked_address_sends_it_nothing(site: FakeSite) -> None:
    async with FakeSite(host="127.0.0.2") as inner:
        inner.route("/admin", body="secret")
        site.redirect("/go", inner.url("/admin"))
        with pytest.raises(BlockedAddressError):
            await fetch_page(site.url("/go"), policy=LOOPBACK)
        assert site.paths == ["/go"]
        assert inner.requests == []


async def test_redirect_to_a_name_resolving_private_is_blocked(site: FakeSite) -> None:
    site.redirect("/go", "http://metadata.test/latest/meta-data/")
    resolver = FakeResolver({"metadata.test": ["169.254.169.254"]})
    with pytest.raises(BlockedAddressError):
        await fetch_page(site.url("/go"), policy=LOOPBACK, resolver=resolver)


async def test_redirect_to_another_scheme_is_refused(site: FakeSite) -> None:
    site.redirect("/go", "file:///etc/passwd")
    with pytest.raises(InvalidSourceError) as info:
        await fetch_page(site.url("/go"), policy=LOOPBACK)
    assert "redirects" in info.value.user_message


async def test_redirect_chain_within_the_limit(site: FakeSite) -> None:
    site.redirect("/a", "/b", status=301)
    site.redirect("/b", site.url("/c"), status=307)
    site.redirect("/c", "d?x=1", status=308)
    site.route("/d?x=1", body=ARTICLE)
    page = await fetch_page(site.url("/a"), policy=LOOPBACK)
    assert page.final_url == site.url("/d?x=1")
    assert page.url == site.url("/a")
    assert site.paths == ["/a", "/b", "/c", "/d?x=1"]


async def test_too_many_redirects_and_loops_fail(site: FakeSite) -> None:
    for index in range(4):
        site.redirect(f"/r{index}", f"/r{index + 1}")
    site.route("/r4", body=ARTICLE)
    policy = FetchPolicy(allow_networks=LOOPBACK.allow_networks, max_redirects=3)
    with pytest.raises(FetchError) as info:
        await fetch_page(site.url("/r0"), policy=policy)
    assert "redirects" in info.value.user_message
    assert "/r4" not in site.paths
    site.redirect("/x", "/y")
    site.redirect("/y", "/x")
    with pytest.raises(FetchError, match="loop"):
        await fetch_page(site.url("/x"), policy=LOOPBACK)


async def test_dns_failure_says_the_site_was_not_found() -> None:
    with pytest.raises(HostNotFoundError) as info:
        await fetch_page("http://no-such-host.invalid/", policy=FetchPolicy())
    assert "couldn't find" in info.value.user_message and info.value.exit_code == 2
    with pytest.raises(FetchError):
        await fetch_page("http://gone.test/", policy=FetchPolicy(), resolver=FakeResolver({}))


async def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as info:
        await fetch_page(f"http://127.0.0.1:{port}/", policy=LOOPBACK)
    assert type(info.value) is FetchError
    assert "connect" in info.value.user_message


async def test_tls_failure(site: FakeSite) -> None:
    site.route("/", body=ARTICLE)
    with pytest.raises(FetchError) as info:
        await fetch_page(f"https://127.0.0.1:{site.port}/", policy=LOOPBACK)
    assert "secure connection" in info.value.user_message


@pytest.mark.parametrize(("status", "error"), [(404, NotFoundError), (410, NotFoundError), (403, NotFoundError)])
async def test_client_errors_are_not_found(site: FakeSite, status: int, error: type[BotError]) -> None:
    site.route("/p", status=status, body="nope")
    with pytest.raises(error, match=str(status)) as info:
        await fetch_page(site.url("/p"), policy=LOOPBACK)
    assert info.value.exit_code == 2


async def test_server_errors_are_upstream(site: FakeSite) -> None:
    site.route("/p", status=500, body="boom")
    with pytest.raises(FetchError, match="500") as info:
        await fetch_page(site.url("/p"), policy=LOOPBACK)
    assert info.value.exit_code == 1
    assert "500" in info.value.user_message


async def test_a_trickling_server_is_cut_at_the_deadline(site: FakeSite) -> None:
    site.route("/slow", body=ARTICLE, trickle_seconds=0.2)
    policy = FetchPolicy(allow_networks=LOOPBACK.allow_networks, timeout_seconds=1.0)
    with pytest.raises(FetchTimeoutError) as info:  # the trickle would take 200 s: the deadline cut it
        await fetch_page(site.url("/slow"), policy=policy)
    assert "too long" in info.value.user_message


@pytest.mark.parametrize("send_length", [True, False])
async def test_a_body_over_the_cap(site: FakeSite, send_length: bool) -> None:
    site.route("/big", body=b"<p>" + b"a" * 200_000, send_length=send_length)
    policy = FetchPolicy(allow_networks=LOOPBACK.allow_networks, max_bytes=100_000)
    with pytest.raises(TooLargeError):
        await fetch_page(site.url("/big"), policy=policy)


async def test_a_gzip_bomb_stops_at_the_cap_fast_and_small(site: FakeSite) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    site.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    policy = FetchPolicy(allow_networks=LOOPBACK.allow_networks, max_bytes=1_000_000)
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError):
            await fetch_page(site.url("/bomb"), policy=policy)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000  # 50 MB inflated would not fit: decompression stopped at the cap


async def test_gzip_pages_are_decoded(site: FakeSite) -> None:
    site.route("/z", body=gzip.compress(ARTICLE.encode()), headers={"Content-Encoding": "gzip"})
    page = await fetch_page(site.url("/z"), policy=LOOPBACK)
    assert "bridge will reopen" in page.text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (PNG, "image/png"),
        (b"PK\x03\x04" + b"\x00" * 40, "application/zip"),
        (b"%PDF-1.7 ...", "application/pdf"),
        (b"\x00\x01binary", "application/octet-stream"),
        (PNG, "text/html; charset=utf-8"),
        (b"PK\x03\x04" + b"\x00" * 40, "text/plain"),
        (b"%PDF-1.7 ...", None),
    ],
)
async def test_files_and_images_are_not_pages(site: FakeSite, body: bytes, content_type: str | None) -> None:
    site.route("/f", body=body, content_type=content_type)
    with pytest.raises(ContentTypeError):
        await fetch_page(site.url("/f"), policy=LOOPBACK)


async def test_missing_content_type_is_sniffed(site: FakeSite) -> None:
    site.route("/h", body="<!DOCTYPE html>" + ARTICLE, content_type=None)
    site.route("/t", body="Plain words about the bridge.", content_type=None)
    assert (await fetch_page(site.url("/h"), policy=LOOPBACK)).content_type == "text/html"
    assert (await fetch_page(site.url("/t"), policy=LOOPBACK)).content_type == "text/plain"


@pytest.mark.parametrize("body", [b"", b"   \n\t "])
async def test_an_empty_page(site: FakeSite, body: bytes) -> None:
    site.route("/e", body=body)
    with pytest.raises(NotArticleError) as info:
        await fetch_page(site.url("/e"), policy=LOOPBACK)
    assert info.value.verdict == "empty"


CURLY = (
    "<html><body><p>\u201cCaf\u00e9 cr\u00e8me,\u201d she said \u2014 na\u00efve r\u00e9sum\u00e9.</p></body></html>"
)
RUSSIAN = "<p>" + "Министр заявил, что мост откроют в понедельник, но представители оппозиции это отрицают. " * 8


@pytest.mark.parametrize(
    ("body", "content_type", "expected", "codec"),
    [
        (CURLY.encode("cp1252"), "text/html; charset=iso-8859-1", CURLY, "cp1252"),
        (CURLY.encode("cp1252"), "text/html; charset=windows-1252", CURLY, "cp1252"),
        (
            ('<html><head><meta charset="windows-1252"></head>' + CURLY[6:]).encode("cp1252"),
            "text/html",
            "\u201cCaf\u00e9 cr\u00e8me,\u201d",
            "cp1252",
        ),
        (
            ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">' + RUSSIAN).encode("koi8-r"),
            None,
            "Министр заявил",
            "koi8-r",
        ),
        (
            "<p>東京で会見が開かれた。</p>".encode("shift_jis"),
            "text/html; charset=Shift_JIS",
            "東京で会見",
            "cp932",
        ),
        (RUSSIAN.encode("koi8-r"), "text/html", "Министр заявил", "koi8-r"),
        (b"\xef\xbb\xbf" + "<p>Zürich — “quoted”</p>".encode(), "text/html", "Zürich — “quoted”", "utf-8"),
    ],
)
async def test_legacy_charsets_decode(
    site: FakeSite, body: bytes, content_type: str | None, expected: str, codec: str
) -> None:
    site.route("/c", body=body, content_type=content_type)
    page = await fetch_page(site.url("/c"), policy=LOOPBACK)
    assert expected in page.text
    assert page.charset == codec
    assert "\ufffd" not in page.text


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("<!DOCTYPE html>" + ARTICLE, "text/plain", "text/html"),
        ("  <html lang='en'>" + ARTICLE[6:], "text/plain; charset=utf-8", "text/html"),
        (
            '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><p>x</p></html>',
            None,
            "text/html",
        ),
        (
            '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><p>x</p></html>',
            "application/xhtml+xml",
            "application/xhtml+xml",
        ),
        ("Plain words: <b> is a tag name, <html> too.", "text/plain", "text/plain"),
    ],
)
async def test_html_documents_are_read_as_html_whatever_the_label(
    site: FakeSite, body: str, content_type: str | None, expected: str
) -> None:
    site.route("/p", body=body, content_type=content_type)
    assert (await fetch_page(site.url("/p"), policy=LOOPBACK)).content_type == expected


async def test_the_header_charset_wins_over_a_meta_tag(site: FakeSite) -> None:
    """HTML's rule: the transport's declaration outranks the document's own (pages are often re-encoded)."""
    page = '<html><head><meta charset="utf-8"></head><body>' + CURLY[12:]
    site.route("/c", body=page.encode("cp1252"), content_type="text/html; charset=windows-1252")
    fetched = await fetch_page(site.url("/c"), policy=LOOPBACK)
    assert fetched.charset == "cp1252"
    assert "\u201cCaf\u00e9 cr\u00e8me,\u201d" in fetched.text


async def test_html_served_as_plain_text_uses_its_meta_charset(site: FakeSite) -> None:
    page = '<!DOCTYPE html><html><head><meta charset="koi8-r"></head><body>' + RUSSIAN
    site.route("/r", body=page.encode("koi8-r"), content_type="text/plain")
    fetched = await fetch_page(site.url("/r"), policy=LOOPBACK)
    assert (fetched.content_type, fetched.charset) == ("text/html", "koi8-r")
    assert "Министр заявил" in fetched.text


async def test_idn_hosts_are_resolved_and_sent_as_punycode(site: FakeSite) -> None:
    site.route("/story", body=ARTICLE)
    resolver = FakeResolver({"xn--bcher-kva.test": ["127.0.0.1"]})
    page = await fetch_page(f"http://B\u00dccher.test:{site.port}/story", policy=LOOPBACK, resolver=resolver)
    assert "bridge" in page.text
    assert resolver.lookups == ["xn--bcher-kva.test"]
    assert site.requests[0].headers["host"] == f"xn--bcher-kva.test:{site.port}"


async def test_proxy_environment_variables_are_ignored(site: FakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    site.route("/story", body=ARTICLE)
    async with FakeSite() as proxy:
        proxy.route("/story", body="<p>from the proxy</p>")
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.setenv(name, proxy.url("/"))
        page = await fetch_page(site.url("/story"), policy=LOOPBACK)
        assert "bridge" in page.text
        assert proxy.requests == []


async def test_a_configured_proxy_is_used_and_the_target_still_checked() -> None:
    async with FakeSite() as proxy:
        proxy.route("/story", body=ARTICLE)
        policy = FetchPolicy(proxy=proxy.url("/"), timeout_seconds=5.0)
        resolver = FakeResolver({"news.test": ["93.184.216.34"], "intranet.test": ["10.1.2.3"]})
        page = await fetch_page("http://news.test/story", policy=policy, resolver=resolver)
        assert "bridge" in page.text
        assert proxy.requests[0].target == "http://news.test/story"
        with pytest.raises(BlockedAddressError):
            await fetch_page("http://intranet.test/story", policy=policy, resolver=resolver)
        assert len(proxy.requests) == 1


def test_policy_from_settings() -> None:
    settings = Settings(
        fetch_allow_networks="127.0.0.1/32, 10.0.0.0/8", fetch_timeout_seconds=3, fetch_max_bytes=20_000
    )
    policy = FetchPolicy.from_settings(settings)
    assert policy.allow_networks == (ip_network("127.0.0.1/32"), ip_network("10.0.0.0/8"))
    assert (policy.timeout_seconds, policy.max_bytes, policy.proxy) == (3, 20_000, None)


async def test_a_non_http_proxy_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="BRIEFBOT_FETCH_PROXY"):
        await fetch_page("http://news.test/", policy=FetchPolicy(proxy="socks5://127.0.0.1:1080"))


@pytest.mark.parametrize(
    ("errno", "error", "exit_code"),
    [
        (socket.EAI_NONAME, HostNotFoundError, 2),  # NXDOMAIN: likely a typo, retrying won't help
        (socket.EAI_AGAIN, FetchError, 1),  # the resolver is down: a retry may help
    ],
)
async def test_system_resolver_tells_a_missing_name_from_a_resolver_outage(
    monkeypatch: pytest.MonkeyPatch, errno: int, error: type[Exception], exit_code: int
) -> None:
    def failing_lookup(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(errno, "lookup failed")

    monkeypatch.setattr(socket, "getaddrinfo", failing_lookup)
    with pytest.raises(error) as info:
        await fetch_page("http://typo-in-the-name.example/", policy=FetchPolicy())
    assert isinstance(info.value, BotError) and info.value.exit_code == exit_code
    assert ("typos" in info.value.user_message) == (error is HostNotFoundError)
