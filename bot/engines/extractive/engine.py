"""The offline extractive engine: a Brief from the article text alone, by rules (no LLM, no model files).

Pure and synchronous (the service runs it off the event loop); imports no platform library.
"""

from __future__ import annotations

import re
from typing import TypeVar

from bot.engines.extractive.actors import ActorIndex
from bot.engines.extractive.attribution import STANCE_VERBS, AttributionFinder
from bot.engines.extractive.clauses import outside, quoted_ranges
from bot.engines.extractive.cues import GROUP_PHRASE_RE
from bot.engines.extractive.findings import Finding, represents
from bot.engines.extractive.lint import repaired
from bot.engines.extractive.names import is_demonym, is_place
from bot.engines.extractive.questions import build_questions
from bot.engines.extractive.sentences import DATELINE_RE, Sentence, readable_text, split_sentences
from bot.models import Article, Brief, Claim, Denial, EngineOutput

HEADLINE_MAX_WORDS = 15
HEADLINE_MIN_WORDS = 3
UNTITLED = "An article without a title"
NO_SUMMARY = "The article text holds no sentence that can stand as a summary."
SUMMARY_MAX_SENTENCES = 3
SUMMARY_SENTENCE_MAX_CHARS = 280
SUMMARY_MIN_WORDS = 8
MAX_CLAIMS = 12
MAX_DENIALS = 6
MIN_STATEMENT_WORDS = 3
LONG_STATEMENT_WORDS = 8
LEDE_PARAGRAPHS = 2
QUOTE_OPEN_RE = re.compile(r"^\s*[\"“]")
_OPENING_PRONOUN_RE = re.compile(r"^(?:He|She|It|They|This|That|These|Those)\b")
_UNNAMED_SOURCES = {"study", "research", "report", "survey", "poll", "analysis", "experts", "expert"}
LINK_REACH_SENTENCES = 3  # a denial answers a claim about its denier only from this close
_ATTRIBUTION_TAIL_RE = re.compile(r",\s+(?:[\w.'’-]{1,40}\s+){1,6}(?:said|reported|says|reports|told)\b.*$")
# "It was clear that ...", "It seems ...": an empty "it"; but "it was very disappointed", "it is cooperating"
# say something of the body that spoke.
_LEAD_PRONOUN_RE = re.compile(
    r"^(?P<p>He|She|It(?!\s+(?:is|was|seems|appears)\b)|It(?=\s+(?:is|was)\s+(?:very\s+|\w+ly\s+)?(?:disappointed|pleased"
    r"|committed|confident|cooperating|working|reviewing|considering|planning|prepared|ready|proud|surprised"
    r"|concerned|determined|unable|aware|satisfied|saddened|shocked|studying)\b))\s+"
)
_HEADLINE_END_WORDS = set("the a an of to and or in on at for with by from that as its his her their".split())
_PRONOUN_REFERENCE_RE = re.compile(
    r"\b(?:these|those|such|the|his|her|their)\s+(?:claims?|allegations?|accusations?|assertions?|suggestions?"
    r"|remarks?|comments?|statements?|charges?)\b|^\s*(?:them|it|this)\b|^\s*that\s*(?:[.,;]|$)|^\s*$"
)


def brief_extractive(article: Article) -> EngineOutput:
    """Build the brief from attribution and denial cues in the text; quotes are spans of ``article.text``."""
    text = readable_text(article.text)
    sentences = split_sentences(text)
    index = ActorIndex(text, sentences)
    findings = AttributionFinder(text, sentences, index).find()
    claim_pairs, denials = _link(findings, index)
    if text != article.text[: len(text)]:  # unwrapped: each quote is the same span of the text as it was given
        claim_pairs = [(f, _verbatim(c, text, article.text)) for f, c in claim_pairs]
        denials = [_verbatim(d, text, article.text) for d in denials]
    claims = [claim for _, claim in claim_pairs]
    brief = Brief(
        headline=_headline(article, sentences),
        summary=_summary(sentences, findings),
        actors=index.ranked(),
        claims=claims,
        denials=denials,
        open_questions=build_questions(
            claims=claims,
            denials=denials,
            sentences=sentences,
            hedged=[c for f, c in claim_pairs if c.hedged and f.clausal],
        ),
    )
    warnings = [] if claims else ["No attributed claims found in the article text."]
    return EngineOutput(brief=brief, engine="extractive", model=None, warnings=warnings)


