"""Every bad input of the foundation issue, driven through the real `briefbot` command in a subprocess.

Exit status rule (DESIGN.md: 2 refused or unusable input, 1 upstream or internal failure):

    input                                   kind               exit   why
    malformed URL, file:/ftp:/javascript:   invalid_source     2      the link itself is unusable
    blocked address form / redirect to one  blocked_address    2      refused on purpose; retrying won't help
    404 (and other 4xx)                     not_found          2      the link points at nothing
    image or zip served as the page         content_type       2      not something we can read
    body over the byte cap, gzip bomb       too_large          2      refused on purpose
    empty page                              not_article        2      nothing to read
    all-navigation page                     (gate) not_article 0 in extract (it reports what it read),
                                                               2 in brief (the gate refuses it)
    NXDOMAIN (.invalid)                     host_not_found     2      the name does not exist: likely a typo
    DNS resolver unreachable                fetch              1      a retry may help
    connection refused, 500                 fetch              1      the site is down; a retry may help
    slow trickle past the deadline          fetch_timeout      1      the site is too slow; a retry may help
"""

from __future__ import annotations

import asyncio
import gzip
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.paths import REPO_ROOT
from tests.fakes.site import FakeSite

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"
FIXTURES = REPO_ROOT / "tests" / "fixtures"
LOOPBACK_ONLY = {"BRIEFBOT_FETCH_ALLOW_NETWORKS": "127.0.0.1/32"}
# The byte cap's minimum setting; the pages below are well under it, the bombs well over.
SMALL_CAP_BYTES = 10_000
DEADLINE_SECONDS = 1
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ZIP = b"PK\x03\x04" + b"\x00" * 64


@dataclass
class Done:
    status: int
    stdout: str
    stderr: str
    seconds: float

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


