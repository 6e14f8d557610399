"""Hostile input: how long each crafted page takes to extract and to brief offline, and /healthz meanwhile.

Run: python3 bench/hostile.py [--deadline 20] [--max-words 50000] [--skip-slack]

Each input is written to a temporary file and goes through
- extraction alone (`extract_article_sync` in the CPU pool, so a runaway input is cut at --deadline), and
- the whole offline pipeline (`BriefService.brief`, engine extractive: read, extract, gate, word cap, the
  offline engine, grounding; every CPU step in the pool under --deadline, exactly as the bot runs it).
Then the real Slack app (HTTP mode, loopback, fake Slack API and site) is asked to brief the slowest crafted
page while /healthz is polled every 50 ms: the latency figures are what a load balancer's health check sees.
Prints figures and exits 0; it is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CACHE = REPO_ROOT.parent / "shared" / "tiktoken-cache"
if "TIKTOKEN_CACHE_DIR" not in os.environ and SHARED_CACHE.is_dir():  # offline machines: no download
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED_CACHE)
sys.path.insert(0, str(REPO_ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from slack_sdk.signature import SignatureVerifier  # noqa: E402

from bot.bootstrap import bootstrap, build_service  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.cpu import CpuPool  # noqa: E402
from bot.errors import BotError  # noqa: E402
from bot.extraction import extract_article_sync  # noqa: E402
from bot.slack.app import SlackBot  # noqa: E402
from tests.fakes.site import FakeSite  # noqa: E402
from tests.fakes.slack_api import Call, FakeSlackApi, running_fake_slack  # noqa: E402

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"
SECRET = "bench-secret"
HEALTH_POLL_SECONDS = 0.05
FIVE_MB = 4_900_000  # just under the default fetch cap of 5,000,000 bytes
CAPITAL_TOKEN = "40 KB capitalised token"
PROSE = "The council said on Tuesday that the harbour bridge would close for repairs next month. " * 8


@dataclass
class Input:
    name: str
    filename: str
    content: bytes


def _html(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html lang='en'><head><title>Bench page</title>{head}</head><body>{body}</body></html>"


def _article_body() -> str:
    paragraphs = [p for p in SAMPLE.read_text().split("\n\n")[1:] if p.strip()]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _five_mb_article() -> str:
    """A real-looking article: the sample's paragraphs, numbered so no two are the same, to ~4.9 MB."""
    paragraphs = [p for p in SAMPLE.read_text().split("\n\n")[1:] if p.strip()]
    parts, size, i = [], 0, 0
    while size < FIVE_MB - 200:
        text = f"<p>{paragraphs[i % len(paragraphs)]} (Update {i}.)</p>"
        parts.append(text)
        size += len(text.encode())
        i += 1
    return _html("<article>" + "".join(parts) + "</article>")[:FIVE_MB]


