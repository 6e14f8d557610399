"""Score the offline (extractive) engine on gold files: every figure of the shared scorer, per article and per set.

Sets:

- ``tune``: bench/gold/tune, real news pages whose text is ``ground-truth.json[page]["articleBody"]`` in
  ../shared/bench/extraction. The rules are tuned on this half only.
- ``check``: bench/gold/check, the held-out half of the same pages. Report it; never tune on it.
- ``shared``: the four articles of ../shared/eval (old tuning material).
- ``ours``: our eight fictional articles in tests/fixtures/briefs (old tuning material).

Run from the repository root: ``python3 bench/eval_briefs.py --set check`` (``--set all`` for every set; add
``--verbose`` for the garbled lines, missed items and unknown speakers). ``--dir PATH`` scores any folder of
``<id>.json`` gold files whose ``article`` names a text beside them (and answers its ``questions.json``, if any).

Follow-up questions (``questions.json`` of tune and check) are answered by the offline answerer given the
article and its offline brief:

- *answerable right*: the answer is not a refusal, and the gold evidence lies within its quoted sentences
  (folded for case, spacing and quote marks), or at least half of the evidence's content words (the scorer's
  ``words``) occur in them. The answerer quotes at most two sentences, so a long answer cannot game this.
- *unanswerable declined*: for a question the article cannot answer, the answer says the article does not say.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

REPO_DIR = Path(__file__).resolve().parent.parent
if str(REPO_DIR) not in sys.path:  # `python3 bench/eval_briefs.py` from the repository root
    sys.path.insert(0, str(REPO_DIR))

from bot.engines.extractive import answer_extractive, brief_extractive  # noqa: E402
from bot.models import Article, Brief  # noqa: E402

SHARED_DIR = REPO_DIR.parent / "shared"
EVAL_DIR = SHARED_DIR / "eval"
GROUND_TRUTH = SHARED_DIR / "bench" / "extraction" / "ground-truth.json"
OURS_DIR = REPO_DIR / "tests" / "fixtures" / "briefs"
GOLD_DIR = REPO_DIR / "bench" / "gold"
SETS = ("tune", "check", "shared", "ours")
COLUMNS = (
    ("actor_recall", "act.R"),
    ("actor_precision", "act.P"),
    ("claims_recall", "claims"),
    ("denials_recall", "denials"),
    ("open_question_recall", "quest"),
    ("attribution_precision", "attrib"),
    ("claims_grounded", "c.grnd"),
    ("denials_grounded", "d.grnd"),
)
VERBOSE_KEYS = (
    "garbled",
    "actor_missed",
    "actor_unknown",
    "claims_missed",
    "denials_missed",
    "attribution_unknown",
    "leaked",
)
EVIDENCE_SHARE = 0.5


@dataclass
class Case:
    """One gold file with its article text."""

    name: str
    gold: dict[str, Any]
    text: str


def load_scorer(eval_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("briefbot_eval_score", eval_dir / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {eval_dir / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_article(name: str, text: str) -> Article:
    return Article(source=name, text=text, word_count=len(text.split()))


def brief_of(text: str, name: str) -> Brief:
    return brief_extractive(make_article(name, text)).brief


def score_case(scorer: ModuleType, case: Case, brief: Brief) -> dict[str, Any]:
    dumped = json.loads(json.dumps({"brief": brief.model_dump()}))
    result: dict[str, Any] = scorer.score(case.gold, scorer.find_brief(dumped), scorer.fold(case.text))
    return result


def article_path(gold_path: Path, relative: str) -> Path:
    """Shared gold names ``articles/x.txt`` beside ``gold/``; ours sit next to their gold file."""
    beside = gold_path.parent / relative
    return beside if beside.is_file() else gold_path.parent.parent / relative


def ground_truth() -> dict[str, dict[str, str]] | None:
    if not GROUND_TRUTH.is_file():
        return None
    data: dict[str, dict[str, str]] = json.loads(GROUND_TRUTH.read_text())
    return data


def page_text(truth: dict[str, dict[str, str]], page: str) -> str:
    """The article body of a page id (full, or the 12-character prefix the question files use)."""
    if page in truth:
        return truth[page]["articleBody"]
    matches = [key for key in truth if key.startswith(page)]
    if len(matches) != 1:
        raise KeyError(page)
    return truth[matches[0]]["articleBody"]


def cases(name: str, eval_dir: Path) -> list[Case]:
    """The gold files of a set with their texts; [] (and a message) when the data is not here."""
    if name in {"tune", "check"}:
        truth = ground_truth()
        if truth is None:
            print(f"[{name}] skipped: no article texts at {GROUND_TRUTH} (../shared is absent)", file=sys.stderr)
            return []
        found = []
        for path in sorted((GOLD_DIR / name).glob("*.json")):
            if path.name == "questions.json":
                continue
            gold = json.loads(path.read_text())
            found.append(Case(path.stem, gold, page_text(truth, gold["page"])))
        return found
    folder = eval_dir / "gold" if name == "shared" else OURS_DIR
    if name == "shared" and not folder.is_dir():
        print(f"[shared] skipped: no gold files at {folder} (../shared is absent)", file=sys.stderr)
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text())
        found.append(Case(path.stem, gold, article_path(path, gold["article"]).read_text()))
    return found


def _mean(rows: list[dict[str, Any]], key: str) -> float:
    values = [float(r[key]) for r in rows]
    return sum(values) / len(values) if values else 0.0


def print_table(title: str, rows: list[tuple[str, dict[str, Any]]], *, verbose: bool) -> dict[str, float]:
    """One line per article and the means; returns the means."""
    head = "".join(f"{t:>8}" for _, t in COLUMNS)
    print(f"{title:16}{head}{'garbled':>8}{'overflw':>8}{'leaked':>8}")
    for name, result in rows:
        cells = "".join(f"{result[key]:>8.2f}" for key, _ in COLUMNS)
        extra = f"{len(result['garbled']):>8}{result['denials_overflow']:>8}{len(result['leaked']):>8}"
        print(f"{name[:16]:16}{cells}{extra}")
        if verbose:
            for key in VERBOSE_KEYS:
                if result[key]:
                    print(f"    {key}: {result[key]}")
    results = [r for _, r in rows]
    means = {key: _mean(results, key) for key, _ in COLUMNS}
    means["garbled"] = float(sum(len(r["garbled"]) for r in results))
    means["denials_overflow"] = float(sum(r["denials_overflow"] for r in results))
    means["leaked"] = float(sum(len(r["leaked"]) for r in results))
    cells = "".join(f"{means[key]:>8.2f}" for key, _ in COLUMNS)
    totals = f"{int(means['garbled']):>8}{int(means['denials_overflow']):>8}{int(means['leaked']):>8}"
    print(f"{'mean (n=' + str(len(rows)) + ')':16}{cells}{totals}   (garbled/overflow/leaked: totals)")
    return means


def answered_right(scorer: ModuleType, quotes: list[str], evidence: str | list[str]) -> bool:
    """The evidence lies within the quoted sentences, or half of its content words are in them."""
    if isinstance(evidence, list):
        return any(answered_right(scorer, quotes, e) for e in evidence)
    said = scorer.fold(" ".join(quotes))
    if scorer.fold(evidence) in said:
        return True
    wanted = scorer.words(evidence)
    return bool(wanted) and len(wanted & scorer.words(said)) / len(wanted) >= EVIDENCE_SHARE


def follow_ups(
    scorer: ModuleType, path: Path, by_id: dict[str, tuple[Case, Brief]], *, verbose: bool
) -> dict[str, float] | None:
    """Answer a questions.json; print and return answerable-right and unanswerable-declined.

    A question's page is one of the scored cases (by id prefix) or, failing that, a page of the ground truth."""
    if not path.is_file() or not by_id:
        return None
    truth = ground_truth() or {}
    right = answerable = declined = unanswerable = 0
    misses: list[str] = []
    for item in json.loads(path.read_text()):
        page = item["page"]
        known = next((pair for key, pair in by_id.items() if key.startswith(page[:12])), None)
        text = known[0].text if known else page_text(truth, page)
        brief = known[1] if known else brief_of(text, page)
        answer = answer_extractive(make_article(page, text), item["question"], brief=brief)
        if item.get("answerable", item.get("evidence") is not None):
            answerable += 1
            ok = answer.found and answered_right(scorer, answer.quotes, item["evidence"])
            right += ok
            if not ok:
                misses.append(f"answerable {page[:12]}: {item['question']} -> {answer.answer[:160]}")
        else:
            unanswerable += 1
            ok = not answer.found
            declined += ok
            if not ok:
                misses.append(f"unanswerable {page[:12]}: {item['question']} -> {answer.answer[:160]}")
    figures = {
        "answerable_right": right / answerable if answerable else 1.0,
        "unanswerable_declined": declined / unanswerable if unanswerable else 1.0,
    }
    print(
        f"follow-ups: answerable right {right}/{answerable} = {figures['answerable_right']:.2f}; "
        f"unanswerable declined {declined}/{unanswerable} = {figures['unanswerable_declined']:.2f}"
    )
    if verbose:
        for miss in misses:
            print(f"    {miss}")
    return figures


