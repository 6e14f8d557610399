"""Merging the briefs of an article's parts into one brief (pure): actors, claims, denials and questions are
pooled in code; the headline and summary get one small LLM call over the part ledes (see ``BriefLede``).

Imports no LLM client and nothing from the platforms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.grounding import content_words, mark_disputed
from bot.models import Actor, Brief, Claim, Denial, OpenQuestion

_KEY_RE = re.compile(r"[^\w]+")


def _key(text: str) -> str:
    """Case, punctuation and typography do not make two items different."""
    return _KEY_RE.sub(" ", text.casefold()).strip()


def _is_alias(short: str, long: str) -> bool:
    """'Netanyahu' is 'Benjamin Netanyahu': every word of the shorter name appears in the longer one."""
    short_words, long_words = set(_key(short).split()), set(_key(long).split())
    return bool(short_words) and short_words <= long_words


def merge_actors(groups: Sequence[Sequence[Actor]]) -> list[Actor]:
    merged: list[Actor] = []
    for actor in (actor for group in groups for actor in group):
        for index, known in enumerate(merged):
            if _is_alias(actor.name, known.name) or _is_alias(known.name, actor.name):
                longer = actor if len(actor.name) > len(known.name) else known
                merged[index] = longer.model_copy(update={"role": longer.role or known.role or actor.role})
                break
        else:
            merged.append(actor)
    return merged


def _same_claim(first: Claim | Denial, second: Claim | Denial) -> bool:
    if _key(first.quote) == _key(second.quote):
        return True
    a, b = _key(first.quote), _key(second.quote)
    return bool(a and b) and (a in b or b in a)


def _merge_statements(groups: Sequence[Sequence[Claim]]) -> tuple[list[Claim], dict[tuple[int, int], int]]:
    """De-duplicated claims, and where each (part, old index) went."""
    claims: list[Claim] = []
    where: dict[tuple[int, int], int] = {}
    for part, group in enumerate(groups):
        for old, claim in enumerate(group):
            match = next((i for i, known in enumerate(claims) if _same_claim(known, claim)), None)
            if match is None:
                match = len(claims)
                claims.append(claim)
            where[(part, old)] = match
    return claims, where


def _merge_denials(groups: Sequence[Sequence[Denial]], where: dict[tuple[int, int], int]) -> list[Denial]:
    denials: list[Denial] = []
    for part, group in enumerate(groups):
        for denial in group:
            target = denial.disputes_claim
            moved = denial.model_copy(
                update={"disputes_claim": where.get((part, target)) if target is not None else None}
            )
            if not any(_same_claim(known, moved) for known in denials):
                denials.append(moved)
    return denials


def _merge_questions(groups: Sequence[Sequence[OpenQuestion]]) -> list[OpenQuestion]:
    questions: list[OpenQuestion] = []
    seen: list[set[str]] = []
    for question in (q for group in groups for q in group):
        words = content_words(question.question)
        if any(words == other or (words and len(words & other) >= 0.8 * len(words)) for other in seen):
            continue
        seen.append(words)
        questions.append(question)
    return questions


def _schema_only_fields(schema: dict[str, Any]) -> None:
    """The schema is prompt: no titles, and no class docstring (it is written for engineers, not the model)."""
    schema.pop("title", None)
    schema.pop("description", None)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)


class BriefLede(BaseModel):
    """The merge step's tiny strict schema.

    Why an LLM call and not a rule: a rule can only pick one part's lede (the first part misses a denial or a
    turn that comes late in a long article) or concatenate them (which breaks the two-to-three-sentence
    contract and repeats the context each part restates). Re-writing the part ledes is what a model does
    well, and it is cheap: about 80 tokens per part plus ~190 fixed in, one short reply out
    (``python3 bench/prompt_overhead.py``). Nothing else depends on it: claims, denials and quotes are
    merged in code and verified as before, and a failed merge call falls back to the first part's lede.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra=_schema_only_fields)

    headline: str = Field(description="A neutral headline of at most 15 words for the whole article.")
    summary: str = Field(
        description="Two or three neutral sentences on the whole article: what happened, who says what."
    )


def render_part_ledes(parts: Sequence[Brief]) -> str:
    """What the merge call reads: each part's headline and summary, in article order."""
    return "\n".join(f"Part {number}: {part.headline}\n{part.summary}" for number, part in enumerate(parts, start=1))


def merge_briefs(parts: Sequence[Brief], *, lede: BriefLede | None = None) -> Brief:
    """One brief from the parts' briefs; without ``lede``, headline and summary come from the first part
    (where news stories put the news): the fallback when the merge call failed."""
    if not parts:
        raise ValueError("merge_briefs needs at least one brief")
    claims, where = _merge_statements([part.claims for part in parts])
    denials = _merge_denials([part.denials for part in parts], where)
    return Brief(
        headline=lede.headline if lede is not None else parts[0].headline,
        summary=lede.summary if lede is not None else parts[0].summary,
        actors=merge_actors([part.actors for part in parts]),
        claims=mark_disputed(claims, denials),
        denials=denials,
        open_questions=_merge_questions([part.open_questions for part in parts]),
    )
