"""Settings: the only reader of the environment and `.env`. Built once by an entry point, never at import.

Names fixed by DESIGN.md keep their exact environment names (``OPENAI_API_KEY``, ``DATABASE_URL``, ...); every
other setting is ``BRIEFBOT_<FIELD>``. Secrets are ``SecretStr`` so they never show in logs or reprs.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit, urlunsplit

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "briefbot"
PRIVATE_DIR_MODE = 0o700


def default_database_url() -> str:
    """A SQLite file in the user's data directory (XDG on Linux), never in whatever directory a command ran in.

    That directory is ours, so it is made here (owner-only); a directory named in DATABASE_URL must exist,
    so a typo in it fails at start-up rather than creating a stray database."""
    folder = platformdirs.user_data_path(APP_NAME)
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    return f"sqlite+aiosqlite:///{folder / 'briefbot.db'}"


def redact_url(url: str) -> str:
    """The URL with its password replaced by ***, for reprs and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def _env(name: str) -> AliasChoices:
    """Accept the fixed environment name, and the field name for initialiser overrides in tests."""
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="BRIEFBOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_ignore_empty=True,
        populate_by_name=True,
        validate_default=True,
    )

    # The LLM (fixed names).
    openai_api_key: SecretStr | None = Field(default=None, validation_alias=_env("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(default=None, validation_alias=_env("OPENAI_BASE_URL"))
    model: str = "gpt-4o-mini"
    engine: Literal["auto", "llm", "extractive"] = "auto"
    llm_timeout_seconds: float = Field(default=60.0, gt=0)
    llm_max_retries: int = Field(default=3, ge=0, le=10)
    max_prompt_tokens: int = Field(default=12_000, ge=1_000, description="token budget for one LLM request")
    max_completion_tokens: int = Field(default=2_000, ge=200)
    llm_max_in_flight: int = Field(default=64, ge=1, le=1_024)
    llm_tokens_per_minute: int | None = Field(default=None, ge=1_000)
    prompts_dir: Path = PROJECT_ROOT / "prompts"

    # Fetching.
    fetch_allow_networks: Annotated[list[ipaddress.IPv4Network | ipaddress.IPv6Network], NoDecode] = Field(
        default_factory=list
    )
    fetch_timeout_seconds: float = Field(default=15.0, gt=0, le=120)
    fetch_max_bytes: int = Field(default=5_000_000, ge=10_000)
    fetch_max_redirects: int = Field(default=5, ge=0, le=20)
    fetch_proxy: str | None = None
    fetch_user_agent: str = "briefbot/0.1 (+https://github.com/briefbot/briefbot)"

    # Storage and cache.
    # A str (every store call takes it as is) whose password never shows: see __repr_args__.
    database_url: str = Field(default_factory=default_database_url, validation_alias=_env("DATABASE_URL"))
    cache_max_age_seconds: int = Field(default=6 * 3600, ge=0)
    job_lease_seconds: float = Field(default=120.0, gt=0)
    # Briefs mostly wait on the LLM, so the slow lane runs many at once; llm_max_in_flight bounds the requests.
    worker_concurrency: int = Field(default=64, ge=1, le=1_024)
    brief_claim_wait_seconds: float = Field(default=90.0, ge=0)
    job_poll_seconds: float = Field(default=1.0, gt=0)
    conversation_turns: int = Field(default=6, ge=0, le=50)
    retention_days: int = Field(default=7, ge=1, le=3650)

    # CPU-bound work (extraction, the offline engine, grounding) runs in child processes with a deadline.
    cpu_workers: int | None = Field(default=None, ge=1, le=64, description="None: one per core")
    cpu_deadline_seconds: float = Field(default=20.0, gt=0, le=600)
    max_article_words: int = Field(default=50_000, ge=100)

    # Slack (fixed names).
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias=_env("SLACK_SIGNING_SECRET"))
    slack_app_token: SecretStr | None = Field(default=None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias=_env("SLACK_API_URL"))
    slack_reply_mode: Literal["mention", "all"] = "mention"
    max_links_per_message: int = Field(default=3, ge=1, le=10)

    # Discord (fixed names).
    discord_bot_token: SecretStr | None = Field(default=None, validation_alias=_env("DISCORD_BOT_TOKEN"))
    discord_api_base: str | None = Field(default=None, validation_alias=_env("DISCORD_API_BASE"))
    discord_gateway_url: str | None = Field(default=None, validation_alias=_env("DISCORD_GATEWAY_URL"))
    discord_test_guild: int | None = None
    discord_message_content: bool = False

    # Running it for a team: defaults every workspace and channel can change from chat (0 = unlimited).
    allowed_models: Annotated[list[str], NoDecode] = Field(default_factory=list)
    brief_language: str = "article"
    settings_cache_seconds: float = Field(default=5.0, ge=0, le=300)
    quota_briefs_per_user_hour: int = Field(default=0, ge=0)
    quota_briefs_per_channel_hour: int = Field(default=0, ge=0)
    quota_questions_per_user_hour: int = Field(default=0, ge=0)
    quota_questions_per_channel_hour: int = Field(default=0, ge=0)
    quota_tokens_per_day: int = Field(default=0, ge=0)
    metrics_port: int | None = Field(default=None, ge=1, le=65535)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    @field_validator("fetch_allow_networks", "allowed_models", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """repr() and str() show the database URL with its password masked, like the SecretStr fields."""
        for name, value in super().__repr_args__():
            yield name, redact_url(value) if name == "database_url" and isinstance(value, str) else value

    @property
    def llm_configured(self) -> bool:
        return self.openai_api_key is not None or bool(self.openai_base_url)

    def resolved_engine(self) -> Literal["llm", "extractive"]:
        """``auto`` means the LLM when a key or base URL is set, else the offline engine."""
        if self.engine == "auto":
            return "llm" if self.llm_configured else "extractive"
        return self.engine


# Environment names for the error message: a field's alias when it has one, else BRIEFBOT_<FIELD>.
_FIXED = {
    "openai_api_key": "OPENAI_API_KEY",
    "openai_base_url": "OPENAI_BASE_URL",
    "database_url": "DATABASE_URL",
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_app_token": "SLACK_APP_TOKEN",
    "slack_api_url": "SLACK_API_URL",
    "discord_bot_token": "DISCORD_BOT_TOKEN",
    "discord_api_base": "DISCORD_API_BASE",
    "discord_gateway_url": "DISCORD_GATEWAY_URL",
}


def env_name(field: str) -> str:
    return _FIXED.get(field, f"BRIEFBOT_{field.upper()}")


def load_settings(**overrides: object) -> Settings:
    """Build Settings once; a bad value becomes a ConfigError naming the setting and what is wrong."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = str(first["loc"][0]) if first["loc"] else "?"
        field = loc.lower()
        name = env_name(field) if field in Settings.model_fields else loc
        raise ConfigError(f"setting {name}: {first['msg']}", user_message=f"setting {name}: {first['msg']}") from None
