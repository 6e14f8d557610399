"""Slack figures of issue 14: one link, a cached link, fifty links pasted at once, and peak memory.

Run: python3 bench/slack_burst.py [--burst 50] [--llm-seconds 2] [--postgres postgresql+asyncpg://HOST/DB]

The bot is one real ``python -m bot slack --http`` process, as in production; this process plays Slack (a fake
Web API, and the client sending events signed like Slack's), the news site and an OpenAI-compatible server
answering after L = --llm-seconds. Times run from sending the event to the fake Slack API receiving the call:
the "Reading …" placeholder (chat.postMessage) and the brief (the chat.update whose blocks open with a header).
Peak RSS is the bot process's own, and apart the CPU workers it starts. Figures, not assertions: the machine's
load moves them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CACHE = REPO_ROOT.parent / "shared" / "tiktoken-cache"
if "TIKTOKEN_CACHE_DIR" not in os.environ and SHARED_CACHE.is_dir():  # offline machines: no download
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED_CACHE)
sys.path.insert(0, str(REPO_ROOT))

import aiohttp  # noqa: E402

from bot.store import Store  # noqa: E402
from tests.fakes.bot_processes import bot_env, cpu_seconds, running_bots, sample_page, signed_event  # noqa: E402
from tests.fakes.openai_server import EMPTY_BRIEF, FakeOpenAI, FakeRequest, Reply, reply_delay, reply_json  # noqa: E402
from tests.fakes.site import FakeSite  # noqa: E402
from tests.fakes.slack_api import FakeSlackApi, running_fake_slack  # noqa: E402
from tests.fakes.store_worker import create_postgres_database, drop_postgres_database  # noqa: E402

WAIT_SECONDS = 120.0


class Seen:
    """The placeholders and briefs the fake Slack API has received, indexed as the calls arrive.

    Fifty waiting pastes are woken on every call the fake records; each looks its own link up here in O(1)
    instead of scanning every call so far (which cost the bench's event loop more CPU than some of the bot's
    own stages)."""

    def __init__(self, slack: FakeSlackApi) -> None:
        self.slack = slack
        self.read = 0  # calls indexed so far
        self.posts = 0  # chat.postMessage calls so far: the fake answers the n-th with ts 1700000000.n
        self.placeholders: dict[str, tuple[Any, str]] = {}  # thread ts -> (the call, the ts it was answered)
        self.briefs: dict[str, Any] = {}  # placeholder ts -> the first chat.update opening with a header

    def catch_up(self) -> None:
        calls = self.slack.calls
        while self.read < len(calls):
            call = calls[self.read]
            self.read += 1
            if call.method == "chat.postMessage":
                self.posts += 1
                thread = call.params.get("thread_ts")
                if thread is not None and thread not in self.placeholders:
                    self.placeholders[thread] = (call, f"1700000000.{self.posts:06d}")
            elif call.method == "chat.update" and (call.params.get("blocks") or [{}])[0].get("type") == "header":
                self.briefs.setdefault(call.params.get("ts"), call)

    def placeholder_and_brief(self, thread: str) -> tuple[Any, Any] | None:
        self.catch_up()
        placeholder = self.placeholders.get(thread)
        if placeholder is None:
            return None
        brief = self.briefs.get(placeholder[1])
        return None if brief is None else (placeholder[0], brief)


async def paste(
    session: aiohttp.ClientSession, url: str, seen: Seen, *, link: str, ts: str
) -> tuple[float, float, float]:
    """Seconds to the ack, the placeholder and the brief of one pasted link."""
    event = {"type": "message", "channel": "C1", "user": "U1", "ts": ts, "text": f"<{link}>"}
    body, headers = signed_event(event, event_id=f"Ev{ts}")
    started = time.monotonic()
    async with session.post(url, data=body, headers=headers) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"event {ts}: HTTP {response.status}")
    ack = time.monotonic() - started
    calls = seen.slack._changed  # the fake's own condition, notified on every call it records
    assert calls is not None
    async with calls:
        await asyncio.wait_for(calls.wait_for(lambda: seen.placeholder_and_brief(ts) is not None), WAIT_SECONDS)
    found = seen.placeholder_and_brief(ts)
    assert found is not None
    placeholder, brief = found
    return ack, placeholder.at - started, brief.at - started


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--llm-seconds", type=float, default=2.0)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server URL (a fresh database is made on it)")
    args = parser.parse_args()
    if args.postgres is None:
        return await run(args, None)
    database = await create_postgres_database(args.postgres)
    try:
        return await run(args, database)
    finally:
        await drop_postgres_database(args.postgres, database)


async def run(args: argparse.Namespace, database_url: str | None) -> int:
    latency = args.llm_seconds
    arrivals: list[float] = []  # when each LLM request reached the fake (monotonic; this process's clock)

    def answer(_: FakeRequest) -> Reply:
        arrivals.append(time.monotonic())
        return reply_delay(latency, reply_json(EMPTY_BRIEF))

    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(default=answer) as llm:
        database = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await (await Store.open(database)).close()  # migrated before the bot starts, as a deploy step would
        async with running_fake_slack() as slack, FakeSite() as site:
            seen = Seen(slack)
            for i in range(args.burst + 1):
                site.route(f"/story-{i}", body=sample_page(i))
            site.route("/warm-up", body=sample_page(-1))
            log_level = os.environ.get("BENCH_BOT_LOG_LEVEL", "WARNING")  # INFO shows each brief's stage times
            env = bot_env(database_url=database, slack_api_url=slack.api_url, openai_base_url=llm.base_url,
                          BRIEFBOT_LLM_TIMEOUT_SECONDS=str(latency + 30), BRIEFBOT_LOG_LEVEL=log_level)  # fmt: skip
            async with running_bots(1, env) as (bot,), aiohttp.ClientSession() as session:
                url = bot.events_url
                # The first brief of a process also pays for lazy imports, the tokenizer's load and the first
                # connections (printed as "cold"); the figure is a running bot's, measured next.
                _, _, cold = await paste(session, url, seen, link=site.url("/warm-up"), ts="1700000099.000001")
                first = site.url("/story-0")
                _, _, one = await paste(session, url, seen, link=first, ts="1700000100.000001")
                calls_before = len(llm.requests)
                _, _, cached = await paste(session, url, seen, link=first, ts="1700000100.000002")
                cached_calls = len(llm.requests) - calls_before
                print(f"burst: {args.burst} links, bot pid {bot.process.pid}", file=sys.stderr, flush=True)
                cpu_before, fakes_before = cpu_seconds(bot.process.pid), cpu_seconds(os.getpid())
                burst_started, calls_before_burst = time.monotonic(), len(arrivals)
                burst = await asyncio.gather(*(
                    paste(session, url, seen, link=site.url(f"/story-{i}"), ts=f"1700000200.{i:06d}")
                    for i in range(1, args.burst + 1)
                ))  # fmt: skip
                burst_cpu = cpu_seconds(bot.process.pid) - cpu_before
                fakes_cpu = cpu_seconds(os.getpid()) - fakes_before
                peak_mb, workers_mb, pss_mb = bot.peak_rss_mb(), bot.workers_peak_rss_mb(), bot.proportional_mb()
    acks = [ack for ack, _, _ in burst]
    placeholders = [placeholder for _, placeholder, _ in burst]
    last = max(brief for _, _, brief in burst)
    backend = "PostgreSQL" if database_url else "SQLite"
    print(f"Slack HTTP mode, one bot process, {backend}, fake LLM L = {latency:g} s")
    print(f"one link: time to brief / L              {one / latency:6.2f}   ({one * 1000:.0f} ms; "
          f"the process's first, cold: {cold / latency:.2f})")  # fmt: skip
    print(f"a cached link: time to brief, LLM calls   {cached * 1000:6.0f} ms, {cached_calls}")
    print(f"{args.burst} links at once: last brief / L       {last / latency:6.2f}   ({last:.2f} s)")
    print(f"{args.burst} links at once: placeholder p95      {p95(placeholders) * 1000:6.0f} ms "
          f"(max {max(placeholders) * 1000:.0f} ms; ack p95 {p95(acks) * 1000:.0f} ms)")  # fmt: skip
    print(f"peak RSS of the bot process               {peak_mb:6.0f} MB (its CPU workers: {workers_mb:.0f} MB; "
          f"bot and workers after the burst, shared pages split (PSS): {pss_mb:.0f} MB)")  # fmt: skip
    sent = sorted(at - burst_started for at in arrivals[calls_before_burst:])
    print(f"{args.burst} links at once: LLM requests sent from {sent[0]:.2f} s to {sent[-1]:.2f} s "
          f"(median {sent[len(sent) // 2]:.2f} s)")  # fmt: skip
    per_link_ms = burst_cpu / args.burst * 1000
    print(f"CPU of the burst in the bot's main process: {burst_cpu:.2f} s, {per_link_ms:.0f} ms a link "
          f"(this bench process, playing Slack, the sites and the LLM: {fakes_cpu:.2f} s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
