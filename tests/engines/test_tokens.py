"""Token counts with tiktoken, the estimate fallback when no encoding loads, and verbatim chunking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import tiktoken
import tiktoken.load
import tiktoken.registry

from bot.config import PROJECT_ROOT
from bot.engines.llm.engine import ESTIMATE_WARNING, LLMEngine
from bot.engines.tokens import clear_encoding_cache, count_tokens, split_into_chunks
from bot.models import Article
from tests.fakes.openai_server import FakeOpenAI

TEXT = "U.S. officials denied the report. " * 20


@pytest.fixture(autouse=True)
def fresh_encodings() -> Iterator[None]:
    clear_encoding_cache()
    yield
    clear_encoding_cache()


@pytest.fixture
def no_tokenizer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """An empty cache directory and no network: tiktoken's download raises, as it does offline."""
    attempts: list[str] = []

    def offline(blobpath: str) -> bytes:
        attempts.append(blobpath)
        raise ConnectionError(f"no network for {blobpath}")

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(tiktoken.load, "read_file", offline)
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    return attempts


def test_exact_count_for_openai_and_unknown_models(shared_dir: Path) -> None:
    expected = len(tiktoken.get_encoding("o200k_base").encode(TEXT))
    assert count_tokens(TEXT, model="gpt-4o-mini") == count_tokens(TEXT, model="llama3.1:8b")
    assert count_tokens(TEXT, model="llama3.1:8b").n == expected
    assert count_tokens(TEXT, model="gpt-4o").exact is True
    assert count_tokens("<|endoftext|>", model="gpt-4o").n > 1  # text, never a special token


def test_estimate_when_no_encoding_can_be_loaded_and_not_retried(no_tokenizer: list[str]) -> None:
    first = count_tokens("x" * 41, model="gpt-4o")
    second = count_tokens("hello", model="gpt-4o")
    assert (first.n, first.exact) == (11, False)
    assert (second.n, second.exact) == (2, False)
    assert len(no_tokenizer) == 1


async def test_engine_warns_that_counts_are_estimates(no_tokenizer: list[str]) -> None:
    with FakeOpenAI() as fake:
        engine = LLMEngine(
            model="gpt-4o-mini",
            api_key="k",
            base_url=fake.base_url,
            timeout_seconds=2,
            max_retries=0,
            max_prompt_tokens=4000,
            max_completion_tokens=300,
            prompts_dir=PROJECT_ROOT / "prompts",
        )
        try:
            output = await engine.brief(Article(source="s", text=TEXT))
        finally:
            await engine.aclose()
    assert ESTIMATE_WARNING in output.warnings


@pytest.mark.parametrize("max_tokens", [5, 20, 40])
def test_chunks_are_verbatim_within_budget_and_cover_the_text(shared_dir: Path, max_tokens: int) -> None:
    text = "First paragraph. It has two sentences!\n\nSecond “paragraph” here?\nThird line " + "word " * 30
    chunks = split_into_chunks(text, max_tokens=max_tokens, model="gpt-4o")
    assert len(chunks) > 1
    assert all(chunk in text for chunk in chunks)
    assert all(count_tokens(chunk, model="gpt-4o").n <= max_tokens for chunk in chunks)
    assert " ".join(chunks).split() == text.split()


def test_short_text_is_one_chunk(shared_dir: Path) -> None:
    assert split_into_chunks("  One sentence.  ", max_tokens=100, model="gpt-4o") == ["One sentence."]
    assert split_into_chunks("   ", max_tokens=100, model="gpt-4o") == []


def test_abbreviation_before_a_lower_case_word_does_not_end_a_sentence(shared_dir: Path) -> None:
    text = "U.S. officials denied the report on Monday. Sources close to the minister said otherwise."
    chunks = split_into_chunks(text, max_tokens=12, model="gpt-4o")
    assert chunks[0].startswith("U.S. officials") and "U.S." not in chunks
    assert all(count_tokens(chunk, model="gpt-4o").n <= 12 for chunk in chunks)