_Quoted = TypeVar("_Quoted", Claim, Denial)


def _verbatim(item: _Quoted, read: str, given: str) -> _Quoted:
    """The item with its quote taken from the text as given, at the span it has in the text as read."""
    at = read.find(item.quote)
    return item if at < 0 else item.model_copy(update={"quote": given[at : at + len(item.quote)]})


def findings_of(findings: list[Finding]) -> list[Finding]:
    """The findings that become claims, in text order: no repeats, every speaker heard before anyone's second,
    and each speaker's weightiest words first (their own quoted words, a whole thought, the lede)."""
    seen: set[tuple[str, str]] = set()
    unique: list[Finding] = []
    for finding in findings:
        if finding.kind == "claim" and (finding.speaker, finding.quote) not in seen:
            seen.add((finding.speaker, finding.quote))
            unique.append(finding)
    order = {id(finding): i for i, finding in enumerate(unique)}
    by_speaker: dict[str, list[Finding]] = {}
    for finding in unique:
        by_speaker.setdefault(finding.speaker, []).append(finding)
    ranked: list[tuple[int, int, int, Finding]] = []
    for speaker, said in by_speaker.items():
        best_first = sorted(said, key=lambda f: (-_weight(f), order[id(f)]))
        # the most quoted speakers are central to the story; named sources before unnamed groups ("analysts")
        later = 1 if GROUP_PHRASE_RE.match(speaker) or speaker.lower() in _UNNAMED_SOURCES else 0
        ranked += [(rank + later, -len(said), order[id(f)], f) for rank, f in enumerate(best_first)]
    chosen = sorted(ranked)[:MAX_CLAIMS]
    return [finding for *_, finding in sorted(chosen, key=lambda item: item[2])]


def _weight(finding: Finding) -> int:
    """How much a claim carries: the speaker's own quoted words, a statement of some length, the lede; a
    reported statement that opens on a pronoun ("They ...", "It ...") leans on the sentence it came from."""
    words = len(finding.clause.split())
    weight = 2 if finding.quoted or QUOTE_OPEN_RE.match(finding.quote) else 0
    weight += 1 if words >= LONG_STATEMENT_WORDS else 0
    weight += 2 if finding.sentence.paragraph <= LEDE_PARAGRAPHS else 0
    if not finding.quoted and _OPENING_PRONOUN_RE.match(finding.clause):
        weight -= 1
    return weight


def _headline(article: Article, sentences: list[Sentence]) -> str:
    """The page title, else the heading or the lead's first clause; never a broken line."""
    if article.title and article.title.strip():
        title = " ".join(article.title.split())
        return repaired(title, min_words=HEADLINE_MIN_WORDS) or title
    lead = _lead_headline(sentences)
    return repaired(lead, min_words=HEADLINE_MIN_WORDS) or UNTITLED


def _lead_headline(sentences: list[Sentence]) -> str:
    if sentences and sentences[0].heading and len(sentences[0].text.split()) >= 4:
        return sentences[0].text.rstrip(" :")
    lead = next((s.text for s in sentences if s.usable), "")
    lead = _ATTRIBUTION_TAIL_RE.sub("", DATELINE_RE.sub("", lead)).strip(' ."“”')
    words = lead.split()
    if len(words) <= HEADLINE_MAX_WORDS:
        return " ".join(words).rstrip(",;:")
    clause = re.split(r",\s+", lead)[0].split()
    if 6 <= len(clause) <= HEADLINE_MAX_WORDS:
        return " ".join(clause).rstrip(",;:")
    words = words[:HEADLINE_MAX_WORDS]
    while len(words) > 1 and words[-1].lower().strip(",;:") in _HEADLINE_END_WORDS:
        words = words[:-1]  # never end on a dangling article or preposition
    return " ".join(words).rstrip(",;:") + "…"  # cut mid-sentence: say so, so it does not read as broken


def _shorten(text: str) -> str:
    """At most SUMMARY_SENTENCE_MAX_CHARS, cut at a clause break outside any quotation."""
    if len(text) <= SUMMARY_SENTENCE_MAX_CHARS:
        return text
    ranges = quoted_ranges(text)
    breaks = [
        m.start()
        for m in re.finditer(r"[,;]\s|\s[—–]\s", text[: SUMMARY_SENTENCE_MAX_CHARS + 1])
        if outside(m.start(), ranges) and m.start() >= SUMMARY_SENTENCE_MAX_CHARS // 3
    ]
    if not breaks:
        return ""
    return text[: breaks[-1]].rstrip(" ,;:—–-") + "…"


