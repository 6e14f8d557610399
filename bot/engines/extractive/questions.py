"""Open questions from conflicts (a claim and its denial), hedges and pending events; stdlib and bot only."""

from __future__ import annotations

import re

from bot.engines.extractive.clauses import outside, quoted_ranges
from bot.engines.extractive.cues import HEDGE_RE, PENDING_RE, REFUSAL_RE
from bot.engines.extractive.frames import frame_questions
from bot.engines.extractive.lint import repaired
from bot.engines.extractive.sentences import Sentence
from bot.engines.extractive.unknowns import (
    invert,
    lower_first,
    source_phrase,
    subject_for,
    unknown_questions,
    without_list_before_verb,
)
from bot.models import Claim, Denial, OpenQuestion

MAX_QUESTIONS = 6
MAX_QUESTION_WORDS = 32
MIN_QUESTION_WORDS = 4
MAX_SHOWN_QUESTION_WORDS = 34
_CLAUSE_BREAK_RE = re.compile(
    r",\s+(?:and|but|while|which|who|as|although|though|after|before|because|saying|according|including|with)\b"
    r"|\s[—–]\s|;\s"
)
# Shapes a reader sees as broken even when the punctuation is right: "??", a wh-word or an adverb as the
# subject ("Will what a cell ...", "Will right be ..."), two clauses run together (", but the Chinese have ...",
# ", then trimmed ..."), or a capitalised common word after "that" ("... that During a search ...").
_MALFORMED_QUESTION_RE = re.compile(
    r"\?\?|^(?:Will|Could|Can|Is|Are|Was|Were|Did|Does|Do|Has|Have)\s+(?:what|who|which|how|when|where|why|right"
    r"|left|more|most|so|then|also|just|even|not|never|to|of|in|on|at|by|for|with)\b|,[”\"’]?\s+(?:but|then|yet)\s"
    r"|\bthat\s+(?:During|After|Before|When|While|Although|Because|If|In|On|At|For|With|According|Out|Under|Over|Among"
    r"|Despite|From|Since|Until|As)\b"
    r"|,\s*\S{1,3}\?$"
    # "Will doing so spark ...", "Will Xi choose the former?": what they point back to is not in the question.
    r"|^\w+\s+doing\s+(?:so|this|that)\b|\bthe\s+(?:former|latter)\?$"
    # Advice to the reader ("Will a cable do, or a dongle if you prefer?") is not a matter the story leaves open,
    # and "whether it's ..." does not say what "it" is.
    r"|\b(?:[Yy]ou|[Yy]our|[Yy]ou['’](?:re|ll|ve|d))\b|\bwhether\s+(?:it|he|she|they|this|that|we|there)['’]s\b"
    # "Will the IPCC find out is how much ...?": the copula of a "What we asked X to find out is ..." sentence
    r"|\b(?:out|know|see|learn|determine|establish|find|understand)\s+(?:is|was)\s+(?:how|what|why|whether|who|when)\b"
    # "Will Neither side say ...", "Will continue clean up ...": no one, or no subject at all, before the verb
    r"|^Will\s+(?:neither|none|nobody|no|each|every|continue|be|have|make|take|keep|remain|become|get|need|seek"
    r"|face|begin|start|resume|return|stay|say)\b"
    # "Will the court also heard Rush ...": a past form where the modal needs the plain verb
    r"|^(?:Will|Could)\s+(?:[\w'’-]+\s+){1,4}?(?:also|then|still)\s+(?:heard|said|told|was|were|had|did|made|took"
    r"|[a-z]+ed)\b"
    # "Will the investigation substantiate that, the sheriff said?": who said it is no part of the question
    r"|,[”\"’]?\s+(?:[\w'’-]+\s+){0,3}(?:said|says|replied|added|told|stated|asked)\?$|^Should\s+there\b"
    # "Will our calendar be disrupted?": whose "our" is, the question does not say
    r"|\b(?:[Oo]ur|[Mm]y)\b"
    # "found guilty on the the charges": a word said twice where two parts of a question were joined
    r"|\b(?!(?:that|had)\b)(\w+)\s+\1\b"
    # "Is it known whether to open an inquiry?" has no subject; "... reduce the risk but that the site would
    # remain ...?" joins a reported clause; "the investigation into rivals was inappropriate find?" a clause as a thing
    r"|^Is it known whether to\b|,?\s+but\s+that\s|\binto\b[^?]*\s(?:was|were|is|are)\s+\w+\s+find\?$"
    # '..., Carpio?' after a quotation: who said it, cut from its verb; a teaser's "…?"; "as we reported":
    # the writer's "we"; "Will their jobs back ...": a demand's object read as a subject with no verb
    r"|,[”\"’]\s+[A-Z][\w'’-]+\?$|(?:…|\.\.\.)\s*\?$|\bas\s+we\s+(?:previously\s+|have\s+)?(?:reported|noted|wrote)\b"
    r"|^Will\s+(?:their|his|her|its)\s+\w+\s+back\b",
    re.IGNORECASE,
)
_PRONOUN_QUESTION_RE = re.compile(
    r"^(?:(?:When|What|How|Why|Where)\s+)?(?:will|would|could|can|is|are|was|were|did|does|do|has|have)\s+"
    r"(?:it|he|she|they|this|that|these|those|we|i|you|him|her|them)\b(?!\s+(?:true|known|confirmed|clear))",
    re.IGNORECASE,
)
_PRONOUN_SUBJECTS = set("we i you it they he she this that there one".split())
# "would typically leave", "would have balanced", "would not disclose": habit, counterfactual or past refusal.
_NOT_PENDING_RE = re.compile(
    r"^(?:typically|usually|often|always|sometimes|normally|routinely|have|not|be seen|be heard|see|hear)\b"
)
# "the company does not plan to ...", "the team has plans to ...": an auxiliary or a negation in the subject.
_AUXILIARY_WORDS = set("does do did not doesn't don't didn't never is are was were has have had".split())
_MODAL_RE = re.compile(
    r"(?P<subj>(?:[\w.'’-]{1,40}\s+){0,5}?[\w.'’-]{1,40})\s+"
    r"(?P<verb>will|would|could|(?:(?:is|are|(?:has|have) been) (?:expected|scheduled|due|set|likely|poised|slated)"
    r"|plans|plan|intends|intend|aims|vows|vowed|pledges|pledged|promises|promised) to)\s+(?:not\s+)?(?P<rest>[^;]+)"
)
_NOT_SAID_WHEN_RE = re.compile(
    r"\bha(?:s|ve|d) not (?:said|announced|decided) when\s+(?P<subj>.+?)\s+will\s+(?P<rest>.+)"
)
_INVESTIGATED_RE = re.compile(
    r"(?P<subj>\b(?:[Tt]he\s+|[A-Z])[^,;]{1,60}?)\s+(?:is|are|was|were|remains?)\s+(?:\w+ly\s+|still\s+)?"
    r"(?:under investigation|being investigated(?P<by>\s+by\s+[^,;.]{3,60})?)"
)
_SCHEDULED_RE = re.compile(
    r"(?P<subj>\b(?:[Tt]he\s+|[Hh]is\s+|[Hh]er\s+|[Tt]heir\s+)?[A-Za-z][\w'’-]{0,40}(?:\s+[\w'’-]{1,40}){0,3}?)\s+"
    r"(?:is|are|was|were)\s+(?:scheduled|set|due)\s+(?P<when>(?:for|on)\s+[^,;]{2,40}?)\.?$"
)
_WAITING_RE = re.compile(r"\b(?:waiting for|awaiting)\s+(?P<thing>[^,;]{3,80}?)\s+to\s+(?P<rest>[^;]{3,})")
# "Assange is battling extradition to the United States": the outcome is pending, and the article names who.
_CONTESTED_RE = re.compile(
    r"(?<![\w.'’-])(?P<who>(?:[A-Z][\w.'’-]{0,40}\s+){0,2}[A-Z][\w.'’-]{0,40})(?:,\s+\d{1,3},)?\s+"
    r"(?:is|are|has been|have been)\s+(?:still\s+)?(?:battling|fighting|contesting|challenging|resisting)\s+"
    r"(?:(?:his|her|their)\s+)?(?P<what>extradition|deportation)(?P<where>\s+to\s+(?:the\s+)?"
    r"(?:[A-Z][\w.'’-]{0,40}\s+){0,2}[A-Z][\w.'’-]{0,40})?"
)
_PARTICIPLE = {"extradition": "extradited", "deportation": "deported"}
# "Google promised players would be able to ...": a promise the article reports; whether it is kept is open.
_PROMISED_RE = re.compile(
    r"(?<![\w.'’-])(?P<who>(?:[A-Z][\w.'’-]{0,40}\s+){0,2}[A-Z][\w.'’-]{0,40})\s+(?:has\s+|had\s+)?promised\s+"
    r"(?:that\s+)?(?P<what>[^,;:]{0,60}?\b(?:would|will)\s+[^;:]{3,})"
)
# "X have dragged the Inspector-General of Police, Ibrahim Idris, to court", "X sued Y": the ruling is pending.
_TO_COURT_RE = re.compile(
    r"\b(?:dragged|taken|hauled)\s+(?P<dragged>(?:the\s+)?[A-Z][^,;]{1,60}?)(?:,\s+[^,;]{2,40},)?\s+to\s+court\b"
    r"|\b(?:sued|sues|filed\s+(?:a\s+)?(?:[a-z-]+\s+)?(?:law)?suit(?:\s+in\s+[^,;]{3,60}?)?\s+against|(?:law)?suit\s+against"
    r"|filed\s+in\s+(?:[\w.]+\s+){1,3}[Cc]ourt\s+against)\s+"
    r"(?P<sued>(?:the\s+)?(?>(?:[A-Z][\w.&'’-]{0,40}\s+){0,4}[A-Z][\w.&'’-]{0,40})"
    # "sued the Los Angeles company": a place that describes the party is not the party
    r"(?!\s+(?:company|firm|corporation|business|group|agency|team|club|department|school|district|hospital"
    r"|university|retailer|maker|bank|airline|carrier)\b)"
    r"|the\s+(?:city|state|county|town|village|district)\s+of\s+[A-Z][\w.&'’-]{0,40}(?:\s+and\s+[\w\s]{3,30}?)?"
    r"(?=\s+(?:asks?|seeks?|alleges?|claims?|says?|was|is|for|over|on|in)\b|[,.;]))"
)
_SUIT_BY_RE = re.compile(
    r"\b(?P<kind>[a-z]+\s+)?lawsuit\s+filed\s+by\s+(?P<plaintiff>(?:[A-Z][\w.&'’-]{0,40}\s+){0,3}[A-Z][\w.&'’-]{0,40})"
    r"(?=[\s,.;]|$)"
)
# "Peng Mei ... responded ..., threatening legal action": whether the threat is carried out is open.
_LEGAL_THREAT_RE = re.compile(
    r"^(?P<who>(?:[A-Z][\w.'’-]{0,40}\s+){0,3}[A-Z][\w.'’-]{0,40})\b[^;]*?\bthreaten(?:ed|ing|s)?\s+"
    r"(?:to\s+(?:take|pursue|launch|bring)\s+)?legal\s+action\b"
)
_PENALTY_RE = re.compile(r"\b(?:prison|jail|years|fine|sentence|penalty)\b")
# "Ambassador X, the most anticipated witness, is likely to ...": the name before the appositive is the subject.
_APPOSED_MODAL_RE = re.compile(
    r"(?P<name>(?:[A-Z][\w.'’-]{0,40}\s+){0,3}[A-Z][\w.'’-]{0,40}),\s+(?:a|an|the)\s+[^,]{3,80},\s+"
    r"(?:will|is (?:expected|likely|due|set|scheduled) to)\s+(?P<rest>[^;]+)"
)
_WHETHER_RE = re.compile(r"\bwhether\s+(?P<clause>[^;]+)")
_FACES_RE = re.compile(
    r"(?P<subj>\b[A-Z][\w'’-]{0,40}(?:\s+[A-Z][\w'’-]{0,40})*)\s+(?:faces|is facing)\s+(?P<obj>[^;]+)"
)
_SUBJECT_RE = re.compile(
    r"^(?!(?:by|to|in|on|at|for|from|with|until|of|into)\b)(?:(?:the|a|an|its|their)\s+)?(?:[\w.'’-]{1,40}\s+){0,3}[\w.'’-]{1,40}$",
    re.IGNORECASE,
)
_SUBJECT_STOP_RE = re.compile(
    r".*\b(?:that|believe|believes|believed|think|thinks|thought|say|said|says|hope|hopes|hoped|fear|fears|feared"
    r"|expect|expects|expected|predict|predicts|predicted|argue|argues|argued|warn|warns|warned|insist|insists"
    r"|insisted|claim|claims|claimed|know|knows|knew|feel|feels|felt|suggest|suggests|suggested|assume|assumes"
    r"|assumed|reckon|reckons|reckoned|wrote|writes|told|and|but|because|after|while|though"
    r"|if|as|until|unless|when|before)\s+",
    re.IGNORECASE,
)
# "The more the public hears, the less it ...": a comparative clause, not a subject that will do something.
_COMPARATIVE_SUBJECT_RE = re.compile(
    r"^the\s+(?:more|less|fewer|longer|sooner|later|bigger|harder|better|worse|further)\b", re.IGNORECASE
)
# "Trump and Chinese leader Xi Jinping have been expected to ...": two named actors, both the subject of a plural
# verb; the general rule cuts a subject at "and" (", and he will ...").
_PLURAL_VERB_RE = re.compile(r"(?:are|have|plan|intend)\b")
_NAMED_PAIR_RE = re.compile(
    r"(?<![\w.'’-])(?:[A-Z][\w.'’-]{0,40}\s+){0,3}[A-Z][\w.'’-]{0,40}\s+and\s+(?:[\w.'’-]{1,40}\s+){0,4}"
    r"[A-Z][\w.'’-]{0,40}$"
)
# "President Xi Jinping of China": a name with its country is one subject, longer than the general limit.
_NAME_OF_PLACE_RE = re.compile(r"^(?:[A-Z][\w.'’-]{0,40}\s+){1,3}of\s+(?:the\s+)?[A-Z][\w.'’-]{0,40}$")
_SINCE_RE = re.compile(
    r"\s+(?:for|since)\s+(?:about|nearly|almost|more than|over|at least|some)?\s*(?:a|an|\w+)\s+"
    r"(?:days?|weeks?|months?|years?|decades?)$"
)
# ", and Durham might ...": a second clause with its own subject; the question keeps only the first.
_SECOND_CLAUSE_RE = re.compile(
    r",?\s+(?:and|or|so|while)\s+(?=(?:he|she|they|it|we|i)\s|(?:[A-Z][\w.'’-]+\s+){1,3}"
    r"(?:might|may|will|would|could|can|should|must|is|are|was|were|has|have|had)\b"
    # "begin in the spring and the library is scheduled to reopen": a second subject with its own verb
    r"|(?:the|its|their|his|her)\s+(?:[\w'’-]+\s+){0,2}(?:is|are|was|were|will|would|has|have|had)\s)"
)


