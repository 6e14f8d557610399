"""The offline engine's language gate through the router: other languages get the headline and the opening
lines with a plain notice, not English cue rules misfiring on foreign nouns; English is briefed in full."""

from __future__ import annotations

from bot.engines import Engines
from bot.models import Article, Brief
from tests.fakes.paths import REPO_ROOT

SAMPLE = REPO_ROOT / "examples" / "sample-article.txt"
GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, die alte Hafenbrücke für Reparaturen zu schließen. "
    "Die Entscheidung überraschte viele Anwohner, die die Brücke jeden Tag überqueren. "
    '"Die Brücke ist nicht mehr sicher", sagte Maria Lopez, die Chefingenieurin der Stadt. '
    "Bürgermeister Tom Becker wies zurück, dass die Schließung seit Monaten geplant gewesen sei. "
    "Es ist noch nicht klar, wie lange die Arbeiten dauern werden und was sie kosten. "
) * 4


def _article(text: str, *, language: str | None, title: str | None = None) -> Article:
    return Article(source="https://example.com/a", title=title, text=text, word_count=len(text.split()),
                   language=language)  # fmt: skip


async def test_a_german_article_gets_the_lede_and_a_notice() -> None:
    engines = Engines(llm=None, default="extractive")
    output = await engines.brief(_article(GERMAN, language="de", title="Hafenbrücke wird geschlossen"), None)
    brief = output.brief
    assert brief.headline == "Hafenbrücke wird geschlossen"
    assert brief.summary.startswith("Der Stadtrat hat am Dienstag beschlossen") and brief.summary in GERMAN
    assert (brief.actors, brief.claims, brief.denials, brief.open_questions) == ([], [], [], [])
    assert any("German" in w and "English only" in w for w in output.warnings)
    assert output.engine == "extractive" and output.prompt_version is not None


async def test_text_outweighs_a_wrong_declared_language() -> None:
    """CMS templates often declare lang="en" on every page; the words decide."""
    output = await Engines(llm=None, default="extractive").brief(_article(GERMAN, language="en"), None)
    assert any("German" in w for w in output.warnings) and output.brief.actors == []


async def test_an_english_article_is_briefed_in_full_without_a_notice() -> None:
    text = SAMPLE.read_text()
    output = await Engines(llm=None, default="extractive").brief(_article(text, language="de"), None)
    assert output.brief.actors and not any("English only" in w for w in output.warnings)


async def test_answers_about_a_foreign_article_carry_the_notice() -> None:
    brief = Brief(headline="h", summary="s", actors=[], claims=[], denials=[], open_questions=[])
    answer = await Engines(llm=None, default="extractive").answer(
        _article(GERMAN, language="de"), "Wer ist Maria Lopez?", brief=brief, history=[]
    )
    assert any("German" in w for w in answer.warnings)
