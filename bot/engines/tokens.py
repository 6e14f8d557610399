"""Token counting and chunking with tiktoken, with a cached estimate when no encoding can be loaded.

CPU-bound: async callers run these through ``asyncio.to_thread``. Imports nothing from the platforms.
"""

from __future__ import annotations

import logging
import math
import re
import threading
from dataclasses import dataclass

import tiktoken

log = logging.getLogger(__name__)

FALLBACK_ENCODING = "o200k_base"  # the encoding of current OpenAI models; a fair guess for local ones
ESTIMATE_CHARS_PER_TOKEN = 4  # OpenAI's rule of thumb for English text
_LINE_RE = re.compile(r"\S(?:[^\n]*\S)?")
# A sentence ends at . ! ? or … before a space, unless a lower-case word follows ("U.S. officials said").
_SENTENCE_RE = re.compile(r"\S.*?(?:[.!?\u2026]+[\"'\u201d\u2019)\]]*(?=\s+(?![\sa-z]))|$)", re.DOTALL)
_WORD_RE = re.compile(r"\S+")
_LEVELS = (_LINE_RE, _SENTENCE_RE, _WORD_RE)

_lock = threading.Lock()
_encodings: dict[str, tiktoken.Encoding | None] = {}


@dataclass(frozen=True)
class TokenCount:
    """``exact`` is False when tiktoken could not load an encoding and ``n`` is an estimate."""

    n: int
    exact: bool


def _encoding_name(model: str) -> str:
    try:
        return tiktoken.encoding_name_for_model(model)
    except KeyError:  # not an OpenAI model name (e.g. an Ollama tag): use the common encoding
        return FALLBACK_ENCODING


def _load_encoding(name: str) -> tiktoken.Encoding | None:
    try:
        return tiktoken.get_encoding(name)
    except (OSError, ValueError) as exc:  # no cache and no network (requests errors are OSError), bad file
        log.warning("tiktoken could not load %s (%s); token counts are estimates", name, exc)
        return None


def encoding_for(model: str) -> tiktoken.Encoding | None:
    """The model's encoding, or None when none can be had; either result is cached so we do not retry."""
    name = _encoding_name(model)
    with _lock:
        if name not in _encodings:
            _encodings[name] = _load_encoding(name)
        return _encodings[name]


def clear_encoding_cache() -> None:
    """Forget loaded encodings (and failures), e.g. after the cache directory changed."""
    with _lock:
        _encodings.clear()


def count_tokens(text: str, *, model: str) -> TokenCount:
    encoding = encoding_for(model)
    if encoding is None:
        return TokenCount(n=math.ceil(len(text) / ESTIMATE_CHARS_PER_TOKEN), exact=False)
    # encode_ordinary: an article containing "<|endoftext|>" is text, not a special token.
    return TokenCount(n=len(encoding.encode_ordinary(text)), exact=True)


def _pieces(text: str, start: int, end: int, level: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _LEVELS[level].finditer(text[start:end])]


def _units(text: str, start: int, end: int, *, level: int, max_tokens: int, model: str) -> list[tuple[int, int, int]]:
    """(start, end, tokens) pieces within max_tokens: lines, else sentences, else words, else characters."""
    units: list[tuple[int, int, int]] = []
    for a, b in _pieces(text, start, end, level):
        n = count_tokens(text[a:b], model=model).n
        if n <= max_tokens:
            units.append((a, b, n))
        elif level + 1 < len(_LEVELS):
            units.extend(_units(text, a, b, level=level + 1, max_tokens=max_tokens, model=model))
        else:  # one "word" longer than the budget (a pasted blob): cut it; a token spans one char or more
            units.extend(
                (i, min(i + max_tokens, b), count_tokens(text[i : min(i + max_tokens, b)], model=model).n)
                for i in range(a, b, max_tokens)
            )
    return units


def split_into_chunks(text: str, *, max_tokens: int, model: str) -> list[str]:
    """Verbatim slices of ``text`` of at most ``max_tokens`` each, cut at paragraph or sentence ends."""
    if max_tokens < 1:
        raise ValueError("max_tokens must be positive")
    if count_tokens(text, model=model).n <= max_tokens:
        return [text.strip()] if text.strip() else []
    chunks: list[str] = []
    current: tuple[int, int] | None = None
    used = 0
    for start, end, n in _units(text, 0, len(text), level=0, max_tokens=max_tokens, model=model):
        if current is not None and used + n + 1 > max_tokens:
            chunks.append(text[current[0] : current[1]])
            current, used = None, 0
        current = (start, end) if current is None else (current[0], end)
        used += n + (1 if used else 0)  # the separator between pieces costs about one token
    if current is not None:
        chunks.append(text[current[0] : current[1]])
    return chunks
