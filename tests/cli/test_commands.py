"""The `briefbot` command as a user runs it: a real subprocess, exit statuses, one-line errors, JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.paths import REPO_ROOT
from tests.fakes.site import FakeSite

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"


def run(
    *args: str,
    tmp_path: Path,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "OPENAI_", "DATABASE_URL"))}
    full_env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=tmp_path,
        input=stdin,
        timeout=120,
    )


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_brief_json_follows_the_contract(tmp_path: Path) -> None:
    done = run("brief", str(SAMPLE), "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) >= {"brief", "source", "meta"}
    assert set(data["brief"]) >= {"headline", "summary", "actors", "claims", "denials", "open_questions"}
    assert set(data["source"]) >= {"url", "title", "site", "author", "published", "language", "word_count"}
    meta = data["meta"]
    assert set(meta) >= {"engine", "model", "prompt_version", "cached", "tokens", "grounding", "elapsed_ms", "warnings"}
    assert meta["engine"] == "extractive"
    assert set(meta["tokens"]) == {"prompt", "completion"}
    assert set(meta["grounding"]) >= {"checked", "verified", "dropped"}  # plus "why": drops counted by rule
    text = " ".join(SAMPLE.read_text().split())
    for item in data["brief"]["claims"] + data["brief"]["denials"]:
        assert isinstance(item["quote"], str) and item["quote"] in text


def test_brief_renders_sections_for_a_reader(tmp_path: Path) -> None:
    done = run("brief", str(SAMPLE), tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    for section in ("Actors", "Claims", "Denials", "Open questions", "quotes verified"):
        assert section in done.stdout


def test_brief_from_stdin(tmp_path: Path) -> None:
    done = run("brief", "-", "--json", tmp_path=tmp_path, stdin=SAMPLE.read_text())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["brief"]["actors"]


@pytest.mark.parametrize("source", ["ftp://example.com/a", "javascript:alert(1)", "file:///etc/passwd", "http://"])
def test_refused_sources_exit_2_with_one_line(tmp_path: Path, source: str) -> None:
    done = run("brief", source, tmp_path=tmp_path)
    assert done.returncode == 2
    assert one_line(done.stderr).startswith("briefbot: ")


def test_loopback_is_blocked_without_the_allow_list(tmp_path: Path) -> None:
    done = run("brief", "http://127.0.0.1:9/x", tmp_path=tmp_path)
    assert done.returncode == 2
    assert "private or internal" in one_line(done.stderr)


def test_bad_setting_stops_start_up_naming_it(tmp_path: Path) -> None:
    done = run("brief", str(SAMPLE), tmp_path=tmp_path, env={"BRIEFBOT_FETCH_MAX_BYTES": "lots"})
    assert done.returncode == 1
    assert "BRIEFBOT_FETCH_MAX_BYTES" in one_line(done.stderr)


def test_extract_jsonl_reports_each_source_and_the_worst_status(tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("Just a line.\n")
    done = run("extract", str(SAMPLE), str(short), str(tmp_path / "missing.txt"), "--jsonl", tmp_path=tmp_path)
    assert done.returncode == 2
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 3
    first, second, third = lines
    for key in ("source", "title", "site", "author", "published", "language", "text", "word_count", "gate"):
        assert key in first
    assert first["gate"] == "article" and first["title"].startswith("Port authority")
    assert second["gate"] == "too_short"
    assert third["source"].endswith("missing.txt") and third["error"]["kind"] == "invalid_source"


async def test_brief_of_a_local_page_over_http(tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in SAMPLE.read_text().split("\n\n")[1:])
    async with FakeSite() as site:
        page = f"<html><head><title>Bridge</title></head><body><article>{paragraphs}</article></body></html>"
        site.route("/news", body=page)
        done = await _run_async(
            "brief",
            site.url("/news"),
            "--json",
            tmp_path=tmp_path,
            env={"BRIEFBOT_FETCH_ALLOW_NETWORKS": "127.0.0.1/32"},
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["source"]["url"] == site.url("/news")


async def _run_async(*args: str, tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The fake site runs on this loop, so the subprocess must not block it."""
    import asyncio

    return await asyncio.to_thread(run, *args, tmp_path=tmp_path, env=env)


