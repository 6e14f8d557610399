"""Speaker resolution: turn the noun phrase before a reporting verb into an actor name; stdlib and bot only.

Handles pronouns, groups ("U.S. officials", "Sources close to X"), titles, outlets ("the Journal",
"the newspaper"), spokespeople ("a spokesperson for X") and coordinated speakers ("X and Y").
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field

from bot.engines.extractive.actors import ActorIndex, ActorRecord
from bot.engines.extractive.clauses import LEADING_ADVERBIAL_RE
from bot.engines.extractive.cues import (
    ABBREVIATED_TITLES,
    AUXILIARIES,
    GROUP_PHRASE_RE,
    MONTHS_DAYS,
    ORG_WORDS,
    OUTLET_WORDS,
    ROLE_HEADS,
    TITLE_WORDS,
)
from bot.engines.extractive.names import is_demonym
from bot.models import ActorKind

_LEADING_NOISE_RE = re.compile(
    r"^(?:(?:but|and|however|meanwhile|now|also|both|yet|so|then|still|later|separately|instead|though|although"
    r"|while|as|because|since|after|before|when|if|whereas|apparently|clearly|obviously|notably|importantly|ultimately|indeed|fortunately|unfortunately"
    r"|interestingly|surprisingly|additionally|finally|overall|basically|essentially|reportedly|allegedly"
    r"|similarly|likewise|frankly|sadly|curiously|ironically|predictably|moreover|furthermore|nevertheless"
    r"|nonetheless|thus|therefore|hence|accordingly|consequently|besides|otherwise|plus|especially|particularly"
    r"|including|even|mostly|chiefly|mainly)\b[\s,]*)+",
    re.IGNORECASE,
)
# Heads that name a body of people, not one person: "police said" is the force speaking.
_COLLECTIVE_HEADS = {
    "police",
    "staff",
    "personnel",
    "military",
    "army",
    "crew",
    "management",
    "public",
    "media",
    "press",
}
_ANONYMOUS_HEADS = {"sources", "source", "insiders", "people", "person"}
_OFFICIAL_HEADS = {
    "officials",
    "official",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "aides",
    "aide",
    "advisers",
}
_OUTLET_NOUNS = set(
    "newspaper paper outlet broadcaster network daily report magazine site channel publication tabloid website".split()
)
_PUBLISHED_IN_RE = re.compile(
    r"(?:a|an|the)\s+(?:new\s+|recent\s+|latest\s+)?(?:paper|study|report|survey|analysis|article|review)\s+"
    r"(?:published|released|posted|appearing)\s+(?:\w+\s+)?(?:in|by)\s+(?:the\s+)?(?:(?:journal|magazine)\s+)?"
    r"(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&.'’-]*){0,5})"
)
_NEWS_BODIES = {"organization", "organisation", "agency", "service", "channel", "outlet", "site", "network"}
# "engineers who spoke to X on condition of anonymity", "a manager accused of fraud", "a lawsuit against the
# parent company of LaCroix": the head is before these.
_POSTMODIFIER_RE = re.compile(
    r"\s+(?:who|which|whose|speaking|accused of|charged with|published|released|issued|on condition|against)\b.*$|"
    r"\s+(?:on|late on|early on)\s+\w+day$"
)
# "The government of Dingxi city in Gansu said", "Police in Lagos said": where the speaker sits is not who speaks.
_LOCATIVE_RE = re.compile(r"(?<=[a-z])\s+in\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$")
# "This comes after police said": the speaker is what follows the last subordinating word.
_SUBORDINATE_RE = re.compile(
    r"^.*\b(?:after|as|when|because|since|while|though|although|where|but|whereas|given that)\s+(?=\S)"
)
# "the statement said", "the letter says": a document speaks for whoever issued it, named just before.
_DOCUMENT_RE = re.compile(
    r"^(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+(?:[a-z]\w*\s+)?"
    r"(?:statement|letter|filing|tweet|post|release|memo|email)$"
)
# "The Verge's Stadia review", "the ministry's latest figures": a document speaks for its owner.
_OWNED_DOCUMENT_RE = re.compile(
    r"^(?P<owner>(?:[Tt]he\s+)?(?:[A-Z][\w&.'’-]{0,40}(?:\s+[A-Z][\w&.'’-]{0,40}){0,4}|[a-z]{3,30}s(?=[’']\s)))"
    r"(?:'s|’s|'|’)\s+"
    r"(?:[\w-]{1,30}\s+){0,3}(?:review|report|analysis|story|article|investigation|study|survey|data|figures"
    r"|estimates?|calculations|statement|filing|website|account|tally|count|records?)$"
)
# "China's ambassador to Britain": a title tied to a place names a person by office.
_OFFICE_RE = re.compile(rf"\b(?:{'|'.join(sorted(TITLE_WORDS))})\s+(?:to|of|for|in)\s+(?:the\s+)?[A-Z]")
_DEMONSTRATIVES = {"those", "these", "this", "that", "such", "others"}
_OWN_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "lawyer", "lawyers", "attorney", "attorneys", "aides"}
_OWNED_REPRESENTATIVE_RE = re.compile(
    r"the\s+(?P<owner>[a-z]+)['’]s\s+(?:attorneys?|lawyers?|spokesman|spokeswoman|spokesperson|counsel)",
    re.IGNORECASE,
)
_REPRESENTATIVE_NOUNS = r"(?:attorney|attorneys|lawyer|lawyers|spokesman|spokeswoman|spokesperson|counsel|agent)"
_NAMED_REPRESENTATIVE_RE = re.compile(rf"(?:[A-Z][\w.'’-]+\s+){{0,3}}[A-Z][\w.'’-]+['’]s?\s+{_REPRESENTATIVE_NOUNS}")
_STUDY_NOUNS = {"study", "survey", "poll", "analysis", "research", "audit"}
_DETERMINERS = {"the", "a", "an", "this", "that"}
_BASED_RE = re.compile(r"[\w.'’-]+-(?:based|headquartered)")
_FIRM_NOUNS = {
    "company", "firm", "group", "business", "operator", "developer", "carrier", "maker", "agency", "label",
    "organisation", "organization", "charity", "airline", "retailer", "automaker", "carmaker", "insurer", "lender",
    "manufacturer", "startup", "start-up", "chain", "publisher", "studio", "brand", "giant", "conglomerate",
    "utility", "drugmaker", "chipmaker", "miner", "provider", "platform", "club", "nonprofit", "bank",
    "watchdog", "regulator", "management", "employer", "factory",
}  # fmt: skip
# "the PM", "the FM": an office by its initials points back to the person the story named in it.
_SHORT_OFFICES = {
    "pm": "prime minister",
    "fm": "foreign minister",
    "ag": "attorney general",
    "dpm": "deputy prime minister",
}
MAX_SPEAKER_WORDS = 9
MAX_PROPER_NAME_WORDS = 14
_NAME_JOINERS = {"of", "for", "the", "and", "on", "in", "at", "de", "du", "del", "la", "le", "van", "von", "&"}
_QUANTIFIERS = set(
    "one two three four five six seven eight nine ten eleven twelve dozens hundreds thousands several most many "
    "some few both all each another others plus".split()
)
# "a lawyer for X", "the mother of X", "a friend of X": a person described through someone else, who is not
# the speaker (spokespeople and groups are read before this: "a spokesman for X" is X).
_RELATION_RE = re.compile(
    r"^(?:(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+)?(?:[a-z][\w-]*\s+){0,2}(?P<head>[a-z][\w-]*)\s+"
    r"(?:of|for|to|with|from|close to)\s+"
)
_DOCUMENT_NOUNS = set(
    "statement report data figures documents document letter filing survey study analysis records estimates release "
    "memo email post tweet transcript recording video website statistics numbers tally count".split()
)
IT_REACH_CHARS = 400  # about two sentences: "it" further from the body it means cannot be placed
# A poll share, a count, or a clause (a verb with its object) is never a speaker.
_NOT_A_SPEAKER_RE = re.compile(
    r"\b(?:percent|per cent|majority|minority)\b|%|^(?:[\d,.]+|(?:one|two|three|four|five|six|seven|eight|nine"
    r"|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozens|hundreds|thousands|millions)(?:-\w+)?)$"
    # "Twelve people are now confirmed dead": a count of people is what the sentence is about, not who speaks
    r"|^(?:[\d,.]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|dozens|hundreds|thousands)(?:-\w+)?\s+"
    r"(?:more\s+)?(?:people|persons|men|women|children|victims|bodies|others|residents)$"
    r"|\b[a-z]{3,}ed\s+(?:the|a|an|its|his|her|their|our|my|this|these|those)\b"
    r"|\s(?:is|are|was|were|has|have|had|will|would|can|could|did|does|might|may|must|should|shall)\s+[a-z]"
    r"|(?:^|\s)(?:\w+\s+)?reports$"  # "media reports said": no one named
    r"|\bto\s+(?!(?:the|a|an|his|her|its|their|this|that)\b)[a-z]{2,}\s+(?:the|a|an|his|her|its|their|[a-z]+s)\b"
)
_PRONOUN_WORDS = set("i you he she it we they him her them his its their our my your".split())


@dataclass
class SpeakerMemory:
    """The last speaker seen, the usual antecedent of a following 'he said' or 'they said'."""

    record: ActorRecord | None = None
    sentence_index: int = -1
    pronouns: dict[str, str] = field(default_factory=dict)


_BODY_HEADS = {"body", "regulator", "watchdog", "agency", "authority", "ministry", "department", "commission", "board"}


def clean_phrase(phrase: str) -> str:
    """Strip quote marks, leading conjunctions and trailing auxiliaries ('Trump has' -> 'Trump'), and a
    post-nominal in parentheses ('Chief Mike Ozekhome (SAN)')."""
    phrase = phrase.strip(" \t\"“”‘’'—-,")
    phrase = re.sub(r"\s*\([A-Z]{2,6}\)(?=\s|$)", "", phrase)
    phrase = _LEADING_NOISE_RE.sub("", phrase)
    phrase = LEADING_ADVERBIAL_RE.sub("", phrase)
    phrase = _POSTMODIFIER_RE.sub("", phrase)
    phrase = _SUBORDINATE_RE.sub("", phrase)
    phrase = _LOCATIVE_RE.sub("", phrase)
    if re.search(r"[a-z]{3}\.$", phrase) and not re.search(r"\b(?:Inc|Corp|Ltd|Bros|Assn)\.$", phrase):
        phrase = phrase[:-1]  # '"...," says Early.': the full stop ends the sentence, not the name
    words = phrase.split()
    while words and (words[-1].lower().strip(",") in AUXILIARIES or re.fullmatch(r"[a-z]+ly", words[-1])):
        words.pop()  # "He has consistently" -> "He"
    while words and words[0].lower().strip(",") in AUXILIARIES:
        words.pop(0)
    return " ".join(words).strip(" ,")


def _pronoun(
    word: str, *, position: int, sentence_index: int, index: ActorIndex, memory: SpeakerMemory
) -> ActorRecord | None:
    recent = memory.record if sentence_index - memory.sentence_index <= 2 else None
    if word in {"he", "she"}:
        other = "she" if word == "he" else "he"
        nearest = index.subjects_before(position, lookback=1)  # the subject just before wins
        candidates: list[ActorRecord | None] = [*nearest]
        if recent is not None and recent.kind in {"person", "official"} and not recent.name.endswith("s"):
            candidates.append(recent)
        for candidate in candidates:
            if candidate is not None and memory.pronouns.get(candidate.name) != other:
                memory.pronouns[candidate.name] = word  # "He denied ... She said": never the same person
                return candidate
        # further back, only one person the pronoun can mean: with two, "he" cannot be placed with confidence
        further = index.subjects_before(position)
        fitting = list({id(c): c for c in further if c is not None and memory.pronouns.get(c.name) != other}.values())
        if len(fitting) == 1:
            memory.pronouns[fitting[0].name] = word
            return fitting[0]
        return None
    if word == "they":
        if recent is not None and (recent.name.endswith("s") or recent.kind != "person"):
            return recent
        return None
    if word == "it":  # a body, never a group of people
        if recent is not None and recent.kind in {"organisation", "outlet", "government", "other"}:
            if not index.is_group(recent):
                return recent
        body = index.latest(position, kinds={"organisation", "outlet"})
        near = {id(r) for _, r in index.mentions_in(max(0, position - IT_REACH_CHARS), position)}
        return body if body is not None and id(body) in near else None  # "it said": a body named just before
    return None


def _group(phrase: str, *, position: int, index: ActorIndex, memory: SpeakerMemory) -> ActorRecord | None:
    match = GROUP_PHRASE_RE.match(phrase)
    if not match:
        return None
    head = match.group("head").lower()
    tail = (match.group("tail") or "").strip()
    if head in {"spokesperson", "spokesman", "spokeswoman"} and tail.lower().startswith("for "):
        target = resolve_name(tail[4:], position=position, index=index, memory=memory, register=False)
        if target is not None:
            return target
    mods = match.group("mods").strip().lower()
    if head in {"spokesperson", "spokesman", "spokeswoman"} and not tail and mods in {"", "company", "agency"}:
        body = index.latest(position, kinds={"organisation", "government"})
        if body is not None:  # "A spokesperson said": the body the story just named speaks
            return body
    if not match.group("mods").strip() and not tail and phrase.lower().startswith("the "):
        for record in reversed(index.records):  # "the sources said": the sources already named
            if record.speaker_count and record.name.lower().split()[0].rstrip("s") == head.rstrip("s"):
                return record
    single = not head.endswith("s") and head not in _COLLECTIVE_HEADS
    if single and not match.group("mods").strip() and not tail and phrase[:1].islower():
        # "the expert warned", "an official said": one person the story does not name. The person it named
        # in that role ("Ana Ortiz, an analyst at ...") is meant; with none, the speaker cannot be placed.
        for record in reversed(index.records):
            role = re.split(r"[\s-]+", (record.role or "").lower())
            if record.kind in {"person", "official"} and head in role and min(record.mentions) < position:
                return record
        return None
    name = re.sub(r"^(?:an?|the)\s+", "", phrase, flags=re.IGNORECASE)
    name = name[0].upper() + name[1:]
    kind: ActorKind = (
        "anonymous_source" if head in _ANONYMOUS_HEADS else ("official" if head in _OFFICIAL_HEADS else "other")
    )
    return index.add_speaker(name, kind=kind, position=position)


def _holds(role: str, title: str) -> bool:
    """'Mexican President' holds 'president', and 'Gov.' holds 'governor'."""
    head = re.split(r"[\s-]+", role.lower())[-1].strip(".")
    return ABBREVIATED_TITLES.get(head, head) == title


_ACCUSED_NOUNS = {"defendant", "accused", "suspect"}
# "arraigned a man, Ogechukwu Okeke,", "charged 34-year-old Dana Reyes with", "Dana Reyes, who was charged"
_CHARGED_BEFORE_RE = re.compile(
    r"\b(?:arraigned|charged|indicted|accused|arrested|detained|prosecuted|tried)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:man|woman|boy|girl|suspect|teenager|person)?,?\s*$"
)


_COMPANY_NAME_RE = re.compile(
    r"\b(?:Inc|Corp|Corporation|Ltd|Limited|Plc|PLC|Group|Co|Company|Holdings|LLC|AG|SA|NV|EPZ|Industries|Enterprises)\b"
)
_REGULATOR_NAME_RE = re.compile(
    r"\b(?:Authority|Commission|Office|Agency|Regulator|Board|Administration|Council|Ombudsman)\b"
)
_NAMED_LIKE = {
    "club": re.compile(r"\b(?:FC|F\.C\.|AFC|SC|Club|United|Athletic|Rovers|Wanderers|Hotspur)\b"),
    "company": _COMPANY_NAME_RE, "firm": _COMPANY_NAME_RE, "management": _COMPANY_NAME_RE,
    "employer": _COMPANY_NAME_RE, "factory": _COMPANY_NAME_RE,
    "watchdog": _REGULATOR_NAME_RE, "regulator": _REGULATOR_NAME_RE,
}  # fmt: skip
_NO_GUESS_NOUNS = {"management", "employer", "factory", "watchdog", "regulator"}
_ACTING_FOR_RE = re.compile(
    r"^(?:the\s+)?(?P<head>[Ll]awyers?|[Aa]ttorneys?|[Ss]pokesm[ae]n|[Ss]pokeswoman|[Ss]pokesperson)\s+(?:of|for)\s+"
    r"(?P<client>.+)$"
)
_SUIT_NOUNS = {"lawsuit", "suit", "complaint", "petition"}
# "a class action lawsuit ... was filed by Beaumont Costales", "Beaumont Costales filed a lawsuit", "X sued Y"
_PARTY = r"[A-Z][\w&'’-]{0,40}(?:[ ](?:[A-Z][\w&'’-]{0,40}|&)){0,4}"  # words of a name on one line, no full stop
_PLAINTIFF_RE = re.compile(
    rf"\bfiled\s+by\s+(?P<by>{_PARTY})"
    rf"|(?P<who>{_PARTY})\s+(?:has\s+|have\s+)?(?:filed|brought|lodged)\s+"
    r"(?:an?|the)\s+(?:[\w-]+\s+){0,3}(?:lawsuit|suit|complaint|petition)\b"
)


_WHEN_TAIL_RE = re.compile(r"(?:\s+(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)+\s*$")


def _plaintiff(index: ActorIndex, position: int) -> ActorRecord | None:
    """Who brought 'the lawsuit': the one party the text says filed it before this point, if it names one."""
    return _only_before(_parties(index).plaintiffs, position)


def _charged_person(index: ActorIndex, position: int) -> ActorRecord | None:
    """Whom 'the defendant' means: the one person named in full right after a verb of charging, before it."""
    return _only_before(_parties(index).charged, position)


@dataclass
class _Parties:
    """Where the text names who sued and who was charged: found once per article, so that every 'the lawsuit'
    or 'the defendant' is a look-up and the work stays linear in the text."""

    plaintiffs: list[tuple[int, ActorRecord]]
    charged: list[tuple[int, ActorRecord]]


_PARTIES: weakref.WeakKeyDictionary[ActorIndex, _Parties] = weakref.WeakKeyDictionary()


def _parties(index: ActorIndex) -> _Parties:
    found = _PARTIES.get(index)
    if found is None:
        plaintiffs = [
            (match.start(), record)
            for match in _PLAINTIFF_RE.finditer(index.text)
            if (record := index.get(_WHEN_TAIL_RE.sub("", match.group("by") or match.group("who")).strip()))
        ]
        charged = [
            (m, record)
            for record in index.records
            if record.kind == "person" and len(record.tokens) > 1
            for m in record.mentions
            if _CHARGED_BEFORE_RE.search(index.text[max(0, m - 60) : m])
        ]
        found = _PARTIES[index] = _Parties(plaintiffs, charged)
    return found


def _only_before(places: list[tuple[int, ActorRecord]], position: int) -> ActorRecord | None:
    """The one record named at one of ``places`` before ``position``; None for none or for two."""
    records = {id(record): record for at, record in places if at < position}
    return next(iter(records.values())) if len(records) == 1 else None


def _common_noun(phrase: str, *, position: int, index: ActorIndex) -> ActorRecord | None:
    """'the newspaper', 'the authority', 'the Wikileaks founder', 'Russia's foreign ministry'."""
    words = phrase.split()
    last = words[-1].lower()
    office = _SHORT_OFFICES.get(last.strip("."))
    if office is not None and words[0].lower() == "the" and len(words) == 2:  # "the PM fumed"
        for record in sorted(index.records, key=lambda r: -max(r.mentions, default=0)):
            if record.role and record.role.lower().endswith(office) and min(record.mentions) < position:
                return record
    if not words[-1].islower():
        return None
    country = re.fullmatch(r"([A-Z][a-z]{3,})['’]s", words[0])
    if country is not None and len(words) <= 4 and last in TITLE_WORDS:
        # "Mexico's president is denying ...", named later as "Mexican President Andres Manuel Lopez Obrador";
        # "Kentucky's Republican governor said ...", named "Gov. Matt Bevin": the one holder of that office
        stem = country.group(1)[:4].lower()
        holders = [
            r
            for r in index.records
            if r.kind == "person"
            and r.role
            and _holds(r.role, last)
            and (r.role.lower().startswith(stem) or len(words) > 2)
        ]
        return holders[0] if len(holders) == 1 else None
    named = re.fullmatch(
        r"(?:an?|the)\s+(?:new|recent|latest)?\s*(?P<name>(?:[A-Z][\w&.'’-]{0,40}\s+){1,4})[a-z]+", phrase
    )
    if last in _OUTLET_NOUNS | _STUDY_NOUNS and named:  # "a new Fast Company report": the name publishes it
        name = named.group("name").strip()
        return index.get(name) or index.add_speaker(name, kind="outlet", position=position)
    if last in _OUTLET_NOUNS or (len(words) >= 2 and words[-2].lower() == "news" and last in _NEWS_BODIES):
        return index.latest(position, kinds={"outlet"})  # "the newspaper", "the news organization"
    if last in _SUIT_NOUNS and len(words) <= 4 and words[0].lower() in {"the", "a", "an"}:
        return _plaintiff(index, position) or index.add_speaker(last.capitalize(), kind="other", position=position)
    if last in _STUDY_NOUNS and len(words) <= 3:  # "according to a study": the study is the source
        return index.add_speaker(last.capitalize(), kind="other", position=position)
    definite = words[0].lower() == "the" and len(words) <= 4 and all(w.islower() or "-" in w for w in words[1:-1])
    # "the San Jose, Calif.-based network equipment maker": where it is based, then what it makes
    bare = [w for w in words if w.lower() != "the" and not _BASED_RE.fullmatch(w)]
    described = words[0].lower() not in {"a", "an"} and len(bare) <= 4 and all(w.islower() for w in bare[:-1])
    if last in _FIRM_NOUNS and (len(words) <= 2 or definite or described):  # "the Seattle-based company"
        named_like = _NAMED_LIKE.get(last)
        if named_like is not None:
            # "the club said" is the last body named like a club ("Floriana FC"), not whatever body was last
            # named ("UEFA"); "the watchdog", "the management": only a body named so, never a guess
            fitting = [
                r for r in index.records
                if named_like.search(r.name) and r.mentions and min(r.mentions) < position and r.kind != "person"
            ]  # fmt: skip
            if fitting:  # of two clubs, the one already speaking, else the one the story named first
                return max(fitting, key=lambda r: (r.speaker_count > 0, -min(r.mentions)))
            if last in _NO_GUESS_NOUNS:
                return None
        kinds = {"organisation", "outlet"} if last == "agency" else {"organisation", "other"}
        public = last != "agency"
        # a body the text marks as one ("Chameleon Entertainment") before a bare name ("Brandy's lawsuit")
        body = index.latest(position, kinds={"organisation"}, exclude_groups=True, exclude_public=public)
        body = body or index.latest(position, kinds=kinds, exclude_groups=True, exclude_public=public)
        # "the company" is a body the story named; never a group of people such as "analysts"
        return body
    if len(words) == 2 and words[0].lower() == "the" and last in _ACCUSED_NOUNS:
        return _charged_person(index, position)  # "The defendant ... pleaded not guilty"
    if words[0].lower() in {"his", "her"} and last in ORG_WORDS | _OWN_NOUNS and len(words) == 2:
        return index.latest(position, kinds={"person"})  # "His office said": the office speaks for him
    by_recency = sorted(index.records, key=lambda r: -max(r.mentions, default=0))
    if last in ORG_WORDS and len([w for w in words if w.lower() != "the"]) == 1:
        for record in by_recency:
            if last in record.name.lower().split() and min(record.mentions) < position:
                return record
    if last in ORG_WORDS:  # "the country's health ministry" -> "Ministry of Health", even named later
        content = {w.lower().strip("'’s") for w in words[:-1]} - _DETERMINERS
        for record in index.records:
            names = set(record.name.lower().split())
            if last in names and content & names:
                return record
    for record in by_recency:
        head = re.split(r"[\s-]+", record.role.lower())[-1].strip(".") if record.role else ""
        head = ABBREVIATED_TITLES.get(head, head)
        if last == head and min(record.mentions) < position:
            return record
    singular = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    if last.endswith("s") and singular in ORG_WORDS | _FIRM_NOUNS and len(words) <= 3:
        # "according to teachers unions": bodies the story describes; a later "the unions" finds them
        for record in by_recency:
            if record.name.lower().split()[-1] == last and min(record.mentions) < position:
                return record
        name = re.sub(r"^the\s+", "", phrase, flags=re.IGNORECASE)
        if len(name.split()) > 1:
            return index.add_speaker(name[0].upper() + name[1:], kind="organisation", position=position)
    if last in ORG_WORDS and len(words) <= 5:
        name = re.sub(r"^the\s+", "", phrase, flags=re.IGNORECASE)
        return index.add_speaker(name[0].upper() + name[1:], kind="organisation", position=position)
    owned = _OWNED_REPRESENTATIVE_RE.fullmatch(phrase)
    if owned is not None:
        # "the company's attorneys wrote": they speak for the company the story named; "the board's attorney
        # said", for a body it names only in lower case, is that representative
        body = _common_noun(f"the {owned.group('owner')}", position=position, index=index)
        if body is not None and body.name.lower() != owned.group("owner").lower():
            return body
        return index.add_speaker(phrase[0].upper() + phrase[1:], kind="official", position=position)
    if last in ROLE_HEADS and words[0].lower() in {"a", "an"} and 2 < len(words) <= 5:
        # "a former investment manager": a described person the story has not named yet
        name = " ".join(words[1:])
        return index.add_speaker(name[0].upper() + name[1:], kind="person", position=position)
    return None


