"""Score the extractive engine on every gold file in ../shared/eval and print a table with the mean.

Run from the repository root: ``python3 bench/eval_briefs.py`` (add ``--verbose`` for missed items).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.extractive import brief_extractive
from bot.models import Article

EVAL_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
COLUMNS = (
    ("actor_recall", "actors"),
    ("actor_precision", "precision"),
    ("claims_recall", "claims"),
    ("denials_recall", "denials"),
    ("open_question_recall", "questions"),
    ("claims_grounded", "c.ground"),
    ("denials_grounded", "d.ground"),
)


def load_scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("briefbot_eval_score", eval_dir / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {eval_dir / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_gold(scorer: ModuleType, gold_path: Path) -> dict[str, Any]:
    gold = json.loads(gold_path.read_text())
    text = (gold_path.parent.parent / gold["article"]).read_text()
    article = Article(source=gold_path.stem, text=text, word_count=len(text.split()))
    brief = json.loads(json.dumps({"brief": brief_extractive(article).brief.model_dump()}))
    result: dict[str, Any] = scorer.score(gold, scorer.find_brief(brief), scorer.fold(text))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument("--verbose", action="store_true", help="also print missed and unknown items")
    args = parser.parse_args()
    if not (args.eval_dir / "score.py").is_file():
        print(f"no eval data at {args.eval_dir}", file=sys.stderr)
        return 2
    scorer = load_scorer(args.eval_dir)
    rows: list[tuple[str, dict[str, Any]]] = []
    for gold_path in sorted((args.eval_dir / "gold").glob("*.json")):
        rows.append((gold_path.stem, score_gold(scorer, gold_path)))
    print(
        f"{'article':24}" + "".join(f"{title:>10}" for _, title in COLUMNS) + f"{'overflow':>10}{'leaked':>8}"
    )
    for name, result in rows:
        cells = "".join(f"{result[key]:>10.2f}" for key, _ in COLUMNS)
        print(f"{name:24}{cells}{result['denials_overflow']:>10}{len(result['leaked']):>8}")
        if args.verbose:
            for key in ("actor_missed", "actor_unknown", "claims_missed", "denials_missed"):
                if result[key]:
                    print(f"    {key}: {result[key]}")
    means = "".join(f"{sum(r[key] for _, r in rows) / max(len(rows), 1):>10.2f}" for key, _ in COLUMNS)
    print(f"{'mean':24}{means}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
