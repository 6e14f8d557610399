"""The use cases adapters call: brief a link, answer a follow-up, enqueue either, read and set preferences.

Knows no platform: never imports slack_bolt, discord, rich or an adapter. Adapters import only these names.
"""

from bot.service.briefs import BriefService, cpu_pool, read_article
from bot.service.evaluation import THRESHOLDS, EvalReport, evaluate, render_table, shortfalls
from bot.service.links import LinkSelection, is_briefable, left_out_note, select_links
from bot.service.payloads import (
    QUESTION_LIMIT_CHARS,
    BriefJob,
    Conversation,
    NoticeJob,
    Place,
    Platform,
    QuestionJob,
    Route,
    job_kind,
)
from bot.service.preferences import REPLY_MODES, Preferences, ReplyMode
from bot.service.references import GENERIC_FAILURE_TEXT, log_unexpected, new_reference
from bot.store import ConversationKey, Job

__all__ = [
    "GENERIC_FAILURE_TEXT",
    "THRESHOLDS",
    "EvalReport",
    "evaluate",
    "render_table",
    "shortfalls",
    "QUESTION_LIMIT_CHARS",
    "REPLY_MODES",
    "BriefJob",
    "BriefService",
    "Conversation",
    "ConversationKey",
    "Job",
    "LinkSelection",
    "NoticeJob",
    "Place",
    "Platform",
    "Preferences",
    "QuestionJob",
    "ReplyMode",
    "Route",
    "is_briefable",
    "job_kind",
    "left_out_note",
    "log_unexpected",
    "new_reference",
    "cpu_pool",
    "read_article",
    "select_links",
]
