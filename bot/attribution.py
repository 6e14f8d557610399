"""Attribution and denial finding: who says what and who denies what, sentence by sentence; stdlib and bot.

Quotes are always spans of the article text, so they are verbatim by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.actors import ActorIndex
from bot.clauses import (
    TIME_RE,
    clean_statement,
    extend_quote,
    hedged,
    outside,
    quoted_ranges,
    speaker_segment,
    split_clauses,
    strip_audience,
)
from bot.cues import (
    CALLED_NEGATIVE_RE,
    DENIAL_RE,
    DENIAL_VERBS,
    NEGATED_REFERENCE_RE,
    REBUTTAL_RE,
    REFERENCE_NOUNS,
    REFUSAL_RE,
    REPORTING_RE,
    ROLE_HEADS,
)
from bot.sentences import Sentence
from bot.speakers import SpeakerMemory, resolve_speaker

_DESCRIBED_HEADS = ROLE_HEADS | {"witness", "spokesperson", "spokesman", "spokeswoman", "official", "source"}
_STANCE_VERBS = {"condemned", "criticised", "criticized", "welcomed", "praised", "hailed"}
_ADJUNCT_START_RE = re.compile(
    r"^\s*(?:on|at|in|after|before|during|soon|late|early|outside|to|from|last|this|earlier|later|when|while|as"
    r"|shortly|afterwards|of|with|by|via|through|citing|adding|saying|according|quoting|referring|[,.;])(?:\b|\s|$)",
    re.IGNORECASE,
)
_INVERTED_DESCRIBED_RE = re.compile(
    r"^\s+(?P<np>(?:another|an?|the|one|two|three|several)\s+[a-z][^,.;\"“”]{2,60}?)"
    r"(?:,\s+(?P<app>[^,;\"“”]{3,90}?))?\s*[,.;]?$"
)
# "it said that it rejected the findings": a reported clause whose own verb is a denial.
_CLAUSE_DENIAL_RE = re.compile(
    rf"^\s*(?:that\s+)?(?:it|he|she|they|we|the \w+)\s+(?:had\s+|has\s+|also\s+)?(?:{DENIAL_VERBS})\b"
)
_PARTICIPLE_RE = re.compile(
    r",\s+(?:claiming|saying|arguing|insisting|adding|asserting)\s+(?:that\s+)?(?P<c>.+)$"
)
_ACCORDING_RE = re.compile(r"\baccording to\s+(?P<who>[^,.;\"“”]{2,80})", re.IGNORECASE)
_DENY_NEEDS_REFERENCE = re.compile(
    r"^(?:rejected|rejects|reject|rejecting|dismissed|dismisses|dismissing|disputed"
    r"|disputes|dispute|contradicted|contradicts)$"
)
_REFERENCE_RE = re.compile(
    rf"\b(?:{REFERENCE_NOUNS}|that|suggestion|idea|notion|premise|narrative|speculation"
    rf"|rumou?rs?|criticism|characteri[sz]ation)\b"
)
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:was|were|been|be|being|is|are)\s+(?:\w+ly\s+)?$")


@dataclass
class Finding:
    """One attributed claim or denial before it becomes a Claim or a Denial."""

    kind: str  # "claim" or "denial"
    speaker: str
    clause: str
    quote: str
    sentence: Sentence
    hedged: bool
    reference: str = ""
    reported: bool = False
    clausal: bool = False
    quoted: bool = False


def _reporting_order(text: str, matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """'Sondland said he had relayed ..., Morrison testified.': a closing attribution outranks an inner one."""
    if len(matches) < 2:
        return matches
    last = matches[-1]
    closing = re.fullmatch(r"[^,;]{0,40}?[.!?]?[\"”’]?", text[last.end() :]) is not None
    named = re.search(r",\s+(?:[\w.'’-]+\s+){1,5}$", text[: last.start()]) is not None
    return [last, *matches[:-1]] if closing and named else matches


class AttributionFinder:
    """Walks the sentences in order, keeping the speaker memory that pronouns need."""

    def __init__(self, text: str, sentences: list[Sentence], index: ActorIndex) -> None:
        self.text = text
        self.sentences = sentences
        self.index = index
        self.memory = SpeakerMemory()

    def find(self) -> list[Finding]:
        findings: list[Finding] = []
        for sentence in self.sentences:
            if sentence.usable:
                findings.extend(self._sentence(sentence))
        return findings

    def _speaker(self, sentence: Sentence, prefix_end: int) -> tuple[str | None, int]:
        prefix = sentence.text[:prefix_end]
        segment, seg_start = speaker_segment(prefix)
        if not segment:
            return None, 0
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
        for part in split_clauses(sentence):
            ranges = quoted_ranges(part.text)
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
        cues = [*DENIAL_RE.finditer(text), *CALLED_NEGATIVE_RE.finditer(text), *REFUSAL_RE.finditer(text)]
        for match in cues:
            if not outside(match.start(), ranges) or _PASSIVE_BEFORE_RE.search(text[: match.start()]):
                continue
            rest = text[match.end() :]
            obj = (
                match.group("obj") if "obj" in match.groupdict() else re.split(r"[,;.]", rest, maxsplit=1)[0]
            )
            if _DENY_NEEDS_REFERENCE.match(match.group()) and not _REFERENCE_RE.search(obj.lower()):
                continue
            speaker, _ = self._speaker(sentence, match.start())
            said = REPORTING_RE.search(text, 0, match.start())
            coordinated = re.search(r"\band\s*$", text[: match.start()]) is not None
            if speaker is None and coordinated and said is not None and outside(said.start(), ranges):
                speaker, _ = self._speaker(sentence, said.start())  # "X said A and called B false"
            if speaker is None:
                continue
            denied = obj if obj.strip(" .") else text[match.start() :]
            found = [self._make("denial", speaker, denied, sentence, reference=obj.lower())]
            participle = _PARTICIPLE_RE.search(rest)
            if participle and not REBUTTAL_RE.search(participle.group("c")):
                found.append(self._make("claim", speaker, participle.group("c"), sentence))
            return found
        return None

    def _claim(self, sentence: Sentence, ranges: list[tuple[int, int]]) -> list[Finding]:
        text = sentence.text
        for match in _reporting_order(text, list(REPORTING_RE.finditer(text))):
            if not outside(match.start(), ranges) or (
                not match.group().endswith("ing") and _PASSIVE_BEFORE_RE.search(text[: match.start()])
            ):
                continue
            if re.search(r"\b(?:to(?: have)?|not|n't|never)\s*$", text[: match.start()]):
                continue
            if re.match(r"\s+to\b", text[match.end() :]) and match.group() in {"said", "believe", "believes"}:
                continue
            finding = self._attributed(sentence, match, ranges)
            if finding is not None:
                return [finding]
        according = _ACCORDING_RE.search(text)
        if according is not None and outside(according.start(), ranges):
            name = resolve_speaker(
                according.group("who"),
                position=sentence.start + according.start("who"),
                index=self.index,
                memory=self.memory,
                sentence_index=sentence.index,
            )
            if name is not None:
                clause = text[: according.start()] + text[according.end() :]
                return [self._make("claim", name, clause, sentence, clausal=True)]
        return []

    def _attributed(
        self, sentence: Sentence, match: re.Match[str], ranges: list[tuple[int, int]]
    ) -> Finding | None:
        text = sentence.text
        prefix = text[: match.start()]
        after = text[match.end() :]
        appositive = False
        told = match.group() in {"told", "tells"}  # '"...," told X': X is the audience, never the speaker
        if re.search(r"[,!?][\"”’']{0,2}\s*$|[\"”]\s*$", prefix) and not told:  # '"...," said Avi Bell'
            inverted = re.match(r"\s+((?:[A-Z][\w.'’-]*\s*){1,4})", after)
            name = self._described_after(sentence, match) if inverted is None else None
            if inverted is not None:
                name = resolve_speaker(
                    inverted.group(1),
                    position=sentence.start + match.end() + 1,
                    index=self.index,
                    memory=self.memory,
                    sentence_index=sentence.index,
                )
            if name is not None:
                return self._make("claim", name, prefix, sentence, quote_back=True)
            if re.search(r"[\"”]\s*$", prefix):
                return None  # a quotation with no speaker named after the verb
            appositive = True  # "The water minister, Daud Kareem, said ...": not an inversion
        speaker, seg_start = self._speaker(sentence, match.start())
        if speaker is None:
            return None
        reported = match.group().startswith("report")
        clause = TIME_RE.sub("", after)
        if match.group() in {"told", "tells"}:
            clause = strip_audience(clause)
        before = text[:seg_start].rstrip()
        is_clause = len(clause.split()) >= 3 and not _ADJUNCT_START_RE.match(clause)
        if (
            not is_clause
            and not appositive
            and re.search(r"[,!?…][\"”’]?$|[\"”]$", before)
            and len(before.split()) >= 3
        ):
            return self._make("claim", speaker, before, sentence, quote_back=True, reported=reported)
        if not is_clause:
            return None
        if match.group() in _STANCE_VERBS or match.group().startswith("called"):
            clause = f"{match.group().split()[0]} {clause}"
        return self._make(
            "claim",
            speaker,
            clause,
            sentence,
            reported=reported,
            clausal=bool(re.match(r"\s*(?:that\b|:)", clause)),
        )

    def _described_after(self, sentence: Sentence, match: re.Match[str]) -> str | None:
        """The speaker of '"...," said another witness, former adviser Fiona Hill.' (None when not that form)."""
        found = _INVERTED_DESCRIBED_RE.match(sentence.text[match.end() :])
        if found is None or not any(w in _DESCRIBED_HEADS for w in found.group("np").lower().split()[:4]):
            return None
        app = found.group("app")
        named = re.search(r"(?:[A-Z][\w.'’-]*\s+)*[A-Z][\w.'’-]*$", app.strip()) if app else None
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
        quote = extend_quote(sentence, self.sentences, self.text) if quote_back else sentence.text
        if kind == "claim" and NEGATED_REFERENCE_RE.search(re.sub(r"^\s*(?:that\s+)?", "", clause).strip()):
            kind, reference = "denial", clause.lower()
        elif kind == "claim" and REBUTTAL_RE.search(clause):
            kind, reference = "denial", clause.lower()
        elif kind == "claim" and not quote_back and _CLAUSE_DENIAL_RE.match(clause):
            kind, reference = "denial", clause.lower()
        return Finding(
            kind=kind,
            speaker=speaker,
            clause=clean_statement(clause) or sentence.text,
            quote=quote,
            sentence=sentence,
            hedged=hedged(sentence.text),
            reference=reference,
            reported=reported,
            clausal=clausal or quote_back,
            quoted=quote_back,
        )

