"""Slack latency while the LLM is slow: time to acknowledge a signed event, and to post the placeholder.

Run: python3 bench/slack_latency.py [--events 20] [--llm-seconds 30]

The real Slack app (HTTP mode, aiohttp) runs on loopback against a fake Slack Web API, a fake web site and a
fake OpenAI-compatible server that takes --llm-seconds to answer; each event carries a different link, so
every one is a fresh brief. Slack wants the ack within 3 s; we promise the "Reading ..." placeholder within 1 s.
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
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CACHE = REPO_ROOT.parent / "shared" / "tiktoken-cache"
if "TIKTOKEN_CACHE_DIR" not in os.environ and SHARED_CACHE.is_dir():  # offline machines: no download
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED_CACHE)
sys.path.insert(0, str(REPO_ROOT))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402
from slack_sdk.signature import SignatureVerifier  # noqa: E402

from bot.bootstrap import bootstrap  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.slack.app import SlackBot  # noqa: E402
from tests.fakes.openai_server import EMPTY_BRIEF, FakeOpenAI, reply_delay, reply_json  # noqa: E402
from tests.fakes.site import FakeSite  # noqa: E402
from tests.fakes.slack_api import running_fake_slack  # noqa: E402

SECRET = "bench-secret"
SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"


def page() -> str:
    paragraphs = [p for p in SAMPLE.read_text().split("\n\n")[1:] if p.strip()]
    return (
        "<html><head><title>Bench</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--llm-seconds", type=float, default=30.0)
    args = parser.parse_args()
    acks: list[float] = []
    placeholders: list[float] = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeOpenAI(default=reply_delay(args.llm_seconds, reply_json(EMPTY_BRIEF))) as llm,
    ):
        async with running_fake_slack() as slack, FakeSite() as site:
            for i in range(args.events):
                site.route(f"/story-{i}", body=page())
            settings = load_settings(
                _env_file=None, database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}",
                fetch_allow_networks="127.0.0.1/32", slack_bot_token="xoxb-bench", slack_signing_secret=SECRET,
                slack_api_url=slack.api_url, openai_base_url=llm.base_url, llm_max_retries=0,
                llm_timeout_seconds=args.llm_seconds + 5,
            )  # fmt: skip
            runtime = await bootstrap(settings, stop_grace_seconds=0.1)
            bot = SlackBot(runtime)
            await bot.start()
            runner = web.AppRunner(bot.web_app())
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
            try:
                async with aiohttp.ClientSession() as session:
                    for i in range(args.events):
                        event = {"type": "message", "channel": "C1", "user": "U1", "ts": f"1700000100.{i:06d}",
                                 "text": f"<{site.url(f'/story-{i}')}>"}  # fmt: skip
                        body = json.dumps(
                            {
                                "type": "event_callback",
                                "team_id": "T1",
                                "api_app_id": "A1",
                                "event_id": f"Ev{i}",
                                "event_time": int(time.time()),
                                "event": event,
                            }
                        )
                        stamp = str(int(time.time()))
                        headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": stamp,
                                   "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(
                                       timestamp=stamp, body=body)}  # fmt: skip
                        started = time.perf_counter()
                        async with session.post(url, data=body.encode(), headers=headers) as response:
                            await response.read()
                            if response.status != 200:
                                print(f"event {i}: HTTP {response.status}", file=sys.stderr)
                                return 1
                        acks.append((time.perf_counter() - started) * 1000)
                        await slack.wait_for("chat.postMessage", count=i + 1, wait_seconds=10)
                        placeholders.append((time.perf_counter() - started) * 1000)
            finally:
                await runner.cleanup()
                await bot.aclose()
                await runtime.aclose()
    print(f"{args.events} signed events, each a new link, LLM answering after {args.llm_seconds:g} s")
    for name, values in (("ack", acks), ("placeholder posted", placeholders)):
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(f"{name:<20} median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms   max {max(values):7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
