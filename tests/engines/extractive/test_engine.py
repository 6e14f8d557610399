"""The extractive engine on small hand-written paragraphs, one per cue type, plus property tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engines.extractive import brief_extractive
from bot.models import Article, Brief
from tests.fakes.paths import REPO_ROOT

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"


def brief_of(text: str, *, title: str | None = None) -> Brief:
    output = brief_extractive(Article(source="test.txt", text=text, title=title, word_count=len(text.split())))
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
    text = "According to the Harbour Gazette, the ferry operator has cancelled all winter crossings this year."
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


def test_denied_reads_as_the_claim_not_name_colon_text() -> None:
    text = (
        "The mayor hid the audit for a year, the Valley Times reported on Monday. "
        "Mayor Ana Ruiz denied the report on Tuesday."
    )
    denial = brief_of(text).denials[0]
    assert denial.denied.startswith("the Valley Times' report that the mayor hid the audit")
    assert ": " not in denial.denied


def test_reported_pronoun_becomes_the_speaker_and_questions_never_capitalise_it() -> None:
    text = (
        "The clinic knew of the fault, the Harbour Post reported on Monday. "
        "Ellen Park said she was moved to another ward a week later. "
        "A spokesperson for the clinic rejected the suggestion that Park had been moved for speaking out."
    )
    brief = brief_of(text)
    assert any(c.statement.startswith("Ellen Park was moved") for c in brief.claims)
    assert not any(" He " in q.question or " She " in q.question for q in brief.open_questions)


def test_appositive_speaker_with_role_first_is_attributed() -> None:
    text = "The water minister, Daud Amir, said the gauges at the border had failed twice this month."
    assert [c.claimant for c in brief_of(text).claims] == ["Daud Amir"]


def test_day_name_is_never_a_speaker() -> None:
    text = "Corvex, the payments group, on Thursday denied that attackers had copied its customer records."
    denial = brief_of(text).denials[0]
    assert denial.denier == "Corvex"


def test_pleaded_not_guilty_is_a_denial() -> None:
    text = "Defence contractor Paul Wren pleaded not guilty on Monday to charges of bribing port officials."
    assert [d.denier for d in brief_of(text).denials] == ["Paul Wren"]


def test_reported_clause_with_a_denial_verb_is_a_denial() -> None:
    text = (
        "Rising sea levels may flood the old town by 2040, according to a study. "
        "The Ministry of Transport said in a statement that it rejected the study's conclusions."
    )
    brief = brief_of(text)
    assert [d.denier for d in brief.denials] == ["Ministry of Transport"]


def test_said_then_called_alarmist_is_a_denial_by_the_speaker() -> None:
    text = (
        "A study found that the pesticide harms bees. The Growers Federation said the product was safe "
        'and called the research "alarmist".'
    )
    assert [d.denier for d in brief_of(text).denials] == ["Growers Federation"]


def test_a_decision_that_shows_something_is_not_a_denial() -> None:
    text = "Council leader Mira Sen said the decision showed the town would not abandon its centre."
    brief = brief_of(text)
    assert brief.denials == [] and [c.claimant for c in brief.claims] == ["Mira Sen"]


def test_headline_fallback_drops_the_dateline_and_stays_short() -> None:
    text = (
        "KELSO — The regional water board quietly raised household charges by a fifth last winter while "
        "cutting maintenance spending on its oldest reservoirs, the Border Courier reported on Friday."
    )
    headline = brief_of(text).headline
    assert not headline.startswith("KELSO") and len(headline.split()) <= 15
    assert headline.split()[-1].lower() not in {"the", "a", "of", "to", "and", "on", "by"}


def test_pending_question_names_the_subject() -> None:
    text = "The tunnel is expected to stay shut until May, and the operator has not said when repairs will begin."
    questions = [q.question for q in brief_of(text).open_questions]
    assert "When will repairs to the tunnel begin?" in questions
