"""Finding a quote in the article: typography, case and spacing folded, wording strict; pure, no I/O.

The folded copy of an article is cached, capped in bytes (``MAX_CACHE_BYTES``), because a brief looks up a
dozen quotes in the same text and folding is the costly part. Imports nothing outside ``bot.grounding``.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from array import array
from collections import OrderedDict
from dataclasses import dataclass

# Characters folded to one ASCII form, so typography never decides whether a quote is genuine.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e", '"'),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2039\u203a\u2032`\u00b4", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    }
)
_INVISIBLE_CHARS = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
EDGE_CHARS = " \"'.,;:!?-()[]"
_ELLIPSIS = "..."
MAX_ELLIPSIS_GAP_CHARS = 400  # an elided quote may skip at most this much article text between its parts
# Folded texts kept at once: 4 bytes of offsets per character plus the folded string. A 4.9 MB article costs
# about 25 MB, so one such article or many ordinary ones fit (the old cache held ~386 MB for that article).
MAX_CACHE_BYTES = 50_000_000


@dataclass(frozen=True)
class Folded:
    """A normalised copy of a text: folded char ``i`` came from original ``starts[i]`` up to ``end(i)``.

    Offsets are a 4-byte ``array`` (a tuple of ints costs ~36 bytes per character); only the rare folded
    character that stands for more than one original one ("--" folded to "-") keeps its end in ``_wide``."""

    text: str
    starts: array[int]
    wide_ends: dict[int, int]

    def end(self, index: int) -> int:
        return self.wide_ends.get(index, self.starts[index] + 1)

    @property
    def nbytes(self) -> int:
        return sys.getsizeof(self.text) + self.starts.itemsize * len(self.starts) + 100 * len(self.wide_ends)


def _fold_char(ch: str) -> str:
    if ch.isascii() and not ch.isspace() and ch != '"':
        return ch.lower()
    if ch in _INVISIBLE_CHARS:
        return ""
    if ch.isspace():
        return " "
    folded = unicodedata.normalize("NFKC", ch.translate(_FOLD)).translate(_FOLD).casefold()
    return folded.replace('"', "")  # quotation marks inside a quote are often dropped or added by the model


def fold(text: str) -> Folded:
    chars: list[str] = []
    starts = array("I")
    wide: dict[int, int] = {}
    for index, ch in enumerate(text):
        for out in _fold_char(ch):
            if out == " " and (not chars or chars[-1] == " " or chars[-1] == "-"):
                continue  # collapse whitespace runs, and drop a space after a dash
            if out == "-" and chars and chars[-1] == " ":
                # and the space before it, so "a — b", "a - b" and "a—b" all fold to "a-b"
                chars.pop()
                starts.pop()
                wide.pop(len(chars), None)
            if out == "-" and chars and chars[-1] == "-":
                wide[len(chars) - 1] = index + 1  # "--" is one dash
                continue
            chars.append(out)
            starts.append(index)
    return Folded("".join(chars), starts, wide)


class _FoldCache:
    """Least recently used folded texts, evicted by size; a text larger than the whole cap is not kept."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, Folded] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # grounding runs in worker threads

    def get(self, text: str) -> Folded:
        with self._lock:
            hit = self._items.get(text)
            if hit is not None:
                self._items.move_to_end(text)
                return hit
        folded = fold(text)
        size = folded.nbytes + sys.getsizeof(text)
        with self._lock:
            if size <= self.max_bytes and text not in self._items:
                self._items[text] = folded
                self._bytes += size
                while self._bytes > self.max_bytes:
                    old_text, old = self._items.popitem(last=False)
                    self._bytes -= old.nbytes + sys.getsizeof(old_text)
        return folded

    @property
    def nbytes(self) -> int:
        return self._bytes

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


FOLD_CACHE = _FoldCache(MAX_CACHE_BYTES)


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


def _find_parts(folded: Folded, parts: list[str]) -> tuple[int, int] | None:
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


def locate_quote(quote: str, text: str) -> tuple[int, int] | None:
    """The (start, end) offsets in ``text`` of the span a quote stands for, or None."""
    raw = fold(quote).text
    needle = raw.strip(EDGE_CHARS)
    if not any(ch.isalnum() for ch in needle):
        return None
    folded = FOLD_CACHE.get(text)
    position = _search(folded.text, needle)
    if position != -1:
        span: tuple[int, int] | None = (position, position + len(needle))
    else:
        parts = [part.strip(EDGE_CHARS) for part in needle.split(_ELLIPSIS)]
        parts = [part for part in parts if part]
        span = _find_parts(folded, parts) if len(parts) > 1 else None
    if span is None:
        return None
    # Keep the closing punctuation the quote itself had ("… this week." stays a whole sentence).
    tail = raw[len(raw.rstrip(EDGE_CHARS)) :].replace(" ", "")
    end = span[1]
    for ch in tail:
        if end < len(folded.text) and folded.text[end] == ch:
            end += 1
    return folded.starts[span[0]], folded.end(end - 1)


def find_quote(quote: str, text: str) -> str | None:
    """The exact article span a quote stands for, or None: only typography, case and spacing may differ."""
    span = locate_quote(quote, text)
    return None if span is None else text[span[0] : span[1]]


_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def words_of(text: str) -> list[str]:
    """Folded words (case, typography and apostrophes normalised), in order."""
    return _WORD_RE.findall(fold(text).text)
