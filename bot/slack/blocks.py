"""Block Kit rendering of briefs, answers and notices within Slack's limits; imports no Slack library.

Every string that comes from an article or an LLM goes through ``escape_mrkdwn``/``escape_plain`` here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.models import Actor, Answer, BriefResult, Claim, Denial, Meta, OpenQuestion, TokenUsage
from bot.slack.escape import escape_mrkdwn, escape_plain, link, safe_truncate, truncate

Block = dict[str, Any]

# Slack Block Kit limits (api.slack.com/reference/block-kit): 50 blocks a message, 3000 chars a section
# text, 150 chars a header, 10 elements a context block. The byte budget keeps us far below the 40 kB cap.
MAX_BLOCKS = 50
SECTION_TEXT_LIMIT_CHARS = 3000
HEADER_TEXT_LIMIT_CHARS = 150
CONTEXT_ELEMENTS_MAX = 10
CONTEXT_TEXT_LIMIT_CHARS = 2000
MESSAGE_BUDGET_BYTES = 12_000
FALLBACK_TEXT_LIMIT_CHARS = 300
# Per-item caps so one runaway quote cannot crowd out the rest of the brief.
SUMMARY_TEXT_LIMIT_CHARS = 1500
ITEM_TEXT_LIMIT_CHARS = 400
QUOTE_TEXT_LIMIT_CHARS = 350
WARNING_TEXT_LIMIT_CHARS = 200
MAX_ANSWER_QUOTES = 5

NOT_SAID_TEXT = "The article does not say."
# Feedback buttons on every stored brief; their value is the brief id (bot/slack/listeners.py reads it).
FEEDBACK_UP_ACTION = "feedback_up"
FEEDBACK_DOWN_ACTION = "feedback_down"
FEEDBACK_VIEW = "feedback_comment"
FEEDBACK_BLOCK = "what_was_wrong"
FEEDBACK_INPUT = "text"
FEEDBACK_TEXT_LIMIT_CHARS = 2000


@dataclass(frozen=True)
class _Section:
    title: str
    noun: str  # for "…and 7 more <noun>"
    items: list[str]


def brief_blocks(result: BriefResult, *, note: str | None = None) -> list[Block]:
    """The whole brief; long briefs lose their last items (with a note), never the header or footer.

    ``note`` is our own remark (e.g. links skipped by the cap), shown last and counted in the limits."""
    brief = result.brief
    head = [_header(brief.headline or result.source.title or "Brief"), *_source_context(result)]
    summary_text = _clip(brief.summary, SUMMARY_TEXT_LIMIT_CHARS)
    summary = [_section(summary_text)] if summary_text else []
    sections = [
        _Section("Actors", "actors", [_actor_line(actor) for actor in brief.actors]),
        _Section("Claims", "claims", [_claim_line(claim) for claim in brief.claims]),
        _Section("Denials", "denials", [_denial_line(denial) for denial in brief.denials]),
        _Section("Open questions", "open questions", [_question_line(q) for q in brief.open_questions]),
    ]
    # The buttons sit above the engine line, which stays last with any note (readers look there first).
    footer = [{"type": "divider"}, *_feedback_buttons(result.brief_id), _footer(result.meta), *_note(note)]
    return _fit(head + summary, sections, footer)


def _feedback_buttons(brief_id: int | None) -> list[Block]:
    if brief_id is None:
        return []
    buttons = [
        {"type": "button", "action_id": FEEDBACK_UP_ACTION, "value": str(brief_id),
         "text": {"type": "plain_text", "text": "👍 Useful", "emoji": True}},
        {"type": "button", "action_id": FEEDBACK_DOWN_ACTION, "value": str(brief_id),
         "text": {"type": "plain_text", "text": "👎 Something's wrong", "emoji": True}},
    ]  # fmt: skip
    return [{"type": "actions", "block_id": f"feedback:{brief_id}", "elements": buttons}]


def feedback_view(*, brief_id: int, channel: str) -> Block:
    """The modal a 👎 opens: an optional 'what was wrong' text, sent back with the brief id."""
    return {
        "type": "modal",
        "callback_id": FEEDBACK_VIEW,
        "private_metadata": json.dumps({"brief_id": brief_id, "channel": channel}),
        "title": {"type": "plain_text", "text": "What was wrong?"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Skip"},
        "blocks": [
            {
                "type": "input",
                "block_id": FEEDBACK_BLOCK,
                "optional": True,
                "label": {"type": "plain_text", "text": "Tell us what the brief got wrong (optional)"},
                "element": {"type": "plain_text_input", "action_id": FEEDBACK_INPUT, "multiline": True,
                            "max_length": FEEDBACK_TEXT_LIMIT_CHARS},
            }
        ],
    }  # fmt: skip


def answer_blocks(answer: Answer) -> list[Block]:
    """A follow-up answer with its supporting quotes, or the plain 'does not say'."""
    blocks: list[Block] = []
    if answer.found and answer.answer.strip():
        blocks.append(_section(safe_truncate(escape_mrkdwn(answer.answer), SECTION_TEXT_LIMIT_CHARS)))
        quotes = [_quote(text) for text in answer.quotes[:MAX_ANSWER_QUOTES]]
        if quotes:
            blocks.append(_section(safe_truncate("\n".join(quotes), SECTION_TEXT_LIMIT_CHARS)))
    else:
        blocks.append(_section(NOT_SAID_TEXT))
    engine = _engine_line(answer.engine, answer.model, answer.tokens)
    blocks.append(_context([engine, *_warning_lines(answer.warnings)]))
    return blocks


def fallback_text(item: BriefResult | Answer) -> str:
    """The notification and screen-reader text that accompanies blocks (mrkdwn, so escaped too)."""
    if isinstance(item, Answer):
        text = item.answer if item.found and item.answer.strip() else NOT_SAID_TEXT
    else:
        text = f"Brief: {item.brief.headline}"
    return safe_truncate(escape_mrkdwn(" ".join(text.split())), FALLBACK_TEXT_LIMIT_CHARS)


def placeholder_text(url: str) -> str:
    return f"Reading {link(url, truncate(url, 80))}…"


# What the placeholder says at each stage the service reports (BriefService.brief's progress callback).
STAGE_TEXTS = {"briefing": "Writing the brief of {link}…", "checking quotes": "Checking the quotes of {link}…"}


def stage_text(stage: str, url: str) -> str | None:
    """The placeholder's words for a stage, or None for a stage not worth an edit (reading: it says so already)."""
    template = STAGE_TEXTS.get(stage)
    return None if template is None else template.format(link=link(url, truncate(url, 80)))


