"""Open questions from what the article itself says is unknown: refusals to say, unclear matters, demands.

Stdlib and bot only; each question is built from the sentence's own words, never from a fixed answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engines.extractive.clauses import outside, quoted_ranges
from bot.engines.extractive.sentences import Sentence
from bot.models import Claim, OpenQuestion

MAX_CLAUSE_WORDS = 24
_WH = r"(?P<wh>when|whether|how much|how many|how long|how|what|why|where|who|which|if)"
# "declined to say when X might Y", "it is not clear how many Y", "no one knows how much Z".
_UNKNOWN_RE = re.compile(
    rf"\b(?:(?:declined|refused|would not|wouldn't|did not|didn't|could not|couldn't)\s+(?:to\s+)?"
    rf"(?:say|disclose|specify|reveal|explain|confirm|comment on)"
    rf"|(?:it is|it's|it was|it remains|remains|is still|was still)\s+(?:not\s+(?:immediately\s+|yet\s+)?|un)"
    rf"(?:clear|known)"
    rf"|(?:no one|nobody) (?:yet )?knows(?: just| exactly)?"
    rf"|(?:question|mystery|unknown)\s+(?:[\w-]+\s+){{0,12}}?(?:is|remains))\s+{_WH}\s+(?P<clause>[^;:]+)",
    re.IGNORECASE,
)
_NO_COMMENT_RE = re.compile(
    r"\b(?:declined to comment|refused to comment|would not comment|did not (?:immediately )?respond to"
    r" (?:a |multiple )?requests? for comment|could not be reached for comment|no comment)\b",
    re.IGNORECASE,
)
# "lawyers are demanding the FBI summon him": what is demanded of someone is pending until they act.
_DEMAND_RE = re.compile(
    r"\b(?:demanding|demanded|calling on|called on|urging|urged|pressing|pressed|(?:has|have|had) asked|asking)\s+"
    r"(?:that\s+)?"
    r"(?:(?P<target>the\s+[A-Z][\w.&'’-]{0,40}(?:\s+[A-Z][\w.&'’-]{0,40})?|[A-Z][\w.&'’-]{0,40}(?:\s+[A-Z][\w.&'’-]{0,40})?)\s+"
    r"|(?P<asked>[A-Za-z][^,;\"“”]{1,60}?)(?<!\snot)\s+to\s+)(?P<verb>[a-z]{3,}(?<!ed)(?<!ing))\s+(?P<rest>[^;]{3,})"
)
_NOT_VERBS = {"and", "the", "for", "with", "from", "that", "this", "who", "which", "not", "its", "their", "his", "her"}
_EXPOSED_RE = re.compile(
    r"(?P<subj>(?:[A-Z][\w.'’-]{0,40}\s+){0,2}[A-Z][\w.'’-]{0,40})\s+"
    r"(?:is|was|remains|has left (?:himself|herself|itself"
    r"|themselves)|left (?:himself|herself|itself|themselves))\s+(?:\w+\s+)?(?:open|vulnerable|exposed|liable)"
    r"\s+to\s+(?P<thing>prosecution|extradition|criminal charges|charges|legal action|lawsuits?|sanctions"
    r"|arrest|impeachment|suspension|a ban)\b"
)
# "held on the following preliminary charges": the formal charges are still to come.
_PRELIMINARY_RE = re.compile(r"\b(?:preliminary|initial)\s+charges?\b")
# "he gave no details on payment or exact timing".
_NO_DETAILS_RE = re.compile(
    r"\b(?:gave|give|gives|offered|provided|released|disclosed)\s+no\s+(?:further\s+)?details\s+(?:on|of|about)\s+"
    r"(?P<thing>[^,;.\"“”]{3,80})"
)
# "Industry experts expect interest rates to remain low": an expectation is a pending event.
_EXPECTS_RE = re.compile(
    r"\b(?:expects?|predicts?|forecasts?|anticipates?)\s+(?P<subj>(?:the\s+|its\s+|their\s+)?[a-zA-Z][\w'’-]{0,30}"
    r"(?:\s+[a-z][\w'’-]{0,30}){0,2})\s+to\s+(?P<verb>[a-z]{3,20})\s+(?P<rest>[^;]{3,})"
)
# "No group has claimed responsibility for the bombing": who did it is open.
_UNCLAIMED_RE = re.compile(
    r"\b(?:[Nn]o one|[Nn]obody|[Nn]o group|[Nn]o organi[sz]ation)\s+(?:has|had)\s+(?:yet\s+|immediately\s+)?claimed\s+"
    r"responsibility\s+for\s+(?P<thing>(?:the|an?|this|that|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's"
    r"|Saturday's|Sunday's)\s+[^,;.\"“”]{3,60})"
)
# "The merger still needs approval from regulators in Brussels": the approval is pending.
_NEEDS_APPROVAL_RE = re.compile(
    r"(?P<subj>\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+(?:still\s+|also\s+)?"
    r"(?:needs|requires|must (?:win|get|receive))\s+(?:the\s+)?approval\s+(?:from|of|by)\s+"
    r"(?P<who>(?:the\s+)?[^,;.\"“”]{3,60})"
)
# "Police are searching for the gunman who ...": whether they find him is open.
_SEARCHING_RE = re.compile(
    r"\b(?P<who>[Pp]olice|[Ii]nvestigators|[Aa]uthorities|[Rr]escuers|[Oo]fficers|[Dd]etectives)\s+(?:are|were)\s+"
    r"(?:still\s+)?(?:searching|looking|hunting)\s+for\s+(?P<thing>(?:the|an?|two|three|several)\s+[^,;.\"“”]{3,80})"
)
# "Dario Vance is awaiting trial": when the trial comes, and what sentence, are open.
_AWAITING_RE = re.compile(
    r"(?<![\w.'’-])(?P<who>(?:[A-Z][\w.'’-]{0,40}\s+){0,2}[A-Z][\w.'’-]{0,40})(?:,\s+\d{1,3},)?\s+"
    r"(?:is|are|remains|remain)\s+(?:in\s+custody\s+|in\s+jail\s+|free\s+on\s+bail\s+)?awaiting\s+"
    r"(?P<what>trial|sentencing)\b"
)
_AWAITED = {"trial": "When will {who} stand trial?", "sentencing": "What sentence will {who} receive?"}
# "Ferrylink has until Friday to respond": whether it does is open.
_DEADLINE_RE = re.compile(
    r"(?<![\w.'’-])(?P<who>(?:[A-Z][\w.&'’-]{0,40}\s+){0,3}[A-Z][\w.&'’-]{0,40})\s+(?:has|have|had)\s+until\s+"
    r"(?P<when>[^,;.]{2,30}?)\s+to\s+(?P<verb>[a-z]{3,})\s+(?P<rest>[^,;]{3,})"
)
_UNDISCLOSED_RE = re.compile(
    r"\b(?:an?|the)\s+undisclosed\s+(?P<thing>injury|illness|condition|ailment|reason|sum|amount|fee|price)\b"
)
_FEARED_RE = re.compile(
    r"\b(?:fears?|panic|concerns?|worries|worry|alarm)\s+(?:over|about|of)\s+(?:an?\s+)?(?:potential|possible"
    r"|wider|further|new)\s+(?P<thing>[a-z]+)\b"
)
_INCLUDING_BEFORE_VERB_RE = re.compile(
    r",\s+(?:including|such as)\s+[^,;]+(?:,\s+(?:and\s+|or\s+)?[^,;]+)*?,\s+"
    r"(?=(?:would|will|is|are|was|were|has|have|had|could|can|may|might|should)\b)"
)
_TRAILING_ATTRIBUTION_RE = re.compile(
    r",\s+(?:[\w.'’-]+\s+){0,5}(?:said|says|told \w+|reported|added|according to [^,;]+)\s*[.!]?\s*$"
)
# Sources a story cites by a common noun alone, shown capitalised as a claimant ("Study").
_SOURCE_NOUNS = {"study", "report", "survey", "analysis", "poll", "review", "source", "official", "spokesperson"}
_GENERIC_MODIFIERS = {
    "company", "agency", "ministry", "government", "police", "party", "court", "army", "campaign", "department",
    "group", "union", "team", "club", "school", "hospital", "university", "city", "state", "council", "senior",
}  # fmt: skip
_MONEY_THINGS = {"sum", "amount", "fee", "price"}
_NAME_RE = re.compile(r"(?:[A-Z][\w.'’-]{0,40}\s+){0,2}[A-Z][\w.'’-]{0,40}")
_MODAL_CLAUSE_RE = re.compile(
    r"^(?P<subj>(?:[\w.'’+-]{1,40}\s+){0,6}?[\w.'’+-]{1,40})\s+(?P<aux>will|would|might|may|could|can|should|is|are|was"
    r"|were|has|have|had|did|does|do)\s+(?P<rest>.+)$"
)
_AUX_QUESTION = {"would": "will", "might": "will", "may": "will", "could": "could", "can": "can"}
_AUXILIARIES = set("will would might may could can should is are was were has have had did does do".split())
_QUESTION_FILLER_RE = re.compile(r"^(?:just|exactly)\s+")


_COMMON_OPENERS = set(
    (
        "The A An This That These Those Its Their His Her He She It They We During After Before Since Under When "
        "While Although Because If As In On At For With Without Despite Some Many Most Several All Both Each Every "
        "No Such There Here Another Now Then Still Also Only Even Just Our My One Two Three People Others Officials "
        "Experts Analysts Critics Residents Investors Voters Workers Scientists Researchers Doctors Students Parents "
        "Talks Negotiations Prices Shares Sales Police Authorities Prosecutors Investigators Protesters Nurses "
        "Teachers Further More Other Any Few Earlier Later Recent Additional Future Similar Previous Initial Early "
        "Last Next First Second Local"
    ).split()
)


def lower_first(text: str) -> str:
    """'During a search ...' -> 'during a search ...' inside a question; names keep their capital."""
    first = text.split(" ", 1)[0]
    if first in _COMMON_OPENERS:
        return text[0].lower() + text[1:]
    return text


_DETERMINED_RE = re.compile(r"^(?:an?|the|another|one|two|three|some|several|many|its|his|her|their)\s", re.IGNORECASE)


def source_phrase(claimant: str) -> str:
    """The claimant after 'according to': a name as it is ('Rosa Delgado', 'the Washington Post'), a common noun
    with the article English needs ('Study' -> 'a study', 'Israeli official' -> 'an Israeli official')."""
    words = claimant.split()
    common = words[-1].islower() or (len(words) == 1 and words[0].lower() in _SOURCE_NOUNS)
    if not common or _DETERMINED_RE.match(claimant) or words[-1].endswith("s"):
        return lower_first(claimant)
    generic = words[0].lower() in _GENERIC_MODIFIERS  # "Company spokesperson" -> "a company spokesperson"
    phrase = claimant.lower() if len(words) == 1 or generic else claimant
    return f"{'an' if phrase[0].lower() in 'aeiou' else 'a'} {phrase}"


def without_list_before_verb(clause: str) -> str:
    """'a tariff on $160 billion of goods, including phones and laptops, would go into effect': the list goes and the
    verb after it stays (cutting at ', including' would leave a clause with no verb)."""
    return _INCLUDING_BEFORE_VERB_RE.sub(" ", clause)


def _cut(clause: str) -> str:
    clause = _TRAILING_ATTRIBUTION_RE.sub("", clause)  # "how many were hurt, Mayor Ortiz said": not the question's
    clause = without_list_before_verb(clause)
    clause = re.split(
        r",\s+(?:such as|including|which|who|but|although|though|as|while|and|saying|adding|warning|according)\b"
        r"|\s[—–]\s",
        clause,
    )[0]
    words = clause.strip(' ,.;:"“”').split()
    if len(words) <= MAX_CLAUSE_WORDS:
        return " ".join(words).rstrip(" ,")
    # Over the limit: cut at the last comma inside it, never mid-phrase ("into Joe Biden, Trump's leading").
    head = " ".join(words[:MAX_CLAUSE_WORDS])
    comma = head.rfind(", ")
    return head[:comma] if comma > 0 else " ".join(words)


# "The adviser's office has not said whether it will ...": the subject before the verb of saying.
_MAIN_SUBJECT_RE = re.compile(
    r"(?:^|[.;:]\s+|,\s+(?:but|and)\s+)(?P<subj>(?:[Tt]he\s+|[A-Z])[^,;:\"“”]{0,60}?)\s+"
    r"(?:has|have|had|did|does|do|is|are|was|were|would|could)?\s*(?:not\s+|n't\s+)?(?:yet\s+|still\s+|now\s+)?"
    r"(?:said|say|decided|decide|announced|confirmed|disclosed|indicated|revealed|declined to say|refused to say"
    r"|known|clear|sure|determined|considering|weighing|deciding|debating|discussing|reviewing|studying"
    r"|examining|assessing)\s+$"
)
# "The state audit office said it ... and was assessing whether to open ...": the office weighs it
_SAID_IT_SUBJECT_RE = re.compile(
    r"^(?P<subj>(?:[Tt]he\s+|[A-Z])[^,;:\"“”]{0,60}?)\s+(?:said|says)\s+(?:it|they)\b[^.;\"“”]{0,160}?"
    r"\b(?:was|were|is|are|had\s+been|has\s+been)\s+(?:considering|weighing|deciding|debating|discussing|reviewing"
    r"|studying|examining|assessing)\s+$"
)
_LEAD_PRONOUN_RE = re.compile(r"^(?:it|he|she|they)\b", re.IGNORECASE)


def subject_for(prefix: str, clause: str) -> str:
    """'... office has not said whether it will X': 'it' is the office. Else the clause as it is."""
    lead = _LEAD_PRONOUN_RE.match(clause) or re.match(r"^to\b", clause)
    if lead is None:
        return clause
    main = _MAIN_SUBJECT_RE.search(prefix[-120:]) or _SAID_IT_SUBJECT_RE.match(prefix)
    if main is None:
        return clause
    subject = main.group("subj").strip()
    if _LEAD_PRONOUN_RE.match(subject) or subject.lower() in {"we", "i", "you", "this", "that"}:
        return clause
    subject = subject[0].lower() + subject[1:] if subject.split()[0] in {"The", "A", "An"} else subject
    if lead.group() == "to":  # "has not decided whether to open an inquiry": will the subject open it?
        return f"{subject} will{clause[lead.end() :]}"
    return subject + clause[lead.end() :]


def invert(wh: str, clause: str) -> str:
    """'when Disney might change X' -> 'When will Disney change X?'; 'whether Y is Z' -> 'Is Y Z?'."""
    clause = _cut(_QUESTION_FILLER_RE.sub("", clause))
    wh = wh.lower()
    counted = re.match(r"(?P<noun>[a-z]+)\s+(?P<clause>.+)$", clause) if wh in {"how many", "how much"} else None
    if counted and counted.group("noun") not in _AUXILIARIES:  # "how much disruption the wars will have"
        inner = _MODAL_CLAUSE_RE.match(counted.group("clause"))
        if inner:
            aux = _AUX_QUESTION.get(inner.group("aux").lower(), inner.group("aux").lower())
            return f"{wh.capitalize()} {counted.group('noun')} {aux} {inner.group('subj')} {inner.group('rest')}?"
    match = _MODAL_CLAUSE_RE.match(clause)
    subject_words = match.group("subj").lower().split() if match else []
    if match and not (set(subject_words) & {"who", "which", "that"}) and wh not in {"how many", "how much", "who"}:
        aux = _AUX_QUESTION.get(match.group("aux").lower(), match.group("aux").lower())
        subject, rest = match.group("subj"), match.group("rest")
        if wh in {"whether", "if"}:
            return f"{aux.capitalize()} {subject} {rest}?"
        return f"{wh.capitalize()} {aux} {subject} {rest}?"
    if wh in {"whether", "if"}:
        return f"Is it known whether {clause}?"
    return f"{wh[0].upper()}{wh[1:]} {clause}?"


def _demanded(match: re.Match[str]) -> str | None:
    if match.group("verb") in _NOT_VERBS or re.match(r"(?:not\s+)?to\s", match.group("rest")):
        return None  # "urged the American public not to ...": 'public' is no verb, and 'not to' no act
    who = match.group("target") or match.group("asked")
    return f"Will {who} {match.group('verb')} {_cut(match.group('rest'))}?"


def _by_deadline(match: re.Match[str]) -> str | None:
    """'Ferrylink has until Friday to respond to the complaint' -> 'Will Ferrylink respond to the complaint by
    Friday?'; not when the subject is a word such as 'It' or 'The'."""
    if match.group("who").split()[0].lower() in _NOT_VERBS | {"it", "he", "she", "they", "we", "i", "you"}:
        return None
    rest = _cut(match.group("rest"))
    return f"Will {match.group('who')} {match.group('verb')} {rest} by {match.group('when')}?"


