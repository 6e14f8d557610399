"""Quote spans and clause cutting: where quotation marks open and close, clause splits, clean statements.

Pure text helpers for attribution; stdlib and bot.sentences only.
"""

from __future__ import annotations

import re

from bot.cues import HEDGE_RE
from bot.sentences import Sentence

_CLAUSE_SPLIT_RE = re.compile(r",\s+(?:while|whereas|but)\s+|;\s+")
MAX_STATEMENT_CHARS = 240
MAX_QUOTE_SENTENCES = 4


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks; a sentence that opens mid-quote starts inside one."""
    ranges: list[tuple[int, int]] = []
    opened: int | None = None
    for match in re.finditer(r"[\"“”]", text):
        char = match.group()
        if opened is None and char != "”":
            opened = match.start()
        elif opened is None:
            ranges.append((0, match.start()))
        elif char != "“":
            ranges.append((opened, match.start()))
            opened = None
    if opened is not None:
        ranges.append((opened, len(text)))
    return ranges


def hedged(text: str) -> bool:
    """Hedges in the reporter's voice count; a 'may' inside someone's quoted words does not."""
    ranges = quoted_ranges(text)
    return any(outside(m.start(), ranges) for m in HEDGE_RE.finditer(text))


def outside(position: int, ranges: list[tuple[int, int]]) -> bool:
    return not any(start <= position < end for start, end in ranges)


def split_clauses(sentence: Sentence) -> list[Sentence]:
    """'X said A, while Y said B' holds two attributions: split at ', while' and ';' outside quotes."""
    ranges = quoted_ranges(sentence.text)
    cuts = [m for m in _CLAUSE_SPLIT_RE.finditer(sentence.text) if outside(m.start(), ranges)]
    if not cuts:
        return [sentence]
    bounds = (
        [(0, cuts[0].start())]
        + [(a.end(), b.start()) for a, b in zip(cuts, cuts[1:] + [None], strict=False) if b is not None]
        + [(cuts[-1].end(), len(sentence.text))]
    )
    return [
        Sentence(
            text=sentence.text[a:b],
            start=sentence.start + a,
            end=sentence.start + b,
            index=sentence.index,
            paragraph=sentence.paragraph,
            heading=False,
        )
        for a, b in bounds
    ]


def clean_statement(clause: str) -> str:
    clause = re.sub(r"\s+", " ", clause).strip(" ,;:.\"“”‘’'")
    clause = re.sub(r"^(?:that|:)\s+|^[A-Z][A-Z .,'-]{2,40}\s+[—–-]+\s+", "", clause)
    if not clause:
        return ""
    if len(clause) > MAX_STATEMENT_CHARS:
        clause = clause[:MAX_STATEMENT_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    clause = clause[0].upper() + clause[1:]
    return clause if clause.endswith(("…", ".", "?", "!")) else clause + "."


def extend_quote(sentence: Sentence, sentences: list[Sentence], text: str) -> str:
    """A closing quote with no opening one: the quotation began in an earlier sentence of the paragraph."""
    ranges = quoted_ranges(sentence.text)
    opens_inside = bool(ranges) and ranges[0][0] == 0 and not sentence.text.startswith(('"', "“"))
    if not opens_inside and not (sentence.text.count('"') % 2 and not sentence.text.startswith('"')):
        return sentence.text
    start = sentence.start
    for back in range(1, MAX_QUOTE_SENTENCES):
        i = sentence.index - back
        if i < 0 or sentences[i].paragraph != sentence.paragraph:
            break
        start = sentences[i].start
        if sentences[i].text.startswith(('"', "“")) or "“" in sentences[i].text:
            break
    return text[start : sentence.end]
