"""What attribution finds: the Finding record, denial and reference cues, and quotations across sentences.

Pure text helpers for attribution; stdlib and the clauses, cues and sentences modules only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engines.extractive.clauses import quoted_ranges
from bot.engines.extractive.cues import DENIAL_VERBS, REFERENCE_NOUNS
from bot.engines.extractive.sentences import Sentence

# "it said that it rejected the findings": a reported clause whose own verb is a denial.
CLAUSE_DENIAL_RE = re.compile(
    rf"^\s*(?:that\s+)?(?:it|he|she|they|we|the \w+)\s+(?:had\s+|has\s+|also\s+)?(?:{DENIAL_VERBS})\b"
)
PARTICIPLE_RE = re.compile(
    r",\s+(?:claiming|saying|arguing|insisting|adding|asserting)\s+(?:that\s+)?(?P<c>.+)$"
)
ACCORDING_RE = re.compile(r"\baccording to\s+(?P<who>[^,.;\"“”(]{2,80})", re.IGNORECASE)
DENY_NEEDS_REFERENCE = re.compile(
    r"^(?:rejected|rejects|reject|rejecting|dismissed|dismisses|dismissing|disputed"
    r"|disputes|dispute|contradicted|contradicts)$"
)
REFERENCE_RE = re.compile(
    rf"\b(?:{REFERENCE_NOUNS}|that|suggestion|idea|notion|premise|narrative|speculation"
    rf"|rumou?rs?|criticism|characteri[sz]ation)\b"
)
BY_AGENT_RE = re.compile(r"^\s+by\s+(?P<who>(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")
PASSIVE_BEFORE_RE = re.compile(r"\b(?:was|were|been|be|being|is|are)\s+(?:\w+ly\s+)?$")


MAX_CONTINUED_SENTENCES = 3
QUOTE_CHAR_RE = re.compile(r"[\"“”]")


def opens_or_continues(text: str) -> bool:
    """A sentence that opens with a quotation mark, or begins inside a quotation opened before it."""
    ranges = quoted_ranges(text)
    return text.startswith(('"', "“")) or (bool(ranges) and ranges[0][0] == 0)


@dataclass
class Finding:
    """One attributed claim or denial before it becomes a Claim or a Denial."""

    kind: str  # "claim" or "denial"
    speaker: str
    clause: str
    quote: str
    sentence: Sentence
    hedged: bool
    reference: str = ""
    reported: bool = False
    clausal: bool = False
    quoted: bool = False


def reporting_order(text: str, matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """'Sondland said he had relayed ..., Morrison testified.': a closing attribution outranks an inner one."""
    if len(matches) < 2:
        return matches
    last = matches[-1]
    closing = re.fullmatch(r"[^,;]{0,40}?[.!?]?[\"”’]?", text[last.end() :]) is not None
    named = re.search(r",\s+(?:[\w.'’-]+\s+){1,5}$", text[: last.start()]) is not None
    return [last, *matches[:-1]] if closing and named else matches


def open_before(text: str, sentences: list[Sentence], sentence: Sentence) -> bool:
    """Whether a quotation opened earlier in the paragraph is still open where this sentence starts."""
    first = sentence.index
    while first and sentences[first - 1].paragraph == sentence.paragraph:
        first -= 1
    before = text[sentences[first].start : sentence.start]
    return before.count("“") > before.count("”") or ("“" not in before and before.count('"') % 2 == 1)