def _expected(match: re.Match[str]) -> str | None:
    """'experts expect interest rates to remain low' -> 'Will interest rates remain low?'."""
    subject = match.group("subj")
    if subject.split()[0].lower() in _NOT_VERBS | {"it", "them", "him", "her", "us", "me", "you", "that", "this"}:
        return None
    return f"Will {subject} {match.group('verb')} {_cut(match.group('rest'))}?"


def _question(sentence: Sentence, previous: list[Sentence], claims: list[Claim]) -> tuple[str, str] | None:
    text = sentence.text
    ranges = quoted_ranges(text)
    builders: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]], ...] = (
        (_UNKNOWN_RE, lambda m: invert(m.group("wh"), subject_for(text[: m.start("wh")], m.group("clause")))),
        (_DEMAND_RE, _demanded),
        (_EXPOSED_RE, lambda m: f"Will {m.group('subj')} face {m.group('thing')}?"),
        (_FEARED_RE, lambda m: f"Will there be a wider {m.group('thing')}?"),
        (_PRELIMINARY_RE, lambda m: "Will formal charges be filed?"),
        (_NO_DETAILS_RE, lambda m: f"What are the details of {_cut(m.group('thing'))}?"),
        (_UNCLAIMED_RE, lambda m: f"Who was behind {lower_first(_cut(m.group('thing')))}?"),
        (_NEEDS_APPROVAL_RE, lambda m: f"Will {_cut(m.group('who'))} approve {m.group('subj').lower()}?"),
        (_SEARCHING_RE, lambda m: f"Will {m.group('who').lower()} find {_cut(m.group('thing'))}?"),
        (_AWAITING_RE, lambda m: _AWAITED[m.group("what")].format(who=m.group("who"))),
        (_DEADLINE_RE, _by_deadline),
        (_EXPECTS_RE, _expected),
    )
    for pattern, build in builders:
        match = pattern.search(text)
        question = build(match) if match and outside(match.start(), ranges) else None
        if match and question:
            return question, f"The article says this is not known ('{match.group().split()[0].lower()}')."
    undisclosed = _UNDISCLOSED_RE.search(text)
    if undisclosed and outside(undisclosed.start(), ranges):
        names = [n for n in _NAME_RE.findall(text[: undisclosed.start()]) if n.lower() not in {"the", "a", "an"}]
        thing = undisclosed.group("thing")
        if thing in _MONEY_THINGS:  # "joins the London club for an undisclosed fee": the fee is the deal's
            return f"How much was the {thing}?", "The article calls it undisclosed."
        if names and thing != "reason":  # "Dumba has an undisclosed injury": the injury is the person's
            return f"What is {names[-1]}'s {thing}?", "The article calls it undisclosed."
    if _NO_COMMENT_RE.search(text):
        return _unanswered_claim(previous, claims)
    return None


