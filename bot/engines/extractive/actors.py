"""Actor finding: capitalised name sequences, titles and roles, aliases, and salience; stdlib and bot.models only.

Precision first: a capitalised sequence only becomes an actor with evidence that it acts in the story. Places
act only as governments ("China said"), never as where things happen; pronouns, dates, topics, titles of works,
products, codes and lone nationalities are never actors; one actor under several names (surname, initials, a
capital for its country) is listed once, under its fullest name, with its role.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from bot.engines.extractive.clauses import outside, quoted_ranges
from bot.engines.extractive.cues import (
    ABBREVIATED_TITLES,
    DENIAL_VERBS,
    GROUP_NOUNS,
    INSTITUTION_WORDS,
    LOCATION_PREPOSITIONS,
    MONTHS_DAYS,
    NON_ACTOR_HEADS,
    ORG_WORDS,
    OUTLET_WORDS,
    REPORTING_VERBS,
    TITLE_WORDS,
)
from bot.engines.extractive.lint import PRONOUNS as PRONOUN_NAMES
from bot.engines.extractive.names import (
    BODY_TAIL_WORDS,
    COMMON_INITIALISMS,
    COMPANY_SUFFIXES,
    COUNTRY_OF,
    FUNCTION_WORDS,
    LEADING_MODIFIER_RE,
    NAME_PARTICLES,
    NAME_SUFFIXES,
    NAME_TOKEN_RE,
    NATIONAL_BODY_RE,
    TITLE_MODIFIERS,
    TOPIC_WORDS,
    is_demonym,
    is_place,
    is_pronoun,
    kind_of,
    name_head,
    name_pieces,
    office_before,
    role_after,
    role_before,
    split_title,
)
from bot.engines.extractive.sentences import Sentence, dateline_length
from bot.models import Actor, ActorKind

MAX_ACTORS = 12
_ROLE_MODIFIERS = TITLE_MODIFIERS | {"senior", "junior", "top", "veteran", "late", "immediate", "longtime", "then"}
# Heads of public bodies: "the company" or "the firm" never points back to one of these.
PUBLIC_BODY_WORDS = set(
    (
        "court courts tribunal ministry department government parliament congress senate assembly legislature police "
        "army navy military council commission committee administration embassy consulate prosecutor prosecutors "
        "judge cabinet directorate secretariat university college school church state city county authority "
        "watchdog regulator inspectorate ombudsman"
    ).split()
)
# Bounded work: at most this many distinct candidate names per article (later ones are not listed), a name of
# at most this many tokens, and a look back of at most this many characters from a name.
MAX_RECORDS = 1500
MAX_SEQUENCE_TOKENS = 10
LOOKBEHIND_CHARS = 80
MAX_CANDIDATES = 64  # alias candidates looked at per name: merging stays linear in the number of names
LATEST_LOOKBACK_MENTIONS = 400
_TITLE_ABBREVIATION = "|".join(sorted(ABBREVIATED_TITLES, key=len, reverse=True)).title()
# A name's word, an initialism, or a middle initial before a surname ("Paul H. O’Neill").
_TOKEN = (
    rf"(?:(?:{_TITLE_ABBREVIATION})\.|(?:[A-Z]\.){{2,8}}|[A-Z][\w'’.-]{{0,40}}[\w]"
    r"|[A-Z]\.(?=\s+[A-Z](?:['’][A-Z])?[a-z.]))"
)
# "The Globe and Mail", "Mail and Guardian": an "and" before a newspaper's word joins one name
_OUTLET_AFTER_AND = "|".join(sorted(w.capitalize() for w in OUTLET_WORDS if len(w) > 3))
_CONNECTOR = rf"(?:of|for|{NAME_PARTICLES}|&|and(?=\s+(?:{_OUTLET_AFTER_AND})\b))"
SEQUENCE_RE = re.compile(rf"(?<![\w'’-]){_TOKEN}(?:\s+(?:{_CONNECTOR}\s+)?{_TOKEN}){{0,{MAX_SEQUENCE_TOKENS - 1}}}")
_AND_MORE_RE = re.compile(r"\s+and\s+[A-Z][\w'’-]{0,40}(?:\s+[A-Z][\w'’-]{0,40}){0,2}(?![\w'’-])")
_ALIAS_RE = re.compile(r"\s*\((?P<alias>[A-Z][\w.&'’ -]{1,30})\)")
# Capitalised words that follow a lower-case word or a comma: names used inside a sentence.
_INSIDE_RE = re.compile(r"(?<=[a-z,;]\s)[A-Z][\w'’-]{0,40}")
_POSSESSIVE_RE = re.compile(r"(?:'s|’s|'|’)$")
_GROUP_HEADS = set(GROUP_NOUNS.split("|"))
# "ambassador to Britain Liu Xiaming": the place after "<title> to" belongs to the title, not the name.
_TITLE_TO_PLACE_RE = re.compile(
    rf"\b(?:{'|'.join(sorted(TITLE_WORDS))})\s+(?:to|of|for|in)\s+(?:the\s+)?$", re.IGNORECASE
)
_ACRONYM_RE = re.compile(r"[A-Z]{2,5}")
_PREPOSITION_END_RE = re.compile(r"\s(?:to|of|for|in)\s+(?:the\s+)?$", re.IGNORECASE)
SUBJECT_LOOKBACK_SENTENCES = 3
_GOVERNED_RE = re.compile(r"\b(?:with|to|by|of|for|about|against|from|at|on|into|than|and)\s+(?:the\s+)?$")
_PLACE_ADJECTIVES = {"eastern", "western", "northern", "southern", "central", "downtown", "rural", "suburban"}
# A name followed by one of these acts in the story ("China said", "Beijing has denounced", "Apple will cut").
_ACT_VERBS = (
    f"{REPORTING_VERBS.split('|called')[0]}|{DENIAL_VERBS}|accused|urged|demanded|threatened|imposed|agreed|refused"
    "|sent|signed|condemned|denounced|launched|deployed|ordered|banned|sanctioned|retaliated|responded|asked"
    "|sought|wants|approved|blocked|expelled|summoned|protested|arrested|detained|invaded|attacked|offered"
    "|proposed|plans|planned|decided|filed|sued|voted|passed|cut|raised|bought|sold|acquired|hired|fired"
    "|announces|accuses|urges|demands|threatens|agrees|refuses|condemns|launches|orders|approves|blocks"
    "|objected|opposed|backed|supported|vetoed|pushed|joined|withdrew|quit|seized|captured|killed|struck|fired"
)
# "China on Tuesday summoned ...": a time phrase between a subject and its verb.
_TIME_PHRASE = r"(?:\s+on\s+[A-Z][a-z]+day|\s+(?:today|yesterday|earlier|later|also|now|then|last\s+week))?"
_ACT_STEMS = (
    "seek|demand|push|press|urg|threaten|plan|prepar|consider|negotiat|ask|call|build|send|fight|refus|block"
    "|reject|sanction|investigat|prosecut|deploy|impos|retaliat|respond|sign|ban|announc|appeal|su|oppos|support"
    "|back|veto|deny"
)
_ACTS_RE = re.compile(
    rf"^(?:['’]s\s+(?:government|leaders?|officials|authorities|foreign ministry|ministry|president"
    rf"|prime minister)\b)?{_TIME_PHRASE}(?:,\s[^,]{{3,60}},)?"  # "China, the biggest emitter, backed"
    rf"\s+(?:(?:has|have|had|will|would|could|did|does|is|was|also|not|now|then"
    rf"|repeatedly|reportedly|quickly|publicly|already|never)\s+){{0,3}}"
    rf"(?:{_ACT_VERBS}|(?:is|are|was|were)\s+(?:{_ACT_STEMS})e?ing"
    rf"|(?:will|would|could|must|can|may|might)\s+(?:not\s+)?(?:{_ACT_STEMS})e?)\b"
)
# "Fritz von Weizsäcker was stabbed to death": a person the story is about, even when named once.
_UNDERGOES_RE = re.compile(
    r"^(?:,\s[^,]{3,60},)?\s+(?:was|were|has been|have been|had been)\s+(?:\w+ly\s+)?(?:stabbed|shot|killed"
    r"|murdered|attacked|assaulted|kidnapped|abducted|arrested|detained|charged|convicted|sentenced|jailed"
    r"|injured|wounded|elected|appointed|named|fired|sacked|ousted|released|freed|acquitted|extradited)\b"
)
_BUILDING_HEADS = {"hall", "museum", "gallery", "library", "theater", "theatre", "hotel", "palace", "tower", "castle"}
# Heads of names of things, laws and events: never an actor, even when a cue made one a speaker.
_THING_HEADS = set(
    "act bill treaty accord amendment constitution protocol awards award festival olympics index war crisis "
    "election pandemic scandal games cup championship tournament series prize edition telescope spacecraft "
    "probe rover pro max mini ultra lite editions".split()
)
# Heads of the names of days and gatherings; alone they may be a surname ("Day"), so only in a longer name.
_EVENT_HEADS = {"day", "eve", "week", "weekend", "summit", "expo", "marathon", "bowl", "parade", "gala", "fair"}
_NUMBER_WORD_RE = re.compile(
    r"(?i)(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|thousand|million|billion)(?:-\w+)?"
)
# "Hong Kong (CNN Business) A muddled ...": a leading place and agency without a dash is a dateline too.
_SOFT_DATELINE_RE = re.compile(
    r"^\s*[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s+[A-Z][\w.]*)?\s*:\s+"  # "NEW DELHI: India ..."
    r"|^\s*\([A-Z][^()]{0,30}\)\s*[—–-]+\s*"  # "(Reuters) - Boeing Co said ..."
    r"|^\s*(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*(?:,\s+[A-Z][\w.]*)?\s*\([A-Z][^()]{0,30}\)\s*"
)
_GENERIC_BODIES = {"organization", "organisation", "company", "group", "network", "agency", "service"}
# "Party-controlled", "Kremlin-backed", "Saudi-led": a modifier before a name, never part of it.
_HYPHEN_MODIFIER_RE = re.compile(r"[\w.'’]+-(?:[a-z]{2,}ed|led|run|based|owned|held|born|friendly|sympathetic)")
_ROLE_LEAD_RE = re.compile(
    r"(?<![\w-])(?:(?:former|vice|deputy|acting|interim|outgoing|incoming|assistant|associate|senior|chief|prime)\s+)+$"
)
_HONORIFIC_RE = re.compile(r"\b(?:Mr|Ms|Mrs|Mx|Dr)\.?\s+$")
# "WHO", "US", "IT" are initials of bodies and places, never the words "who", "us", "it".
_INITIALS_WORD_RE = re.compile(r"(?!(?:THE|AND|OF|TO|IN|ON|FOR|AT|BY|OR|BUT|AS|IS|AN|IF|SO|NO)\b)[A-Z]{2,4}")
# "Trump administration", "Chinese government": a body that rules, named by whom it serves.
_RULING_BODIES = {"administration", "government", "authorities", "military", "forces", "ministry", "regime", "campaign"}
_PERSONISH_RE = re.compile(r"[A-Z][a-z][\w'’-]{0,40}|[A-Z][a-z]*(?:-[A-Z][a-z]+)+")  # "Lee", "I-Min"
_QUANTIFIERS = {"the", "some", "many", "most", "all", "other", "both", "each", "another"}
_TARGETING_RE = re.compile(rf"(?:{_ACT_VERBS}|criticised|criticized|blamed|pressed|pressured|warned|told)")
_GOVERNING_WORDS = set(
    "of on in at to from into onto over under beyond about for without after before during as via toward towards "
    "across around near upon within throughout".split()
)  # not "by", "with", "against": "violations by China", "talks with Vietnam" name a participant
_AGENT_NEXT_RE = re.compile(
    rf"^{_TIME_PHRASE}"
    r"\s+(?:is|are|was|were|has|have|had|will|would|could|can|may|might|must|should|did"
    r"|does|\w+ed)\b"
)


def _person_of_body(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """'Rosaly Lopes of NASA': a person and the body they belong to are two names ('Bank of England' is one)."""
    out: list[tuple[int, str]] = []
    for offset, piece in pieces:
        left, sep, right = piece.partition(" of ")
        titled = left.split()
        names = [t for t in titled if t.lower().strip(".") not in TITLE_WORDS]  # "Dr. I-Min Lee of Harvard"
        person = 2 <= len(names) <= 3 and all(_PERSONISH_RE.fullmatch(t) for t in names)
        building = names and names[-1].lower() in _BUILDING_HEADS  # "Rock and Roll Hall of Fame"
        if sep and person and right and kind_of(names) == "person" and not building:
            out.append((offset, left))
            if not is_place(right.split()):  # "Senator Mitch McConnell of Kentucky": the state is no actor
                out.append((offset + len(left) + len(sep), right))
        else:
            out.append((offset, piece))
    return out


_DATE_PREPOSITION_RE = re.compile(
    r"\b(?:in|since|until|by|last|next|early|late|mid|from|through|during|before|after|of|this|on)\s+$", re.I
)


def _dated(word: str, following: str) -> bool:
    """A weekday always names a date; a month only before a number ('March 3'), as 'May' is also a name."""
    low = word.lower().strip(".,")
    return low.endswith("day") or word.endswith(".") or re.match(r"\s*\d", following) is not None


def _sentence_stop(name: str) -> str:
    """'Early.' at the end of a sentence is 'Early' ('Jr.', 'D.C.' keep theirs)."""
    return name[:-1] if re.search(r"[a-z]{3}\.$", name) else name


def _bag(tokens: list[str]) -> tuple[str, ...]:
    """The words of a body's name in any order: 'X Department' and 'Department of X' have the same."""
    return tuple(sorted(t.lower() for t in tokens if t.lower() not in {"of", "the", "for", "and"}))


