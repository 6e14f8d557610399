"""Extractive question answering: the article sentences that best match a follow-up question; stdlib and bot.

It answers only from the article: below the match threshold it says the article does not say.
"""

from __future__ import annotations

import math
import re

from bot.engines.extractive.cues import DENIAL_RE, REPORTING_RE
from bot.engines.extractive.sentences import Sentence, split_sentences
from bot.models import Answer, Article, Brief

NOT_SAID = "The article does not say."
MAX_ANSWER_SENTENCES = 3
MIN_COVERAGE = 0.6  # share of the question's (idf-weighted) content words the best sentence must carry
RUNNER_UP_RATIO = 0.7
NAME_WEIGHT = 2.0
_WORD_RE = re.compile(r"[A-Za-z0-9][\w'’-]*")
_DENIAL_QUESTION_RE = re.compile(
    r"\b(?:den(?:y|ied|ies|ial)|reject\w*|dismiss\w*|disput\w*|refut\w*|rul\w+ out)\b", re.IGNORECASE
)
_FIGURE_RE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundreds?)\b")
_AMOUNT_QUESTION_RE = re.compile(r"^\s*how (?:much|many)\b", re.IGNORECASE)
_WHEN_QUESTION_RE = re.compile(r"^\s*when\b", re.IGNORECASE)
_TIME_RE = re.compile(
    r"\b(?:(?:next|last|this|later|early|earlier) (?:year|month|week|spring|summer|autumn|fall|winter)|\w+day"
    r"|January|February|March|April|May|June|July|August|September|October|November|December|(?:19|20)\d\d"
    r"|tomorrow|yesterday|tonight|soon|by the end of)\b"
)
# "What did X say?": X must be the one speaking in the sentences that answer.
_SAID_QUESTION_RE = re.compile(
    r"^\s*what (?:did|does|has|have) (?P<who>.+?) (?:say|said|tell|told|claim|argue|write|tweet|think)\b",
    re.IGNORECASE,
)
TIME_BONUS = 0.3
SPEAKER_SPAN_CHARS = 40  # how far from a reporting verb the asked-about speaker may stand
_STOP = set(
    (
        "a an the of to and or in on at for by with from as is are was were be been being do does did has "
        "have had what who whom whose which when where why how that this these those it its he she they "
        "them his her their there about article say says said tell told according any some me i we you "
        "your our can could would will should may might into than then so not no if all also just s "
    ).split()
)


def stem(word: str) -> str:
    """A light suffix stripper: enough to match 'denied' with 'denies' and 'reports' with 'reported'."""
    word = word.lower().replace("’", "'").removesuffix("'s")
    for suffix in ("ingly", "ations", "ation", "ings", "ing", "ied", "ies", "edly", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix in {"ied", "ies"} else "")
    return word[:-1] if word.endswith("e") and len(word) > 4 else word  # "provide" meets "provided"


def _terms(text: str) -> list[str]:
    return [stem(w) for w in _WORD_RE.findall(text) if w.lower() not in _STOP]


def _question_weights(question: str, sentences: list[Sentence], brief: Brief | None) -> dict[str, float]:
    documents = [set(_terms(s.text)) for s in sentences]
    names = {stem(w) for w in re.findall(r"\b[A-Z][\w'’-]+", question[1:] if question else "")}
    if brief is not None:
        for actor in brief.actors:
            if any(part.lower() in question.lower() for part in actor.name.split() if len(part) > 2):
                names.update(_terms(actor.name))
    weights: dict[str, float] = {}
    for term in set(_terms(question)):
        frequency = sum(term in doc for doc in documents)
        idf = math.log((len(documents) + 1) / (frequency + 0.5)) + 1.0
        weights[term] = idf * (NAME_WEIGHT if term in names else 1.0)
    return weights


