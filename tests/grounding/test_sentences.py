"""The shared numbering: exact offsets, stable numbers, bounded sentences, linear time on hostile text."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.grounding import cited_text, number_sentences
from bot.grounding.sentences import MAX_SENTENCE_CHARS
from bot.models import MAX_QUOTE_CHARS

TEXT = (
    "U.S. President Joe Biden spoke to Mr. Netanyahu on Wednesday. Officials in the U.S. said so.\n"
    "\n"
    "\u201cWe will respond,\u201d he said. It was 3 p.m. The talks went on.\n"
    "Dr. Lee agreed! Was it enough? Nobody knows\u2026 Analysts doubt it."
)


def test_sentences_split_on_ends_not_on_abbreviations_or_initialisms() -> None:
    numbered = number_sentences(TEXT)
    assert [numbered.text_of(s) for s in numbered.sentences] == [
        "U.S. President Joe Biden spoke to Mr. Netanyahu on Wednesday.",
        "Officials in the U.S. said so.",
        "\u201cWe will respond,\u201d he said.",
        "It was 3 p.m.",
        "The talks went on.",
        "Dr. Lee agreed!",
        "Was it enough?",
        "Nobody knows\u2026",
        "Analysts doubt it.",
    ]
    assert [s.number for s in numbered.sentences] == list(range(1, 10))
    assert [s.paragraph for s in numbered.sentences] == [0, 0, 1, 1, 1, 2, 2, 2, 2]


def test_rendering_numbers_each_sentence_and_keeps_paragraphs_as_lines() -> None:
    rendered = number_sentences(TEXT).render()
    assert rendered.splitlines()[0] == (
        "[1] U.S. President Joe Biden spoke to Mr. Netanyahu on Wednesday. [2] Officials in the U.S. said so."
    )
    assert rendered.splitlines()[2].startswith("[6] Dr. Lee agreed! [7] Was it enough?")


def test_cited_text_is_one_run_of_adjacent_sentences_and_refuses_out_of_range_numbers() -> None:
    numbered = number_sentences(TEXT)
    assert cited_text([2, 1], numbered) == (
        "U.S. President Joe Biden spoke to Mr. Netanyahu on Wednesday. Officials in the U.S. said so."
    )
    assert cited_text([2, 3], numbered) == "Officials in the U.S. said so. \u201cWe will respond,\u201d he said."
    assert cited_text([6, 9], numbered) == "Dr. Lee agreed!"  # not adjacent: the first run only
    for bad in ([], [0], [10], [-3], [1, 10]):
        assert cited_text(bad, numbered) is None


def test_a_run_without_full_stops_is_cut_into_bounded_sentences_at_spaces() -> None:
    text = "word " * 5_000
    numbered = number_sentences(text)
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in numbered.sentences)
    assert " ".join(numbered.text_of(s) for s in numbered.sentences).split() == text.split()


def test_numbering_is_linear_on_hostile_text() -> None:
    for hostile in ("Mr. " * 25_000, "a." * 50_000, "U.S. " * 20_000, "." * 100_000):
        started = time.perf_counter()
        number_sentences(hostile)
        assert time.perf_counter() - started < 2.0, hostile[:10]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n\u201cU.S"), max_size=300))
def test_sentences_are_exact_ordered_non_overlapping_spans(text: str) -> None:
    numbered = number_sentences(text)
    previous_end = 0
    for sentence in numbered.sentences:
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert numbered.text_of(sentence) == numbered.text_of(sentence).strip()
        previous_end = sentence.end
    assert (
        "".join(text.split())
        == "".join(numbered.text_of(s) for s in numbered.sentences).replace(" ", "").replace("\n", "")
        or not text.strip()
    )


@settings(max_examples=80, deadline=None)
@given(
    paragraphs=st.lists(
        st.lists(
            st.sampled_from(
                [
                    "Officials said it.",
                    "Dr. Lee denied \u201cthat.\u201d",
                    "U.S. aid came.",
                    "The mayor, who spoke, left!",
                    "Why?",
                ]
            ),
            min_size=1,
            max_size=5,
        ),
        min_size=1,
        max_size=6,
    ),
    numbers=st.lists(st.integers(-2, 40), max_size=4),
)
def test_every_cited_text_is_verbatim_from_the_article(paragraphs: list[list[str]], numbers: list[int]) -> None:
    text = "\n\n".join(" ".join(p) for p in paragraphs)
    numbered = number_sentences(text)
    quote = cited_text(numbers, numbered)
    in_range = bool(numbers) and all(1 <= n <= len(numbered.sentences) for n in numbers)
    assert (quote is not None) == in_range
    if quote is not None:
        assert quote in " ".join(text.split())  # the article's own words; only whitespace is normalised


def test_a_long_cited_sentence_is_trimmed_to_a_verbatim_prefix() -> None:
    for text in ("Officials said " + "very " * 400 + "much.", "Officials said " + "x" * 2_000 + "."):
        quote = cited_text([1], number_sentences(text))
        assert quote is not None and len(quote) <= MAX_QUOTE_CHARS and text.startswith(quote)
