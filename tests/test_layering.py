"""Arrows point inward, as package rules read from each module's imports (AST, so nothing is run).

- The core never imports a platform library, rich, or an adapter.
- Adapters reach the core only through its packages' public names, never a sibling package's internals.
- The engines never import the store or the jobs; the offline engine never imports the LLM engine's.
- Each library has one home package.
- At most 12 modules directly in ``bot/`` and at most 15 in any package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
ADAPTER_PACKAGES = {"slack", "discord"}
ADAPTER_MODULES = {"cli.py", "terminal.py", "__main__.py"}
PLATFORM_LIBRARIES = ("slack_bolt", "slack_sdk", "discord", "rich", "aiohttp")
ADAPTERS = ("bot.slack", "bot.discord", "bot.cli", "bot.terminal")
CORE_PACKAGES = ("cpu", "fetching", "extraction", "engines", "store", "jobs", "service", "operations")
# What an adapter may import from the core: the composition root, the use cases and the contract.
ADAPTER_MAY_IMPORT = ("bot.__version__", "bot.bootstrap", "bot.service", "bot.models", "bot.errors", "bot.config")
LIBRARY_HOMES = {
    "httpx": ("bot.fetching",),
    "httpcore": ("bot.fetching",),
    "openai": ("bot.engines.llm",),
    "tiktoken": ("bot.engines.tokens",),
    "trafilatura": ("bot.extraction",),
    "readability": ("bot.extraction",),
    "sqlalchemy": ("bot.store",),
    "alembic": ("bot.store",),
    "prometheus_client": ("bot.operations",),
}
FORBIDDEN_BETWEEN = {
    "bot.engines": ("bot.store", "bot.jobs", "bot.service", "bot.bootstrap"),
    "bot.engines.extractive": ("bot.engines.llm",),
    "bot.engines.llm": ("bot.engines.extractive",),
    "bot.fetching": ("bot.extraction", "bot.engines", "bot.store", "bot.jobs", "bot.service"),
    "bot.extraction": ("bot.engines", "bot.store", "bot.jobs", "bot.service"),
    "bot.store": ("bot.fetching", "bot.extraction", "bot.engines", "bot.jobs", "bot.service"),
    "bot.grounding": ("bot.engines", "bot.store", "bot.service"),
    # The pool runs whatever pure function it is handed; it knows only the error tree.
    "bot.cpu": (
        "bot.fetching",
        "bot.extraction",
        "bot.engines",
        "bot.store",
        "bot.jobs",
        "bot.service",
        "bot.grounding",
        "bot.config",
    ),
    "bot.operations": ("bot.service", "bot.bootstrap", "bot.jobs", "bot.engines"),
}
MAX_TOP_MODULES = 12
MAX_PACKAGE_MODULES = 15


def module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Absolute module names imported anywhere in the file, including `from pkg import module`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def is_adapter(path: Path) -> bool:
    rel = path.relative_to(BOT)
    return rel.parts[0] in ADAPTER_PACKAGES or (len(rel.parts) == 1 and rel.name in ADAPTER_MODULES)


def sources() -> list[Path]:
    return [p for p in sorted(BOT.rglob("*.py")) if "migrations" not in p.relative_to(BOT).parts]


def core_modules() -> list[Path]:
    return [p for p in sources() if not is_adapter(p)]


def adapter_modules() -> list[Path]:
    return [p for p in sources() if is_adapter(p)]


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(BOT)))
def test_core_imports_no_platform_library_and_no_adapter(path: Path) -> None:
    bad = {n for n in imported_modules(path) if any(within(n, f) for f in (*PLATFORM_LIBRARIES, *ADAPTERS))}
    assert not bad, f"{path.relative_to(BOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", adapter_modules(), ids=lambda p: str(p.relative_to(BOT)))
def test_adapters_talk_to_the_core_through_the_service(path: Path) -> None:
    own = module_name(path).split(".")[:2] if path.relative_to(BOT).parts[0] in ADAPTER_PACKAGES else []
    bad = {
        n
        for n in imported_modules(path)
        if within(n, "bot")
        and n != "bot"
        and not (own and within(n, ".".join(own)))
        and not any(within(n, allowed) for allowed in (*ADAPTER_MAY_IMPORT, *ADAPTERS))
    }
    assert not bad, f"{path.relative_to(BOT)} reaches round the service: {sorted(bad)}"


def test_adapters_are_not_imported_by_each_other() -> None:
    for platform in ADAPTER_PACKAGES:
        other = f"bot.{(ADAPTER_PACKAGES - {platform}).pop()}"
        for path in (BOT / platform).rglob("*.py"):
            assert not any(within(n, other) for n in imported_modules(path)), path


@pytest.mark.parametrize("package", sorted(FORBIDDEN_BETWEEN))
def test_package_rules(package: str) -> None:
    offenders = []
    for path in core_modules():
        name = module_name(path)
        if not within(name, package):
            continue
        for imported in imported_modules(path):
            if any(within(imported, f) for f in FORBIDDEN_BETWEEN[package]):
                offenders.append(f"{name} -> {imported}")
    assert not offenders, offenders


def from_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and n.level == 0}
    found |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    return found


def test_callers_use_a_packages_public_names_not_its_internals() -> None:
    """`from bot.store.queue import JobQueue` belongs inside bot.store; outside it, `from bot.store import …`."""
    offenders = []
    for path in sources():
        caller = module_name(path)
        for imported in from_modules(path):
            target = BOT.parent / Path(*imported.split("."))
            if not within(imported, "bot") or not target.with_suffix(".py").is_file():
                continue  # a package's public names, or not ours
            package = imported.rsplit(".", 1)[0]
            if package != "bot" and not within(caller, package):
                offenders.append(f"{caller} -> {imported}")
    assert not offenders, offenders


@pytest.mark.parametrize("library", sorted(LIBRARY_HOMES))
def test_each_library_has_its_home(library: str) -> None:
    users = {module_name(path) for path in core_modules() if any(within(n, library) for n in imported_modules(path))}
    strays = {u for u in users if not any(within(u, home) for home in LIBRARY_HOMES[library])}
    assert not strays, f"{library} is imported outside {LIBRARY_HOMES[library]}: {sorted(strays)}"


def test_the_tree_stays_readable() -> None:
    top = [p for p in BOT.glob("*.py")]
    assert len(top) <= MAX_TOP_MODULES, sorted(p.name for p in top)
    for package in [p for p in BOT.rglob("*") if p.is_dir() and (p / "__init__.py").exists()]:
        modules = [p for p in package.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= MAX_PACKAGE_MODULES, f"{package.relative_to(BOT)}: {len(modules)} modules"