def _core(tokens: list[str]) -> list[str]:
    """The name without 'Jr.' or 'Co.': 'Walt Disney Co' is called 'Disney', 'James Kennedy Jr.' 'Kennedy'."""
    suffixed = len(tokens) > 2 and tokens[-1].rstrip(".") in NAME_SUFFIXES
    company = len(tokens) > 1 and tokens[-1].lower().rstrip(".") in COMPANY_SUFFIXES
    return tokens[:-1] if suffixed or company else tokens


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
    impersonal: bool = False
    acts: int = 0  # followed by a verb of speech or action: "China said", "Gannett will cut"
    undergoes: int = 0  # the subject of what happened to someone: "X was stabbed", "X was arrested"
    governed: int = 0  # after a preposition: "on Earth", "after Brexit"
    possessive: int = 0  # "Disney's": only someone or something that has things
    numbered: int = 0  # followed by a number: "Destiny 2", "Phase 1" are titles and codes
    targeted: int = 0  # after a verb of action: "accused China", "urged Vietnam"
    titled: int = 0  # inside quotation marks of its own: "Game of Thrones" names a work

    @property
    def tokens(self) -> list[str]:
        return self.name.split()

    def key(self) -> str:
        return self.name.lower()


class ActorIndex:
    """All candidate actors of one article, with alias merging and ranking."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self.text = text
        self.sentences = sentences
        self.records: list[ActorRecord] = []
        self._by_key: dict[str, ActorRecord] = {}
        lowered = set(re.findall(r"\b[a-z][\w'-]{0,40}\b", text))
        self._lowered = lowered
        self._held_roles: list[str] | None = None
        self._short_forms: set[str] = set()  # the words a name already met is later called by
        self._acting_after = False  # the name being scanned is followed by a verb of speech or action
        self._dated_before = False  # the name being scanned follows "in", "since", ...: "In May" is a date
        self._inside = set(_INSIDE_RE.findall(text))
        self._aliases: dict[str, str] = {}  # "chinese cdc" -> "Chinese Center for Disease Control and Prevention"
        soft = _SOFT_DATELINE_RE.match(text)
        lead = next((s for s in sentences if not s.heading), None)  # a line heading the copy may stand before it
        lead_dateline = lead.start + dateline_length(lead.text) if lead is not None else 0
        self._skip_before = max(dateline_length(text), soft.end() if soft else 0, lead_dateline)
        self._lead_end = lead.end if lead is not None else 0
        self._starts = [s.start for s in sentences]
        for sentence in sentences:
            if sentence.usable:
                self._scan(sentence, lowered)
                self._scan_bodies(sentence)
        self._merge_aliases()
        # every mention, sorted by offset: range look-ups by bisection instead of a scan of all records
        self._mentions: list[tuple[int, int, ActorRecord]] = sorted(
            (m, id(r), r) for r in self.records for m in r.mentions
        )

    # -- scanning ---------------------------------------------------------------------------------------
    def _scan(self, sentence: Sentence, lowered: set[str]) -> None:
        text = sentence.text
        consumed = 0
        for match in SEQUENCE_RE.finditer(text):
            if match.start() < consumed:
                continue  # the "and Prevention" already joined to the body before it
            if match.start() and text[match.start() - 1] in "@#":
                continue  # "@MattBevin", "#Brexit": a handle or a hashtag, not how a story names anyone
            sequence, end = match.group(), match.end()
            more = _AND_MORE_RE.match(text, end)
            the = sequence.startswith("The ") or text[max(0, match.start() - 4) : match.start()] == "the "
            if more is not None and self._joins(sequence, more.group(), lowered, the=the):
                sequence, end = text[match.start() : more.end()], more.end()
                consumed = end
            for offset, piece in _person_of_body(name_pieces(sequence)):
                self._scan_piece(sentence, piece, at=match.start() + offset, lowered=lowered)
            alias = _ALIAS_RE.match(text, end)
            if alias is not None:  # "the Chinese Center for Disease Control (Chinese CDC)": the same body
                self._aliases[alias.group("alias").strip().lower()] = sequence

    def _joins(self, sequence: str, more: str, lowered: set[str], *, the: bool) -> bool:
        """'Centers for Disease Control and Prevention', 'Securities and Exchange Commission': one body, while
        'Democrats and Republicans' are two."""
        if re.search(r"\s(?:of|for)\s", sequence):
            return True
        left, right = sequence.split(), more.split()[1:]
        while len(left) > 1 and left[0].lower() in FUNCTION_WORDS:
            left = left[1:]  # "The Food and Drug Administration"
        word = left[-1].lower()
        alone = len(left) == 1 and the  # "the Food and Drug Administration": one article for one body
        common = word in INSTITUTION_WORDS or word in lowered or word.endswith("s") or alone
        body = right[-1].lower() in ORG_WORDS | BODY_TAIL_WORDS
        own = left[1:] if is_place(left[:1]) else left  # "U.S. Securities": the country is not the body
        complete = len(own) >= 2 or not own[-1:] or not own[-1].endswith("s")  # "Senate"; not "Securities"
        whole = not own or (complete and own[-1].lower() in ORG_WORDS)  # "the Senate and House Committee": two
        return len(left) <= 2 and len(right) >= 2 and common and body and not whole

    def _scan_piece(self, sentence: Sentence, piece: str, *, at: int, lowered: set[str]) -> None:
        tokens = piece.split()
        start = sentence.start + at
        if start < self._skip_before:
            return
        before = sentence.text[max(0, at - LOOKBEHIND_CHARS) : at]  # never the whole prefix: bounded work
        opening = at <= LOOKBEHIND_CHARS and before.strip(" \"“‘'—-") == ""
        initial = opening or re.search(r"[“‘:]\s*$|\s\"\s*$", before) is not None  # ': Dealing in ...' opens too
        if at <= LOOKBEHIND_CHARS and re.fullmatch(r"\"\s*", before):
            initial = True
        while tokens and (
            (tokens[0].lower() in FUNCTION_WORDS and not _INITIALS_WORD_RE.fullmatch(tokens[0]))
            or (
                initial
                and tokens[0].lower() in lowered
                and tokens[0].lower() not in TITLE_WORDS | TITLE_MODIFIERS
                and not is_place(tokens[:2])  # "New Jersey Sen. Cory Booker"
            )
            or (len(tokens) > 1 and LEADING_MODIFIER_RE.fullmatch(tokens[0]) is not None and not self._named(tokens[0]))
            or (initial and re.sub(r"['’]s$", "", tokens[0].lower()) in FUNCTION_WORDS)
            # "Senior Congress leader X", "Former Minneapolis police officer X": the modifier is of the role
            or (
                len(tokens) > 1
                and tokens[0].lower() in _ROLE_MODIFIERS
                and tokens[1].lower().strip(".") not in TITLE_WORDS
            )
        ):
            before += tokens[0] + " "
            start += len(tokens[0]) + 1
            tokens = tokens[1:]
            initial = False
        modifiers = [i for i, t in enumerate(tokens[:-1]) if _HYPHEN_MODIFIER_RE.fullmatch(t)]
        if modifiers:  # "Democratic Party-controlled House of Representatives": the body is what follows
            start += len(" ".join(tokens[: modifiers[-1] + 1])) + 1
            tokens = tokens[modifiers[-1] + 1 :]
        tail = before[-60:]
        place = _TITLE_TO_PLACE_RE.search(tail) if _PREPOSITION_END_RE.search(tail) else None
        long_enough = len(tokens) >= 3
        person_last = long_enough and all(NAME_TOKEN_RE.fullmatch(t) for t in tokens[-2:])
        if place and person_last and kind_of(tokens[-2:]) == "person":  # not "chair of the Senate Finance Committee"
            start += len(" ".join(tokens[:-2])) + 1
            tokens = tokens[-2:]
        following = sentence.text[at + len(piece) : at + len(piece) + 4]
        while len(tokens) > 1 and tokens[-1].lower().strip(".,") in MONTHS_DAYS and _dated(tokens[-1], following):
            tokens = tokens[:-1]  # "the Argus Leader Monday", "Biden March 3": never a name's end ("Theresa May" is)
            following = " 0"
        if tokens:
            tokens[-1] = _POSSESSIVE_RE.sub("", tokens[-1])
        self._dated_before = _DATE_PREPOSITION_RE.search(before[-12:]) is not None  # "In May", "since May"
        self._acting_after = _ACTS_RE.match(sentence.text[at + len(piece) : at + len(piece) + 80]) is not None
        if not tokens or not tokens[-1] or self._is_noise(tokens, lowered, initial=initial):
            return
        honorific = _HONORIFIC_RE.search(before[-6:]) is not None and len(tokens) <= 3  # "Ms. Pelosi"
        self._add_mention(tokens, start=start, sentence=sentence, person=honorific)

    def _scan_bodies(self, sentence: Sentence) -> None:
        """National bodies count once they act: 'killings by Iranian security forces', 'Chinese police said'."""
        for match in NATIONAL_BODY_RE.finditer(sentence.text):
            before = sentence.text[: match.start()]
            after = re.sub(r"^\s*,?\s*(?:which|who)\b", "", match.group("after") or "")
            acting = re.search(r"\bby\s+(?:the\s+)?$", before) or _AGENT_NEXT_RE.match(after)
            known = self._by_key.get(match.group("name").lower())
            if acting or known is not None:
                record = self._record(match.group("name"), "government")
                record.mentions.append(sentence.start + match.start())
                record.agent = True

    def _is_noise(self, tokens: list[str], lowered: set[str], *, initial: bool) -> bool:
        words = [t.lower().strip(".") for t in tokens]
        acting = self._acting_after and words[0] not in _GROUP_HEADS  # "Gannett will cut ..." opening a sentence
        if all(w in MONTHS_DAYS or w.isdigit() for w in words):
            return not (len(tokens) == 1 and tokens[0] in self._short_forms and not self._dated_before)
        if len(tokens) == 1:
            word = words[0]
            if word in TITLE_WORDS:
                return True  # "CEO", "Coach" alone: an office, not an actor
            if re.fullmatch(r"(?:[A-Z]\.?){2,5}", tokens[0]) or (initial and is_place(tokens)):
                return False  # an initialism, or a place opening a sentence ("India on Tuesday summoned ...")
            return (
                word in lowered
                or word in FUNCTION_WORDS
                or word in TITLE_WORDS
                or (initial and not self._seen_inside(tokens[0]) and tokens[0] not in self._short_forms and not acting)
            )
        return False

    def _named(self, token: str) -> bool:
        """'Boeing' capitalised inside a sentence too ('many Boeing workers'): a name, not a gerund opening one."""
        return token in self._inside and token.lower() not in self._lowered

    def _seen_inside(self, token: str) -> bool:
        """The word also stands after a lower-case word somewhere: a name, not just a capitalised opener."""
        return token in self._inside or re.split(r"['’.-]", token)[0] in self._inside

    def _add_mention(self, tokens: list[str], *, start: int, sentence: Sentence, person: bool = False) -> None:
        suffix = tokens[-1] if len(tokens) > 2 and tokens[-1] in NAME_SUFFIXES else ""
        title, name = split_title(tokens[:-1] if suffix else tokens)
        role = " ".join(title) or None
        if role:  # "former vice President Biden": the lower-case words belong to the title too
            lead = _ROLE_LEAD_RE.search(self.text[max(sentence.start, start - 30) : start])
            role = lead.group(0) + role if lead else role
        name_start = start + (len(" ".join(title)) + 1 if title else 0)
        kind: ActorKind = "person" if title or person else kind_of(name)
        self._body_in_title(title, start=start)
        if suffix:  # "James P. Kennedy Jr.": the suffix stays in the name
            end = name_start + len(" ".join(name)) + 1 + len(suffix)
            name = [*name, suffix + ("." if self.text.startswith(".", end) and suffix.startswith(("J", "S")) else "")]
        record = self._record(" ".join(name), kind)
        record.mentions.append(name_start)
        if role and (record.role is None or record.role.lower() in TITLE_WORDS):
            record.role = role.strip(",")
        before = self.text[max(sentence.start, name_start - 40) : name_start]
        after_start = name_start + len(record.name)
        after = self.text[after_start : min(sentence.end, after_start + 200)]
        if not title:
            self._note_context(record, before=before, after=after)
        if re.search(r"(?<![.!?]\s)(?<!^)\bThe\s$", before) and kind == "outlet":
            record.display_the = True

    def _body_in_title(self, title: list[str], *, start: int) -> None:
        """'Indiana State Teachers Association President X': the body in a title is an actor too."""
        lows = [t.lower().strip(",") for t in title]
        ends = [i for i, low in enumerate(lows) if low in ORG_WORDS and i >= 1]
        if ends and all(t[0].isupper() for t in title[: ends[-1] + 1]):
            body = [t.strip(",") for t in title[: ends[-1] + 1]]
            while body and body[0].lower().strip(".") in FUNCTION_WORDS:
                body = body[1:]
            if len(body) >= 3 or (len(body) == 2 and body[-1].lower().strip(".") in COMPANY_SUFFIXES):
                self._record(" ".join(body), kind_of(body)).mentions.append(start)

    def _note_context(self, record: ActorRecord, *, before: str, after: str) -> None:
        prev = re.findall(r"[\w'’-]{1,40}", before.lower())
        prev = [w for w in prev if w != "the"]
        while prev and (prev[-1].endswith(("'s", "’s")) or prev[-1] in _PLACE_ADJECTIVES):
            prev.pop()  # "at eastern Indiana's Richmond High School": still a place
        if prev and prev[-1] in LOCATION_PREPOSITIONS:
            record.located += 1
        elif re.search(r"[A-Z][a-z]+,\s$", before) and re.fullmatch(r"(?:[A-Z]\.){2}|[A-Z][a-z]+", record.name):
            record.located += 1  # "Washington, D.C.", "Austin, Texas": the state after the city is a place
        elif _AGENT_NEXT_RE.match(after):
            record.agent = True
        governed = bool(prev) and prev[-1] in _GOVERNING_WORDS
        record.governed += governed
        record.acts += not governed and _ACTS_RE.match(after) is not None
        record.undergoes += not governed and _UNDERGOES_RE.match(after) is not None
        record.targeted += bool(prev) and _TARGETING_RE.fullmatch(prev[-1]) is not None
        record.possessive += after.startswith(("'s", "’s"))
        closed = after[:1] in {'"', "”", "’"} and not after.startswith(("’s", "'s"))  # not "Google’s"
        record.titled += before.endswith(('"', "“", "‘")) and closed
        record.numbered += re.match(r"^(?:\s+\d|/|\s+[A-Z](?=\s+[a-z]|[,;:]))", after) is not None  # "Group A with"
        if re.match(r"^(?:'s|’s)?\s+[a-z]", after) and not _AGENT_NEXT_RE.match(after):
            record.adjectival += 1
        if re.match(r"^,?\s+which\b", after) and record.kind == "person" and record.role is None:
            record.kind, record.impersonal = "organisation", True  # "Big Machine, which ...": never a person
        if record.role is None:
            office = office_before(before) if ", " in before and " of " in before else None
            record.role = role_before(before) or office or role_after(after)

    def _record(self, name: str, kind: ActorKind) -> ActorRecord:
        record = self._by_key.get(name.lower())
        if record is None:
            record = ActorRecord(name=name, kind=kind)
            if len(self.records) >= MAX_RECORDS:
                return record  # counted nowhere: a text with this many names is not a news story
            self._by_key[name.lower()] = record
            self.records.append(record)
            core = _core(name.split())
            if len(name.split()) > 1:  # "Felden" after "Marcus T. Felden Jr.", "Quorvane" after "Quorvane Co."
                self._short_forms.add(core[-1] if kind == "person" else core[0])
        elif kind == "person" and record.kind != "person" and len(record.tokens) <= 3 and not record.impersonal:
            record.kind = "person"
        return record

    # -- merging ----------------------------------------------------------------------------------------
    def _merge_aliases(self) -> None:
        # indexes of the longer names by their tails, first tokens and initials: each look-up is a dict hit
        self._by_tail: dict[tuple[str, ...], list[ActorRecord]] = {}
        self._by_first: dict[str, list[ActorRecord]] = {}
        self._by_initials: dict[str, list[ActorRecord]] = {}
        self._by_bag: dict[tuple[str, ...], list[ActorRecord]] = {}
        self._by_stem: dict[str, list[ActorRecord]] = {}  # "fed" -> ["Federal Reserve"]
        for record in self.records:
            tokens = record.tokens
            core = _core(tokens)
            tails = {tuple(tokens[-k:]) for k in range(1, len(tokens))} | {
                tuple(core[-k:]) for k in range(1, len(core))
            }
            for tail in tails:
                self._by_tail.setdefault(tail, []).append(record)
            if len(tokens) > 1:
                self._by_first.setdefault(tokens[0], []).append(record)
                self._by_bag.setdefault(_bag(tokens), []).append(record)
                if tokens[0].lower() in INSTITUTION_WORDS:
                    self._by_stem.setdefault(tokens[0].lower()[:3], []).append(record)
                words = [t for t in tokens if not re.fullmatch(_CONNECTOR, t) and t not in {"and", "&"}]
                self._by_initials.setdefault("".join(w[0] for w in words), []).append(record)
        self._order = {id(r): i for i, r in enumerate(self.records)}
        self._merged: set[int] = set()
        for record in sorted(self.records, key=lambda r: len(r.tokens)):
            target = self._alias_target(record)
            if target is not None and target is not record:
                self._fold(record, into=target)
        self._merge_countries()
        self.records = [r for r in self.records if id(r) not in self._merged]

    def _fold(self, record: ActorRecord, *, into: ActorRecord) -> None:
        """One actor under two names: every mention and count goes to the kept name."""
        into.mentions.extend(record.mentions)
        into.agent = into.agent or record.agent
        into.located += record.located
        into.adjectival += record.adjectival
        into.acts += record.acts
        into.undergoes += record.undergoes
        into.governed += record.governed
        into.possessive += record.possessive
        into.numbered += record.numbered
        into.targeted += record.targeted
        into.titled += record.titled
        into.role = into.role or record.role
        self._merged.add(id(record))
        self._by_key[record.key()] = into

    def _merge_countries(self) -> None:
        """'Beijing' and 'China', 'Britain' and 'UK': a country and its capital or other name act as one."""
        by_country: dict[str, list[ActorRecord]] = {}
        for record in self.records:
            country = COUNTRY_OF.get(record.key().removeprefix("the "))
            if country is not None and id(record) not in self._merged and record.role is None:
                by_country.setdefault(country, []).append(record)
        for country, records in by_country.items():
            named = [r for r in records if r.key().removeprefix("the ") == country]
            keep = max(named or records, key=lambda r: len(r.mentions))
            for record in records:
                if record is not keep:
                    self._fold(record, into=keep)

    def _alias_target(self, record: ActorRecord) -> ActorRecord | None:
        site = re.fullmatch(r"(?P<base>.+)\.(?:com|org|net|io)", record.name)
        base = self._by_key.get(site.group("base").lower()) if site else None
        if base is not None and id(base) not in self._merged:
            return base  # "Edmunds.com" is Edmunds
        spelled = self._aliases.get(record.key())
        if spelled is not None:
            _, name = split_title(spelled.split())
            while name and name[0].lower() in FUNCTION_WORDS:
                name = name[1:]  # "the Chinese Center for ...": the article is not part of the name
            full = self._by_key.get(" ".join(name).lower())
            body = full is not None and full.kind in {"organisation", "government", "outlet"}
            if full is not None and body and full is not record and id(full) not in self._merged:
                return full
        longer = self._longer_body(record) or self._clipped_body(record)
        if longer is not None:
            return longer
        bag = self._by_bag.get(_bag(record.tokens), [])[:MAX_CANDIDATES]
        same = [r for r in bag if r is not record and id(r) not in self._merged]
        if same and record.kind in {"organisation", "government"}:
            return same[0]  # "Homeland Security Department" is the "Department of Homeland Security"
        initials = re.sub(r"[^A-Z]", "", record.name) if re.fullmatch(r"(?:[A-Z]\.?){2,5}", record.name) else ""
        candidates = [
            *self._by_initials.get(initials, []),
            *(self._by_first.get(record.name, [])[:MAX_CANDIDATES] if len(record.tokens) == 1 else []),
            *(self._by_first.get(record.tokens[0], [])[:MAX_CANDIDATES] if len(record.tokens) > 1 else []),
            *self._by_tail.get(tuple(record.tokens), [])[:MAX_CANDIDATES],
        ]
        best: ActorRecord | None = None
        for other in sorted({id(c): c for c in candidates}.values(), key=lambda r: self._order[id(r)]):
            if other is record or id(other) in self._merged or len(other.tokens) <= len(record.tokens):
                continue
            words = [t for t in other.tokens if not re.fullmatch(_CONNECTOR, t) and t not in {"and", "&"}]
            if initials and "".join(w[0] for w in words) == initials:
                return other
            if len(record.tokens) == 1 and other.tokens[0] == record.name and other.kind == "organisation":
                return other  # "Amnesty" after "Amnesty International"
            if len(record.tokens) == 1 and other.tokens[0] == record.name and self._family_name_first(record, other):
                return other  # "Liu" after "Liu Xiaoming": the family name comes first
            if self._given_names_first(record, other):
                return other  # "Fahmi" after "Fahmi Fadzil", "Nik Nazmi" after "Nik Nazmi Nik Ahmad"
            tails = (other.tokens[-len(record.tokens) :], _core(other.tokens)[-len(record.tokens) :])
            owned = other.tokens[-len(record.tokens) - 1].lower() in {"of", "for", "de", "in"}  # "Academy of Vietnam"
            if not initials and record.tokens in tails and not owned and not is_place(record.tokens):
                if best is None or len(other.mentions) > len(best.mentions):
                    best = other
        return best

    def _longer_body(self, record: ActorRecord) -> ActorRecord | None:
        """'Chinese Center for Disease Control' and 'Chinese CDC' are the 'Chinese Center for Disease Control and
        Prevention' named in full elsewhere: the same start, then the rest or its initials."""
        tokens = record.tokens
        acronym = _ACRONYM_RE.fullmatch(tokens[-1].replace(".", "")) is not None
        prefix = tokens[:-1] if acronym else tokens
        for other in self._by_first.get(tokens[0], [])[:MAX_CANDIDATES] if prefix else []:
            if other is record or id(other) in self._merged or other.kind not in {"organisation", "government"}:
                continue
            rest = other.tokens[len(prefix) :]
            if other.tokens[: len(prefix)] != prefix or not rest:
                continue
            if not acronym and rest[0] == "and" and len(tokens) >= 3:
                return other
            head = " ".join(rest).split(" and ")[0].split()
            letters = "".join(w[0] for w in head if not re.fullmatch(_CONNECTOR, w))
            if acronym and len(letters) >= 2 and letters == tokens[-1].replace(".", ""):
                return other
        return None

    def _clipped_body(self, record: ActorRecord) -> ActorRecord | None:
        """'the Fed' is the 'Federal Reserve': a clipped first word of the one body named in full."""
        word = record.name.lower()
        if len(record.tokens) != 1 or not 3 <= len(word) <= 4 or not record.name[1:].islower():
            return None
        found = [
            r
            for r in self._by_stem.get(word[:3], [])[:MAX_CANDIDATES]
            if r.tokens[0].lower().startswith(word) and r.tokens[0].lower() != word and id(r) not in self._merged
        ]
        return found[0] if len(found) == 1 else None

    def _given_names_first(self, record: ActorRecord, other: ActorRecord) -> bool:
        """The story's one person whose full name starts with these words, named before them, and nobody whose
        name ends with them: many naming customs call a person by the first part of the name ('Fahmi' for Fahmi
        Fadzil, 'Nik Nazmi' for Nik Nazmi Nik Ahmad)."""
        size = len(record.tokens)
        if not self._titled_person(other) or record.role is not None or other.tokens[:size] != record.tokens:
            return False
        if not 2 <= len(other.tokens) <= 4 or len(other.tokens) <= size or min(other.mentions) > min(record.mentions):
            return False
        if self.is_place(record) or _ACRONYM_RE.fullmatch(record.name) or record.kind not in {"person", "other"}:
            return False
        if other.tokens[size].lower() in self._lowered:
            return False  # "Disney Channel": a modifier of a thing, not a given name
        starting = [
            r
            for r in self._by_first.get(record.tokens[0], [])[:MAX_CANDIDATES]
            if r.kind == "person"
            and r.tokens[:size] == record.tokens
            and len(r.tokens) > size
            and id(r) not in self._merged
        ]
        ending = [r for r in self._by_tail.get(tuple(record.tokens), [])[:MAX_CANDIDATES] if r.kind == "person"]
        return len(starting) == 1 and not ending

    @staticmethod
    def _titled_person(record: ActorRecord) -> bool:
        """A name of two to four words that carries a person's role ('minister Fahmi Fadzil'): surely a person,
        never a product line such as 'Apple Arcade'."""
        return record.kind in {"person", "other"} and record.role is not None and 2 <= len(record.tokens) <= 4

    def _family_name_first(self, record: ActorRecord, other: ActorRecord) -> bool:
        """The one person whose name starts with this short word, and no person's name ends with it: 'Liu' of
        'Liu Xiaoming', 'Ivan' of 'Ivan Braiker' ('Apple' of 'Apple Arcade' is not)."""
        if other.kind != "person" or record.role is not None or len(other.tokens) != 2:
            return False
        if len(record.name) > 4 or self.is_place(record) or _ACRONYM_RE.fullmatch(record.name):
            return False  # a one-syllable family name ("Liu", "Xi", "Kim"), never a brand of a product line
        if other.tokens[1].lower() in self._lowered:
            return False  # "Vietnam" of "Vietnam War", "Disney" of "Disney Channel": a modifier of a thing
        firsts = self._by_first.get(record.name, [])[:MAX_CANDIDATES]
        starting = [r for r in firsts if r.kind == "person" and id(r) not in self._merged]
        ending = [r for r in self._by_tail.get((record.name,), [])[:MAX_CANDIDATES] if r.kind == "person"]
        return len(starting) == 1 and not ending

    # -- lookups ----------------------------------------------------------------------------------------
    def get(self, name: str) -> ActorRecord | None:
        key = _POSSESSIVE_RE.sub("", _sentence_stop(name.strip())).lower()
        key = key.removeprefix("the ")
        found = self._by_key.get(key)
        if found is not None and " " in name.strip() and name.isupper() and not found.name.isupper():
            return None  # "NEW DELHI" opening a dateline is not "New Delhi" of the story
        return found

    def mentions_in(self, start: int, end: int) -> list[tuple[int, ActorRecord]]:
        """Actor mentions whose offset lies in [start, end), in text order."""
        low = bisect.bisect_left(self._mentions, (start, -1))
        high = bisect.bisect_left(self._mentions, (end, -1))
        return [(m, r) for m, _, r in self._mentions[low:high]]

    def latest(
        self,
        position: int,
        *,
        kinds: set[str],
        exclude_groups: bool = False,
        exclude_public: bool = False,
    ) -> ActorRecord | None:
        """The actor of one of ``kinds`` mentioned last before ``position``: the usual antecedent.
        ``exclude_groups`` skips groups of people ("analysts", "officials"), which "it" or "the company"
        can never mean; ``exclude_public`` skips courts, ministries and other public bodies, which "the company"
        never means either."""
        end = bisect.bisect_left(self._mentions, (position, -1))
        for _, _, record in reversed(self._mentions[max(0, end - LATEST_LOOKBACK_MENTIONS) : end]):
            named_person = record.kind == "person" and len(record.tokens) >= 2 and not self._place(record)
            if exclude_groups and self.is_group(record):
                continue
            if exclude_public and {token.lower() for token in record.tokens} & PUBLIC_BODY_WORDS:
                continue
            if record.kind in kinds and (record.speaker_count or record.role or named_person or self._is_actor(record)):
                return record
        return None

    @staticmethod
    def is_group(record: ActorRecord) -> bool:
        """A plural group of people ('Analysts', 'U.S. officials', 'Sources close to X')."""
        return record.kind in {"official", "anonymous_source", "other"} and any(
            token.lower() in _GROUP_HEADS for token in record.tokens
        )

    def subjects_before(self, position: int, *, lookback: int = SUBJECT_LOOKBACK_SENTENCES) -> list[ActorRecord]:
        """Named people who are subjects in the sentences just before, nearest first: antecedents of 'he said'."""
        current = max(0, bisect.bisect_right(self._starts, position) - 1)
        if not self.sentences or not position < self.sentences[current].end + 1:
            current = 0  # between sentences: no subject before it
        found: list[ActorRecord] = []
        for previous in reversed(self.sentences[max(0, current - lookback) : current]):
            quoted = quoted_ranges(previous.text)  # names inside someone's quoted words are not its subject
            for offset, record in self.mentions_in(previous.start, previous.end):
                if not outside(offset - previous.start, quoted):
                    continue
                named = record.kind == "person" and (len(record.tokens) >= 2 or record.role) and not self._place(record)
                possessive = self.text.startswith(("'s", "’s"), offset + len(record.name))
                governed = _GOVERNED_RE.search(self.text[max(previous.start, offset - 12) : offset])
                if named and not possessive and not governed and record not in found:
                    found.append(record)
                    break
        return found

    @staticmethod
    def _place(record: ActorRecord) -> bool:
        """'around Central Park': a place-shaped name met after a preposition of place ('Ellen Park' is not)."""
        return record.located > 0 and name_head(record.tokens) in NON_ACTOR_HEADS

    def add_speaker(self, name: str, *, kind: ActorKind, position: int) -> ActorRecord:
        """A speaker found by attribution that the name scan did not list (groups, lowercase bodies)."""
        clean = _POSSESSIVE_RE.sub("", _sentence_stop(name))
        record = self.get(name) or self._surname_of(clean) or self._record(clean, kind)
        if position not in record.mentions:
            record.mentions.append(position)
            bisect.insort(self._mentions, (position, id(record), record))
        return record

    def _surname_of(self, name: str) -> ActorRecord | None:
        """'Early said' after 'Chris Early', 'Exchange Commission said' after 'Securities and Exchange Commission':
        the one person (or, for two words or more, the one body) named in full whose name ends so."""
        tokens = name.split()
        kinds = {"person"} if len(tokens) == 1 else {"organisation", "government", "outlet"}
        found = [
            r
            for r in self._by_tail.get(tuple(tokens), [])[:MAX_CANDIDATES]
            if r.kind in kinds and id(r) not in self._merged
        ]
        return found[0] if len(found) == 1 else None

    # -- ranking ----------------------------------------------------------------------------------------
    def _is_actor(self, record: ActorRecord) -> bool:
        count = len(record.mentions)
        if all(m < self._skip_before for m in record.mentions):
            return False  # "NEW DELHI:" opening the text is its dateline, even when a cue made it a speaker
        if re.fullmatch(r"[DRI]-[A-Z][\w.]*", record.name):
            return False  # "R-Ohio" after a lawmaker's name: a party and a state
        lone_suffix = record.name.lower().strip(".") in COMPANY_SUFFIXES  # "Inc" cut from "X, Inc."
        function = all(t.lower().strip(".") in FUNCTION_WORDS and not t.isupper() for t in record.tokens)
        if lone_suffix or is_pronoun(record.name) or function:
            return False  # "You", "I’m", "Moreover": never someone, even when a cue made it a speaker
        initials = _INITIALS_WORD_RE.fullmatch(record.tokens[0]) is not None  # "WHO", "US"
        if record.tokens[0].lower() in FUNCTION_WORDS - _QUANTIFIERS and not initials:
            return False  # "Given that many analysts", "Once Trump": a clause caught with a name
        head = name_head(record.tokens)
        event = head in _EVENT_HEADS and len(record.tokens) >= 2  # "Singles Day", "Christmas Eve"; not "Day"
        if head in _THING_HEADS or event or _NUMBER_WORD_RE.fullmatch(record.tokens[0]):
            return False  # "Affordable Care Act", "Hang Seng Index", "Fifty-one", "Thirteen Kenyan": a thing or a count
        shouting = len(record.tokens) >= 3 and record.name.isupper()
        described = record.kind == "person" and any(re.search(r"-[a-z]{6,}", t) for t in record.tokens)
        if shouting or described:
            return False  # "HD THE HOME DEPOT INC" (a ticker line), "China-sympathetic Western"
        if record.titled and not record.speaker_count:
            return False  # "“Game of Thrones”": a title of a work in its own quotation marks
        if record.name.lower() in TOPIC_WORDS:
            return False  # "Brexit", "Medicaid": what the story is about
        if self._office_held(record):
            return False  # "The Prime Minister said" after "Prime Minister Boris Johnson": Johnson, shown once
        if record.name.replace(".", "").upper() in COMMON_INITIALISMS:
            return False  # "truck or SUV", "AI technology": a thing, never a body
        if len(record.tokens) <= 2 and is_demonym(record.tokens[-1]) and not record.role and not record.acts:
            return False  # "British", "Chinese": an adjective of a people, not an actor
        if self._common_word(record):
            return False  # "Study", "Research": a capitalised opener of a common word
        if len(record.tokens) == 1 and record.name.lower() in INSTITUTION_WORDS:
            return False  # "Federal authorities added ...": the word qualifies a body the sentence names in lower case
        tail = record.tokens[-1]
        description = len(record.tokens) >= 2 and tail.islower() and tail not in _GROUP_HEADS | _RULING_BODIES
        if description and " ".join(record.tokens[:-1]).lower() in self._by_key:
            return False  # "Premier League club": a description by a name listed on its own
        person = record.kind == "person" and len(record.tokens) > 1  # "Ryan S. Hollman 31, of Hope": an age
        if record.numbered and record.numbered * 2 >= count and not record.speaker_count and not person:
            return False  # "Destiny 2", "Phase 1": a title or a code
        if self.is_place(record):
            return self._place_acts(record)
        if record.speaker_count:
            return True
        if name_head(record.tokens) in NON_ACTOR_HEADS:
            return False
        office_word = record.tokens[-1].lower().strip(".") in TITLE_WORDS or (
            re.fullmatch(r"[A-Z][a-z]+(?:ist|ician)", record.tokens[-1]) is not None and record.role is not None
        )  # "Chief Chemist": an office with no one named ("Chemist" with the role "Chief")
        if office_word and record.kind != "organisation":
            return count >= 2 and self._office_of_place(record)  # "Prime Minister": an office with no one named
        if any(re.search(r"\d", token) for token in record.tokens):
            return False  # "IL-25", "Destiny 2", "COVID-19": a code, a product or a topic, never someone
        lone = len(record.tokens) == 1 and count == 1 and not record.agent
        if lone and (_ACRONYM_RE.fullmatch(record.name) or record.adjectival):
            return False  # "NFL football", "in his Navy jet": a lone modifier that never acts
        if record.located * 3 >= count * 2 and not record.agent:
            return False
        if record.kind in {"outlet", "organisation", "government"} or (record.kind == "person" and record.role):
            return True
        undergoes = record.undergoes and record.kind == "person" and len(record.tokens) > 1
        # "arraigned a man, Ogechukwu Okeke, ... for the murder of Chinonso Odenigbo": a person named in full in
        # the lead is who the story is about, even when the rest of it says only "the defendant"
        leads = record.kind == "person" and len(record.tokens) > 1 and min(record.mentions) < self._lead_end
        return count >= 3 or (count >= 2 and (record.agent or record.kind == "person")) or bool(undergoes) or leads

    def _office_held(self, record: ActorRecord) -> bool:
        """An office alone ('Prime Minister') when a named person of the article holds it."""
        tokens = record.tokens
        place = next((k for k in range(min(3, len(tokens) - 1), 0, -1) if is_place(tokens[:k])), 0)
        words = [t.lower().strip(".") for t in tokens[place:]]  # "US President": the office of a place
        if not all(w in TITLE_WORDS for w in words):
            return False
        if self._held_roles is None:  # once per article: every named person's role, lower-cased
            self._held_roles = [
                r.role.lower().strip(".") for r in self.records if r.kind == "person" and r.role and len(r.tokens) > 1
            ]
        office = " ".join(words)
        return any(role.endswith(office) for role in self._held_roles)

    @staticmethod
    def _office_of_place(record: ActorRecord) -> bool:
        """'New York State Attorney General' acts as a body: an office of a named place, not a bare title."""
        tokens = record.tokens
        for k in range(1, min(len(tokens) - 1, 3) + 1):
            rest = [t.lower().strip(".") for t in tokens[k:]]
            if is_place(tokens[:k]) and all(w in TITLE_WORDS or w in INSTITUTION_WORDS for w in rest):
                return True
        return False

    def _common_word(self, record: ActorRecord) -> bool:
        """One capitalised word that the text also writes in lower case, and no group of people: not a name."""
        word = record.name.lower()
        acronym = _ACRONYM_RE.fullmatch(record.name) is not None
        lower = [t for t in record.tokens if t.islower()]
        grouped = any(t.lower() in _GROUP_HEADS | {"group"} for t in record.tokens[:2])
        if len(lower) >= 3 and not grouped:
            return True  # "New study by researchers at Stanford University": a description, not a name
        clause = len(record.tokens) >= 3 and record.tokens[2].islower()  # not "Centre for Disease Control"
        if clause and record.tokens[1] in _GOVERNING_WORDS | {"with"}:
            opener = record.tokens[0].lower()  # "Compared with analysts": a clause, not a group of people
            return opener in self._lowered and opener not in _GROUP_HEADS | {"group", "team"}
        if len(record.tokens) >= 2 and all(t.islower() for t in record.tokens[1:]):
            first, noun = record.tokens[0].lower(), record.tokens[-1]  # "News organization": a sentence's opener
            body = noun in ORG_WORDS and noun not in _GENERIC_BODIES  # "The health commission said" names one
            return first in self._lowered and not body and noun not in _GROUP_HEADS and first not in _GROUP_HEADS
        return len(record.tokens) == 1 and not acronym and word in self._lowered and word not in _GROUP_HEADS

    def is_place(self, record: ActorRecord) -> bool:
        """A place by name or shape ('New Delhi', 'Fort Worth'), named without a title or a role."""
        return record.role is None and is_place(record.tokens)

    @staticmethod
    def _place_acts(record: ActorRecord) -> bool:
        """A place is an actor as a government that speaks or acts ('China said', 'Beijing has denounced'), or
        when the story keeps coming back to it as a participant, not as where things happen."""
        count = len(record.mentions)
        if record.located >= count:
            return False  # "in Greenbelt, Maryland, ...": only ever where something is
        if record.speaker_count or (record.acts and count >= 2):
            return True  # once is not enough: "beat Wall Street estimates" reads like an act
        participant = record.agent or record.targeted > 0
        return count >= 3 and record.located * 2 < count and record.governed * 2 < count and participant

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
            + (1 if record.acts or record.agent else 0)  # "Fortress will give up ...": it does something
        )

    def ranked(self, limit: int = MAX_ACTORS) -> list[Actor]:
        actors = (r for r in self.records if self._is_actor(r) and r.name.lower() not in PRONOUN_NAMES)
        chosen = sorted(actors, key=self._salience, reverse=True)
        return [
            Actor(name=("The " if r.display_the else "") + r.name, role=r.role, kind=self._shown_kind(r))
            for r in chosen[:limit]
        ]

    def _shown_kind(self, record: ActorRecord) -> ActorKind:
        """A place that acts is its government ('China said')."""
        return "government" if self.is_place(record) else record.kind