def resolve_name(
    phrase: str,
    *,
    position: int,
    index: ActorIndex,
    memory: SpeakerMemory,
    sentence_index: int = 0,
    register: bool = True,
) -> ActorRecord | None:
    """The actor a speaker phrase refers to, or None when it cannot be told."""
    phrase = clean_phrase(phrase)
    words = phrase.split()
    if len(words) > 1 and len(words[0]) >= 4 and words[0].isalpha() and words[0].isupper() and words[1].islower():
        # "EMERGENCY services have responded ...": a lede set in capitals, not an initialism ("U.S. media")
        phrase = words[0].capitalize() + phrase[len(words[0]) :]
        words = phrase.split()
    proper = all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in words)  # "the U.S. Attorney's Office for
    if not words or len(words) > (MAX_PROPER_NAME_WORDS if proper else MAX_SPEAKER_WORDS):  # the Western District ..."
        return None
    low = phrase.lower()
    contracted = re.match(r"(\w+)['’](?:re|s|ve|ll|d|m)\b", low)
    if _NOT_A_SPEAKER_RE.search(low) or (contracted is not None and contracted.group(1) in _PRONOUN_WORDS):
        return None  # "Fifty-one percent", "You’re", "installed its own monitor and": no one to name
    if low in {"he", "she", "they", "it"}:
        return _pronoun(low, position=position, sentence_index=sentence_index, index=index, memory=memory)
    if low in {"we", "i", "you", "this", "that", "there"}:
        return None
    if re.fullmatch(r"(?:the\s+)?(?:news\s+\w+|newspaper|paper|outlet|publication|website)", low):
        outlet = index.latest(position, kinds={"outlet"})
        recent = memory.record if sentence_index - memory.sentence_index <= 2 else None
        if outlet is None and recent is not None and recent.kind in {"outlet", "organisation", "other"}:
            outlet = recent  # "CNBC reported ... The news organization said": the outlet just quoted
        if outlet is not None and register:
            outlet.speaker_count += 1
        return outlet
    if _NAMED_REPRESENTATIVE_RE.fullmatch(phrase):
        # "Chambers's lawyer confirmed ...": the lawyer speaks, never the client
        return index.get(phrase) or index.add_speaker(phrase, kind="official", position=position)
    acting = _ACTING_FOR_RE.match(phrase)
    if acting is not None:  # "Lawyers of South Korea's former president Park Geun-hye": they speak, not she
        client = _named(acting.group("client"), position=position + acting.start("client"), index=index)
        if client is not None and client.kind == "person":
            head = acting.group("head")
            return index.get(f"{head} for {client.name}") or index.add_speaker(
                f"{head[0].upper()}{head[1:]} for {client.name}", kind="official", position=position
            )
    owned = _OWNED_DOCUMENT_RE.match(phrase)
    if owned is not None:  # "The Verge's Stadia review": the owner of the review is the source
        phrase, words = owned.group("owner"), owned.group("owner").split()
        position += owned.start("owner")
    if _DOCUMENT_RE.match(phrase):
        recent = memory.record if sentence_index - memory.sentence_index <= 3 else None
        return recent
    record = _group(phrase, position=position, index=index, memory=memory)
    if record is None:
        record = _common_noun(phrase, position=position, index=index)
    # "A powerful New York state senator", "The former provincial director of Central Luzon": someone described,
    # not yet named; never the place in the description
    head = re.split(r"\s+(?:of|for|in|at)\s+", phrase, maxsplit=1)[0].split()[-1].lower()
    role = head in TITLE_WORDS | ROLE_HEADS
    described = words[0].lower() in {"a", "an"} and role
    if record is None and words[0].lower() not in _DEMONSTRATIVES and not described:
        record = _named(phrase, position=position, index=index)
        if record is not None and index.is_place(record) and role and words[0].lower() in {"the", "former"}:
            record = None  # "The former provincial director of Central Luzon said": a person, not the province
        elif record is not None and index.is_place(record) and words[-1].islower() and words[-1] in _BODY_HEADS:
            # "US auto safety regulatory body said": the body described, not the country named in passing
            record = index.add_speaker(phrase[0].upper() + phrase[1:], kind="organisation", position=position)
    if record is not None and record.name.lower() in _QUANTIFIERS:
        return None  # "Several studies have found": a count of things, not a speaker
    shouted = re.fullmatch(r"[A-Z]{2,}(?:\s+[A-Z]{2,})+", record.name) if record is not None else None
    if record is not None and shouted and all(re.search(r"[AEIOU]", w) for w in record.name.split()):
        return None  # "GET OUT": a shouted slogan, not a body (initialisms are one word)
    if record is not None and _LEADING_NOISE_RE.fullmatch(record.name):
        return None  # "Moreover": a sentence adverb the name scan took for a name
    if record is not None and record.name.split()[0].lower() in _PRONOUN_WORDS:
        return None  # "They were in high school", "Their": a pronoun is never a name
    if record is not None and register:
        record.speaker_count += 1
    return record


