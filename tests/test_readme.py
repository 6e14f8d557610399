"""The README's "How it works" tree stays true: every package of bot/ has its line, and no line names a
package that is gone."""

from __future__ import annotations

import re

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
