"""The fold cache is bounded in bytes: a few bytes a character, oldest texts evicted past the cap."""

from __future__ import annotations

import tracemalloc

from bot.grounding import FOLD_CACHE, MAX_CACHE_BYTES, find_quote
from bot.grounding.quotes import _FoldCache

TEXT = "Officials said the talks \u201cwent well\u201d \u2014 on Monday. " * 20_000  # ~1 MB


def test_a_folded_article_costs_a_few_bytes_a_character_not_hundreds() -> None:
    FOLD_CACHE.clear()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        found = find_quote('the talks "went well" - on monday', TEXT)
        assert found == "the talks \u201cwent well\u201d \u2014 on Monday"
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        FOLD_CACHE.clear()
    assert held < 8 * len(TEXT), f"{held / len(TEXT):.1f} bytes per character"  # was ~80 with int tuples
    assert MAX_CACHE_BYTES <= 50_000_000


def test_the_cache_evicts_the_oldest_texts_past_its_byte_cap() -> None:
    cache = _FoldCache(max_bytes=3 * 6 * len(TEXT))
    texts = [f"{n} {TEXT}" for n in range(6)]
    for text in texts:
        cache.get(text)
        assert cache.nbytes <= cache.max_bytes
    assert texts[-1] in cache._items and texts[0] not in cache._items
    tiny = _FoldCache(max_bytes=1_000)
    tiny.get(TEXT)  # larger than the whole cap: folded and used, never kept
    assert tiny.nbytes == 0
