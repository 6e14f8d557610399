"""Quote grounding: find quotes in the article and keep only what verifies (pure: no I/O, no LLM)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.models import Answer, Brief, Claim, Denial, GroundingStats

# Characters folded to one ASCII form, so typography never decides whether a quote is genuine.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032`\u00b4", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)
_INVISIBLE_CHARS = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_EDGE_CHARS = " \"'.,;:!?-()[]"
_ELLIPSIS = "..."
MAX_ELLIPSIS_GAP_CHARS = 400  # an elided quote may skip at most this much article text between its parts
MIN_QUOTE_WORDS = 2  # a one-word "quote" proves nothing about who said what
CACHED_TEXTS = 16
_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his in is it its not of on or said says "
    "she that the their there they this to was were which who will with would".split()
)
MIN_LINK_OVERLAP_WORDS = 2


@dataclass(frozen=True)
class _Folded:
    """A normalised copy of a text; ``starts[i]``/``ends[i]`` are the original offsets of folded char i."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]


def _fold_char(ch: str) -> str:
    if ch.isascii() and not ch.isspace() and ch != '"':
        return ch.lower()
    if ch in _INVISIBLE_CHARS:
        return ""
    if ch.isspace():
        return " "
    folded = unicodedata.normalize("NFKC", ch.translate(_FOLD)).translate(_FOLD).casefold()
    return folded.replace('"', "")  # quotation marks inside a quote are often dropped or added by the model


def _fold(text: str) -> _Folded:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for index, ch in enumerate(text):
        for out in _fold_char(ch):
            if out == " " and (not chars or chars[-1] == " " or chars[-1] == "-"):
                continue  # collapse whitespace runs, and drop a space after a dash
            if out == "-" and chars and chars[-1] == " ":
                # and the space before it, so "a — b", "a - b" and "a—b" all fold to "a-b"
                chars.pop()
                starts.pop()
                ends.pop()
            if out == "-" and chars and chars[-1] == "-":
                ends[-1] = index + 1  # "--" is one dash
                continue
            chars.append(out)
            starts.append(index)
            ends.append(index + 1)
    return _Folded("".join(chars), tuple(starts), tuple(ends))


@lru_cache(maxsize=CACHED_TEXTS)
def _folded_text(text: str) -> _Folded:
    """Folding a whole article is the costly part; a brief looks up a dozen quotes in the same text."""
    return _fold(text)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _search(haystack: str, needle: str, start: int = 0, end: int | None = None) -> int:
    """First occurrence, preferring one that starts and ends on word boundaries."""
    stop = len(haystack) if end is None else end
    first = -1
    position = haystack.find(needle, start, stop)
    while position != -1:
        if first == -1:
            first = position
        before = haystack[position - 1] if position > 0 else " "
        after_index = position + len(needle)
        after = haystack[after_index] if after_index < len(haystack) else " "
        if not (_is_word_char(before) and _is_word_char(needle[0])) and not (
            _is_word_char(after) and _is_word_char(needle[-1])
        ):
            return position
        position = haystack.find(needle, position + 1, stop)
    return first


def _find_parts(folded: _Folded, parts: list[str]) -> tuple[int, int] | None:
    """Parts of an elided quote ("a ... b") must appear in order, close together."""
    begin = _search(folded.text, parts[0])
    while begin != -1:
        cursor = begin + len(parts[0])
        for part in parts[1:]:
            found = _search(folded.text, part, cursor, cursor + MAX_ELLIPSIS_GAP_CHARS + len(part))
            if found == -1:
                break
            cursor = found + len(part)
        else:
            return begin, cursor
        begin = folded.text.find(parts[0], begin + 1)
    return None


def find_quote(quote: str, text: str) -> str | None:
    """The exact article span a quote stands for, or None: only typography, case and spacing may differ."""
    needle = _fold(quote).text.strip(_EDGE_CHARS)
    if not any(ch.isalnum() for ch in needle):
        return None
    folded = _folded_text(text)
    position = _search(folded.text, needle)
    if position != -1:
        span: tuple[int, int] | None = (position, position + len(needle))
    else:
        parts = [part.strip(_EDGE_CHARS) for part in needle.split(_ELLIPSIS)]
        parts = [part for part in parts if part]
        span = _find_parts(folded, parts) if len(parts) > 1 else None
    if span is None:
        return None
    return text[folded.starts[span[0]] : folded.ends[span[1] - 1]]


