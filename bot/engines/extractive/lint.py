"""Whether a sentence the brief shows reads as broken: the last gate before anything is shown; stdlib only.

The rules mirror what a newsroom reader (and ../shared/eval/score.py's ``garbled`` figure) calls garbled: stray
punctuation (", ,"), unbalanced brackets or quotation marks, too few words, a question without "?" or ending on a
dangling word, a pronoun as a name. The engine prefers showing less to showing something broken, so an item
that fails here is repaired only by safe means (dropping unpaired quote marks) or left out.
"""

from __future__ import annotations

import re

PRONOUNS = {"i", "you", "he", "she", "it", "we", "they", "him", "her", "them", "his", "its", "their", "this", "that"}
DANGLING = {
    "the", "a", "an", "of", "to", "and", "or", "that", "was", "were", "by", "with", "for", "from", "which",
    "whose", "as", "but", "its", "his", "her", "their",
}  # fmt: skip
_STRAY_RE = re.compile(r",\s*[,.;:]|\s[,.;:](?:\s|$)|\(\s*\)")
_WORD_RE = re.compile(r"[\w'\u2019-]+")


def garbled(text: str, *, min_words: int = 3, question: bool = False) -> str | None:
    """Why the text reads as broken, or None when it reads well."""
    t = " ".join(text.split())
    if _STRAY_RE.search(t):
        return "stray punctuation"
    if t.count("(") != t.count(")") or t.count("“") != t.count("”") or t.count('"') % 2:
        return "unbalanced brackets or quotation marks"
    n = len(_WORD_RE.findall(t))
    if n < min_words:
        return f"{n} words"
    if question:
        if not t.endswith("?"):
            return "question without a question mark"
        last = _WORD_RE.findall(t.lower())
        if last and last[-1] in DANGLING:
            return f"question ends on '{last[-1]}'"
    return None


def unquoted(text: str) -> str:
    """The text without quotation marks when they do not pair up (a paraphrase needs none)."""
    if text.count("“") != text.count("”") or text.count('"') % 2:
        text = re.sub(r"[\"“”]", "", text)
    if text.count("‘") != text.count("’") and re.search(r"(?:^|\s)‘", text):
        text = re.sub(r"(?:(?<=^)|(?<=\s))‘", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def repaired(text: str, *, min_words: int = 3, question: bool = False) -> str | None:
    """The text as shown, after safe repairs; None when it would still read as broken."""
    text = " ".join(text.split())
    if garbled(text, min_words=min_words, question=question) is None:
        return text
    fixed = unquoted(text)
    fixed = re.sub(r",\s*(?=[,.;:])", "", fixed)  # ", ," and ", ." lose the empty comma
    fixed = re.sub(r"\(\s*\)", "", fixed)
    fixed = " ".join(fixed.split())
    return fixed if garbled(fixed, min_words=min_words, question=question) is None else None
