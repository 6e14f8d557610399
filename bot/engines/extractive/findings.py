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
PARTICIPLE_RE = re.compile(r",\s+(?:claiming|saying|arguing|insisting|adding|asserting)\s+(?:that\s+)?(?P<c>.+)$")
# The source runs to the first clause break; the period of an initial ("the U.S. District Court") is no break.
ACCORDING_RE = re.compile(
    r"\baccording to\s+(?P<who>(?:[^,.;\"“”(]|(?-i:(?<=\b[A-Z])\.(?=\s*[A-Z]|[a-z]\.))){2,80})", re.IGNORECASE
)
DENY_NEEDS_REFERENCE = re.compile(
    r"^(?:rejected|rejects|reject|rejecting|dismissed|dismisses|dismissing|disputed"
    r"|disputes|dispute|contradicted|contradicts)$"
)
REFERENCE_RE = re.compile(
    rf"\b(?:{REFERENCE_NOUNS}|that|suggestion|idea|notion|premise|narrative|speculation"
    rf"|rumou?rs?|criticism|characteri[sz]ation|complaints?\s+(?:of|about|that))\b"
)
# "dismissed today by the Director of the Security Intelligence Agency (SOA), Tomislav Karamarko": the name in
# apposition is who the office is.
BY_AGENT_RE = re.compile(
    r"^(?:\s+(?:today|yesterday|on\s+[A-Z][a-z]+day|\w+ly))?\s+by\s+"
    r"(?P<who>(?:the\s+)?[A-Z][\w.'’-]{0,40}(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?[A-Z][\w.'’-]{0,40}){0,6})"
    r"(?:\s+\([A-Z]{2,8}\))?(?:,\s+(?P<named>[A-Z][\w.'’-]{0,40}(?:\s+[A-Z][\w.'’-]{0,40}){1,3})(?=,|\.|\s+and\b|$))?"
)
PASSIVE_BEFORE_RE = re.compile(r"\b(?:was|were|been|be|being|is|are)\s+(?:(?:also|since|later|\w+ly)\s+)?$")


MAX_CONTINUED_SENTENCES = 5
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
    named = re.search(r",\s+(?:[\w.'’-]{1,40}\s+){1,5}$", text[: last.start()]) is not None
    # '"...," Peskov said, the RBC newspaper reported': the outlet relays what the speaker said; he speaks
    relayed = last.group().startswith("report") and re.search(
        r"\b(?:said|says|told|added)(?:\s+(?:[a-z]+|[A-Z][a-z]+day)){0,3},\s+(?:[\w.'’-]{1,40}\s+){1,5}$",
        text[: last.start()],  # '"Is it about the cash?" Ms Price said in response, Fairfax Media reports.'
    )
    return [last, *matches[:-1]] if closing and named and not relayed else matches


def open_quotes(text: str, sentences: list[Sentence]) -> list[bool]:
    """For each sentence, whether a quotation opened earlier in its paragraph is still open where it starts.

    One pass over the text: running counts of quotation marks per paragraph, never a walk back to its start.
    """
    flags: list[bool] = []
    paragraph = -1
    curly_open = curly_close = straight = 0
    previous_end = 0
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            paragraph, curly_open, curly_close, straight = sentence.paragraph, 0, 0, 0
        else:
            between = text[previous_end : sentence.start]  # the previous sentence and the space after it
            curly_open += between.count("“")
            curly_close += between.count("”")
            straight += between.count('"')
        flags.append(curly_open > curly_close or (curly_open == 0 and straight % 2 == 1))
        previous_end = sentence.start
    return flags


_REPRESENTATIVE_WORDS = r"(?:attorney|lawyer|counsel|spokes(?:man|woman|person)|agent|representative)s?"


def represents(speaker: str, sentence: str, role: str | None) -> bool:
    """Whether the speaker speaks for someone else ("His lawyer, Ann Shear, said", "Rowe's lawyer"): then "he"
    or "she" in what they say is the client, not the speaker."""
    if re.search(rf"\b{_REPRESENTATIVE_WORDS}\b", f"{speaker} {role or ''}", re.IGNORECASE):
        return True
    first = re.escape(speaker.split()[0]) if speaker.split() else ""
    return bool(first) and re.search(rf"\b{_REPRESENTATIVE_WORDS},?\s+{first}\b", sentence) is not None
