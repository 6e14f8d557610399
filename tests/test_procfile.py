"""The Procfile runs one platform per process type, so a team with only Slack or only Discord runs one process
(a combined type would restart-loop on the platform it has no token for)."""

from __future__ import annotations

from tests.fakes.paths import REPO_ROOT


def process_types() -> dict[str, str]:
    lines = (REPO_ROOT / "Procfile").read_text().splitlines()
    pairs = [line.split(":", 1) for line in lines if line.strip() and not line.startswith("#")]
    return {name.strip(): command.strip() for name, command in pairs}


def test_each_process_type_serves_exactly_one_platform() -> None:
    types = process_types()
    for name, command in types.items():
        platforms = {p for p in ("slack", "discord") if f"briefbot {p}" in command}
        assert len(platforms) == 1, f"{name}: {command}"
        assert "&&" not in command and ";" not in command and "&" not in command, f"{name} starts two things"
    assert any("briefbot discord" in c for c in types.values())
    assert types["web"].startswith("briefbot slack --http"), "only `web` gets a public port on Procfile hosts"


def test_the_readme_says_which_type_serves_which_platform() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    for name in process_types():
        assert f"| `{name}` |" in readme, f"README has no row for the {name} process type"
