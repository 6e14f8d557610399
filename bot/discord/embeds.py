"""Discord rendering: a BriefResult or an Answer as embeds within Discord's limits, with article text defused.

Owns escaping and trimming only; imports discord and the core models, never the service or the client.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import discord

from bot.models import Answer, Brief, BriefResult, Meta, Source

# Discord's documented embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
EMBED_TITLE_LIMIT_CHARS = 256
EMBED_DESCRIPTION_LIMIT_CHARS = 4096
EMBED_FIELDS_LIMIT = 25
FIELD_NAME_LIMIT_CHARS = 256
FIELD_VALUE_LIMIT_CHARS = 1024
FOOTER_LIMIT_CHARS = 2048
MESSAGE_EMBED_CHARS_LIMIT = 6000  # summed over every embed of one message
MESSAGE_EMBEDS_LIMIT = 10
MESSAGE_CONTENT_LIMIT_CHARS = 2000
THREAD_NAME_LIMIT_CHARS = 100

# Our own shares of those limits, so one long part cannot starve the others.
SUMMARY_BUDGET_CHARS = 1500
FOOTER_BUDGET_CHARS = 600
TRIM_NOTE_RESERVE_CHARS = 80
ITEM_LIMIT_CHARS = 700

NOT_FOUND_TEXT = "The article does not say."
BRIEF_COLOUR = discord.Colour.blurple()
ANSWER_COLOUR = discord.Colour.teal()

# `[text](url)` renders as a disguised link in embeds; `<@1>`, `<@!1>`, `<@&1>`, `<#1>`, `</cmd:1>`,
# `<t:1:R>` (a timestamp that can be made to lie), `<:e:1>`/`<a:e:1>` (emoji) and `<id:home>` render live.
_MASKED_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?\s*\)")
_ANGLE_MENTION = re.compile(r"<(?=[@#/:]|[a-z]+:(?!//))", re.IGNORECASE)
_NAME_MARKUP = re.compile(r"[*_~`|\\<>\[\]]")
_BARE_MENTION = re.compile(r"@(?=everyone|here|[!&]?\d)")
_ELLIPSIS = "…"


def defuse_mentions(text: str) -> str:
    """Break every mention form with a zero-width space, so nothing pings or links even if parsed."""
    text = _ANGLE_MENTION.sub("<\u200b", text)
    return _BARE_MENTION.sub("@\u200b", text)


def plain_text(text: str) -> str:
    """For footers, which render no markdown (backslashes would show): mentions defused, links spelled out."""
    return defuse_mentions(_MASKED_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text))


def escape_text(text: str) -> str:
    """Article or LLM text as inert markdown: masked links spelled out, markdown and mentions escaped."""
    text = _MASKED_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), text)
    text = discord.utils.escape_markdown(text)
    text = text.replace("[", "\\[").replace("]", "\\]")
    return defuse_mentions(discord.utils.escape_mentions(text))


def clip(text: str, limit: int) -> str:
    """Cut to ``limit`` characters with an ellipsis, never leaving a dangling escape backslash."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rstrip()
    while cut.endswith("\\"):
        cut = cut[:-1]
    return cut + _ELLIPSIS


def _one_line(text: str) -> str:
    return " ".join(text.split())


def thread_name(result: BriefResult) -> str:
    """Names render no markdown, so markup characters are dropped (not escaped) and mentions are defused."""
    for raw in (result.brief.headline, result.source.title or ""):
        name = _one_line(_NAME_MARKUP.sub("", _MASKED_LINK.sub(r"\1", raw))).lstrip("#>- ")
        if name:
            return clip(defuse_mentions(discord.utils.escape_mentions(name)), THREAD_NAME_LIMIT_CHARS)
    return "Brief"


def _source_line(source: Source) -> str:
    parts = [source.site, source.author, source.published]
    shown = [escape_text(_one_line(p)) for p in parts if p]
    if source.word_count:
        shown.append(f"{source.word_count} words")
    return "Source: " + " · ".join(shown) if shown else ""


def _footer_text(meta: Meta, *, trimmed: int) -> str:
    parts: list[str] = [meta.engine]
    if meta.model:
        parts.append(meta.model)
    if meta.tokens.prompt or meta.tokens.completion:
        parts.append(f"tokens {meta.tokens.prompt}+{meta.tokens.completion}")
    parts.append(f"quotes verified {meta.grounding.verified}/{meta.grounding.checked}")
    if meta.cached:
        parts.append("cached")
    text = " · ".join(parts)
    if meta.warnings:
        text += " · ⚠ " + "; ".join(_one_line(w) for w in meta.warnings)
    # Footers render no markdown, so only mentions are defused (backslashes would show).
    text = clip(plain_text(text), FOOTER_BUDGET_CHARS)
    if trimmed:
        text += f"\nTrimmed to fit Discord: {trimmed} more item(s) not shown."
    return text