_PRONOUN_OPENERS = set("they he she it we i you this these those".split())


def _unanswered_claim(previous: list[Sentence], claims: list[Claim]) -> tuple[str, str] | None:
    """'X asserts that Y. Both companies declined to comment.': the claim stands unconfirmed."""
    for sentence in reversed(previous):
        for claim in claims:
            if sentence.text in claim.quote or claim.quote in sentence.text:
                gist = lower_first(_cut(claim.statement))
                first = gist.split(" ", 1)[0]
                if first.lower() in _PRONOUN_OPENERS:
                    continue  # "that they were told ...": who "they" are is not in the question
                if re.search(rf"\b{re.escape(first.lower())}\b", claim.quote):  # "talks", not a name
                    gist = gist[0].lower() + gist[1:]
                return (
                    f"Is it true, according to {source_phrase(claim.claimant)}, that {gist}?",
                    "Those it concerns declined to comment.",
                )
    return None


def unknown_questions(sentences: list[Sentence], claims: list[Claim]) -> list[OpenQuestion]:
    """One question per sentence that says something is unknown, refused or demanded."""
    questions: list[OpenQuestion] = []
    for i, sentence in enumerate(sentences):
        if not sentence.usable:
            continue
        found = _question(sentence, sentences[max(0, i - 2) : i], claims)
        if found is not None:
            question, why = found
            questions.append(OpenQuestion(question=question[0].upper() + question[1:], why=why))
    return questions