def _summary_text(sentence: Sentence) -> str | None:
    """A sentence as the summary shows it, or None when it would read as broken."""
    text = _shorten(DATELINE_RE.sub("", sentence.text))
    return repaired(text, min_words=SUMMARY_MIN_WORDS) if text else None


def _summary(sentences: list[Sentence], findings: list[Finding]) -> str:
    """The lead, then the first denial and the first claim from elsewhere: verbatim keeps it true."""
    usable = [s for s in sentences if s.usable and len(s.text.split()) >= 6 and _summary_text(s) is not None]
    chosen: list[Sentence] = usable[:1]
    for kind in ("denial", "claim"):
        for finding in findings:
            if (
                finding.kind == kind
                and finding.sentence.text not in {s.text for s in chosen}  # a page that prints a line twice
                and finding.sentence.text[:1] not in '"“'
                and _summary_text(finding.sentence) is not None
            ):
                chosen.append(finding.sentence)
                break
    chosen = sorted(chosen[:SUMMARY_MAX_SENTENCES], key=lambda s: s.index)
    return " ".join(filter(None, map(_summary_text, chosen))) or NO_SUMMARY


def _disputed_index(finding: Finding, claims: list[tuple[Finding, Claim]], index: ActorIndex) -> int | None:
    """The claim a denial answers: 'the report' -> the outlet's; 'these claims' -> the one just before."""
    side = {w for w in finding.speaker.split() if w[:1].isupper() and len(w) > 2}

    def same_side(speaker: str) -> bool:
        """'Lawyers for Kern and Cruz' speak for Kern: Kern's denial never disputes them; nor does the Israel
        Police's denial dispute what 'Police' said."""
        if _body_of(speaker) == _body_of(finding.speaker):
            return True  # "Israel Police", "Police" and "Police spokeswoman": one body
        return re.search(r"\b(?:for|of)\s", speaker) is not None and bool(side & set(re.findall(r"[\w'’-]+", speaker)))

    earlier = [
        (i, f)
        for i, (f, _) in enumerate(claims)
        if f.sentence.index < finding.sentence.index and f.speaker != finding.speaker and not same_side(f.speaker)
    ]
    if not earlier:
        return None
    reference = finding.reference
    if _NO_WRONGDOING_RE.search(reference):
        return None  # "there were no improper communications" answers a charge of wrongdoing, not the facts reported
    # "rejected the suggestion that X", "denied that X": linked only to a claim that says X
    spelled = _SPELLED_RE.search(reference) or re.match(r"\s*that\s+(?P<content>.{8,})", reference)
    if spelled is not None:
        said = [i for i, f in earlier if _shares_content(claims[i][1].statement, spelled.group("content"))]
        return said[-1] if said else None
    owned: list[tuple[int, Finding]] = []
    for name in re.findall(r"([\w.'’-]{1,40}?)(?:'s|’s|s'|s’)\s", reference):
        owned = owned or [(i, f) for i, f in earlier if name.lower() in f.speaker.lower()]
    if re.search(r"\b(?:report|reports|reporting|story|article|account)\b", reference):
        for test in (lambda f: f.reported, lambda f: _is_outlet(f.speaker, index)):
            hits = [i for i, f in (owned or earlier) if test(f)]
            if hits:
                return hits[-1]
    if owned:
        return owned[-1][0]
    named = [i for i, f in earlier if _names_speaker(reference, f.speaker)]
    if named:  # "ruled out Taliban involvement": the denial names the claimant it answers
        return named[-1]
    about = [
        i
        for i, f in earlier
        if finding.sentence.index - f.sentence.index <= LINK_REACH_SENTENCES
        and _about_denier(claims[i][1].statement, finding)
    ]
    if about:  # "Critics said Holt wrote the letter" ... Holt: "I didn't write that letter"
        return about[-1]
    last_i, last = earlier[-1]
    near = finding.sentence.index - last.sentence.index <= 2
    # "Linalool is a common flavoring, according to the National Toxicology Program": a fact the story cites,
    # which "denying the allegations" does not answer
    cited = re.search(rf"\baccording to\b[^.;]*\b{re.escape(last.speaker.split()[-1])}\b", last.sentence.text)
    if near and _PRONOUN_REFERENCE_RE.search(reference) and not (cited and _ALLEGATION_RE.search(reference)):
        return last_i
    return None