def inputs() -> list[Input]:
    text = "Crafted story\n\n"
    return [
        Input("40 KB of 'Mr. '", "mr.txt", (text + "Mr. " * 10_000).encode()),
        Input("50 KB of nested quotes", "quotes.txt", (text + '"He said, "she said, "they said ' * 1_600).encode()),
        Input("50 KB of comma lists", "commas.txt", (text + "Smith, Jones, Brown, " * 2_500).encode()),
        Input("60 KB of capitalised words", "caps.txt", (text + "Alpha Beta Gamma Delta " * 2_600).encode()),
        # One 40 KB capitalised token: a name pattern backtracks over it inside one C call that holds the GIL.
        Input(CAPITAL_TOKEN, "token.txt", (text + PROSE + " " + "A" * 40_000 + ".").encode()),
        Input("100 KB heading of '#'", "hashes.md", ("# Title " + "#" * 100_000 + "x\n\n" + "word " * 200).encode()),
        Input("100 KB of markdown headings", "headings.md", ("## Section heading\n\n" * 5_000).encode()),
        Input("400 KB unclosed <noscript>", "noscript.html", _html("<noscript>" * 40_000).encode()),
        Input("500 KB unclosed <div", "divs.html", _html("<div " * 100_000).encode()),
        Input("300 KB unclosed <p>", "paras.html", _html("<p>word " * 40_000).encode()),
        Input(
            "JSON-LD nested 100k deep",
            "deep.html",
            _html(
                _article_body(),
                head=('<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"),
            ).encode(),
        ),
        Input(
            "800 KB of <meta> tags",
            "meta.html",
            _html(_article_body(), head=('<meta name="description" content="A story">' * 18_000)).encode(),
        ),
        Input("1 MB of random bytes", "noise.txt", os.urandom(1_000_000)),
        Input("4.9 MB real-looking article", "big.html", _five_mb_article().encode()),
    ]


async def timed(call: Callable[[], object]) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        outcome = await call()  # type: ignore[misc]
    except BotError as exc:
        return time.perf_counter() - started, f"{exc.kind}: {exc.user_message}"
    return time.perf_counter() - started, describe(outcome)


def describe(outcome: object) -> str:
    gate = getattr(outcome, "gate", None)
    if gate is not None:
        return f"{gate}, {getattr(outcome, 'word_count', 0):,} words"
    brief = getattr(outcome, "brief", None)
    if brief is not None:
        return (f"brief: {len(brief.actors)} actors, {len(brief.claims)} claims, "
                f"{len(brief.denials)} denials")  # fmt: skip
    return type(outcome).__name__


async def run_inputs(tmp: Path, *, deadline: float, max_words: int) -> list[tuple[str, float, str, float, str]]:
    settings = load_settings(
        _env_file=None, database_url=f"sqlite+aiosqlite:///{tmp / 'bench.db'}", engine="extractive",
        cpu_deadline_seconds=deadline, max_article_words=max_words,
    )  # fmt: skip
    service = await build_service(settings)
    pool = CpuPool(workers=settings.cpu_workers, deadline_seconds=deadline)
    await asyncio.gather(pool.warm(), service.cpu.warm())
    rows = []
    try:
        for item in inputs():
            path = tmp / item.filename
            path.write_bytes(item.content)
            text = item.content.decode("utf-8", errors="replace")
            kind = "text/html" if item.filename.endswith(".html") else "text/plain"
            extract_s, extracted = await timed(
                lambda t=text, k=kind, n=item.filename: pool.run(extract_article_sync, t, source=n, content_type=k)
            )
            brief_s, briefed = await timed(
                lambda p=str(path): service.brief(p, engine="extractive", refresh=True, allow_local=True)
            )
            rows.append((item.name, extract_s, extracted, brief_s, briefed))
            print(f"{item.name:<30} extract {extract_s:7.2f} s  {extracted[:60]:<60}  "
                  f"brief {brief_s:7.2f} s  {briefed[:90]}", flush=True)  # fmt: skip
    finally:
        pool.close()
        await service.aclose()
    return rows


async def health_while_briefing(
    tmp: Path, *, deadline: float, page: Input, engine_in_thread: bool
) -> tuple[list[float], str, float]:
    """The real Slack app in HTTP mode briefs ``page`` while /healthz is polled; latencies in ms.

    ``engine_in_thread`` runs the offline engine in a thread, as before the CPU pool, for comparison."""
    async with running_fake_slack() as slack, FakeSite() as site:
        site.route("/crafted", body=page.content, content_type="text/plain; charset=utf-8")
        settings = load_settings(
            _env_file=None, database_url=f"sqlite+aiosqlite:///{tmp / 'slack.db'}", engine="extractive",
            fetch_allow_networks="127.0.0.1/32", slack_bot_token="xoxb-bench", slack_signing_secret=SECRET,
            slack_api_url=slack.api_url, cpu_deadline_seconds=deadline,
        )  # fmt: skip
        runtime = await bootstrap(settings, stop_grace_seconds=0.1)
        service = runtime.service
        await service.cpu.warm()
        if engine_in_thread:
            service.engines.cpu = None
        bot = SlackBot(runtime)
        await bot.start()
        runner = web.AppRunner(bot.web_app())
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        latencies: list[float] = []
        try:
            async with aiohttp.ClientSession() as session:
                event = {"type": "message", "channel": "C1", "user": "U1", "ts": "1700000200.000001",
                         "text": f"<{site.url('/crafted')}>"}  # fmt: skip
                body = json.dumps(
                    {
                        "type": "event_callback",
                        "team_id": "T1",
                        "api_app_id": "A1",
                        "event_id": "EvHostile",
                        "event_time": int(time.time()),
                        "event": event,
                    }
                )
                stamp = str(int(time.time()))
                headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                           "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(
                               timestamp=stamp, body=body)}  # fmt: skip
                started = time.perf_counter()
                async with session.post(f"{base}/slack/events", data=body.encode(), headers=headers) as response:
                    await response.read()
                done = asyncio.create_task(_final_update(slack, wait_seconds=deadline * 4 + 30))
                last = time.perf_counter()
                while not done.done():
                    await asyncio.sleep(HEALTH_POLL_SECONDS)
                    async with session.get(f"{base}/healthz") as response:
                        await response.read()
                    now = time.perf_counter()
                    # The gap since the last answer less the pause: a stall that starts mid-pause counts too.
                    latencies.append((now - last - HEALTH_POLL_SECONDS) * 1000)
                    last = now
                final = await done
                elapsed = time.perf_counter() - started
                text = final.params.get("text", "") if final else "(no reply)"
        finally:
            await runner.cleanup()
            await bot.aclose()
            await runtime.aclose()
    return latencies, text, elapsed


