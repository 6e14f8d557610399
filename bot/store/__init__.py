"""The store: articles, briefs, conversations, preferences, seen events, activity, feedback and the jobs table.

Owns SQLAlchemy and Alembic. Knows no engine, no platform and no adapter.
"""

from bot.store import operations
from bot.store.claims import BriefClaims
from bot.store.operations import ReportRow, Usage
from bot.store.queue import Job, JobQueue
from bot.store.store import ConversationKey, Store, StoredArticle, StoredBrief, Turn
from bot.store.tables import utc_now

__all__ = [
    "BriefClaims",
    "ConversationKey",
    "Job",
    "JobQueue",
    "ReportRow",
    "Store",
    "StoredArticle",
    "StoredBrief",
    "Turn",
    "Usage",
    "operations",
    "utc_now",
]
