"""The extractive engine on small hand-written paragraphs, one per cue type, plus property tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.extractive import brief_extractive
from bot.models import Article, Brief

SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-article.txt"


def brief_of(text: str, *, title: str | None = None) -> Brief:
    output = brief_extractive(
        Article(source="test.txt", text=text, title=title, word_count=len(text.split()))
    )
    assert output.engine == "extractive" and output.model is None
    return output.brief


def all_quotes(brief: Brief) -> list[str]:
    return [c.quote for c in brief.claims] + [d.quote for d in brief.denials]


def test_said_that_is_a_claim_by_the_speaker() -> None:
    text = "Finance Minister Clara Holt said on Monday that the budget would be balanced by next spring."
    brief = brief_of(text)
    assert [c.claimant for c in brief.claims] == ["Clara Holt"]
    assert "budget would be balanced" in brief.claims[0].statement
    assert brief.actors[0].name == "Clara Holt" and brief.actors[0].role == "Finance Minister"


def test_trailing_reported_makes_the_outlet_the_claimant() -> None:
    text = "The mining company paid no tax for a decade, the Northern Courier reported on Friday."
    brief = brief_of(text)
    assert brief.claims[0].claimant == "Northern Courier"
    assert brief.claims[0].quote == text
    assert any(a.name == "Northern Courier" and a.kind == "outlet" for a in brief.actors)


def test_told_skips_the_audience() -> None:
    text = "Senator Ruth Abara told reporters that the vote had been postponed until the autumn session."
    claim = brief_of(text).claims[0]
    assert claim.claimant == "Ruth Abara"
    assert claim.statement.startswith("The vote had been postponed")


def test_according_to_attributes_the_rest_of_the_sentence() -> None:
    text = (
        "According to the Harbour Gazette, the ferry operator has cancelled all winter crossings this year."
    )
    claim = brief_of(text).claims[0]
    assert claim.claimant == "Harbour Gazette"
    assert "cancelled all winter crossings" in claim.statement


def test_denied_the_report_is_linked_to_the_outlets_claim() -> None:
    text = (
        "The city council hid the audit from voters for two years, the Valley Tribune reported on Tuesday. "
        "Council leader Amir Dosanjh denied the report on Wednesday."
    )
    brief = brief_of(text)
    assert len(brief.denials) == 1
    denial = brief.denials[0]
    assert denial.denier == "Amir Dosanjh"
    assert denial.disputes_claim == 0 and brief.claims[0].disputed
    assert any(q.question.endswith("?") and "audit" in q.question for q in brief.open_questions)


def test_rejected_and_called_untrue_are_denials() -> None:
    text = (
        "Opposition leader Mara Quist said the election had been rigged in three districts. "
        "The electoral commission rejected the claim. "
        "Commission chair Olu Bakare called it untrue and irresponsible."
    )
    brief = brief_of(text)
    assert len(brief.denials) == 2
    assert all(d.disputes_claim == 0 for d in brief.denials)
    assert "Olu Bakare" in [d.denier for d in brief.denials]


def test_not_true_inside_attributed_speech_is_a_denial() -> None:
    text = (
        "Local residents said the factory had dumped waste in the river for years. "
        '"That is simply not true," plant manager Ivo Brandt said.'
    )
    brief = brief_of(text)
    assert [d.denier for d in brief.denials] == ["Ivo Brandt"]


def test_pronoun_resolves_to_the_last_person() -> None:
    text = (
        "Coach Dana Whitfield met the players on Sunday. "
        '"We will be ready for the final and nobody should doubt it," she said after the session.'
    )
    brief = brief_of(text)
    assert brief.claims[0].claimant == "Dana Whitfield"


def test_no_denials_where_none_exist() -> None:
    text = (
        "The museum reopened on Saturday after a two-year renovation. Director Paul Imbert said that visitor "
        "numbers were higher than expected. The new wing holds more than 400 paintings."
    )
    assert brief_of(text).denials == []


def test_month_and_sentence_initial_words_are_not_actors() -> None:
    text = (
        "Yesterday the port was closed. In March, Harbour Director Lena Fiske said the storm had damaged two piers. "
        "Fiske said repairs would start in April."
    )
    names = [a.name for a in brief_of(text).actors]
    assert names == ["Lena Fiske"]


def test_boilerplate_is_skipped_everywhere() -> None:
    text = (
        "Mayor Ana Reyes said the tram line would open in May.\n"
        "Sign up for our newsletter to get the latest news.\n"
        "Get the City Daily app on your smartphone:"
    )
    dump = brief_of(text).model_dump_json().lower()
    assert "newsletter" not in dump and "smartphone" not in dump


def test_headline_prefers_the_title() -> None:
    text = "Mayor Ana Reyes said the tram line would open in May, ahead of the original schedule."
    assert brief_of(text, title="Tram line opens early").headline == "Tram line opens early"
    assert 0 < len(brief_of(text).headline.split()) <= 15


def test_sample_article_brief() -> None:
    text = SAMPLE.read_text()
    brief = brief_of(text)
    names = [a.name for a in brief.actors]
    for expected in ("Helena Varga", "Daniel Osei", "Tom Reyes", "Marlow Port Authority", "Coastal Ledger"):
        assert any(expected in name for name in names), (expected, names)
    ledger = [i for i, c in enumerate(brief.claims) if "Ledger" in c.claimant]
    assert ledger
    varga = [d for d in brief.denials if d.denier == "Helena Varga"]
    assert varga and varga[0].disputes_claim in ledger
    assert brief.claims[varga[0].disputes_claim].disputed
    assert any("Coastal Ledger" in q.why and "Varga" in q.why for q in brief.open_questions)
    assert all(q.question.endswith("?") for q in brief.open_questions)
    assert all(quote in text for quote in all_quotes(brief))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(min_size=0, max_size=80),
            st.sampled_from(
                [
                    "Mayor Ana Reyes said ",
                    "denied the report",
                    ", the Daily Post reported.",
                    '"',
                    "“",
                    "”",
                    "According to officials, ",
                    " he said.",
                    "\n\n",
                    ". ",
                    "U.S. officials",
                    "called it untrue",
                ]
            ),
        ),
        max_size=12,
    )
)
def test_any_text_never_crashes_and_quotes_are_substrings(parts: list[str]) -> None:
    text = "".join(parts)
    brief = brief_of(text)
    assert all(quote in text for quote in all_quotes(brief))
    assert all(q.question.endswith("?") for q in brief.open_questions)
