"""`briefbot eval DIR` as an operator runs it: both gold layouts, --json, --min-… thresholds, a bad folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fakes.llm_briefs import sentence_number
from tests.fakes.openai_server import FakeOpenAI, FakeRequest, Reply, reply_json
from tests.fakes.paths import REPO_ROOT

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"
GOLD = {
    "id": "sample",
    "article": "sample.txt",
    "actors": [
        {"names": ["Helena Varga", "Varga"], "required": True},
        {"names": ["Coastal Ledger", "Ledger"], "required": True},
    ],
    "claims": [
        {
            "by": ["Coastal Ledger", "Ledger"],
            "evidence": "knew about a structural crack in the harbour's main bridge",
            "required": True,
        },
    ],
    "denials": [
        {
            "by": ["Helena Varga", "Varga"],
            "evidence": "Port Authority chair Helena Varga denied the report on Tuesday",
            "required": True,
        },
    ],
    "open_questions": [{"about": [["crack"], ["knew", "know"]], "required": True}],
}


def run(*args: str, tmp_path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "OPENAI_", "DATABASE_URL"))}
    full_env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=full_env, cwd=tmp_path, timeout=120
    )


def beside(tmp_path: Path) -> Path:
    folder = tmp_path / "gold-beside"
    folder.mkdir()
    (folder / "sample.txt").write_text(SAMPLE.read_text())
    (folder / "sample.json").write_text(json.dumps(GOLD))
    return folder


def nested(tmp_path: Path) -> Path:
    folder = tmp_path / "eval"
    (folder / "gold").mkdir(parents=True)
    (folder / "articles").mkdir()
    (folder / "articles" / "sample.txt").write_text(SAMPLE.read_text())
    (folder / "gold" / "sample.json").write_text(json.dumps({**GOLD, "article": "articles/sample.txt"}))
    return folder


def test_eval_prints_a_row_per_article_and_the_means(tmp_path: Path) -> None:
    done = run("eval", str(beside(tmp_path)), "--engine", "extractive", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["article", "actors", "precision"]
    assert lines[1].startswith("sample ") and lines[1].rstrip().endswith("extractive")
    assert lines[2].startswith("mean ")


def test_eval_json_and_the_nested_layout(tmp_path: Path) -> None:
    done = run("eval", str(nested(tmp_path)), "--engine", "extractive", "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [row["id"] for row in report["articles"]] == ["sample"]
    assert report["means"]["actor_recall"] == 1.0 and report["means"]["grounded"] == 1.0
    assert set(report) == {"articles", "means", "misses"}


def test_a_missed_threshold_exits_1_and_says_which(tmp_path: Path) -> None:
    folder = str(beside(tmp_path))
    done = run(
        "eval",
        folder,
        "--engine",
        "extractive",
        "--min-actor-recall",
        "1.0",
        "--min-grounded",
        "1.0",
        tmp_path=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    done = run("eval", folder, "--engine", "extractive", "--min-claim-recall", "1.01", tmp_path=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "briefbot: below threshold: claim-recall 1.00 < 1.01"


def test_a_folder_without_gold_exits_2_with_one_line(tmp_path: Path) -> None:
    done = run("eval", str(tmp_path), tmp_path=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("briefbot: No gold files found")


def test_eval_scores_the_configured_openai_compatible_model(tmp_path: Path) -> None:
    """What an operator comparing a hosted and a local model runs: OPENAI_BASE_URL and BRIEFBOT_MODEL."""

    def reply(request: FakeRequest) -> Reply:
        crack = sentence_number(request, "knew about a structural crack")
        varga = sentence_number(request, "Helena Varga denied the report")
        return reply_json(
            {
                "headline": "Port authority accused over bridge crack",
                "summary": "A newspaper says the authority knew of a crack; its chair denies it.",
                "actors": [
                    {"name": "Helena Varga", "role": "chair", "kind": "official"},
                    {"name": "Coastal Ledger", "role": None, "kind": "outlet"},
                ],
                "claims": [
                    {
                        "statement": "The authority knew about the structural crack.",
                        "claimant": "Coastal Ledger",
                        "sentences": [crack],
                    }
                ],
                "denials": [
                    {
                        "denier": "Helena Varga",
                        "denied": "The Ledger's report about the crack.",
                        "sentences": [varga],
                        "disputes_claim": 0,
                    }
                ],
                "open_questions": [{"question": "Who knew about the crack, and when?", "why": "Accounts conflict."}],
            }
        )

    with FakeOpenAI(default=reply) as fake:
        done = run(
            "eval",
            str(beside(tmp_path)),
            "--json",
            tmp_path=tmp_path,
            env={"OPENAI_BASE_URL": fake.base_url, "BRIEFBOT_MODEL": "local-model"},
        )
        assert done.returncode == 0, done.stderr
        assert fake.requests and fake.requests[0].body["model"] == "local-model"
    row = json.loads(done.stdout)["articles"][0]
    assert row["engine"] == "llm"
    assert (row["actor_recall"], row["claims_recall"], row["denials_recall"], row["grounded"]) == (1.0, 1.0, 1.0, 1.0)
