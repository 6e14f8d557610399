"""The data contract: the article we read, the Brief (the part an engine fills), and the results around it.

``Brief`` and its parts are what the LLM fills under OpenAI strict structured outputs, so every field is
required, absent values are ``None`` (never a default), and there are no dicts or ``Any``. Field
descriptions are part of the prompt the model sees. Imports nothing from the platforms.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ActorKind = Literal["person", "organisation", "outlet", "official", "government", "anonymous_source", "other"]
GateVerdict = Literal["article", "too_short", "paywalled", "needs_javascript", "not_article", "empty"]
EngineName = Literal["llm", "extractive"]


def _drop_titles(schema: dict[str, Any]) -> None:
    """Titles repeat the field names; dropping them keeps the schema sent to the LLM ~100 tokens smaller."""
    schema.pop("title", None)
    for prop in schema.get("properties", {}).values():
        prop.pop("title", None)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_drop_titles)


class Actor(_Strict):
    name: str = Field(description="Name as written in the article, e.g. 'U.S. officials'.")
    role: str | None = Field(description="Role or title as the article states it, or null.")
    kind: ActorKind = Field(description="What sort of actor this is.")


class Claim(_Strict):
    statement: str = Field(description="The claim in neutral words, one sentence.")
    claimant: str = Field(description="Who makes the claim (an actor's name or 'the article' if unattributed).")
    quote: str = Field(description="A verbatim excerpt of the article that carries the claim, copied exactly.")
    hedged: bool = Field(description="True when the article hedges it ('reportedly', 'allegedly', 'is said to').")
    disputed: bool = Field(description="True when a denial in this brief disputes this claim.")


class Denial(_Strict):
    denier: str = Field(description="Who denies, rejects or disputes (an actor's name).")
    denied: str = Field(description="What is denied, one neutral sentence.")
    quote: str = Field(description="A verbatim excerpt of the article that carries the denial, copied exactly.")
    disputes_claim: int | None = Field(
        description="0-based index in `claims` of the claim this denial disputes, or null if none matches."
    )


class OpenQuestion(_Strict):
    question: str = Field(description="A question the article leaves open, ending with '?'.")
    why: str = Field(description="What makes it open: conflicting accounts, a hedge, a pending event.")


class Brief(_Strict):
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
    checked: int = 0
    verified: int = 0
    dropped: int = 0


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
    # Set by an engine that grounded its own brief (the LLM engine), so quotes it dropped stay counted.
    grounding: GroundingStats | None = None


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


class AnswerDraft(_Strict):
    """The part of an answer the LLM fills under strict structured outputs."""

    answer: str = Field(description="The answer from the article alone, or a plain 'The article does not say.'")
    quotes: list[str] = Field(description="Verbatim excerpts of the article that support the answer.")
    found: bool = Field(description="False when the article does not contain the answer.")
