"""`briefbot eval`: brief every article of a gold folder with the configured engine and score it.

Gold folder format (DESIGN.md, ``eval/``): ``DIR/gold/ID.json`` whose ``article`` names the text relative to
DIR, or ``DIR/ID.json`` whose ``article`` names a text beside it. Figures come from ``scoring`` (the shared
scorer's rules). Briefs run through the same engines and grounding as chat users get, without the store.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.engines import EngineChoice
from bot.errors import InvalidSourceError
from bot.models import Article
from bot.service.briefs import BriefService
from bot.service.scoring import fold, score

# `--min-NAME` flags and the figure each one bounds (the same names as the shared score.py).
THRESHOLDS: dict[str, str] = {
    "actor-recall": "actor_recall",
    "actor-precision": "actor_precision",
    "claim-recall": "claims_recall",
    "denial-recall": "denials_recall",
    "question-recall": "open_question_recall",
    "grounded": "grounded",
    "attribution": "attribution_precision",
}
# Columns of the table, in order: figure key and header.
COLUMNS = (
    ("actor_recall", "actors"),
    ("actor_precision", "precision"),
    ("claims_recall", "claims"),
    ("denials_recall", "denials"),
    ("open_question_recall", "questions"),
    ("grounded", "grounded"),
    ("attribution_precision", "attrib"),
)
MISS_KEYS = ("actor_missed", "claims_missed", "denials_missed", "garbled", "leaked")
NO_GOLD_MESSAGE = "No gold files found: expected DIR/gold/ID.json or DIR/ID.json in the eval format."


@dataclass(frozen=True)
class GoldCase:
    """One gold annotation and the article text it scores."""

    id: str
    gold: dict[str, Any]
    text: str


@dataclass
class ArticleScore:
    id: str
    engine: str
    figures: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    rows: list[ArticleScore]
    means: dict[str, float]

    def misses(self) -> dict[str, dict[str, list[str]]]:
        """Per article, what it missed or garbled (empty lists left out)."""
        found = {row.id: {key: row.figures[key] for key in MISS_KEYS if row.figures.get(key)} for row in self.rows}
        return {name: items for name, items in found.items() if items}

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": [
                {"id": row.id, "engine": row.engine, "warnings": row.warnings, **row.figures} for row in self.rows
            ],
            "means": self.means,
            "misses": self.misses(),
        }


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidSourceError(
            f"unreadable gold file {path}: {exc}", user_message=f"The gold file {path.name} is not readable JSON."
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("article"), str):
        raise InvalidSourceError(
            f"gold file {path} has no 'article'", user_message=f"The gold file {path.name} does not name its article."
        )
    return data


def load_gold(folder: Path) -> list[GoldCase]:
    """Every gold case in ``folder``, sorted by id; an unusable folder or file is an InvalidSourceError."""
    nested = sorted((folder / "gold").glob("*.json"))
    paths, base = (nested, folder) if nested else (sorted(folder.glob("*.json")), None)
    if not paths:
        raise InvalidSourceError(f"no gold files in {folder}", user_message=NO_GOLD_MESSAGE)
    cases = []
    for path in paths:
        gold = _read_json(path)
        article = (base or path.parent) / gold["article"]
        try:
            text = article.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidSourceError(
                f"article {article} for {path}: {exc}", user_message=f"The article named by {path.name} cannot be read."
            ) from exc
        cases.append(GoldCase(id=path.stem, gold=gold, text=text))
    return cases


def score_brief(case: GoldCase, brief: Mapping[str, Any]) -> dict[str, Any]:
    """The scorer's figures plus ``grounded``: the lower of the claim and denial grounding shares."""
    figures = score(case.gold, json.loads(json.dumps(dict(brief))), fold(case.text))
    figures["grounded"] = min(figures["claims_grounded"], figures["denials_grounded"])
    return figures


async def evaluate(service: BriefService, folder: Path, *, engine: EngineChoice | None = None) -> EvalReport:
    """Brief each gold article with ``engine`` (the configured one by default) and score it."""
    rows = []
    for case in load_gold(folder):
        article = Article(
            source=case.id, title=case.gold.get("title"), text=case.text, word_count=len(case.text.split())
        )
        result = await service.brief_article(article, engine=engine)
        rows.append(
            ArticleScore(
                id=case.id,
                engine=result.meta.engine,
                figures=score_brief(case, result.brief.model_dump()),
                warnings=result.meta.warnings,
            )
        )
    means = {key: sum(row.figures[key] for row in rows) / len(rows) for key, _ in COLUMNS}
    means["garbled"] = float(sum(len(row.figures["garbled"]) for row in rows))
    return EvalReport(rows=rows, means=means)


def shortfalls(report: EvalReport, minimums: Mapping[str, float | None]) -> list[str]:
    """Each ``--min-NAME`` threshold the means miss, as 'NAME 0.62 < 0.8'."""
    short = []
    for name, minimum in minimums.items():
        if minimum is not None and report.means[THRESHOLDS[name]] < minimum:
            short.append(f"{name} {report.means[THRESHOLDS[name]]:.2f} < {minimum}")
    return short


def render_table(report: EvalReport) -> str:
    """One row per article, the means, then the misses: what `briefbot eval` prints."""
    width = max([len(row.id) for row in report.rows] + [8]) + 2
    header = "article".ljust(width) + "".join(f"{title:>10}" for _, title in COLUMNS) + f"{'garbled':>9}  engine"
    lines = [header]
    for row in report.rows:
        cells = "".join(f"{row.figures[key]:>10.2f}" for key, _ in COLUMNS)
        lines.append(f"{row.id.ljust(width)}{cells}{len(row.figures['garbled']):>9}  {row.engine}")
    means = "".join(f"{report.means[key]:>10.2f}" for key, _ in COLUMNS)
    lines.append(f"{'mean'.ljust(width)}{means}{int(report.means['garbled']):>9}")
    misses = report.misses()
    if misses:
        lines.append("")
        lines.append("misses:")
        for name, items in misses.items():
            for key, values in items.items():
                lines.append(f"  {name} {key}: " + "; ".join(str(v)[:100] for v in values))
    return "\n".join(lines)
