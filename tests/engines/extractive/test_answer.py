"""Extractive follow-up answers: found from the article with verbatim quotes, or a plain 'does not say'."""

from __future__ import annotations

import pytest

from bot.engines.extractive import brief_extractive
from bot.engines.extractive.answer import NOT_SAID, answer_extractive
from bot.models import Article, Brief
from tests.fakes.paths import REPO_ROOT

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"


@pytest.fixture
def article() -> Article:
    text = SAMPLE.read_text()
    return Article(source="sample-article.txt", text=text, word_count=len(text.split()))


@pytest.fixture
def brief(article: Article) -> Brief:
    return brief_extractive(article).brief


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What did Varga say about the report?", "Varga denied the report"),
        ("Who is the mayor?", "Mayor Tom Reyes"),
        ("When will repairs begin?", "has not said when repairs will begin"),
        ("Did Osei warn his managers?", "warned his managers"),
    ],
)
def test_answers_come_from_the_article(article: Article, brief: Brief, question: str, expected: str) -> None:
    answer = answer_extractive(article, question, brief=brief)
    assert answer.found and answer.engine == "extractive"
    assert expected in answer.answer
    assert answer.quotes and all(quote in article.text for quote in answer.quotes)
    assert len(answer.quotes) <= 3


@pytest.mark.parametrize(
    "question", ["What is the capital of France?", "How much did the bridge cost to build?", "Is Varga resigning?"]
)
def test_unanswerable_questions_say_so(article: Article, brief: Brief, question: str) -> None:
    answer = answer_extractive(article, question, brief=brief)
    assert not answer.found
    assert answer.answer == NOT_SAID and answer.quotes == []


def test_works_without_a_brief_and_on_empty_text(article: Article) -> None:
    assert answer_extractive(article, "Who is the mayor?").found
    empty = Article(source="empty.txt", text="")
    assert answer_extractive(empty, "Who is the mayor?").found is False


INVENTED = Article(
    source="invented.txt",
    text=(
        "The Red Hand claimed responsibility for the blast at the Velm depot on Monday. "
        "The Sylvanian government has ruled out Red Hand involvement in the blast. "
        "Investigators said the depot stored fuel for the port."
    ),
)


def test_who_denied_finds_a_denial_whatever_its_verb() -> None:
    brief = brief_extractive(INVENTED).brief
    answer = answer_extractive(INVENTED, "Who denied Red Hand involvement?", brief=brief)
    assert answer.found and any("ruled out" in quote for quote in answer.quotes)


@pytest.mark.parametrize(
    "question", ["What did the Freedonian government say about the blast?", "How many people were arrested?"]
)
def test_unknown_names_and_missing_figures_are_not_said(question: str) -> None:
    answer = answer_extractive(INVENTED, question, brief=brief_extractive(INVENTED).brief)
    assert not answer.found and answer.answer == NOT_SAID


def _answer(text: str, question: str) -> str:
    article = Article(source="qa.txt", text=text, word_count=len(text.split()))
    answer = answer_extractive(article, question, brief=brief_extractive(article).brief)
    return answer.answer if answer.found else NOT_SAID


def test_when_question_prefers_the_sentence_with_a_time_and_matches_word_forms() -> None:
    text = (
        "Minister Ada Roon said the port will provide the island with a new ferry. "
        "She said the ferry would be provided next spring, but gave no price. "
        "The ferry will carry 300 passengers."
    )
    assert "next spring" in _answer(text, "When will the ferry be provided?")


def test_what_did_x_say_needs_x_to_speak() -> None:
    text = (
        "The board confirmed an inquiry into the spending of founder Lars Penn. "
        "Chair Mia Holt said the board would cooperate fully."
    )
    assert _answer(text, "What did Penn say?") == NOT_SAID
    assert "cooperate fully" in _answer(text, "What did Holt say?")


HARBOUR = (
    "The harbour board of Lindqvist met on Tuesday to discuss the new ferry terminal. "
    "Board chair Petra Aaland said the terminal would open next summer after long delays. "
    "Workers have poured the foundations and the steel frame is going up. "
    "The board said 140 workers are employed on the terminal site. "
    "Local shop owners welcomed the terminal but worried about traffic on the harbour road.\n\n"
    "Aaland said the board paid the builder in three instalments. "
    "Police arrested two protesters outside the meeting, officers said."
)