def run_set(scorer: ModuleType, name: str, eval_dir: Path, *, verbose: bool) -> dict[str, float] | None:
    found = cases(name, eval_dir)
    if not found:
        return None
    briefs = {case.name: (case, brief_of(case.text, case.name)) for case in found}
    rows = [(case.name, score_case(scorer, case, brief)) for case, brief in briefs.values()]
    means = print_table(f"[{name}]", rows, verbose=verbose)
    asked = follow_ups(scorer, GOLD_DIR / name / "questions.json", briefs, verbose=verbose)
    if asked:
        means.update(asked)
    print()
    return means


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR)
    parser.add_argument("--verbose", action="store_true", help="also print garbled lines, misses, unknown speakers")
    parser.add_argument("--set", choices=(*SETS, "all"), default="all", dest="which")
    parser.add_argument("--dir", type=Path, default=None, help="score this folder of gold+txt pairs instead")
    parser.add_argument("--json", type=Path, default=None, help="also write the per-set means to this file")
    args = parser.parse_args()
    if not (args.eval_dir / "score.py").is_file():
        print(f"skipped: no scorer at {args.eval_dir / 'score.py'} (../shared is absent)", file=sys.stderr)
        return 2
    scorer = load_scorer(args.eval_dir)
    if args.dir is not None:
        briefs = {}
        for path in sorted(args.dir.glob("*.json")):
            if path.name == "questions.json":
                continue
            gold = json.loads(path.read_text())
            case = Case(path.stem, gold, article_path(path, gold["article"]).read_text())
            briefs[case.name] = (case, brief_of(case.text, case.name))
        rows = [(case.name, score_case(scorer, case, brief)) for case, brief in briefs.values()]
        print_table(f"[{args.dir.name}]", rows, verbose=args.verbose)
        follow_ups(scorer, args.dir / "questions.json", briefs, verbose=args.verbose)
        return 0
    summary: dict[str, dict[str, float]] = {}
    for name in SETS if args.which == "all" else (args.which,):
        means = run_set(scorer, name, args.eval_dir, verbose=args.verbose)
        if means is not None:
            summary[name] = means
    if args.json is not None:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
