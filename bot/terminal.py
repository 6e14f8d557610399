"""Terminal rendering of briefs, answers and extractions with rich (an adapter: the core never imports rich).

Article and LLM text is untrusted: rich markup is escaped and control characters (ANSI escapes included) are
removed, so a page cannot restyle or take over the reader's terminal.
"""

from __future__ import annotations

import re

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from bot.models import Answer, Article, BriefResult

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|\x1b\[[0-?]*[ -/]*[@-~]")


def clean(text: str | None) -> str:
    """Untrusted text made inert for a terminal: no control characters, no rich markup."""
    return escape(_CONTROL.sub("", text or ""))


def _section(title: str, lines: list[str]) -> list[str]:
    if not lines:
        return []
    return ["", f"[bold]{title}[/bold]", *lines]


def brief_lines(result: BriefResult) -> list[str]:
    brief, source, meta = result.brief, result.source, result.meta
    lines = [f"[bold]{clean(brief.headline)}[/bold]"]
    byline = " · ".join(clean(part) for part in (source.site, source.author, source.published) if part)
    if byline:
        lines.append(f"[dim]{byline}[/dim]")
    lines += ["", clean(brief.summary)]
    lines += _section(
        "Actors",
        [f"• {clean(a.name)}" + (f" [dim]({clean(a.role)})[/dim]" if a.role else "") for a in brief.actors],
    )
    claim_lines: list[str] = []
    for claim in brief.claims:
        flags = " [yellow](disputed)[/yellow]" if claim.disputed else ""
        flags += " [dim](hedged)[/dim]" if claim.hedged else ""
        claim_lines.append(f"• [bold]{clean(claim.claimant)}[/bold]: {clean(claim.statement)}{flags}")
        claim_lines.append(f"    [italic]“{clean(claim.quote)}”[/italic]")
    lines += _section("Claims", claim_lines)
    denial_lines: list[str] = []
    for denial in brief.denials:
        denial_lines.append(f"• [bold]{clean(denial.denier)}[/bold] denies: {clean(denial.denied)}")
        denial_lines.append(f"    [italic]“{clean(denial.quote)}”[/italic]")
    lines += _section("Denials", denial_lines)
    lines += _section(
        "Open questions",
        [f"• {clean(q.question)} [dim]— {clean(q.why)}[/dim]" for q in brief.open_questions],
    )
    lines += ["", f"[dim]Source: {clean(source.url or '')}[/dim]", f"[dim]{clean(footer(result))}[/dim]"]
    lines += [f"[yellow]⚠ {clean(w)}[/yellow]" for w in meta.warnings]
    return lines


def footer(result: BriefResult) -> str:
    """The figures line every renderer shows: engine, model, tokens, quote verification, cache."""
    meta = result.meta
    parts = [f"engine {meta.engine}"]
    if meta.model:
        parts.append(f"model {meta.model}")
    parts.append(f"tokens {meta.tokens.prompt}+{meta.tokens.completion}")
    parts.append(f"quotes verified {meta.grounding.verified}/{meta.grounding.checked}")
    if meta.cached:
        parts.append("cached")
    parts.append(f"{meta.elapsed_ms} ms")
    return " · ".join(parts)


def _print_lines(console: Console, lines: list[str]) -> None:
    """A panel on a terminal; piped output is plain lines, never hard-wrapped, so tools read whole lines."""
    if console.is_terminal:
        console.print(Panel(Group(*(Text.from_markup(line) for line in lines)), expand=False))
        return
    for line in lines:
        console.print(Text.from_markup(line), soft_wrap=True)


def print_brief(console: Console, result: BriefResult) -> None:
    _print_lines(console, brief_lines(result))


def print_answer(console: Console, answer: Answer) -> None:
    lines = [f"[bold]Q:[/bold] {clean(answer.question)}", "", clean(answer.answer)]
    for quote in answer.quotes:
        lines.append(f"    [italic]“{clean(quote)}”[/italic]")
    lines += [f"[yellow]⚠ {clean(w)}[/yellow]" for w in answer.warnings]
    _print_lines(console, lines)


def print_article(console: Console, article: Article) -> None:
    head = [
        f"[bold]{clean(article.title or '(no title)')}[/bold]",
        f"[dim]{clean(article.final_url or article.url or article.source)}[/dim]",
        f"[dim]site {clean(article.site or '-')} · author {clean(article.author or '-')} · "
        f"published {clean(article.published or '-')} · language {clean(article.language or '-')} · "
        f"{article.word_count} words · gate {article.gate}[/dim]",
    ]
    console.print(Text.from_markup("\n".join(head)), soft_wrap=True)
    console.print(Text(_CONTROL.sub("", article.text)), soft_wrap=True)
    console.print()