def _unknown_name(question: str, text: str) -> bool:
    """A name the question asks about that the article never mentions: the article cannot answer."""
    folded = text.lower()
    names = re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z][\w'’-]+", question.strip())
    return any(name.lower().removesuffix("'s").removesuffix("’s") not in folded for name in names)


def _denial_bonus(sentence: Sentence, question: str, brief: Brief | None) -> float:
    """'Who denied X?' favours the sentences the brief holds as denials, whatever verb they use."""
    if not _DENIAL_QUESTION_RE.search(question):
        return 0.0
    quotes = [d.quote for d in brief.denials] if brief is not None else []
    hit = any(sentence.text in quote or quote in sentence.text for quote in quotes)
    return 0.5 if hit or DENIAL_RE.search(sentence.text) else 0.0


def _speaker_bonus(sentence: Sentence, question: str, brief: Brief | None) -> float:
    """Sentences that carry a claim or denial by an actor the question names rank a little higher."""
    if brief is None:
        return 0.0
    asked = question.lower()
    items = [(c.claimant, c.quote) for c in brief.claims] + [(d.denier, d.quote) for d in brief.denials]
    for speaker, quote in items:
        named = any(part.lower() in asked for part in speaker.split() if len(part) > 3)
        if named and (sentence.text in quote or quote in sentence.text):
            return 0.5
    return 0.0


def _spoken_by_asked(
    question: str, scored: list[tuple[float, Sentence]], brief: Brief | None
) -> list[tuple[float, Sentence]]:
    """'What did X say?' keeps only sentences where X speaks: by the brief's claims, or X beside a reporting verb."""
    asked = _SAID_QUESTION_RE.match(question)
    if asked is None:
        return scored
    parts = [p.lower() for p in re.findall(r"[A-Z][\w'’-]+", asked.group("who")) if len(p) > 2]
    if not parts:
        return scored
    items = [(c.claimant, c.quote) for c in brief.claims] if brief else []
    items += [(d.denier, d.quote) for d in brief.denials] if brief else []
    quotes = [quote for speaker, quote in items if any(p in speaker.lower() for p in parts)]

    def speaks(sentence: Sentence) -> bool:
        if any(sentence.text in quote or quote in sentence.text for quote in quotes):
            return True
        low = sentence.text.lower()
        return any(
            any(p in low[max(0, verb.start() - SPEAKER_SPAN_CHARS) : verb.start()] for p in parts)
            or any(p in low[verb.end() : verb.end() + SPEAKER_SPAN_CHARS] for p in parts)
            for verb in REPORTING_RE.finditer(sentence.text)
        )

    return [(score, sentence) for score, sentence in scored if speaks(sentence)]


def _not_said(question: str) -> Answer:
    return Answer(question=question, answer=NOT_SAID, quotes=[], found=False, engine="extractive")


def answer_extractive(article: Article, question: str, *, brief: Brief | None = None) -> Answer:
    """Rank the article's sentences against the question; answer with the best ones, quoted verbatim."""
    sentences = [s for s in split_sentences(article.text) if s.usable]
    weights = _question_weights(question, sentences, brief)
    total = sum(weights.values())
    if not sentences or total <= 0 or _unknown_name(question, article.text):
        return _not_said(question)
    amount = _AMOUNT_QUESTION_RE.match(question) is not None
    scored: list[tuple[float, Sentence]] = []
    for sentence in sentences:
        terms = set(_terms(sentence.text))
        coverage = sum(w for term, w in weights.items() if term in terms) / total
        if amount and not _FIGURE_RE.search(sentence.text):
            continue  # "how much / how many" needs a figure in the answer
        if coverage > 0:
            bonus = _speaker_bonus(sentence, question, brief) + _denial_bonus(sentence, question, brief)
            if _WHEN_QUESTION_RE.match(question) and _TIME_RE.search(sentence.text):
                bonus += TIME_BONUS  # "when" is answered by the sentence that names a time
            scored.append((coverage + bonus, sentence))
    scored = _spoken_by_asked(question, scored, brief)
    scored.sort(key=lambda pair: -pair[0])
    if not scored or scored[0][0] < MIN_COVERAGE:
        return _not_said(question)
    best = scored[0][0]
    chosen = [s for score, s in scored[:MAX_ANSWER_SENTENCES] if score >= best * RUNNER_UP_RATIO]
    denials = [s for s in chosen if _denial_bonus(s, question, brief) > 0]
    chosen = denials or chosen  # "who denied ...?" is answered by the denials alone
    chosen.sort(key=lambda s: s.index)
    quotes = [s.text for s in chosen]
    return Answer(question=question, answer=" ".join(quotes), quotes=quotes, found=True, engine="extractive")