_SPOKES_WORDS = {"spokeswoman", "spokesman", "spokesperson", "spokespeople", "lawyer", "lawyers", "attorney"}


def _body_of(name: str) -> str:
    """The body a speaker's name stands for, without a leading country ('Israel Police') or a trailing spokesman
    ('Police spokeswoman'): two names with the same body speak for one side."""
    words = name.split()
    if len(words) > 1 and words[-1].lower() in _SPOKES_WORDS:
        words = words[:-1]
    if len(words) > 1 and (is_place([words[0]]) or is_demonym(words[0])):
        words = words[1:]
    return " ".join(words).lower()


_NO_WRONGDOING_RE = re.compile(
    r"\b(?:no|nothing)\s+(?:\w+\s+)?(?:improper|inappropriate|illegal|unlawful|wrong|wrongdoing|impropriety"
    r"|improprieties|misconduct)\b|\bdid\s+nothing\s+wrong\b|\bdone\s+nothing\s+wrong\b"
)
_ALLEGATION_RE = re.compile(r"\b(?:allegations?|accusations?|charges?)\b")
_DETERMINERS = set("The A An This That These Those Its Their His Her Our My Some Many Most".split())
_CONTENT_STOP = set(
    "the a an of to and or in on at for by with from that this it is was were be been has have had did not "
    "didn't never no he she they we i his her their its said says".split()
)


# What a denial spells out: "the suggestion that Osei had been moved because of his warnings".
_SPELLED_RE = re.compile(
    r"\b(?:suggestion|claim|claims|allegation|allegations|accusation|accusations|report|reports|idea|notion"
    r"|assertion|charge|charges|speculation|rumou?rs?|contention)\s+that\s+(?P<content>.{8,})"
)
CONTENT_SHARE = 0.6


def _content_words(text: str) -> set[str]:
    """Stems (first five letters) of the common words: names say who, not what."""
    return {w.lower()[:5] for w in re.findall(r"[\w'’-]+", text) if len(w) > 3 and not w[0].isupper()} - _CONTENT_STOP


def _shares_content(statement: str, content: str) -> bool:
    """At least half of what the denial spells out is what the claim says (words compared by their stems)."""
    wanted = _content_words(content)
    said = _content_words(statement) | _content_words(statement.lower())  # the denial's words come lower-cased
    return bool(wanted) and len(wanted & said) / len(wanted) >= CONTENT_SHARE


def _about_denier(statement: str, finding: Finding) -> bool:
    """The claim names the denier and shares a content word (by its first five letters) with the denial."""
    names = {w.lower() for w in re.findall(r"[A-Z][\w'’-]{2,}", finding.speaker)}
    said = {w.lower() for w in re.findall(r"[\w'’-]+", statement)}
    if not names & said:
        return False
    denial = {w.lower() for w in re.findall(r"[\w'’-]+", finding.reference or finding.clause)} - _CONTENT_STOP
    claimed = {w[:5] for w in said - _CONTENT_STOP - names if len(w) > 3}
    return bool(claimed & {w[:5] for w in denial if len(w) > 3})


def _names_speaker(reference: str, speaker: str) -> bool:
    words = {w.lower() for w in re.findall(r"[A-Z][\w'’-]{3,}", speaker)}
    return bool(words & set(re.findall(r"[\w'’-]{1,40}", reference)))


def _is_outlet(name: str, index: ActorIndex) -> bool:
    record = index.get(name)
    return record is not None and record.kind == "outlet"