def notice_blocks(message: str, *, note: str | None = None) -> list[Block]:
    """Our own words for the user (an error's user_message, a hint); escaped all the same."""
    return [_section(safe_truncate(escape_mrkdwn(message), SECTION_TEXT_LIMIT_CHARS)), *_note(note)]


def notice_text(message: str) -> str:
    """The fallback text of a notice: escaped like every other text we post."""
    return safe_truncate(escape_mrkdwn(" ".join(message.split())), FALLBACK_TEXT_LIMIT_CHARS)


def _note(note: str | None) -> list[Block]:
    return [_context([escape_mrkdwn(note)])] if note and note.strip() else []


# --- fitting into Slack's limits ------------------------------------------------------------------
def _fit(head: list[Block], sections: Sequence[_Section], footer: list[Block]) -> list[Block]:
    """Drop the last item of the longest section until the message fits the block and byte budgets."""
    shown = [len(section.items) for section in sections]
    while True:
        body = [block for index, section in enumerate(sections) for block in _render(section, shown[index])]
        blocks = head + body + footer
        if len(blocks) <= MAX_BLOCKS and _size(blocks) <= MESSAGE_BUDGET_BYTES:
            return blocks
        if not any(shown):
            return (head + footer)[:MAX_BLOCKS]
        longest = max(range(len(sections)), key=lambda i: sum(map(len, sections[i].items[: shown[i]])))
        shown[longest] -= 1


def _render(section: _Section, shown: int) -> list[Block]:
    if not section.items:
        return []
    lines = [f"*{section.title}*", *section.items[:shown]]
    hidden = len(section.items) - shown
    if hidden:
        lines.append(f"_…and {hidden} more {section.noun}_")
    return [_section(text) for text in _pack(lines)]