async def _final_update(slack: FakeSlackApi, *, wait_seconds: float) -> Call | None:
    """The update that replaces the placeholder with the brief (stage edits before it carry no blocks)."""
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        final = [call for call in slack.of("chat.update") if "blocks" in call.params]
        if final:
            return final[0]
        await asyncio.sleep(0.05)
    return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--deadline", type=float, default=20.0, help="BRIEFBOT_CPU_DEADLINE_SECONDS")
    parser.add_argument("--max-words", type=int, default=50_000, help="BRIEFBOT_MAX_ARTICLE_WORDS")
    parser.add_argument("--skip-slack", action="store_true", help="only the per-input table")
    parser.add_argument("--only-slack", action="store_true", help="only /healthz while a crafted page is briefed")
    parser.add_argument("--slack-page", default=CAPITAL_TOKEN, help="the input the Slack app briefs (its name)")
    parser.add_argument(
        "--engine-in-thread",
        action="store_true",
        help="/healthz with the offline engine in a thread (before the CPU pool), for comparison",
    )
    args = parser.parse_args()
    print(f"CPU deadline {args.deadline:g} s, word cap {args.max_words:,}, {os.cpu_count()} cores\n", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        page = next(item for item in inputs() if item.name == args.slack_page)
        if not args.only_slack:
            rows = await run_inputs(Path(tmp), deadline=args.deadline, max_words=args.max_words)
            print("\n| input | extraction s | what extraction found | full offline brief s | outcome |")
            print("|---|---|---|---|---|")
            for name, extract_s, extracted, brief_s, briefed in rows:
                print(f"| {name} | {extract_s:.2f} | {extracted} | {brief_s:.2f} | {briefed} |")
        if not args.skip_slack:
            latencies, reply, elapsed = await health_while_briefing(
                Path(tmp), deadline=args.deadline, page=page, engine_in_thread=args.engine_in_thread
            )
            where = "a thread (no deadline)" if args.engine_in_thread else "the CPU pool"
            print(f"\n/healthz while the Slack app briefs '{page.name}', engine in {where} "
                  f"({len(latencies)} polls over {elapsed:.1f} s): median {statistics.median(latencies):.1f} ms, "
                  f"p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms")  # fmt: skip
            print(f"the user was told: {reply}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
