"""Rules found by reading the offline brief of real news it had never seen, each on a text written for the test.

Denials in the speaker's own words and in the passive, pleas, a cut-off teaser, "the company" that is never a
court, conflict questions about what is claimed rather than the claiming, acts that keep their subject, counts
of people that are not speakers, and questions and statements that stop where a second clause begins.
"""

from __future__ import annotations

from bot.engines.extractive import brief_extractive
from bot.engines.extractive.lint import garbled
from bot.models import Article, Brief


def brief_of(text: str) -> Brief:
    return brief_extractive(Article(source="test.txt", text=text, word_count=len(text.split()))).brief


def denials_of(text: str) -> list[tuple[str, str]]:
    return [(d.denier, d.denied) for d in brief_of(text).denials]


def questions_of(text: str) -> list[str]:
    return [q.question for q in brief_of(text).open_questions]


def test_a_quoted_rejection_with_an_adverb_is_the_speakers_denial() -> None:
    text = (
        "The harbour board faced questions over the land sale on Monday. "
        '"We firmly reject such allegations and fabrications that have no basis in fact," board spokesman '
        "Oskar Lind said on Tuesday."
    )
    assert denials_of(text) == [
        ("Oskar Lind", "We firmly reject such allegations and fabrications that have no basis in fact.")
    ]


def test_a_passive_dismissal_is_credited_to_the_named_office_holder() -> None:
    text = (
        "Reports said the ministry had lobbied for the buyer. The allegations were also dismissed today by the "
        "Director of the Civil Aviation Agency (CAA), Mirela Kos, and by the bank's chairman."
    )
    assert [denier for denier, _ in denials_of(text)] == ["Mirela Kos"]


def test_calling_a_report_rubbish_or_a_lie_in_quotation_is_a_denial() -> None:
    rubbish = (
        "Opposition deputies accused Premier Anton Brel of corruption. "
        '"That is a rubbish report, a corrupt report," Brel said in parliament.'
    )
    lie = (
        "The minister was accused of misusing the fund. Sports Minister Ada Quist said: "
        '"Almost everything in there is a big lie, and some people are just out for me."'
    )
    assert [denier for denier, _ in denials_of(rubbish)] == ["Anton Brel"]
    assert [denier for denier, _ in denials_of(lie)] == ["Ada Quist"]


def test_reports_called_absurd_after_a_long_subject_are_denied_by_the_speaker() -> None:
    text = (
        'Reports of Ruritanian involvement in a hack, which saw party emails leaked online, are "absurd," '
        "government spokesman Petr Holan said on Tuesday."
    )
    assert denials_of(text) == [
        (
            "Petr Holan",
            'Reports of Ruritanian involvement in a hack, which saw party emails leaked online, are "absurd".',
        )
    ]
    assert denials_of("Reports on the economy are improving, Finance Minister Petr Holan said in a speech.") == []


def test_a_plea_of_not_guilty_reads_as_a_plea() -> None:
    text = (
        "The inquiry into the city's contracts widened this year. The mayor of Eastport also pleaded not guilty to "
        "similar charges last week."
    )
    assert denials_of(text) == [
        ("The mayor of Eastport", "The mayor of Eastport pleaded not guilty to similar charges last week.")
    ]


def test_a_teaser_cut_off_after_denied_is_no_denial() -> None:
    text = (
        "The striker will miss the match, the coach said on Monday.\n"
        "Bowler Imran Tahiri of the national side. — AFP/File: All-rounder Imran Tahiri has firmly denied...\n"
    )
    brief = brief_of(text)
    assert brief.denials == []
    assert "denied..." not in brief.summary


def test_the_company_never_points_back_to_a_court() -> None:
    text = (
        "Velder Chemical Co. will appeal a $1.2 billion price-fixing judgment, it said on Friday. "
        "Velder believed the jury's findings should have led to a ruling in its favour under the Supreme Court's "
        "decision in an earlier case. "
        "The company had always denied being involved in price fixing, Velder insisted."
    )
    deniers = [denier for denier, _ in denials_of(text)]
    assert deniers and all("Court" not in denier for denier in deniers)


def test_a_conflict_question_asks_about_the_accusation_not_the_accusing() -> None:
    text = (
        "Opposition leader Rufus Tam accused the ruling party of blatant and gigantic fraud on Sunday. "
        "President Ines Varo dismissed the allegations of fraud, telling reporters the vote was fair."
    )
    questions = questions_of(text)
    assert "Is the accusation of blatant and gigantic fraud against the ruling party true?" in questions
    assert not any("that Rufus Tam accused" in q or "that Tam accused" in q for q in questions)


def test_declaring_an_emergency_keeps_who_declared_it() -> None:
    text = (
        "President Lena Ortiz declared an emergency in the northern province on Monday, ordering federal help to "
        "join the rescue. Fire chief Tomas Reiner said the recovery would be a long one."
    )
    statements = [c.statement for c in brief_of(text).claims]
    assert not any(s.startswith("An emergency") for s in statements)


def test_a_count_of_people_is_not_a_speaker() -> None:
    text = (
        "Twelve people are now confirmed dead in the building collapse, County Mayor Rosa Blanco announced on "
        "Tuesday evening. Rescuers are still searching the site."
    )
    brief = brief_of(text)
    assert [c.claimant for c in brief.claims] == ["Rosa Blanco"]
    assert "Twelve people" not in [a.name for a in brief.actors]


def test_questions_never_carry_an_auxiliary_a_parenthetical_whether_or_a_sighting() -> None:
    text = (
        "Subscribers fell by four million in the quarter, and in the future the company does not plan to share "
        "those figures with the public. The council said that the results, whether a victory for the left or the "
        "right, were final in every district. Soldiers could be seen trying to clear the blocked roads."
    )
    questions = questions_of(text)
    assert not any("does not" in q or "whether a victory" in q or "be seen" in q for q in questions)


def test_a_question_and_a_statement_stop_where_the_second_clause_begins() -> None:
    text = (
        "Local MP Dan Keel will speak to both employers today and hopes to arrange a meeting with the bosses soon. "
        "Captain Ravi Sen said batting will be a major focus of concern ahead of the next series and said they "
        "will have to use the time wisely. Sen regretted the lack of partnerships, and he said the poor batting "
        "was not something he expected to see."
    )
    brief = brief_of(text)
    assert "Will Local MP Dan Keel speak to both employers today?" in [q.question for q in brief.open_questions]
    statements = [c.statement for c in brief.claims]
    assert "Batting will be a major focus of concern ahead of the next series." in statements
    assert not any(" and said " in s for s in statements)
    assert not any(garbled(s) for s in statements)


def test_an_ampersand_joins_one_company_name() -> None:
    text = (
        "Pratt & Whitney said on Sunday that its machinists had voted to strike. Spokesman Mark Sullivan said the "
        "company was extremely disappointed by the vote."
    )
    names = [a.name for a in brief_of(text).actors]
    assert "Pratt & Whitney" in names
    assert "Whitney" not in names
