"""Actor finding: capitalised name sequences, titles and roles, aliases, and salience; stdlib and bot.models only.

Precision first: a capitalised sequence only becomes an actor with evidence that it acts in the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.cues import (
    ABBREVIATED_TITLES,
    COUNTRY_INITIALISMS,
    GROUP_NOUNS,
    INSTITUTION_WORDS,
    LOCATION_PREPOSITIONS,
    MONTHS_DAYS,
    NON_ACTOR_HEADS,
    ORG_WORDS,
    OUTLET_WORDS,
    TITLE_WORDS,
)
from bot.models import Actor, ActorKind
from bot.sentences import Sentence

MAX_ACTORS = 10
MAX_NAME_TOKENS = 4
_TITLE_ABBREVIATION = "|".join(sorted(ABBREVIATED_TITLES, key=len, reverse=True)).title()
_TOKEN = rf"(?:(?:{_TITLE_ABBREVIATION})\.|(?:[A-Z]\.){{2,}}|[A-Z][\w'’.-]*[\w])"
_CONNECTOR = r"(?:of|for|de|del|da|di|van|von|al|bin|le|la)"
SEQUENCE_RE = re.compile(rf"{_TOKEN}(?:\s+(?:{_CONNECTOR}\s+)?{_TOKEN})*")
_POSSESSIVE_RE = re.compile(r"(?:'s|’s|'|’)$")
_FUNCTION_WORDS = set(
    (
        "the a an this that these those but and or so yet in on at for with after before since while when "
        "if as by from to of now then meanwhile however still also both some many most all other another "
        "each our their his her its my we they he she it i you what who why how where there here last "
        "next first according asked despite although mr ms mrs dr today yesterday tomorrow sorry yes no "
        "let frankly specifically "
    ).split()
)
ROLE_NOUNS = TITLE_WORDS | set(
    (
        "negotiator editor-in-chief analyst engineer lawyer adviser advisor aide fellow reporter "
        "columnist author activist economist scientist researcher historian official prosecutor head "
        "owner manager candidate nominee counterpart specialist expert "
    ).split()
)
_APPOSITIVE_RE = re.compile(
    r"^,\s+(?:(?:a|an|the|then)\s+)?(?P<role>(?:former|another|senior|chief|top|deputy|acting)?\s*[^,;()]{3,80}?)"
    r"(?=\s*(?:[,;(]|\s+who\b|\s+which\b|$))"
)
_ROLE_MODIFIERS = set(
    (
        "chief senior former deputy top acting executive general lead assistant vice structural special "
        "foreign defense defence interim principal "
    ).split()
)
_GROUP_HEADS = set(GROUP_NOUNS.split("|"))
_DEMONYM_RE = re.compile(r"(?:an|ish|ese|ic|i)$")
_ACRONYM_RE = re.compile(r"[A-Z]{2,4}")
_NAME_TOKEN_RE = re.compile(r"[A-Z][a-z][\w'’-]*")
# "ambassador to Britain Liu Xiaming": the place after "<title> to" belongs to the title, not the name.
_TITLE_TO_PLACE_RE = re.compile(
    rf"\b(?:{'|'.join(sorted(TITLE_WORDS))})\s+(?:to|of|for|in)\s+(?:the\s+)?$", re.IGNORECASE
)
_AGENT_NEXT_RE = re.compile(
    r"^\s+(?:is|are|was|were|has|have|had|will|would|could|can|may|might|must|should|did"
    r"|does|\w+ed)\b"
)


@dataclass
class ActorRecord:
    """A candidate actor with every place it is mentioned."""

    name: str
    kind: ActorKind
    role: str | None = None
    mentions: list[int] = field(default_factory=list)
    speaker_count: int = 0
    agent: bool = False
    located: int = 0
    adjectival: int = 0
    display_the: bool = False

    @property
    def tokens(self) -> list[str]:
        return self.name.split()

    def key(self) -> str:
        return self.name.lower()


def _kind_of(tokens: list[str]) -> ActorKind:
    last = tokens[-1].lower().strip(".")
    if len(tokens) == 1 and tokens[0].replace(".", "") in COUNTRY_INITIALISMS:
        return "other"
    if last in OUTLET_WORDS:
        return "outlet"
    if last in ORG_WORDS or (len(tokens) == 1 and re.fullmatch(r"(?:[A-Z]\.?){2,5}", tokens[0])):
        return "organisation"
    if 2 <= len(tokens) <= 3 and not any(t.lower() in INSTITUTION_WORDS for t in tokens):
        return "person"
    return "other"


def split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split 'U.S. President Joe Biden' into (['U.S.', 'President'], ['Joe', 'Biden'])."""
    lows = [t.lower().strip(".") for t in tokens]
    marks = [
        i for i, low in enumerate(lows) if low in TITLE_WORDS or low in INSTITUTION_WORDS or low in ORG_WORDS
    ]
    if (
        not marks
        or marks[-1] == len(tokens) - 1
        or not any(low in TITLE_WORDS for low in lows[: marks[-1] + 1])
    ):
        return _split_at_acronym(tokens)
    return tokens[: marks[-1] + 1], tokens[marks[-1] + 1 :][-MAX_NAME_TOKENS:]


