"""Grounding a brief or an answer: keep only claims and denials whose quote carries them, count the rest.

Every engine's output passes through ``ground_brief`` exactly once (see ``bot.engines``); the LLM's
citations become quotes through ``cited_text`` first, so what it shows is the article's own text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.grounding.checks import MIN_CLAUSE_WORDS, check_quote, content_words
from bot.grounding.quotes import find_quote, words_of
from bot.grounding.sentences import NumberedText, number_sentences
from bot.models import MAX_QUOTE_CHARS, Answer, Brief, Claim, Denial, GroundingStats, clip_text

MIN_LINK_OVERLAP_WORDS = 2
MAX_CITED_SENTENCES = 3  # a quote is one run of adjacent sentences: more is a paragraph, not a quote
MIN_ANSWER_QUOTE_WORDS = 2  # a one-word "quote" proves nothing


def cited_text(numbers: Sequence[int], numbered: NumberedText) -> str | None:
    """The article text of the cited sentences, whitespace-normalised and trimmed for display; None when a
    number is out of range or none is given. Only the first run of adjacent numbers is quoted."""
    wanted = sorted(set(numbers))
    if not wanted or any(numbered.get(n) is None for n in wanted):
        return None
    run = [wanted[0]]
    for n in wanted[1:]:
        if n != run[-1] + 1 or len(run) == MAX_CITED_SENTENCES:
            break
        run.append(n)
    first, last = numbered.get(run[0]), numbered.get(run[-1])
    assert first is not None and last is not None  # checked above
    # A prefix (cut at a space when there is one) is still a verbatim excerpt.
    return clip_text(" ".join(numbered.text[first.start : last.end].split()), MAX_QUOTE_CHARS) or None


def _same_speaker(first: str, second: str) -> bool:
    return bool(content_words(first) & content_words(second))


def _link_denial(denial: Denial, claims: list[Claim]) -> int | None:
    """The claim sharing most content words with the denial. Nobody disputes their own claim, nor the claim
    made in the very sentence of the denial ("rejected X, saying Y": Y is the denier's own account)."""
    words = content_words(f"{denial.denied} {denial.quote}")
    best: tuple[int, int] | None = None
    for index, claim in enumerate(claims):
        if _same_speaker(denial.denier, claim.claimant) or claim.quote == denial.quote:
            continue
        overlap = len(words & content_words(f"{claim.statement} {claim.quote}"))
        if overlap < MIN_LINK_OVERLAP_WORDS:
            continue
        score = overlap
        if best is None or score > best[0]:
            best = (score, index)
    return None if best is None else best[1]


def link_denials(denials: list[Denial], claims: list[Claim], *, new_index: dict[int, int]) -> list[Denial]:
    """Keep the engine's link when its claim survived (re-indexed); when that claim was dropped, link by shared
    content words. A denial the engine linked to nothing stays unlinked: a link is shown only when clear."""
    linked = []
    for denial in denials:
        target = denial.disputes_claim
        if target is not None:
            target = new_index[target] if target in new_index else _link_denial(denial, claims)
        linked.append(denial.model_copy(update={"disputes_claim": target}))
    return linked


def mark_disputed(claims: list[Claim], denials: list[Denial]) -> list[Claim]:
    """``disputed`` is true exactly for the claims some denial points at."""
    targets = {denial.disputes_claim for denial in denials}
    return [claim.model_copy(update={"disputed": index in targets}) for index, claim in enumerate(claims)]


def _claim_at(claims: Sequence[Claim], index: int | None) -> Claim | None:
    return claims[index] if index is not None and 0 <= index < len(claims) else None


def ground_brief(
    brief: Brief, text: str | NumberedText, *, already_dropped: Counter[str] | None = None
) -> tuple[Brief, GroundingStats]:
    """Drop claims and denials whose quote does not carry them (``bot.grounding.checks``); the rest show the
    article's own words. ``already_dropped`` counts items a caller dropped before (uncitable numbers)."""
    numbered = number_sentences(text) if isinstance(text, str) else text
    why: Counter[str] = Counter(already_dropped or {})
    claims: list[Claim] = []
    new_index: dict[int, int] = {}
    for old, claim in enumerate(brief.claims):
        found, failure = check_quote(
            quote=claim.quote, speaker=claim.claimant, statement=claim.statement, numbered=numbered
        )
        if failure is not None or found is None:
            why[failure or "not_found"] += 1
            continue
        new_index[old] = len(claims)
        claims.append(claim.model_copy(update={"quote": found}))
    denials: list[Denial] = []
    for denial in brief.denials:
        target = _claim_at(brief.claims, denial.disputes_claim)
        found, failure = check_quote(
            quote=denial.quote,
            speaker=denial.denier,
            statement=denial.denied,
            numbered=numbered,
            denial=True,
            support=f"{target.statement} {target.quote}" if target is not None else "",
        )
        if failure is not None or found is None:
            why[failure or "not_found"] += 1
            continue
        denials.append(denial.model_copy(update={"quote": found}))
    denials = link_denials(denials, claims, new_index=new_index)
    claims = mark_disputed(claims, denials)
    dropped = sum(why.values())
    verified = len(claims) + len(denials)
    stats = GroundingStats(checked=verified + dropped, verified=verified, dropped=dropped, why=dict(why))
    return brief.model_copy(update={"claims": claims, "denials": denials}), stats


def ground_answer(answer: Answer, text: str) -> tuple[Answer, GroundingStats]:
    """Keep only supporting quotes found verbatim in the article, each once."""
    kept: list[str] = []
    for quote in answer.quotes:
        found = find_quote(quote, text)
        if found is not None and len(words_of(found)) >= MIN_ANSWER_QUOTE_WORDS and found not in kept:
            kept.append(found)
    checked = len(answer.quotes)
    stats = GroundingStats(checked=checked, verified=len(kept), dropped=checked - len(kept))
    return answer.model_copy(update={"quotes": kept}), stats


__all__ = ["MIN_CLAUSE_WORDS", "cited_text", "ground_answer", "ground_brief", "link_denials", "mark_disputed"]
