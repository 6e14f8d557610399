"""Hostile and odd input through the real `briefbot` command: every failure one plain line and the right exit
status (2 the input is unusable, 1 something upstream failed), no library log lines, nothing written to the
directory the command ran in."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.fakes.paths import REPO_ROOT

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"
PARAGRAPH = (
    "The port authority said on Thursday that the new terminal would open in spring, two years later than "
    "planned, after a dispute with the builder over the cost of the foundations and the drainage system."
)


def briefbot(*args: str, tmp_path: Path, env: dict[str, str] | None = None, stdin: bytes = b"",
             database: bool = True) -> subprocess.CompletedProcess[str]:  # fmt: skip
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "OPENAI_", "DATABASE_URL"))}
    full_env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    if database:
        full_env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, env=full_env, cwd=tmp_path, input=stdin,
        timeout=120,
    )  # fmt: skip
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(), done.stderr.decode())


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("briefbot: ") and "Traceback" not in done.stderr
    return lines[0]


@pytest.mark.parametrize("question", ["", "   \n\t"])
def test_an_empty_question_is_refused(tmp_path: Path, question: str) -> None:
    done = briefbot("ask", str(SAMPLE), question, tmp_path=tmp_path)
    assert done.returncode == 2
    assert "question is empty" in one_line(done)


def test_random_bytes_are_not_text_and_nothing_is_stored(tmp_path: Path) -> None:
    noise = tmp_path / "noise.txt"
    noise.write_bytes(os.urandom(30_000))
    for source, stdin in ((str(noise), b""), ("-", os.urandom(30_000))):
        done = briefbot("brief", source, tmp_path=tmp_path, stdin=stdin)
        assert done.returncode == 2
        assert "isn't text" in one_line(done)
    with closing(sqlite3.connect(tmp_path / "cli.db")) as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (0,)


def test_extract_reports_binary_input_as_not_text(tmp_path: Path) -> None:
    done = briefbot("extract", "-", "--jsonl", tmp_path=tmp_path, stdin=b"\x00\x01\x02binary\xff\xfe" * 2000)
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"]["kind"] == "not_text"


@pytest.mark.parametrize(
    ("source", "words"),
    [("a" * 5000 + ".html", "can't read the file"), ("ftp://example.com/" + "a" * 5000, "http")],
)
def test_a_5000_character_source_is_refused_in_one_line(tmp_path: Path, source: str, words: str) -> None:
    done = briefbot("brief", source, tmp_path=tmp_path)
    assert done.returncode == 2
    line = one_line(done)
    assert words in line and len(line) < 300


def test_json_ld_nested_100k_deep_does_not_stop_the_brief(tmp_path: Path) -> None:
    deep = '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
    body = "".join(f"<p>{PARAGRAPH} Paragraph {i} adds detail.</p>" for i in range(8))
    page = tmp_path / "deep.html"
    page.write_text(f"<html><head><title>Terminal delayed</title>{deep}</head><body>{body}</body></html>")
    done = briefbot("brief", str(page), "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["source"]["word_count"] > 100


def test_a_short_page_is_too_short_not_empty_and_no_library_logs(tmp_path: Path) -> None:
    short = tmp_path / "short.html"
    short.write_text(f"<html><body><h1>{' '.join(PARAGRAPH.split()[:35])}</h1></body></html>")
    words = tmp_path / "words.html"
    words.write_text("just a few words with no markup")  # trafilatura logs an ERROR for this one
    for page in (short, words):
        done = briefbot("brief", str(page), tmp_path=tmp_path)
        assert done.returncode == 2
        line = one_line(done)
        assert "too little text" in line and "empty" not in line


def test_a_page_past_the_cpu_deadline_gets_a_plain_message(tmp_path: Path) -> None:
    done = briefbot("brief", str(SAMPLE), tmp_path=tmp_path, env={"BRIEFBOT_CPU_DEADLINE_SECONDS": "0.001"})
    assert done.returncode == 2
    assert "took too long to read" in one_line(done)


def test_an_article_over_the_word_cap_is_refused_with_its_count(tmp_path: Path) -> None:
    done = briefbot("brief", str(SAMPLE), tmp_path=tmp_path, env={"BRIEFBOT_MAX_ARTICLE_WORDS": "100"})
    assert done.returncode == 2
    line = one_line(done)
    assert "too long for me to brief" in line and "words" in line


def test_the_default_database_is_private_and_not_in_the_working_directory(tmp_path: Path) -> None:
    done = briefbot("brief", str(SAMPLE), tmp_path=tmp_path, database=False)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob("*.db*"))
    database = tmp_path / "xdg" / "briefbot" / "briefbot.db"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def test_library_logs_show_only_with_debug(tmp_path: Path) -> None:
    """The CPU pool's children log like the command: silent by default, everything with --debug."""
    words = tmp_path / "words.html"
    words.write_text("just a few words with no markup")  # trafilatura logs an ERROR while parsing this
    quiet = briefbot("brief", str(words), tmp_path=tmp_path)
    assert "trafilatura" not in quiet.stderr
    loud = briefbot("--debug", "brief", str(words), tmp_path=tmp_path)
    assert loud.returncode == 2 and "trafilatura" in loud.stderr
