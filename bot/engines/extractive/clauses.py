"""Quote spans and clause cutting: quotation ranges, clause splits, the speaker phrase before a verb, clean statements.

Pure text helpers for attribution; stdlib and bot.engines.extractive.sentences only.
"""

from __future__ import annotations

import re

from bot.engines.extractive.cues import (
    FINITE_WORDS,
    GROUP_PHRASE_RE,
    HEDGE_RE,
    IRREGULAR_PAST,
    SUBJECT_PRONOUNS,
    TITLE_WORDS,
)
from bot.engines.extractive.names import is_place, kind_of
from bot.engines.extractive.sentences import Sentence, dateline_length

_CLAUSE_SPLIT_RE = re.compile(r",\s+(?:while|whereas|but)\s+|;\s+")
MAX_STATEMENT_CHARS = 240
MIN_CLIPPED_CHARS = 60  # a clipped statement keeps at least this much, or it is not shown
MAX_QUOTE_SENTENCES = 4
_SEGMENT_SPLIT_RE = re.compile(r"[,;:](?!\d)\s*[\"”’]?\s*|[\"”]\s+|\s+[—–-]\s+")  # "3,000" is one number
_APPOSITIVE_START_RE = re.compile(
    r"^(?:a|an|the|former|then|who|which|another|whose)\b\s*[a-z]|^(?:who|which|part of)\b"
)
_DESCRIBED_RE = re.compile(r"^(?:the|a|an)\s+[a-z][\w'’-]{0,40}(?:\s+[a-z][\w'’-]{0,40})?$")
# A speaker never opens with a preposition: "via USA Today", "at the time", "in a statement".
_PREPOSITION_START_RE = re.compile(
    r"^(?:via|at|in|on|during|after|before|since|according to|citing|for|from|with|by|through|speaking|within|amid"
    r"|throughout|despite|under|over|inside|outside)\b",
    re.IGNORECASE,
)
# '"...," said another witness in the probe, former adviser Fiona Hill': a described speaker after the verb.
TIME_RE = re.compile(
    r"^(?:\s*(?:in (?:a|an|the|its|their|his|her) (?:[\w-]+\s+){0,3}?(?:statement|response|interview|letter|post"
    r"|briefing|filing|submission|email|video|message|speech)(?:\s+on\s+[\w ]{3,25}?(?=\s+that\b))?"
    r"(?:\s+(?:emailed\s+|sent\s+)?to\s+(?:[Tt]he\s+)?(?:[A-Z][\w.'’-]{0,40}\s*){1,4}?(?=\s*(?:that\b|,|$)))?"
    # "in a statement issued by his management": who put the statement out belongs to the adjunct
    r"(?:\s+(?:issued|released|posted|published|sent|read|distributed)\s+(?:by|on|through|via)\s+[^,.;:\"“”]{2,60}?"
    r"(?=\s*(?:that\b|[,.;:]|$)))?"
    r"|(?:on|late|early|in|at|last|this|earlier|later)\s+(?:\w+day(?:\s+(?:night|morning|evening|afternoon))?"
    r"|week|month|year|night|morning|evening"
    r"|afternoon|statement|a statement|an interview|interview)\b"
    r"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+(?:night|morning|evening|afternoon))?\b"  # "said Wednesday"
    r"|on social media|to (?:reporters|journalists))\b,?)+"
)
# "told a news briefing", "told cheering teachers that": the audience of "told", skipped before the clause.
# "told investors of New Media, the GateHouse parent, on Oct. 31 that ...": an audience with an appositive and a date.
_TOLD_THAT_RE = re.compile(
    r"^\s*[^,.;:\"“”]{1,80}?(?:,\s+[^,.;:\"“”]{1,40},)?(?:\s+on\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s+(?=that\b)"
)
_AUDIENCE_RE = re.compile(
    r"^\s*(?:(?:a|an|the|his|her|their|its)\s+)?(?:[\w-]+\s+){0,2}?(?:briefing|conference|meeting|hearing|rally"
    r"|crowd|audience|gathering|summit|session|reporters|journalists|lawmakers|supporters|committee|panel)\b"
)
# The audience of "told": a name ("the Daily Ledger"), a described one ("the newspaper"), or a pronoun; never
# more than that, so "told the Daily Ledger the allegations are false" keeps "the allegations are false".
_OBJECT_RE = re.compile(
    r"^\s*(?:(?:(?:the|a|an)\s+)?(?:[A-Z][\w.'’-]{0,40}\s*){1,4}|(?:the|a|an|his|her|their|its)\s+[a-z][\w-]{0,30}"
    r"|reporters|lawmakers|journalists|him|her|them|us|me|parliament)(?=\s|,|$)"
)
_TIME_ONLY_RE = re.compile(r"^(?:on|late on|early on|last|this|earlier|later)(?:\s+this)?\s+\w+$", re.IGNORECASE)


