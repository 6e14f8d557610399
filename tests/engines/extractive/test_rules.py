"""Rules added for real news texts, each on a short invented paragraph (no real article text here)."""

from __future__ import annotations

from bot.engines.extractive import brief_extractive
from bot.engines.extractive.sentences import split_sentences
from bot.models import Article, Brief


def brief_of(text: str) -> Brief:
    return brief_extractive(Article(source="t.txt", text=text, word_count=len(text.split()))).brief


def claimants(brief: Brief) -> list[str]:
    return [c.claimant for c in brief.claims]


def questions(brief: Brief) -> list[str]:
    return [q.question for q in brief.open_questions]


def test_a_sentence_ending_in_an_initialism_is_split_before_a_sentence_starter() -> None:
    texts = [
        s.text for s in split_sentences("Talks resumed in the U.S. The envoy left. He met U.S. President Ada Rowe.")
    ]
    assert texts == ["Talks resumed in the U.S.", "The envoy left.", "He met U.S. President Ada Rowe."]


def test_via_an_outlet_is_not_the_speaker() -> None:
    brief = brief_of('Marta Quill, via the Valley Ledger, said that the deal "was never on the table."')
    assert claimants(brief) == ["Marta Quill"]


def test_possessive_group_speaks_for_itself() -> None:
    brief = brief_of("Okafor's supporters have said that he acted only to protect himself.")
    assert claimants(brief) == ["Okafor's supporters"]


def test_a_position_acronym_before_a_name_is_a_role() -> None:
    brief = brief_of("Harbor FC DF Tomas Reyes said the club would appeal the ban.")
    assert claimants(brief) == ["Tomas Reyes"]
    assert brief.actors[0].role == "Harbor FC DF"


def test_the_place_after_a_title_is_not_part_of_the_name() -> None:
    brief = brief_of("Freedonia's ambassador to Sylvania Ana Brill said the border would stay open all winter.")
    assert claimants(brief) == ["Ana Brill"]
    office = brief_of("Freedonia's envoy to Sylvania accused the ministry of stalling the border talks.")
    assert "envoy" in claimants(office)[0]


def test_inverted_described_speaker_with_a_named_appositive() -> None:
    brief = brief_of(
        'Dana Whit testified last week. "We were told to wait," said another witness in the inquiry, '
        "former clerk Dana Whit."
    )
    assert "Dana Whit" in claimants(brief)


def test_told_audience_is_never_the_speaker() -> None:
    brief = brief_of('"This is how it starts," Dr. Ivo Marsh, a member of the panel, told the Daily Ledger.')
    assert claimants(brief) == ["Ivo Marsh"]


def test_told_a_briefing_and_told_a_crowd_that() -> None:
    brief = brief_of(
        'Mayor Lena Ortiz opened the bridge. "The plan is working," she told a news briefing. '
        "Ortiz told cheering residents that the second bridge would reopen in May."
    )
    assert claimants(brief) == ["Lena Ortiz", "Lena Ortiz"]
    assert brief.claims[1].statement.startswith("The second bridge would reopen")


def test_which_marks_an_organisation_so_she_finds_the_person() -> None:
    brief = brief_of(
        "Mia Torres sold her songs to Red Lantern, which owns the catalogue now. Red Lantern runs the label. "
        'Torres criticised the sale. "I want my music back," she said.'
    )
    assert claimants(brief)[-1] == "Mia Torres"
    assert {a.name: a.kind for a in brief.actors}["Red Lantern"] == "organisation"


def test_ruled_out_and_refused_offers_are_denials() -> None:
    brief = brief_of(
        "The Velm Port Agency ruled out any link to the protests. "
        "The Velm Port Agency did not accept the offer of free inspections."
    )
    assert len(brief.denials) == 2
    assert any("reconsider the offer" in q for q in questions(brief))


def test_never_intended_in_a_statement_emailed_to_an_outlet_is_a_denial() -> None:
    brief = brief_of(
        "His lawyer, Ivy Stone, said in an email to the Valley Ledger that Dorn never intended to harm anyone."
    )
    assert [d.denier for d in brief.denials] == ["Ivy Stone"]


def test_the_statement_speaks_for_the_last_speaker() -> None:
    brief = brief_of(
        "The Coastal Guard said in a statement that two crew were rescued. "
        '"Early findings do not indicate sabotage," the statement said.'
    )
    assert [d.denier for d in brief.denials] == ["Coastal Guard"]


def test_a_closing_attribution_outranks_an_inner_said() -> None:
    brief = brief_of("Afterward, Kell said he had moved the money offshore, Ross Vane testified.")
    assert claimants(brief) == ["Ross Vane"]


