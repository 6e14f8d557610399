"""Brief quality figures against a hand-made gold file: the same rules as the shared ``eval/score.py``.

Reimplemented here (stdlib only) so ``briefbot eval`` works for an operator who has only the product and
their own gold folder; ``tests/service/test_evaluation.py`` checks that every figure equals the shared
scorer's on the shared gold whenever ``../shared/eval`` is present. Pure; imports nothing from the bot.

Figures: recall of required actors, claims, denials and open questions; actor precision; the share of
quotes found in the article (grounding); attribution precision; garbled sentences; leaked boilerplate.
"""

from __future__ import annotations

import json
import re
from typing import Any

STOP = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "in",
    "on",
    "that",
    "his",
    "her",
    "its",
    "was",
    "is",
    "had",
    "has",
    "with",
    "for",
    "by",
    "at",
    "it",
    "be",
    "this",
    "as",
    "from",
    "their",
    "they",
}
PRONOUNS = {"i", "you", "he", "she", "it", "we", "they", "him", "her", "them", "his", "its", "their", "this", "that"}
DANGLING = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "or",
    "that",
    "was",
    "were",
    "by",
    "with",
    "for",
    "from",
    "which",
    "whose",
    "as",
    "but",
    "its",
    "his",
    "her",
    "their",
}


def fold(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2014", "-").replace("\u2013", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", fold(text)) if w not in STOP}


def find_brief(obj: Any) -> dict[str, Any] | None:
    """The first object holding an "actors" key: the brief itself or any JSON that wraps it."""
    if isinstance(obj, dict):
        if "actors" in obj:
            return obj
        for value in obj.values():
            found = find_brief(value)
            if found is not None:
                return found
    if isinstance(obj, list):
        for value in obj:
            found = find_brief(value)
            if found is not None:
                return found
    return None


def field(item: Any, *names: str) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        for name in names:
            value = item.get(name)
            if isinstance(value, str) and value.strip():
                return value
            if isinstance(value, dict):
                inner = value.get("name")
                if isinstance(inner, str):
                    return inner
    return ""


def name_matches(predicted: str, aliases: list[str]) -> bool:
    p = fold(predicted).removeprefix("the ")
    if not p:
        return False
    for alias in aliases:
        a = fold(alias).removeprefix("the ")
        if a and (a in p or p in a):
            return True
    return False


def speaker_matches(predicted: str, aliases: list[str]) -> bool:
    if name_matches(predicted, aliases):
        return True
    pw = words(predicted)
    return any(pw & words(alias) for alias in aliases)


def evidence_matches(quote: str, evidence: str | list[str]) -> bool:
    if isinstance(evidence, list):
        return any(evidence_matches(quote, e) for e in evidence)
    ev, qw = words(evidence), words(quote)
    if not ev or not qw:
        return False
    shared = len(ev & qw)
    return shared / len(ev) >= 0.5 or (len(qw) >= 5 and shared / len(qw) >= 0.8)


def grounded(quote: str, article: str) -> bool:
    q = re.sub(r"\s+", "", fold(quote).strip(" .\"'"))
    return bool(q) and q in re.sub(r"\s+", "", article)


def lint_text(text: str, *, min_words: int = 3, question: bool = False) -> str | None:
    """Why a sentence a reader sees is garbled, or None."""
    t = " ".join(text.split())
    if re.search(r",\s*[,.;:]|\s[,.;:](\s|$)|\(\s*\)", t):
        return "stray punctuation"
    if t.count("(") != t.count(")") or t.count("\u201c") != t.count("\u201d") or t.count('"') % 2:
        return "unbalanced brackets or quotation marks"
    n = len(re.findall(r"[\w'\u2019-]+", t))
    if n < min_words:
        return f"{n} words"
    if question:
        if not t.endswith("?"):
            return "question without a question mark"
        last = re.findall(r"[\w'\u2019-]+", t.lower())
        if last and last[-1] in DANGLING:
            return f"question ends on '{last[-1]}'"
    return None