async def briefbot(*args: str, tmp_path: Path, env: dict[str, str] | None = None, stdin: bytes = b"") -> Done:
    """Run `python -m bot ARGS` without blocking this loop, which serves the fake sites."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "OPENAI_", "DATABASE_URL"))}
    full_env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    full_env.update(env or {})
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=full_env,
        cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(stdin), timeout=120)
    assert process.returncode is not None
    return Done(process.returncode, out.decode(), err.decode(), time.monotonic() - started)


def assert_quiet_stderr(stderr: str, *, most: int = 1) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) <= most, stderr
    assert "Traceback" not in stderr
    return lines


def assert_error(line: dict[str, Any], *, source: str, kind: str) -> str:
    assert line["source"] == source
    assert set(line) == {"source", "error"}, line
    assert line["error"]["kind"] == kind, line
    message = line["error"]["message"]
    assert isinstance(message, str) and message and "Traceback" not in message
    return message


REFUSED_WITHOUT_A_SITE = [
    ("http//example.com/no-colon", "invalid_source"),
    ("http://exa mple.com/", "invalid_source"),
    ("https://", "invalid_source"),
    ("file:///etc/passwd", "invalid_source"),
    ("ftp://example.com/a.html", "invalid_source"),
    ("javascript:alert(1)", "invalid_source"),
    ("http://user:secret@example.com/", "invalid_source"),
    ("http://10.0.0.1/", "blocked_address"),
    ("http://169.254.169.254/latest/meta-data/", "blocked_address"),
    ("http://[::ffff:127.0.0.1]/", "blocked_address"),
    ("http://2130706433/", "blocked_address"),
    ("http://0x7f.1/", "blocked_address"),
    ("http://localhost/", "blocked_address"),
    ("http://no-such-host.invalid/story", "host_not_found"),
]


async def test_refused_sources_in_one_extract_call(tmp_path: Path) -> None:
    done = await briefbot("extract", *(s for s, _ in REFUSED_WITHOUT_A_SITE), "--jsonl", tmp_path=tmp_path)
    assert done.status == 2, "every one refused, a name that does not exist included"
    assert_quiet_stderr(done.stderr, most=0)
    lines = done.lines()
    assert len(lines) == len(REFUSED_WITHOUT_A_SITE)
    for line, (source, kind) in zip(lines, REFUSED_WITHOUT_A_SITE, strict=True):
        message = assert_error(line, source=source, kind=kind)
        if kind == "blocked_address":
            assert "private or internal" in message
    assert "resolve" in lines[-1]["error"]["message"]
    assert "user name or password" in lines[6]["error"]["message"]
    assert all("secret" not in line["error"]["message"] for line in lines)


@pytest.mark.parametrize(
    ("source", "status", "words"),
    [
        ("ftp://example.com/a.html", 2, "http"),
        ("http://0x7f.1/", 2, "private or internal"),
        ("http://no-such-host.invalid/story", 2, "typos"),
    ],
)
async def test_brief_of_a_refused_source_is_one_line(tmp_path: Path, source: str, status: int, words: str) -> None:
    done = await briefbot("brief", source, tmp_path=tmp_path)
    assert done.status == status
    (line,) = assert_quiet_stderr(done.stderr)
    assert line.startswith("briefbot: ") and words in line
    assert done.stdout == ""


def legacy_page() -> bytes:
    paragraph = "Министр заявил, что решение будет принято до конца недели. "
    html = f"<html><head><title>Новости</title></head><body><article><p>{paragraph * 12}</p></article></body></html>"
    return html.encode("windows-1251")


def serve_bad_pages(site: FakeSite, blocked: FakeSite) -> list[tuple[str, str]]:
    """Every page-level failure; returns (path, expected kind) in the order they are asked for."""
    site.redirect("/hop", blocked.url("/secret"))
    blocked.route("/secret", body="<html><body><p>internal</p></body></html>")
    site.route("/error", body="oops", status=500, content_type="text/plain")
    site.route("/slow", body="<html><body>" + "x" * 200, trickle_seconds=1.0)
    site.route("/huge", body=b"<html><body>" + b"a" * (SMALL_CAP_BYTES * 2))
    bomb = gzip.compress(b"<html><body>" + b"\x00" * 20_000_000, compresslevel=9)
    site.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    site.route("/image", body=PNG, content_type="image/png")
    site.route("/zip", body=ZIP, content_type="text/html")
    site.route("/empty", body=b"")
    return [
        ("/hop", "blocked_address"),
        ("/missing", "not_found"),
        ("/error", "fetch"),
        ("/slow", "fetch_timeout"),
        ("/huge", "too_large"),
        ("/bomb", "too_large"),
        ("/image", "content_type"),
        ("/zip", "content_type"),
        ("/empty", "not_article"),
    ]


async def test_bad_pages_in_one_extract_call_keep_order_and_worst_status(tmp_path: Path) -> None:
    env = {
        **LOOPBACK_ONLY,
        "BRIEFBOT_FETCH_TIMEOUT_SECONDS": str(DEADLINE_SECONDS),
        "BRIEFBOT_FETCH_MAX_BYTES": str(SMALL_CAP_BYTES),
    }
    async with FakeSite() as site, FakeSite(host="127.0.0.2") as blocked:
        expected = serve_bad_pages(site, blocked)
        site.route("/legacy", body=legacy_page(), content_type="text/html; charset=windows-1251")
        site.route("/nav", body=(FIXTURES / "navigation.html").read_bytes())
        refused = "http://127.0.0.1:1/closed"
        sources = [site.url(path) for path, _ in expected] + [refused, site.url("/legacy"), site.url("/nav")]
        done = await briefbot("extract", *sources, "--jsonl", tmp_path=tmp_path, env=env)
    assert blocked.requests == [], "the blocked redirect target must receive no request"
    assert done.status == 2
    assert_quiet_stderr(done.stderr, most=0)
    lines = done.lines()
    assert [line["source"] for line in lines] == sources
    for line, (path, kind) in zip(lines, expected, strict=False):
        assert_error(line, source=site.url(path), kind=kind)
    assert "connect" in assert_error(lines[len(expected)], source=refused, kind="fetch")
    legacy, nav = lines[-2:]
    assert "Министр заявил, что решение будет принято" in legacy["text"]
    assert legacy["title"] == "Новости"
    assert nav["gate"] == "not_article" and "error" not in nav
    # The trickle would take 200 s; the run is ~1.5 s of imports, one deadline and fast local fetches.
    assert done.seconds < DEADLINE_SECONDS + 8


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/nav", 2, "doesn't look like an article"),
        ("/empty", 2, "empty"),
        ("/error", 1, "HTTP 500"),
        ("/slow", 1, "too long"),
    ],
)
async def test_brief_of_a_bad_page_is_one_line(tmp_path: Path, path: str, status: int, words: str) -> None:
    env = {**LOOPBACK_ONLY, "BRIEFBOT_FETCH_TIMEOUT_SECONDS": str(DEADLINE_SECONDS)}
    async with FakeSite() as site, FakeSite(host="127.0.0.2") as blocked:
        serve_bad_pages(site, blocked)
        site.route("/nav", body=(FIXTURES / "navigation.html").read_bytes())
        done = await briefbot("brief", site.url(path), tmp_path=tmp_path, env=env)
    assert done.status == status
    (line,) = assert_quiet_stderr(done.stderr)
    assert line.startswith("briefbot: ") and words in line


async def test_extract_for_a_reader_with_several_sources_ignores_proxy_variables(tmp_path: Path) -> None:
    """Human output: each source's text on stdout in order; each failure one line on stderr."""
    dead_proxy = "http://127.0.0.1:1"
    proxies = {name: dead_proxy for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy")}
    body = "".join(f"<p>{p}</p>" for p in SAMPLE.read_text().split("\n\n")[1:])
    page = f"<!DOCTYPE html><html><head><title>Bridge row</title></head><body><article>{body}</article></body></html>"
    async with FakeSite() as site:
        site.route("/mislabelled", body=page, content_type="text/plain; charset=utf-8")
        done = await briefbot(
            "extract",
            site.url("/mislabelled"),
            "ftp://example.com/a",
            str(SAMPLE),
            tmp_path=tmp_path,
            env={**LOOPBACK_ONLY, **proxies},
        )
    assert site.paths == ["/mislabelled"], "fetched directly, not through the proxy variables"
    assert done.status == 2
    (line,) = assert_quiet_stderr(done.stderr)
    assert line.startswith("briefbot: ftp://example.com/a: ")
    out = done.stdout
    assert out.index("Bridge row") < out.index("Port authority accused")
    assert "<p>" not in out and "<article>" not in out, "HTML served as text/plain is read as HTML"
    assert " ".join(out.split()).count("gate article") == 2  # rich wraps lines at the terminal width


async def test_debug_shows_the_traceback_of_a_refused_source(tmp_path: Path) -> None:
    done = await briefbot("--debug", "extract", "ftp://example.com/a", "--jsonl", tmp_path=tmp_path)
    assert done.status == 2
    assert "Traceback" in done.stderr and "InvalidSourceError" in done.stderr
    assert_error(done.lines()[0], source="ftp://example.com/a", kind="invalid_source")


async def test_stdin_with_progress_only_on_a_terminal(tmp_path: Path) -> None:
    """stderr is a terminal here (a pty): progress shows there; stdout (a pipe) stays pure JSON lines."""
    import pty

    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "OPENAI_", "DATABASE_URL"))}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "extract",
            "-",
            "--jsonl",
            env=env,
            cwd=tmp_path,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=follower,
        )
        os.close(follower)
        out, _ = await asyncio.wait_for(process.communicate(SAMPLE.read_bytes()), timeout=120)
        terminal = _drain(leader)
    finally:
        os.close(leader)
    assert process.returncode == 0, terminal
    (line,) = [json.loads(text) for text in out.decode().splitlines()]
    assert line["source"] == "-" and line["gate"] == "article"
    assert line["text"].startswith("MARLOW")
    assert "reading -" in terminal and "Traceback" not in terminal


def _drain(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the child closed its end of the pty
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace")