# "will speak to X today and hopes to arrange ...", "will be a focus and said they will ...": a second verb of
# the subject's starts another clause, which the question leaves out.
_SECOND_VERB_RE = re.compile(
    r",?\s+and\s+(?:also\s+)?(?:said|says|say|added|told|insisted|warned|noted|stressed|hopes|hoped|plans|planned"
    r"|wants|wanted|expects|expected|intends|intended"
    r"|(?:are|is|were|was)\s+(?:\w+ly\s+)?(?:calling|saying|insisting|claiming|demanding|pointing|accusing))\b"
)


def _trim(text: str) -> str:
    text = without_list_before_verb(re.sub(r"\s+", " ", text).strip(" ,;:.\"“”‘’'"))
    second = _SECOND_VERB_RE.search(text)
    if second is not None and len(text[: second.start()].split()) >= 1:
        text = text[: second.start()]
    words = text.split()
    if len(words) > MAX_QUESTION_WORDS:
        # Cut at the last comma inside the limit, never mid-phrase ("... into Joe Biden, Trump's leading?");
        # with no comma the text stays whole and well_formed() cuts it at a clause break or drops it.
        head = " ".join(words[:MAX_QUESTION_WORDS])
        comma = head.rfind(", ")
        text = head[:comma] if comma > 0 and len(head[:comma].split()) >= GIST_MIN_WORDS else text
        # "... in the car and while searching it": the clause the comma ended is cut off its main clause.
        text = re.sub(
            r"\s+(?:and|but)\s+(?:while|when|after|before|as|because|if|since|though|although)\b[^,]*$", "", text
        )
    text = re.split(r",\s+(?:including|which|who|as|while|though|warning|saying|adding|but)\b|:\s|\s[—–]\s", text)[0]
    second_clause = _SECOND_CLAUSE_RE.search(text)
    if second_clause is not None and re.search(r"\b[a-z]{2,}\b", text[: second_clause.start()]):
        text = text[: second_clause.start()]  # not "Menendez and Melgen had held ...": a subject of two names
    # "whether the exam should be scrapped but later issued a statement": the subject's next act is not asked;
    # "would reduce the risk but that the site would remain ...": nor a second reported clause
    text = re.split(r",?\s+but\s+(?:later|then|also|instead|that)\s+", text, maxsplit=1)[0]
    text = re.sub(
        r",\s+(?:[\w.'’-]{1,40}\s+){1,4}(?:said|says|testified|reported|told|added)(?:\s+\w+){0,3}$", "", text
    )
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        text = re.sub(r"[\"“”]", "", text)  # never leave a quotation half open
    return text.rstrip(" ,;:")