def garbled(brief: dict[str, Any]) -> list[str]:
    """Every shown sentence that is garbled, as 'field: reason: text'."""
    out: list[str] = []

    def check(where: str, text: str, *, min_words: int = 3, question: bool = False) -> None:
        if text:
            why = lint_text(text, min_words=min_words, question=question)
            if why:
                out.append(f"{where}: {why}: {text[:100]}")

    check("headline", field(brief, "headline"), min_words=3)
    check("summary", field(brief, "summary"), min_words=8)
    for c in brief.get("claims", []):
        check("claim", field(c, "statement"))
    seen = set()
    for d in brief.get("denials", []):
        check("denial", field(d, "denied"))
        key = (fold(field(d, "denier")), fold(field(d, "denied")), fold(field(d, "quote")))
        if key in seen:
            out.append(f"denial: duplicate: {key[1][:100]}")
        seen.add(key)
    for q in brief.get("open_questions", []):
        check("question", field(q, "question", "text"), min_words=4, question=True)
    for a in brief.get("actors", []):
        name = field(a, "name")
        if fold(name) in PRONOUNS:
            out.append(f"actor: a pronoun: {name}")
    return out


def score(gold: dict[str, Any], brief: dict[str, Any], article: str | None) -> dict[str, Any]:
    """Every figure for one brief; ``article`` is the folded article text (``fold``), for grounding."""
    result: dict[str, Any] = {}
    actors = [field(a, "name") for a in brief.get("actors", [])]
    gold_actors = gold.get("actors", [])
    required = [g for g in gold_actors if g.get("required")]
    hit = [g for g in required if any(name_matches(a, g["names"]) for a in actors)]
    result["actor_recall"] = len(hit) / len(required) if required else 1.0
    result["actor_missed"] = [g["names"][0] for g in required if g not in hit]
    known = [a for a in actors if any(name_matches(a, g["names"]) for g in gold_actors)]
    result["actor_precision"] = len(known) / len(actors) if actors else 0.0
    result["actor_unknown"] = [a for a in actors if a not in known]

    for kind, speaker_keys, quote_keys in (
        ("claims", ("claimant", "speaker", "by", "source"), ("quote", "evidence", "statement")),
        ("denials", ("denier", "speaker", "by", "source"), ("quote", "evidence", "denied")),
    ):
        predicted = [(field(p, *speaker_keys), field(p, *quote_keys)) for p in brief.get(kind, [])]
        gold_items = [g for g in gold.get(kind, []) if g.get("required")]
        found = [
            g
            for g in gold_items
            if any(evidence_matches(q, g["evidence"]) and speaker_matches(s, g["by"]) for s, q in predicted)
        ]
        result[f"{kind}_recall"] = len(found) / len(gold_items) if gold_items else 1.0
        result[f"{kind}_missed"] = [str(g["evidence"])[:80] for g in gold_items if g not in found]
        result[f"{kind}_count"] = len(predicted)
        if article is not None:
            quotes = [q for _, q in predicted if q]
            ok = [q for q in quotes if grounded(q, article)]
            result[f"{kind}_grounded"] = len(ok) / len(quotes) if quotes else 1.0

    questions = [fold(field(q, "question", "text")) for q in brief.get("open_questions", [])]
    gold_q = [g for g in gold.get("open_questions", []) if g.get("required")]
    answered = [
        g for g in gold_q if any(all(any(fold(k) in q for k in group) for group in g["about"]) for q in questions)
    ]
    result["open_question_recall"] = len(answered) / len(gold_q) if gold_q else 1.0
    result["open_question_count"] = len(questions)

    names = [n for g in gold_actors for n in g["names"]]
    names += [n for kind in ("claims", "denials") for g in gold.get(kind, []) for n in g["by"]]
    speakers = [field(p, "claimant", "speaker", "by", "source") for p in brief.get("claims", [])]
    speakers += [field(p, "denier", "speaker", "by", "source") for p in brief.get("denials", [])]
    known_speakers = [sp for sp in speakers if sp and speaker_matches(sp, names)]
    result["attribution_precision"] = len(known_speakers) / len(speakers) if speakers else 1.0
    result["attribution_unknown"] = [sp for sp in speakers if sp not in known_speakers]
    result["garbled"] = garbled(brief)

    limit = gold.get("max_denials")
    result["denials_overflow"] = max(0, result["denials_count"] - limit) if limit is not None else 0

    dump = fold(json.dumps(brief, ensure_ascii=False))
    result["leaked"] = [s for s in gold.get("must_not_contain", []) if fold(s) in dump]
    return result
