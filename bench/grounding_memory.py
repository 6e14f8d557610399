"""Memory of the grounding cache: the folded copy of a 4.9 MB article, measured with tracemalloc.

Run: .venv/bin/python bench/grounding_memory.py
The cache is capped at MAX_CACHE_BYTES (50 MB); before it kept two tuples of ints per character (~386 MB for
this article, 16 entries deep). Prints the traced bytes held after folding, the peak while folding, and the
cache's own account, then fills the cache with several large articles to show the cap holds.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bot.grounding import FOLD_CACHE, MAX_CACHE_BYTES, find_quote  # noqa: E402

ARTICLE = REPO_ROOT.parent / "shared" / "eval" / "articles" / "gallant-trip.txt"
TARGET_CHARS = 4_900_000
MB = 1_000_000


def big_article(seed: str) -> str:
    fallback = "Officials said the talks \u201cwent well\u201d on Monday. " * 50
    base = ARTICLE.read_text() if ARTICLE.is_file() else fallback
    return (seed + base) * (TARGET_CHARS // (len(base) + len(seed)) + 1)


def main() -> int:
    text = big_article("")
    quote = text[1000:1080]
    FOLD_CACHE.clear()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    assert find_quote(quote, text) is not None
    elapsed = time.perf_counter() - started
    held, peak = tracemalloc.get_traced_memory()
    print(f"article {len(text) / MB:.1f} MB chars: fold + find {elapsed:.1f} s")
    print(
        f"cache held {(held - before) / MB:.1f} MB (traced), peak while folding {(peak - before) / MB:.1f} MB, "
        f"cache account {FOLD_CACHE.nbytes / MB:.1f} MB, cap {MAX_CACHE_BYTES / MB:.0f} MB"
    )
    for n in range(3):  # more large articles: older ones are evicted, the total stays under the cap
        find_quote(quote, big_article(f"Variant {n}. "))
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(
        f"after 4 large articles: cache account {FOLD_CACHE.nbytes / MB:.1f} MB, traced {(held - before) / MB:.1f} MB"
        " (the last article's text is still referenced by this script)"
    )
    ok = FOLD_CACHE.nbytes <= MAX_CACHE_BYTES
    print("OK" if ok else "OVER")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
