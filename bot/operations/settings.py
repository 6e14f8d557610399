"""Team settings per workspace (Slack team, Discord guild) and per channel, changed from chat, kept in the store.

A channel's value wins over its workspace's, which wins over the operator's default from the environment.
Reads go through a cache of a few seconds, so several processes sharing the database agree within seconds
without a query per message. Knows no platform; the adapters check who may change what.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from bot.config import Settings
from bot.errors import InputError
from bot.store import Store, operations

log = logging.getLogger(__name__)

ReplyMode = Literal["mention", "all"]
REPLY_MODES: tuple[str, ...] = get_args(ReplyMode)
Scope = Literal["channel", "workspace"]
Source = Literal["channel", "workspace", "default"]
ARTICLE_LANGUAGE = "article"  # brief in the article's own language
UNLIMITED = 0
# Slack has always briefed links pasted where the bot was invited; Discord needs the privileged intent,
# so there it starts off.
PLATFORM_DEFAULTS = {"slack": {"auto_brief": "on"}}
MAX_DOMAINS = 50
_LANGUAGE = re.compile(r"^[A-Za-z][A-Za-z \-()]{1,39}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})*$")  # a host name or an IPv4 address


class SettingRefusedError(InputError):
    """Raised when a settings command names an unknown setting or a value it cannot take."""

    kind = "setting_refused"
    default_message = "I can't set that. Try `settings show` for what can be set."


@dataclass(frozen=True)
class Spec:
    """One setting: its name in chat, how a typed value is checked and spelled, and who may hold it."""

    key: str
    help: str
    parse: Callable[[str, Settings], str]
    workspace_only: bool = False


def _on_off(value: str, _: Settings) -> str:
    word = value.lower()
    if word not in ("on", "off"):
        raise SettingRefusedError(value, user_message="Use `on` or `off`.")
    return word


def _reply_mode(value: str, _: Settings) -> str:
    word = {"every": "all", "mentions": "mention"}.get(value.lower(), value.lower())
    if word not in REPLY_MODES:
        raise SettingRefusedError(value, user_message="Use `all` (every reply) or `mention` (mentions only).")
    return word


def _language(value: str, _: Settings) -> str:
    if value.lower() in (ARTICLE_LANGUAGE, "original", "auto"):
        return ARTICLE_LANGUAGE
    if not _LANGUAGE.match(value):
        raise SettingRefusedError(value, user_message="Name a language in words (e.g. `German`), or `article`.")
    return value.strip().title()


def _domains(value: str, _: Settings) -> str:
    if value.lower() in ("none", "-"):
        return ""
    names = [part.strip().lower().removeprefix("www.") for part in re.split(r"[,\s]+", value) if part.strip()]
    bad = [name for name in names if not _DOMAIN.match(name)]
    if bad or len(names) > MAX_DOMAINS:
        raise SettingRefusedError(value, user_message=f"Give up to {MAX_DOMAINS} domains like `example.com`, "
                                  "separated by commas, or `none`.")  # fmt: skip
    return ",".join(dict.fromkeys(names))


def _engine(value: str, settings: Settings) -> str:
    word = value.lower()
    if word not in ("auto", "llm", "extractive"):
        raise SettingRefusedError(value, user_message="Use `auto`, `llm` or `extractive`.")
    if word == "llm" and not settings.llm_configured:
        raise SettingRefusedError(value, user_message="No LLM is configured for this bot, so only `extractive` "
                                  "(the offline engine) or `auto` can be chosen.")  # fmt: skip
    return word


def _model(value: str, settings: Settings) -> str:
    allowed = allowed_models(settings)
    if value not in allowed:
        raise SettingRefusedError(
            value, user_message=f"That model is not allowed here. The operator allows: {', '.join(allowed)}."
        )
    return value


def _count(value: str, _: Settings) -> str:
    if value.lower() in ("unlimited", "none", "off"):
        return str(UNLIMITED)
    if not value.isdigit() or int(value) > 10**9:
        raise SettingRefusedError(value, user_message="Use a whole number, or `unlimited`.")
    return str(int(value))


SPECS: dict[str, Spec] = {spec.key: spec for spec in (
    Spec("auto_brief", "brief every link pasted (on/off)", _on_off),
    Spec("reply_mode", "follow-ups: `all` replies in a brief's thread, or `mention` only", _reply_mode),
    Spec("language", "the brief's language: `article` (its own) or a language, e.g. `German`", _language),
    Spec("allowed_domains", "only brief links to these domains (comma-separated, `none` for any)", _domains),
    Spec("blocked_domains", "never brief links to these domains (comma-separated, `none`)", _domains),
    Spec("engine", "`auto`, `llm` or `extractive` (offline)", _engine),
    Spec("model", "the LLM model, from the operator's allowed list", _model),
    Spec("briefs_per_user_hour", "briefs one person may ask for per hour (`unlimited`)", _count),
    Spec("briefs_per_channel_hour", "briefs per channel per hour (`unlimited`)", _count),
    Spec("questions_per_user_hour", "follow-ups one person may ask per hour (`unlimited`)", _count),
    Spec("questions_per_channel_hour", "follow-ups per channel per hour (`unlimited`)", _count),
    Spec("tokens_per_day", "LLM tokens per workspace per UTC day (`unlimited`)", _count, workspace_only=True),
)}  # fmt: skip


def allowed_models(settings: Settings) -> list[str]:
    """The operator's list; the configured model is always allowed."""
    return list(dict.fromkeys([settings.model, *settings.allowed_models]))


