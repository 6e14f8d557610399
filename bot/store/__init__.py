"""The store: articles, briefs, conversations, preferences, seen events and the jobs table, with migrations.

Owns SQLAlchemy and Alembic. Knows no engine, no platform and no adapter.
"""

from bot.store.claims import BriefClaims
from bot.store.queue import Job, JobQueue
from bot.store.store import ConversationKey, Store, StoredArticle, StoredBrief, Turn
from bot.store.tables import utc_now

__all__ = [
    "BriefClaims",
    "ConversationKey",
    "Job",
    "JobQueue",
    "Store",
    "StoredArticle",
    "StoredBrief",
    "Turn",
    "utc_now",
]
