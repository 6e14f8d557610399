"""Discord latency while the LLM is slow: time from an INTERACTION_CREATE on the gateway to the deferral.

Run: python3 bench/discord_latency.py [--interactions 20] [--llm-seconds 30] [--burst] [--briefs]

Issue 14's row: python3 bench/discord_latency.py --burst --briefs --interactions 30 --llm-seconds 2

The bot is one real ``python -m bot discord`` process, as in production (the real discord.py client, pointed
at the fakes by DISCORD_API_BASE and DISCORD_GATEWAY_URL); this process plays a fake Discord REST API and
gateway, a fake web site and a fake OpenAI-compatible server that takes --llm-seconds to answer, so their CPU
is not billed to the bot's event loop. Each `/brief url:` interaction carries a different link, so every one is
a fresh brief whose LLM call is still in flight when the next arrives (--burst sends them all back to back
instead). One brief before them warms the process up, as the Slack bench does. We time dispatch to the fake
REST API receiving the type-5 callback (deferred, "thinking"); Discord drops an interaction not acknowledged
within 3 s. The bench stops after the last deferral instead of waiting out the
LLM; the bot process is then stopped with SIGTERM and releases those unfinished briefs within its stop grace
("interrupted by shutdown" on stderr). With --briefs it waits for every brief (the follow-up on the
interaction's webhook) and prints the last one's time over L. The bot's main-process CPU (every thread of it,
not its CPU pool) is printed per interaction: up to the end of the measurement, and with --briefs up to the last
brief.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import statistics
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

from bot.config import Settings  # noqa: E402
from bot.store import Store  # noqa: E402
from tests.fakes.bot_processes import cpu_seconds, discord_env, running_discord_bot  # noqa: E402
from tests.fakes.discord_api import APP_ID, FakeDiscord  # noqa: E402
from tests.fakes.openai_server import EMPTY_BRIEF, FakeOpenAI, reply_delay, reply_json  # noqa: E402
from tests.fakes.site import FakeSite  # noqa: E402

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"
DEFERRED_CHANNEL_MESSAGE = 5  # interaction callback type: "thinking…", answered later by follow-ups
DISCORD_ACK_LIMIT_MS = 3000.0
DEFERRAL_WAIT_SECONDS = 10.0
LLM_TIMEOUT_MARGIN_SECONDS = 5.0
LLM_START_WAIT_SECONDS = 20.0
POLL_SECONDS = 0.02


def page(index: int) -> str:
    """A distinct article per link, so no brief is served from the cache of an earlier one."""
    paragraphs = [p for p in SAMPLE.read_text().split("\n\n")[1:] if p.strip()]
    title = html.escape(f"Bench story {index}")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>"


def summary_line(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{name:<20} median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms   max {max(values):7.1f} ms"


async def llm_calls_started(llm: FakeOpenAI, *, count: int) -> None:
    """Pace the next interaction until this brief reached the slow LLM call (or every worker slot is busy)."""
    async with asyncio.timeout(LLM_START_WAIT_SECONDS):
        while len(llm.requests) < count:  # noqa: ASYNC110 (the fake LLM runs in a thread: no event to await)
            await asyncio.sleep(POLL_SECONDS)


async def deferral_ms(fake: FakeDiscord, slash: dict[str, Any], *, index: int) -> float:
    """Dispatch-to-callback time from the fake's own stamps, once the callback is known to be a deferral."""
    (callback,) = await fake.wait_for("POST", f"/interactions/{slash['id']}/", within_seconds=DEFERRAL_WAIT_SECONDS)
    if callback.body.get("type") != DEFERRED_CHANNEL_MESSAGE:
        raise RuntimeError(f"interaction {index}: callback type {callback.body.get('type')}, not a deferral")
    return (callback.at - fake.event_times[slash["id"]]) * 1000


async def measure_paced(
    fake: FakeDiscord, site: FakeSite, llm: FakeOpenAI, *, interactions: int, slots: int
) -> list[float]:
    """One /brief at a time, each arriving while the earlier ones wait on the LLM."""
    earlier = len(llm.requests)
    latencies: list[float] = []
    for i in range(interactions):
        slash = fake.slash("brief", url=site.url(f"/story-{i}"))
        await fake.dispatch("INTERACTION_CREATE", slash)
        latencies.append(await deferral_ms(fake, slash, index=i))
        await llm_calls_started(llm, count=earlier + min(i + 1, slots))
    return latencies


async def measure_burst(
    fake: FakeDiscord, site: FakeSite, llm: FakeOpenAI, *, interactions: int, slots: int
) -> list[float]:
    """Every /brief back to back on the gateway, as when a busy server pastes at once."""
    earlier = len(llm.requests)
    slashes = [fake.slash("brief", url=site.url(f"/story-{i}")) for i in range(interactions)]
    for slash in slashes:
        await fake.dispatch("INTERACTION_CREATE", slash)
    latencies = await asyncio.gather(*(deferral_ms(fake, s, index=i) for i, s in enumerate(slashes)))
    await llm_calls_started(llm, count=earlier + min(interactions, slots))  # stop with every slot on the LLM
    return list(latencies)


