"""Calibrate the offline answerer's "the article does not say" thresholds on the TUNE questions only.

For each tune question it prints its kind (``figure``: asks for an amount, money or a span; ``when``; ``yes_no``;
``open``), the best sentence's score, whether the quoted sentences hold the evidence, and whether the question
names something the article never mentions. Then, kind by kind, answerable-right / unanswerable-declined for a
sweep of thresholds, and the totals with the thresholds in use (``bot.engines.extractive.answer.MIN_SCORES``).
Prefer a threshold in the middle of a plateau to one that wins a single question. The check questions are never
read here.

Run from the repository root: ``python3 bench/calibrate_answers.py`` (add ``--dir FOLDER`` for a folder of
``<page>.txt`` texts and their ``questions.json`` that you tune on as well).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_DIR = Path(__file__).resolve().parent.parent
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

from bench.eval_briefs import (  # noqa: E402
    EVAL_DIR,
    GOLD_DIR,
    answered_right,
    brief_of,
    ground_truth,
    load_scorer,
    make_article,
    page_text,
)
from bot.engines.extractive import answer as answerer  # noqa: E402

STEPS = 17  # thresholds 0.00, 0.05, ... 0.80


@dataclass
class Row:
    kind: str
    answerable: bool
    best: float
    hit: bool  # the quoted sentences hold the evidence
    unknown: bool  # the question names something the article never mentions

    def right(self, threshold: float) -> bool:
        return self.answerable and self.hit and self.best >= threshold and not self.unknown

    def declined(self, threshold: float) -> bool:
        return not self.answerable and (self.best < threshold or self.unknown)


def questions(truth: dict[str, dict[str, str]], folders: list[Path]) -> list[tuple[dict[str, Any], str]]:
    """The tune questions with their texts, and those of each extra folder (``<page>.txt`` beside its
    ``questions.json``; folders you tune on, never a held-out one)."""
    found = [
        (item, page_text(truth, item["page"]))
        for item in json.loads((GOLD_DIR / "tune" / "questions.json").read_text())
    ]
    for folder in folders:
        for item in json.loads((folder / "questions.json").read_text()):
            found.append((item, (folder / f"{item['page']}.txt").read_text()))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, action="append", default=[], help="also a folder of tuning questions")
    args = parser.parse_args()
    truth = ground_truth()
    if truth is None or not (EVAL_DIR / "score.py").is_file():
        print("skipped: ../shared is absent", file=sys.stderr)
        return 2
    scorer = load_scorer(EVAL_DIR)
    rows: list[Row] = []
    for item, text in questions(truth, args.dir):
        article = make_article(item["page"], text)
        brief = brief_of(text, item["page"])
        question = item["question"]
        scored = answerer.rank(article, question, brief=brief)
        best = scored[0][0] if scored else 0.0
        top = [s.text for score, s in scored[: answerer.MAX_ANSWER_SENTENCES] if score >= best * answerer.SECOND_RATIO]
        answerable = bool(item["answerable"])
        row = Row(
            kind=answerer.kind(question),
            answerable=answerable,
            best=best,
            hit=answerable and answered_right(scorer, top, item["evidence"]),
            unknown=answerer._unknown_name(question, text),
        )
        rows.append(row)
        print(
            f"{row.kind:7} {'A' if answerable else 'U'} {best:5.2f} {'hit ' if row.hit else 'miss'} "
            f"{'unk' if row.unknown else '   '} {question}"
        )
    for kind in sorted({row.kind for row in rows}):
        of_kind = [row for row in rows if row.kind == kind]
        answerable_n = sum(row.answerable for row in of_kind)
        unanswerable_n = len(of_kind) - answerable_n
        print(f"\n{kind} (in use {answerer.MIN_SCORES[kind]:.2f}):")
        for step in range(STEPS):
            threshold = step * 0.05
            right = sum(row.right(threshold) for row in of_kind)
            declined = sum(row.declined(threshold) for row in of_kind)
            print(f"  threshold {threshold:.2f}: answerable right {right}/{answerable_n}, ", end="")
            print(f"declined {declined}/{unanswerable_n}")
    right = sum(row.right(answerer.MIN_SCORES[row.kind]) for row in rows)
    declined = sum(row.declined(answerer.MIN_SCORES[row.kind]) for row in rows)
    answerable_n = sum(row.answerable for row in rows)
    unanswerable_n = len(rows) - answerable_n
    print(
        f"\nin use: answerable right {right}/{answerable_n} = {right / max(answerable_n, 1):.2f}, "
        f"unanswerable declined {declined}/{unanswerable_n} = {declined / max(unanswerable_n, 1):.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