def quoted_ranges(text: str, *, open_at_start: bool = False) -> list[tuple[int, int]]:
    """Spans inside quotation marks; a sentence that opens mid-quote starts inside one.

    ``open_at_start``: a quotation opened in an earlier sentence is still open (straight quotes cannot tell).
    """
    ranges: list[tuple[int, int]] = []
    opened: int | None = 0 if open_at_start and not text.startswith(('"', "“")) else None
    # 'and ”immediately challenged” Conte': a page that sets every quotation mark as ” pairs them up
    paired = opened is None and "“" not in text and text.count("”") % 2 == 0
    for match in re.finditer(r"[\"“”]", text):
        char = '"' if paired and match.group() == "”" else match.group()
        if opened is None and char != "”":
            opened = match.start()
        elif opened is None:
            ranges.append((0, match.start()))
        elif char != "“":
            ranges.append((opened, match.start()))
            opened = None
    if opened is not None:
        ranges.append((opened, len(text)))
    return ranges


def hedged(text: str) -> bool:
    """Hedges in the reporter's voice count; a 'may' inside someone's quoted words does not."""
    ranges = quoted_ranges(text)
    return any(outside(m.start(), ranges) for m in HEDGE_RE.finditer(text))


def outside(position: int, ranges: list[tuple[int, int]]) -> bool:
    return not any(start <= position < end for start, end in ranges)


def split_clauses(sentence: Sentence) -> list[Sentence]:
    """'X said A, while Y said B' holds two attributions: split at ', while' and ';' outside quotes."""
    ranges = quoted_ranges(sentence.text)
    cuts = [m for m in _CLAUSE_SPLIT_RE.finditer(sentence.text) if outside(m.start(), ranges)]
    if not cuts:
        return [sentence]
    bounds = (
        [(0, cuts[0].start())]
        + [(a.end(), b.start()) for a, b in zip(cuts, cuts[1:] + [None], strict=False) if b is not None]
        + [(cuts[-1].end(), len(sentence.text))]
    )
    return [
        Sentence(
            text=sentence.text[a:b],
            start=sentence.start + a,
            end=sentence.start + b,
            index=sentence.index,
            paragraph=sentence.paragraph,
            heading=False,
        )
        for a, b in bounds
    ]


def _outer_quotes(clause: str) -> str:
    """'"We will win,"' -> 'We will win': a clause that is one whole quotation loses the pair around it."""
    if clause[:1] in {'"', "“"} and clause[-1:] in {'"', "”"} and quoted_ranges(clause) == [(0, len(clause) - 1)]:
        clause = clause[1:-1].strip(" ,;:")
    return re.sub(r"[,;:]([\"”’])$", r"\1", clause)  # '... some energy,”' -> '... some energy”'


