"""The command line's own surface: --version, --debug anywhere, help for every argument, plain piped output."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot import __version__
from bot.cli import _parser
from tests.fakes.paths import REPO_ROOT

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"


def test_version_is_the_distribution_version() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert __version__ == project["version"]
    done = subprocess.run([sys.executable, "-m", "bot", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"briefbot {__version__}"


@pytest.mark.parametrize("argv", [["--debug", "brief", "x"], ["brief", "x", "--debug"], ["brief", "--debug", "x"]])
def test_debug_is_accepted_anywhere(argv: list[str]) -> None:
    assert _parser().parse_args(argv).debug is True


def test_debug_defaults_off() -> None:
    assert getattr(_parser().parse_args(["brief", "x"]), "debug", False) is False


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no sub-commands")


def test_every_argument_of_every_command_has_help() -> None:
    parser = _parser()
    commands = _subparsers(parser)
    assert set(commands) >= {"brief", "ask", "extract", "slack", "discord"}
    for name, sub in commands.items():
        for action in sub._actions:
            assert action.help, f"{name}: {action.dest} has no help text"


def test_help_does_not_import_the_heavy_libraries() -> None:
    """`briefbot --help` must answer at once: nothing of openai, SQLAlchemy or the platform SDKs is loaded."""
    code = (
        "import sys, contextlib, io\n"
        "from bot.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        "heavy = [m for m in ('openai', 'sqlalchemy', 'slack_bolt', 'discord', 'trafilatura', 'rich', 'tiktoken')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_piped_brief_is_plain_lines_never_hard_wrapped(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}", "COLUMNS": "40", "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "brief", str(SAMPLE), "--engine", "extractive"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert not any(line.startswith(("╭", "│", "╰")) for line in lines)  # no panel when piped
    assert any(len(line) > 120 for line in lines)  # the summary is one line however narrow COLUMNS is
    assert "\x1b[" not in done.stdout


def test_eval_thresholds_are_the_services() -> None:
    from bot.cli import EVAL_THRESHOLDS
    from bot.service import THRESHOLDS

    assert EVAL_THRESHOLDS == tuple(THRESHOLDS)