def _lower_first(text: str) -> str:
    return lower_first(text)


# "the accusations of orgies and misuse of funds": what the denial names is what a reader asks about.
_DENIED_OF_RE = re.compile(
    r"^(?:(?:the|any|all|these|those)\s+)?(?:[a-z]+\s+)?(?P<noun>allegations?|accusations?|claims?|charges?|reports?)"
    r"\s+(?:of|about)\s+(?P<content>[^\"“”]{6,})$",
    re.IGNORECASE,
)
_DENIED_SPELLED_RE = re.compile(
    r"^(?:(?:the|any)\s+|(?:U\.S\.|[A-Z][a-z]+(?:['’]s|an|ese|ish|i)?)\s+)?(?:suggestion|claims?|allegations?|accusations?"
    r"|reports?|idea|notion|assertions?|charges?|speculation|contention)"
    # "claims from Gazan authorities that ...": who makes the claim may stand between it and what it says
    r"(?:\s+(?:from|by|of)\s+[^,;\"“”]{2,60}?)?\s+that\s+(?!(?:accused|said|says|claimed|alleged|called)\b)"
    r"(?P<content>.{8,})$",
    re.IGNORECASE,
)
# "Hun Sen denied his ruling party orchestrated mass rallies ...": the denial names what is denied as a clause.
_DENIED_CLAUSE_RE = re.compile(r"\b(?:denied|denies|deny|denying)\s+(?:that\s+)?$", re.IGNORECASE)
_REFERENCE_OPENER_RE = re.compile(
    r"^(?:\S+\s+){0,2}(?:suggestions?|claims?|allegations?|accusations?|reports?|assertions?|charges?|rumou?rs?)\b",
    re.IGNORECASE,
)  # "Allegations from a UN panel that accused it of ...": a report named, not a clause to ask about
# "his ruling party orchestrated ...", "the contracts were tied ...": a subject, then soon a finite verb
_CONTENT_CLAUSE_RE = re.compile(
    r"^(?:His|Her|Its|Their|The|These|Those)\s+(?:[\w'’-]+\s+){0,5}?"
    r"(?:was|were|is|are|had|has|have|did|would|will|could|[a-z]{3,}ed)\b"
)


GIST_MAX_WORDS = 24
GIST_MIN_WORDS = 8
_GIST_BREAK_RE = re.compile(r",\s+and\s+that\s|,\s+and\s|\s+and\s|,\s|\s[—–]\s")


def _gist(statement: str, *, names: list[str]) -> str:
    """A claim as the clause of a question: trimmed at a clause break to at most GIST_MAX_WORDS words, its
    first word in lower case unless it is a name ("Attackers gained ..." -> "attackers gained ...")."""
    text = _trim(statement)
    if len(text.split()) > GIST_MAX_WORDS:
        cuts = [
            m.start()
            for m in _GIST_BREAK_RE.finditer(text)
            if GIST_MIN_WORDS <= len(text[: m.start()].split()) <= GIST_MAX_WORDS and _outside_quotes(text, m.start())
        ]
        text = text[: cuts[0]].rstrip(" ,") if cuts else text  # the first break: the main clause
    first = text.split(" ", 1)[0]
    named = any(first in name.split() for name in names)
    plural = re.fullmatch(r"[A-Z][a-z]{2,}s", first) is not None and re.match(r"\S+\s+[a-z]", text) is not None
    return text[0].lower() + text[1:] if plural and not named else _lower_first(text)


# A claim that names its own claimant with a verb of saying ("Chamisa accused the ruling party of fraud", "Dow
# believed the findings ..."): the question is about what is claimed, not about the claiming.
_OWN_STANCE = (
    r"^(?:[\w.'’-]+\s+){{0,3}}?(?P<who>{who})\s+(?:also\s+)?(?:has\s+|had\s+)?"
    r"(?:accused\s+(?P<accused>(?:the\s+)?[^,;]{{2,60}}?)\s+of\s+|(?:said|says|believed|believes|claimed|claims"
    r"|argued|argues|insisted|insists|maintained|maintains|alleged|alleges)\s+(?:that\s+)?)(?P<what>.{{8,}})$"
)


def own_stance(statement: str, claimant: str) -> re.Match[str] | None:
    """'Chamisa accused the ruling party of fraud' said by Nelson Chamisa: the claimant names itself."""
    who = "|".join(re.escape(name) for name in {claimant, claimant.split()[-1]})
    return re.match(_OWN_STANCE.format(who=who), _cleaned(statement))


def _named_subject(content: str, denier: str) -> str:
    """'that he accepted gifts', denied by Bob Menendez: 'that Bob Menendez accepted gifts'."""
    return re.sub(r"^(?:he|she)\b", lambda _: denier, content)


def conflict_questions(claims: list[Claim], denials: list[Denial]) -> list[OpenQuestion]:
    questions: list[OpenQuestion] = []
    for denial in denials:
        if denial.disputes_claim is None:
            continue
        claim = claims[denial.disputes_claim]
        gist = _gist(claim.statement, names=[c.claimant for c in claims] + [d.denier for d in denials])
        responsible = re.match(  # "the Red Hand claimed responsibility for ...": the claim names its claimant
            rf"(?:(?:the\s+)?{re.escape(claim.claimant)}\s+)?(?:claimed\s+)?responsibility for\s+(?P<act>.+)",
            gist,
            re.IGNORECASE,
        )
        own = own_stance(gist, claim.claimant)
        if responsible:
            question = f"Was {claim.claimant} responsible for {responsible.group('act')}?"
        elif own is not None and own.group("accused"):  # "X accused Y of Z": is Y guilty of it?
            question = f"Is the accusation of {own.group('what')} against {own.group('accused')} true?"
        elif own is not None:  # "X believed Z": the question is Z, not whether X believed it
            question = f"Is it true, according to {source_phrase(claim.claimant)}, that {own.group('what')}?"
        else:
            question = f"Is it true, according to {source_phrase(claim.claimant)}, that {gist}?"
        questions.append(
            OpenQuestion(
                question=question,
                why=f"{claim.claimant} says so; {denial.denier} denies it.",
            )
        )
    for denial in denials:
        spelled = _DENIED_SPELLED_RE.match(denial.denied)
        if denial.disputes_claim is None and spelled is not None:  # "rejected the suggestion that X"
            questions.append(
                OpenQuestion(
                    question=f"Is it true that {_trim(_named_subject(spelled.group('content'), denial.denier))}?",
                    why=f"{denial.denier} rejects it.",
                )
            )
    for denial in denials:
        content = denial.denied.rstrip(" .")
        at = denial.quote.find(content[:1].lower() + content[1:]) if content else -1
        clause = (
            at > 0
            and _DENIED_CLAUSE_RE.search(denial.quote[:at]) is not None
            and _CONTENT_CLAUSE_RE.match(content) is not None
            and not _REFERENCE_OPENER_RE.match(content)
        )
        if denial.disputes_claim is None and clause:
            owner = re.match(r"(?:His|Her|Its|Their)\s+", content)
            if owner is not None:  # "his ruling party" is the denier's: say whose
                content = f"{denial.denier}’s {content[owner.end() :]}"
            questions.append(
                OpenQuestion(
                    question=f"Is it true that {_lower_first(_trim(content))}?", why=f"{denial.denier} denies it."
                )
            )
    for denial in denials:
        named = _DENIED_OF_RE.match(denial.denied)
        if denial.disputes_claim is None and named is not None:  # "denied the accusations of bribery"
            noun = named.group("noun").lower()
            verb = "Are" if noun.endswith("s") else "Is"
            # "allegations of engaging with prostitutes are manufactured ...": the content ends at the predicate
            what = _cleaned(_trim(re.split(r"\s+(?:are|is|were|was|have been|has been)\s", named.group("content"))[0]))
            questions.append(
                OpenQuestion(question=f"{verb} the {noun} of {what} true?", why=f"{denial.denier} denies them.")
            )
    for denial in denials:
        refusal = REFUSAL_RE.search(denial.quote)
        if denial.disputes_claim is None and refusal is not None:
            thing = refusal.group("obj").strip()
            questions.append(
                OpenQuestion(
                    question=f"Will {denial.denier} reconsider {thing}?",
                    why=f"{denial.denier} has refused it; the article does not say whether that is final.",
                )
            )
    return questions


