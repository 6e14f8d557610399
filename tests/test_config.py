"""Settings: fixed names, one-line errors naming the setting, secrets hidden, `.env.example` complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings, env_name, load_settings
from bot.errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_defaults_need_no_server_and_no_key() -> None:
    settings = load_settings(_env_file=None)
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.resolved_engine() == "extractive"
    assert settings.fetch_allow_networks == []


def test_fixed_names_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://u@h/db")
    monkeypatch.setenv("BRIEFBOT_FETCH_ALLOW_NETWORKS", "127.0.0.1/32, 10.0.0.0/8")
    settings = load_settings(_env_file=None)
    assert settings.openai_base_url == "http://127.0.0.1:11434/v1"
    assert settings.resolved_engine() == "llm"
    assert settings.database_url == "postgresql+asyncpg://u@h/db"
    assert [str(n) for n in settings.fetch_allow_networks] == ["127.0.0.1/32", "10.0.0.0/8"]


def test_dotenv_is_read_and_empty_values_mean_unset(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("OPENAI_API_KEY=\nBRIEFBOT_DISCORD_TEST_GUILD=\nBRIEFBOT_MODEL=llama3\n")
    settings = load_settings(_env_file=env)
    assert settings.openai_api_key is None
    assert settings.discord_test_guild is None
    assert settings.model == "llama3"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BRIEFBOT_FETCH_ALLOW_NETWORKS", "not-a-network"),
        ("BRIEFBOT_FETCH_TIMEOUT_SECONDS", "-1"),
        ("BRIEFBOT_ENGINE", "magic"),
        ("BRIEFBOT_SLACK_REPLY_MODE", "sometimes"),
    ],
)
def test_bad_value_names_the_setting(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings(_env_file=None)
    message = caught.value.user_message
    assert message.startswith(f"setting {name}:")
    assert "\n" not in message


def test_secrets_never_show_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret")
    monkeypatch.setenv("DISCORD_BOT_TOKEN", "discord-very-secret")
    settings = load_settings(_env_file=None)
    shown = repr(settings) + str(settings) + str(settings.model_dump())
    assert "very-secret" not in shown


def test_env_example_lists_every_setting_with_a_comment() -> None:
    lines = (REPO_ROOT / ".env.example").read_text().splitlines()
    for field in Settings.model_fields:
        name = env_name(field)
        index = next((i for i, line in enumerate(lines) if line.lstrip("# ").startswith(f"{name}=")), None)
        assert index is not None, f"{name} missing from .env.example"
        assert lines[index - 1].startswith("# "), f"{name} has no comment line above it"


def test_database_password_never_shows_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://briefbot:hunter2-secret@db.internal:5432/briefs")
    settings = load_settings(_env_file=None)
    assert settings.database_url.endswith("hunter2-secret@db.internal:5432/briefs"), "the store still gets it whole"
    for shown in (repr(settings), str(settings)):
        assert "hunter2" not in shown
        assert "postgresql+asyncpg://briefbot:***@db.internal:5432/briefs" in shown


def test_default_database_is_in_the_user_data_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    expected = tmp_path / "xdg" / "briefbot" / "briefbot.db"
    assert load_settings(_env_file=None).database_url == f"sqlite+aiosqlite:///{expected}"
    monkeypatch.setenv("DATABASE_URL", "sqlite+aiosqlite:///elsewhere.db")
    assert load_settings(_env_file=None).database_url == "sqlite+aiosqlite:///elsewhere.db"


def test_env_example_ships_every_secret_empty() -> None:
    """`cp .env.example .env` must not start HTTP mode with placeholder secrets."""
    lines = (REPO_ROOT / ".env.example").read_text().splitlines()
    secrets = [env_name(name) for name, field in Settings.model_fields.items() if "SecretStr" in str(field.annotation)]
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_BOT_TOKEN", "OPENAI_API_KEY"} <= set(secrets)
    for name in secrets:
        assigned = [line for line in lines if line.startswith(f"{name}=")]
        assert assigned == [f"{name}="], f"{name} must be empty in .env.example, found {assigned}"


def test_cpu_settings_are_read_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFBOT_CPU_WORKERS", "3")
    monkeypatch.setenv("BRIEFBOT_CPU_DEADLINE_SECONDS", "7.5")
    monkeypatch.setenv("BRIEFBOT_MAX_ARTICLE_WORDS", "20000")
    settings = load_settings(_env_file=None)
    assert (settings.cpu_workers, settings.cpu_deadline_seconds, settings.max_article_words) == (3, 7.5, 20_000)
    monkeypatch.setenv("BRIEFBOT_CPU_DEADLINE_SECONDS", "0")
    with pytest.raises(ConfigError, match="BRIEFBOT_CPU_DEADLINE_SECONDS"):
        load_settings(_env_file=None)
