"""Load bench: N Slack HTTP-mode processes share PostgreSQL; 300 signed link events, a third retries or duplicates.

Run: python3 bench/load.py [--processes 2] [--events 300] [--llm-seconds 1] [--postgres URL]

Each process is a real `python -m bot slack --http --port P` subprocess; the fakes run here: the Slack Web API,
the news site, and an OpenAI-compatible server answering after --llm-seconds. A fresh database is made on the
--postgres server (default $BRIEFBOT_TEST_POSTGRES_URL) and dropped afterwards. Events go round robin to the
processes, as a load balancer would send them, all at once, from a sender process of their own (so the fakes'
work here cannot delay the reading of an ack). Of every three events two paste a new link; the
third is either Slack's retry of an earlier event (same event id, sent to another process) or the same link
pasted in another channel. The bench checks that every pasted message gets exactly one placeholder and one
brief, in its own thread, and that the LLM is asked once per unique link; then prints acks (Slack wants them
within 3 s), throughput, p50/p95 time to brief, and each process's peak RSS. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CACHE = REPO_ROOT.parent / "shared" / "tiktoken-cache"
if "TIKTOKEN_CACHE_DIR" not in os.environ and SHARED_CACHE.is_dir():  # offline machines: no download
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED_CACHE)
sys.path.insert(0, str(REPO_ROOT))

import aiohttp  # noqa: E402

from bot.store import Store  # noqa: E402
from tests.fakes.bot_processes import bot_env, running_bots, sample_page, signed_event  # noqa: E402
from tests.fakes.openai_server import EMPTY_BRIEF, FakeOpenAI, reply_delay, reply_json  # noqa: E402
from tests.fakes.site import FakeSite  # noqa: E402
from tests.fakes.slack_api import FakeSlackApi, running_fake_slack  # noqa: E402
from tests.fakes.store_worker import create_postgres_database, drop_postgres_database  # noqa: E402

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
DONE_WAIT_SECONDS = 300.0
SLACK_ACK_LIMIT_SECONDS = 3.0


def plan(events: int) -> list[dict[str, Any]]:
    """The events in sending order: a new link twice in every three, then a retry or a duplicate paste."""
    sent: list[dict[str, Any]] = []
    links = 0
    for n in range(events):
        if n % 3 < 2 or not sent:
            links += 1
            sent.append({"event_id": f"Ev{n}", "channel": f"C{n % 7}", "ts": f"1700001000.{n:06d}", "link": links,
                         "retry": 0})  # fmt: skip
        elif n % 6 == 2:  # Slack retrying an earlier delivery: same event, same message
            sent.append({**sent[-2], "retry": 1})
        else:  # the same link pasted in another channel: a message of its own, the same brief
            sent.append({"event_id": f"Ev{n}", "channel": f"D{n % 5}", "ts": f"1700002000.{n:06d}",
                         "link": sent[-1]["link"], "retry": 0})  # fmt: skip
    return sent


def send_all(urls: list[str], site_url: str, events: list[dict[str, Any]]) -> list[tuple[float, float]]:
    """In a process of its own (as Slack's senders are): every event at once, round robin over the bots;
    (when each was sent, seconds to its ack). The fakes' work in the bench process cannot delay an ack here."""
    return asyncio.run(_send_all(urls, site_url, events))


async def _send_all(urls: list[str], site_url: str, events: list[dict[str, Any]]) -> list[tuple[float, float]]:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        return await asyncio.gather(
            *(deliver(session, urls[n % len(urls)], item, site_url) for n, item in enumerate(events))
        )


async def deliver(session: aiohttp.ClientSession, url: str, item: dict[str, Any], site_url: str) -> tuple[float, float]:
    """Send one signed event; (when it was sent, seconds to the ack)."""
    link = f"{site_url}/story-{item['link']}"
    event = {"type": "message", "channel": item["channel"], "user": "U1", "ts": item["ts"], "text": f"<{link}>"}
    body, headers = signed_event(event, event_id=item["event_id"], retry=bool(item["retry"]))
    started = time.monotonic()
    async with session.post(url, data=body, headers=headers) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"{item['event_id']}: HTTP {response.status}")
    return started, time.monotonic() - started