def _clip(clause: str) -> str:
    """A statement over MAX_STATEMENT_CHARS, cut at a clause break (else a space) outside any quotation; ''
    when no such cut leaves a real statement. Never cut inside a quotation."""
    ranges = quoted_ranges(clause)
    breaks = [
        m.start()
        for m in re.finditer(r"[,;]\s|\s[—–]\s", clause[: MAX_STATEMENT_CHARS + 1])
        if outside(m.start(), ranges) and m.start() >= MIN_CLIPPED_CHARS
    ]
    if not breaks:
        breaks = [
            m.start()
            for m in re.finditer(r"\s", clause[: MAX_STATEMENT_CHARS + 1])
            if outside(m.start(), ranges) and m.start() >= MIN_CLIPPED_CHARS
        ]
    for cut in reversed(breaks):
        kept = clause[:cut].rstrip(" ,;:—–-")
        if _main_clause_kept(kept):
            return kept + "…"
    return ""


_SUBORDINATE_OPENER_RE = re.compile(
    r"^(?:While|When|After|Before|Although|Though|Because|If|As|Since|Despite|During|Following|Once|Until|Unless)\b"
)


def _main_clause_kept(kept: str) -> bool:
    """A clipped statement still holds a main clause: a finite verb, and after an opening subordinate clause
    ("While speaking to Blair and his passengers, Ryan S. Hollman, 31, of Hope …" has none) a verb past it."""
    if _SUBORDINATE_OPENER_RE.match(kept):
        _, _, kept = kept.partition(", ")
    return has_finite_verb(kept)


SECOND_REPORT_RE = re.compile(
    r",?\s+and\s+(?:he\s+|she\s+|they\s+)?(?:also\s+)?(?:said|says|added|insisted|warned|noted|stressed)\b"
)
MIN_FIRST_REPORT_WORDS = 5


def clean_statement(clause: str) -> str:
    """A clause as a statement: whole, capitalised, closed; quotation marks kept only when they pair up."""
    clause = re.sub(r"\s+", " ", clause).strip(" ,;:.")
    # "that is what you can expect": "that" is the subject there, not the word that opens a reported clause
    clause = re.sub(
        r"^(?:that(?!\s+(?:is|was|are|were|has|had|will|would|could|can|may|might|should|must|does|did)\b)|:)\s+"
        r"|^[A-Z][A-Z .,'-]{2,40}\s+[—–-]+\s+"
        r"|^(?:[A-Z][\w.]*\s){0,2}[A-Z][\w.]*,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?\s+[—–]\s+",  # "New York, NY – "
        "",
        clause,
    )
    clause = _outer_quotes(clause.strip(" ,;:"))
    clause = re.sub(r"^(?:him|her|them|me|us)\s+that\s+", "", clause)  # "assured him that ...": what he was assured
    clause = clause[dateline_length(clause) :]  # "GAZA CITY, Gaza Strip - A militant ...": the place, not the words
    # "said in a statement today that Mantashe ...": when it was said is not what was said
    clause = re.sub(
        r"^(?:today|yesterday|tonight|on\s+[A-Z][a-z]+day|this\s+(?:week|morning|afternoon|evening)"
        r"|only|simply|merely|just)\s+that\s+",  # "said only that Roberts was looking forward to ..."
        "",
        clause,
    )
    # "said on Tuesday, August 14, it will appeal": the date set off by commas belongs to the saying
    clause = re.sub(
        r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s+\d{4})?,\s+", "", clause
    )
    if not clause:
        return ""
    # "batting will be the focus and said they will have to ...": a second report of the speaker's is not part
    # of the first statement (outside quotation marks only)
    second = SECOND_REPORT_RE.search(clause)
    quoting = second is not None and re.match(r"[\s,:]*[\"“‘]", clause[second.end() :]) is not None
    if (
        second is not None
        and not quoting
        and not any(start < second.start() < end for start, end in quoted_ranges(clause))
    ):
        first, rest = clause[: second.start()].rstrip(" ,;:"), clause[second.end() :].strip()
        if len(first.split()) >= MIN_FIRST_REPORT_WORDS and has_finite_verb(first):
            clause = first
        elif has_finite_verb(rest):  # "the lack of partnerships, and he said the performance was poor"
            clause = re.sub(r"^that\s+", "", rest)
    if len(clause) > MAX_STATEMENT_CHARS:
        clause = _clip(clause)
        if not clause:
            return ""
    clause = clause[0].upper() + clause[1:]
    closed = re.search(r"(?:[.?!…]|[.?!][\"”’])$", clause) is not None
    return clause if closed else clause + "."