def _link(findings: list[Finding], index: ActorIndex) -> tuple[list[tuple[Finding, Claim]], list[Denial]]:
    """Claims and denials as shown: every statement reads well (else the item is left out), no denial twice."""
    claim_pairs: list[tuple[Finding, Claim]] = []
    denials: list[Denial] = []
    for finding in findings_of([f for f in findings if f.kind != "claim" or _shown(f.clause) is not None]):
        statement = _shown(_resolve_lead_pronoun(finding, index))
        if statement is None:
            continue
        claim = Claim(
            statement=statement,
            claimant=finding.speaker,
            quote=finding.quote,
            hedged=finding.hedged,
            disputed=False,
        )
        claim_pairs.append((finding, claim))
    seen: set[tuple[str, str]] = set()
    for finding in findings:
        if finding.kind != "denial" or len(denials) >= MAX_DENIALS:
            continue
        target = _disputed_index(finding, claim_pairs, index)
        denied = _shown(_resolve_lead_pronoun(finding, index))  # "It disagrees with ..." -> "Telenor disagrees ..."
        if target is not None:
            linked = _shown(
                _denied_phrase(claim_pairs[target][1], reported=claim_pairs[target][0].reported, index=index)
            )
            if linked is not None:
                denied = linked
            else:
                target = None
        if denied is None:
            continue
        key = (finding.speaker.lower(), denied.lower())
        if key in seen or any(d.quote == finding.quote and d.denier == finding.speaker for d in denials):
            continue  # the same denial is never listed twice
        seen.add(key)
        if target is not None:
            claim_pairs[target][1].disputed = True
        denials.append(Denial(denier=finding.speaker, denied=denied, quote=finding.quote, disputes_claim=target))
    return claim_pairs, denials


# "Has been arrested but not charged.": a verb phrase whose subject was left behind is no statement.
_NO_SUBJECT_RE = re.compile(
    r"^(?:Has|Have|Had|Is|Are|Was|Were|Would|Could|Should|Did|Does|Will(?!\s+[A-Z]))\s+(?![^?]*\?[\"”’]?$)"
)


def _shown(text: str) -> str | None:
    """The statement as a reader sees it, or None when it would read as broken (then the item is left out)."""
    if not text or _NO_SUBJECT_RE.match(text):
        return None
    return repaired(text, min_words=MIN_STATEMENT_WORDS)


def _denied_phrase(claim: Claim, *, reported: bool, index: ActorIndex) -> str:
    """What is denied, as a phrase: "the Coastal Ledger's report that the authority knew ..."."""
    statement = claim.statement.rstrip(".")
    who = "|".join(re.escape(name) for name in {claim.claimant, claim.claimant.split()[-1]})
    stance = "|".join(STANCE_VERBS)
    if re.match(
        rf"(?:(?:the|an?)\s+)?(?:{who})\s+(?:has\s+|have\s+|had\s+)?(?:{stance}|called|reported|said|claimed|alleged)\b",
        statement,
        re.IGNORECASE,
    ):
        return claim.statement  # "Residents accused the Pentagon of ...": already says who claims what
    noun = "report" if reported or _is_outlet(claim.claimant, index) else "claim"
    record = index.get(claim.claimant)
    owner = claim.claimant
    if record is not None and index.is_group(record) and owner.split()[0].istitle():
        owner = "the " + owner[0].lower() + owner[1:]  # "the critics' claim"
    elif (record is None or record.kind != "person") and (" " in owner or owner.isupper()):
        owner = "the " + owner.removeprefix("The ")  # "the Coastal Ledger's", "the FBI's"; but "Reuters'"
    if statement[:1].isupper() and not _keeps_capital(statement, index):
        statement = statement[0].lower() + statement[1:]
    possessive = owner + ("'" if owner.endswith("s") else "'s")
    return f"{possessive} {noun} that {statement}"


def _keeps_capital(statement: str, index: ActorIndex) -> bool:
    """Names and 'I' keep their capital inside a sentence; common words do not."""
    word = statement.split(" ", 1)[0]
    if word == "I" or index.get(word) is not None or re.match(r"[A-Z]{2,}|[A-Z][a-z]*[A-Z.]", word):
        return True
    if word not in _DETERMINERS and re.match(r"[A-Z][\w'’-]*\s+[A-Z]", statement):
        return True  # "Senator Mia Holt ...": a title or a name runs on in capitals
    return any(statement.startswith(record.name) for record in index.records)


def _resolve_lead_pronoun(finding: Finding, index: ActorIndex) -> str:
    """'Osei said he was reassigned' -> 'Daniel Osei was reassigned': reported speech about the speaker."""
    statement = finding.clause
    match = _LEAD_PRONOUN_RE.match(statement)
    record = index.get(finding.speaker)
    if match is None or finding.quoted or record is None or " and " in finding.speaker:
        return statement
    personal = match.group("p") in {"He", "She"}
    if personal != (record.kind == "person") or (not personal and index.is_group(record)):
        return statement  # "Analysts say it will ...": "it" is not the analysts
    if represents(finding.speaker, finding.sentence.text, record.role):
        return statement  # "His lawyer, Ann Shear, said he never cheated": "he" is the client
    return finding.speaker + statement[len(match.group("p")) :]