_ACCUSED_RE = re.compile(
    r"(?<![\w.'’-])(?P<accuser>(?:[A-Z][\w.'’-]{0,40}\s+){0,3}[A-Z][\w.'’-]{0,40})"
    r"(?:\s+on\s+[A-Z][a-z]+day)?\s+(?:also\s+)?(?:has\s+|have\s+|had\s+)?accused\s+"
    r"(?P<accused>(?:the\s+)?(?:[A-Z][\w.'’-]{0,40}\s+){0,3}[A-Z][\w.'’-]{0,40})"
    r"(?:\s+on\s+[A-Z][a-z]+day)?\s+of\s+(?P<what>[a-z][^,;:!?\"“”]{4,120}?)(?:[,;:!?\"“”]|\.(?:\s|$)|$)"
)
_NOT_A_PARTY = _PRONOUN_SUBJECTS | {"the", "a", "an", "some", "many", "critics", "others"}


def accusation_questions(sentences: list[Sentence], claims: list[Claim], denials: list[Denial]) -> list[OpenQuestion]:
    """'Esper accused China of coercion', and nothing in the article from China: has China answered it?

    Only a named accuser and a named accused, outside any quotation; when the accused speaks anywhere in the
    brief (a claim or a denial) the article gives its answer, and there is no question."""
    speakers = [c.claimant for c in claims] + [d.denier for d in denials]
    spoken = {word.lower() for name in speakers for word in name.split() if word[:1].isupper()}
    questions: list[OpenQuestion] = []
    for sentence in sentences:
        if not sentence.usable:
            continue
        for match in _ACCUSED_RE.finditer(sentence.text):
            accuser, accused = match.group("accuser"), match.group("accused")
            names = (accuser.split()[0].lower(), accused.removeprefix("the ").split()[0].lower())
            if set(names) & _NOT_A_PARTY or not _outside_quotes(sentence.text, match.start()):
                continue
            if {word.lower() for word in accused.split() if word[:1].isupper()} & spoken:
                continue  # the accused answers somewhere in the article
            what = _gist(match.group("what"), names=speakers)
            questions.append(
                OpenQuestion(
                    question=f"{_has(accused)} {accused} responded to {accuser}’s accusation of {what}?",
                    why=f"{accuser} makes the accusation; the article has no answer from {accused}.",
                )
            )
    return questions


_VIOLENT_ACT_RE = re.compile(
    r"\b(?:[Tt]he|[Aa]n?)\s+(?P<act>(?:fatal\s+|deadly\s+)?(?:stabbing|shooting|attack|killing|murder|bombing|kidnapping"
    r"|abduction|arson attack|assassination))\b"
)
_CULPRIT_RE = re.compile(
    r"\b(?:arrested|suspect|suspected|charged with|detained|in custody|convicted|assailant|gunman)\b"
)
_MOTIVE_RE = re.compile(r"\bmotiv|\bbecause\b|\bin revenge\b|\bover a dispute\b", re.IGNORECASE)


def motive_questions(sentences: list[Sentence]) -> list[OpenQuestion]:
    """A violent act with a suspect, and not a word on why: the question every reader of such a story asks.

    Only in the article's own narration (outside quotations), and never when it speaks of a motive or gives
    a reason at all: then the answer, or what is unknown about it, is in the text."""
    narration = " ".join(s.text for s in sentences if s.usable)
    if _MOTIVE_RE.search(narration) or not _CULPRIT_RE.search(narration):
        return []
    for sentence in sentences:
        match = _VIOLENT_ACT_RE.search(sentence.text) if sentence.usable else None
        if match and _outside_quotes(sentence.text, match.start()):
            act = match.group("act")
            return [
                OpenQuestion(
                    question=f"What was the motive for the {act}?",
                    why=f"The article reports the {act} and a suspect, but not why.",
                )
            ]
    return []


_INQUIRY_INTO_RE = re.compile(
    r"\b(?:(?:investigations?|inquiry|inquiries|probes?)(?:\s+(?:on\s+)?[A-Z][a-z]+day)?\s+(?:of|into)"
    r"|being\s+investigated\s+(?:over|for))\s+"
    r"(?P<thing>(?:the\s+|a\s+|an\s+|his\s+|her\s+"
    r"|their\s+|its\s+)?(?:[^,;:.!?\"“”()]|(?<=Rep)\.|(?<=Sen)\.|(?<=Gov)\.|(?<=Dr)\.|(?<=Mr)\.|(?<=Ms)\.|(?<=Jr)\."
    r"|(?<=Inc)\.|(?<=Co)\.){2,90}?)(?=\s*[,;:!?\"“”()]|(?<!\bRep)(?<!\bSen)(?<!\bGov)(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bJr)(?<!\bInc)(?<!\bCo)\.|\s+(?:after|which|who|whom|whose|that|and|but|as|since|because|to\s+(?:determine|establish|see|find|decide|an?|the)|whether"
    r"|following|amid|by|in which|is|was|has|had|will|would|could|began|started|were|are|continues|last|on|this"
    r"|earlier|over|ordered|launched|opened|said)\b|$)"
    r"|\b(?P<who>(?:[A-Z][\w.&'’-]{0,40}\s+){0,3}[A-Z][\w.&'’-]{0,40}|(?:the|The)\s+[a-z]+"
    r"|[A-Z][\w.&-]{0,40}['’]s\s+(?:[a-z]+\s+){0,2}[a-z]+)\s+"  # "Oregon's attorney general is investigating"
    r"(?:is|are|was|were|has been|have been)\s+investigating\s+(?P<object>[^,;:.!?\"“”()]{3,90}?)"
    r"(?=\s*[,;:.!?\"“”()]|\s+(?:after|which|and|but|as|since|because|following|amid|over)\b|$)"
    # "he is hiring a law firm to help investigate his predecessor for ...": an inquiry being set up
    r"|\b(?:to\s+(?:help\s+)?|will\s+)investigate\s+(?P<target>(?:the|his|her|their|its|[A-Z])[^,;:.!?\"“”()]{2,90}?)"
    r"(?=\s*[,;:.!?\"“”()]|\s+(?:after|which|and|but|as|since|because|following|amid|over|for|in)\b|$)"
)
# An investigation whose result the article already gives leaves nothing open.
_INQUIRY_DONE_RE = re.compile(
    r"\b(?:investigation|inquiry|probe|review|investigators)\b[^.;]{0,80}\b(?:found|concluded|cleared|determined"
    r"|established|ruled)\b|\b(?:found|concluded|cleared)\b[^.;]{0,40}\b(?:investigation|inquiry|probe)\b"
)


_ASKED_FOR_RE = re.compile(
    r"\b(?:to|would|will|could|should|may|might)\s+(?:open|launch|start|begin|announce|conduct|hold|order|seek)\s+"
    r"(?:an?|the|its|their)\s+(?:\w+\s+)?$|\b(?:demand(?:ed|s|ing)?|call(?:ed|s|ing)?\s+for|request(?:ed|s|ing)?"
    r"|push(?:ed|es|ing)?\s+for|urg(?:ed|es|ing)|want(?:ed|s)?|sought|seek(?:s|ing)?|asked\s+for|no)\s+(?:an?|the)?\s*"
    r"(?:\w+\s+)?$"
    # "pressure the president into announcing a corruption inquiry into X": wanted, not under way
    r"|\b(?:into|about|over|without)\s+(?:announcing|opening|launching|starting|conducting|ordering)\s+(?:an?|the)\s+"
    r"(?:\w+\s+)?$"
)