def _section_items(brief: Brief) -> list[tuple[str, list[str]]]:
    actors = [
        f"**{escape_text(_one_line(a.name))}**" + (f", {escape_text(_one_line(a.role))}" if a.role else "")
        for a in brief.actors
    ]
    claims = [
        ("⚠ *disputed* · " if c.disputed else "")
        + ("*hedged* · " if c.hedged else "")
        + f"**{escape_text(_one_line(c.claimant))}**: {escape_text(_one_line(c.statement))}"
        + f"\n> “{escape_text(_one_line(c.quote))}”"
        for c in brief.claims
    ]
    denials = [
        f"**{escape_text(_one_line(d.denier))}** denies: {escape_text(_one_line(d.denied))}"
        + f"\n> “{escape_text(_one_line(d.quote))}”"
        for d in brief.denials
    ]
    questions = [
        f"• {escape_text(_one_line(q.question))}\n  *{escape_text(_one_line(q.why))}*" for q in brief.open_questions
    ]
    return [("Actors", actors), ("Claims", claims), ("Denials", denials), ("Open questions", questions)]


@dataclass
class _Field:
    name: str
    value: str


def _pack_fields(sections: Iterable[tuple[str, list[str]]], *, budget: int) -> tuple[list[_Field], int]:
    """Greedily pack items into fields of at most 1024 chars; also returns how many items were left out."""
    fields: list[_Field] = []
    left_out = 0
    for title, items in sections:
        current: _Field | None = None
        for raw in items:
            item = clip(raw, ITEM_LIMIT_CHARS)
            if current is not None and len(current.value) + 1 + len(item) <= FIELD_VALUE_LIMIT_CHARS:
                if len(item) + 1 > budget:
                    left_out += 1
                    continue
                current.value += "\n" + item
                budget -= len(item) + 1
                continue
            name = title if current is None else f"{title} (cont.)"
            fits_count = len(fields) < EMBED_FIELDS_LIMIT * MESSAGE_EMBEDS_LIMIT
            if not fits_count or len(name) + len(item) > budget:
                left_out += 1
                continue
            current = _Field(name=name, value=item)
            fields.append(current)
            budget -= len(name) + len(item)
    return fields, left_out


def render_brief(result: BriefResult) -> list[discord.Embed]:
    """The brief as up to 10 embeds whose combined text stays under Discord's 6000-character message cap."""
    brief, source = result.brief, result.source
    title = clip(escape_text(_one_line(brief.headline)) or "Brief", EMBED_TITLE_LIMIT_CHARS)
    description = clip(escape_text(brief.summary.strip()), SUMMARY_BUDGET_CHARS)
    source_line = _source_line(source)
    if source_line:
        description += "\n\n" + clip(source_line, 400)
    url = source.url if source.url and source.url.startswith(("https://", "http://")) else None
    head = discord.Embed(title=title, url=url, description=description or None, colour=BRIEF_COLOUR)
    footer_max = len(_footer_text(result.meta, trimmed=0)) + TRIM_NOTE_RESERVE_CHARS
    budget = MESSAGE_EMBED_CHARS_LIMIT - len(head) - footer_max
    fields, left_out = _pack_fields(_section_items(brief), budget=budget)
    embeds = [head]
    for field in fields:
        if len(embeds[-1].fields) >= EMBED_FIELDS_LIMIT:
            embeds.append(discord.Embed(colour=BRIEF_COLOUR))
        embeds[-1].add_field(name=field.name, value=field.value, inline=False)
    embeds[-1].set_footer(text=_footer_text(result.meta, trimmed=left_out))
    return embeds


def render_answer(answer: Answer) -> discord.Embed:
    """A follow-up answer with its supporting quotes, or the plain not-found sentence."""
    title = clip(escape_text(_one_line(answer.question)), EMBED_TITLE_LIMIT_CHARS) or "Your question"
    embed = discord.Embed(title=title)
    embed.colour = ANSWER_COLOUR
    if not answer.found:
        embed.description = NOT_FOUND_TEXT
    else:
        body = clip(escape_text(answer.answer.strip()), SUMMARY_BUDGET_CHARS * 2)
        quotes = [f"> “{clip(escape_text(_one_line(q)), ITEM_LIMIT_CHARS)}”" for q in answer.quotes]
        for quote in quotes:
            if len(body) + 2 + len(quote) > EMBED_DESCRIPTION_LIMIT_CHARS:
                break
            body += "\n\n" + quote
        embed.description = body or None
    footer = answer.engine + (f" · {answer.model}" if answer.model else "")
    if answer.warnings:
        footer += " · ⚠ " + "; ".join(_one_line(w) for w in answer.warnings)
    embed.set_footer(text=clip(plain_text(footer), FOOTER_BUDGET_CHARS))
    return embed


def render_error(message: str, *, reference: str | None = None) -> str:
    """Plain words for a failure: our errors' user messages, never an exception's text."""
    text = f"⚠ {message}"
    if reference:
        text += f" (reference `{reference}`)"
    return clip(defuse_mentions(text), MESSAGE_CONTENT_LIMIT_CHARS)