def test_a_denial_naming_the_claimant_answers_its_claim() -> None:
    brief = brief_of(
        "The Red Hand claimed responsibility for the blast at the depot. "
        "The Sylvanian government has ruled out Red Hand involvement in the blast."
    )
    assert brief.denials[0].disputes_claim == 0
    assert any(q.startswith("Was Red Hand responsible for the blast") for q in questions(brief))


def test_pending_events_become_questions() -> None:
    brief = brief_of(
        "The cause of the fire is under investigation. Dorn faces up to five years in prison. "
        "Sentencing is scheduled for March 3. The board said it was waiting for an audit panel to report on the "
        "accounts. Judge Rita Vale, the most senior judge in the district, is expected to rule on the appeal soon."
    )
    asked = questions(brief)
    assert "What will the investigation into the cause of the fire find?" in asked
    assert "Will Dorn be sentenced to up to five years in prison?" in asked
    assert "What will happen at the sentencing scheduled for March 3?" in asked
    assert "Will an audit panel report on the accounts?" in asked
    assert "Will Judge Rita Vale rule on the appeal soon?" in asked


def test_no_question_from_the_end_of_a_quotation() -> None:
    brief = brief_of('Ana Brill spoke on Monday. "We are done. Workers will leave the site tomorrow."')
    assert not any("Workers" in q for q in questions(brief))


def test_abbreviated_title_is_kept_and_the_title_noun_finds_the_person() -> None:
    brief = brief_of("Gov. Ray Hollis said taxes would fall. The governor said he would sign the budget on Friday.")
    assert claimants(brief) == ["Ray Hollis", "Ray Hollis"]
    assert brief.actors[0].role == "Gov."


def test_her_office_speaks_for_her_and_a_described_agency_is_resolved() -> None:
    brief = brief_of(
        "Senator Joan Pike left for a summit. Her office said she was keeping long-standing plans. "
        "In May, the Velm Port Authority announced a pause. At the time, the agency said in a statement that "
        "the pause was temporary."
    )
    assert claimants(brief) == ["Joan Pike", "Velm Port Authority"]


def test_adverb_between_pronoun_and_denial() -> None:
    brief = brief_of("Ravi Kohl bought the label in May. He has consistently denied being unfair to the band.")
    assert [d.denier for d in brief.denials] == ["Ravi Kohl"]


def test_places_and_laws_are_not_actors_and_one_name_holds_and() -> None:
    brief = brief_of(
        "Crowds filled the Velm Statehouse on Monday. The Velm Statehouse was closed. The Velm Statehouse "
        "reopened later. Customs and Border Guard, part of the Interior Ministry, did not accept the offer."
    )
    assert "Velm Statehouse" not in [a.name for a in brief.actors]
    assert [d.denier for d in brief.denials] == ["Customs and Border Guard"]


def test_first_person_rejection_inside_a_quote_is_a_denial() -> None:
    brief = brief_of('Vera Lind said the envoy "raised, and I rejected, the idea of a second vote."')
    assert [d.denier for d in brief.denials] == ["Vera Lind"]


def test_it_and_the_company_never_mean_a_group_of_people() -> None:
    """'Analysts say it will ...' is not the analysts acting; 'the company' is not the analysts either."""
    text = "Analysts say it will further embolden the settlement movement. The company said it would appeal the ruling."
    brief = brief_extractive(Article(source="t", text=text, word_count=len(text.split()))).brief
    for claim in brief.claims:
        assert not claim.statement.startswith("Analysts will"), claim.statement
        assert "appeal" not in claim.quote or claim.claimant != "Analysts", claim


def test_a_quotation_told_to_an_audience_is_the_statement() -> None:
    text = (
        'Mayor Ana Ruiz spoke after the vote. "This is a historic day for the city," she told '
        "cheering residents, according to a statement."
    )
    brief = brief_of(text)
    [claim] = [c for c in brief.claims if "historic" in c.quote]
    assert claim.claimant == "Ana Ruiz"
    assert claim.statement.startswith("This is a historic day"), claim.statement


def test_a_name_inside_a_quotation_is_not_the_antecedent_of_she() -> None:
    text = (
        '"The references to Senator Paul Grant struck me as political," Maria Lopez said. '
        '"I noted that the call sounded political to me," she said in response to a question.'
    )
    brief = brief_of(text)
    [claim] = [c for c in brief.claims if "sounded political" in c.quote]
    assert claim.claimant == "Maria Lopez"


def test_she_is_never_a_man_the_article_called_he() -> None:
    text = 'Prime Minister Omar Haddad said he was pleased with the vote. "We will fight this," she told reporters.'
    brief = brief_of(text)
    assert all(not (c.claimant == "Omar Haddad" and "fight" in c.quote) for c in brief.claims), brief.claims
