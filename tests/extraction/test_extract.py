"""Extraction through the public entry points: hand-written fixtures, plain text, shared eval pages."""

from __future__ import annotations

import asyncio
import re
import threading
from collections import Counter
from pathlib import Path

import pytest

from bot.extraction import extract as extract_module
from bot.extraction import extract_article, extract_article_sync
from tests.fakes.paths import FIXTURES

EVAL_PAGES = ("assange-sweden", "impeachment-sham", "settlements-legality")
BOILERPLATE = re.compile(r"get the .* app|sign up for|newsletter|follow us on|all rights reserved", re.I)


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(len(tokens) - 3, 0)))


def test_article_metadata_and_body() -> None:
    article = extract_article_sync(
        _fixture("article.html"), source="article.html", url="https://ledger.example/news/barrier"
    )
    assert article.gate == "article" and article.gate_reason is None
    assert article.title == "Harbour council approves new flood barrier"
    assert article.site == "The Coastal Ledger"
    assert article.author == "Maria Lindqvist"
    assert article.published == "2024-03-14"
    assert article.language == "en"
    assert article.text.startswith("The harbour council voted on Wednesday")
    assert "\n\n" in article.text and 200 < article.word_count < 260
    assert '"We cannot keep sandbagging the high street every winter," said council leader' in article.text


def test_xhtml_with_an_xml_declaration_reads_like_html() -> None:
    """lxml refuses str input that carries an encoding declaration; XHTML pages usually start with one."""
    html = _fixture("article.html")
    body = html[html.lower().index("<html") :]
    root = '<html xmlns="http://www.w3.org/1999/xhtml"'
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + body.replace("<html", root, 1)
    article = extract_article_sync(
        xhtml, source="x", url="https://ledger.example/news/barrier", content_type="application/xhtml+xml"
    )
    assert article.gate == "article"
    assert article.title == "Harbour council approves new flood barrier"
    assert article.text.startswith("The harbour council voted on Wednesday")


def test_boilerplate_lines_are_stripped() -> None:
    article = extract_article_sync(_fixture("article.html"), source="article.html")
    assert not BOILERPLATE.search(article.text)
    assert "Read more:" not in article.text
    assert "Home" not in article.text.split()
    assert article.text.rstrip().endswith("keeps the cafés along the quay in business.")


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("paywall.html", "paywalled"),
        ("app_shell.html", "needs_javascript"),
        ("navigation.html", "not_article"),
        ("short.html", "too_short"),
        ("empty.html", "empty"),
    ],
)
def test_gate_verdicts_are_recorded_not_raised(name: str, verdict: str) -> None:
    article = extract_article_sync(_fixture(name), source=name)
    assert article.gate == verdict
    assert article.gate_reason


def test_title_loses_site_suffix_when_h1_matches() -> None:
    assert extract_article_sync(_fixture("short.html"), source="short.html").title == "Road closed after spill"


def test_host_name_is_the_site_of_last_resort() -> None:
    article = extract_article_sync(_fixture("short.html"), source="x", url="https://www.crier.example/a")
    assert article.site in ("crier.example", "www.crier.example")


BODY = (
    "The committee met on Monday and agreed to publish its findings before the end of the month, "
    "according to two members who spoke after the session.\n"
    "Its chair said the report would name the officials responsible, while the ministry denied any "
    "wrongdoing and called the inquiry politically motivated."
)


def test_plain_text_without_headline_keeps_first_paragraph() -> None:
    article = extract_article_sync(BODY, source="notes.txt", content_type="text/plain")
    assert article.title is None
    assert article.text.split("\n\n") == BODY.split("\n")
    assert article.language == "en"


def test_plain_text_headline_line_becomes_title() -> None:
    text = "Committee to name officials in report\n\n" + BODY.replace("\n", "\n\n")
    article = extract_article_sync(text, source="notes.txt", content_type="text/plain")
    assert article.title == "Committee to name officials in report"
    assert article.text.startswith("The committee met on Monday")


def test_sentence_first_line_is_not_a_title() -> None:
    text = "The committee met on Monday.\n\n" + BODY
    article = extract_article_sync(text, source="notes.txt", content_type="text/plain")
    assert article.title is None
    assert article.text.startswith("The committee met on Monday.\n\n")


def test_markdown_heading_is_title_and_subheadings_lose_hashes() -> None:
    text = "# Committee to name officials\n\n" + BODY + "\n\n## Reactions\n\nThe opposition welcomed it."
    article = extract_article_sync(text, source="notes.md", content_type="text/markdown")
    assert article.title == "Committee to name officials"
    assert "#" not in article.text
    assert "\n\nReactions\n\nThe opposition welcomed it." in article.text


def test_txt_file_name_means_plain_text_even_with_default_type() -> None:
    article = extract_article_sync("Short note\n\n" + BODY, source="/tmp/note.txt")
    assert article.title == "Short note"
    assert article.gate == "too_short"


def test_whitespace_is_normalised_in_plain_text() -> None:
    article = extract_article_sync("  A  line\twith   gaps.\r\n\r\n\r\n\r\nNext   one. ", source="a.txt")
    assert article.text == "A line with gaps.\n\nNext one."


def test_language_guess_without_declaration() -> None:
    german = "Die Regierung hat am Montag die neue Regel beschlossen, und der Minister sagte, dass es nicht " * 3
    assert extract_article_sync(german, source="a.txt").language == "de"


@pytest.mark.parametrize("name", EVAL_PAGES)
def test_shared_eval_pages_hold_the_article(shared_dir: Path, name: str) -> None:
    html = (shared_dir / "eval" / "pages" / f"{name}.html").read_text(encoding="utf-8")
    truth = (shared_dir / "eval" / "articles" / f"{name}.txt").read_text(encoding="utf-8")
    article = extract_article_sync(html, source=f"{name}.html")
    want, got = _shingles(truth), _shingles(article.text)
    assert sum((want & got).values()) / sum(want.values()) >= 0.9
    assert sum((want & got).values()) / sum(got.values()) >= 0.9
    assert article.gate == "article" and article.title and article.published
    assert not re.search(r"get the \w+ app|download the app|sign up for", article.text, re.I)


async def test_async_extraction_runs_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = extract_module._html_article

    def spy(content: str, *, source: str, url: str | None) -> object:
        threads.append(threading.current_thread())
        return real(content, source=source, url=url)

    monkeypatch.setattr(extract_module, "_html_article", spy)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    article = await extract_article(_fixture("article.html"), source="article.html")
    task.cancel()
    assert article.gate == "article"
    assert threads and threads[0] is not threading.main_thread()
    assert ticks > 0