def defaults(settings: Settings) -> dict[str, str]:
    """What the operator's environment sets for every setting no workspace or channel has changed."""
    return {
        "auto_brief": "off",
        "reply_mode": settings.slack_reply_mode,
        "language": settings.brief_language,
        "allowed_domains": "",
        "blocked_domains": "",
        "engine": settings.engine,
        "model": settings.model,
        "briefs_per_user_hour": str(settings.quota_briefs_per_user_hour),
        "briefs_per_channel_hour": str(settings.quota_briefs_per_channel_hour),
        "questions_per_user_hour": str(settings.quota_questions_per_user_hour),
        "questions_per_channel_hour": str(settings.quota_questions_per_channel_hour),
        "tokens_per_day": str(settings.quota_tokens_per_day),
    }


@dataclass(frozen=True)
class InForce:
    """The settings that apply in one channel, each with where its value came from."""

    values: dict[str, tuple[str, Source]]

    def __getitem__(self, key: str) -> str:
        return self.values[key][0]

    def count(self, key: str) -> int:
        return int(self[key])

    def domains(self, key: str) -> list[str]:
        return [name for name in self[key].split(",") if name]

    @property
    def language(self) -> str | None:
        """None: the article's own language."""
        return None if self["language"] == ARTICLE_LANGUAGE else self["language"]


