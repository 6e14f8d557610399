"""The SQLite file at rest: owner-only (0600) with its WAL and shared-memory files, in the user's data directory
by default, never in the directory a command happens to run in."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.models import Article
from bot.store import Store

ARTICLE = Article(source="https://example.com/a", url="https://example.com/a", text="words " * 120, word_count=120)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def _open_and_write(url: str) -> None:
    store = await Store.open(url)
    try:
        await store.save_article(ARTICLE, canonical_url="https://example.com/a", content_hash="h")
        database = Path(url.split("///", 1)[1])
        for suffix in ("", "-wal", "-shm"):  # while a connection is open, WAL mode keeps both side files
            side = database.with_name(database.name + suffix)
            assert side.exists(), side
            assert _mode(side) == 0o600, f"{side.name} is {oct(_mode(side))}"
    finally:
        await store.close()


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """What most shells have: files come out 0644 unless the code chooses otherwise."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


async def test_new_sqlite_files_are_owner_only(tmp_path: Path) -> None:
    await _open_and_write(f"sqlite+aiosqlite:///{tmp_path / 'brief.db'}")


async def test_an_old_world_readable_file_is_tightened(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    old.touch(mode=0o644)
    old.chmod(0o644)
    await _open_and_write(f"sqlite+aiosqlite:///{old}")


async def test_default_file_lives_in_the_data_directory_not_the_working_one(tmp_path: Path) -> None:
    settings = load_settings(_env_file=None)  # conftest points XDG_DATA_HOME into tmp_path and chdirs there
    await _open_and_write(settings.database_url)
    assert (tmp_path / "data" / "briefbot" / "briefbot.db").is_file()
    assert _mode(tmp_path / "data" / "briefbot") == 0o700
    assert not list(Path.cwd().glob("*.db"))
