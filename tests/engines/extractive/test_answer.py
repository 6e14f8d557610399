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


@pytest.mark.parametrize("question", ["What is the capital of France?", "How much did the bridge cost to build?"])
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