def _named(phrase: str, *, position: int, index: ActorIndex) -> ActorRecord | None:
    found = index.mentions_in(position, position + len(phrase) + 1)
    if _OFFICE_RE.search(phrase) and phrase[:1].isupper():
        people = [record for _, record in found if record.kind == "person"]
        if people:
            return people[-1]
        return index.get(phrase) or index.add_speaker(phrase, kind="person", position=position)
    if found and re.search(
        rf"\b(?:{'|'.join(_STUDY_NOUNS)}|studies|review|trial)\b.*\b(?:in|with|of|among|on)\s", phrase
    ):
        return None  # "One small study in 50 people with BED": the name is what was studied, not who speaks
    relation = _RELATION_RE.match(phrase)
    head = relation.group("head").lower() if relation is not None else ""
    speaks_for = TITLE_WORDS | _DOCUMENT_NOUNS | ORG_WORDS | {"head", "boss"}  # "a statement from X", "the head of X"
    if found and relation is not None and (head not in speaks_for or head in _OWN_NOUNS):
        return None  # "a lawyer for Jeffrey Epstein", "the mother of the boy": the name is not who speaks
    if len(found) >= 2:
        (first_at, first), (second_at, _) = found[0], found[1]
        between = phrase[first_at - position + len(first.name) : second_at - position]
        if re.fullmatch(r"[’'s]*\s+(?:of|for|at|in|from)\s+(?:the\s+)?", between):
            return first  # "the U.S. Attorney's Office for the Western District of New York": the head speaks
    if found:
        return found[-1][1]
    known = index.get(phrase)
    if known is not None:
        return known
    capitals = re.findall(r"(?:[A-Z][\w.'’-]{0,40}\s*)+", phrase)
    if not capitals:
        return None
    name = capitals[-1].strip()
    name = re.sub(r"^(?:The|A|An)\s+", "", name)
    name = re.sub(r"^(?:On|In|At|By|Since|Until|Last|Next|This|Early|Late|During)\s+", "", name)
    last = name.split()[-1].lower().strip(".") if name else ""
    if (
        not name
        or name.lower() in {"he", "she", "it", "they", "we", "i", "you", "the", "a", "an", "another", "this", "that"}
        or all(w.lower().strip(".,") in MONTHS_DAYS for w in name.split())
    ):
        return None
    kind: ActorKind = "outlet" if last in OUTLET_WORDS else "organisation" if last in ORG_WORDS else "other"
    return index.get(name) or index.add_speaker(name, kind=kind, position=position)


