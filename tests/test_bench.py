"""Every benchmark still imports against today's code (they are run by hand, so CI is where a stale import
would otherwise go unnoticed). Importing runs nothing: each script's work is under ``__main__``."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.paths import REPO_ROOT

SCRIPTS = sorted(p for p in (REPO_ROOT / "bench").glob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_bench_script_imports(script: Path) -> None:
    assert '__name__ == "__main__"' in script.read_text(encoding="utf-8"), "work must wait for __main__"
    spec = importlib.util.spec_from_file_location(f"bench_{script.stem}", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]


@pytest.mark.slow
def test_discord_bench_runs_the_bot_as_its_own_process() -> None:
    """The Discord bench end to end, small: a `briefbot discord` process logs in to the fake, defers every
    interaction, posts every brief, and the bench reads that process's CPU."""
    printed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "discord_latency.py"), "--burst", "--briefs",
         "--interactions", "2", "--llm-seconds", "0.2"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    lines = printed.stdout.splitlines()
    assert any(line.startswith("LLM calls started by the end: 2 ") for line in lines), printed.stdout
    assert any(line.startswith("last brief / L ") for line in lines), printed.stdout
    assert any(line.startswith("CPU of the bot's main process: ") for line in lines), printed.stdout