async def warm_up(fake: FakeDiscord, site: FakeSite, *, llm_seconds: float) -> float:
    """One brief before the measured ones, returning its seconds: the first brief of a process also pays for lazy
    imports, the tokenizer's load and the first connections; the issue's figures are a running bot's."""
    slash = fake.slash("brief", url=site.url("/warm-up"))
    await fake.dispatch("INTERACTION_CREATE", slash)
    within_seconds = llm_seconds * 10 + DEFERRAL_WAIT_SECONDS
    (followup,) = await fake.wait_for("POST", f"/webhooks/{APP_ID}/{slash['token']}", within_seconds=within_seconds)
    return followup.at - fake.event_times.pop(slash["id"])


async def last_brief_seconds(fake: FakeDiscord, interactions: int, *, llm_seconds: float) -> float:
    """Seconds from the first measured dispatch to the last brief posted on an interaction's webhook."""
    within_seconds = llm_seconds * 10 + DEFERRAL_WAIT_SECONDS
    followups = await fake.wait_for("POST", "/webhooks/", count=interactions + 1, within_seconds=within_seconds)
    return max(call.at for call in followups[1:]) - min(fake.event_times.values())  # [0]: the warm-up's


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interactions", type=int, default=20)
    parser.add_argument("--llm-seconds", type=float, default=30.0)
    parser.add_argument("--burst", action="store_true", help="dispatch all at once instead of one at a time")
    parser.add_argument("--briefs", action="store_true", help="wait for every brief and time the last one")
    args = parser.parse_args()
    if args.interactions < 1:
        parser.error("--interactions must be at least 1")
    slots = Settings.model_fields["worker_concurrency"].default  # set explicitly: a .env must not change it
    with (
        tempfile.TemporaryDirectory() as tmp,
        FakeOpenAI(default=reply_delay(args.llm_seconds, reply_json(EMPTY_BRIEF))) as llm,
    ):
        database = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await (await Store.open(database)).close()  # migrated before the bot starts, as a deploy step would
        async with FakeDiscord() as fake, FakeSite() as site:
            for i in range(args.interactions):
                site.route(f"/story-{i}", body=page(i))
            site.route("/warm-up", body=page(-1))
            llm_timeout = args.llm_seconds + LLM_TIMEOUT_MARGIN_SECONDS
            env = discord_env(database_url=database, discord=fake, openai_base_url=llm.base_url,
                              BRIEFBOT_ENGINE="llm", BRIEFBOT_WORKER_CONCURRENCY=str(slots),
                              BRIEFBOT_LLM_TIMEOUT_SECONDS=str(llm_timeout))  # fmt: skip
            async with running_discord_bot(env, fake) as bot:
                cold = await warm_up(fake, site, llm_seconds=args.llm_seconds)
                warm_calls = len(llm.requests)
                cpu_before = cpu_seconds(bot.pid)
                started = time.perf_counter()
                measure = measure_burst if args.burst else measure_paced
                deferrals = await measure(fake, site, llm, interactions=args.interactions, slots=slots)
                elapsed_seconds = time.perf_counter() - started
                measured_cpu = cpu_seconds(bot.pid) - cpu_before
                in_flight = len(llm.requests) - warm_calls
                last_brief = await last_brief_seconds(fake, args.interactions, llm_seconds=args.llm_seconds) if (
                    args.briefs) else None  # fmt: skip
                briefs_cpu = cpu_seconds(bot.pid) - cpu_before
    mode = "back to back" if args.burst else "one at a time"
    print(f"{args.interactions} /brief interactions {mode}, each a new link, "
          f"LLM answering after {args.llm_seconds:g} s; one brief before them (the process's first, cold): "
          f"{cold / args.llm_seconds:.2f} L")  # fmt: skip
    answered = "none" if elapsed_seconds < args.llm_seconds else "some"
    print(f"LLM calls started by the end: {in_flight} (worker slots: {slots}); "
          f"{answered} answered during the {elapsed_seconds:.1f} s run")  # fmt: skip
    print(summary_line("deferral (type 5)", deferrals))
    worst = max(deferrals)
    verdict = "within" if worst < DISCORD_ACK_LIMIT_MS else "OVER"
    print(f"worst deferral {worst:.1f} ms: {verdict} Discord's {DISCORD_ACK_LIMIT_MS / 1000:g} s limit")
    if last_brief is not None:
        print(f"last brief / L {last_brief / args.llm_seconds:.2f} ({last_brief:.2f} s after the first dispatch)")
    per_interaction_ms = measured_cpu / args.interactions * 1000
    with_briefs = f", {briefs_cpu / args.interactions * 1000:.0f} ms with the briefs posted" if args.briefs else ""
    print(f"CPU of the bot's main process: {per_interaction_ms:.0f} ms an interaction up to the end of the "
          f"measurement ({in_flight} LLM calls started){with_briefs}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