def _split_at_acronym(tokens: list[str]) -> tuple[list[str], list[str]]:
    """'Browns DL Sheldon Richardson' -> (['Browns', 'DL'], ['Sheldon', 'Richardson']): a position before a name."""
    for i in range(len(tokens) - 3, -1, -1):
        name = tokens[i + 1 :]
        if (
            _ACRONYM_RE.fullmatch(tokens[i])
            and 2 <= len(name) <= 3
            and all(_NAME_TOKEN_RE.fullmatch(t) for t in name)
            and not any(t.lower() in ORG_WORDS or t.lower() in INSTITUTION_WORDS for t in name)
        ):
            return tokens[: i + 1], name
    return [], tokens


def _head(tokens: list[str]) -> str:
    """The head word of a name: the last one, or the one before 'of' ('District of Columbia')."""
    lows = [t.lower() for t in tokens]
    return lows[lows.index("of") - 1] if "of" in lows[1:] else lows[-1]


class ActorIndex:
    """All candidate actors of one article, with alias merging and ranking."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self.text = text
        self.records: list[ActorRecord] = []
        self._by_key: dict[str, ActorRecord] = {}
        lowered = set(re.findall(r"\b[a-z][\w'-]*\b", text))
        for sentence in sentences:
            if sentence.usable:
                self._scan(sentence, lowered)
        self._merge_aliases()

    # -- scanning ---------------------------------------------------------------------------------------
    def _scan(self, sentence: Sentence, lowered: set[str]) -> None:
        for match in SEQUENCE_RE.finditer(sentence.text):
            tokens = match.group().split()
            start = sentence.start + match.start()
            initial = sentence.text[: match.start()].strip(" \"“‘'—-") == ""
            while tokens and (
                tokens[0].lower() in _FUNCTION_WORDS
                or (initial and tokens[0].lower() in lowered and tokens[0].lower() not in TITLE_WORDS)
            ):
                start += len(tokens[0]) + 1
                tokens = tokens[1:]
                initial = False
            place = _TITLE_TO_PLACE_RE.search(sentence.text[: match.start()])
            if place and len(tokens) >= 3 and all(_NAME_TOKEN_RE.fullmatch(t) for t in tokens[-2:]):
                start += len(" ".join(tokens[:-2])) + 1
                tokens = tokens[-2:]
            if tokens:
                tokens[-1] = _POSSESSIVE_RE.sub("", tokens[-1])
            if not tokens or not tokens[-1] or self._is_noise(tokens, lowered, initial=initial):
                continue
            self._add_mention(tokens, start=start, sentence=sentence)

    def _is_noise(self, tokens: list[str], lowered: set[str], *, initial: bool) -> bool:
        words = [t.lower().strip(".") for t in tokens]
        if all(w in MONTHS_DAYS or w.isdigit() for w in words):
            return True
        if len(tokens) == 1:
            word = words[0]
            if re.fullmatch(r"(?:[A-Z]\.?){2,5}", tokens[0]):
                return False
            return (
                word in lowered or word in _FUNCTION_WORDS or (initial and not self._seen_inside(tokens[0]))
            )
        return False

    def _seen_inside(self, token: str) -> bool:
        return re.search(rf"(?<=[a-z,;:]\s){re.escape(token)}\b", self.text) is not None

    def _add_mention(self, tokens: list[str], *, start: int, sentence: Sentence) -> None:
        title, name = split_title(tokens)
        role = " ".join(title) or None
        name_start = start + (len(" ".join(title)) + 1 if title else 0)
        kind: ActorKind = "person" if title else _kind_of(name)
        record = self._record(" ".join(name), kind)
        record.mentions.append(name_start)
        if role and (record.role is None or record.role.lower() in TITLE_WORDS):
            record.role = role.strip(",")
        before = self.text[max(sentence.start, name_start - 40) : name_start]
        after = self.text[name_start + len(record.name) : sentence.end]
        if not title:
            self._note_context(record, before=before, after=after)
        if re.search(r"(?<![.!?]\s)(?<!^)\bThe\s$", before) and kind == "outlet":
            record.display_the = True

    def _note_context(self, record: ActorRecord, *, before: str, after: str) -> None:
        prev = re.findall(r"[\w'-]+", before.lower())
        prev = [w for w in prev if w != "the"]
        if prev and prev[-1] in LOCATION_PREPOSITIONS:
            record.located += 1
        elif _AGENT_NEXT_RE.match(after):
            record.agent = True
        if re.match(r"^(?:'s|’s)?\s+[a-z]", after) and not _AGENT_NEXT_RE.match(after):
            record.adjectival += 1
        if re.match(r"^,?\s+which\b", after) and record.kind == "person" and record.role is None:
            record.kind = "organisation"  # "Big Machine, which was bought": a person is never "which"
        if record.role is None:
            record.role = _role_before(before) or _role_after(after)

    def _record(self, name: str, kind: ActorKind) -> ActorRecord:
        record = self._by_key.get(name.lower())
        if record is None:
            record = ActorRecord(name=name, kind=kind)
            self._by_key[name.lower()] = record
            self.records.append(record)
        elif kind == "person" and record.kind != "person" and len(record.tokens) <= 3:
            record.kind = "person"
        return record

    # -- merging ----------------------------------------------------------------------------------------
    def _merge_aliases(self) -> None:
        for record in sorted(self.records, key=lambda r: len(r.tokens)):
            target = self._alias_target(record)
            if target is not None and target is not record:
                target.mentions.extend(record.mentions)
                target.agent = target.agent or record.agent
                target.located += record.located
                target.adjectival += record.adjectival
                target.role = target.role or record.role
                self.records.remove(record)
                self._by_key[record.key()] = target

    def _alias_target(self, record: ActorRecord) -> ActorRecord | None:
        initials = (
            re.sub(r"[^A-Z]", "", record.name) if re.fullmatch(r"(?:[A-Z]\.?){2,5}", record.name) else ""
        )
        best: ActorRecord | None = None
        for other in self.records:
            if other is record or len(other.tokens) <= len(record.tokens):
                continue
            words = [t for t in other.tokens if not re.fullmatch(_CONNECTOR, t)]
            if initials and "".join(w[0] for w in words) == initials:
                return other
            if not initials and other.tokens[-len(record.tokens) :] == record.tokens:
                if best is None or len(other.mentions) > len(best.mentions):
                    best = other
        return best

    # -- lookups ----------------------------------------------------------------------------------------
    def get(self, name: str) -> ActorRecord | None:
        key = _POSSESSIVE_RE.sub("", name.strip()).lower()
        key = key.removeprefix("the ")
        return self._by_key.get(key)

    def mentions_in(self, start: int, end: int) -> list[tuple[int, ActorRecord]]:
        """Actor mentions whose offset lies in [start, end), in text order."""
        found = [(m, r) for r in self.records for m in r.mentions if start <= m < end]
        return sorted(found, key=lambda pair: pair[0])

    def latest(self, position: int, *, kinds: set[str]) -> ActorRecord | None:
        """The actor of one of ``kinds`` mentioned last before ``position``: the usual antecedent."""
        best: tuple[int, ActorRecord] | None = None
        for record in self.records:
            if record.kind not in kinds or not (
                record.speaker_count or record.role or self._is_actor(record)
            ):
                continue
            before = [m for m in record.mentions if m < position]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), record)
        return best[1] if best else None

    def add_speaker(self, name: str, *, kind: ActorKind, position: int) -> ActorRecord:
        """A speaker found by attribution that the name scan did not list (groups, lowercase bodies)."""
        record = self.get(name) or self._record(name, kind)
        if position not in record.mentions:
            record.mentions.append(position)
        return record

    # -- ranking ----------------------------------------------------------------------------------------
    def _is_actor(self, record: ActorRecord) -> bool:
        count = len(record.mentions)
        if record.speaker_count:
            return True
        if _head(record.tokens) in NON_ACTOR_HEADS:
            return False
        if record.located * 3 >= count * 2 and not record.agent:
            return False
        if len(record.tokens) == 1 and _DEMONYM_RE.search(record.name) and record.adjectival * 2 >= count:
            return False
        if record.kind in {"outlet", "organisation"} or (record.kind == "person" and record.role):
            return True
        return count >= 3 or (count >= 2 and (record.agent or record.kind == "person"))

    def _salience(self, record: ActorRecord) -> float:
        first = min(record.mentions) / max(len(self.text), 1)
        generic = record.tokens[0].lower() in _GROUP_HEADS and not re.search(r"\s[A-Z]", record.name)
        return (
            3 * record.speaker_count
            + min(len(record.mentions), 8)
            + (2 if record.role else 0)
            + (1 if record.kind == "person" else 0)
            + (1.5 if first < 0.1 else 0)
            + (2 if record.kind == "outlet" and record.speaker_count else 0)
            - (2 if generic else 0)
        )

    def ranked(self, limit: int = MAX_ACTORS) -> list[Actor]:
        chosen = sorted((r for r in self.records if self._is_actor(r)), key=self._salience, reverse=True)
        return [
            Actor(name=("The " if r.display_the else "") + r.name, role=r.role, kind=r.kind)
            for r in chosen[:limit]
        ]


def _role_before(before: str) -> str | None:
    """'Palestinian chief negotiator ' -> 'Palestinian chief negotiator'; 'journalist ' -> 'journalist'."""
    words = before.split()
    if not words or words[-1].lower() not in ROLE_NOUNS or words[-1][0].isupper():
        return None
    kept = [words.pop()]
    while words and len(kept) < 4 and not words[-1].endswith((",", ".", ":")):
        word = words[-1]
        if word.lower() in _FUNCTION_WORDS or not (word[0].isupper() or word.lower() in _ROLE_MODIFIERS):
            break
        kept.insert(0, words.pop())
    return " ".join(kept)


def _role_after(after: str) -> str | None:
    match = _APPOSITIVE_RE.match(after)
    if not match:
        return None
    role = " ".join(match.group("role").split()[:8]).rstrip(" ,.")
    words = role.lower().split()
    if not words or not set(words) & ROLE_NOUNS:
        return None
    return re.sub(r"\s+(?:to|of|on|at|in|for|the|and)$", "", role)
