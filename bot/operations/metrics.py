"""Prometheus metrics of one bot process: briefs and follow-ups by outcome, errors by kind, cache hits,
tokens by engine and model, stage latencies, and the job queue's depth and oldest job age.

Each service has its own registry (two services in one test process must not share counters). Serving the
text is the adapters' business (aiohttp); this module only renders it.
"""

from __future__ import annotations

from datetime import datetime

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.store import Store, operations, utc_now

STAGES = ("fetch", "extract", "engine", "grounding", "post")
# Seconds: a cached brief takes milliseconds, a long article through an LLM can take a minute or more.
STAGE_BUCKETS_SECONDS = (0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self, store: Store) -> None:
        self._store = store
        self.registry = CollectorRegistry(auto_describe=True)
        self.briefs = Counter("briefbot_briefs", "Briefs asked for, by outcome (ok, cached, error kind).",
                              ["outcome"], registry=self.registry)  # fmt: skip
        self.followups = Counter("briefbot_followups", "Follow-up questions, by outcome.", ["outcome"],
                                 registry=self.registry)  # fmt: skip
        self.errors = Counter("briefbot_errors", "Errors by kind.", ["kind"], registry=self.registry)
        self.feedback = Counter("briefbot_feedback", "Feedback on briefs, by vote.", ["vote"],
                                registry=self.registry)  # fmt: skip
        self.cache_hits = Counter("briefbot_cache_hits", "Briefs served from the cache.", registry=self.registry)
        self.tokens = Counter("briefbot_tokens", "LLM tokens by engine, model and direction.",
                              ["engine", "model", "direction"], registry=self.registry)  # fmt: skip
        self.stage_seconds = Histogram("briefbot_stage_seconds", "Time spent per stage.", ["stage"],
                                       buckets=STAGE_BUCKETS_SECONDS, registry=self.registry)  # fmt: skip
        self.queue_depth = Gauge("briefbot_queue_depth", "Jobs waiting or running.", registry=self.registry)
        self.queue_oldest = Gauge("briefbot_queue_oldest_job_age_seconds",
                                  "Age of the oldest waiting or running job.", registry=self.registry)  # fmt: skip

    def observe_stage(self, stage: str, seconds: float) -> None:
        self.stage_seconds.labels(stage=stage).observe(seconds)

    async def render(self) -> bytes:
        """The exposition text; the queue gauges are read from the store at scrape time (all processes)."""
        depth, oldest = await operations.queue_backlog(self._store)
        self.queue_depth.set(depth)
        self.queue_oldest.set(_age_seconds(oldest))
        return generate_latest(self.registry)


def _age_seconds(moment: datetime | None) -> float:
    return 0.0 if moment is None else max(0.0, (utc_now() - moment).total_seconds())