def extend_quote(sentence: Sentence, sentences: list[Sentence], text: str) -> str:
    """A closing quote with no opening one: the quotation began in an earlier sentence of the paragraph."""
    ranges = quoted_ranges(sentence.text)
    opens_inside = bool(ranges) and ranges[0][0] == 0 and not sentence.text.startswith(('"', "“"))
    if not opens_inside and not (sentence.text.count('"') % 2 and not sentence.text.startswith('"')):
        return sentence.text
    start = sentence.start
    for back in range(1, MAX_QUOTE_SENTENCES):
        i = sentence.index - back
        if i < 0 or sentences[i].paragraph != sentence.paragraph:
            break
        start = sentences[i].start
        if sentences[i].text.startswith(('"', "“")) or "“" in sentences[i].text:
            break
    return text[start : sentence.end]


_NAMED_PART_RE = re.compile(r"^(?:the\s+)?[A-Z][\w.'’-]{0,40}(?:\s+[A-Z][\w.'’-]{0,40}){0,4}$")
_TIME_OR_PLACE_RE = re.compile(
    r"^(?:On|In|At|By|Since|Until|Last|Next|This|Early|Late|Earlier|Later|From|During|After|Before|However|Meanwhile"
    r"|Moreover|Still|Yet|Instead|Separately|Also|Now|Then|But|And|Indeed|Overall|Finally|Nevertheless)\b"
)
MAX_APPOSITIVE_SEGMENTS = 6
_PLACE_BEFORE_RE = re.compile(
    r"\b(?:in|at|from|near|outside|of)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*$"
)
_OFFICE_OF_RE = re.compile(
    rf"^(?:the\s+)?(?:[A-Z][\w-]*\s+){{0,2}}(?:{'|'.join(sorted(w.capitalize() for w in TITLE_WORDS))})\s+of\s+"
    r"(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}$",
    re.IGNORECASE,
)
_GERUND_OPENER_RE = re.compile(r"^[A-Z][a-z]+ing\s+(?!(?:[A-Z][\w.'’-]*\s*)+$)")
_TRAILING_AUXILIARY_RE = re.compile(
    r"(?:(?<=\s)|(?<=,))(?:(?:has|have|had|also|previously|repeatedly|publicly|privately|long|since|often)\s+)+$"
)
_TRAILING_MEDIUM_RE = re.compile(
    r"(?<=[A-Za-z])\s+in\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){0,3}?(?:message|statement|interview|speech"
    r"|video|post|letter|briefing|address|tweet|broadcast)(?:\s+(?:released|posted|published|aired|broadcast|issued|sent)"
    r"(?:\s+[\w.'’-]+){1,4}?)?\s*$"
)
_TRAILING_NAME_RE = re.compile(r"(?:\b[Tt]he\s+)?(?:[A-Z][\w.'’&-]*\s+){0,4}[A-Z][\w.'’&-]*$")
_ROLE_THEN_NAME_RE = re.compile(r"^(?:[a-z][\w-]*\s+){1,4}(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})$")
_NAME_ONLY_RE = re.compile(r"^(?:[A-Z][\w.'’-]{0,40}\s+){0,3}[A-Z][\w.'’-]{0,40}$")


# "Dräger, Inc., says": a company suffix set off by commas belongs to the name before it.
_SUFFIX_RE = re.compile(
    r"^\s*(?:(?:Inc|Corp|Ltd|LLC|Co|plc|PLC|Jr|Sr|LLP|AG|SA|NV|GmbH)\.?|[DRI]-[A-Z][\w.]*(?:\s?[A-Z][\w.]*)?)[\s,]*$"
)  # "Dräger, Inc., says", "Sen. Ana Ruiz, D-Calif., said": a suffix or a party tag belongs to the name before
# "Rob Goldman, President Ascom North America, says": an office before an organisation's name.
_OFFICE_APPOSITIVE_RE = re.compile(
    r"^(?:(?:Senior|Executive|Vice|Deputy|Chief|Managing|General|Global|Regional|Head)\s+)*"
    r"(?:President|Director|Manager|Officer|Chairman|Chairwoman|Chair|CEO|CFO|COO|CTO|Founder|Head|Partner"
    r"|Editor|Professor|Principal|Secretary)\b"
)
_ORG_TAIL_RE = re.compile(r"\b(?:Inc|Corp|Ltd|Group|Company|Agency|Ministry|Council|Bank|University)\.?$")


