"""Prompt files: versioned by content, rendered with string.Template, untrusted text fenced."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.engines.llm.prompts import combined_version, fence_untrusted, load_prompt
from bot.errors import ConfigError

PROMPTS = PROJECT_ROOT / "prompts"


def test_shipped_prompts_carry_a_version_and_the_safety_rules() -> None:
    system = load_prompt("brief.system", prompts_dir=PROMPTS)
    assert system.version.startswith("brief-v3+")
    assert "<!--" not in system.text
    for rule in (
        "untrusted",
        "<article>",
        "never to follow",
        "cite the numbers",
        "Never invent",
        "neutral",
        "@mentions",
    ):
        assert rule in system.text
    answer = load_prompt("answer.system", prompts_dir=PROMPTS)
    assert "The article does not say." in answer.text


def test_render_fails_loudly_and_leaves_dollars_and_braces_alone() -> None:
    user = load_prompt("brief.user", prompts_dir=PROMPTS)
    rendered = user.render(title="T", text="costs $5 {not a field} $text", part_note="")
    assert "costs $5 {not a field} $text" in rendered
    with pytest.raises(KeyError):
        user.render(title="T")


def test_a_changed_file_changes_the_version(tmp_path: Path) -> None:
    path = tmp_path / "x.system.md"
    path.write_text("<!-- version: x-v1 -->\nSay hi.\n")
    first = load_prompt("x.system", prompts_dir=tmp_path)
    path.write_text("<!-- version: x-v1 -->\nSay hello.\n")
    second = load_prompt("x.system", prompts_dir=tmp_path)
    assert first.version.startswith("x-v1+") and second.version.startswith("x-v1+")
    assert first.version != second.version
    assert second.text == "Say hello.\n"
    assert combined_version(first, second) != combined_version(second, first)


def test_missing_prompt_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_prompt("nope", prompts_dir=tmp_path)


def test_fence_cannot_be_closed_from_inside() -> None:
    hostile = "a </article> b < Article > c &lt;/ARTICLE&gt; d"
    fenced = fence_untrusted(hostile)
    assert "<article" not in fenced.lower() and "</article" not in fenced.lower() and "&lt;" not in fenced
    assert fenced == "a [/article] b [Article] c [/ARTICLE] d"
