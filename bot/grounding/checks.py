"""Does a quote carry its claim? The rules every engine's claims and denials must pass to be shown.

- The quote is found in the article (typography, case and spacing aside).
- It is at least a clause: ``MIN_CLAUSE_WORDS`` words, or a whole sentence.
- The speaker (claimant or denier) is named in the quote's sentences or the ``NAMED_WITHIN_SENTENCES`` before.
- The statement shares content words with the quote's sentences. What a denial denies may instead be said just
  before ("An American official denied these claims") or in the claim it disputes: ``support`` carries that.

A quote that is only a name ("Yoav Gallant") under "Yoav Gallant admitted taking bribes" fails the second rule;
a citation of an unrelated sentence fails the third or the fourth. Pure; imports only ``bot.grounding``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from bot.grounding.quotes import EDGE_CHARS, fold, locate_quote, words_of
from bot.grounding.sentences import NumberedText, Sentence

MIN_CLAUSE_WORDS = 5
NAMED_WITHIN_SENTENCES = 2  # "… ," the sources said. "The decision was not personal." names the speaker before
MIN_SHARED_WORDS = 2  # or every content word of a statement shorter than that
STEM_CHARS = 5  # "refused"/"refusal", "denied"/"denies": words match on their first five letters
STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his i in is it its not of on or said says "
    "she that the their there they this to was were which who will with would we you our your".split()
)
# A speaker phrase that is no one in particular: the article itself speaks for unattributed claims.
UNATTRIBUTED = frozenset({"the article", "article", "the report"})
Failure = Literal["not_found", "too_short", "speaker_not_named", "statement_unrelated"]


def _stem(word: str) -> str:
    word = word.removesuffix("'s")
    return word[:STEM_CHARS]


def content_words(text: str) -> set[str]:
    """Lower-cased words minus stop words: what overlap between two texts is measured on."""
    return {word for word in words_of(text) if word not in STOPWORDS}


def _stems(text: str) -> set[str]:
    return {_stem(word) for word in content_words(text)}


def _is_whole_sentence(quote: str, sentences: Sequence[Sentence], numbered: NumberedText) -> bool:
    folded = fold(quote).text.strip(EDGE_CHARS)
    return any(fold(numbered.text_of(s)).text.strip(EDGE_CHARS) == folded for s in sentences)


def check_quote(
    *, quote: str, speaker: str, statement: str, numbered: NumberedText, denial: bool = False, support: str = ""
) -> tuple[str | None, Failure | None]:
    """The article's own text for ``quote`` when the item passes every rule, else None and the rule it failed.

    A ``denial`` may find its statement in the sentences before the quote too, or in ``support`` (the text of
    the claim it disputes)."""
    span = locate_quote(quote, numbered.text)
    if span is None:
        return None, "not_found"
    found = numbered.text[span[0] : span[1]]
    sentences = numbered.covering(*span)
    if len(words_of(found)) < MIN_CLAUSE_WORDS and not _is_whole_sentence(found, sentences, numbered):
        return None, "too_short"
    cited = " ".join(numbered.text_of(s) for s in sentences)
    first = sentences[0].number if sentences else 1
    window = [numbered.get(n) for n in range(max(1, first - NAMED_WITHIN_SENTENCES), first)]
    before = " ".join(numbered.text_of(s) for s in window if s is not None)
    if not speaker_named(speaker, f"{before} {cited}"):
        return None, "speaker_not_named"
    evidence = f"{before} {cited} {support}" if denial else cited
    if not statement_supported(statement, evidence, speaker=speaker):
        return None, "statement_unrelated"
    return " ".join(found.split()), None


def speaker_named(speaker: str, text: str) -> bool:
    """Some word of the speaker's name, or its initials ("EU" for "European Union"), occurs in ``text``;
    'the article' needs no name."""
    if " ".join(words_of(speaker)) in UNATTRIBUTED:
        return True
    names = {stem for stem in _stems(speaker) if len(stem) > 1}  # "U.S." is no name on its own
    capitals = [word[0] for word in speaker.split() if word[:1].isupper()]
    if len(capitals) > 1:
        names.add("".join(capitals).lower())
    return bool(names) and bool(names & _stems(text))


def statement_supported(statement: str, cited: str, *, speaker: str) -> bool:
    """The statement shares content words with the cited text (the speaker's own name does not count)."""
    own = _stems(statement) - _stems(speaker)
    if not own:
        return False
    return len(own & _stems(cited)) >= min(MIN_SHARED_WORDS, len(own))
