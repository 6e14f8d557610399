"""Extractive question answering: BM25 over the article's sentences, with question-type cues; stdlib and bot.

The answer is at most two of the article's own sentences, quoted verbatim. It says the article does not say
when the question names someone or something the article never mentions, when it asks for a kind of thing no
sentence holds ("how many N" and no figure of N, "how much did it cost" and no money, "when" and no time, "what
did X say" and X never speaks), or when no sentence clears the threshold for its kind of question (calibrated on
the tuning questions only: bench/calibrate_answers.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from bot.engines.extractive.cues import DENIAL_RE, REPORTING_RE, TITLE_WORDS
from bot.engines.extractive.names import COUNTRY_OF
from bot.engines.extractive.sentences import Sentence, readable_text, split_sentences
from bot.models import Answer, Article, Brief

NOT_SAID = "The article does not say."
MAX_ANSWER_SENTENCES = 2
# BM25 (Robertson & Zaragoza): k1 saturates repeated terms, b normalises for sentence length.
BM25_K1 = 1.2
BM25_B = 0.75
# The best sentence's score, as a share of what a sentence holding every question term once would score,
# must reach this; calibrated on bench/gold/tune/questions.json (bench/calibrate_answers.py), never on check.
# A question that asks for a figure (an amount, money, a span) or a time has already been declined when no
# sentence holds one, so its words may match less (a time is commoner in news than a figure: "when" asks more);
# a yes/no question must be stated nearly whole.
MIN_SCORES = {"figure": 0.10, "when": 0.15, "yes_no": 0.60, "open": 0.40}
ABSENT_SHARE = 0.5
SECOND_RATIO = 0.3  # a second sentence is quoted only when it scores this close to the best
CONTEXT_SHARE = 0.5  # a sentence inherits this share of its neighbour's match: '... X announced Y. He said it ...'
# Readers' words for what news English writes otherwise; both sides map to the first stem.
SYNONYMS = {
    "attorney": "lawyer", "counsel": "lawyer", "kid": "child", "children": "child", "guy": "man",
    "cop": "police", "boss": "chief", "jail": "prison",
    # irregular past forms meet their verbs ("paid" answers "pay")
    "paid": "pay", "spent": "spend", "won": "win", "lost": "lose", "sold": "sell", "bought": "buy",
    "made": "make", "took": "take", "taken": "take", "gave": "give", "given": "give", "held": "hold",
    "met": "meet", "ran": "run", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
    "grew": "grow", "grown": "grow", "caught": "catch", "brought": "bring", "kept": "keep", "built": "build",
    "sent": "send", "struck": "strike", "wrote": "write", "written": "write", "found": "find",
    "thought": "think", "knew": "know", "known": "know", "began": "begin", "begun": "begin", "chose": "choose",
    "chosen": "choose", "left": "leave", "led": "lead", "hid": "hide", "hidden": "hide", "broke": "break",
    "broken": "break", "spoke": "speak", "spoken": "speak", "stole": "steal", "stolen": "steal",
    "fled": "flee", "fought": "fight", "flew": "fly", "flown": "fly", "drove": "drive", "driven": "drive",
    "shot": "shoot", "bitten": "bite", "ate": "eat", "eaten": "eat", "froze": "freeze",
    "frozen": "freeze", "hung": "hang", "sought": "seek", "taught": "teach", "wore": "wear", "worn": "wear",
    "swore": "swear", "sworn": "swear", "tore": "tear", "torn": "tear", "threw": "throw", "thrown": "throw",
    "saw": "see", "seen": "see", "went": "go", "gone": "go", "came": "come", "became": "become", "lent": "lend",
    "stood": "stand", "understood": "understand", "withdrew": "withdraw", "withdrawn": "withdraw",
    "sank": "sink", "sunk": "sink", "dug": "dig", "felt": "feel",
    "died": "die", "dead": "die", "death": "die", "deaths": "die", "dying": "die",
    # the same act in a reader's word and a reporter's ("Where was he attacked?" / "The stabbing occurred at ...")
    "stab": "attack", "stabbed": "attack", "stabbing": "attack", "assault": "attack", "assaulted": "attack",
    "attacked": "attack", "murder": "kill", "murdered": "kill", "killed": "kill", "killing": "kill",
    "sued": "sue", "suing": "sue", "lawsuit": "sue", "lawsuits": "sue", "suit": "sue", "suits": "sue",
    "outlook": "forecast", "guidance": "forecast", "projection": "forecast", "projections": "forecast",
    "injured": "injure", "injuries": "injure", "injury": "injure", "wounded": "injure", "hurt": "injure",
    # a reader's plain word for the reporter's ("How did he react?" / "he responded")
    "react": "respond", "reacted": "respond", "reaction": "respond", "response": "respond", "responded": "respond",
    "reply": "respond", "replied": "respond", "reporter": "journalist", "reporters": "journalist",
    "journalists": "journalist", "detained": "arrest", "detain": "arrest", "arrested": "arrest",
    "custody": "arrest", "probe": "investigat", "inquiry": "investigat", "investigation": "investigat",
    "investigating": "investigat", "investigated": "investigat", "investigate": "investigat",
    "envoy": "ambassador", "envoys": "ambassador", "ambassadors": "ambassador",
}  # fmt: skip
MIN_ANSWER_TERMS = 3  # content words an answering sentence needs
NAME_WEIGHT = 1.5  # terms of names in the question weigh more than common words
# A cause for "why", a means for "how did", a denial for "who denied"; half of it a new name for "who", a place
# for "where".
CUE_BONUS = 0.25
MAX_SCORED_CHARS = 1200  # a sentence longer than this is scored on its first 1,200 characters (bounded work)
_WORD_RE = re.compile(r"[A-Za-z0-9][\w'’-]{0,40}")
_DENIAL_QUESTION_RE = re.compile(
    r"\b(?:den(?:y|ied|ies|ial)|reject\w*|dismiss\w*|disput\w*|refut\w*|rul\w+ out)\b", re.IGNORECASE
)
_FIGURE_RE = re.compile(
    r"\d[\d,.:]{0,20}|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?"
    r"|millions?|billions?|half|twice|several|third|quarter|percent|per cent)\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d")
# A number that is a clock time or a day of a month: '10 a.m.', '7:14', 'Dec. 15', 'July 22'.
_TIME_AFTER_RE = re.compile(r"\s*(?:a\.?m\b|p\.?m\b|o'clock)", re.IGNORECASE)
_MONTH_BEFORE_RE = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August"
    r"|September|October|November|December)\.?\s+$"
)
_AMOUNT_QUESTION_RE = re.compile(
    r"\bhow (?:much|many|long|far|big|bad|old|often)\b|\bwhat(?:'s| is| was)? (?:the )?(?:\w+ )?(?:number|amount|"
    r"score|price|cost|total|figure|rate|size|average|median)\b|\bwhat(?:'s| is| was)? the (?:\w+ )?(?:most|least)\b",
    re.IGNORECASE,
)
# "How much did it cost?", "what's the price?": the answer names money.
_MONEY_QUESTION_RE = re.compile(
    r"\bhow much (?:[\w&'’-]+ ){0,2}(?:money|cash|funding)\b"
    r"|\bhow much (?:did|does|do|will|would|could|can|has|have|had|is|are|was|were|should|might|may)\b"
    r"(?=.{0,80}\b(?:cost|pay|paid|spend|spent|raise|raised|earn|earned|charge|charged|owe|owed|worth|fund|budget|"
    r"price|salary|wage|fine|fined|sell|sold|buy|bought|save|saved|lose|lost|profit|revenue|sue|suing)\b)"
    r"|\bhow much (?:is|are|was|were)\b(?!.{0,60}\b(?:grow|ris|fall|fell|drop|weigh|increas|decreas|shrink|chang)\w*\b)"
    r"|\b(?:what|which) (?:price|fee|fine|salary|wage)\b|^\s*(?:what|how)\b.{0,80}\bcosts?\b"
    r"|\bwhat(?:'s| is| was| are| were)? (?:the|its|their|his|her) (?:\w+ ){0,2}"
    r"(?:price|cost|salary|wage|budget|fee|fine|revenue|profit|value)\b",
    re.IGNORECASE,
)
_MONEY_RE = re.compile(
    r"[$£€¥₹₦₩]|\b(?:dollars?|pounds?|euros?|cents?|yuan|yen|rupees?|francs?|pesos?|naira|rubles?|roubles?|lira"
    r"|shekels?|USD|GBP|EUR)\b",
    re.IGNORECASE,
)
# "What's the average teacher salary?": the answer names that kind of money, in one of its words.
_MONEY_NOUN_QUESTION_RE = re.compile(
    r"\bwhat(?:'s|’s| is| was| are| were)? (?:the|its|their|his|her) (?:\w+ ){0,2}"
    r"(?P<noun>salary|salaries|wage|wages|price|cost|fee|fine|revenue|profit|budget)\b",
    re.IGNORECASE,
)
_PAY_WORDS = re.compile(r"\b(?:salar\w*|wages?|pay|paid|earn\w*|income)\b", re.IGNORECASE)
_PRICE_WORDS = re.compile(r"\b(?:pric\w*|costs?|costing|sells?|sold|paid|pay|charg\w*|fees?|fares?)\b", re.IGNORECASE)
_MONEY_NOUNS = {
    "salary": _PAY_WORDS, "salaries": _PAY_WORDS, "wage": _PAY_WORDS, "wages": _PAY_WORDS,
    "price": _PRICE_WORDS, "cost": _PRICE_WORDS, "fee": _PRICE_WORDS,
    "fine": re.compile(r"\b(?:fine[ds]?|penalt\w*|pay|paid|order\w* to pay)\b", re.IGNORECASE),
    "revenue": re.compile(r"\b(?:revenues?|sales|turnover|takings)\b", re.IGNORECASE),
    "profit": re.compile(r"\b(?:profits?|earnings|net income|income|loss(?:es)?)\b", re.IGNORECASE),
    "budget": re.compile(r"\b(?:budget\w*|spend\w*|spent|fund\w*|allocat\w*)\b", re.IGNORECASE),
}  # fmt: skip
# "How long ...?": the answer names a span of time (or distance).
_DURATION_QUESTION_RE = re.compile(r"\bhow long\b", re.IGNORECASE)
_DURATION_RE = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|seasons?|decades?|centur(?:y|ies)|"
    r"indefinitely|miles?|kilomet(?:er|re)s?|km|met(?:er|re)s?|feet|foot|inch(?:es)?)\b",
    re.IGNORECASE,
)
# "how many school districts ...": the counted words, after an optional "of the".
_COUNTED_RE = re.compile(
    r"\bhow many\s+(?:of\s+(?:the|these|those|its|their)\s+)?(?P<words>(?:[\w'’-]{1,40}\s+){0,2}[\w'’-]{1,40})",
    re.IGNORECASE,
)
_COUNT_STOP = set("is are was were do does did have has had will would can could got get go going".split())
FIGURE_REACH_WORDS = 4  # "300 school districts", "one of those nights": the counted noun follows the figure closely
_WHEN_QUESTION_RE = re.compile(
    r"^\s*(?:when|(?:in |on |at |by )?(?:what|which) (?:day|date|year|month|time))\b", re.IGNORECASE
)
_TIME_RE = re.compile(
    r"\b(?:(?:next|last|this|later|early|earlier) (?:year|month|week|spring|summer|autumn|fall|winter)|\w+day"
    r"|January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|(?:19|20)\d\ds?|tomorrow|yesterday|tonight|soon"
    r"|by the end of|as soon as|(?:within|in|for|after) (?:the )?(?:\w+ )?(?:hours?|days?|weeks?|months?|years?)"
    r"|ago|morning|afternoon|evening|night|weekend|overnight|(?:a\.m|p\.m|noon|midnight)|\d{1,2}:\d\d"
    r"|(?:the )?(?:\w+ )?(?:century|decade|season|quarter|term))\b"
)
# "... has not said when repairs will begin": a time the article says is unknown still answers "when".
_UNSAID_TIME_RE = re.compile(r"\b(?:not|no|unclear|unknown)\b[^.;]{0,40}\b(?:when|date|timeline|timetable)\b")
# "Which city ...", "what year ...": the noun names the kind of answer, which seldom uses that word ("in Atlanta").
_ANSWER_TYPE_RE = re.compile(
    r"^\s*(?:in |on |at )?(?:what|which) (?:city|town|country|state|place|venue|region|county|province|year|month"
    r"|day|date|time)\b",
    re.IGNORECASE,
)
_YES_NO_RE = re.compile(
    r"^\s*(?:is|are|was|were|has|have|had|did|does|do|will|would|can|could|should|shall|may|might)\b", re.IGNORECASE
)
_WHO_QUESTION_RE = re.compile(r"^\s*who\b", re.IGNORECASE)
_NAME_IN_TEXT_RE = re.compile(r"\b[A-Z][a-z][\w'’-]{0,40}")
_WHERE_QUESTION_RE = re.compile(
    r"^\s*(?:where|(?:in )?(?:what|which) (?:city|town|country|state|place|venue|region|county|province))\b",
    re.IGNORECASE,
)
_PLACE_RE = re.compile(r"\b(?:in|at|from|of|near|for|to)\s+(?:the\s+)?(?P<place>[A-Z][a-z][\w'’-]{0,40})")
_WHY_QUESTION_RE = re.compile(r"^\s*(?:why|what (?:caused|led to|made)|how come)\b", re.IGNORECASE)
_HOW_QUESTION_RE = re.compile(r"^\s*how (?:did|does|do|was|were|is|are|will|has|have|can|could)\b", re.IGNORECASE)
_MEANS_RE = re.compile(r"\b(?:by \w+ing|after \w+ing|through|using|via|thanks to)\b", re.IGNORECASE)
_CAUSE_RE = re.compile(
    r"\b(?:because|due to|owing to|as a result|since|so that|in order to|after|reason|caused by|blamed|citing"
    r"|driven by|thanks to|attributed|result of|would not|could not|refused|not enough)\b",
    re.IGNORECASE,
)
# "What did X say?", "Who said X?", "What's X's view?": X must be the one speaking in the answer.
_SAID_QUESTION_RE = re.compile(
    r"^\s*(?:what (?:did|does|has|have|do) (?P<who>.+?) (?:say|said|tell|told|claim|argue|write|tweet|think)"
    r"|how (?:did|does|has|have|do|will) (?P<reacting>.+?) (?:react|respond|reply|answer)(?:ed)?)\b",
    re.IGNORECASE,
)
SPEAKER_SPAN_CHARS = 60  # how far before a reporting verb the asked-about speaker may stand
INVERTED_SPAN_CHARS = 30  # and how far after it ('"...," said X')
_STOP = set(
    (
        "a an the of to and or in on at for by with from as is are was were be been being do does did has "
        "have had what what's whats who whom whose which when where why how that this these those it its he "
        "she they them his her their there about article say says said tell told according any some me i we "
        "you your our can could would will should may might into than then so not no if all also just s "
        "many much actually really going get got talking talk anyone anything something thing things "
        "happen happened exactly right now won't don't doesn't didn't can't isn't aren't wasn't weren't "
        "hasn't haven't wouldn't couldn't shouldn't won’t don’t doesn’t didn’t can’t isn’t aren’t wasn’t "
        "else besides ever still yet anyway"
    ).split()
)


def stem(word: str) -> str:
    """A light suffix stripper: 'denied' meets 'denies', 'trapped' 'trap', 'cases' 'case', 'paid' 'pay'."""
    word = word.lower().replace("’", "'").removesuffix("'s").removesuffix("'")
    if word in SYNONYMS:
        word = SYNONYMS[word]
    else:
        for suffix in ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "ly", "s"):
            if not word.endswith(suffix) or len(word) - len(suffix) < (2 if suffix == "s" else 3):
                continue
            if suffix == "ly" and (len(word) < 7 or word.endswith(("ily", "lly"))):
                break  # "unanimously" meets "unanimous"; "family", "early", "only", "really" stay whole
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break  # "boss", "virus", "this"
            word = word[: -len(suffix)] + ("y" if suffix in {"ied", "ies"} else "")
            if (
                suffix in {"ing", "ings", "ed"}
                and len(word) >= 4
                and word[-1] == word[-2]
                and word[-1] not in "aeioulsz"
            ):
                word = word[:-1]  # "trapped" -> "trap", "getting" -> "get"
            word = SYNONYMS.get(word, word)
            break
    return word[:-1] if len(word) > 3 and word.endswith("e") else word  # "case" meets "cases", "score" "scored"


def terms(text: str) -> list[str]:
    """Content-word stems of a text, in order (a word may repeat)."""
    return [stem(w) for word in _WORD_RE.findall(text) for w in word.split("-") if w and w.lower() not in _STOP]


@dataclass
class BM25:
    """Okapi BM25 over a list of tokenised documents (here: the sentences of one article)."""

    documents: list[list[str]]
    k1: float = BM25_K1
    b: float = BM25_B

    def __post_init__(self) -> None:
        self.counts = [Counter(doc) for doc in self.documents]
        self.lengths = [len(doc) for doc in self.documents]
        self.average = sum(self.lengths) / len(self.lengths) if self.lengths else 0.0
        frequency: Counter[str] = Counter()
        for counts in self.counts:
            frequency.update(counts.keys())
        n = len(self.documents)
        self.idf = {term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()}
        self.unseen_idf = math.log(1 + (n + 0.5) / 0.5)

    def term_idf(self, term: str) -> float:
        return self.idf.get(term, self.unseen_idf)

    def score(self, query: dict[str, float], i: int) -> float:
        """BM25 of document ``i`` for ``query`` (term -> weight)."""
        counts = self.counts[i]
        norm = self.k1 * (1 - self.b + self.b * self.lengths[i] / (self.average or 1.0))
        total = 0.0
        for term, weight in query.items():
            tf = counts.get(term, 0)
            if tf:
                total += weight * self.term_idf(term) * tf * (self.k1 + 1) / (tf + norm)
        return total

    def ceiling(self, query: dict[str, float]) -> float:
        """What a sentence holding every query term once would score; terms the article never uses count half
        (a reader's paraphrase is not the article's word, but a question about what is absent scores low)."""
        present = sum(weight * self.term_idf(term) for term, weight in query.items() if term in self.idf)
        absent = sum(weight * self.term_idf(term) for term, weight in query.items() if term not in self.idf)
        return present + ABSENT_SHARE * absent


def _counted(question: str) -> set[str]:
    """The stems of what "how many" counts ("how many school districts shut down" -> school, district)."""
    match = _COUNTED_RE.search(question)
    if match is None:
        return set()
    words: list[str] = []
    for word in match.group("words").split():
        if word.lower() in _COUNT_STOP:
            break
        words.append(word)
    return {t for t in terms(" ".join(words))}


def _figures(text: str) -> list[re.Match[str]]:
    """The amounts in a text: '2,300', 'two', 'dozens', 'a third'; a year, a clock time or a day of a month
    ('since 2002', '10 a.m.', 'Dec. 15') is a date, not an amount."""
    return [
        f
        for f in _FIGURE_RE.finditer(text)
        if not _YEAR_RE.fullmatch(number := f.group().rstrip(",.:"))
        and not re.fullmatch(r"\d{1,2}:\d\d", number)
        and not _TIME_AFTER_RE.match(text, f.end())
        and not _MONTH_BEFORE_RE.search(text[max(0, f.start() - 12) : f.start()])
    ]


def _counts(text: str, counted: set[str]) -> bool:
    """A figure with one of the counted words right after it: '800 students', 'one of those nights'."""
    for figure in _figures(text):
        after = _WORD_RE.findall(text[figure.end() : figure.end() + 80])[:FIGURE_REACH_WORDS]
        if counted & {stem(w) for w in after}:
            return True
    return False


@dataclass(frozen=True)
class _Asks:
    """What kind of thing the question wants, when the kind can be seen in a sentence."""

    amount: bool
    money: bool
    duration: bool
    when: bool
    counted: frozenset[str]
    paid_as: re.Pattern[str] | None = None  # the kind of money asked for, as a sentence would name it

    @classmethod
    def of(cls, question: str) -> _Asks:
        named = _MONEY_NOUN_QUESTION_RE.search(question)
        return cls(
            paid_as=_MONEY_NOUNS[named.group("noun").lower()] if named else None,
            amount=_AMOUNT_QUESTION_RE.search(question) is not None,
            money=_MONEY_QUESTION_RE.search(question) is not None,
            duration=_DURATION_QUESTION_RE.search(question) is not None,
            when=_WHEN_QUESTION_RE.match(question) is not None,
            counted=frozenset(_counted(question)),
        )


def _fits(asks: _Asks, text: str) -> bool:
    """The sentence holds the kind of thing the question asks for (any sentence fits an open question)."""
    if asks.amount and not _figures(text):
        return False
    if asks.money and not _MONEY_RE.search(text):
        return False
    if asks.paid_as is not None and not asks.paid_as.search(text):
        return False  # "what's the average teacher salary?": a sum of money that is not a salary does not answer
    if asks.duration and not _DURATION_RE.search(text):
        return False
    if asks.when and not (_TIME_RE.search(text) or _UNSAID_TIME_RE.search(text)):
        return False
    return not asks.counted or _counts(text, set(asks.counted))


def _unknown_name(question: str, text: str) -> bool:
    """The question names someone or something the article never mentions: the article cannot answer."""
    folded = text.lower()
    return any(not _mentioned(name, folded) for name in _question_names(question))


def _mentioned(name: str, folded: str) -> bool:
    """The article has the name, or a word it shares a long enough start with ('Japanese' for Japan), or the
    country a capital stands for ('Moscow' is Russia, 'Russian')."""
    if name in folded:
        return True
    country = COUNTRY_OF.get(name)
    if country is not None and country != name and _mentioned(country, folded):
        return True
    return len(name) >= 6 and re.search(rf"\b{re.escape(name[: max(4, len(name) - 3)])}", folded) is not None


def _asked_who(question: str) -> str:
    """Who 'what did X say' or 'how did X react' asks about ('' for other questions)."""
    asked = _SAID_QUESTION_RE.match(question)
    return (asked.group("who") or asked.group("reacting") or "") if asked else ""


def _asked_speaker(question: str, brief: Brief | None = None) -> list[str]:
    """The words naming who the question asks about; 'the Chapter & Verse guy' also names the actor whose
    role mentions Chapter & Verse."""
    parts = [
        p.lower().removesuffix("'s").removesuffix("’s") for p in re.findall(r"[A-Z][\w'’-]{1,40}", _asked_who(question))
    ]
    parts = [p for p in parts if len(p) > 2]
    # "Moscow's envoy" speaks where "Russian ambassador X" does: a capital stands for its country and people
    parts += [COUNTRY_OF[p][:6] for p in parts if COUNTRY_OF.get(p, p) != p]
    if brief is not None and parts:
        for actor in brief.actors:
            role = (actor.role or "").lower()
            if any(re.search(rf"\b{re.escape(p)}\b", role) for p in parts):
                parts += [w.lower() for w in actor.name.split() if len(w) > 2]
    return parts


def _speaks(sentence: Sentence, parts: list[str], quotes: list[str]) -> bool:
    """The asked-about speaker speaks in the sentence: a brief item of theirs, or their name by a reporting verb."""
    if any(sentence.text in quote or quote in sentence.text for quote in quotes):
        return True
    low = sentence.text[:MAX_SCORED_CHARS].lower()
    for verb in REPORTING_RE.finditer(sentence.text[:MAX_SCORED_CHARS]):
        around = low[max(0, verb.start() - SPEAKER_SPAN_CHARS) : verb.end() + INVERTED_SPAN_CHARS]
        if any(p in around for p in parts):
            return True
    return False


def _new_names(text: str, known: set[str]) -> bool:
    """A capitalised word past the sentence's first, that the question does not already name."""
    return any(
        m.group().replace("’", "'").split("'")[0].lower() not in _STOP and stem(m.group()) not in known
        for m in _NAME_IN_TEXT_RE.finditer(text, 1)
    )


