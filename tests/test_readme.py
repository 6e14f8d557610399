"""The README's "How it works" tree stays true: every package of bot/ has its line, and no line names a
package that is gone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.fakes.paths import REPO_ROOT

BOT = REPO_ROOT / "bot"


def how_it_works_tree() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## How it works", 1)[1]
    match = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert match, "the How it works section opens with the tree in a code block"
    return match.group(1)


def packages() -> set[str]:
    found = set()
    for init in BOT.rglob("__init__.py"):
        relative = init.parent.relative_to(BOT)
        if relative.parts and "migrations" not in relative.parts:
            found.add(relative.parts[-1])
    return found


def test_every_package_is_described_in_the_tree() -> None:
    named = set(re.findall(r"^\s+([a-z_]+)/\s+\S", how_it_works_tree(), re.MULTILINE))
    assert packages() <= named, f"undescribed: {sorted(packages() - named)}"
    assert named <= packages(), f"described but gone: {sorted(named - packages())}"


def test_every_top_level_module_is_named_in_the_tree() -> None:
    tree = how_it_works_tree()
    for module in BOT.glob("*.py"):
        if module.name not in ("__init__.py", "__main__.py"):
            assert module.name in tree, f"bot/{module.name} is not in the README tree"


def test_the_sample_brief_shown_is_what_the_quick_start_prints(tmp_path: Path) -> None:
    """The README's example is the front door: it must be the offline engine's real output today, word for
    word (the panel's wrapping and the timing aside), not a brief an older engine once wrote."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What a brief looks like", 1)[1]
    match = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert match, "the example brief is in a code block"
    shown = " ".join(line.strip("╭╮╰╯─│ ") for line in match.group(1).splitlines())
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'readme.db'}", "NO_COLOR": "1"}
    env.setdefault("TIKTOKEN_CACHE_DIR", str(REPO_ROOT.parent / "shared" / "tiktoken-cache"))
    printed = subprocess.run(
        [sys.executable, "-m", "bot", "brief", "examples/sample-article.txt"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip

    def normal(text: str) -> str:
        return re.sub(r"\d+ ms\b", "N ms", " ".join(text.split()))

    assert normal(shown) == normal(printed)
