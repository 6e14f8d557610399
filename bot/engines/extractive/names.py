"""Name shapes: the kind of a name, titles and positions before it, roles around it; stdlib and bot only."""

from __future__ import annotations

import re

from bot.engines.extractive.cues import COUNTRY_INITIALISMS, INSTITUTION_WORDS, ORG_WORDS, OUTLET_WORDS, TITLE_WORDS
from bot.models import ActorKind

MAX_NAME_TOKENS = 4
FUNCTION_WORDS = set(
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
    r"^(?:,|\s+[—–])\s+(?:(?:a|an|the|then)\s+)?(?P<role>(?:former|another|senior|chief|top|deputy|acting)?\s*[^,;()]{3,80}?)"
    r"(?=\s*(?:[,;(]|\s+who\b|\s+which\b|$))"
)
_ROLE_MODIFIERS = set(
    (
        "chief senior former deputy top acting executive general lead assistant vice structural special "
        "foreign defense defence interim principal "
    ).split()
)
_ACRONYM_RE = re.compile(r"[A-Z]{2,4}")
NAME_TOKEN_RE = re.compile(r"[A-Z][a-z][\w'’-]{0,40}")
_PERSON_TOKEN_RE = re.compile(r"[A-Z][a-z][\w'’-]{0,40}|[A-Z]\.")  # "Ryan", "S.", "Hollman"
POSSESSIVE_RE = re.compile(r"(?:'s|’s|'|’)$")
# A capitalised opener that is never part of a name: a gerund ("Getting X right") or "Sacramento-based".
LEADING_MODIFIER_RE = re.compile(r"[A-Z][a-z]{2,}ing|[\w.'’]+-based")
# "Iranian security forces", "Trump administration": a nationality or leader and a body, in lower case.
NATIONAL_BODY_RE = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?:an|ese|ish|ian|i)\s+(?:security forces|armed forces|forces|authorities|police"
    r"|troops|military|government|officials|prosecutors|regulators)|[A-Z][a-z]+\s+administration)\b(?P<after>\s*,?\s+(?:which|who)?\s*\w+)?"
)


def name_pieces(sequence: str) -> list[tuple[int, str]]:
    """'Salesforce's Dreamforce conference' holds two names: split after a possessive that is not last."""
    pieces: list[tuple[int, str]] = []
    begin = 0
    for token in re.finditer(r"\S+", sequence):
        rest = sequence[token.end() + 1 :]
        owned_body = " " not in rest and rest.lower() in ORG_WORDS  # "Magistrate's Court" stays one name
        if rest and token.group()[-2:] in {"'s", "’s"} and not owned_body:
            pieces.append((begin, sequence[begin : token.end()]))
            begin = token.end() + 1
    pieces.append((begin, sequence[begin:]))
    return [(offset, piece) for offset, piece in pieces if piece.strip()]


def kind_of(tokens: list[str]) -> ActorKind:
    last = tokens[-1].lower().strip(".")
    if len(tokens) == 1 and tokens[0].replace(".", "") in COUNTRY_INITIALISMS:
        return "other"
    if last in OUTLET_WORDS:
        return "outlet"
    lows = [t.lower() for t in tokens]
    joined = next((i for i, low in enumerate(lows) if low in {"of", "for"}), 0)
    if joined and lows[joined - 1] in ORG_WORDS:  # "Centre for Disease Control", "Bank of England"
        return "organisation"
    if last in ORG_WORDS or (len(tokens) == 1 and re.fullmatch(r"(?:[A-Z]\.?){2,5}", tokens[0])):
        return "organisation"
    initials = re.fullmatch(r"[A-Z]{2,6}", tokens[-1]) and not re.fullmatch(r"[IVXL]+", tokens[-1])
    if len(tokens) > 1 and initials and tokens[-1] not in COUNTRY_INITIALISMS:
        return "organisation"  # "Chinese CDC": a body's initials, never a person's name
    if 2 <= len(tokens) <= 3 and not any(t.lower() in INSTITUTION_WORDS for t in tokens):
        return "person"
    return "other"


def split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split 'U.S. President Joe Biden' into (['U.S.', 'President'], ['Joe', 'Biden'])."""
    lows = [t.lower().strip(".") for t in tokens]
    lead = 0
    while lead < len(tokens) and lows[lead] in ROLE_NOUNS | TITLE_WORDS:
        lead += 1  # "Prime Minister", "Former Vice President": the whole title, never half of it
    rest = tokens[lead:]
    named = 2 <= len(rest) <= MAX_NAME_TOKENS and all(_PERSON_TOKEN_RE.fullmatch(t) for t in rest)
    if lead and named and not any(t.lower() in ORG_WORDS | INSTITUTION_WORDS for t in rest):
        return tokens[:lead], rest  # "Analyst Rob Keel" opening a sentence, "Prime Minister Boris Johnson"
    marks = [i for i, low in enumerate(lows) if low in TITLE_WORDS or low in INSTITUTION_WORDS or low in ORG_WORDS]
    if not marks or marks[-1] == len(tokens) - 1 or not any(low in TITLE_WORDS for low in lows[: marks[-1] + 1]):
        return _split_at_acronym(tokens)
    if lows[marks[-1] + 1] in {"of", "for", "at"}:  # "CEO of DH": an office in a body, not a named person
        return [], tokens[marks[-1] + 2 :]
    return tokens[: marks[-1] + 1], tokens[marks[-1] + 1 :][-MAX_NAME_TOKENS:]


def _split_at_acronym(tokens: list[str]) -> tuple[list[str], list[str]]:
    """'Browns DL Sheldon Richardson' -> (['Browns', 'DL'], ['Sheldon', 'Richardson']): a position before a name."""
    for i in range(len(tokens) - 3, -1, -1):
        name = tokens[i + 1 :]
        if (
            _ACRONYM_RE.fullmatch(tokens[i])
            and 2 <= len(name) <= 3
            and all(NAME_TOKEN_RE.fullmatch(t) and t.lower() not in FUNCTION_WORDS for t in name)
            and not any(t.lower() in ORG_WORDS or t.lower() in INSTITUTION_WORDS for t in name)
        ):
            return tokens[: i + 1], name
    return [], tokens


def name_head(tokens: list[str]) -> str:
    """The head word of a name: the last one, or the one before 'of' ('District of Columbia')."""
    lows = [t.lower() for t in tokens]
    return lows[lows.index("of") - 1] if "of" in lows[1:] else lows[-1]


def role_before(before: str) -> str | None:
    """'Palestinian chief negotiator ' -> 'Palestinian chief negotiator'; 'journalist ' -> 'journalist'."""
    words = before.split()
    if not words or words[-1].lower() not in ROLE_NOUNS or words[-1][0].isupper():
        return None
    kept = [words.pop()]
    while words and len(kept) < 4 and not words[-1].endswith((",", ".", ":")):
        word = words[-1]
        if word.lower() in FUNCTION_WORDS or not (word[0].isupper() or word.lower() in _ROLE_MODIFIERS):
            break
        kept.insert(0, words.pop())
    return " ".join(kept)


def role_after(after: str) -> str | None:
    match = _APPOSITIVE_RE.match(after)
    if not match:
        return None
    role = " ".join(match.group("role").split()[:8]).rstrip(" ,.")
    words = role.lower().split()
    if not words or not set(words) & ROLE_NOUNS:
        return None
    return re.sub(r"\s+(?:to|of|on|at|in|for|the|and)$", "", role)