def _description(part: str, *, person: bool) -> bool:
    """An appositive that describes: lower-case words and no verb ("Disney's chairman of X"), or an office."""
    if re.match(r"(?:who|whose|which)\s", part) or re.fullmatch(r"\d{1,3}", part):
        return True  # "Reed, who chairs the committee, said"; "Maria Lopez, 45, said"
    head = re.sub(r"\s(?:who|which|whose)\s.*$", "", part)  # "a former prosecutor who was elected in 2018"
    described = re.search(r"\b[a-z]{3,}\b", head) and not _NAMED_PART_RE.match(head) and not has_finite_verb(head)
    # "Sen. Jeff Klein, a Bronx Democrat, said": a name never follows "a", so capitals after it describe
    indefinite = person and re.fullmatch(r"an?\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*", head) is not None
    return bool(described) or indefinite or (person and _OFFICE_APPOSITIVE_RE.match(part) is not None)


_OPENER_RE = re.compile(r"^(?:But|And|Yet|So|However|Meanwhile|Now|Then|Still|Also|Instead)\s+")


def _named_before_appositives(prefix: str, segments: list[tuple[int, int]]) -> tuple[str, int] | None:
    """'Mayer, Disney's chairman of X, said': a bare name followed only by lower-case descriptions speaks, also
    as 'study lead author Ann Lee, a scientist at X in Greenbelt, Maryland, said' (a place runs on in commas)."""
    for back in range(2, min(MAX_APPOSITIVE_SEGMENTS, len(segments)) + 1):
        start, end = segments[-back]
        name = prefix[start:end].strip(" ,;:\"“”'")
        at = start + prefix[start:end].find(name)
        opener = _OPENER_RE.match(name)  # "But Terry Joslin, a Labour member of ...,": the name after "But"
        if opener is not None:
            name, at = name[opener.end() :], at + opener.end()
        between = [prefix[a:b].strip(" ,") for a, b in segments[-back + 1 :]]
        person = not _ORG_TAIL_RE.search(name)
        first, rest = between[0], between[1:]
        described = _description(first, person=person) and all(
            _description(part, person=person) or _NAMED_PART_RE.match(re.sub(r"^and\s+", "", part)) for part in rest
        )
        if any(
            re.search(r"[\"“”]", part) or (has_finite_verb(part) and not _description(part, person=person))
            for part in between
        ):
            return None  # a quotation or a clause between: no appositive chain
        if not described:
            if all(_NAMED_PART_RE.match(re.sub(r"^and\s+", "", part)) for part in between[:1]):
                continue  # "..., Maryland, and ..., D.C., said": a place, maybe in a longer description
            return None  # "On Thursday, the Taliban said": "the Taliban" is a name, not a description
        lead = prefix[:start].rstrip()
        if _TIME_OR_PLACE_RE.match(name):
            return None
        if not lead or lead.endswith(('"', "”", ',"', ",”")) or start == 0:
            if _NAME_ONLY_RE.match(name):
                return name, at
            role = _ROLE_THEN_NAME_RE.match(name)
            if role is not None:  # "study lead author Ann Lee"
                return role.group("name"), at + role.start("name")
    return None