_APPEAL_RE = re.compile(
    r"\b(?:will|would|may|might|plans?\s+to|intends?\s+to|is\s+(?:likely|expected|set|going)\s+to|has\s+decided\s+to"
    r"|vowed\s+to|could)\s+appeal\s+(?:against\s+)?(?P<what>(?:the|a|an|this|that)\s+[^,;:.!?\"“”()]{2,60}?)"
    r"(?=\s*[,;:.!?\"“”()]|\s+(?:to|in|at|before|with|and|but|as|after|which)\b|$)"
)
# "a statement of appeal was lodged with the Court of Arbitration for Sport": the court that will rule is named
_APPEAL_LODGED_RE = re.compile(
    r"\bappeal\s+(?:was|has\s+been|had\s+been|is\s+being|will\s+be)\s+(?:lodged|filed|launched|submitted)\s+"
    r"(?:with|to|before|at)\s+the\s+(?P<court>(?:[A-Z][\w'’-]{1,40}\s+)*(?:Court|Tribunal)(?:\s+(?:of|for)"
    r"(?:\s+[A-Z][\w'’-]{1,40}){1,4}){0,2})"
)
_APPEAL_DONE_RE = re.compile(
    r"\bappeal\s+(?:was|has been)\s+(?:rejected|dismissed|upheld|granted|allowed)\b|\bon appeal\b"
)
_GUILTY_DONE_RE = re.compile(r"\b(?:convicted|found guilty|acquitted|sentenced|pleaded guilty|pleads guilty)\b")
_PLEA_OBJECT_RE = re.compile(
    r"\bplead(?:ed|s)?\s+not\s+guilty\s+(?:(?:on\s+)?[A-Z][a-z]+day\s+)?to\s+(?P<charges>(?:[\w$,.-]+\s+){0,6}?(?:charges?|counts?))\b"
)
_OFFENCE_END = r"(?=\s*[,;:.!?\"“”()]|\s+(?:after|and|but|as|in connection|over|following|for)\b|$)"
_CHARGED_ACTIVE_RE = re.compile(
    r"\bcharged\s+(?P<who>(?:the\s+)?\d[\d,]*\s+[a-z]+|(?:[A-Z][\w.'’-]{0,40}\s+){0,3}[A-Z][\w.'’-]{0,40})\s+with\s+"
    rf"(?P<offence>[^,;:.!?\"“”()]{{4,80}}?){_OFFENCE_END}"
)
_CHARGED_WITH_RE = re.compile(
    r"(?P<who>\b(?:[A-Z][\w.'’-]{0,40}\s+){0,3}[A-Z][\w.'’-]{0,40}|\b(?:the\s+)?\d[\d,]*\s+[a-z]+)\s+"
    r"(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:\w+ly\s+)?charged\s+with\s+"
    rf"(?P<offence>[^,;:.!?\"“”()]{{4,80}}?){_OFFENCE_END}"
)
_COUNTING_RE = re.compile(
    r"\b(?:counting\s+(?:began|begins|has\s+begun|is\s+under\s?way|continues)|votes\s+(?:are|were)\s+(?:being\s+)?counted"
    r"|results\s+(?:are|were)\s+(?:expected|due)|(?:first|final|official)\s+results\s+(?:are|were)\s+(?:expected|due))\b",
    re.IGNORECASE,
)
_ELECTION_RE = re.compile(
    r"\b(?P<kind>presidential|parliamentary|general|legislative|local|regional|mayoral)?\s*election\b"
)


# "former Mayor Kwame Kilpatrick is returning to court for the start of a corruption trial", "X goes on trial".
_ON_TRIAL_RE = re.compile(
    r"(?P<who>\b[A-Z][\w'’-]{1,40}(?:\s+[A-Z][\w'’-]{1,40}){1,3})\s+(?:is|was|will|went|goes|go)\s+"
    r"(?:(?:be\s+)?(?:returning|returned|return|going|headed|heading|due|set)\s+(?:back\s+)?(?:to\s+court\s+)?"
    r"(?:for\s+(?:the\s+start\s+of\s+)?|to\s+(?:stand\s+)?)|on\s+|stand\s+|standing\s+)"
    r"(?:(?:a|an|his|her|the)\s+)?(?P<kind>[a-z]+(?:\s+and\s+[a-z]+)?\s+)?trial\b"
)
# "charges after becoming ensnared in a sting": what happened next is no part of the charges.
_ACT_TAIL_RE = re.compile(r"\s+(?:after|when|while|because|as|following|since|amid)\b")
_QUANTITY_RE = re.compile(
    r"^(?:more|fewer|nearly|almost|about|around|some|over|at least|up to|dozens|hundreds|all|both|\d[\d,]*"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an)\b"
)


def _counted(charges: str) -> str:
    """'the corruption charges', but 'more than three dozen charges' and '39 counts' take no article."""
    if re.match(r"(?:the|these|those|all|his|her|their|its)\s", charges, re.IGNORECASE):
        return charges  # "pleaded not guilty to the charges": the article is there already
    return charges if _QUANTITY_RE.match(charges) else f"the {charges}"


def _cleaned(phrase: str) -> str:
    """'the order issued last week', 'charges on Thursday': when it happened is no part of the thing asked about."""
    return _WHEN_TAIL_RE.sub("", phrase.strip())


_WHEN_TAIL_RE = re.compile(
    r"\s+(?:on\s+|last\s+|this\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)$"
    r"|\s+(?:last|this|earlier this|next)\s+(?:week|month|year|weekend)$"
)


# "presumed innocent until they are found guilty": a verdict as a condition, not as news
_CONDITION_RE = re.compile(r"\b(?:until|unless|if|whether|before)(?:\s+[\w'’]+){0,3}\s*$")


def _reports_verdict(sentences: list[Sentence]) -> bool:
    """The article says the case is decided: in its own words, not in a quotation ("presumed innocent until they
    are found guilty") and not as a condition ("unless found guilty")."""
    for sentence in sentences:
        ranges = quoted_ranges(sentence.text)
        for match in _GUILTY_DONE_RE.finditer(sentence.text):
            before = sentence.text[max(0, match.start() - 30) : match.start()]
            if outside(match.start(), ranges) and not _CONDITION_RE.search(before):
                return True
    return False


def legal_questions(sentences: list[Sentence], denials: list[Denial]) -> list[OpenQuestion]:
    """The questions every court, appeal and election story leaves: will the appeal succeed, will the accused be
    found guilty, who will win. Only from the article's narration, and never once it reports the outcome."""
    usable = [s for s in sentences if s.usable]
    narration = " ".join(s.text for s in usable)
    questions: list[OpenQuestion] = []
    appeal_decided = _APPEAL_DONE_RE.search(narration) is not None
    for sentence in usable:
        if appeal_decided:
            break
        match = _APPEAL_RE.search(sentence.text)
        lodged = _APPEAL_LODGED_RE.search(sentence.text)
        if match is not None:
            question = f"Will the appeal against {_lower_first(_cleaned(match.group('what')))} succeed?"
        elif lodged is not None:
            question = f"How will the {_cleaned(lodged.group('court'))} rule on the appeal?"
        else:
            continue
        questions.append(OpenQuestion(question=question, why="An appeal is announced; its outcome is open."))
        break
    if not _reports_verdict(usable):
        pleas = [(d.denier, _PLEA_OBJECT_RE.search(d.quote)) for d in denials]
        charged = next(
            (m for s in usable for m in [_CHARGED_WITH_RE.search(s.text) or _CHARGED_ACTIVE_RE.search(s.text)] if m),
            None,
        )
        plea = next(((who, m) for who, m in pleas if m is not None), None)
        if plea is not None:
            who, found = plea
            questions.append(
                OpenQuestion(
                    question=f"Will {who} be found guilty on {_counted(_cleaned(found.group('charges')))}?",
                    why=f"{who} pleaded not guilty; the case is not decided.",
                )
            )
        elif (trial := next((m for s in usable for m in [_ON_TRIAL_RE.search(s.text)] if m), None)) is not None:
            who = re.sub(r"^(?:Former|Acting|Interim)\b", lambda m: m.group().lower(), trial.group("who"))
            kind = (trial.group("kind") or "").strip()
            questions.append(
                OpenQuestion(
                    question=f"Will {who} be found guilty at the {kind + ' ' if kind else ''}trial?",
                    why=f"{who} goes on trial; the article gives no verdict.",
                )
            )
        elif charged is not None and charged.group("who").split()[0].lower() not in _NOT_A_PARTY:
            who = _lower_first(charged.group("who"))
            offence = _cleaned(charged.group("offence"))
            questions.append(
                OpenQuestion(
                    question=f"Will the charge of {offence} against {who} stand in court?",
                    why="The article reports the charge, not a verdict.",
                )
            )
    if _COUNTING_RE.search(narration) and not re.search(r"\b(?:won|wins|declared the winner|was elected)\b", narration):
        election = _ELECTION_RE.search(narration)
        if election is not None:
            kind = f"{election.group('kind')} " if election.group("kind") else ""
            questions.append(
                OpenQuestion(question=f"Who will win the {kind}election?", why="The votes are still being counted.")
            )
    return questions