def _one_name(parts: list[str], index: ActorIndex) -> bool:
    """A lone capitalised word the story never names alone ("Customs") joins the name after "and"."""
    first, second = (re.sub(r"^the\s+", "", part, flags=re.IGNORECASE) for part in parts)
    return (
        re.fullmatch(r"[A-Z][a-z]+", first) is not None
        and index.get(first) is None
        and second[:1].isupper()
        and len(second.split()) <= 3
    )


# A preposition or the infinitive's "to" left alone before a verb of saying ("To say that ... would be ...")
_NEVER_SPEAKERS = set("to in on at for with from by of as into onto upon".split())
_LOCATIVE_OPENERS = set("near in at outside inside across around beyond off from".split())
# Nouns for a person of a nation that are not its adjective ("the Spaniard", "the Briton")
_NATIONAL_NOUNS = set(
    "briton spaniard scot swede dane finn pole turk kiwi aussie argentine argentinian norwegian belgian serb croat "
    "kenyan ghanaian ugandan portuguese colombian chilean peruvian austrian hungarian czech romanian bulgarian "
    "welshman irishman".split()
)
_DESCRIBED_PERSON_RE = re.compile(r"[Tt]he\s+(?:\d{1,3}-year-old)?(?:\s*(?P<noun>[A-Z][a-z]{3,}))?")