def _cue_bonus(sentence: Sentence, question: str, brief: Brief | None, known: set[str]) -> float:
    text = sentence.text[:MAX_SCORED_CHARS]
    bonus = 0.0
    if _WHO_QUESTION_RE.match(question) and _new_names(text, known):
        bonus += CUE_BONUS / 2  # "who" by a sentence that names someone the question does not
    if _WHERE_QUESTION_RE.match(question) and any(
        stem(m.group("place")) not in known for m in _PLACE_RE.finditer(text)
    ):
        bonus += CUE_BONUS / 2  # "where" by a sentence that puts something in, at or from a named place
    if _WHY_QUESTION_RE.match(question) and _CAUSE_RE.search(text):
        bonus += CUE_BONUS  # "why" by a sentence that gives a cause (or, for "why not", a refusal)
    if _HOW_QUESTION_RE.match(question) and _MEANS_RE.search(text):
        bonus += CUE_BONUS  # "how did it happen" by a sentence that gives a means ("after eating", "by using")
    if _DENIAL_QUESTION_RE.search(question):
        quotes = [d.quote for d in brief.denials] if brief is not None else []
        if any(sentence.text in q or q in sentence.text for q in quotes) or DENIAL_RE.search(text):
            bonus += CUE_BONUS
    return bonus


