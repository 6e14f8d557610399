"""Attribution and denial finding: who says what and who denies what, sentence by sentence; stdlib and bot.

Quotes are always spans of the article text, so they are verbatim by construction.
"""

from __future__ import annotations

import re

from bot.engines.extractive.actors import ActorIndex
from bot.engines.extractive.clauses import (
    TIME_RE,
    clean_statement,
    extend_quote,
    has_finite_verb,
    hedged,
    outside,
    quoted_ranges,
    speaker_segment,
    split_clauses,
    strip_audience,
)
from bot.engines.extractive.cues import (
    CALLED_NEGATIVE_RE,
    DEFENDED_RE,
    DENIAL_RE,
    FINITE_WORDS,
    FIRST_PERSON_DENIAL_RE,
    IRREGULAR_PAST,
    NEGATED_REFERENCE_RE,
    NEGATIVE_PREDICATE_RE,
    REBUTTAL_RE,
    REFERENCE_NOUNS,
    REFUSAL_RE,
    REPORTING_RE,
    ROLE_HEADS,
    SUBJECT_PRONOUNS,
    THIRD_PERSON_DENIAL_RE,
    TITLE_WORDS,
)
from bot.engines.extractive.findings import (
    ACCORDING_RE,
    BY_AGENT_RE,
    CLAUSE_DENIAL_RE,
    DENY_NEEDS_REFERENCE,
    MAX_CONTINUED_SENTENCES,
    PARTICIPLE_RE,
    PASSIVE_BEFORE_RE,
    QUOTE_CHAR_RE,
    REFERENCE_RE,
    Finding,
    open_quotes,
    opens_or_continues,
    reporting_order,
)
from bot.engines.extractive.names import NAME_PARTICLES, ROLE_NOUNS
from bot.engines.extractive.sentences import Sentence, dateline_length
from bot.engines.extractive.speakers import SpeakerMemory, resolve_speaker

