"""Open questions from the kind of event a story leads with; stdlib and bot only.

The sentence patterns in `questions` turn a pending clause into a question, which works when the article
spells out what is pending. Most stories do not: a story about an injury never writes "it is unclear when he
will return", yet that is what its reader asks. Here the lead (the first sentences a reader sees) names the
event, and each kind of event carries the question readers of such stories ask, as long as the article does not
answer it. Only the lead counts (an event mentioned in passing further down is not what the story is about),
except for the next steps a court or labour story reports at its end: bail sought, an adjourned case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.engines.extractive.clauses import outside, quoted_ranges
from bot.engines.extractive.cues import TITLE_WORDS
from bot.engines.extractive.names import ROLE_NOUNS
from bot.engines.extractive.sentences import Sentence
from bot.models import OpenQuestion

LEAD_SENTENCES = 4
MAX_FRAME_QUESTIONS = 2
_NAME = r"(?:[A-Z][\w.'’-]{0,40}\s+){0,3}[A-Z][\w'’-]{1,40}"
# A lower-case word that can modify a noun: not a conjunction, article or preposition ("estimates as revenue").
_DISEASES = (
    r"plague|measles|cholera|ebola|dengue|flu|influenza|mumps|polio|tuberculosis|anthrax|salmonella|listeria"
    r"|hepatitis(?:\s+[A-E])?|coronavirus|covid(?:-19)?|mpox|monkeypox|typhoid|diphtheria|meningitis|norovirus"
    r"|whooping\s+cough|legionnaires['’]?\s+disease|e\.\s?coli"
)
_COMMON = r"(?:(?!(?:as|and|or|but|the|a|an|that|which|while|of|in|on|at|to|for|with|by|from)\s)[a-z][\w-]{1,30}\s+)"
_MODIFIERS = rf"{_COMMON}{{0,2}}"
_NOT_NAMES = {
    "the", "a", "an", "he", "she", "it", "they", "his", "her", "their", "its", "this", "that", "police",
    "officials", "authorities", "but", "and", "when", "after", "while", "on", "in", "at",
}  # fmt: skip


_NAMED_DISEASES = {"ebola", "legionnaires' disease", "legionnaires’ disease"}
_PLAYER_ROLES = set("forward keeper guard centre center player star veteran rookie bowler fullback".split())


@dataclass(frozen=True)
class Frame:
    """A kind of event: how the lead names it, what in the article answers its question, and the question.

    ``anywhere``: a next step a story usually reports at its end ("The case was adjourned to April 6"), read
    in every sentence, not only the lead."""

    trigger: re.Pattern[str]
    answered: re.Pattern[str]
    ask: Callable[[re.Match[str]], str | None]
    why: str
    anywhere: bool = False


def _thing(match: re.Match[str], group: str = "thing") -> str:
    """The event's noun phrase with its own article: 'a new trade deal' -> 'the new trade deal'."""
    return "the " + re.sub(r"^(?:an?|the|its|their|his|her)\s+", "", match.group(group).strip(), flags=re.IGNORECASE)


def _named(match: re.Match[str], *groups: str) -> str | None:
    """The first group that holds a name, without the role before it ('Defender Tomas Reyes' -> 'Tomas Reyes',
    'The Transit Workers Union' -> 'the Transit Workers Union'); None when it is a pronoun or a common word."""
    for group in groups:
        words = (match.group(group) or "").split()
        roles = [
            i for i, w in enumerate(words[:-1]) if w.lower().strip(".") in ROLE_NOUNS | TITLE_WORDS | _PLAYER_ROLES
        ]
        if roles and len(words) - roles[-1] > 2:  # "Communications Minister Joao Filho" -> "Joao Filho"
            words = words[roles[-1] + 1 :]
        while len(words) > 1 and words[0].lower() in ROLE_NOUNS | TITLE_WORDS | _PLAYER_ROLES:
            words = words[1:]
        if len(words) > 1 and words[0] == "The" and words[1][:1].isupper():
            words[0] = "the"
        if words and (words[0] == "the" or words[0].lower() not in _NOT_NAMES):
            return " ".join(words)
    return None


def _injury(match: re.Match[str]) -> str | None:
    who = _named(match, "who", "whose")
    return f"When will {who} return from injury?" if who else None


def _deal(match: re.Match[str]) -> str | None:
    thing = _thing(match)
    if thing.endswith(("talks", "negotiations")):
        return f"Will {thing} produce a deal?"
    return f"Will {thing} be signed?"


def _passed(match: re.Match[str]) -> str | None:
    thing = _thing(match)
    verb = "pass" if thing.endswith(("bill", "legislation", "law")) else "be approved"
    return f"Will {thing} {verb}?"


