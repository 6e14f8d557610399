"""Sentence splitting with offsets into the article text, and boilerplate detection; stdlib and cues only.

Every sentence keeps its exact span, so any quote cut from it is a verbatim excerpt of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from bot.engines.extractive.cues import INSTITUTION_WORDS, ORG_WORDS, OUTLET_WORDS, REPORTING_RE, TITLE_WORDS

# A sentence ends at . ! ? (plus closing quotes) followed by space and a capital, digit or opening quote.
_BOUNDARY = re.compile(r"""[.!?…]+["”’')\]]*(?=\s+["“‘(\[]?[A-Z0-9])""")
# Tokens ending in a period that do not end a sentence: initials, initialisms and common abbreviations.
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Za-z]\.){2,}|\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Maj|St|Jr|Sr"
    r"|Inc|Corp|Ltd|Co|No|Vol|vs|Mt|Ft|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.$"
)
_COMPANY_SUFFIX_RE = re.compile(r"\b(?:Inc|Corp|Ltd|Co|Plc|LLC)\.$")
_BOILERPLATE = re.compile(
    r"(?:\bget the\b.{0,40}\bapp\b|\bdownload (?:the|our)\b.{0,30}\bapp\b|\bapp store\b|google play"
    # prompts to the reader are imperatives that open the line; "continued to sign up subscribers" is news
    r"|^\W*(?:sign up|subscribe|follow us|share this|click here|read more|skip to|get our|download|watch|listen)\b"
    r"|\b(?:sign up|subscribe)\s+(?:now|today|here)\b|\b(?:sign up|subscribe)\s+(?:for|to)\b.{0,40}"
    r"\b(?:newsletter|unlimited access|our|updates|alerts|free)\b|\bour\s+(?:[\w-]+\s+){0,2}newsletters?\b"
    r"|\bfollow us\b|\bshare this\b|\bclick here\b|\bread more:|\bskip to (?:main )?content\b"
    r"|\bcopyright\s*(?:©|\(c\)|\d{4})|©|\ball rights reserved\b|\badapted from (?:its|the) original\b"
    r"|\bcookies?\b.{0,30}\b(?:policy|settings|consent)\b|^\W*advertisement\W*$"
    # the page's own legal links, not news about a company's privacy policy or terms of service
    r"|\b(?:our|read the|see the|see our|view our|read our)\s+(?:privacy policy|terms of (?:use|service))\b"
    r"|^\W*(?:privacy policy|terms of (?:use|service))\b.{0,40}$"
    r"|\bsupport (?:our|independent) journalism\b|\bwatch:|\blisten:"
    r"|^\s*(?:correction|clarification|editor['’]s note)\b|\bcontributed (?:to )?(?:this|the) (?:report|story)\b"
    r"|\(reporting by\b|\bediting by\b|\bthis (?:story|article) (?:has been|was) (?:updated|originally published)"
    r"|\bfile photo\b|\bgetty images\b|^\s*(?:photo|image|video|related|more|trending|recommended)\s*:"
    # a link to another story, a caption label, a byline or dateline line, a wire credit at the foot
    r"|^\W*(?:also read|also see|also watch|read also|see also|must read|don['’]t miss)\b\s*[:|\-–—]"
    r"|^\W*image caption\b|\bstory continues below\b|\bcontinue reading\b|\bread the full (?:story|article)\b"
    r"|^\W*(?:published|updated|last updated|posted)\s*:?\s*(?:on\s+)?(?:\d|[A-Z][a-z]{2,8}\.?\s+\d|an?\s+\w+\s+ago)"
    r"|^\W*(?:source|sources|credit|courtesy)\s*:\s*\S.{0,40}$|\bwith inputs from\b"
    r"|\bjoin our\b.{0,30}\b(?:channel|group|community|newsletter)\b|\bdelivered (?:straight )?to your inbox\b"
    r"|\bfor (?:more|the latest) (?:news|updates|stories)\b.{0,30}\b(?:visit|follow|click|download)\b"
    r"|\bnews archive\b|\baudio for this (?:article|story)\b|\blisten to this (?:article|story)\b"
    r"|\btranslation (?:has been|was|is) (?:automatically )?(?:generated|produced)\b|\bautomatically translated\b"
    r")",
    re.IGNORECASE,
)
# "By Staff Reporter", "Written by Amit Kumar | New Delhi": a byline line; not "By Friday, Smith had resigned".
_BYLINE_RE = re.compile(
    r"^\W*(?:By|BY|Written by|Edited by|Reported by|Posted by)\s*:?\s*"
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July"
    r"|August|September|October|November|December|Then|Now|Contrast|Comparison|Law)\b)"
    r"(?:[A-Z][\w.'’-]*\s*){1,4}(?:[|]|$)"
)
_INITIALISM = re.compile(r"\b(?:[A-Za-z]\.){2,}$")
# After an initialism ("the U.S."), these words can only open a new sentence; "U.S. President" stays whole.
_SENTENCE_STARTERS = set(
    (
        "The A An He She It They We I You His Her Its Their Our This That These Those There But And Yet So "
        "However Meanwhile In On At After Before When While If As Officials Police Some Many Most"
    ).split()
)
HEADING_MAX_WORDS = 14
MIN_LEAD_IN_WORDS = 3
# A quotation that closes shortly after a full stop and runs on in lower case is a title inside the sentence.
TITLE_REACH_CHARS = 60
_EMBEDDED_TITLE_RE = re.compile(r"[^“”\n]{0,58}”\s+[a-z]")
# No sentence of news English runs this long: a longer span is cut at spaces into pieces that no rule reads
# (they are not sentences), which also bounds the work every pattern does on one sentence.
MAX_SENTENCE_CHARS = 1000
WRAPPED_MIN_LINES = 8
WRAPPED_SHARE = 0.6
WRAP_MAX_CHARS = 90
TEASER_MIN_WORDS = 6  # a teaser long enough that repeating it is no coincidence
TEASER_CANDIDATES = 8
# The offline engine reads at most this much of an article (a long news story is 30-60 KB); the cut falls at a
# paragraph break, so the text read is a prefix of the article and every quote stays a verbatim span of it.
MAX_TEXT_CHARS = 250_000
NAME_CONTINUERS = TITLE_WORDS | INSTITUTION_WORDS | ORG_WORDS | OUTLET_WORDS
# "HANOI, Vietnam (AP) — ", "BUFFALO, N.Y. — ", "LUXOR, Egypt, Sept. 13 (Xinhua) -- ": the place (and date) and
# agency before the story.
_AGENCY_OR_YEAR = (
    r"\((?:[^()]{0,40}\b(?:AP|AFP|Reuters|REUTERS|UPI|Xinhua|XINHUA|IANS|PTI|ANI|dpa|DPA|Bloomberg|Sputnik|NAN|TASS"
    r"|Kyodo|Yonhap|CNN|BBC|Anadolu|EFE|Efe|ANSA|Bernama|UNI|APP|AA)\b[^()]{0,40}|[^()]{0,50}\b\d{4})\)"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATELINE_RE = re.compile(
    r"^(?:[A-Z][A-Z .'-]{2,40}(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?(?:\s+\d{1,2})?){0,2}"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:[—–-]+|_)\s+"  # "WASHINGTON (AP) _ Major industries ...": a wire's dash
    # "MEXICO CITY (Reuters) -The ...", "MOSCOW (UrduPoint News / Sputnik - 23rd November, 2020) A suspect ..."
    rf"|[A-Z][A-Z .'-]{{2,40}}\s*{_AGENCY_OR_YEAR}\s*(?:[—–-]+\s*)?(?=[A-Z\"“])"
    # "May 10 (UPI) — One person ...", "Cheltenham, UK, May 28--Union leaders ..."
    rf"|{_MONTH}\s+\d{{1,2}}\s*{_AGENCY_OR_YEAR}\s*[—–-]+\s*"
    # "WASHINGTON Nov 18 The U.S. regulator ..."
    rf"|[A-Z][A-Z.'-]{{2,30}}(?:\s[A-Z][A-Z.'-]{{1,30}}){{0,2}}\s+{_MONTH}\s+\d{{1,2}}\s+(?=[A-Z])"
    # "NEW ORLEANS A federal jury ...": a place in capitals, then the story's first word
    r"|[A-Z][A-Z.'-]{2,30}(?:\s[A-Z][A-Z.'-]{1,30}){0,2}\s+(?=(?:A|An|The)\s+[a-z])"
    rf"|[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?,\s+{_MONTH}\s+\d{{1,2}}\s*[—–-]+\s*)"
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article: its exact text, its span, and where it sits."""

    text: str
    start: int
    end: int
    index: int
    paragraph: int
    heading: bool
    overlong: bool = False
    teaser: bool = False

    @cached_property
    def usable(self) -> bool:
        """Headings, teasers, boilerplate and overlong pieces never feed claims, denials, summaries or answers."""
        return not self.heading and not self.overlong and not self.teaser and not is_boilerplate(self.text)


def readable_text(text: str) -> str:
    """The part of the article the engine reads: all of it, or its first MAX_TEXT_CHARS cut at a paragraph;
    a hard-wrapped copy is unwrapped (a line break inside a paragraph becomes a space, so every offset stays
    the same and ``text[start:end]`` of the original is the verbatim quote)."""
    if len(text) > MAX_TEXT_CHARS:
        cut = text.rfind("\n", 0, MAX_TEXT_CHARS)
        text = text[: cut if cut > MAX_TEXT_CHARS // 2 else MAX_TEXT_CHARS]
    read_next = _READ_NEXT_RE.search(text)
    if read_next is not None and read_next.start() > len(text) * READ_NEXT_MIN_SHARE:
        text = text[: read_next.start()]  # "YOU SHOULD NOT MISS THESE HEADLINES": other stories follow
    text = _TICKER_RE.sub(lambda m: " " * len(m.group()), text)
    text = _CREDIT_RE.sub(lambda m: " " * len(m.group()), text)
    return _WRAP_BREAK_RE.sub(" ", text) if _hard_wrapped(text.split("\n")) else text


# A line that opens a list of other stories; past the first third of a page, the article has ended.
READ_NEXT_MIN_SHARE = 0.3
_READ_NEXT_RE = re.compile(
    r"^\W*(?:you\s+(?:should\s+not|shouldn['’]t)\s+miss|(?:more|other|related|recommended|trending|popular|latest|top)"
    r"\s+(?:stories|headlines|news|articles|posts|reads)\b|read\s+next\b|most\s+(?:read|popular)\b|don['’]t\s+miss\b)"
    r"[^\n]{0,80}$",
    re.IGNORECASE | re.MULTILINE,
)
# '... Albayalde added. Ella Dionisio/DMS': a photo credit at the end of a paragraph, blanked like a ticker tag.
_CREDIT_RE = re.compile(
    r"(?<=[.!?\"”’])[ \t]+[A-Z][\w'’-]+(?:[ ][A-Z][\w'’-]+){0,2}[ ]?/[ ]?[A-Z][A-Za-z]{1,10}[ \t]*(?=\n|$)"
)


# "Teva Pharmaceutical (NYSE:TEVA) Industries", "Cisco (CSCO, Fortune 500)": a stock-market tag inside a name is
# read as blank space of the same length, so the name stays whole and every offset stays the same.
_TICKER_RE = re.compile(
    r"\((?:NYSE|NASDAQ|Nasdaq|NYSEARCA|NYSEAMERICAN|AMEX|OTC|OTCQX|LSE|LON|TSX|TSXV|ASX|HKEX|HKG|SGX|BSE|NSE|TYO|FRA"
    r"|ETR|EPA|BIT|BME|SIX|JSE)\s*:\s*[A-Z0-9.]{1,8}\)|\([A-Z]{1,5}(?:\.[A-Z])?,\s+Fortune\s+\d{2,4}\)"
)


# A line break inside a paragraph: not after a line that ends a sentence (or a parenthesis), not before a blank line.
_WRAP_BREAK_RE = re.compile(r"(?<![.!?)\n])(?<![.!?][\"”’])\n(?=[ \t]*[^\s])")


def dateline_length(text: str) -> int:
    """Characters of the leading dateline, which names a place and an agency, never an actor of the story."""
    match = DATELINE_RE.match(text.lstrip())
    return match.end() + len(text) - len(text.lstrip()) if match else 0


# Page clutter: a teaser's "… MORE", or words glued together where a page's links lost their spaces.
_CLUTTER_RE = re.compile(r"(?:…|\.\.\.)\s*MORE\b|\bMORE\s*$")
_GLUED_RE = re.compile(r"[a-z]{2}[A-Z][a-z]{2}")
MAX_GLUED_WORDS = 2


def is_boilerplate(text: str) -> bool:
    """App-store lines, newsletter prompts, copyright notices, page clutter and the like."""
    if _BOILERPLATE.search(text) or _CLUTTER_RE.search(text) or _BYLINE_RE.search(text):
        return True
    return len(_GLUED_RE.findall(text)) > MAX_GLUED_WORDS


_LINE_END_RE = re.compile(r"[.!?:;\"”’')]\s*$")


def _hard_wrapped(lines: list[str]) -> bool:
    """A wire copy broken at a fixed width ('The U.S. auto safety\\nregulator on Tuesday ...'): most lines are of
    a similar length and end mid-sentence. Its paragraphs run on over line breaks."""
    # lines followed straight by another line (no blank line between): a copy in paragraphs has few
    runs = [a.strip() for a, b in zip(lines, lines[1:], strict=False) if a.strip() and b.strip()]
    if len(runs) < WRAPPED_MIN_LINES or len(runs) < WRAPPED_SHARE * len([x for x in lines if x.strip()]):
        return False
    open_ended = [line for line in runs if not _LINE_END_RE.search(line) and len(line) <= WRAP_MAX_CHARS]
    return len(open_ended) >= WRAPPED_SHARE * len(runs)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"[^\n]+", text):
        chunk = match.group()
        stripped = chunk.strip()
        if stripped:
            start = match.start() + chunk.index(stripped)
            spans.append((start, start + len(stripped)))
    return spans


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    counted, opened = start, 0  # curly quotation marks opened and not closed since the sentence began
    for match in _BOUNDARY.finditer(text, start, end):
        token = text[max(cursor, text.rfind(" ", cursor, match.start()) + 1) : match.end()]
        bare = token.rstrip("\"”’')]")
        abbreviated = match.group().startswith(".") and _ABBREVIATION.search(bare) is not None
        if abbreviated and not _ends_initialism(text, bare, match.end()) and not _ends_company(text, bare, match.end()):
            continue
        piece = text[counted : match.end()]
        opened += piece.count("“") - piece.count("”")
        counted = match.end()
        if opened > 0 and _EMBEDDED_TITLE_RE.match(text, match.end(), min(end, match.end() + TITLE_REACH_CHARS)):
            continue  # 'the viral “Meth. We’re on it.” campaign': a quoted title inside the sentence
        opened = 0
        spans.append((cursor, match.end()))
        cursor = match.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end:
        spans.append((cursor, end))
    return spans


def _ends_company(text: str, token: str, end: int) -> bool:
    """'... from chipmaker Qualcomm Inc. "This is ...': a company's suffix before a quotation that opens."""
    return _COMPANY_SUFFIX_RE.search(token) is not None and re.match(r"\s+[\"“]", text[end : end + 3]) is not None


def _ends_initialism(text: str, token: str, end: int) -> bool:
    """'... in the U.S. The talks ...' or '... to the U.S. Lindt said ...': an initialism that ends a sentence."""
    if not _INITIALISM.search(token):
        return False
    following = text[end : end + 40].split(maxsplit=2)
    if not following:
        return False
    word = following[0].strip('"“‘(')
    if word in _SENTENCE_STARTERS:
        return True
    # "the U.S. Senate voted" stays whole; "the U.S. Lindt said" is a new sentence with a named subject.
    after_the = re.search(r"\bthe\s+\S+$", text[max(0, end - len(token) - 5) : end]) is not None
    continues = word.lower() in NAME_CONTINUERS
    return after_the and not continues and len(following) > 1 and following[1][:1].islower()


def _is_heading(text: str, *, alone: bool) -> bool:
    """A short line standing alone with no closing punctuation, or a short standalone question."""
    if not alone or len(text.split()) > HEADING_MAX_WORDS:
        return False
    last = text.rstrip("\"”’') ")[-1:]
    if text.endswith(":") and REPORTING_RE.search(text) and len(text.split()) >= MIN_LEAD_IN_WORDS:
        return False  # "Reed told the BBC on Monday:": the line introduces a quotation, it heads nothing
    return last not in {".", "!"} or text.endswith(":")


def _bounded(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
    """Each span, with spans over MAX_SENTENCE_CHARS cut at spaces into pieces marked overlong."""
    out: list[tuple[int, int, bool]] = []
    for start, end in spans:
        if end - start <= MAX_SENTENCE_CHARS:
            out.append((start, end, False))
            continue
        while start < end:
            stop = min(end, start + MAX_SENTENCE_CHARS)
            if stop < end:
                space = text.rfind(" ", start + 1, stop)
                stop = space if space > start else stop
            out.append((start, stop, True))
            start = stop
            while start < end and text[start].isspace():
                start += 1
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split into sentences, paragraph by paragraph, keeping exact offsets."""
    sentences: list[Sentence] = []
    for paragraph, (p_start, p_end) in enumerate(_paragraph_spans(text)):
        spans = _bounded(text, _split_paragraph(text, p_start, p_end))
        for s_start, s_end, overlong in spans:
            chunk = text[s_start:s_end]
            stripped = chunk.rstrip()
            if not stripped:
                continue
            sentences.append(
                Sentence(
                    text=stripped,
                    start=s_start,
                    end=s_start + len(stripped),
                    index=len(sentences),
                    paragraph=paragraph,
                    heading=_is_heading(stripped, alone=len(spans) == 1),
                    overlong=overlong,
                )
            )
    return _mark_teasers(sentences)


_ELLIPSIS_END_RE = re.compile(r"\s*(?:…|\.\.\.)\s*$")


def _mark_teasers(sentences: list[Sentence]) -> list[Sentence]:
    """A page's teaser ('Rwanda has denied allegations … of backing rebels…') repeats the start of a sentence
    the article gives in full: reading both would show the same claim or denial twice, once cut off.

    Sentences are looked up by their first words, and only a few per key, so the cost stays linear."""
    by_opening: dict[tuple[str, ...], list[Sentence]] = {}
    for sentence in sentences:
        by_opening.setdefault(tuple(sentence.text.split()[:TEASER_MIN_WORDS]), []).append(sentence)
    marked = []
    for sentence in sentences:
        cut = _ELLIPSIS_END_RE.search(sentence.text)
        stem = sentence.text[: cut.start()] if cut else ""
        words = stem.split()
        if cut is not None and len(words) >= TEASER_MIN_WORDS:
            same = by_opening.get(tuple(words[:TEASER_MIN_WORDS]), [])[:TEASER_CANDIDATES]
            if any(o.index != sentence.index and o.text.startswith(stem) for o in same):
                sentence = replace(sentence, teaser=True)
        marked.append(sentence)
    return marked
