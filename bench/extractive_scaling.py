"""Time of the offline engine (brief + one follow-up answer) on crafted texts of 20/40/80/100 KB and a 5 MB article.

Run from the repository root: ``python3 bench/extractive_scaling.py [--timeout 60] [--big-mb 5]``.

Each shape is one a regular expression or a scan could choke on: 40 KB of "Mr. " (no sentence ends), runs of
quotation marks and commas, long runs of capitalised words, capitals with no spaces at all, "Name, a role, will"
appositions, "X is open to" shapes, and plain news-like prose. The engine's cost must grow with the text, never
with its square: the last column is time(100 KB) / time(20 KB), about 5 for linear work (about 25 for quadratic).
Each run happens in a child process, killed at ``--timeout`` seconds.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

from bot.engines.extractive.sentences import MAX_SENTENCE_CHARS, MAX_TEXT_CHARS  # noqa: E402

SIZES_KB = (20, 40, 80, 100)
NAMES = ("Ada Roon", "Lars Penn", "Mia Holt", "Omar Vale", "Kira Sand", "Theo Brandt", "Nina Osei", "Paul Varga")
ORGS = ("the Harbour Authority", "Northgate Council", "the Coastal Ledger", "Brightwater Group")


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def mr(size: int) -> str:
    return _repeat("Mr. ", size)


def quotes_and_commas(size: int) -> str:
    return _repeat('“, ” , " ,, ", “ ” ,', size)


def capital_runs(size: int) -> str:
    rng = random.Random(7)
    words = [rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "".join(rng.choices("aeioulnrst", k=5)) for _ in range(400)]
    out: list[str] = []
    total = 0
    while total < size:
        word = rng.choice(words)
        out.append(word)
        total += len(word) + 1
    return " ".join(out)[:size]


def capitals_no_space(size: int) -> str:
    return _repeat("A", size)


def apposed(size: int) -> str:
    return _repeat("Ada Roon, the head of the port authority, will ", size)


def exposed(size: int) -> str:
    return _repeat("Ada Roon Lars Penn is very ", size)


def prose_paragraph(rng: random.Random) -> str:
    a, b = rng.sample(NAMES, 2)
    org = rng.choice(ORGS)
    return (
        f"{a}, a spokesperson for {org}, said on Monday that the plan would cost $4.5 million. "
        f"“We have done nothing wrong,” {b} said. “The report is false.” "
        f"{org[0].upper() + org[1:]} denied the claims, saying the figures were accurate. "
        f"It is not clear when {b} will respond. The U.S. Senate is expected to vote next week. "
        f"{a} declined to comment on whether the inquiry would continue."
    )


def prose(size: int) -> str:
    rng = random.Random(11)
    out: list[str] = []
    total = 0
    while total < size:
        paragraph = prose_paragraph(rng)
        out.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(out)[:size]


def as_sentences(make: Callable[[int], str]) -> Callable[[int], str]:
    """The same shape cut into sentences just under the sentence cap, five to a paragraph: the most work a
    pattern can be made to do on sentences the engine does read."""

    def build(size: int) -> str:
        unit = make(MAX_SENTENCE_CHARS - 20).rstrip(" ,") + " said Ada Roon. "
        paragraph = unit * 5 + "\n\n"
        return _repeat(paragraph, size)

    return build


RAW: dict[str, Callable[[int], str]] = {
    '"Mr. " x N': mr,
    "quotes and commas": quotes_and_commas,
    "capitalised-word runs": capital_runs,
    "capitals, no spaces": capitals_no_space,
    "Name, a role, will": apposed,
    "X is ... open to": exposed,
}
SHAPES: dict[str, Callable[[int], str]] = {
    **RAW,
    **{f"{name} (sentences)": as_sentences(make) for name, make in RAW.items()},
    "news-like prose": prose,
}


def _work(text: str, queue: multiprocessing.Queue[float], whole: bool) -> None:
    from bot.engines.extractive import answer_extractive, brief_extractive, sentences
    from bot.models import Article

    if whole:  # read the whole text, past the engine's MAX_TEXT_CHARS, to show the scan itself is linear
        sentences.MAX_TEXT_CHARS = len(text) + 1

    article = Article(source="bench", text=text, word_count=len(text.split()))
    started = time.perf_counter()
    output = brief_extractive(article)
    answer_extractive(article, "How many people did Ada Roon say were affected?", brief=output.brief)
    queue.put(time.perf_counter() - started)


def timed(text: str, timeout: float, *, whole: bool = False) -> float | None:
    """Seconds for brief + answer in a child process, or None past the timeout."""
    queue: multiprocessing.Queue[float] = multiprocessing.Queue()
    process = multiprocessing.Process(target=_work, args=(text, queue, whole))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return None
    return queue.get() if not queue.empty() else None


def cell(seconds: float | None, timeout: float) -> str:
    return f"{seconds:>9.2f}" if seconds is not None else f"{'>' + str(int(timeout)):>9}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--big-mb", type=float, default=5.0, help="size of the synthetic article, in MB")
    args = parser.parse_args()
    print(f"{'input (seconds)':36}" + "".join(f"{str(kb) + ' KB':>9}" for kb in SIZES_KB) + f"{'100/20':>9}")
    for name, make in SHAPES.items():
        times = [timed(make(kb * 1000), args.timeout) for kb in SIZES_KB]
        first, last = times[0], times[-1]
        ratio = f"{last / first:>9.1f}" if first and last and first > 0.01 else f"{'-':>9}"
        print(f"{name:36}" + "".join(cell(t, args.timeout) for t in times) + ratio)
    size = int(args.big_mb * 1_000_000)
    big = prose(size)
    seconds = timed(big, args.timeout * 5)
    print(
        f"{f'synthetic article, {args.big_mb:g} MB':36}{cell(seconds, args.timeout * 5)}   (the engine reads "
        f"its first {MAX_TEXT_CHARS // 1000} KB)"
    )
    seconds = timed(big, args.timeout * 5, whole=True)
    print(f"{'  the same, all of it read':36}{cell(seconds, args.timeout * 5)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
