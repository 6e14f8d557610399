"""Extraction benchmark: our extractor vs plain trafilatura and readability-lxml on the shared page set.

Re-implements the benchmark's shingle metric and first checks it against the published reference outputs.
Run: python3 bench/extraction.py [--data PATH] [--skip-reference] [--show-worst N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import trafilatura
from readability import Document

from bot.extraction import extract_article_sync

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT / ".." / "shared" / "bench" / "extraction"
SHINGLE_SIZE = 4
TOKEN_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Score:
    f1: float
    precision: float
    recall: float
    accuracy: float
    empty: int
    per_page: dict[str, tuple[float, float]]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Multiset of 4-token windows; 1-3 tokens give one short shingle, no tokens give none."""
    tokens = TOKEN_RE.findall(text)
    if len(tokens) < SHINGLE_SIZE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1))


def score(truth: Mapping[str, str], predicted: Mapping[str, str]) -> Score:
    """Macro P and R over pages (empty predictions: out of P, recall 0); F1 from the two means."""
    precisions: list[float] = []
    recalls: list[float] = []
    per_page: dict[str, tuple[float, float]] = {}
    exact = empty = 0
    for page_id, true_text in truth.items():
        pred_text = predicted.get(page_id) or ""
        want, got = shingles(true_text), shingles(pred_text)
        exact += TOKEN_RE.findall(true_text) == TOKEN_RE.findall(pred_text)
        if not got:
            empty += 1
            recalls.append(0.0)
            per_page[page_id] = (0.0, 0.0)
            continue
        tp = sum((want & got).values())
        fp, fn = sum(got.values()) - tp, sum(want.values()) - tp
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        precisions.append(precision)
        recalls.append(recall)
        per_page[page_id] = (precision, recall)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(f1, p, r, exact / len(truth) if truth else 0.0, empty, per_page)


def _readability(html: str) -> str:
    summary = Document(html).summary(html_partial=True)
    return str(lxml.html.fragment_fromstring(summary, create_parent="div").text_content())


def _ours(html: str) -> str:
    return extract_article_sync(html, source="bench").text


def _trafilatura(html: str) -> str:
    return trafilatura.extract(html) or ""


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "briefbot": _ours,
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
}


def run_all(pages: Mapping[str, str]) -> dict[str, tuple[dict[str, str], float]]:
    """Outputs and ms/page per extractor, interleaved page by page so machine load hits all alike.

    A crash on a page counts as an empty prediction, as in the benchmark, and is reported on stderr.
    """
    outputs: dict[str, dict[str, str]] = {name: {} for name in EXTRACTORS}
    seconds = dict.fromkeys(EXTRACTORS, 0.0)
    for page_id, html in pages.items():
        for name, fn in EXTRACTORS.items():
            started = time.perf_counter()
            try:
                outputs[name][page_id] = fn(html)
            except Exception as exc:  # noqa: BLE001 - a crashing extractor scores an empty page; we say so
                print(f"  {name} on {page_id[:12]}: {type(exc).__name__}", file=sys.stderr)
                outputs[name][page_id] = ""
            seconds[name] += time.perf_counter() - started
    n = max(len(pages), 1)
    return {name: (outputs[name], seconds[name] * 1000 / n) for name in EXTRACTORS}


def load(data: Path) -> tuple[dict[str, str], dict[str, str]]:
    truth_raw = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    truth = {k: v["articleBody"] for k, v in truth_raw.items()}
    pages = {
        k: gzip.decompress((data / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace") for k in truth
    }
    return truth, pages


def print_reference(data: Path, truth: Mapping[str, str]) -> None:
    print("Metric check on reference-outputs/ (published figures are over all 181 pages):")
    print(f"  {'extractor':18s} {'F1':>6s} {'P':>6s} {'R':>6s} {'acc':>6s}")
    for path in sorted((data / "reference-outputs").glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        s = score(truth, {k: v.get("articleBody") or "" for k, v in raw.items()})
        print(f"  {path.stem:18s} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {s.accuracy:6.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--show-worst", type=int, default=0, metavar="N")
    args = parser.parse_args(argv)
    data: Path = args.data.resolve()
    if not (data / "ground-truth.json").is_file():
        print(f"benchmark data not found at {data} (expected ground-truth.json and html/)", file=sys.stderr)
        return 2
    truth, pages = load(data)
    if not args.skip_reference:
        print_reference(data, truth)
    print(f"\nSame process, same {len(pages)} pages:")
    print(f"  {'extractor':18s} {'F1':>6s} {'P':>6s} {'R':>6s} {'acc':>6s} {'empty':>5s} {'ms/page':>8s}")
    for name, (outputs, ms) in run_all(pages).items():
        s = score(truth, outputs)
        figures = f"{s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f} {s.accuracy:6.3f}"
        print(f"  {name:18s} {figures} {s.empty:5d} {ms:8.1f}")
        if args.show_worst and name == "briefbot":
            worst = sorted(s.per_page.items(), key=lambda item: sum(item[1]))[: args.show_worst]
            for page_id, (p, r) in worst:
                print(f"      P {p:.3f} R {r:.3f} {page_id[:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
