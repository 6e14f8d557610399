"""The product's scorer gives the shared scorer's figures, so `briefbot eval` and ../shared/eval/score.py agree."""

from __future__ import annotations

import copy
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from bot.engines.extractive import brief_extractive
from bot.models import Article
from bot.service.evaluation import load_gold
from bot.service.scoring import fold, score
from tests.fakes.paths import FIXTURES, SHARED

EVAL = SHARED / "eval"
needs_shared = pytest.mark.skipif(not (EVAL / "score.py").is_file(), reason="../shared/eval is not present")


def shared_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score_for_parity", EVAL / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mangled(brief: dict[str, Any]) -> dict[str, Any]:
    """A worse brief that exercises every figure: garbled text, unknown speakers, invented quotes."""
    worse = copy.deepcopy(brief)
    worse["actors"] = [*worse["actors"][:2], {"name": "he", "role": None, "kind": "person"}]
    worse["claims"] = [
        *worse["claims"][:1],
        {"statement": "a , , b", "claimant": "Nobody", "quote": "not in it", "hedged": False, "disputed": False},
    ]
    worse["denials"] = worse["denials"] * 2
    worse["open_questions"] = [{"question": "Why was that", "why": "x"}]
    return worse


def near_miss(gold: dict[str, Any], share: float) -> dict[str, Any]:
    """Quotes holding ``share`` of each gold evidence, padded so they are not wholly inside it: the matching
    thresholds decide whether they count."""
    claims = []
    for item in gold.get("claims", []) + gold.get("denials", []):
        evidence = item["evidence"] if isinstance(item["evidence"], str) else item["evidence"][0]
        tokens = evidence.split()
        if tokens:
            fragment = tokens[: max(1, int(len(tokens) * share))]
            quote = " ".join(fragment + [f"filler{n}" for n in range(len(fragment))])  # not wholly inside
            claims.append(
                {"statement": quote, "claimant": item["by"][-1], "quote": quote, "hedged": False, "disputed": False}
            )
    return {
        "headline": "h",
        "summary": "s",
        "actors": [],
        "claims": claims,
        "denials": claims[:3],
        "open_questions": [],
    }


@needs_shared
@pytest.mark.parametrize("folder", [EVAL, FIXTURES / "briefs"], ids=["shared", "ours"])
def test_every_figure_equals_the_shared_scorer(folder: Path) -> None:
    scorer = shared_scorer()
    for case in load_gold(folder):
        brief = json.loads(brief_extractive(Article(source=case.id, text=case.text)).brief.model_dump_json())
        near = [near_miss(case.gold, share) for share in (0.3, 0.45, 0.55, 0.8)]
        for candidate in (brief, mangled(brief), *near):
            ours = score(case.gold, candidate, fold(case.text))
            theirs = scorer.score(case.gold, scorer.find_brief(candidate), scorer.fold(case.text))
            assert ours == theirs, case.id


def test_gold_of_the_beside_layout_loads_without_shared_data() -> None:
    cases = load_gold(FIXTURES / "briefs")
    assert len(cases) >= 8 and all(case.text for case in cases)
