"""What the model writes: briefs and answers that cite sentence numbers instead of copying quotes.

The public ``Brief`` stays the contract; these wire models are what the strict JSON schema sent to the model
describes. Copied quotes were most of the output tokens (and the part a model gets wrong); a citation costs a
few tokens, and ``to_brief`` fills in the article's own sentences, so a shown quote is verbatim by construction.
Oversized replies are rejected after parsing (``REJECT_OVER_CAPS``), so the model is re-asked, never stored.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import ClassVar

from pydantic import Field

from bot.grounding import NumberedText, cited_text
from bot.models import (
    MAX_ANSWER_CHARS,
    MAX_ANSWER_QUOTES,
    MAX_NAME_CHARS,
    MAX_STATEMENT_CHARS,
    Actor,
    Brief,
    Claim,
    Denial,
    OpenQuestion,
    StrictModel,
)

MAX_CITATIONS = 6  # numbers per item: a quote is a run of one to three sentences
# Whether a claim is hedged is a property of the cited words, so code reads it off the quote instead of the
# model spending output tokens on it (the public ``Claim.hedged`` keeps its meaning).
HEDGE_RE = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|(?:is|are|was|were) (?:said|believed|thought|reported) to|may|might"
    r"|according to (?:\w+\s+){0,2}sources|unconfirmed|unverified)\b",
    re.IGNORECASE,
)


class _Wire(StrictModel):
    REJECT_OVER_CAPS: ClassVar[bool] = True


class ActorCite(Actor):
    """The public Actor, refused rather than clipped when oversized (the model is re-asked)."""

    REJECT_OVER_CAPS: ClassVar[bool] = True


class QuestionCite(OpenQuestion):
    REJECT_OVER_CAPS: ClassVar[bool] = True


class ClaimCite(_Wire):
    CAPS: ClassVar[dict[str, int]] = {
        "statement": MAX_STATEMENT_CHARS,
        "claimant": MAX_NAME_CHARS,
        "sentences": MAX_CITATIONS,
    }

    statement: str = Field(description="The claim in neutral words, one sentence.")
    claimant: str = Field(description="Who makes the claim (an actor's name or 'the article' if unattributed).")
    sentences: list[int] = Field(description="Numbers of the one to three adjacent sentences that carry it.")


class DenialCite(_Wire):
    CAPS: ClassVar[dict[str, int]] = {
        "denier": MAX_NAME_CHARS,
        "denied": MAX_STATEMENT_CHARS,
        "sentences": MAX_CITATIONS,
    }

    denier: str = Field(description="Who denies, rejects or disputes (an actor's name).")
    denied: str = Field(description="What is denied, one neutral sentence.")
    sentences: list[int] = Field(description="Numbers of the sentences that carry the denial.")
    disputes_claim: int | None = Field(
        description="0-based index in `claims` of the claim this denial disputes, or null if none matches."
    )


class BriefCite(_Wire):
    CAPS: ClassVar[dict[str, int]] = Brief.CAPS  # the same caps as the public Brief it becomes

    headline: str = Field(description="A neutral headline of at most 15 words.")
    summary: str = Field(description="Two or three neutral sentences saying what happened and who says what.")
    actors: list[ActorCite] = Field(description="The key actors, most important first; no duplicates.")
    claims: list[ClaimCite] = Field(description="Attributed claims, each citing its sentences.")
    denials: list[DenialCite] = Field(description="Denials, rejections and disputes, each citing its sentences.")
    open_questions: list[QuestionCite] = Field(description="Questions the article leaves unresolved.")


class AnswerCite(_Wire):
    CAPS: ClassVar[dict[str, int]] = {"answer": MAX_ANSWER_CHARS, "sentences": MAX_ANSWER_QUOTES}

    answer: str = Field(description="The answer from the article alone, or a plain 'The article does not say.'")
    sentences: list[int] = Field(description="Numbers of the sentences that support the answer.")
    found: bool = Field(description="False when the article does not contain the answer.")


def to_brief(cite: BriefCite, numbered: NumberedText) -> tuple[Brief, Counter[str]]:
    """The public Brief with each citation replaced by the cited text; items citing no valid sentence are
    left out and counted as ``bad_citation`` (denial links are re-indexed past them)."""
    dropped: Counter[str] = Counter()
    claims: list[Claim] = []
    moved: dict[int, int] = {}
    for old, item in enumerate(cite.claims):
        quote = cited_text(item.sentences, numbered)
        if quote is None:
            dropped["bad_citation"] += 1
            continue
        moved[old] = len(claims)
        claims.append(
            Claim(
                statement=item.statement,
                claimant=item.claimant,
                quote=quote,
                hedged=HEDGE_RE.search(quote) is not None,
                disputed=False,
            )
        )
    denials: list[Denial] = []
    for denial in cite.denials:
        quote = cited_text(denial.sentences, numbered)
        if quote is None:
            dropped["bad_citation"] += 1
            continue
        target = moved.get(denial.disputes_claim) if denial.disputes_claim is not None else None
        denials.append(Denial(denier=denial.denier, denied=denial.denied, quote=quote, disputes_claim=target))
    brief = Brief(
        headline=cite.headline,
        summary=cite.summary,
        actors=[Actor.model_validate(actor.model_dump()) for actor in cite.actors],
        claims=claims,
        denials=denials,
        open_questions=[OpenQuestion.model_validate(question.model_dump()) for question in cite.open_questions],
    )
    return brief, dropped
