"""The data contract: the article we read, the Brief (the part an engine fills), and the results around it.

``Brief`` is the one public contract (JSON output, storage, renderers). The LLM fills a smaller wire model
that cites sentence numbers (``bot.engines.llm.wire``); code turns it into a ``Brief``. Both keep the strict
structured-output habits: every field required, absent values ``None``, no dicts or ``Any``.

Size caps (``MAX_*`` below) hold for every engine. They are enforced after parsing, never as
``maxLength``/``maxItems`` in a schema sent to a model (strict providers reject those keywords with a 400):
a ``Brief`` clips its lists and strings to the caps when it is built (a string at a space, so a clipped quote
is still a verbatim excerpt), and the LLM wire model rejects an oversized reply outright so it is re-asked.
Imports nothing from the platforms.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

ActorKind = Literal["person", "organisation", "outlet", "official", "government", "anonymous_source", "other"]
GateVerdict = Literal["article", "too_short", "paywalled", "needs_javascript", "not_article", "empty"]
EngineName = Literal["llm", "extractive"]

# Caps for every Brief, whichever engine made it: generous for any real article, fatal to a runaway reply.
MAX_ACTORS = 40
MAX_CLAIMS = 40
MAX_DENIALS = 20
MAX_OPEN_QUESTIONS = 12
MAX_HEADLINE_CHARS = 300
MAX_SUMMARY_CHARS = 1_500
MAX_NAME_CHARS = 200  # actor names and roles, claimants, deniers
MAX_STATEMENT_CHARS = 600  # a claim's statement, what is denied, a question and why it is open
MAX_QUOTE_CHARS = 800  # about three sentences; longer cited text is trimmed at a space for display
MAX_ANSWER_CHARS = 2_000
MAX_ANSWER_QUOTES = 6


def _drop_titles(schema: dict[str, Any]) -> None:
    """Titles repeat the field names; dropping them keeps the schema sent to the LLM ~100 tokens smaller."""
    schema.pop("title", None)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)


def clip_text(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a space when there is one (a prefix of the original)."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    return text[: cut if cut > 0 else limit].rstrip()


class StrictModel(BaseModel):
    """Strict-output habits plus size caps: ``CAPS`` maps a str or list field to its maximum length."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_drop_titles)
    CAPS: ClassVar[dict[str, int]] = {}
    REJECT_OVER_CAPS: ClassVar[bool] = False  # wire models reject (the model is re-asked); the contract clips

    @model_validator(mode="after")
    def _within_caps(self) -> Self:
        for name, limit in self.CAPS.items():
            value = getattr(self, name)
            if value is None or len(value) <= limit:
                continue
            if self.REJECT_OVER_CAPS:
                unit = "characters" if isinstance(value, str) else "items"
                raise ValueError(f"{name} has {len(value)} {unit}; at most {limit} are allowed")
            setattr(self, name, clip_text(value, limit) if isinstance(value, str) else value[:limit])
        return self


class Actor(StrictModel):
    CAPS: ClassVar[dict[str, int]] = {"name": MAX_NAME_CHARS, "role": MAX_NAME_CHARS}
    name: str = Field(description="Name as written in the article, e.g. 'U.S. officials'.")
    role: str | None = Field(description="Role or title as the article states it, or null.")
    kind: ActorKind = Field(description="What sort of actor this is.")


class Claim(StrictModel):
    CAPS: ClassVar[dict[str, int]] = {
        "statement": MAX_STATEMENT_CHARS,
        "claimant": MAX_NAME_CHARS,
        "quote": MAX_QUOTE_CHARS,
    }
    statement: str = Field(description="The claim in neutral words, one sentence.")
    claimant: str = Field(description="Who makes the claim (an actor's name or 'the article' if unattributed).")
    quote: str = Field(description="A verbatim excerpt of the article that carries the claim, copied exactly.")
    hedged: bool = Field(description="True when the article hedges it ('reportedly', 'allegedly', 'is said to').")
    disputed: bool = Field(description="True when a denial in this brief disputes this claim.")