def _aliases(question: str, text: str, brief: Brief | None) -> dict[str, str]:
    """Other words for the people the question names: 'Braiker' is also 'Ivan' where the article writes Ivan
    Braiker (or the brief has him), and in 'what did the Acme chief say' the chief is the actor whose role names
    Acme: a sentence that calls them so matches the question's name."""
    asked = set(terms(question))
    aliases: dict[str, str] = {}
    capitalised_words = set(re.findall(r"\b[A-Z][a-z][\w'’-]{1,40}", question[1:]))
    for surname in sorted(w for w in capitalised_words if w.lower() not in _STOP):
        full = re.compile(rf"\b([A-Z][a-z][\w'’-]{{1,30}})\s+(?:[A-Z]\.\s+)?{re.escape(surname)}\b")
        for match in full.finditer(text):
            first = match.group(1)
            if first.lower() not in TITLE_WORDS and first.lower() not in _STOP and stem(first) not in asked:
                aliases.setdefault(stem(first), stem(surname))
    if brief is None:
        return aliases
    capitalised = {stem(w) for w in re.findall(r"\b[A-Z][\w'’-]{1,40}", _asked_who(question))}
    for actor in brief.actors:
        if actor.kind not in {"person", "official"}:
            continue
        parts = [t for t in terms(actor.name) if len(t) > 2]
        used = [t for t in parts if t in asked] or [t for t in terms(actor.role or "") if t in capitalised]
        for part in parts:
            if used and part not in asked:
                aliases.setdefault(part, used[-1])
    return aliases


