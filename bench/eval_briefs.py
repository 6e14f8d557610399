"""Score the extractive engine on gold files and print a table with the mean per set.

Sets: ``shared`` (../shared/eval, the tuning set) and ``ours`` (tests/fixtures/briefs, held out).
Run from the repository root: ``python3 bench/eval_briefs.py --set all`` (add ``--verbose`` for missed items).
``--dir PATH`` scores any folder of ``<id>.json`` gold files whose ``article`` names a text beside them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.engines.extractive import brief_extractive
from bot.models import Article

REPO_DIR = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO_DIR.parent / "shared" / "eval"
OURS_DIR = REPO_DIR / "tests" / "fixtures" / "briefs"
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
    text = article_path(gold_path, gold["article"]).read_text()
    article = Article(source=gold_path.stem, text=text, word_count=len(text.split()))
    brief = json.loads(json.dumps({"brief": brief_extractive(article).brief.model_dump()}))
    result: dict[str, Any] = scorer.score(gold, scorer.find_brief(brief), scorer.fold(text))
    return result


def article_path(gold_path: Path, relative: str) -> Path:
    """Shared gold names ``articles/x.txt`` beside ``gold/``; ours sit next to their gold file."""
    beside = gold_path.parent / relative
    return beside if beside.is_file() else gold_path.parent.parent / relative


def gold_files(name: str, eval_dir: Path) -> list[Path]:
    folder = eval_dir / "gold" if name == "shared" else OURS_DIR
    return sorted(folder.glob("*.json"))


def print_table(title: str, rows: list[tuple[str, dict[str, Any]]], *, verbose: bool) -> None:
    print(f"{title:24}" + "".join(f"{t:>10}" for _, t in COLUMNS) + f"{'overflow':>10}{'leaked':>8}")
    for name, result in rows:
        cells = "".join(f"{result[key]:>10.2f}" for key, _ in COLUMNS)
        print(f"{name:24}{cells}{result['denials_overflow']:>10}{len(result['leaked']):>8}")
        if verbose:
            for key in ("actor_missed", "actor_unknown", "claims_missed", "denials_missed", "leaked"):
                if result[key]:
                    print(f"    {key}: {result[key]}")
    means = "".join(f"{sum(r[key] for _, r in rows) / max(len(rows), 1):>10.2f}" for key, _ in COLUMNS)
    print(f"{'mean':24}{means}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument("--verbose", action="store_true", help="also print missed and unknown items")
    parser.add_argument("--set", choices=("shared", "ours", "all"), default="all", dest="which")
    parser.add_argument("--dir", type=Path, default=None, help="score this folder of gold+txt pairs instead")
    args = parser.parse_args()
    if not (args.eval_dir / "score.py").is_file():
        print(f"no eval data (score.py) at {args.eval_dir}", file=sys.stderr)
        return 2
    scorer = load_scorer(args.eval_dir)
    if args.dir is not None:
        rows = [(path.stem, score_gold(scorer, path)) for path in sorted(args.dir.glob("*.json"))]
        print_table(f"[{args.dir.name}]", rows, verbose=args.verbose)
        return 0
    for name in ("shared", "ours") if args.which == "all" else (args.which,):
        rows = [(path.stem, score_gold(scorer, path)) for path in gold_files(name, args.eval_dir)]
        print_table(f"[{name}]", rows, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