# What a passive denial can deny: a claim-like noun ("the report was denied by ..."), or a clause.
_DENIABLE_SUBJECT_RE = re.compile(rf"\b(?:{REFERENCE_NOUNS}|rumou?rs?|that|whether)\b", re.IGNORECASE)
# ", Vance's lawyer," just before a named speaker: the speaker's role, no part of what was said.
_ROLE_BEFORE_NAME_RE = re.compile(
    r",\s+(?:[\w'’.-]+\s+){0,5}(?:"
    + "|".join(sorted(ROLE_HEADS | {"spokesman", "spokeswoman", "spokesperson", "attorney", "chief", "minister"}))
    + r")s?,$"
)
_DESCRIBED_HEADS = ROLE_HEADS | {"witness", "spokesperson", "spokesman", "spokeswoman", "official", "source"}
# Verbs whose object is not a reported clause: the statement keeps its subject and verb ("X accused Y of Z").
STANCE_VERBS = {
    "condemned", "criticised", "criticized", "welcomed", "praised", "hailed", "accused", "accuses",
}  # fmt: skip
_ADJUNCT_START_RE = re.compile(
    r"^\s*(?:on|at|in|after|before|during|soon|late|early|outside|to|from|last|this|earlier|later|when|while|as"
    r"|shortly|afterwards|of|with|by|via|through|citing|adding|saying|according|quoting|referring|and|but|or|then|about|over"
    r"|against|into|under|upon|among|amid|despite"
    r"|[,.;])(?:\b|\s|$)",
    re.IGNORECASE,
)
_INVERTED_DESCRIBED_RE = re.compile(
    r"^\s+(?P<np>(?:another|an?|the|one|two|three|several)\s+[a-z][^,.;\"“”]{2,60}?)"
    r"(?:,\s+(?P<app>[^,;\"“”]{3,90}?))?\s*[,.;]?$"
)
# "The spokesperson, Vedant Patel, said Russia ...": a name set off by commas right before the verb is its subject.
_NAME_BEFORE_VERB_RE = re.compile(
    r"^(?:the|a|an)\s+[^,;\"“”]{2,80},\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3},\s*"
    r"(?:(?:earlier|later)\s+this\s+(?:week|month|year)\s+|on\s+[A-Z][a-z]+day\s+|[a-z]+ly\s+)?$",
    re.IGNORECASE,
)
_PROMISE_VERBS = {"vowed", "vows", "pledged", "pledges", "promised", "promises"}
# Verbs that take a noun as well as a clause: "confirmed four new cases" is said of the speaker.
OBJECT_VERBS = {
    "confirmed", "confirms", "announced", "revealed", "acknowledged", "admitted", "reported", "predicted", "claimed",
    "claims", "alleged", "alleges", "urged", "urges",
    "estimated", "estimates", "promised", "promises", "pledged", "vowed", "recalled", "projected", "forecast",
    "declared", "declares", "conceded", "concedes",
}  # fmt: skip
# ", saying inflation was too high": a participle that reports what the sentence's subject says.
_SAYING_RE = re.compile(
    r",\s+(?:saying|arguing|insisting|adding|noting|asserting|explaining|maintaining|stressing|contending)\s+"
    r"(?:that\s+)?(?P<c>[^\"“”]+)$"
)
# The subject that opens a sentence, up to its first verb: "The ministry raised ...", "Barack Obama inserted ...";
# "Chief Mike Ozekhome (SAN) objected and urged": a post-nominal is part of the subject.
_OPENING_SUBJECT = r"^(?P<subj>(?:[\w.'’&()-]+\s+){1,6}?)"
_IRREGULAR_PAST = "took|made|gave|sent|told|held|left|won|lost|cut|set|put|hit|met"
_SUBJECT_RE = re.compile(
    rf"{_OPENING_SUBJECT}(?:(?:also|has|have|had|then|later)\s+)?(?:[a-z]{{3,}}ed|{_IRREGULAR_PAST})\b"
)
# "what X said", "as it promised", "than analysts expected": the verb's words are not the sentence around it.
_FREE_RELATIVE_RE = re.compile(
    r"(?:^|[\s(—–-])(?:[Ww]hat|[Hh]ow|[Aa]s|than|whatever)\s+"
    r"(?:(?!(?:after|before|when|since|because|while|if)\b)[\w.'’-]+\s+){0,2}[\w.'’-]+\s*$"
)
# "When advisers suggested ...,", "Over a decade before Martin wrote ...,": a clause that opens the sentence.
_FRONTED_SUBORDINATE_RE = re.compile(
    r"^\s*(?:(?:[Jj]ust|[Oo]nly|[Ss]hortly|[Ll]ong|[Oo]ver|[Mm]ore than|[Ll]ess than|[Aa]|[Aa]n|[Oo]ne|[Tt]wo|[Tt]hree"
    r"|[Ss]everal|[Ff]ew|[Mm]inutes|[Hh]ours|[Dd]ays|[Ww]eeks|[Mm]onths|[Yy]ears|[Dd]ecades?|[Mm]oments)\s+){0,4}"
    r"(?:[Ww]hen|[Ww]henever|[Ii]f|[Aa]lthough|[Tt]hough|[Ww]hile|[Bb]ecause|[Ss]ince|[Uu]nless|[Uu]ntil|[Bb]efore"
    r"|[Oo]nce|[Ee]ven though|[Aa]fter)\s+[^,;:\"“”]+$"
)
_MODIFIER_BEFORE = (
    r"(?:^|\b(?:the|a|an|his|her|its|their|our|of|over|for|on|in|with|by|about|and|or|to|from|after|into))\s*$"
)
# Verbs whose object may be a person and an infinitive: "Seoul expects producers to raise efficiency".
OBJECT_INFINITIVE_VERBS = {"expects", "expected", "urged", "asked", "told", "tells", "wants", "wanted", "warned"}
# "producers to raise ...", "WeWork executives to look for ...": an object and an infinitive, not a clause.
_OBJECT_INFINITIVE_RE = re.compile(
    r"^\s*(?P<np>(?:[\w'’.,$%-]+\s+){1,6}?)(?:not\s+)?to\s+"
    r"(?!(?:the|a|an|his|her|its|their|our|my|your|this|that|these|those|each|every|some|any|all|more|about"
    r"|around|\d)\b)[a-z]"
)
# How many words of an unquoted sentence may follow its speaker and verb when the words before are what was said
# ("The plan will fail, the minister said on Tuesday in a radio interview").
MAX_CLOSING_WORDS = 8
# Where and when something was said, between the verb and "that": "at a rally in Leeds", "earlier this month".
_ADJUNCTS_BEFORE_THAT_RE = re.compile(
    r"^\s*(?P<adj>(?:on|in|at|during|earlier|later|last|this|late|early|after|before|with|from|via|through"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b[^\"“”;:.!?]{0,100}?)(?=\s+that\s)"
)
_ADJUNCTS_BEFORE_COLON_RE = re.compile(
    r"^\s*(?:on|in|at|during|earlier|later|last|this|late|early|after|before|with|from|via|through|[a-z]+ly)\b"
    r"[^\"“”;:.!?]{0,80}:\s*(?=[\"“])"
)
MAX_APPOSITIVE_PIECES = 5
MAX_OWN_SUBJECT_WORDS = 6
_FINITE_RE = re.compile(
    r"^\s*(?:that|:)|\b(?:is|are|was|were|has|have|had|will|would|could|can|may|might|should|must|did|does|do"
    r"|been|being)\b|\b(?!(?:need|seed|speed|feed|breed|creed|greed|deed|red|bed|shed|wed|bred)\b)[a-z]{3,}ed\b"
)
MIN_DENIED_WORDS = 4  # a shorter object ("the allegations") is shown with who denies it


# '"...," said company chief Anna Berg.' / 'said Harlow spokeswoman Jo Lee, who ...': lower-case role words, a name.
_INVERTED_ROLE_NAME_RE = re.compile(
    r"^\s+(?P<role>(?:[A-Z][\w.&'’-]{0,40}\s+){0,3}(?:[a-z][\w-]{1,30}\s+){1,3})"
    rf"(?P<name>[A-Z][\w.'’-]{{0,40}}(?:\s+(?:{NAME_PARTICLES}\s+)?[A-Z][\w.'’-]{{0,40}}){{0,3}})"
    r"\s*(?:[,;.!?]|$|(?:of|at|from|with|for|in)\s)"
)


_RULED_OUT_RE = re.compile(
    r"\s*(?:(?:a|an|the|his|her|their|its|this|that)\s+)?(?:[\w-]+\s+){0,2}?(?:petitions?|case|cases|lawsuits?|suits?"
    r"|appeals?|motions?|applications?|bids?)\b"
)
_WITHHELD_RE = re.compile(
    r"\s*(?:(?:it|him|her|them|us|me|you)\s+(?!that\b|any\b|wrongdoing\b)[a-z]"
    r"|(?:(?:the\s+)?[a-z]+\s+)?(?:access|entry|bail|permission|visas?|parole|boarding|treatment|a\s+hearing"
    r"|the\s+right|the\s+chance|the\s+opportunity)\b)"
)
_REPRESENTATIVE_AFTER_RE = re.compile(
    r"\s+(?:[A-Z][\w.'’-]*['’]s\s+|the\s+)(?:[a-z]+\s+){0,2}(?:attorney|lawyer|counsel|spokesman|spokeswoman"
    r"|spokesperson|aide|adviser|agent),\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})(?=[\s,.;]|$)"
)
# '"...," said Colombia's High Commissioner for Peace, Danilo Rueda': an office of something, then its holder.
_OFFICE_AFTER_RE = re.compile(
    r"\s+(?:the\s+)?(?:[A-Z][\w.'’-]*['’]s\s+)?(?:[A-Z][\w-]*\s+){0,2}"
    rf"(?:{'|'.join(sorted(w.capitalize() for w in TITLE_WORDS))})\s+(?:of|for)\s+(?:the\s+)?"
    r"(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*,\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})(?=[\s,.;]|$)"
)
# '"...," said Wichita County's emergency management coordinator, Lee Bourgoin': a role of a body, then its holder.
_OWNER_ROLE_AFTER_RE = re.compile(
    r"\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*['’]s\s+(?:[a-z-]+\s+){0,4}"
    rf"(?:{'|'.join(sorted(ROLE_NOUNS))}),\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{1,3}})(?=[\s,.;]|$)"
)
# "denied the claim after checking ...", "denied wrongdoing but publicly apologized": what is denied ends there
_AFTER_ACT_RE = re.compile(
    r"\s+(?:(?:after|before|while|when|upon)\s+[a-z]+ing|during)\b|\s+but\s+(?:\w+ly\s+)?[a-z]{3,}ed\b"
)
_PLEA_RE = re.compile(r"plead(?:ed|s)?\s+(?:not guilty|innocent|innocence)$")


_PAST_OF = {
    "denying": "denied", "rejecting": "rejected", "dismissing": "dismissed", "disputing": "disputed",
    "refuting": "refuted", "defending": "defended", "contradicting": "contradicted", "calling": "called",
    "describing": "described", "branding": "branded", "labelling": "labelled", "labeling": "labeled",
    "terming": "termed",
}  # fmt: skip
# "denied the allegations in a press release": where it was said is no part of what is denied.
_CHANNEL_RE = re.compile(
    r"\s+(?:in|via|through|on)\s+(?:an?\s+|the\s+|its\s+|his\s+|her\s+|their\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:statement|press\s+release|release|post|tweet|interview|letter|e-?mail|video|filing|Facebook|Twitter"
    r"|Instagram|social\s+media)(?:\s+on\s+[\w\s]{1,20}?)?(?=\s*[.,;]?\s*$)"
)
# "denied taking banned substances after a German broadcaster reported that ...": what prompted the denial is
# no part of what is denied.
_AFTER_REPORT_RE = re.compile(
    r"\s+(?:after|when|following)\s+(?:[\w'’-]+\s+){1,6}?(?:reported|said|revealed|alleged|claimed|published|wrote)"
    r"\b.*$"
)
# '"Diageo categorically denies these accusations," the company said': the speaker, by name, denies.
_OWN_NAME_DENIES_RE = re.compile(
    r"^(?P<name>(?:[A-Z][\w&.'’-]*\s+){0,3}[A-Z][\w&.'’-]*)\s+(?:\w+ly\s+)?(?:denies|denied|rejects|rejected|refutes"
    r"|refuted|disputes|disputed)\b"
)


def _names_itself(clause: str, speaker: str) -> bool:
    """The clause opens with the speaker's own name (or the last word of it)."""
    match = _OWN_NAME_DENIES_RE.match(clause)
    name = match.group("name") if match else ""
    return bool(name) and (name in speaker or speaker.split()[0] in name.split() or speaker.split()[-1] in name.split())


_SUBJECT_FORM = {"him": "he", "her": "she", "them": "they"}
# "... Chairman and Chief Executive Officer Paul H. O’Neill": more titles, then the person who holds them
_TITLES_THEN_NAME_RE = re.compile(r"\s+and\s+(?P<run>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,7})")
_OFFICE_WORDS = {"executive", "officer", "operating", "financial", "technology", "managing", "vice"}
_TRAILING_PARTICIPLE_RE = re.compile(r"(?:calling|describing|branding|labell?ing|terming|dismissing|rejecting)\b")
# The same subject before any finite verb, present or progressive too ("Lawyers for Diageo are demanding").
_MAIN_SUBJECT_RE = re.compile(
    rf"{_OPENING_SUBJECT}(?:(?:also|has|have|had|is|are|was|were|then|later)\s+)?"
    rf"(?:[a-z]{{3,}}(?:ed|ing|s)|{_IRREGULAR_PAST})\b"
)
# "denied the allegations on Monday": when it was denied is no part of what is denied.
_WHEN_AFTER_RE = re.compile(
    r"\s+(?:on\s+)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today|last\s+(?:week|month|night)"
    r"|earlier\s+this\s+(?:week|month)|the\s+(?:following|next)\s+day|later)\s*[.,;]?\s*$"
)
# "that A and that B": two clauses reported by one verb.
_AND_THAT_RE = re.compile(r",?\s+and\s+that\s+")
# "denied doping and said the test ...": a second verb of saying after the denial's object.
_ALSO_SAID_RE = re.compile(
    r"\s+and\s+(?:also\s+)?(?:said|says|say|added|adds|insisted|insists|argued|argues|claimed|claims|maintained"
    r"|maintains|explained|explains|noted|notes|told\s+[\w\s]{1,40}?)\s+(?:that\s+)?"
)
# Where a denial's object ends: a comma, semicolon or full stop, but not inside "250,000", "U.S." or "3.5".
_OBJECT_END_RE = re.compile(
    r"(?<!\d),|,(?!\d)|;|(?<!\b[A-Z])(?<!\bM[rs])(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSen)(?<!\bGov)"
    r"(?<!\bRep)(?<!\bGen)\.(?!\w)"
)
# "Mexico's president is adamantly denying ...": the auxiliary and adverb stand between the denier and the verb.
MAX_PARTIAL_QUOTE_CHARS = 80
_PROGRESSIVE_RE = re.compile(r"\s(?:is|are|was|were)\s+(?:[a-z]+ly\s+)?$")
_WEEKDAY_LEAD_RE = re.compile(r"^\s*(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b,?\s*")


def _partial_quote(text: str, ranges: list[tuple[int, int]], position: int) -> bool:
    """'Caporella “unequivocally deny the allegations” reported by ...': a short quotation that opens on the
    verb (after at most an adverb) quotes the subject's own verb phrase; the subject stands outside it."""
    for start, end in ranges:
        if start < position < end:
            opened = re.fullmatch(r"\s*(?:[a-z]+ly\s+)?", text[start + 1 : position]) is not None
            return opened and end - start <= MAX_PARTIAL_QUOTE_CHARS and bool(re.search(r"\w\s*$", text[:start]))
    return False


def _strictly_finite(text: str) -> bool:
    """An auxiliary, a modal, a contraction or an irregular past: a verb that no noun can be mistaken for."""
    words = [w.lower().replace("’", "'") for w in re.findall(r"[\w'’-]+", text)]
    return any(w in FINITE_WORDS or w in IRREGULAR_PAST or re.search(r"n't$|'(?:re|ve|ll|d|m)$", w) for w in words)


def _complement(clause: str) -> str:
    """What follows a reporting verb: "clause" (its own subject and verb: "that the plan failed", "he was
    reassigned", a quotation), "object" (a noun phrase: "four new cases", "side-by-side before the committee"),
    "infinitive" (an object and an infinitive: "producers to raise output") or "either" (a verb somewhere, not
    plainly a clause)."""
    bare = re.sub(r"^\s*(?:that\b|:)\s*", "", clause).strip()
    if bare[:1] in {'"', "“"}:
        return "clause"
    if not has_finite_verb(bare) or (re.match(r"[A-Za-z]+ing\b", bare) and not _strictly_finite(bare)):
        return "object"  # "suggests having 25 times your expenses saved": a gerund phrase, no clause
    if re.match(r"\s*(?:that\b|:)", clause):
        return "clause"
    if re.match(r"\d[\d,.]*\s", bare) and not _strictly_finite(" ".join(bare.split()[:6])):
        return "object"  # "added 10 new counts against him": a count is what was added, not a clause
    infinitive = _OBJECT_INFINITIVE_RE.match(bare)
    if infinitive is not None and not has_finite_verb(infinitive.group("np")):
        tail = re.split(r"\b(?:that|which|who|as|because|while|when|after|before|if)\b|,", bare[infinitive.end() :])[0]
        if not _strictly_finite(tail):
            return "infinitive"  # "executives to look for new sources": "the decision to drop it had been taken" is not
    head = " ".join(bare.split()[:8])
    subject = bare.split()[0].lower() in SUBJECT_PRONOUNS if bare.split() else False
    return "clause" if subject or _FINITE_RE.search(head) or _strictly_finite(head) else "either"


# The audience of "told" that is never the start of what was said: "reporters", "journalists", "a briefing".
_AUDIENCE_ONLY_RE = re.compile(
    r"^\s*(?:the\s+)?(?:reporters|journalists|the\s+media|the\s+press|lawmakers|supporters)\s"
)


def _object_first(clause: str, *, reach: int = 8) -> bool:
    """'reported third-quarter earnings that topped estimates': before any relative clause, no verb of its own
    (auxiliary, modal, irregular past): the verb's object, so the statement keeps its speaker and verb."""
    if (
        re.match(r"\s*(?:that\b|:|[\"“])", clause)
        or clause.split()[:1]
        and clause.split()[0].lower() in SUBJECT_PRONOUNS
    ):
        return False
    main = re.split(r"\s(?:that|which|who|whom|whose|where|as|while|because|after|before|since|if)\s|[,;]", clause)[0]
    return not _strictly_finite(" ".join(main.split()[:reach]))


def _resumed_after_inversion(prefix: str, rest: str) -> str | None:
    """'This system, says Ann Lee, an immunologist at X, San Francisco, helps direct ...': the sentence resumes
    after the speaker and any descriptions in commas; the statement is the words before and after."""
    if re.search(r"[\"“”]", prefix) or not rest.lstrip().startswith(","):
        return None
    for piece in re.split(r",\s+", rest.strip(" ,"))[:MAX_APPOSITIVE_PIECES]:
        first = piece.split()[0].lower() if piece.split() else ""
        if first in FINITE_WORDS or first in IRREGULAR_PAST or re.fullmatch(r"[a-z]{2,}(?:s|ed)", first):
            tail = rest[rest.index(piece) :]
            joined = f"{prefix.rstrip(' ,')} {tail}"
            return joined if has_finite_verb(joined) and len(tail.split()) >= 2 else None
        if re.search(r"[\"“”]", piece) or has_finite_verb(piece):
            return None
    return None


def _own_subject(words: str, speaker: str) -> str:
    """The sentence's own words for the speaker ("Dow component Home Depot", "The Red Hand") when they name
    them; else the speaker's name (for "he", "the company" and the like)."""
    own = " ".join(words.split()).strip(" ,")
    names = {w.lower() for w in re.findall(r"[A-Z][\w'’-]{2,}", speaker)}
    named = bool(names & {w.lower() for w in re.findall(r"[\w'’-]+", own)})
    return own if named and len(own.split()) <= MAX_OWN_SUBJECT_WORDS and own[:1].isupper() else speaker


def _reads_as_said(before: str, after: str = "") -> bool:
    """The words before a speaker and verb are what was said: a quotation, or a clause of its own ("The plan
    will fail, she said"), and the sentence closes soon after the verb."""
    if re.search(r"[\"”’]\s*$", before):
        return True
    after = re.split(r"[.!?](?=\s|[A-Z\"“]|$)", after, maxsplit=1)[0]  # "... Kan reported on Wednesday.The ..."
    closing = len(after.split()) <= MAX_CLOSING_WORDS or not has_finite_verb(after)
    return closing and has_finite_verb(before)


class AttributionFinder:
    """Walks the sentences in order, keeping the speaker memory that pronouns need."""

    def __init__(self, text: str, sentences: list[Sentence], index: ActorIndex) -> None:
        self.text = text
        self.sentences = sentences
        self.index = index
        self.memory = SpeakerMemory()
        self.open_at = open_quotes(text, sentences)
        self.short_quote: tuple[str, Sentence] | None = None  # '"Perfect," Keel said.': who may go on
        self.colon_lead: tuple[str, Sentence] | None = None  # 'Reed told the BBC:' then the quotation
        self._short_at = -1

    def find(self) -> list[Finding]:
        findings: list[Finding] = []
        last: Finding | None = None
        for sentence in self.sentences:
            if not sentence.usable:
                last = None
                continue
            found = self._sentence(sentence)
            if not found and last is not None and self._continue_quote(last, sentence):
                # '"...," the company's attorneys wrote. "Diageo categorically denies these accusations."'
                own = self._make("claim", last.speaker, sentence.text.strip(' "“”'), sentence, quote_back=True)
                if own.kind == "denial":
                    findings.append(own)
                continue
            if not found and last is not None:
                found = self._quoted_paragraph(last, sentence)
            if not found and self.colon_lead is not None:
                found = self._after_colon(sentence)
            self.colon_lead = (
                None if self.colon_lead is None or self.colon_lead[1].index != sentence.index else (self.colon_lead)
            )
            if not found and self.short_quote is not None:
                found = self._after_short_quote(sentence)
            self.short_quote = None if found or sentence.index != self._short_at else self.short_quote
            found = [part for finding in found for part in self._conjoined(finding)]
            findings.extend(found)
            # a quotation's speaker goes on speaking after a claim or a denial ('"I never cheated. I will appeal."')
            last = found[-1] if found and QUOTE_CHAR_RE.search(found[-1].quote) else None
        return findings

    def _conjoined(self, finding: Finding) -> list[Finding]:
        """'maintains that there were no improper communications and that the FBI came to them': two reported
        clauses, a denial and a claim, each read on its own; other findings as they are."""
        parts = _AND_THAT_RE.split(finding.clause, maxsplit=1)
        if finding.kind != "denial" or len(parts) != 2 or finding.quoted:
            return [finding]
        first, second = (
            self._make("claim", finding.speaker, part, finding.sentence, reported=finding.reported, clausal=True)
            for part in parts
        )
        return [first, second] if first.kind != second.kind else [finding]

    def _quoted_paragraph(self, last: Finding, sentence: Sentence) -> list[Finding]:
        """'"A," X said.' then a paragraph that is one quotation with no one named: X goes on speaking."""
        previous = self.sentences[sentence.index - 1] if sentence.index else None
        if previous is None or previous.paragraph != sentence.paragraph - 1 or self.open_at[sentence.index]:
            return []
        if not sentence.text.startswith(('"', "“")) or not last.quote.endswith(previous.text):
            return []
        end = sentence.index
        while end + 1 < len(self.sentences) and self.sentences[end + 1].paragraph == sentence.paragraph:
            end += 1
            if end - sentence.index > MAX_CONTINUED_SENTENCES:
                return []
        paragraph = self.text[sentence.start : self.sentences[end].end]
        closed = quoted_ranges(paragraph) == [(0, len(paragraph) - 1)] and paragraph[-1] in {'"', "”"}
        # news style: a quotation running over paragraphs leaves each one open and opens the next with a mark
        running = (paragraph.count("“") == 1 and "”" not in paragraph and paragraph.startswith("“")) or (
            paragraph.count('"') == 1 and paragraph.startswith('"')
        )
        if not (closed or running):
            return []
        said = sentence.text
        if len(quoted_ranges(said)) == 1 and quoted_ranges(said)[0][1] == len(said):
            said = said[1:]  # the quotation goes on past this sentence: its opening mark is not the statement's
        return [self._make("claim", last.speaker, said, sentence, quote_back=True)]

    def _after_colon(self, sentence: Sentence) -> list[Finding]:
        """'Reed told the BBC:' ending a paragraph, then a quotation: Reed's words."""
        assert self.colon_lead is not None
        speaker, lead = self.colon_lead
        if sentence.index != lead.index + 1 or not sentence.text.startswith(('"', "“")):
            return []
        return [self._make("claim", speaker, sentence.text, sentence, quote_back=True)]

    def _after_short_quote(self, sentence: Sentence) -> list[Finding]:
        """'"Perfect," Keel said. "It is the mark of a true competitor."': the words that follow a short
        attributed quotation in the same paragraph are the speaker's too."""
        assert self.short_quote is not None
        speaker, previous = self.short_quote
        if sentence.index != previous.index + 1 or sentence.paragraph != previous.paragraph:
            return []
        if not sentence.text.startswith(('"', "“")) or self.open_at[sentence.index]:
            return []
        finding = self._make("claim", speaker, sentence.text, sentence, quote_back=True)
        finding.quote = self.text[previous.start : sentence.end]
        return [finding]

    def _continue_quote(self, last: Finding, sentence: Sentence) -> bool:
        """'"A," X said. "B."': a quotation that goes on in the next sentences of the paragraph is X's too."""
        previous = self.sentences[sentence.index - 1] if sentence.index else None
        if previous is None or previous.paragraph != sentence.paragraph:
            return False
        if not (opens_or_continues(sentence.text) or self.open_at[sentence.index]):
            return False
        start = self.text.rfind(last.quote, 0, previous.end)
        if start < 0 or last.quote.count("\n") or sentence.index - last.sentence.index > MAX_CONTINUED_SENTENCES:
            return False
        last.quote = self.text[start : sentence.end]
        return True

    def _speaker(self, sentence: Sentence, prefix_end: int) -> tuple[str | None, int]:
        lead = dateline_length(sentence.text[:prefix_end])  # "OSLO, June 21 (Xinhua) -- Norway's regulator said"
        prefix = " " * lead + sentence.text[lead:prefix_end]
        segment, seg_start = speaker_segment(prefix)
        if not segment:
            return None, 0
        coordinated = _SUBJECT_RE.match(segment) if re.search(r"\sand\s*$", segment) else None
        if coordinated is not None:  # "The ministry summoned the ambassador and said ...": the subject of both
            segment = coordinated.group("subj")
        elif re.search(r"\sand\s*$", segment) and (whole := _SUBJECT_RE.match(prefix)) is not None:
            # "Modi today congratulated the Congress, Rao and the MNF and said": the commas hid the subject
            segment, seg_start = re.sub(r"\s+(?:today|yesterday|tonight)\s*$", "", whole.group("subj")), 0
        name = resolve_speaker(
            segment,
            position=sentence.start + seg_start,
            index=self.index,
            memory=self.memory,
            sentence_index=sentence.index,
        )
        return name, seg_start

    def _sentence(self, sentence: Sentence) -> list[Finding]:
        findings: list[Finding] = []
        open_at_start = self.open_at[sentence.index]
        for part in split_clauses(sentence):
            ranges = quoted_ranges(part.text, open_at_start=open_at_start and part.start == sentence.start)
            denial = self._denial(part, ranges)
            found = denial if denial is not None else self._claim(part, ranges)
            for finding in found:
                if finding.quote == part.text:
                    finding.quote = sentence.text
                finding.sentence = sentence
            findings.extend(found)
        return findings

    def _denial(self, sentence: Sentence, ranges: list[tuple[int, int]]) -> list[Finding] | None:
        text = sentence.text
        cues = [
            *DENIAL_RE.finditer(text),
            *CALLED_NEGATIVE_RE.finditer(text),
            *REFUSAL_RE.finditer(text),
            *DEFENDED_RE.finditer(text),
        ]
        for match in cues:
            if not outside(match.start(), ranges) and not _partial_quote(text, ranges, match.start()):
                continue
            if PASSIVE_BEFORE_RE.search(text[: match.start()]) and not match.group().endswith("ing"):
                passive = self._passive_denial(sentence, match)
                if passive is not None:
                    return [passive]
                continue
            rest = text[match.end("obj") :] if match.re is DEFENDED_RE else text[match.end() :]
            obj = match.group("obj") if "obj" in match.groupdict() else _OBJECT_END_RE.split(rest, maxsplit=1)[0]
            obj = _WEEKDAY_LEAD_RE.sub(" ", obj)  # "denied on Friday having any issues": when, not what
            if re.match(r"\s*that\s", obj) and not has_finite_verb(obj):
                # "denied that a woman, who died at the hospital, had died of the disease": the clause runs on
                obj = rest.split(";")[0].rstrip(" .")
            obj = _AFTER_ACT_RE.split(obj, maxsplit=1)[0]  # "denied the claim after checking with his officers"
            # "denied doping and said the positive test was caused by ...": what is denied ends where a second
            # saying begins, and what that says is the denier's claim
            obj, *also_said = _ALSO_SAID_RE.split(obj, maxsplit=1)
            if DENY_NEEDS_REFERENCE.match(match.group()) and not REFERENCE_RE.search(obj.lower()):
                continue
            if _RULED_OUT_RE.match(obj) and re.match(r"(?:dismiss|reject)", match.group()):
                continue  # "the court upheld X, dismissing a petition": a ruling on a case, not a denial
            if match.group().startswith("den") and _WITHHELD_RE.match(obj):
                continue  # "the government denied it a level playing field", "denied him bail": refused, not denied
            progressive = _PROGRESSIVE_RE.search(text[: match.start()]) if match.group().endswith("ing") else None
            if progressive is not None and not REFERENCE_RE.search(obj.lower()):
                continue  # "the administration is denying flu vaccines to immigrants": withheld, not disputed
            if _TRAILING_PARTICIPLE_RE.match(match.group()) and re.search(r",\s*$", text[: match.start()]):
                # "Lawyers for Diageo are demanding ... a lawsuit from Combs ..., calling it false": whoever the
                # sentence is about calls it so, never the last name before the comma
                subject = _MAIN_SUBJECT_RE.match(text)
                speaker = self._speaker(sentence, subject.end("subj"))[0] if subject else None
            else:
                speaker, _ = self._speaker(sentence, progressive.start() if progressive else match.start())
            said = REPORTING_RE.search(text, 0, match.start())
            coordinated = re.search(r"\band\s*$", text[: match.start()]) is not None
            if speaker is None and coordinated and said is not None and outside(said.start(), ranges):
                speaker, _ = self._speaker(sentence, said.start())  # "X said A and called B false"
            if speaker is None:
                continue
            if not obj.strip(" .…") and re.match(r"\s*(?:\.\.\.|…)", rest):
                continue  # "X has firmly denied...": a teaser cut off before it says what
            denied = ""
            if obj.strip(" ."):  # where, when and after what it was denied are no part of what is denied
                denied = _AFTER_REPORT_RE.sub("", _CHANNEL_RE.sub("", obj))
                denied = denied if _PLEA_RE.match(match.group()) else _WHEN_AFTER_RE.sub("", denied)
            if _PLEA_RE.match(match.group()):  # "pleaded not guilty to similar charges": the plea is the denial
                denied = f"{speaker} {match.group()} {denied.strip()}".strip()
            elif match.re is CALLED_NEGATIVE_RE or len(re.findall(r"[\w'’-]+", denied)) < MIN_DENIED_WORDS:
                # "denied the allegations": say who; "labelled the accusation as a 'malicious allegation'": the
                # label is what the denial says, so the cue is shown whole
                if match.re in (CALLED_NEGATIVE_RE, REFUSAL_RE):  # the cue holds its object: "called X a sham"
                    cue = match.group().strip()
                    if len(re.findall(r"[\"“”]", cue)) % 2 and text[match.end() : match.end() + 1] in '"”':
                        cue += text[match.end()]  # 'as a "malicious allegation"': the quotation closes too
                    verb, _, held = cue.partition(" ")
                    denied = f"{speaker} {_PAST_OF.get(verb, verb)} {held}".strip()
                else:
                    verb = match.group() if match.re is not DEFENDED_RE else match.group().split()[0]
                    verb = _PAST_OF.get(verb, verb)  # "is strongly denying the allegations": he denied them
                    denied = f"{speaker} {verb} {denied.strip()}"
            found = [self._make("denial", speaker, denied, sentence, reference=obj.lower())]
            participle = PARTICIPLE_RE.search(rest)
            if participle and not REBUTTAL_RE.search(participle.group("c")):
                found.append(self._make("claim", speaker, participle.group("c"), sentence))
            elif also_said and len(also_said[-1].split()) >= MIN_DENIED_WORDS:
                found.append(self._make("claim", speaker, also_said[-1], sentence))
            return found
        return None

    def _passive_denial(self, sentence: Sentence, match: re.Match[str]) -> Finding | None:
        """'The report was denied by the minister': the agent after 'by' denies the subject."""
        agent = BY_AGENT_RE.match(sentence.text[match.end() :])
        if agent is None or not match.group().endswith("ed"):
            return None
        who = "named" if agent.group("named") else "who"
        phrase, at = agent.group(who), agent.start(who)
        titled = _TITLES_THEN_NAME_RE.match(sentence.text, match.end() + agent.end())
        if who == "who" and titled is not None and phrase.split()[-1].lower() in TITLE_WORDS:
            # "rejected by ALCOA Chairman and Chief Executive Officer Paul H. O’Neill": the person holds both
            words = titled.group("run").split()
            while words and words[0].lower().strip(".") in TITLE_WORDS | _OFFICE_WORDS:
                words = words[1:]
            if len(words) >= 2:
                phrase = " ".join(words)
                at = titled.end("run") - len(phrase) - match.end()
        speaker = resolve_speaker(
            phrase,
            position=sentence.start + match.end() + at,
            index=self.index,
            memory=self.memory,
            sentence_index=sentence.index,
        )
        subject = PASSIVE_BEFORE_RE.sub("", sentence.text[: match.start()]).strip(" ,")
        if speaker is None or not subject or not _DENIABLE_SUBJECT_RE.search(subject):
            return None  # "A photo of the meeting was denied by X": what of it is denied, the text does not say
        denied = subject
        if len(re.findall(r"[\w'’-]+", subject)) < MIN_DENIED_WORDS:  # "The report was denied by X"
            denied = f"{speaker} {match.group()} {subject[0].lower() + subject[1:]}"
        return self._make("denial", speaker, denied, sentence, reference=subject.lower())

    def _claim(self, sentence: Sentence, ranges: list[tuple[int, int]]) -> list[Finding]:
        text = sentence.text
        for match in reporting_order(text, list(REPORTING_RE.finditer(text))):
            if not outside(match.start(), ranges) or (
                not match.group().endswith("ing") and PASSIVE_BEFORE_RE.search(text[: match.start()])
            ):
                continue
            if re.search(r"\b(?:to(?: have)?|not|n't|never)\s*$", text[: match.start()]):
                continue
            if re.match(r"\s+to\s+(?:be|have)\b", text[match.end() :]) and match.group() in {
                "said",
                "believe",
                "believes",
            }:
                continue
            if _FRONTED_SUBORDINATE_RE.match(text[: match.start()]) and re.search(r",\s", text[match.end() :]):
                continue  # "When advisers suggested that A, Trump was not satisfied": where A ends cannot be told
            if _FREE_RELATIVE_RE.search(text[: match.start()]):
                continue  # "what PFF said about him", "as it promised": the words around are not what was said
            if match.group() in {"alleged", "claimed"} and re.search(_MODIFIER_BEFORE, text[: match.start()]):
                continue  # "over alleged assaults": an adjective, not a verb
            if match.group() in {"reports", "comments"} and (
                not re.search(r"(?:\b[A-Z][\w.&-]*|\b(?:it|he|she)|[,!?][\"”’])\s*$", text[: match.start()])
                or re.search(r"['’]s?\s*$", text[: match.start()])
            ):
                continue  # "media reports said", "Reed's comments came": nouns; "CBS DFW reports the man ..." is a verb
            finding = self._attributed(sentence, match, ranges)
            if finding is not None:
                return [finding]
        saying = self._saying(sentence, ranges)
        if saying is not None:
            return [saying]
        according = ACCORDING_RE.search(text)
        if according is not None and outside(according.start(), ranges):
            who = according.group("who")
            name = resolve_speaker(
                _SUBJECT_FORM.get(who.strip().lower(), who),  # "According to him, ...": he speaks
                position=sentence.start + according.start("who"),
                index=self.index,
                memory=self.memory,
                sentence_index=sentence.index,
            )
            if name is not None:
                before, after = text[: according.start()].rstrip(), text[according.end() :]
                if not before and re.match(r"\s*\([^()]{1,60}\)", after):
                    # "According to the Centre for Disease Control (CDC) in the US, the plague ...": the clause
                    # begins after the comma that closes the source
                    after = after[after.find(",") + 1 :] if "," in after else ""
                if re.match(r"\s*,\s*(?:who|which|whose)\b", after):
                    after = ""  # "..., according to people familiar with it, who asked not to be named."
                if before.endswith(",") and after.lstrip().startswith(","):
                    before, after = before[:-1], after.lstrip()[1:]  # "had, according to X, killed": no ", ,"
                clause = f"{before} {after.lstrip()}" if before else after
                return [self._make("claim", name, clause, sentence, clausal=True)]
        return []

    def _attributed(self, sentence: Sentence, match: re.Match[str], ranges: list[tuple[int, int]]) -> Finding | None:
        text = sentence.text
        prefix = text[: match.start()]
        after = text[match.end() :]
        appositive = False
        told = match.group() in {"told", "tells"}  # '"...," told X': X is the audience, never the speaker
        if re.search(r"[,!?][\"”’']{0,2}\s*$|[\"”]\s*$", prefix) and not told:  # '"...," said Avi Bell'
            # '"...," said Kern's attorney, John Patten': the attorney named after the comma speaks, not Kern
            represented = (
                _REPRESENTATIVE_AFTER_RE.match(after)
                or _OFFICE_AFTER_RE.match(after)
                or _OWNER_ROLE_AFTER_RE.match(after)
            )
            # '"...," said ELN negotiator Pablo Beltran': the person after the role speaks, not the body before it
            described = None if represented else self._described_after(sentence, match)
            inverted = (
                None
                if described
                else represented or re.match(r"\s+(?:\d{1,3}-year-old\s+)?((?:[A-Z][\w.'’-]{0,40}\s*){1,6})", after)
            )
            name = described
            if inverted is not None:
                name = resolve_speaker(
                    re.sub(r"(?<=[a-z]{2})\.\s*$", "", inverted.group(1).strip()),  # "said Gul Jan." ends there
                    position=sentence.start + match.end() + (inverted.start(1) if represented else 1),
                    index=self.index,
                    memory=self.memory,
                    sentence_index=sentence.index,
                )
            if name is not None and inverted is not None and prefix.rstrip().endswith(","):
                resumed = _resumed_after_inversion(prefix, after[inverted.end() :])
                if resumed is not None:  # "This system, says Ann Lee, an immunologist at X, helps direct ..."
                    return self._make("claim", name, resumed, sentence)
            if name is not None and _reads_as_said(prefix):
                return self._make("claim", name, prefix, sentence, quote_back=True)
            named_before = _NAME_BEFORE_VERB_RE.search(prefix) is not None
            if name is not None and not named_before:
                return None  # "Shortly before their arrival, said X": a phrase, not what X said
            if re.search(r"[\"”]\s*$", prefix):
                return None  # a quotation with no speaker named after the verb
            appositive = True  # "The water minister, Daud Kareem, said ...": not an inversion
        speaker, seg_start = self._speaker(sentence, match.start())
        if speaker is None:
            return None
        self._learn_pronoun(speaker, after)
        reported = match.group().startswith("report")
        verb = match.group()
        clause = TIME_RE.sub("", after)
        if told:
            clause = strip_audience(clause)
        if re.search(r",\s*(?:who|which)\s+(?:[a-z]+\s+){0,2}$", prefix):
            # "Reed, who said last year that he would retire, is running again": the relative clause ends first
            ranges_after = quoted_ranges(clause)
            comma = next((m.start() for m in re.finditer(r",\s", clause) if outside(m.start(), ranges_after)), None)
            clause = clause[:comma] if comma is not None else clause
        colon = _ADJUNCTS_BEFORE_COLON_RE.match(clause)
        if colon is not None:
            clause = clause[colon.end() :]  # 'said on Twitter: "We reject these lies."': the quotation
        lead_in = _ADJUNCTS_BEFORE_THAT_RE.match(clause)
        if lead_in is not None and not _strictly_finite(lead_in.group("adj")):
            clause = clause[lead_in.end("adj") :]  # "said on Tuesday night that ...", "wrote on Twitter that ..."
        if re.search(r"[,][\"”]\s*$", text[:seg_start]) and re.match(r"\s*,\s*[\"“][a-z]", after):
            clause = ""  # '"A," she recalled, "for Mike to do ..."': one quotation split by its speaker; A is said
        clause = re.sub(r"^\s*[,:]\s*(?=[\"“])", " ", clause)  # 'Esper said, “We oppose ...”': the quotation
        before = text[:seg_start].rstrip()
        role = re.search(r"[\"”]\s+(?:[a-z][\w-]*\s*){1,4}$|[,!?…][\"”]\s+(?:[^\"“”\s]+\s+){0,7}[^\"“”\s]+,$", before)
        if role is not None:  # '"...," the family's lawyer, Ana Ruiz, said': the role is no part of the words
            before = before[: role.start() + (2 if before[role.start()] in ",!?…" else 1)]
        elif (unquoted := _ROLE_BEFORE_NAME_RE.search(before)) is not None:
            before = before[: unquoted.start() + 1]  # "The deal is illegal, Vance's lawyer, Lena Brandt, told ..."
        parenthetical = self._parenthetical(sentence, speaker, before, after)
        if parenthetical is not None:
            return parenthetical
        # '"...," X said' or '"..." X said' with the quotation opening the sentence; 'and ”immediately challenged”
        # Conte, who assured him ...' only quotes two words inside the sentence
        quotation_before = (
            bool(re.search(r"[,!?…][\"”’]?$", before))
            or (
                bool(re.search(r"[\"”]$", before))
                and (before.lstrip()[:1] in {'"', "“", "”"} or self.open_at[sentence.index])
            )
        ) and len(before.split()) >= 3
        said_before = quotation_before and _reads_as_said(before, after)
        if said_before and re.match(r"\s*(?:he|she|they|it|we|I)\s+(?:said|says|told|added)\b", clause):
            # '"...," he said he told them': the quotation is what was said
            return self._make("claim", speaker, before, sentence, quote_back=True, reported=reported)
        if told and said_before and not re.search(r"\bthat\b|:", after):
            # '"We will win," he told supporters, according to a statement': the words are the quotation
            return self._make("claim", speaker, before, sentence, quote_back=True, reported=reported)
        if REPORTING_RE.match(clause.strip()):
            return None  # "Media reports said ...": the first word was a noun; the verb comes next
        complement = _complement(clause)
        takes_object = verb in STANCE_VERBS | OBJECT_VERBS | OBJECT_INFINITIVE_VERBS or verb.startswith("called")
        if verb in OBJECT_INFINITIVE_VERBS - OBJECT_VERBS and complement == "object":
            takes_object = False  # "X told Sen. Ted Cruz": a person told, nothing said
        if complement == "infinitive" and verb not in OBJECT_INFINITIVE_VERBS:
            complement = "either"  # "said the failure of the panel to recognize the risks shows ...": a subject
        # "Petro has vowed to bring 'total peace' to Colombia": what is promised is said, subject and all
        promised = verb in _PROMISE_VERBS and re.match(r"\s*to\s+[a-z]{2,}\b", clause) is not None
        is_clause = (
            (len(clause.split()) >= 3 or (verb.startswith("called") and bool(clause.strip(' ."”'))))
            and (promised or not _ADJUNCT_START_RE.match(clause))
            and (complement not in {"object", "infinitive"} or takes_object)  # "said Tuesday at a forum": no clause
        )
        quoted_before = re.search(r"[,!?…][\"”’]$", before) is not None  # '"...," Jane Roe, a lawyer, said'
        if not is_clause and (not appositive or quoted_before) and said_before:
            return self._make("claim", speaker, before, sentence, quote_back=True, reported=reported)
        if not is_clause and not before:
            previous = self._closed_quotation_before(sentence)
            if previous is not None:  # '“... right?” Sanborn said.': the quotation is the sentence before
                finding = self._make("claim", speaker, previous.text, previous, quote_back=True, reported=reported)
                finding.quote = self.text[previous.start : sentence.end]
                return finding
        if not is_clause and re.fullmatch(r"[^\"“”]{0,80}:\s*", after):
            self.colon_lead = (speaker, sentence)  # 'Reed told the BBC:' and the quotation follows
            return None
        if not is_clause:
            if quoted_before and len(before.split()) < 3:
                self.short_quote, self._short_at = (speaker, sentence), sentence.index
            return None
        # "told reporters the latest transfer of asylum seekers to the island is lawful": once the audience is
        # gone, a long subject may come before its verb
        audience_only = told and _AUDIENCE_ONLY_RE.match(TIME_RE.sub("", after)) is not None
        later_verb = audience_only and not _object_first(clause, reach=20) and not re.match(r"\s*to\s", clause)
        if verb.startswith("called"):  # 'X called the plan a "farce"': the whole phrase
            clause = f"{speaker} {verb}{after}"
        elif verb in STANCE_VERBS or (
            takes_object and not later_verb and (complement != "clause" or _object_first(clause))
        ):
            # "The ministry confirmed four new cases"; "Son told executives to cut costs" keeps the audience
            subject = _own_subject(text[seg_start : match.start()], speaker)
            clause = f"{subject} {verb} {TIME_RE.sub('', after).strip() if told else clause.strip()}"
        return self._make(
            "claim",
            speaker,
            clause,
            sentence,
            reported=reported,
            clausal=bool(re.match(r"\s*(?:that\b|:)", clause)),
        )

    def _saying(self, sentence: Sentence, ranges: list[tuple[int, int]]) -> Finding | None:
        """'The ministry raised rates on Tuesday, saying inflation was too high': the subject of the sentence
        says what the participle reports."""
        text = sentence.text
        participle = _SAYING_RE.search(text)
        subject = _SUBJECT_RE.match(text)
        if participle is None or subject is None or not outside(participle.start(), ranges):
            return None
        clause = participle.group("c")
        if _complement(clause) != "clause" or REBUTTAL_RE.search(clause):
            return None
        speaker = resolve_speaker(
            subject.group("subj"),
            position=sentence.start,
            index=self.index,
            memory=self.memory,
            sentence_index=sentence.index,
        )
        return None if speaker is None else self._make("claim", speaker, clause, sentence, clausal=True)

    def _closed_quotation_before(self, sentence: Sentence) -> Sentence | None:
        """The sentence just before, in the same paragraph, when it is one whole quotation ending on ? or !
        (the sentence splitter ends a sentence there when a capitalised name follows)."""
        if sentence.index == 0:
            return None
        previous = self.sentences[sentence.index - 1]
        if previous.paragraph != sentence.paragraph or not previous.usable:
            return None
        text = previous.text
        whole = text[:1] in {'"', "“"} and quoted_ranges(text) == [(0, len(text) - 1)]
        return previous if whole and re.search(r"[?!…][’']?[\"”]$", text) else None

    def _parenthetical(self, sentence: Sentence, speaker: str, before: str, after: str) -> Finding | None:
        """'Disney's teams isolated the problem, Mayer said, and patched it': the attribution sits inside
        the statement, which is the words around it (an unquoted clause that opens the sentence)."""
        rest = after.lstrip()
        if not (before.endswith(",") and rest.startswith(",")) or re.search(r"[\"“”]", before):
            return None
        rest = rest[1:].strip()
        if rest[:1] in {'"', "“"} or _ADJUNCT_START_RE.match(before) or len(rest.split()) < 3:
            return None  # 'Later, in remarks, Esper said, "We ..."': the words before are no statement
        if re.match(r"[a-z]+ing\b", rest):  # '..., Graham said, offering the example of ...': narration about her
            joined = before[:-1]
        else:
            joiner = ", " if re.match(r"(?:and|but|or|so|because|though|although|while)\b", rest) else " "
            joined = before[:-1] + joiner + rest
        if not has_finite_verb(joined):
            return None
        return self._make("claim", speaker, joined, sentence)

    def _learn_pronoun(self, speaker: str, after: str) -> None:
        """'Netanyahu said he was pleased': he is 'he', so a later 'she said' cannot be him."""
        lead = re.match(r"\s*(?:that\s+)?(he|she)\b", after)
        record = self.index.get(speaker)
        if lead and record is not None and record.kind == "person":
            self.memory.pronouns.setdefault(record.name, lead.group(1))

    def _described_after(self, sentence: Sentence, match: re.Match[str]) -> str | None:
        """The speaker of '"...," said another witness, former adviser Fiona Hill.' (None when not that form)."""
        role = _INVERTED_ROLE_NAME_RE.match(sentence.text[match.end() :])
        role_words = {w.split("-")[-1] for w in role.group("role").lower().split()} if role is not None else set()
        person_noun = any(re.fullmatch(r"[a-z]{3,}(?:ist|ician|ian|eer|or|ant|ent|ess)", w) for w in role_words)
        if role is not None and (role_words & ROLE_NOUNS or person_noun):  # "planetary geologist Rosaly Lopes"
            return resolve_speaker(  # '"...," said company chief Anna Berg.': the role, then the name
                role.group("name"),
                position=sentence.start + match.end() + role.start("name"),
                index=self.index,
                memory=self.memory,
                sentence_index=sentence.index,
            )
        found = _INVERTED_DESCRIBED_RE.match(sentence.text[match.end() :])
        if found is None or not any(w in _DESCRIBED_HEADS | ROLE_NOUNS for w in found.group("np").lower().split()[:4]):
            return None
        app = found.group("app")
        named = re.search(r"(?:[A-Z][\w.'’-]{0,40}\s+)*[A-Z][\w.'’-]{0,40}$", app.strip()) if app else None
        if named:
            phrase, start = named.group(), found.start("app") + len(app) - len(app.lstrip()) + named.start()
        else:
            phrase, start = found["np"], found.start("np")
        return resolve_speaker(
            phrase,
            position=sentence.start + match.end() + start,
            index=self.index,
            memory=self.memory,
            sentence_index=sentence.index,
        )

    def _make(
        self,
        kind: str,
        speaker: str,
        clause: str,
        sentence: Sentence,
        *,
        reference: str = "",
        quote_back: bool = False,
        reported: bool = False,
        clausal: bool = False,
    ) -> Finding:
        # '... one," he told Cook.': the quotation began in an earlier sentence
        reaching_back = quote_back or self.open_at[sentence.index]
        quote = extend_quote(sentence, self.sentences, self.text) if reaching_back else sentence.text
        if sentence.index == 0 and quote.startswith(sentence.text):
            quote = quote[dateline_length(quote) :]  # "HANOI, Vietnam (AP) — " is the place, not the words
        bare = re.sub(r"^\s*(?:that\s+)?[\"“‘]?", "", clause).strip()  # '"Any allegations ... are false."' too
        if kind == "claim" and (NEGATED_REFERENCE_RE.search(bare) or NEGATIVE_PREDICATE_RE.match(bare)):
            kind, reference = "denial", clause.lower()
        elif kind == "claim" and quote_back and FIRST_PERSON_DENIAL_RE.search(clause.strip()):
            kind, reference = "denial", clause.lower()
        elif (
            kind == "claim"
            and (third := THIRD_PERSON_DENIAL_RE.match(clause.strip()))
            and (not quote_back or third.group("nested"))
        ):
            kind, reference = "denial", clause.lower()
        elif kind == "claim" and REBUTTAL_RE.search(clause):
            kind, reference = "denial", clause.lower()
        elif kind == "claim" and _OWN_NAME_DENIES_RE.match(bare) and _names_itself(bare, speaker):
            kind, reference = "denial", clause.lower()  # '"Diageo categorically denies these accusations."'
        elif kind == "claim" and not quote_back and (denying := CLAUSE_DENIAL_RE.match(clause)) is not None:
            if not _WITHHELD_RE.match(clause[denying.end() :]):  # "they said the government denied it a fair vote"
                kind, reference = "denial", clause.lower()
        return Finding(
            kind=kind,
            speaker=speaker,
            clause=clean_statement(clause),
            quote=quote,
            sentence=sentence,
            hedged=hedged(sentence.text),
            reference=reference,
            reported=reported,
            clausal=clausal or quote_back,
            quoted=quote_back,
        )