_NAME = r"(?:[A-Z][\w.'’-]{0,40}\s+){0,3}[A-Z][\w'’-]{1,40}"
_ROLE_FILLED = r"manager|head coach|coach|chief executive|CEO|director|editor|boss|chairman|captain"
# "Coventry have sacked manager Chris Coleman", "Chris Coleman was sacked as manager": who comes next is open.
_SACKED_RE = re.compile(
    rf"\b(?:sacked|fired|axed)\s+(?:(?:their|its|his|her|the)\s+)?(?P<role>{_ROLE_FILLED})\s+(?P<who>{_NAME})\b"
    rf"|(?P<passive>{_NAME})\s+(?:has\s+been|have\s+been|was|were)\s+(?:sacked|fired|axed)\b"
    rf"\s+as\s+(?:\w+\s+)?(?P<as>{_ROLE_FILLED})\b"  # a post to fill; an employee fired is a different story
)
# A successor the article names ("replaced by", "appointed X as interim manager", "takes over from").
_SUCCESSOR_RE = re.compile(
    r"\b(?:replaced by|(?:named|appointed|confirmed)\s+(?:[\w.'’-]+\s+){0,3}(?:as\s+)?(?:the\s+)?(?:new|interim"
    r"|caretaker|permanent)|(?:take[sn]?|took)\s+over\s+(?:as|from))\b"
)
# "a resolution that expresses no confidence in Chief Steve Conrad", "called on Mayor X to resign".
_NO_CONFIDENCE_RE = re.compile(
    rf"\bno[- ]confidence\s+(?:vote\s+|motion\s+)?(?:in|against)\s+(?P<who>{_NAME})"
    rf"|\bcall(?:ed|s|ing)?\s+(?:on|for)\s+(?P<called>{_NAME})\s+to\s+(?:resign|step\s+down|quit)\b"
)
_GONE_RE = re.compile(r"\b(?:resigned|stepped down|has quit|was removed|were removed|was ousted)\b")
# "intends to strike at 7 a.m. on July 6", "voted overwhelmingly to authorize a strike".
_STRIKE_PLANNED_RE = re.compile(
    r"\b(?:intends?|plans?|planning|threatens?|threatened|threatening|set|vowed|vote[sd]?\s+(?:\w+\s+)?to\s+authori[sz]e"
    r"|strike\s+date)\s+(?:to\s+)?(?:(?:a|an|the)\s+)?(?:[\w-]+\s+)?strike\b|\bstrike\s+date\b"
)
_STRIKE_SETTLED_RE = re.compile(r"\b(?:called off|averted|suspended|ended|end to)\s+(?:the\s+)?(?:\w+\s+)?strike\b")
# "had declared an indefinite strike", "went on strike", "the strike entered its third week": when will it end?
_STRIKE_ON_RE = re.compile(
    r"\b(?:declared|began|begun|launched|started|staged|called)\s+(?:an?\s+)?(?:indefinite|open-ended|nationwide|general"
    r"|all-out)\s+strike\b|\b(?:went|gone|are|were|remain|remained)\s+on\s+(?:an?\s+)?(?:indefinite\s+)?strike\b"
    r"|\bstrike\s+(?:entered|is\s+in|continues|continued|dragged)\b"
)
# "An elementary school in Lavon will be closed for the rest of the week": when will it reopen?
_CLOSED_RE = re.compile(
    r"\b(?P<what>(?:[Aa]n?|[Tt]he)\s+(?:[\w-]+\s+){0,2}?(?:school|road|highway|bridge|airport|plant|factory|hospital"
    r"|mine|border crossing|station|park|beach|port|campus|refinery))\b[^.;]{0,80}?\b(?:will\s+be|was|were|has\s+been"
    r"|have\s+been|remains?|remained)\s+(?:temporarily\s+|indefinitely\s+)?(?:closed|shut)\b"
)
_REOPENED_RE = re.compile(r"\b(?:reopened|reopens|will\s+reopen\s+(?:on|at|next|in|this|tomorrow))\b")
# "Canterbury coach Dean Pay has been hit with a massive $25,000 fine", "X was fined".
_FINED_RE = re.compile(
    rf"(?P<who>{_NAME})\s+(?:has\s+been|have\s+been|was|were)\s+(?:hit\s+with\s+(?:an?\s+)?(?:[\w$,.-]+\s+){{0,3}}fine"
    r"|fined)\b"
)


# "14 people remained missing", "dozens of residents are still unaccounted for": asked only when people died
_MISSING_RE = re.compile(
    r"\b(?P<count>(?:at least |more than |about |some |nearly |dozens of |hundreds of )?(?:\d[\d,]*|[a-z]+)\s+"
    r"(?:people|persons|residents|villagers|miners|workers|passengers|crew members|fishermen|climbers|others|children))"
    r"\s+(?:(?:are|were|remain|remained|remains|had been|have been|are still|were still|remain still)\s+)"
    r"(?:still\s+)?(?:missing|unaccounted for|trapped)\b"
)
_DEATHS_RE = re.compile(r"\b(?:killed|killing|dead|died|deaths?|death toll|bodies)\b")


def consequence_questions(sentences: list[Sentence]) -> list[OpenQuestion]:
    """What a sacking, a no-confidence vote, a strike threat or a fine leaves open: who replaces the sacked,
    whether the one under pressure goes, whether the strike goes ahead, whether the fined appeal. From the
    article's narration only, and never once it gives the answer (a successor, a resignation, a settled strike,
    any word of an appeal)."""
    usable = [s for s in sentences if s.usable]
    narration = " ".join(s.text for s in usable)
    questions: list[OpenQuestion] = []
    for sentence in usable:
        text = sentence.text
        missing = _MISSING_RE.search(text)
        if missing and _outside_quotes(text, missing.start()) and _DEATHS_RE.search(narration):
            count = missing.group("count")
            questions.append(
                OpenQuestion(
                    question=f"Will the death toll rise while {count} remain missing?",
                    why="People died and others are still missing.",
                )
            )
        sacked = _SACKED_RE.search(text)
        if sacked and _outside_quotes(text, sacked.start()) and not _SUCCESSOR_RE.search(narration):
            who = sacked.group("who") or sacked.group("passive")
            role = sacked.group("role") or sacked.group("as")
            if who.split()[0].lower() not in _NOT_A_PARTY:
                questions.append(
                    OpenQuestion(
                        question=f"Who will replace {who}{f' as {role}' if role else ''}?",
                        why=f"{who} was dismissed; the article names no successor.",
                    )
                )
        pressed = _NO_CONFIDENCE_RE.search(text)
        if pressed and _outside_quotes(text, pressed.start()) and not _GONE_RE.search(narration):
            who = pressed.group("who") or pressed.group("called")
            questions.append(
                OpenQuestion(
                    question=f"Will {who} resign or be removed?", why=f"{who} is under pressure to go and has not."
                )
            )
        strike = _STRIKE_PLANNED_RE.search(text)
        if strike and _outside_quotes(text, strike.start()) and not _STRIKE_SETTLED_RE.search(narration):
            questions.append(
                OpenQuestion(question="Will the strike go ahead?", why="A strike is threatened; no deal is reported.")
            )
        striking = _STRIKE_ON_RE.search(text)
        if striking and _outside_quotes(text, striking.start()) and not _STRIKE_SETTLED_RE.search(narration):
            questions.append(
                OpenQuestion(question="When will the strike end?", why="A strike is on; the article gives no end.")
            )
        closed = _CLOSED_RE.search(text)
        if closed and _outside_quotes(text, closed.start()) and not _REOPENED_RE.search(narration):
            what = re.sub(r"^(?:[Aa]n?|[Tt]he)\s+", "the ", closed.group("what"))
            questions.append(
                OpenQuestion(question=f"When will {what} reopen?", why=f"{what[0].upper() + what[1:]} is closed.")
            )
        fined = _FINED_RE.search(text)
        if fined and _outside_quotes(text, fined.start()) and "appeal" not in narration.lower():
            who = re.sub(r"^(?:[A-Z][a-z]+\s+)*(?:coach|manager|captain|player|boss)\s+", "", fined.group("who"))
            questions.append(
                OpenQuestion(question=f"Will {who} appeal the fine?", why=f"{who} was fined; no appeal is reported.")
            )
    return questions


