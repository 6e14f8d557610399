"""Quote grounding: tolerant of typography and spacing, strict on wording; briefs keep only what verifies."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.grounding import find_quote, ground_answer, ground_brief
from bot.models import Answer, Brief

ARTICLE = (
    "Prime Minister Benjamin Netanyahu prevented Yoav Gallant’s trip, The Post reported.\n"
    "U.S. officials denied the report — claiming the call “was scheduled to take place this week.”\n"
    "Sources said: «The decision was not personal»… and   that was all."
)
WORDS = st.sampled_from("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda".split())


def test_typography_case_and_spacing_are_tolerated_and_the_span_is_verbatim() -> None:
    assert find_quote('"Was scheduled to take place this week."', ARTICLE) == "was scheduled to take place this week."
    assert find_quote("denied the report - claiming", ARTICLE) == "denied the report — claiming"
    assert find_quote("yoav gallant's trip", ARTICLE) == "Yoav Gallant’s trip"
    assert (
        find_quote('"The decision was not personal"... and that', ARTICLE)
        == "The decision was not personal»… and   that"
    )


def test_elided_quote_is_found_in_order_and_altered_wording_is_not() -> None:
    assert find_quote("Netanyahu prevented ... trip", ARTICLE) == "Netanyahu prevented Yoav Gallant’s trip"
    assert find_quote("trip ... Netanyahu prevented", ARTICLE) is None
    assert find_quote("Netanyahu allowed Yoav Gallant's trip", ARTICLE) is None
    assert find_quote(" ... ", ARTICLE) is None


@settings(max_examples=60, deadline=None)
@given(words=st.lists(WORDS, min_size=3, max_size=40), data=st.data())
def test_any_substring_is_found(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words) + "."
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    if any(ch.isalnum() for ch in quote):
        found = find_quote(quote, text)
        assert found is not None and found.strip().lower() in text.lower()


@settings(max_examples=60, deadline=None)
@given(words=st.lists(WORDS, min_size=4, max_size=30), data=st.data())
def test_typographic_and_whitespace_variants_are_found(words: list[str], data: st.DataObject) -> None:
    separators = data.draw(st.lists(st.sampled_from([" ", "  ", "\n", "\u00a0", " \t "]), min_size=len(words)))
    body = "".join(word + gap for word, gap in zip(words, separators, strict=False)).rstrip(" \t\n\u00a0")
    text = "“" + body + "’s end”"
    variant = '"' + " ".join(word.upper() for word in words) + "'s END\""
    found = find_quote(variant, text)
    assert found is not None and found.startswith(words[0]) and found.endswith("’s end")


@settings(max_examples=60, deadline=None)
@given(words=st.lists(WORDS, min_size=4, max_size=30), data=st.data())
def test_an_altered_word_is_not_found(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    index = data.draw(st.integers(0, len(words) - 1))
    altered = [*words[:index], "omicron", *words[index + 1 :]]
    assert find_quote(" ".join(altered), text) is None


def brief(claims: list[dict[str, Any]], denials: list[dict[str, Any]]) -> Brief:
    return Brief.model_validate(
        {
            "headline": "h",
            "summary": "s",
            "actors": [],
            "claims": claims,
            "denials": denials,
            "open_questions": [],
        }
    )


def claim(quote: str, claimant: str, statement: str = "A claim.") -> dict[str, Any]:
    return {"statement": statement, "claimant": claimant, "quote": quote, "hedged": False, "disputed": True}


def denial(quote: str, denier: str, denied: str, target: int | None) -> dict[str, Any]:
    return {"denier": denier, "denied": denied, "quote": quote, "disputes_claim": target}


def test_ground_brief_drops_counts_replaces_and_reindexes() -> None:
    made = brief(
        [
            claim("Netanyahu invaded Canada last week, the Post said", "The Post", "Netanyahu invaded Canada."),
            claim("netanyahu prevented yoav gallant's trip", "The Post", "Netanyahu prevented Gallant's trip."),
        ],
        [denial("U.S. officials denied the report", "U.S. officials", "The Post's report of the trip.", 1)],
    )
    grounded, stats = ground_brief(made, ARTICLE)
    assert (stats.checked, stats.verified, stats.dropped) == (3, 2, 1)
    assert stats.why == {"not_found": 1}
    assert grounded.claims[0].quote == "Netanyahu prevented Yoav Gallant’s trip"
    assert grounded.denials[0].disputes_claim == 0
    assert grounded.claims[0].disputed is True


def test_a_quote_that_is_only_a_name_backs_no_claim() -> None:
    made = brief([claim("Yoav Gallant", "Yoav Gallant", "Yoav Gallant admitted taking bribes.")], [])
    grounded, stats = ground_brief(made, ARTICLE)
    assert grounded.claims == []
    assert (stats.checked, stats.verified, stats.dropped) == (1, 0, 1) and stats.why == {"too_short": 1}


def test_a_short_quote_that_is_a_whole_sentence_passes() -> None:
    text = "Officials met on Monday.\nThe mayor denied it.\nShe left."
    made = brief([], [denial("The mayor denied it.", "The mayor", "That officials met on Monday.", None)])
    grounded, stats = ground_brief(made, text)
    assert len(grounded.denials) == 1 and stats.dropped == 0


def test_the_speaker_must_be_named_in_the_quote_sentence_or_the_two_before() -> None:
    text = (
        "Mayor Ann Lee said the bridge was unsafe for heavy lorries. "
        "Engineers inspected it twice. The council agreed. The inspectors found cracks in the main span."
    )
    near = claim("Engineers inspected it twice", "Ann Lee", "Engineers inspected the bridge twice.")
    far = claim("The inspectors found cracks in the main span", "Ann Lee", "Inspectors found cracks in the span.")
    grounded, stats = ground_brief(brief([near, far], []), text)
    assert [c.statement for c in grounded.claims] == ["Engineers inspected the bridge twice."]
    assert stats.why == {"speaker_not_named": 1}


def test_a_quote_that_does_not_say_the_statement_is_dropped() -> None:
    made = brief(
        [claim("U.S. officials denied the report", "U.S. officials", "Officials said Gallant resigned in protest.")],
        [],
    )
    grounded, stats = ground_brief(made, ARTICLE)
    assert grounded.claims == [] and stats.why == {"statement_unrelated": 1}


def test_a_denial_of_these_claims_finds_its_statement_in_the_sentence_before() -> None:
    text = (
        "An Israeli official told the Post that Netanyahu had tried several times to reach Biden by phone. "
        "An American official denied these claims, calling them untrue."
    )
    made = brief(
        [],
        [
            denial(
                "An American official denied these claims, calling them untrue.",
                "American official",
                "That Netanyahu tried to reach Biden by phone.",
                None,
            )
        ],
    )
    grounded, stats = ground_brief(made, text)
    assert len(grounded.denials) == 1 and stats.dropped == 0


def test_unattributed_claims_need_no_name() -> None:
    made = brief([claim("Netanyahu prevented Yoav Gallant’s trip", "the article", "Netanyahu stopped the trip.")], [])
    grounded, _ = ground_brief(made, ARTICLE)
    assert len(grounded.claims) == 1


def test_denial_pointing_at_a_dropped_claim_is_relinked_by_overlap_preferring_another_speaker() -> None:
    made = brief(
        [
            claim("U.S. officials denied the report", "U.S. officials", "Officials denied the call report."),
            claim("The decision was not personal", "Sources", "The decision was not personal."),
            claim(
                "Prime Minister Benjamin Netanyahu prevented",
                "The Post",
                "Netanyahu prevented the call trip report.",
            ),
            claim("made up entirely here, the Post said", "The Post", "Made up."),
        ],
        [denial("denied the report — claiming the call", "U.S. officials", "That the call report is right.", 3)],
    )
    grounded, stats = ground_brief(made, ARTICLE)
    assert stats.dropped == 1
    assert grounded.denials[0].disputes_claim == 2
    assert [c.disputed for c in grounded.claims] == [False, False, True]


def test_unlinkable_denial_has_no_target_and_no_claim_is_disputed() -> None:
    made = brief(
        [claim("The decision was not personal", "Sources", "The decision was not personal.")],
        [denial("U.S. officials denied the report", "U.S. officials", "They denied the report.", None)],
    )
    grounded, _ = ground_brief(made, ARTICLE)
    assert len(grounded.denials) == 1
    assert grounded.denials[0].disputes_claim is None
    assert grounded.claims[0].disputed is False


def test_ground_answer_keeps_only_verified_quotes_once() -> None:
    answer = Answer(
        question="q",
        answer="a",
        quotes=["the call was scheduled", "The call was scheduled", "the call was cancelled"],
        found=True,
        engine="llm",
    )
    grounded, stats = ground_answer(answer, ARTICLE)
    assert grounded.quotes == ["the call “was scheduled"]
    assert (stats.checked, stats.verified, stats.dropped) == (3, 1, 2)


REASSIGNMENT = (
    "Osei said he was reassigned to another project two weeks later.\n"
    "A spokesperson for the authority rejected the suggestion that Osei had been moved because of his warnings, "
    "saying the reassignment was planned in January."
)
SPOKESPERSON = (
    "A spokesperson for the authority rejected the suggestion that Osei had been moved because of his warnings"
)
OWN_ACCOUNT = claim(
    SPOKESPERSON + ", saying the reassignment was planned in January",
    "The authority",
    "The reassignment was planned in January.",
)


def test_nobody_disputes_their_own_claim_when_a_lost_link_is_found_again() -> None:
    made = brief(
        [
            claim(
                "Osei said he was reassigned to another project two weeks later",
                "Daniel Osei",
                "Osei was reassigned to another project.",
            ),
            OWN_ACCOUNT,
            claim("Osei had been moved because of his warnings, the Post said", "The Post", "Moved for warnings."),
        ],
        # The engine linked the denial to the Post's claim, which is not in the article and is dropped.
        [denial(SPOKESPERSON, "The authority", "That Osei was moved because of his warnings.", 2)],
    )
    grounded, _ = ground_brief(made, REASSIGNMENT)
    assert [c.claimant for c in grounded.claims] == ["Daniel Osei", "The authority"]
    # The authority's own account shares most words with its denial, yet it is never what the denial disputes;
    # Osei's claim shares too little to be linked with confidence, so the denial stands unlinked.
    assert grounded.denials[0].disputes_claim is None
    assert [c.disputed for c in grounded.claims] == [False, False]


def test_a_denial_the_engine_left_unlinked_stays_unlinked() -> None:
    made = brief(
        [
            claim(
                "Osei said he was reassigned to another project two weeks later",
                "Daniel Osei",
                "Osei was reassigned to another project.",
            ),
            OWN_ACCOUNT,
        ],
        [denial(SPOKESPERSON, "The authority", "That Osei was moved because of his warnings.", None)],
    )
    grounded, _ = ground_brief(made, REASSIGNMENT)
    assert grounded.denials[0].disputes_claim is None
    assert not any(c.disputed for c in grounded.claims)