def _works(match: re.Match[str]) -> str | None:
    return f"Will {_thing(match)} work?"


def _spread(match: re.Match[str]) -> str | None:
    disease = match.group("disease") or match.group("disease2")
    if disease.istitle() and disease.lower() not in _NAMED_DISEASES:
        disease = disease.lower()  # "Measles outbreak" at a sentence start; "COVID-19" and "Ebola" as written
    return f"Will the {disease} outbreak spread?"


def _caused(match: re.Match[str]) -> str | None:
    return f"What caused {_thing(match)}?"


def _recover(match: re.Match[str]) -> str | None:
    what = match.group("what").strip()
    if match.start() == 0:  # "New vehicle sales plunged": the sentence's capital, not a name's
        what = what[0].lower() + what[1:]
    return f"Will {what} recover?"


def _threat(match: re.Match[str]) -> str | None:
    who = _named(match, "who")
    act = re.sub(r"(?:\s+(?:the|a|an|of|to|into|in|on|at|for|with|by|its|their|his|her))+$", "", match.group("act"))
    if act.split()[0] in {"strike", "walk"}:
        return None  # the strike questions of `questions` ask it
    return f"Will {who} carry out the threat to {act}?" if who else None


FRAMES = (
    Frame(  # "applied for bail", "a bail application", "will rule on a bail request on March 20"
        trigger=re.compile(
            r"\b(?:appl(?:y|ied|ies|ying)\s+for\s+(?:bail|bond)|(?:bail|bond)\s+(?:application|request|hearing"
            r"|plea|terms)|(?:seek|sought|seeking|asked\s+for)\s+(?:bail|bond)|rule\s+on\s+(?:a|the|his|her|their)"
            r"\s+bail)\b"
        ),
        answered=re.compile(
            r"\b(?:granted|denied|refused|released\s+on|was\s+remanded\s+without)\s+(?:\w+\s+){0,2}?(?:bail|bond)\b"
            r"|\b(?:bail|bond)\s+(?:was|has\s+been)\s+(?:granted|denied|refused|set)\b"
        ),
        ask=lambda _match: "Will bail be granted?",
        why="Bail is sought; the article does not say whether it was granted.",
        anywhere=True,
    ),
    Frame(  # "The case was adjourned to April 6", "adjourned the matter till November 12 for hearing"
        trigger=re.compile(
            r"\badjourned\s+(?:the\s+(?:case|matter|hearing|trial)\s+)?(?:(?:till|until|to)\s+)"
            r"(?P<when>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]+day))\b"
        ),
        answered=re.compile(r"(?!)"),
        ask=lambda match: f"What will the court decide when the case resumes on {match.group('when')}?",
        why="The case is adjourned; the article gives the date, not the outcome.",
        anywhere=True,
    ),
    Frame(  # "sacked 1,300 workers", "laid off 200 employees": will they get their jobs back?
        trigger=re.compile(
            r"\b(?:sacked|fired|dismissed|disengaged|laid\s+off|locked\s+out)\s+(?:(?:about|over|more\s+than|some"
            r"|all|its|the)\s+)?(?:[\d,]+\s+)?(?:of\s+(?:its|their|the)\s+)?(?:workers|employees|staff|nurses"
            r"|teachers|drivers|miners)\b"
            r"|\b(?:workers|employees|staff|colleagues)\s+(?:were|have\s+been|had\s+been)\s+(?:sacked|fired|dismissed"
            r"|laid\s+off)\b"
        ),
        answered=re.compile(  # taken back, or the dismissals themselves are denied ("Apple denies layoffs")
            r"\b(?:reinstated|rehired|re-hired|recalled\s+(?:the|all)\s+(?:workers|staff))\b"
            r"|\bden(?:y|ies|ied)\b[^.]{0,80}\b(?:layoffs?|laid\s+off|job\s+cuts|sack\w*|dismiss\w*)"
        ),
        ask=lambda _match: "Will the dismissed workers get their jobs back?",
        why="Workers were dismissed; the article does not say whether they will be taken back.",
    ),
    Frame(  # "the dispute goes to arbitration", "Fair Work Australia will arbitrate"
        trigger=re.compile(r"\b(?:binding\s+)?arbitration\b|\barbitrat(?:e|ed|or|ors)\b"),
        answered=re.compile(r"\barbitrat\w*\s+(?:\w+\s+){0,3}(?:ruled|awarded|found|decided)\b"),
        ask=lambda _match: "What will the arbitration decide?",
        why="The dispute goes to arbitration; its outcome is open.",
        anywhere=True,
    ),
    Frame(  # "the rumours about the councillor", "a tsunami of leaks", "an anonymous statement"
        trigger=re.compile(
            r"\b(?P<thing>(?:the\s+|a\s+|an\s+)?(?:false\s+|malicious\s+|online\s+)?(?:rumou?rs?|leaks|hoax"
            r"|anonymous\s+(?:statement|letter|post|complaint|tip)|smear\s+campaign))\b",
            re.IGNORECASE,
        ),
        answered=re.compile(
            r"\b(?:was|were|is|are)\s+behind\b|\btraced\s+(?:back\s+)?to\b|\b(?:posted|started|written|leaked)\s+by\s+[A-Z]"
        ),
        ask=lambda match: f"Who is behind {_thing(match).lower()}?",
        why="The article reports it but not who is behind it.",
    ),
    Frame(  # "Dumba was injured", "Smith's ankle injury", "ruled out with a knee injury"
        trigger=re.compile(
            rf"(?P<who>{_NAME})\s+(?:is|was|has\s+been|had\s+been|were)\s+(?:\w+\s+)?(?:injured|hurt|sidelined"
            rf"|ruled\s+out)\b|(?P<whose>{_NAME})['’]s?\s+(?:[a-z]+\s+){{0,2}}injury\b"
        ),
        answered=re.compile(r"\b(?:returned|will\s+return|back\s+in\s+the\s+line-?up|expected\s+back)\b"),
        ask=_injury,
        why="An injury is reported; the article does not say when the player will be back.",
    ),
    Frame(  # "a partial trade deal", "the peace talks", "negotiations over a new contract"
        trigger=re.compile(
            rf"\b(?P<thing>(?:an?|the)\s+{_MODIFIERS}(?:trade|peace|partial|ceasefire|nuclear|free-trade|phase-one)"
            r"\s+(?:deal|agreement|talks|negotiations)|(?:the|a)\s+(?:[\w-]+\s+)?(?:talks|negotiations))\b"
        ),
        answered=re.compile(
            r"\b(?:signed|sealed|struck|finali[sz]ed|clinched|collapsed|broke\s+down|abandoned)\s+(?:an?\s+|the\s+)?"
            r"(?:[\w-]+\s+){0,3}(?:deal|agreement|talks|negotiations)\b|\b(?:deal|agreement)\s+(?:was|has\s+been)"
            r"\s+(?:signed|reached|sealed|struck)\b"
        ),
        ask=_deal,
        why="A deal is in the works; the article does not say it is done.",
    ),
    Frame(  # "a bill that would ban ...", "the proposal to merge ...", "a new ordinance"
        trigger=re.compile(
            rf"\b(?P<thing>(?:an?|the)\s+{_MODIFIERS}(?:bill|legislation|ordinance|proposal|referendum|motion))\b"
            r"(?!\s+(?:of|for\s+the)\b)"
        ),
        answered=re.compile(
            r"\b(?:passed|approved|adopted|rejected|voted\s+down|defeated|signed\s+into\s+law|vetoed|withdrawn)\b"
        ),
        ask=_passed,
        why="A measure is proposed; the article does not say whether it was adopted.",
    ),
    Frame(  # "launched a $449,000 anti-meth ad campaign", "a new scheme to cut waiting times"
        trigger=re.compile(
            rf"\b(?:launch\w*|unveil\w*|introduc\w*|roll\w*\s+out|start\w*|began|begun|kick\w*\s+off|new)\s+"
            rf"(?P<thing>(?:an?\s+|the\s+|its\s+|their\s+)?(?:\$?[\d,.]+\s+)?{_MODIFIERS}(?:campaign|initiative"
            r"|scheme|programme|program|pilot|crackdown))\b"
        ),
        answered=re.compile(
            r"\b(?:results\s+show|has\s+(?:already\s+)?(?:worked|succeeded|failed|reduced|cut))\b"
            r"|\b(?:presidential|election|re-election|political|campaign\s+trail)\b"
        ),
        ask=_works,
        why="A campaign is launched; whether it works is not yet known.",
    ),
    Frame(  # "an outbreak of measles", "a third case of the plague", "Measles outbreak fueled by ..."
        trigger=re.compile(
            rf"\b(?:outbreak|cases?|instances?|infections?|spread)\s+of\s+(?:the\s+)?(?P<disease>{_DISEASES})\b"
            rf"|\b(?P<disease2>{_DISEASES})\s+(?:outbreak|cases?|infections?|epidemic)\b",
            re.IGNORECASE,
        ),
        answered=re.compile(r"\b(?:contained|under\s+control|declared\s+over|no\s+(?:new|further)\s+cases)\b"),
        ask=_spread,
        why="Cases of a disease are reported; whether there will be more is open.",
    ),
    Frame(  # "the jury should get the case Thursday", "closing arguments", "the jury began deliberating"
        trigger=re.compile(
            r"\b(?:jury|jurors)\s+(?:\w+\s+){0,2}(?:get|gets|getting|deliberat\w*|to\s+decide|will\s+decide|retire)"
            r"|\bclosing\s+arguments\b|\bdeliberations\b",
            re.IGNORECASE,
        ),
        answered=re.compile(
            r"\b(?:jury|jurors)\s+(?:\w+\s+){0,3}(?:found|convicted|acquitted|cleared|deadlocked|returned)\b"
            r"|\b(?:was|were)\s+(?:found\s+guilty|convicted|acquitted)\b|\bverdict\s+(?:was|came)\b",
            re.IGNORECASE,
        ),
        ask=lambda _match: "What verdict will the jury reach?",
        why="The case is with the jury, or about to be; the article has no verdict.",
    ),
    Frame(  # "a fire that destroyed ...", "the explosion at the plant", "the crash of flight 302"
        trigger=re.compile(
            r"\b(?P<thing>(?:[Aa]n?|[Tt]he)\s+(?:[\w-]+\s+){0,2}?(?:fire|blaze|explosion|blast|crash|collapse|derailment"
            r"|leak|spill|outage|landslide|sinking|stampede|capsizing|outbreak))\b(?!\s+(?:season|department|brigade"
            r"|service|fighters?|station|crews?|chief|risk|danger|hazard|alarm|sale))"
        ),
        answered=re.compile(
            r"\b(?:caused\s+by|cause\s+of\s+the\s+[\w-]+\s+(?:was|is|has\s+been)|blamed\s+(?:\w+\s+)?on|sparked\s+by"
            r"|triggered\s+by|started\s+by|fuell?ed\s+by|traced\s+to|linked\s+to|due\s+to|because\s+of|after\s+(?:a|an|the)\s+[\w-]+\s+(?:failed|broke))\b"
        ),
        ask=_caused,
        why="An accident is reported; the article does not say what caused it.",
    ),
    Frame(  # "New vehicle sales plunged 10 percent", "shares tumbled"
        trigger=re.compile(
            rf"\b(?P<what>(?:[A-Z][\w-]+\s+)?{_COMMON}{{0,2}}(?:sales|shares|stocks|prices|profits?|revenues?"
            r"|exports|imports|demand|output|earnings|orders|bookings|ratings|attendance|enrolment|enrollment))"
            r"(?:\s+in\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?[\w-]+)?\s+"
            r"(?:(?:have|has|had)\s+)?(?:fell|fallen|dropped|plunged|slumped|tumbled|declined|sank|slid|dipped"
            r"|plummeted|crashed)\b(?!\s+short)"
        ),
        answered=re.compile(r"\b(?:recovered|rebounded|bounced\s+back)\b"),
        ask=_recover,
        why="A fall is reported; whether it will recover is open.",
    ),
    Frame(  # "The union threatened to strike", "Iran has threatened to close the strait"
        trigger=re.compile(
            rf"(?P<who>{_NAME})\s+(?:has\s+|have\s+|had\s+)?(?:threatened|threatens|vowed|vows)\s+to\s+"
            r"(?P<act>[a-z][\w'’-]+(?:\s+(?!(?:over|if|unless|after|because|amid|unless|as|when|while|and|but)\b)"
            r"[\w'’-]+){0,7})"
        ),
        answered=re.compile(r"\b(?:carried\s+out|made\s+good\s+on|followed\s+through|backed\s+down)\b"),
        ask=_threat,
        why="A threat is made; the article does not say whether it was carried out.",
    ),
)


def frame_questions(sentences: list[Sentence]) -> list[OpenQuestion]:
    """The questions the lead's events (and a story's reported next steps) leave open, at most two, in the order
    the story names the events."""
    usable = [s for s in sentences if s.usable]
    lead = usable[:LEAD_SENTENCES]
    narration = " ".join(s.text for s in usable)
    found: list[tuple[int, int, OpenQuestion]] = []
    for rank, frame in enumerate(FRAMES):
        if frame.answered.search(narration):
            continue
        for place, sentence in enumerate(usable if frame.anywhere else lead):
            match = frame.trigger.search(sentence.text)
            if match is None or not outside(match.start(), quoted_ranges(sentence.text)):
                continue
            question = frame.ask(match)
            if question is not None:
                found.append((place, rank, OpenQuestion(question=question, why=frame.why)))
                break
    found.sort(key=lambda item: (item[0], item[1]))
    return [question for _, _, question in found[:MAX_FRAME_QUESTIONS]]