def _verify(quote: str, text: str) -> str | None:
    found = find_quote(quote, text)
    if found is None or len(_WORD_RE.findall(found)) < MIN_QUOTE_WORDS:
        return None
    return found


def unverified_quotes(brief: Brief, text: str) -> list[str]:
    """The claim and denial quotes that would be dropped: what a grounding re-ask names to the model."""
    quotes = [claim.quote for claim in brief.claims] + [denial.quote for denial in brief.denials]
    return [quote for quote in quotes if _verify(quote, text) is None]


def content_words(text: str) -> set[str]:
    """Lower-cased words minus stop words: what overlap between a denial and a claim is measured on."""
    return {word for word in _WORD_RE.findall(_fold(text).text) if word not in _STOPWORDS}


def _same_speaker(first: str, second: str) -> bool:
    return bool(content_words(first) & content_words(second))


def _link_denial(denial: Denial, claims: list[Claim]) -> int | None:
    """The claim sharing most content words with the denial; a claim by someone else counts double."""
    words = content_words(f"{denial.denied} {denial.quote}")
    best: tuple[float, int] | None = None
    for index, claim in enumerate(claims):
        overlap = len(words & content_words(f"{claim.statement} {claim.quote}"))
        if overlap < MIN_LINK_OVERLAP_WORDS:
            continue
        score = overlap * (0.5 if _same_speaker(denial.denier, claim.claimant) else 1.0)
        if best is None or score > best[0]:
            best = (score, index)
    return None if best is None else best[1]


def _ground_claims(claims: list[Claim], text: str) -> tuple[list[Claim], dict[int, int]]:
    kept: list[Claim] = []
    new_index: dict[int, int] = {}
    for old, claim in enumerate(claims):
        found = _verify(claim.quote, text)
        if found is not None:
            new_index[old] = len(kept)
            kept.append(claim.model_copy(update={"quote": found}))
    return kept, new_index


def _ground_denials(denials: list[Denial], text: str) -> list[Denial]:
    kept = []
    for denial in denials:
        found = _verify(denial.quote, text)
        if found is not None:
            kept.append(denial.model_copy(update={"quote": found}))
    return kept


def link_denials(denials: list[Denial], claims: list[Claim], *, new_index: dict[int, int]) -> list[Denial]:
    """Keep the engine's link when its claim survived (re-indexed), else link by shared content words."""
    linked = []
    for denial in denials:
        target = denial.disputes_claim
        if target is not None and target in new_index:
            target = new_index[target]
        else:
            target = _link_denial(denial, claims)
        linked.append(denial.model_copy(update={"disputes_claim": target}))
    return linked


def mark_disputed(claims: list[Claim], denials: list[Denial]) -> list[Claim]:
    """``disputed`` is true exactly for the claims some denial points at."""
    targets = {denial.disputes_claim for denial in denials}
    return [claim.model_copy(update={"disputed": index in targets}) for index, claim in enumerate(claims)]


def ground_brief(brief: Brief, text: str) -> tuple[Brief, GroundingStats]:
    """Drop claims and denials whose quote is not in the article; the rest show the article's own words."""
    claims, new_index = _ground_claims(brief.claims, text)
    denials = _ground_denials(brief.denials, text)
    denials = link_denials(denials, claims, new_index=new_index)
    claims = mark_disputed(claims, denials)
    checked = len(brief.claims) + len(brief.denials)
    verified = len(claims) + len(denials)
    stats = GroundingStats(checked=checked, verified=verified, dropped=checked - verified)
    return brief.model_copy(update={"claims": claims, "denials": denials}), stats


def ground_answer(answer: Answer, text: str) -> tuple[Answer, GroundingStats]:
    """Keep only supporting quotes found verbatim in the article, each once."""
    kept: list[str] = []
    for quote in answer.quotes:
        found = _verify(quote, text)
        if found is not None and found not in kept:
            kept.append(found)
    checked = len(answer.quotes)
    stats = GroundingStats(checked=checked, verified=len(kept), dropped=checked - len(kept))
    return answer.model_copy(update={"quotes": kept}), stats
