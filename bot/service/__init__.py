"""The use cases adapters call: brief a link, answer a follow-up, enqueue either, read and set preferences.

Knows no platform: never imports slack_bolt, discord, rich or an adapter.
"""

from bot.service.briefs import BriefService, build_service, read_article
from bot.service.evaluation import THRESHOLDS, EvalReport, evaluate, render_table, shortfalls

__all__ = [
    "THRESHOLDS",
    "BriefService",
    "EvalReport",
    "build_service",
    "evaluate",
    "read_article",
    "render_table",
    "shortfalls",
]