def _aliased(words: list[str], aliases: dict[str, str]) -> list[str]:
    """Terms with aliases replaced; 'Ivan Braiker' counts once, not twice."""
    out: list[str] = []
    for i, word in enumerate(words):
        if word in aliases and i + 1 < len(words) and words[i + 1] == aliases[word]:
            continue
        out.append(aliases.get(word, word))
    return out


def _query(question: str, brief: Brief | None) -> dict[str, float]:
    """Question terms with weights: names (capitalised in the question, or an actor of the brief) weigh more."""
    names = {stem(w) for w in re.findall(r"\b[A-Z][\w'’-]{1,40}", question[1:] if question else "")}
    if brief is not None:
        for actor in brief.actors:
            if any(part.lower() in question.lower() for part in actor.name.split() if len(part) > 2):
                names.update(terms(actor.name))
    query: dict[str, float] = {}
    for term in terms(_ANSWER_TYPE_RE.sub("", question)):
        query[term] = NAME_WEIGHT if term in names else 1.0
    return query


def rank(article: Article, question: str, *, brief: Brief | None = None) -> list[tuple[float, Sentence]]:
    """Every usable sentence that may answer, with its score (BM25 share of the ceiling, plus cue bonuses), best
    first. "How many N" keeps the sentences with a figure of N; "what did X say" those where X speaks."""
    text = readable_text(article.text)
    sentences = [s for s in split_sentences(text) if s.usable]
    query = _query(question, brief)
    if not sentences or not query:
        return []
    aliases = _aliases(question, text, brief)
    model = BM25([_aliased(terms(s.text[:MAX_SCORED_CHARS]), aliases) for s in sentences])
    ceiling = model.ceiling(query) or 1.0
    parts = _asked_speaker(question, brief)
    speaker_quotes: list[str] = []
    if parts and brief is not None:
        items = [(c.claimant, c.quote) for c in brief.claims] + [(d.denier, d.quote) for d in brief.denials]
        speaker_quotes = [quote for who, quote in items if any(p in who.lower() for p in parts)]
    own = [model.score(query, i) / ceiling for i in range(len(sentences))]
    known = set(query) | set(aliases)
    asks = _Asks.of(question)
    names = _question_names(question)
    predicate: set[str] = set()
    if kind(question) == "yes_no":
        predicate = set(query) - {stem(n) for n in names} - set(aliases.values())
    scored: list[tuple[float, Sentence]] = []
    for i, sentence in enumerate(sentences):
        near = [own[j] for j in (i - 1,) if j >= 0 and sentences[j].paragraph == sentence.paragraph]
        lexical = max(own[i], CONTEXT_SHARE * max(near or [0.0]))
        if lexical <= 0 or len(model.documents[i]) < MIN_ANSWER_TERMS:
            continue  # nothing of the question, or too short to answer anything ('Smith said.')
        if not _fits(asks, sentence.text[:MAX_SCORED_CHARS]):
            continue  # "how many" wants a figure (of what it counts), "how much did it cost" money, "when" a time
        if names and not (
            _names_any(names, sentences, model, i) or (i > 0 and _names_any(names, sentences, model, i - 1))
        ):
            continue  # a question that names someone is answered where they are named, or right after
        if predicate and not (predicate & model.counts[i].keys() or (i > 0 and predicate & model.counts[i - 1].keys())):
            continue  # "is Smith resigning?" is not answered by a sentence that only names Smith
        if parts and not _speaks(sentence, parts, speaker_quotes):
            continue  # "what did X say" is answered only where X speaks
        scored.append((lexical + _cue_bonus(sentence, question, brief, known), sentence))
    scored.sort(key=lambda pair: (-pair[0], pair[1].index))
    return scored


