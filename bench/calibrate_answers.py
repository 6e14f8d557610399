"""Calibrate the offline answerer's "the article does not say" threshold on the TUNE questions only.

For each tune question it prints the best sentence's score, whether the top sentences hold the evidence, and then
answerable-right / unanswerable-declined for a sweep of thresholds. The chosen value is
``bot.engines.extractive.answer.MIN_SCORE``. The check questions are never read here.

Run from the repository root: ``python3 bench/calibrate_answers.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

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


def main() -> int:
    truth = ground_truth()
    if truth is None or not (EVAL_DIR / "score.py").is_file():
        print("skipped: ../shared is absent", file=sys.stderr)
        return 2
    scorer = load_scorer(EVAL_DIR)
    rows: list[tuple[bool, float, bool, bool]] = []  # answerable, best score, top holds evidence, unknown name
    for item in json.loads((GOLD_DIR / "tune" / "questions.json").read_text()):
        text = page_text(truth, item["page"])
        article = make_article(item["page"], text)
        brief = brief_of(text, item["page"])
        scored = answerer.rank(article, item["question"], brief=brief)
        best = scored[0][0] if scored else 0.0
        top = [s.text for score, s in scored[: answerer.MAX_ANSWER_SENTENCES] if score >= best * answerer.SECOND_RATIO]
        unknown = answerer._unknown_name(item["question"], text)
        answerable = bool(item["answerable"])
        hit = answerable and answered_right(scorer, top, item["evidence"])
        rows.append((answerable, best, hit, unknown))
        print(
            f"{'A' if answerable else 'U'} {best:5.2f} {'hit ' if hit else 'miss'} {'unk' if unknown else '   '} "
            f"{item['question']}"
        )
    answerable_n = sum(r[0] for r in rows)
    unanswerable_n = len(rows) - answerable_n
    for step in range(13):
        threshold = step * 0.05
        right = sum(1 for a, s, h, u in rows if a and h and s >= threshold and not u)
        declined = sum(1 for a, s, h, u in rows if not a and (s < threshold or u))
        print(
            f"threshold {threshold:.2f}: answerable right {right}/{answerable_n}, "
            f"unanswerable declined {declined}/{unanswerable_n}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