def test_a_number_question_is_answered_by_the_sentence_with_the_number() -> None:
    answer = _answer(HARBOUR, "How many workers are employed on the terminal?")
    assert "140 workers" in answer


def test_word_forms_meet_their_stems() -> None:
    assert "arrested two protesters" in _answer(HARBOUR, "What arrests did the police make?")
    assert "poured the foundations" in _answer(HARBOUR, "Who is pouring the foundations?")


def test_a_question_about_someone_the_article_never_names_is_declined() -> None:
    assert _answer(HARBOUR, "What did Governor Okonkwo say about the terminal?") == NOT_SAID
    assert _answer(HARBOUR, "Why did the Brannock company pull out of the terminal?") == NOT_SAID
    # A title the article does not use is no unknown name.
    assert "next summer" in _answer(HARBOUR, "When did Mrs Aaland say the terminal would open?")


def test_a_cost_question_needs_money_in_the_answer() -> None:
    # The board paid the builder, but the article gives no sum: a sentence without money does not answer.
    assert _answer(HARBOUR, "How much did the board pay the builder?") == NOT_SAID


def test_a_first_name_answers_for_the_surname() -> None:
    text = (
        "The lab hired physicist Oriane Maltby as its director, the board said on Monday.\n\n"
        "The lab builds quantum sensors for ships and works closely with the navy.\n\n"
        "Oriane previously ran the cold-atom group at Ferncliff University for nine years."
    )
    assert "Ferncliff University" in _answer(text, "Where was Maltby before the lab?")


@pytest.mark.parametrize(
    "question", ["What did Aaland say about the terminal?", "What do shop owners think of the terminal?"]
)
def test_at_most_two_sentences_are_quoted_verbatim(question: str) -> None:
    article = Article(source="qa.txt", text=HARBOUR, word_count=len(HARBOUR.split()))
    answer = answer_extractive(article, question, brief=brief_extractive(article).brief)
    assert answer.found and 1 <= len(answer.quotes) <= 2
    assert all(quote in HARBOUR for quote in answer.quotes)
    assert answer.answer == " ".join(answer.quotes)


def test_a_yes_no_question_needs_the_article_to_state_it() -> None:
    assert "arrested two protesters" in _answer(HARBOUR, "Did the police arrest anyone?")
    # Only "terminal" matches: the article never says whether it was sold.
    assert _answer(HARBOUR, "Has the terminal been sold?") == NOT_SAID
    # Sentences naming Aaland do not say whether she is resigning.
    assert _answer(HARBOUR, "Is Aaland resigning?") == NOT_SAID


def test_a_clock_time_is_no_amount() -> None:
    text = (
        "Tickets for the harbour festival go on sale at 10 a.m. on Friday at the town hall. "
        "The festival runs for three days in August and ends with fireworks over the water."
    )
    assert _answer(text, "How much are tickets?") == NOT_SAID
    assert "three days" in _answer(text, "How long does the festival run?")


def test_a_question_naming_someone_is_answered_where_they_are_named() -> None:
    # The article has a figure of workers, but not one Aaland is named with.
    assert _answer(HARBOUR, "How many workers did Aaland hire?") == NOT_SAID
    assert "next summer" in _answer(HARBOUR, "When did Aaland say the terminal would open?")


def test_why_and_how_questions_prefer_a_cause_or_a_means() -> None:
    text = (
        "The Dunmore library closed last month.\n\n"
        "Readers said the Dunmore library closed too soon.\n\n"
        "The Dunmore library closed because the roof was leaking onto the shelves in the reading room.\n\n"
        "Readers reopened the reading room on Saturday, the council said.\n\n"
        "The reading room was reopened after raising money at a street fair.\n\n"
        "The council reopened the reading room in the town hall."
    )
    assert "roof was leaking" in _answer(text, "Why did the Dunmore library close?")
    assert "street fair" in _answer(text, "How was the reading room reopened?")
