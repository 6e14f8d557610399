"""Load bench: N Slack HTTP-mode processes share PostgreSQL; 300 signed link events, a third retries or duplicates.

Run: python3 bench/load.py [--processes 2] [--events 300] [--llm-seconds 1] [--postgres URL]

Each process is a real `python -m bot slack --http --port P` subprocess; the fakes run here: the Slack Web API,
the news site, and an OpenAI-compatible server answering after --llm-seconds. A fresh database is made on the
--postgres server (default $BRIEFBOT_TEST_POSTGRES_URL) and dropped afterwards. Events go round robin to the
processes, as a load balancer would send them, all at once. Of every three events two paste a new link; the
third is either Slack's retry of an earlier event (same event id, sent to another process) or the same link
pasted in another channel. The bench checks that every pasted message gets exactly one placeholder and one
brief, in its own thread, and that the LLM is asked once per unique link; then prints acks (Slack wants them
within 3 s), throughput, p50/p95 time to brief, and each process's peak RSS. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CACHE = REPO_ROOT.parent / "shared" / "tiktoken-cache"
if "TIKTOKEN_CACHE_DIR" not in os.environ and SHARED_CACHE.is_dir():  # offline machines: no download
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED_CACHE)
sys.path.insert(0, str(REPO_ROOT))

import aiohttp  # noqa: E402
from slack_sdk.signature import SignatureVerifier  # noqa: E402

from bot.store import Store  # noqa: E402
from tests.fakes.openai_server import EMPTY_BRIEF, FakeOpenAI, reply_delay, reply_json  # noqa: E402
from tests.fakes.site import FakeSite  # noqa: E402
from tests.fakes.slack_api import FakeSlackApi, running_fake_slack  # noqa: E402
from tests.fakes.store_worker import create_postgres_database, drop_postgres_database  # noqa: E402

SECRET = "bench-secret"
SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
READY_WAIT_SECONDS = 60.0
DONE_WAIT_SECONDS = 300.0
SLACK_ACK_LIMIT_SECONDS = 3.0


def page(index: int) -> str:
    paragraphs = [p for p in SAMPLE.read_text().split("\n\n")[1:] if p.strip()]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>Story {index}</title></head><body><article>{body}</article></body></html>"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


async def deliver(
    session: aiohttp.ClientSession, url: str, item: dict[str, Any], site: FakeSite
) -> tuple[float, float]:
    """Send one signed event; (when it was sent, seconds to the ack)."""
    link = site.url(f"/story-{item['link']}")
    event = {"type": "message", "channel": item["channel"], "user": "U1", "ts": item["ts"], "text": f"<{link}>"}
    body = json.dumps({"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": item["event_id"],
                       "event_time": int(time.time()), "event": event})  # fmt: skip
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body) or ""
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}
    if item["retry"]:
        headers |= {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    started = time.monotonic()
    async with session.post(url, data=body.encode(), headers=headers) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"{item['event_id']}: HTTP {response.status}")
    return started, time.monotonic() - started


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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
                site.route(f"/story-{link}", body=page(link))
            env = {**os.environ, "DATABASE_URL": database, "SLACK_BOT_TOKEN": "xoxb-bench",
                   "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url, "OPENAI_BASE_URL": llm.base_url,
                   "OPENAI_API_KEY": "bench", "BRIEFBOT_FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
                   "BRIEFBOT_LLM_MAX_RETRIES": "0", "BRIEFBOT_LOG_LEVEL": "WARNING"}  # fmt: skip
            ports = [free_port() for _ in range(args.processes)]
            processes = [
                await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", "slack", "--http", "--port", str(port), env=env, cwd=REPO_ROOT
                )
                for port in ports
            ]
            try:
                async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
                    await wait_ready(session, ports)
                    urls = [f"http://127.0.0.1:{port}/slack/events" for port in ports]
                    sent = await asyncio.gather(
                        *(deliver(session, urls[n % len(urls)], item, site) for n, item in enumerate(events))
                    )
                    first_sent = min(started for started, _ in sent)
                    await wait_done(slack, len(messages))
                    await asyncio.sleep(1.0)  # a duplicate post would show up now
                rss = [peak_rss_mb(process.pid) for process in processes]
            finally:
                for process in processes:
                    process.terminate()
                await asyncio.gather(*(process.wait() for process in processes))
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


async def wait_ready(session: aiohttp.ClientSession, ports: list[int]) -> None:
    deadline = time.monotonic() + READY_WAIT_SECONDS
    for port in ports:
        while True:
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        break
            except aiohttp.ClientConnectionError:
                if time.monotonic() > deadline:
                    raise
            await asyncio.sleep(0.1)


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