def _question_names(question: str) -> list[str]:
    """The names in a question, lower case: capitalised words past its first ('Dumba', 'Japanese', 'Cleveland' of
    'Cleveland-area'), titles aside ('Mrs', 'Gov')."""
    words = re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z][\w'’-]{1,40}", question.strip())
    names = [w.lower().replace("’", "'").removesuffix("'s").split("-")[0] for w in words]
    return [name for name in names if name not in _STOP and name.removesuffix(".") not in TITLE_WORDS]


def _names_any(names: list[str], sentences: list[Sentence], model: BM25, i: int) -> bool:
    """Sentence ``i`` names one of the question's names (or the first name paired with it, or 'Japan' for
    'Japanese')."""
    folded = sentences[i].text[:MAX_SCORED_CHARS].lower()
    return any(_mentioned(name, folded) or stem(name) in model.counts[i] for name in names)


def kind(question: str) -> str:
    """'figure' when the question asks for an amount, money or a span; 'when' for a time; 'yes_no'; or 'open'."""
    asks = _Asks.of(question)
    if asks.amount or asks.money or asks.duration or asks.counted:
        return "figure"
    if asks.when:
        return "when"
    return "yes_no" if _YES_NO_RE.match(question) else "open"


def _not_said(question: str) -> Answer:
    return Answer(question=question, answer=NOT_SAID, quotes=[], found=False, engine="extractive")


def answer_extractive(article: Article, question: str, *, brief: Brief | None = None) -> Answer:
    """The one or two sentences that best answer the question, quoted verbatim; or 'the article does not say'."""
    if not question.strip() or _unknown_name(question, readable_text(article.text)):
        return _not_said(question)
    scored = rank(article, question, brief=brief)
    if not scored or scored[0][0] < MIN_SCORES[kind(question)]:
        return _not_said(question)
    best = scored[0][0]
    chosen = [s for score, s in scored[:MAX_ANSWER_SENTENCES] if score >= best * SECOND_RATIO]
    chosen.sort(key=lambda s: s.index)
    quotes = [article.text[s.start : s.end] for s in chosen]  # verbatim, also where a wrapped copy was unwrapped
    return Answer(question=question, answer=" ".join(quotes), quotes=quotes, found=True, engine="extractive")