def _pack(lines: list[str]) -> list[str]:
    """Join lines into section texts of at most SECTION_TEXT_LIMIT_CHARS, never splitting a line."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = safe_truncate(line, SECTION_TEXT_LIMIT_CHARS)
        if current and len(current) + 1 + len(line) > SECTION_TEXT_LIMIT_CHARS:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def _size(blocks: list[Block]) -> int:
    return len(json.dumps(blocks, ensure_ascii=False).encode("utf-8"))


# --- items ----------------------------------------------------------------------------------------
def _clip(text: str, limit: int = ITEM_TEXT_LIMIT_CHARS) -> str:
    return escape_mrkdwn(truncate(" ".join(text.split()), limit))


def _quote(text: str) -> str:
    return f"> “{_clip(text, QUOTE_TEXT_LIMIT_CHARS)}”"


def _actor_line(actor: Actor) -> str:
    role = f", {_clip(actor.role)}" if actor.role else ""
    return f"• *{_clip(actor.name, 120)}*{role}"


def _claim_line(claim: Claim) -> str:
    marks = (" ⚠ _disputed_" if claim.disputed else "") + (" _(hedged)_" if claim.hedged else "")
    return f"• *{_clip(claim.claimant, 120)}*: {_clip(claim.statement)}{marks}\n{_quote(claim.quote)}"


def _denial_line(denial: Denial) -> str:
    return f"• *{_clip(denial.denier, 120)}* denies: {_clip(denial.denied)}\n{_quote(denial.quote)}"


def _question_line(question: OpenQuestion) -> str:
    why = f"\n    _{_clip(question.why, 250)}_" if question.why.strip() else ""
    return f"• {_clip(question.question)}{why}"


# --- blocks ---------------------------------------------------------------------------------------
def _header(text: str) -> Block:
    plain = truncate(escape_plain(text), HEADER_TEXT_LIMIT_CHARS) or "Brief"
    return {"type": "header", "text": {"type": "plain_text", "text": plain, "emoji": False}}


def _mrkdwn(text: str) -> Block:
    """verbatim: Slack must not auto-parse bare URLs, #channel names or @names in article text; our own
    <url|label> links still work (they are manual parsing strings)."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def _section(text: str) -> Block:
    return {"type": "section", "text": _mrkdwn(text)}


def _context(texts: list[str]) -> Block:
    elements = [_mrkdwn(safe_truncate(text, CONTEXT_TEXT_LIMIT_CHARS)) for text in texts if text]
    return {"type": "context", "elements": elements[:CONTEXT_ELEMENTS_MAX]}


def _source_context(result: BriefResult) -> list[Block]:
    source = result.source
    parts = [f"*{_clip(source.title, 200)}*" if source.title else ""]
    parts += [_clip(value, 80) for value in (source.site, source.author, _date(source.published)) if value]
    if source.url and source.url.startswith(("http://", "https://")):
        parts.append(link(source.url, "open the article"))
    texts = [part for part in parts if part]
    return [_context([" · ".join(texts)])] if texts else []


def _date(published: str | None) -> str | None:
    """ISO timestamps shown as their date; anything else as written."""
    if published and len(published) >= 10 and published[4] == "-" and published[7] == "-":
        return published[:10]
    return published


def _footer(meta: Meta) -> Block:
    parts = [_engine_line(meta.engine, meta.model, meta.tokens)]
    grounding = meta.grounding
    parts.append(f"quotes verified {grounding.verified}/{grounding.checked}")
    if meta.cached:
        parts.append("cached")
    return _context([" · ".join(parts), *_warning_lines(meta.warnings)])


def _engine_line(engine: str, model: str | None, tokens: TokenUsage) -> str:
    parts = [engine]
    if model:
        parts.append(_clip(model, 60))
    if tokens.prompt or tokens.completion:
        parts.append(f"{tokens.prompt:,} + {tokens.completion:,} tokens")
    return " · ".join(parts)


def _warning_lines(warnings: list[str], *, room: int = CONTEXT_ELEMENTS_MAX - 1) -> list[str]:
    """One context element each (the footer has room for nine beside the engine line)."""
    if len(warnings) > room:
        shown = [_warning(text) for text in warnings[: room - 1]]
        return [*shown, f"⚠ …and {len(warnings) - room + 1} more warnings"]
    return [_warning(text) for text in warnings]


def _warning(text: str) -> str:
    return f"⚠ {_clip(text, WARNING_TEXT_LIMIT_CHARS)}"
