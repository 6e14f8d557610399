"""Pipeline time for the sample article, excluding network and LLM wait: p50 and p95 in milliseconds.

Run: python3 bench/pipeline.py [--runs 200]

Three figures, each over the same runs:
- extractive: read the local file, extract, brief with the offline engine, ground every quote;
- llm (CPU only): the same with the LLM engine against an instant fake server on loopback, so what remains is
  our prompt assembly, token counting, response parsing and grounding (plus one loopback round trip);
- service + store: `BriefService.brief` on a fresh SQLite file with --refresh, so the store writes count too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_CACHE = REPO_ROOT.parent / "shared" / "tiktoken-cache"
if "TIKTOKEN_CACHE_DIR" not in os.environ and SHARED_CACHE.is_dir():
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED_CACHE)
sys.path.insert(0, str(REPO_ROOT))

from bot.bootstrap import build_service  # noqa: E402
from bot.config import load_settings  # noqa: E402
from tests.fakes.openai_server import FakeOpenAI, reply_json  # noqa: E402

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"
WARMUP_RUNS = 5


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(runs: int, step: Callable[[], Awaitable[object]]) -> list[float]:
    for _ in range(WARMUP_RUNS):
        await step()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        await step()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def llm_reply() -> dict[str, object]:
    """Six claims citing sentences 2 to 7 (the model now cites numbers; code fills in the quotes)."""
    return {
        "headline": "Port authority accused over bridge crack",
        "summary": "A newspaper says the authority knew about a crack; its chair denies it.",
        "actors": [{"name": "Helena Varga", "role": "chair", "kind": "official"}],
        "claims": [
            {"statement": "The authority knew about the crack.", "claimant": "Coastal Ledger", "sentences": [n]}
            for n in range(2, 8)
        ],
        "denials": [],
        "open_questions": [{"question": "Who knew?", "why": "Accounts conflict."}],
    }


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    source = str(SAMPLE)
    rows: list[tuple[str, list[float]]] = []
    with tempfile.TemporaryDirectory() as tmp, FakeOpenAI(default=reply_json(llm_reply())) as fake:
        base = {"_env_file": None, "database_url": f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"}
        offline = await build_service(load_settings(**base, engine="extractive"))
        online = await build_service(load_settings(**base, openai_base_url=fake.base_url, engine="llm"))
        try:
            article = await offline.read(source)
            rows.append(("extractive", await measure(args.runs, lambda: offline.brief_article(article))))
            rows.append(("llm (CPU only)", await measure(args.runs, lambda: online.brief_article(article))))
            rows.append(
                (
                    "service + store",
                    await measure(args.runs, lambda: offline.brief(source, allow_local=True, refresh=True)),
                )
            )
        finally:
            await offline.aclose()
            await online.aclose()
    print(f"sample article: {SAMPLE.name}, {len(SAMPLE.read_text().split())} words, {args.runs} runs each")
    print(f"{'pipeline':<18}{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}")
    for name, timings in rows:
        p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
        print(f"{name:<18}{p50:>9.2f}{p95:>9.2f}{statistics.fmean(timings):>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