def briefs_by_thread(slack: FakeSlackApi) -> tuple[dict[tuple[str, str], list[Any]], dict[tuple[str, str], Any]]:
    """Placeholders per (channel, thread), and the brief (an update whose blocks open with a header) of each."""
    placeholders: dict[tuple[str, str], list[Any]] = {}
    ts_to_thread: dict[str, tuple[str, str]] = {}
    for index, call in enumerate(slack.of("chat.postMessage"), start=1):
        thread = (str(call.params["channel"]), str(call.params.get("thread_ts")))
        placeholders.setdefault(thread, []).append(call)
        ts_to_thread[f"1700000000.{index:06d}"] = thread
    briefs: dict[tuple[str, str], Any] = {}
    for call in slack.of("chat.update"):
        if (call.params.get("blocks") or [{}])[0].get("type") == "header":
            thread = ts_to_thread[str(call.params["ts"])]
            if thread in briefs:
                raise RuntimeError(f"thread {thread} got two briefs")
            briefs[thread] = call
    return placeholders, briefs


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--llm-seconds", type=float, default=1.0)
    parser.add_argument("--postgres", default=os.environ.get("BRIEFBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    args = parser.parse_args()
    database = await create_postgres_database(args.postgres)
    try:
        await (await Store.open(database)).close()  # migrate once, before the processes start
        return await run(args, database)
    finally:
        await drop_postgres_database(args.postgres, database)


async def run(args: argparse.Namespace, database: str) -> int:
    events = plan(args.events)
    messages = {(e["channel"], e["ts"]) for e in events}
    links = {e["link"] for e in events}
    with FakeOpenAI(default=reply_delay(args.llm_seconds, reply_json(EMPTY_BRIEF))) as llm:
        async with running_fake_slack() as slack, FakeSite() as site:
            for link in links:
                site.route(f"/story-{link}", body=sample_page(link))
            env = bot_env(database_url=database, slack_api_url=slack.api_url, openai_base_url=llm.base_url)
            with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as sender:
                sender.submit(os.getpid).result()  # the sender process is up before the clock starts
                async with running_bots(args.processes, env) as bots:
                    urls = [bot.events_url for bot in bots]
                    loop = asyncio.get_running_loop()
                    sent = await loop.run_in_executor(sender, send_all, urls, site.url("/").rstrip("/"), events)
                    first_sent = min(started for started, _ in sent)
                    await wait_done(slack, len(messages))
                    await asyncio.sleep(1.0)  # a duplicate post would show up now
                    rss = [bot.peak_rss_mb() for bot in bots]
    return report(args, slack, llm, events, messages, links, sent, first_sent, rss)


async def wait_done(slack: FakeSlackApi, count: int) -> None:
    """Until every message has its brief (or the deadline: the report then names what is missing)."""
    calls = slack._changed  # the fake's own condition, notified on every call it records
    assert calls is not None
    async with calls:
        try:
            await asyncio.wait_for(calls.wait_for(lambda: len(briefs_by_thread(slack)[1]) >= count), DONE_WAIT_SECONDS)
        except TimeoutError:
            pass


def p95(ordered: list[float]) -> float:
    return ordered[round(0.95 * (len(ordered) - 1))]


def report(
    args: argparse.Namespace,
    slack: FakeSlackApi,
    llm: FakeOpenAI,
    events: list[dict[str, Any]],
    messages: set[tuple[str, str]],
    links: set[int],
    sent: list[tuple[float, float]],
    first_sent: float,
    rss: list[float],
) -> int:
    placeholders, briefs = briefs_by_thread(slack)
    problems = [f"{thread}: {len(posts)} placeholders" for thread, posts in placeholders.items() if len(posts) != 1]
    problems += [f"{thread}: no brief" for thread in messages if thread not in briefs]
    problems += [f"{thread}: not a pasted message" for thread in placeholders if thread not in messages]
    if len(llm.requests) != len(links):
        problems.append(f"{len(llm.requests)} LLM calls for {len(links)} unique links")
    sent_at = {(e["channel"], e["ts"]): started for e, (started, _) in zip(events, sent, strict=True) if not e["retry"]}
    to_brief = sorted(briefs[thread].at - sent_at[thread] for thread in messages if thread in briefs)
    acks = sorted(ack for _, ack in sent)
    last = max(call.at for call in briefs.values()) - first_sent if briefs else float("nan")
    retries = sum(1 for e in events if e["retry"])
    print(f"{args.processes} Slack HTTP processes, one PostgreSQL, fake LLM answering in {args.llm_seconds:g} s")
    print(f"events sent: {len(events)} ({retries} retries, {len(messages) - len(links)} duplicate pastes); "
          f"messages {len(messages)}, unique links {len(links)}, LLM calls {len(llm.requests)}")  # fmt: skip
    within = sum(a <= SLACK_ACK_LIMIT_SECONDS for a in acks)
    print(f"acks: p50 {statistics.median(acks) * 1000:.0f} ms, p95 {p95(acks) * 1000:.0f} ms, "
          f"max {acks[-1] * 1000:.0f} ms ({within}/{len(acks)} within 3 s)")  # fmt: skip
    print(f"throughput: {len(briefs) / last:.1f} briefs/s ({len(briefs)} briefs in {last:.2f} s)")
    print(f"time to brief: p50 {statistics.median(to_brief):.2f} s, p95 {p95(to_brief):.2f} s")
    print("peak RSS per process: " + ", ".join(f"{mb:.0f} MB" for mb in rss))
    for problem in problems:
        print(f"PROBLEM {problem}", file=sys.stderr)
    print("every message briefed exactly once in its thread, one LLM call per link" if not problems else
          f"{len(problems)} problem(s)")  # fmt: skip
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