class TeamSettings:
    """Reads and writes settings for every process; a value read is at most ``cache_seconds`` old."""

    def __init__(self, store: Store, settings: Settings, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._settings = settings
        self._defaults = defaults(settings)
        self._cache: dict[tuple[str, str], tuple[float, dict[str, str]]] = {}
        self._ignored: set[tuple[str, str, str, str]] = set()  # stored values not in force, each logged once
        self._clock = clock

    async def in_force(self, platform: str, workspace: str, channel: str | None) -> InForce:
        found = await self._scope(platform, workspace)
        in_channel = await self._scope(platform, _channel_scope(workspace, channel)) if channel else {}
        values: dict[str, tuple[str, Source]] = {}
        platform_defaults = PLATFORM_DEFAULTS.get(platform, {})
        for key, default in self._defaults.items():
            default = platform_defaults.get(key, default)
            if key in in_channel and not SPECS[key].workspace_only:
                values[key] = (in_channel[key], "channel")
            elif key in found:
                values[key] = (found[key], "workspace")
            else:
                values[key] = (default, "default")
        return InForce(values)

    async def change(
        self, platform: str, workspace: str, channel: str | None, *, key: str, value: str | None, scope: Scope
    ) -> str | None:
        """Set (or with ``value`` None, reset) one setting; returns the stored spelling."""
        spec = SPECS.get(key)
        if spec is None:
            raise SettingRefusedError(key, user_message=f"There is no setting `{key}`. {known_keys()}")
        if spec.workspace_only and scope == "channel":
            scope = "workspace"
        if scope == "channel" and not channel:
            raise SettingRefusedError(key, user_message="Channel settings are changed in that channel.")
        stored = None if value is None else spec.parse(value.strip(), self._settings)
        where = workspace if scope == "workspace" else _channel_scope(workspace, channel or "")
        await self._store.set_preference(platform, where, key, stored)
        self._cache.pop((platform, where), None)
        return stored

    async def _scope(self, platform: str, scope: str) -> dict[str, str]:
        now = self._clock()
        hit = self._cache.get((platform, scope))
        if hit is not None and now - hit[0] < self._settings.settings_cache_seconds:
            return hit[1]
        found = await operations.scope_preferences(self._store, platform, scope)
        valid = {key: value for key, value in found.items() if _readable(key, value, self._settings)}
        for key in found.keys() - valid.keys():
            if (platform, scope, key, found[key]) not in self._ignored:  # an admin set it: say why it is not used
                self._ignored.add((platform, scope, key, found[key]))
                log.warning("setting %s=%r stored for %s %s is not usable now; using the default", key,
                            found[key], platform, scope)  # fmt: skip
        self._cache[(platform, scope)] = (now, valid)
        return valid

    # --- the preferences the adapters already used (reply mode, auto-brief) ---------------------------------
    async def reply_mode(self, platform: str, workspace: str, channel: str | None = None) -> ReplyMode:
        mode = (await self.in_force(platform, workspace, channel))["reply_mode"]
        return "all" if mode == "all" else "mention"

    async def set_reply_mode(self, platform: str, workspace: str, mode: ReplyMode) -> None:
        await self.change(platform, workspace, None, key="reply_mode", value=mode, scope="workspace")

    async def auto_brief(self, platform: str, workspace: str, channel: str) -> bool:
        return (await self.in_force(platform, workspace, channel))["auto_brief"] == "on"

    async def set_auto_brief(self, platform: str, workspace: str, channel: str, *, enabled: bool) -> None:
        await self.change(
            platform, workspace, channel, key="auto_brief", value="on" if enabled else "off", scope="channel"
        )


def _readable(key: str, value: str, settings: Settings) -> bool:
    """A stored value this version can use; one written by another version (or an allowance since
    removed, e.g. a model no longer allowed) falls back to the default instead of failing every brief."""
    spec = SPECS.get(key)
    if spec is None:
        return False
    try:
        return spec.parse(value, settings) == value
    except SettingRefusedError:
        return False


def _channel_scope(workspace: str, channel: str) -> str:
    return f"{workspace}:{channel}"


def known_keys() -> str:
    return "Settings: " + ", ".join(f"`{key}`" for key in SPECS) + "."


def describe(in_force: InForce, *, keys: Sequence[str] | None = None) -> str:
    """`settings show`: every value in force and where it comes from."""
    lines = ["Settings in force here (value · from):"]
    for key in keys or SPECS:
        value, source = in_force.values[key]
        shown = value or "none"
        if key in ("briefs_per_user_hour", "briefs_per_channel_hour", "questions_per_user_hour",
                   "questions_per_channel_hour", "tokens_per_day") and value == str(UNLIMITED):  # fmt: skip
            shown = "unlimited"
        lines.append(f"• `{key}` = `{shown}` · {source}")
    return "\n".join(lines)
