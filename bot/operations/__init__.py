"""Running the bot for a team: settings per workspace and channel, quotas, feedback, the report, metrics.

Core: knows no platform and never imports aiohttp (adapters serve the metrics text). Owns prometheus_client.
"""

from bot.operations.metrics import CONTENT_TYPE as METRICS_CONTENT_TYPE
from bot.operations.metrics import Metrics
from bot.operations.quotas import QuotaExceededError, Quotas, Requester, Work
from bot.operations.settings import (
    REPLY_MODES,
    SPECS,
    InForce,
    ReplyMode,
    SettingRefusedError,
    TeamSettings,
    allowed_models,
)
from bot.operations.team import Activity, DomainRefusedError, Team, is_settings_change

__all__ = [
    "METRICS_CONTENT_TYPE",
    "REPLY_MODES",
    "SPECS",
    "Activity",
    "DomainRefusedError",
    "InForce",
    "Metrics",
    "QuotaExceededError",
    "Quotas",
    "ReplyMode",
    "Requester",
    "SettingRefusedError",
    "Team",
    "TeamSettings",
    "Work",
    "allowed_models",
    "is_settings_change",
]