_DEMANDED_RE = re.compile(
    r"\b(?:demand\w*|call(?:ed|s|ing)?\s+for|urg\w+|sought|seek\w*|asked\s+for|push\w*\s+for)\b[^.;]*$"
)
_REPORTED_ONLY_RE = re.compile(r"\b(?:refut\w+|den(?:ied|ies|y)|rebut\w*|dismiss\w+)\b[^.;]{0,80}\breports?\b[^.;]*$")
_NO_INQUIRY_RE = re.compile(
    r"\b(?:no|not\s+an?|never\s+an?)\s+(?:probe|investigation|inquiry)\b|\bhas\s+not\s+ordered\s+(?:an?\s+)?inquiry\b"
)


_ASKED_TO_RE = re.compile(r"\b(?:asked|asks|urged|urges|called on|calls on|wants|wanted|pressed|pressing)\b")
_NOT_A_THING = {"what", "whether", "how", "him", "her", "them", "me", "us", "it", "itself", "himself", "herself"}
_VAGUE_THINGS = {"matter", "issue", "case", "incident", "allegations", "claims", "situation"}


def investigation_questions(sentences: list[Sentence]) -> list[OpenQuestion]:
    """'The watchdog opened an investigation into his expenses': what will it find? The story's first
    investigation, from its own narration or a speaker's words, and never one whose findings the article gives."""
    usable = [s for s in sentences if s.usable]
    if any(_INQUIRY_DONE_RE.search(s.text) or _NO_INQUIRY_RE.search(s.text) for s in usable):
        return []  # "There is no probe against any minister": the article denies there is one
    for sentence in usable:
        passive = _INVESTIGATED_RE.search(sentence.text)
        if passive is not None and _outside_quotes(sentence.text, passive.start()):
            question = _event_question(sentence.text)
            if question is not None and question.startswith("What will the investigation"):
                return [
                    OpenQuestion(question=question, why="The article reports an investigation but not what it found.")
                ]
        for match in _INQUIRY_INTO_RE.finditer(sentence.text):
            before = sentence.text[max(0, match.start() - 100) : match.start()]
            if _ASKED_FOR_RE.search(before[-60:]) or _DEMANDED_RE.search(before) or _REPORTED_ONLY_RE.search(before):
                continue  # "asked Ukraine to open an investigation into X", "refuted a report that ...": none under way
            if match.group("target") and _ASKED_TO_RE.search(before):
                continue  # "asked the attorney general to investigate the matter": wanted, not begun
            thing = (match.group("thing") or match.group("object") or match.group("target") or "").strip()
            words = thing.split()
            if not words or len(words) > 14 or words[0].lower() in _PRONOUN_SUBJECTS | _NOT_A_THING:
                continue  # "a probe into him two years ago": whom it means is not in the question
            if len(words) == 1 and sentence.text[match.end() :].startswith(" and "):
                continue  # "an inquiry into Polish and French candidates": the thing was cut at "and"
            if words[0].lower() in {"the", "this"} and len(words) == 2 and words[1].lower() in _VAGUE_THINGS:
                continue  # "to investigate the matter": says nothing a reader could follow
            if _outside_quotes(sentence.text, match.start()) or sentence.text.lstrip()[:1] in '"“':
                return [
                    OpenQuestion(
                        question=f"What will the investigation into {_lower_first(thing)} find?",
                        why="The article reports an investigation but not what it found.",
                    )
                ]
    return []


def _has(party: str) -> str:
    """'Have the Democrats', 'Have Republicans', but 'Has China' and 'Has Serena Williams'."""
    words = party.split()
    plural = re.search(r"[^su]s$", words[-1]) is not None and (len(words) == 1 or words[0] == "the")
    return "Have" if plural else "Has"


def hedge_questions(claims: list[Claim]) -> list[OpenQuestion]:
    questions: list[OpenQuestion] = []
    for claim in claims:
        hedge = HEDGE_RE.search(claim.quote)
        if claim.hedged and not claim.disputed and hedge is not None and len(claim.statement.split()) >= 5:
            questions.append(
                OpenQuestion(
                    question=f"Is it confirmed that {_gist(claim.statement, names=[claim.claimant])}?",
                    why=f"The article hedges it ('{hedge.group().lower()}') and {claim.claimant} is the only source.",
                )
            )
    return questions


def _outside_quotes(sentence: str, position: int) -> bool:
    return outside(position, quoted_ranges(sentence))


def _relative_antecedent(sentence: str, position: int, subject: str) -> str:
    """'the hearing, which is scheduled to ...': the subject of the pending event is 'the hearing'."""
    if subject.lower() not in {"which", "who", "that"}:
        return subject
    head = re.search(
        r"\b((?:the|a|an|its|his|her|their)\s+(?:[\w'’-]{1,40}\s+){0,3}[\w'’-]{1,40}),\s*$", sentence[:position]
    )
    return head.group(1) if head else subject


def _with_object(subject: str, before: str) -> str:
    """'repairs' -> 'repairs to the bridge' when the sentence opened with 'The bridge ...'."""
    if not re.fullmatch(r"[a-z]+s", subject):
        return subject
    thing = re.match(r"^\s*(The|the)\s+([a-z]+)\b", before)
    return f"{subject} to the {thing.group(2)}" if thing else subject


def _pending_question(sentence: str) -> str | None:
    """Turn 'X is expected to Y' / 'X will Y' / 'has not said when X will Y' into a question."""
    match = _NOT_SAID_WHEN_RE.search(sentence)
    if match:
        subject = _with_object(match.group("subj"), sentence[: match.start()])
        return f"When will {_lower_first(subject)} {_trim(match.group('rest'))}?"
    event = _event_question(sentence)
    if event is not None:
        return event
    apposed = _APPOSED_MODAL_RE.search(sentence)
    if apposed and _outside_quotes(sentence, apposed.start()):
        return f"Will {apposed.group('name')} {_trim(apposed.group('rest'))}?"
    match = _WHETHER_RE.search(sentence)
    parenthetical = match is not None and sentence[: match.start()].rstrip().endswith(",")
    if match and _outside_quotes(sentence, match.start()) and not parenthetical:  # "results, whether A or B, were"
        return invert("whether", subject_for(sentence[: match.start()], _trim(match.group("clause"))))
    match = _FACES_RE.search(sentence)
    if match and _outside_quotes(sentence, match.start()):
        subject = re.sub(r"^(?:Now|Then|But|And|However|Meanwhile|Also)\s+", "", match.group("subj"))
        thing = re.split(r"\s+and\s+(?:could|may|might|would|will|can)\b", _trim(match.group("obj")), maxsplit=1)[0]
        if _PENALTY_RE.search(thing):  # "a ban of up to four years" is faced; a prison term is a sentence
            verb = "be sentenced to" if re.search(r"\b(?:prison|jail|sentence)\b", thing) else "face"
            return f"Will {subject} {verb} {thing}?"
        thing = _ACT_TAIL_RE.split(thing.removeprefix("a ").removeprefix("the "), maxsplit=1)[0]
        if re.search(r"\b(?:charges?|counts?)$", thing):  # the question a reader asks: will the charges stick?
            return f"Will {subject} be found guilty on {_counted(thing)}?"
        if subject.lower() in _PRONOUN_SUBJECTS:  # "He faces nine counts": who he is, the question cannot say
            return f"What will come of the {thing}?"
        return f"What will come of the {thing} that {subject} faces?"
    for match in _MODAL_RE.finditer(sentence):
        before = sentence[: match.start("verb")].rstrip()
        pair = _NAMED_PAIR_RE.search(before) if _PLURAL_VERB_RE.match(match.group("verb")) else None
        subject = pair.group() if pair else _SUBJECT_STOP_RE.sub("", match.group("subj")).strip(" ,")
        subject = re.sub(r"^(?:[A-Z][a-z]+ly|However|But|And|Now|Then),?\s+", "", subject)
        subject = _relative_antecedent(sentence, match.start("subj"), subject)
        words = [] if pair else subject.split()
        if (
            not (pair or _SUBJECT_RE.match(subject) or _NAME_OF_PLACE_RE.match(subject))
            or _COMPARATIVE_SUBJECT_RE.match(subject)
            or set(w.lower() for w in words)
            & (_PRONOUN_SUBJECTS | _AUXILIARY_WORDS | {"who", "which", "and", "or", "but"})
            or any(w.islower() and w.endswith("ed") for w in words)
            or not _outside_quotes(sentence, match.start("verb"))
        ):
            continue
        modal = "Could" if match.group("verb") == "could" else "Will"
        gap = sentence[match.end("verb") : match.start("rest")]
        if match.group("verb") in {"would", "could"} and _NOT_PENDING_RE.match(gap.strip() or match.group("rest")):
            continue
        if match.group("verb") == "will" and re.match(r"have\s+[a-z]+(?:ed|en|t|wn|ne)\b", match.group("rest")):
            continue  # "Trump will have sustained ... damage": a forecast of where things will stand, not an event
        if match.start("subj") and not sentence[match.start("subj") - 1].isspace():
            continue  # "Getting X+ right will ...": the subject was cut mid-phrase
        rest = _trim(match.group("rest"))
        if match.group("verb").startswith(("has been", "have been")):
            rest = _SINCE_RE.sub("", rest)  # "have been expected to sign a deal for a month": how long it waits
        if len(rest.split()) >= 2:
            return f"{modal} {_lower_first(subject)} {rest}?"
    return None


