"""Bots as real ``python -m bot slack --http`` and ``python -m bot discord`` processes, for the benches that
measure a running bot.

A bot measured in the bench's own process shares its event loop (and the GIL) with the fake Slack or Discord API,
the fake site and the client sending the events: the fakes' work would be billed to the bot. Here the bot runs as
it does in production, one process per instance, and the bench process only plays the platform, the web and the
LLM. The Discord bot reaches the fake through its own settings (DISCORD_API_BASE, DISCORD_GATEWAY_URL), as a
deployment behind a proxy would: nothing is patched.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.fakes.discord_api import FakeDiscord
from tests.fakes.paths import REPO_ROOT

SECRET = "bench-secret"
READY_WAIT_SECONDS = 60.0
SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"


def sample_page(index: int) -> str:
    """Our own sample article as a web page; ``index`` makes each page's title (and content hash) its own."""
    paragraphs = [p for p in SAMPLE.read_text().split("\n\n")[1:] if p.strip()]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>Story {index}</title></head><body><article>{body}</article></body></html>"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def signed_event(event: dict[str, Any], *, event_id: str, retry: bool = False) -> tuple[bytes, dict[str, str]]:
    """An Events API delivery signed as Slack signs it (a retry carries Slack's retry headers)."""
    body = json.dumps({"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": event_id,
                       "event_time": int(time.time()), "event": event})  # fmt: skip
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body) or ""
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}
    if retry:
        headers |= {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    return body.encode(), headers


def bot_env(*, database_url: str, slack_api_url: str, openai_base_url: str, **extra: str) -> dict[str, str]:
    """The environment of a Slack bot process pointed at the fakes (``extra``: more settings, upper-cased)."""
    return _common_env(database_url, openai_base_url, SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET=SECRET,
                       SLACK_API_URL=slack_api_url, **extra)  # fmt: skip


def discord_env(*, database_url: str, discord: FakeDiscord, openai_base_url: str, **extra: str) -> dict[str, str]:
    """The environment of a Discord bot process pointed at the fake Discord API and gateway."""
    return _common_env(database_url, openai_base_url, DISCORD_BOT_TOKEN="bench-token",
                       DISCORD_API_BASE=discord.api_base, DISCORD_GATEWAY_URL=discord.gateway_url, **extra)  # fmt: skip


def _common_env(database_url: str, openai_base_url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "OPENAI_BASE_URL": openai_base_url, "OPENAI_API_KEY": "bench",
            "BRIEFBOT_FETCH_ALLOW_NETWORKS": "127.0.0.1/32", "BRIEFBOT_LLM_MAX_RETRIES": "0",
            "BRIEFBOT_LOG_LEVEL": "WARNING", **extra}  # fmt: skip


def cpu_seconds(pid: int) -> float:
    """CPU time of one process so far (user and system, every thread of it), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class BotProcess:
    process: asyncio.subprocess.Process
    port: int

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/events"

    def peak_rss_mb(self) -> float:
        """The bot process's own peak resident memory (VmHWM)."""
        return _peak_rss_mb(self.process.pid)

    def workers_peak_rss_mb(self) -> float:
        """The peak resident memory of every process the bot started (its CPU pool and their forkserver), summed."""
        return sum(_peak_rss_mb(pid) for pid in _descendants(self.process.pid))

    def proportional_mb(self) -> float:
        """Memory of the bot and its CPU workers now, each shared page split between the processes sharing it
        (PSS): the workers are forked from a server that preloads the libraries, so RSS counts those pages once
        per process."""
        return sum(_pss_mb(pid) for pid in [self.process.pid, *_descendants(self.process.pid)])


@asynccontextmanager
async def running_bots(count: int, env: Mapping[str, str]) -> AsyncIterator[list[BotProcess]]:
    """``count`` Slack HTTP-mode bot processes, each answering /healthz; terminated on exit."""
    bots: list[BotProcess] = []
    try:
        for _ in range(count):
            port = free_port()
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "slack", "--http", "--port", str(port), env=dict(env), cwd=REPO_ROOT
            )
            bots.append(BotProcess(process, port))
        async with aiohttp.ClientSession() as session:
            for bot in bots:
                await _wait_healthy(session, bot)
        yield bots
    finally:
        for bot in bots:
            if bot.process.returncode is None:
                bot.process.terminate()
        await asyncio.gather(*(bot.process.wait() for bot in bots))


@asynccontextmanager
async def running_discord_bot(
    env: Mapping[str, str], discord: FakeDiscord
) -> AsyncIterator[asyncio.subprocess.Process]:
    """One ``python -m bot discord`` process, yielded once it is logged in to ``discord`` (READY answered).

    On exit it gets SIGTERM, as a platform stops it: unfinished briefs are released within the stop grace."""
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "discord", env=dict(env), cwd=REPO_ROOT)
    try:
        ready = asyncio.ensure_future(discord.wait_ready(within_seconds=READY_WAIT_SECONDS))
        exited = asyncio.ensure_future(process.wait())
        try:
            await asyncio.wait({ready, exited}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            exited.cancel()
            ready.cancel()  # a no-op once it finished
        if not ready.done():
            raise RuntimeError(f"the bot process exited with status {process.returncode} before it was up")
        ready.result()  # a timeout waiting for READY is raised here
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
        await process.wait()


async def _wait_healthy(session: aiohttp.ClientSession, bot: BotProcess) -> None:
    deadline = time.monotonic() + READY_WAIT_SECONDS
    while True:
        if bot.process.returncode is not None:
            raise RuntimeError(f"the bot process exited with status {bot.process.returncode} before it was up")
        try:
            async with session.get(f"http://127.0.0.1:{bot.port}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientConnectionError:
            if time.monotonic() > deadline:
                raise
        await asyncio.sleep(0.1)


def _peak_rss_mb(pid: int) -> float:
    return _proc_mb(pid, "status", "VmHWM:")


def _pss_mb(pid: int) -> float:
    return _proc_mb(pid, "smaps_rollup", "Pss:")


def _proc_mb(pid: int, name: str, field: str) -> float:
    """One kB figure of /proc/<pid>/<name>, in MB; 0 once the process has gone."""
    try:
        lines = Path(f"/proc/{pid}/{name}").read_text().splitlines()
    except OSError:
        return 0.0
    for line in lines:
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        found += [int(child) for child in children]
        todo += [int(child) for child in children]
    return found