def _national_or_age(noun: str | None) -> bool:
    """'the 28-year-old' (no noun), 'the Frenchman', 'the Australian': a description of a person, not a name."""
    if noun is None:
        return True
    stem = re.sub(r"(?:wo)?man$", "", noun) if noun.endswith("man") and len(noun) > 6 else noun
    return is_demonym(stem) or noun.lower() in _NATIONAL_NOUNS


def resolve_speaker(
    phrase: str, *, position: int, index: ActorIndex, memory: SpeakerMemory, sentence_index: int
) -> str | None:
    """Resolve a speaker phrase (maybe 'X and Y') to a display name, remembering it for pronouns."""
    published = _PUBLISHED_IN_RE.match(phrase.strip())
    if published is not None:  # "a paper published in the journal Nature Astronomy": the journal says so
        position += phrase.find(published.group("name"))
        phrase = published.group("name")
    cleaned = clean_phrase(phrase)
    if cleaned.lower() in _NEVER_SPEAKERS or cleaned.split(" ", 1)[0].lower() in _LOCATIVE_OPENERS:
        return None  # "To say that passions ran high ...": no one says it; "near Nairobi": a place in commas
    if _NOT_A_SPEAKER_RE.search(cleaned.lower()):
        return None  # "Japan and elsewhere to make concessions they might not": a clause, not a speaker
    offset = position + max(phrase.find(cleaned), 0) if cleaned else position
    # "... Prevention (Chinese CDC)": the alias in brackets is not a second speaker
    cleaned = re.sub(r"\s*\([^()]{1,40}\)", "", cleaned)
    one_body = (
        GROUP_PHRASE_RE.match(cleaned)
        or re.search(r"\b(?:of|for)\s+[A-Z][^,;]*\band\s+[A-Z]", cleaned)
        or index.get(cleaned) is not None  # "the Globe and Mail reported": one name the text already holds
    )
    described = _DESCRIBED_PERSON_RE.fullmatch(cleaned)
    if described is not None and _national_or_age(described.group("noun")):
        # "The Frenchman said", "the 28-year-old said": the one person the sentences just before are about
        people = index.subjects_before(position, lookback=1)  # the person of the sentence just before
        people = people or list({id(r): r for r in index.subjects_before(position)}.values())
        if len(people) != 1:
            return None
        memory.record, memory.sentence_index = people[0], sentence_index
        return people[0].name
    parts = [cleaned] if one_body else re.split(r"\s+and\s+", cleaned)
    if len(parts) > 1 and all(w.lower().strip(".") in TITLE_WORDS for w in parts[0].split()):
        parts = [cleaned]  # "chairman and CEO Craig Menear": one person's titles
    office = re.fullmatch(r"(?:[A-Z][\w&-]*\s+)+[a-z][\w-]*", parts[-1])
    if len(parts) > 1 and office is not None and not GROUP_PHRASE_RE.match(parts[-1]):
        return None  # "the Health and Human Services secretary": an office holder the phrase does not name
    if len(parts) == 2 and _one_name(parts, index):  # "Customs and Border Protection": one body
        body = index.get(cleaned) or index.add_speaker(cleaned, kind="organisation", position=offset)
        body.speaker_count += 1
        memory.record, memory.sentence_index = body, sentence_index
        return body.name
    if len(parts) > 1:  # "JPL scientist and co-author Ann Lee", "Ana Ruiz and her husband": one speaker named
        parts = [
            p for p in parts if not re.search(r"(?:^|\s)[a-z][\w-]*$", p) or GROUP_PHRASE_RE.match(p) or index.get(p)
        ]
        if not parts:
            return None
    records: list[ActorRecord] = []
    for part in parts:
        part_offset = offset + max(cleaned.find(part), 0)
        record = resolve_name(part, position=part_offset, index=index, memory=memory, sentence_index=sentence_index)
        if record is not None and " " not in record.name and is_demonym(record.name):
            continue  # "the British royal denied ...": the adjective names no one; the royal is not named here
        if record is not None and record not in records:
            records.append(record)
    if not records:
        return None
    memory.record, memory.sentence_index = records[-1], sentence_index
    return " and ".join(("The " if r.display_the else "") + r.name for r in records)