def _segments(prefix: str) -> list[tuple[int, int]]:
    bounds = [0] + [m.end() for m in _SEGMENT_SPLIT_RE.finditer(prefix)] + [len(prefix)]
    segments = [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
    return [(a, b) for a, b in segments if prefix[a:b].strip(" ,;:\"“”'") and not _SUFFIX_RE.match(prefix[a:b])]


# "Based on media reports, the lawmakers", "Speaking to reporters, Smith": a phrase set before the speaker.
LEADING_ADVERBIAL_RE = re.compile(
    r"^(?:Based\s+on|Citing|Quoting|Drawing\s+on|Relying\s+on|Speaking|Writing|Asked\s+about|Responding\s+to"
    r"|In\s+(?:a|an|the|its|his|her|their)|On\s+[A-Z][a-z]+day|Earlier|Later|Last\s+\w+)\b[^,;\"“”]{0,80},\s+"
    r"(?=[Tt]he\s|[Aa]n?\s|[A-Z])"
    # "In an angry statement Newcastle chairman Freddy Shepherd said": no comma after the medium
    r"|^In\s+(?:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}(?:statement|interview|letter|post|message|tweet"
    r"|video|speech|e-?mail|filing|release)\s+(?=[A-Z])"
)


def speaker_segment(prefix: str) -> tuple[str, int]:
    """The phrase right before the verb (skipping appositives and adjuncts), and where it starts in ``prefix``.

    With no other candidate, a described subject ("At the time, the agency said") is the speaker.
    """
    prefix = _TRAILING_AUXILIARY_RE.sub("", prefix)  # "Ana Ruiz, who left in March, has said": "has" is no segment
    lead = LEADING_ADVERBIAL_RE.match(prefix)
    if lead is not None:  # "Based on media reports, the lawmakers stated": the phrase before is no speaker
        prefix = " " * lead.end() + prefix[lead.end() :]
    prefix = _TRAILING_MEDIUM_RE.sub(" ", prefix)  # "Yahya Saree in a prerecorded message released Thursday said"
    splits = list(_SEGMENT_SPLIT_RE.finditer(prefix))
    if splits and splits[0].group().startswith(":") and len(prefix[: splits[0].start()].split()) <= 4:
        prefix = " " * splits[0].end() + prefix[splits[0].end() :]  # "New Delhi: ...": a dateline, not a speaker
    segments = _segments(prefix)
    named = _named_before_appositives(prefix, segments)
    if named is not None:
        return named
    for start, end in reversed(segments[-2:]):
        segment = prefix[start:end].strip(" ,;:\"“”'")
        if segment.lower().startswith(("who ", "which ")) and (start, end) == segments[-1]:
            continue  # "a former official, who asked not to be named, told": the relative clause is not the source
        if GROUP_PHRASE_RE.match(segment) and re.match(r"(?:a|an|one|two|three|several)\s", segment, re.IGNORECASE):
            # "..., a person familiar with the matter said": a described source right before the verb
            return segment, start + prefix[start:end].find(segment)
        break
    if len(segments) >= 2 and prefix[segments[-1][0] : segments[-1][1]].strip(" ,").lower() in {"which", "who"}:
        start, end = segments[-2]
        antecedent = _TRAILING_NAME_RE.search(prefix[start:end].rstrip(" ,"))
        if antecedent is not None:  # "extradition to the United States, which accuses him": the name before
            return antecedent.group().strip(), start + antecedent.start()
        return "", 0
    described: tuple[str, int] | None = None
    for position, (start, end) in reversed(list(enumerate(segments))):
        segment = prefix[start:end].strip(" ,;:\"“”'")
        before = prefix[segments[position - 1][0] : segments[position - 1][1]].rstrip(" ,") if position else ""
        office = _OFFICE_OF_RE.match(before) is not None  # "The Minister of Justice, Godfred Dame, said"
        person = kind_of(segment.split()) == "person" and not is_place(
            segment.split()
        )  # "attorney in Dallas, Mike Howard"
        if _NAME_ONLY_RE.match(segment) and _PLACE_BEFORE_RE.search(before) and not office and not person:
            continue  # "researchers at a centre in Greenbelt, Maryland, have found": a place goes on in commas
        where = start + prefix[start:end].find(segment)
        if described is None and _DESCRIBED_RE.match(segment):
            described = (segment, where)
            if re.search(r"[,!?][\"”’]\s*$", prefix[:start]):
                return described  # '"...," the statement said': the described subject follows the quotation
        if (
            not segment
            or _APPOSITIVE_START_RE.match(segment)
            or _TIME_ONLY_RE.match(segment)
            or _PREPOSITION_START_RE.match(segment)
            or segment.lower() in {"who", "which", "however"}
            or _GERUND_OPENER_RE.match(segment)  # "Quoting sources, the report said": the report speaks
        ):
            continue
        if described is not None and has_finite_verb(segment):
            return described  # "The spots might be dried blood, the company said": the words, then who said them
        return segment, where
    return described or ("", 0)


def strip_audience(clause: str) -> str:
    """What follows 'told': drop the audience ('the BBC interviewer:', 'a news briefing that', 'reporters')."""
    colon = re.match(r"^\s*[^,.;:\"“”]{1,60}:\s*(?=[\"“])", clause)
    if colon:
        return clause[colon.end() :]
    if _TOLD_THAT_RE.match(clause):
        return _TOLD_THAT_RE.sub("", clause, count=1)
    if _AUDIENCE_RE.match(clause):
        return TIME_RE.sub("", _AUDIENCE_RE.sub("", clause, count=1))
    return TIME_RE.sub("", _OBJECT_RE.sub("", clause, count=1))


_WORD_RE = re.compile(r"[A-Za-z][\w'’-]*")
_NOT_VERB_S = re.compile(r"(?:ss|us|is|ics|ness|ous|ies)$")
_NOUN_S = re.compile(r"(?:ss|us|is|ics|ness|ous|ies|ions|ments|ists)$")  # "communications": never a present verb
_NOT_AFTER_PLURAL = set(
    "the a an his her its their our my your this that these those of on in at for with by to from and or but nor "
    "which who whose whom as than more most such also only not no all both each every some any many few".split()
)
_NOUN_MARKERS = set(
    "the a an his her its their our my your this that these those of on in at for with by to from".split()
)


def has_finite_verb(text: str) -> bool:
    """Whether a statement reads as a clause (a finite verb somewhere), not a bare phrase ("Shortly before their
    arrival.", "About his performance."): a reported statement with no verb is a fragment of its sentence."""
    words = [w.replace("’", "'") for w in _WORD_RE.findall(text)]
    lowered = [w.lower() for w in words]
    for i, word in enumerate(lowered):
        previous = lowered[i - 1] if i else ""
        if word in FINITE_WORDS or word in IRREGULAR_PAST or re.search(r"n't$|'(?:re|ve|ll|d|m)$", word):
            return True
        if word.endswith("'s") and word[:-2] in SUBJECT_PRONOUNS | {"what", "here", "where"}:
            return True  # "it's", "that's": a verb, not a possessive
        pronoun = i and not words[i - 1].isupper() or previous == "i"  # "IT and communications": no "it"
        if previous in SUBJECT_PRONOUNS - {"that", "which", "this"} and words[i].islower() and i and pronoun:
            return True  # "we need", "they think"
        if len(word) > 4 and word.endswith("ed") and previous not in _NOUN_MARKERS:
            return True  # "the committee voted"; "the alleged assaults" is a noun phrase
        plural_before = (
            len(previous) > 3
            and previous.endswith("s")
            and not previous.endswith("'s")
            and not _NOT_VERB_S.search(previous)
        ) or (previous in {"people", "children", "men", "women", "police", "staff", "public", "government"})
        if plural_before and words[i].islower() and words[i - 1].islower() and word not in _NOT_AFTER_PLURAL:
            return True  # "investors want clarity", "prices rise": a plural subject and its present verb
        if (
            i
            and len(word) > 3
            and word.endswith("s")
            and words[i].islower()
            and not _NOUN_S.search(word)
            and previous not in _NOUN_MARKERS
        ):
            return True  # "the company plans": a present verb (a plural noun may pass; this only drops fragments)
    return False
