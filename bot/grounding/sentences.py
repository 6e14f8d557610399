"""The article's numbered sentences: the one numbering the LLM cites, grounding checks and follow-ups reuse.

Deterministic for a given text, so a stored article numbers the same at brief time and at follow-up time,
and parts of a long article keep the whole article's numbers. Linear in the text: every look-back is capped.
The offline engine keeps its own richer splitter; this one is shared by everything that cites numbers.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

SPLITTER_VERSION = "s1"  # part of the LLM prompt version: a new numbering must not serve old citations
# A sentence ends at . ! ? … (plus closing quotes) before a space and a capital, digit or opening quote.
# Possessive runs that start only at the first mark of a run: a page of "....." stays linear.
_BOUNDARY_RE = re.compile(r"""(?<![.!?\u2026])[.!?\u2026]++["'\u201d\u2019)\]]*+(?=\s+["'\u201c\u2018(\[]?[A-Z0-9])""")
_LINE_RE = re.compile(r"[^\n]+")
_TITLE_RE = re.compile(
    r"(?:^|\s)(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Adm|Maj|St|Jr|Sr|Inc|Corp|Ltd|Co|No|Vol"
    r"|vs|Mt|Ft|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$"
)
_INITIALISM_RE = re.compile(r"(?:^|\s)(?:[A-Za-z]\.){2,}$")
# After an initialism ("the U.S."), these words can only open a new sentence; "U.S. President" stays whole.
_STARTERS = frozenset(
    "The A An He She It They We I You His Her Its Their Our This That These Those There But And Yet So However "
    "Meanwhile In On At After Before When While If As".split()
)
LOOK_BACK_CHARS = 12  # an abbreviation is a short token: never scan further back than this
MAX_SENTENCE_CHARS = 1000  # a longer run without a full stop is cut at a space: bounded prompts and quotes


@dataclass(frozen=True, slots=True)
class Sentence:
    """Sentence ``number`` (1-based) is ``text[start:end]`` of the article, in paragraph ``paragraph``."""

    number: int
    start: int
    end: int
    paragraph: int


def _is_abbreviation(text: str, dot: int, after: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation rather than a sentence."""
    token = text[max(0, dot - LOOK_BACK_CHARS) : dot + 1]
    if _TITLE_RE.search(token):
        return True
    if _INITIALISM_RE.search(token):
        following = text[after : after + 30].split(maxsplit=1)
        return not following or following[0].strip("\"'\u201c\u2018(") not in _STARTERS
    return False


def _cut_long(start: int, end: int, text: str) -> Iterable[tuple[int, int]]:
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def _split_line(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    cursor = start
    for match in _BOUNDARY_RE.finditer(text, start, end):
        if match.group()[0] == "." and _is_abbreviation(text, match.start(), match.end()):
            continue
        yield from _cut_long(cursor, match.end(), text)
        cursor = match.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        yield from _cut_long(cursor, end, text)


@dataclass(frozen=True)
class NumberedText:
    """An article's text with its sentences; numbers are stable for the same text."""

    text: str
    sentences: tuple[Sentence, ...]

    @cached_property
    def _starts(self) -> list[int]:
        return [sentence.start for sentence in self.sentences]

    def get(self, number: int) -> Sentence | None:
        return self.sentences[number - 1] if 1 <= number <= len(self.sentences) else None

    def text_of(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def covering(self, start: int, end: int) -> list[Sentence]:
        """The sentences that overlap the span ``[start, end)``."""
        first = max(0, bisect.bisect_right(self._starts, start) - 1)
        found = []
        for sentence in self.sentences[first:]:
            if sentence.start >= end:
                break
            if sentence.end > start:
                found.append(sentence)
        return found

    def render(self, sentences: Sequence[Sentence] | None = None) -> str:
        """What the model reads: "[n] sentence" runs, one line per paragraph."""
        lines: list[str] = []
        paragraph = None
        for sentence in self.sentences if sentences is None else sentences:
            marked = f"[{sentence.number}] {' '.join(self.text_of(sentence).split())}"
            if sentence.paragraph == paragraph:
                lines[-1] += " " + marked
            else:
                lines.append(marked)
                paragraph = sentence.paragraph
        return "\n".join(lines)


def number_sentences(text: str) -> NumberedText:
    """Split into sentences, paragraph (line) by paragraph, with exact offsets and 1-based numbers."""
    sentences: list[Sentence] = []
    for paragraph, line in enumerate(_LINE_RE.finditer(text)):
        for start, end in _split_line(text, line.start(), line.end()):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                sentences.append(Sentence(number=len(sentences) + 1, start=start, end=end, paragraph=paragraph))
    return NumberedText(text=text, sentences=tuple(sentences))
