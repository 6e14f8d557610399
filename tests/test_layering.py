"""Arrows point inward: the core never imports a platform library, rich, or an adapter."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
ADAPTERS = {"slack", "discord"}
ADAPTER_MODULES = {"cli.py", "terminal.py", "__main__.py"}
FORBIDDEN_IN_CORE = ("slack_bolt", "slack_sdk", "discord", "rich", "bot.slack", "bot.discord", "bot.cli",
                     "bot.terminal")
LIBRARY_HOMES = {
    "openai": {"llm.py", "llm_call.py"},
    "trafilatura": {"extract.py", "metadata.py"},
    "sqlalchemy": {"store.py", "tables.py", "database.py", "job_queue.py"},
    "alembic": {"database.py"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def core_modules() -> list[Path]:
    return [
        path for path in sorted(BOT.rglob("*.py"))
        if path.relative_to(BOT).parts[0] not in ADAPTERS | {"migrations"} and path.name not in ADAPTER_MODULES
    ]


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(BOT)))
def test_core_module_imports_no_platform(path: Path) -> None:
    bad = {
        name for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_CORE)
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


@pytest.mark.parametrize("library", sorted(LIBRARY_HOMES))
def test_each_library_has_its_home(library: str) -> None:
    users = {
        path.name for path in core_modules()
        if any(name == library or name.startswith(library + ".") for name in imported_modules(path))
    }
    assert users <= LIBRARY_HOMES[library], f"{library} is imported outside its home: {sorted(users)}"


def test_adapters_are_not_imported_by_each_other() -> None:
    for platform in ADAPTERS:
        other = (ADAPTERS - {platform}).pop()
        for path in (BOT / platform).rglob("*.py"):
            assert not any(name.startswith(f"bot.{other}") for name in imported_modules(path)), path