def _event_question(sentence: str) -> str | None:
    """Investigations, scheduled events and awaited decisions, each as the question it leaves open."""
    match = _INVESTIGATED_RE.search(sentence)
    if match and _outside_quotes(sentence, match.start()):
        by = f" {match.group('by').strip()}" if match.group("by") else ""
        subject = _lower_first(match.group("subj").strip())
        return f"What will the investigation into {subject}{by} find?"
    match = _SCHEDULED_RE.search(sentence)
    cut_short = match is not None and re.search(
        r"['’]s?$|\b(?:both|and|said|says|told|that|this|these|those)\b",
        match.group("when") + " " + match.group("subj"),
    )
    if match and _outside_quotes(sentence, match.start()) and not cut_short:  # not "both X and Y are set for a week's"
        subject = _lower_first(match.group("subj").strip())
        subject = subject if subject.split()[0] in {"the", "his", "her", "their"} else f"the {subject.lower()}"
        return f"What will happen at {subject} scheduled {match.group('when')}?"
    match = _TO_COURT_RE.search(sentence)
    if match and _outside_quotes(sentence, match.start()):
        defendant = _lower_first((match.group("dragged") or match.group("sued")).strip().rstrip("."))
        return f"How will the court rule on the suit against {defendant}?"
    match = _SUIT_BY_RE.search(sentence)
    if match and _outside_quotes(sentence, match.start()):  # "a defamation lawsuit filed by Drake"
        return f"How will the court rule on {match.group('plaintiff')}’s {match.group('kind') or ''}lawsuit?"
    match = _LEGAL_THREAT_RE.search(sentence)
    if match and match.group("who").split()[0].lower() not in _NOT_A_PARTY and _outside_quotes(sentence, match.end()):
        return f"Will {match.group('who')} take legal action?"
    match = _PROMISED_RE.search(sentence)
    if match and _outside_quotes(sentence, match.start()) and match.group("who").lower() not in _PRONOUN_SUBJECTS:
        promise = _gist(re.split(r",\s+[a-z]+ing\b", match.group("what"))[0], names=[match.group("who")])
        return f"Will {match.group('who')} keep the promise that {promise}?"
    match = _CONTESTED_RE.search(sentence)
    if match and _outside_quotes(sentence, match.start()) and match.group("who").lower() not in _PRONOUN_SUBJECTS:
        return f"Will {match.group('who')} be {_PARTICIPLE[match.group('what')]}{match.group('where') or ''}?"
    match = _WAITING_RE.search(sentence)
    if match and _outside_quotes(sentence, match.start()):
        return f"Will {_lower_first(_trim(match.group('thing')))} {_trim(match.group('rest'))}?"
    return None


def _ends_inside_quote(text: str) -> bool:
    """A sentence that closes a quotation opened earlier is someone's words, not a pending fact."""
    closing = text.rstrip().endswith(('"', "”")) and not text.lstrip().startswith(('"', "“"))
    return closing and (text.count('"') % 2 == 1 or text.count("”") > text.count("“"))


def pending_questions(sentences: list[Sentence]) -> list[OpenQuestion]:
    questions: list[OpenQuestion] = []
    for sentence in sentences:
        if not sentence.usable:
            continue
        cue = PENDING_RE.search(sentence.text)
        if cue is None or _ends_inside_quote(sentence.text):
            continue
        question = _pending_question(sentence.text)
        if question is not None:
            questions.append(
                OpenQuestion(
                    question=question[0].upper() + question[1:],
                    why=f"A pending matter the article leaves open ('{cue.group().lower()}').",
                )
            )
    return questions


def build_questions(
    *, claims: list[Claim], denials: list[Denial], sentences: list[Sentence], hedged: list[Claim]
) -> list[OpenQuestion]:
    """Conflicts first, then what the article says is unknown, then hedges, then pending events; no duplicates."""
    seen: set[str] = set()
    result: list[OpenQuestion] = []
    pending = pending_questions(sentences)
    unknown = unknown_questions(sentences, claims)
    accused = accusation_questions(sentences, claims, denials)
    motive = motive_questions(sentences)
    inquiry = investigation_questions(sentences)
    legal = legal_questions(sentences, denials)
    groups = (
        conflict_questions(claims, denials),
        accused,
        inquiry,
        legal,
        consequence_questions(sentences),
        frame_questions(sentences),
        unknown,
        motive,
        hedge_questions(hedged)[:2],
        pending,
    )
    lowered = _lowercase_words(sentences)
    for group in groups:
        for question in group:
            text = well_formed(_truecased(question.question, lowered))
            if text is None:
                continue
            if group is not inquiry and inquiry and text.startswith("What will the investigation"):
                continue  # one question about the investigation
            if group is pending and any("the appeal against" in q.question for q in legal) and " appeal" in text:
                continue  # one question about the appeal
            key = text.lower()
            if key not in seen and len(result) < MAX_QUESTIONS:
                seen.add(key)
                result.append(OpenQuestion(question=text, why=question.why))
    return result


def _lowercase_words(sentences: list[Sentence]) -> set[str]:
    """Words the article writes in lower case inside a sentence and never capitalised there: common words."""
    lower: set[str] = set()
    capital: set[str] = set()
    for sentence in sentences:
        for word in re.findall(r"(?<=\s)[A-Za-z][a-z'’-]+\b", sentence.text):
            (lower if word[0].islower() else capital).add(word.lower())
    return lower - capital


def _truecased(question: str, lowered: set[str]) -> str:
    """'Will Further observations be needed ...?' -> 'Will further ...': a sentence's opener carried into the
    middle of a question keeps its capital only when the article treats the word as a name."""
    match = re.match(r"^(\w+(?:\s+\w+)?\s+)([A-Z][a-z'’-]+)\b", question)
    if match is None or match.group(2).lower() not in lowered:
        return question
    return question[: match.start(2)] + match.group(2)[0].lower() + question[match.start(2) + 1 :]


# "What will come of the charges that He faces?": a sentence's opening pronoun carried into the middle
_CARRIED_PRONOUN_RE = re.compile(r"(?<=\s)(?:He|She|They|It|We|His|Her|Their|Its)\b")


def well_formed(question: str) -> str | None:
    """The question as shown, or None: it reads well (the lint passes) and its subject is not a bare pronoun
    ('Will it investigate?' does not say who)."""
    if _PRONOUN_QUESTION_RE.match(question) or _MALFORMED_QUESTION_RE.search(question):
        return None
    if _CARRIED_PRONOUN_RE.search(question):
        return None
    if len(question.split()) > MAX_SHOWN_QUESTION_WORDS:
        body = question.rstrip("?")
        cuts = [
            m.start()
            for m in _CLAUSE_BREAK_RE.finditer(body)
            if GIST_MIN_WORDS + 2 <= len(body[: m.start()].split()) <= MAX_SHOWN_QUESTION_WORDS
            and _outside_quotes(body, m.start())
        ]
        if not cuts:
            return None
        question = re.sub(r",([”\"])$", r"\1", body[: cuts[-1]].rstrip(" ,;:")) + "?"
    return repaired(question, min_words=MIN_QUESTION_WORDS, question=True)
