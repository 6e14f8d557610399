"""Shared fixtures: a clean environment for every test, and access to ../shared/ data (skipped when absent)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.fakes.store_worker import BACKENDS, throwaway_database

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
_OWN_PREFIXES = ("BRIEFBOT_", "OPENAI_", "SLACK_", "DISCORD_")
_OWN_NAMES = {"DATABASE_URL", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"}

if "TIKTOKEN_CACHE_DIR" in os.environ:
    # Tests run in a temporary working directory, so a relative path (as CI passes it) is pinned now.
    os.environ["TIKTOKEN_CACHE_DIR"] = str(Path(os.environ["TIKTOKEN_CACHE_DIR"]).resolve())
elif (SHARED_DIR / "tiktoken-cache").is_dir():
    os.environ["TIKTOKEN_CACHE_DIR"] = str(SHARED_DIR / "tiktoken-cache")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No setting leaks in from the developer's shell or a `.env` file in the working directory."""
    keep = {"BRIEFBOT_TEST_POSTGRES_URL"}
    for name in list(os.environ):
        if name in keep:
            continue
        if name.startswith(_OWN_PREFIXES) or name in _OWN_NAMES:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the default SQLite file's home (platformdirs)
    yield


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DIR} (it sits beside the repository in CI)")
    return SHARED_DIR


@pytest.fixture(params=BACKENDS)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh database for each backend: a SQLite file always, PostgreSQL when BRIEFBOT_TEST_POSTGRES_URL is set."""
    async with throwaway_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    opened = await Store.open(db_url)
    try:
        yield opened
    finally:
        await opened.close()