class Denial(StrictModel):
    CAPS: ClassVar[dict[str, int]] = {"denier": MAX_NAME_CHARS, "denied": MAX_STATEMENT_CHARS, "quote": MAX_QUOTE_CHARS}
    denier: str = Field(description="Who denies, rejects or disputes (an actor's name).")
    denied: str = Field(description="What is denied, one neutral sentence.")
    quote: str = Field(description="A verbatim excerpt of the article that carries the denial, copied exactly.")
    disputes_claim: int | None = Field(
        description="0-based index in `claims` of the claim this denial disputes, or null if none matches."
    )


class OpenQuestion(StrictModel):
    CAPS: ClassVar[dict[str, int]] = {"question": MAX_STATEMENT_CHARS, "why": MAX_STATEMENT_CHARS}
    question: str = Field(description="A question the article leaves open, ending with '?'.")
    why: str = Field(description="What makes it open: conflicting accounts, a hedge, a pending event.")


class Brief(StrictModel):
    CAPS: ClassVar[dict[str, int]] = {
        "headline": MAX_HEADLINE_CHARS,
        "summary": MAX_SUMMARY_CHARS,
        "actors": MAX_ACTORS,
        "claims": MAX_CLAIMS,
        "denials": MAX_DENIALS,
        "open_questions": MAX_OPEN_QUESTIONS,
    }
    headline: str = Field(description="A neutral headline of at most 15 words.")
    summary: str = Field(description="Two or three neutral sentences saying what happened and who says what.")
    actors: list[Actor] = Field(description="The key actors, most important first; no duplicates.")
    claims: list[Claim] = Field(description="Attributed claims, each with a verbatim quote from the article.")
    denials: list[Denial] = Field(description="Denials, rejections and disputes, each with a verbatim quote.")
    open_questions: list[OpenQuestion] = Field(description="Questions the article leaves unresolved.")


class Article(BaseModel):
    """What the extractor read from a page or file; ``text`` is the only ground truth for quotes."""

    source: str = Field(description="The URL or file name the user gave.")
    url: str | None = None
    final_url: str | None = None
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    text: str
    word_count: int = 0
    gate: GateVerdict = "article"
    gate_reason: str | None = None


class Source(BaseModel):
    url: str | None = None
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    word_count: int = 0

    @classmethod
    def from_article(cls, article: Article) -> Source:
        return cls(
            url=article.final_url or article.url or article.source,
            title=article.title,
            site=article.site,
            author=article.author,
            published=article.published,
            language=article.language,
            word_count=article.word_count,
        )


class TokenUsage(BaseModel):
    prompt: int = 0
    completion: int = 0


class GroundingStats(BaseModel):
    """Claims and denials (or answer quotes) checked, shown and dropped; ``why`` counts drops by rule
    (``not_found``, ``bad_citation``, ``too_short``, ``speaker_not_named``, ``statement_unrelated``)."""

    checked: int = 0
    verified: int = 0
    dropped: int = 0
    why: dict[str, int] = Field(default_factory=dict)


class Meta(BaseModel):
    engine: EngineName
    model: str | None = None
    prompt_version: str | None = None
    cached: bool = False
    tokens: TokenUsage = Field(default_factory=TokenUsage)
    grounding: GroundingStats = Field(default_factory=GroundingStats)
    elapsed_ms: int = 0
    warnings: list[str] = Field(default_factory=list)


class BriefResult(BaseModel):
    """What ``briefbot brief --json`` prints and what every renderer receives."""

    brief: Brief
    source: Source
    meta: Meta
    # Store identifiers, so an adapter can tie a thread to this brief; not part of the JSON contract.
    article_id: int | None = Field(default=None, exclude=True)
    brief_id: int | None = Field(default=None, exclude=True)


class EngineOutput(BaseModel):
    """What an engine returns before grounding: the brief plus the figures the service turns into Meta."""

    brief: Brief
    engine: EngineName
    model: str | None = None
    prompt_version: str | None = None
    tokens: TokenUsage = Field(default_factory=TokenUsage)
    warnings: list[str] = Field(default_factory=list)
    # Filled by the engines package, which grounds every output exactly once; the service trusts it.
    grounding: GroundingStats = Field(default_factory=GroundingStats)


class Answer(BaseModel):
    """A follow-up answered from the article alone; ``found`` is False when the article does not say."""

    question: str
    answer: str
    quotes: list[str] = Field(default_factory=list)
    found: bool
    engine: EngineName
    model: str | None = None
    tokens: TokenUsage = Field(default_factory=TokenUsage)
    warnings: list[str] = Field(default_factory=list)