def test_ask_answers_from_the_article_or_says_it_does_not(tmp_path: Path) -> None:
    done = run("ask", str(SAMPLE), "Who denied the report?", "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["found"] and answer["quotes"]
    assert all(q in SAMPLE.read_text() for q in answer["quotes"])

    done = run("ask", str(SAMPLE), "What is the boiling point of tungsten?", "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert not answer["found"] and not answer["quotes"]


def test_brief_with_an_openai_compatible_server(tmp_path: Path) -> None:
    """OPENAI_BASE_URL alone selects the LLM engine; an article's injected mention stays plain text."""
    from tests.fakes.llm_briefs import sentence_number
    from tests.fakes.openai_server import FakeOpenAI, FakeRequest, Reply, reply_json

    text = SAMPLE.read_text()
    quote = "Port Authority chair Helena Varga denied the report on Tuesday."

    def reply(request: FakeRequest) -> Reply:
        return reply_json(
            {
                "headline": "Bridge crack row @everyone",
                "summary": "A newspaper says the authority knew; its chair denies it.",
                "actors": [{"name": "Helena Varga", "role": "chair", "kind": "official"}],
                "claims": [],
                "denials": [
                    {
                        "denier": "Helena Varga",
                        "denied": "The Ledger's report.",
                        "sentences": [sentence_number(request, quote)],
                        "disputes_claim": None,
                    }
                ],
                "open_questions": [],
            }
        )

    with FakeOpenAI(default=reply) as fake:
        done = run(
            "brief",
            str(SAMPLE),
            "--json",
            tmp_path=tmp_path,
            env={"OPENAI_BASE_URL": fake.base_url, "BRIEFBOT_MODEL": "local-model"},
        )
        assert done.returncode == 0, done.stderr
        sent = fake.requests[0].body
    data = json.loads(done.stdout)
    assert data["meta"]["engine"] == "llm" and data["meta"]["model"] == "local-model"
    assert data["meta"]["prompt_version"]
    assert data["meta"]["grounding"] == {"checked": 1, "verified": 1, "dropped": 0, "why": {}}
    assert data["brief"]["denials"][0]["quote"] == quote and quote in text  # the text, not a number
    assert sent["model"] == "local-model"
    assert sent["response_format"]["json_schema"]["strict"] is True
    done = run(
        "brief",
        str(SAMPLE),
        "--engine",
        "llm",
        tmp_path=tmp_path,
        env={"OPENAI_BASE_URL": fake.base_url, "BRIEFBOT_LLM_MAX_RETRIES": "0"},
    )
    assert done.returncode == 1, "an explicit LLM that is gone is an upstream failure: no fallback"
    assert one_line(done.stderr).startswith("briefbot: ")


def test_llm_down_with_engine_auto_falls_back(tmp_path: Path) -> None:
    done = run(
        "brief",
        str(SAMPLE),
        "--json",
        tmp_path=tmp_path,
        env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "BRIEFBOT_LLM_MAX_RETRIES": "0"},
    )
    assert done.returncode == 0, done.stderr
    meta = json.loads(done.stdout)["meta"]
    assert meta["engine"] == "extractive"
    assert any("offline extractive engine" in warning for warning in meta["warnings"])


async def test_slack_server_runs_from_the_command_and_stops_on_sigterm(tmp_path: Path) -> None:
    import asyncio
    import signal
    import socket

    import aiohttp

    from tests.fakes.slack_api import running_fake_slack

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with running_fake_slack() as slack:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "OPENAI_", "SLACK_"))}
        env.update(
            {
                "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'slack.db'}",
                "SLACK_BOT_TOKEN": "xoxb-test",
                "SLACK_SIGNING_SECRET": "secret",
                "SLACK_API_URL": slack.api_url,
            }
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "slack",
            "--http",
            "--port",
            str(port),
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            status = 0
            async with aiohttp.ClientSession() as session:
                for _ in range(200):
                    try:
                        async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                            status = response.status
                            break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.1)
                async with session.post(f"http://127.0.0.1:{port}/slack/events", data="{}") as response:
                    assert response.status == 401, "unsigned requests are refused"
            assert status == 200
            process.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
            assert process.returncode == 0, stderr.decode()
            assert b"Traceback" not in stderr
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def test_report_shows_usage_and_a_thumbs_down_per_workspace_and_model(tmp_path: Path) -> None:
    from bot.bootstrap import build_service
    from bot.config import load_settings
    from bot.service import Requester

    paragraphs = "".join(f"<p>{p}</p>" for p in SAMPLE.read_text().split("\n\n")[1:])
    who = Requester(platform="slack", workspace="T9", channel="C1", user="U1")
    async with FakeSite() as site:
        site.route("/news", body=f"<html><head><title>Bridge</title></head><body><article>{paragraphs}</article>")
        settings = load_settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
                                 fetch_allow_networks="127.0.0.1/32", engine="extractive")  # fmt: skip
        service = await build_service(settings)
        try:
            result = await service.brief_for(site.url("/news"), who)
            assert result.brief_id is not None
            await service.record_feedback(who, brief_id=result.brief_id, vote="down", comment="Missed the cost.")
        finally:
            await service.aclose()
    done = run("report", "--since", "3", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "the last 3 day(s)" in done.stdout
    assert "slack:T9: briefs 1 (cached 0), follow-ups 0, errors 0" in done.stdout
    assert "slack:T9: up 0, down 1, with comments 1" in done.stdout
    assert "extractive / -: up 0, down 1" in done.stdout
    assert "Missed the cost." in done.stdout
    refused = run("report", "--since", "0", tmp_path=tmp_path)
    assert refused.returncode == 2 and "--since takes a number of days" in refused.stderr
