"""The `briefbot` command: brief, ask, extract, slack, discord. A thin adapter over the service.

Exit status (DESIGN.md): 0 done; 2 the input was refused or unusable; 1 an upstream or internal failure.
Errors are one line on stderr; `--debug` (anywhere on the line) shows tracebacks.

Start-up is kept fast: argparse answers `--help` and `--version` before anything heavy is imported, and each
command imports only what it uses (openai, SQLAlchemy and the platform SDKs take seconds to import).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
import traceback
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from bot import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from bot.config import Settings
    from bot.service import BriefService

PROG = "briefbot"
INTERNAL_MESSAGE = "Something went wrong on our side while reading this source."
SOURCE_HELP = "an http(s) URL, a local .html/.htm/.txt/.md file, or - for standard input"


def _parser() -> argparse.ArgumentParser:
    # --debug is accepted before or after the sub-command: SUPPRESS keeps a sub-parser from resetting it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks and debug logs"
    )
    parser = argparse.ArgumentParser(
        prog=PROG, description="Turn a news link into a structured, verified brief.", parents=[common]
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    brief = sub.add_parser("brief", parents=[common], help="brief an article: actors, claims, denials, questions")
    brief.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)
    brief.add_argument(
        "--engine",
        choices=["auto", "llm", "extractive"],
        default=None,
        help="auto (the LLM when configured, else offline), llm, or extractive (offline); default: BRIEFBOT_ENGINE",
    )
    brief.add_argument("--json", action="store_true", help="print the brief as JSON (the documented contract)")
    brief.add_argument("--refresh", action="store_true", help="ignore the cache and read the page again")

    ask = sub.add_parser("ask", parents=[common], help="answer one follow-up question from the article alone")
    ask.add_argument("source", metavar="SOURCE", help=SOURCE_HELP)
    ask.add_argument("question", metavar="QUESTION", help="the question, in quotes")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")

    extract = sub.add_parser("extract", parents=[common], help="show what the bot reads from each source")
    extract.add_argument("sources", nargs="+", metavar="SOURCE", help=SOURCE_HELP)
    extract.add_argument("--jsonl", action="store_true", help="one JSON object a line, one line per source")

    slack = sub.add_parser(
        "slack", parents=[common], help="run the Slack app (Socket Mode when SLACK_APP_TOKEN is set)"
    )
    slack.add_argument("--http", action="store_true", help="serve HTTP (/slack/events) even with an app token")
    slack.add_argument("--port", type=int, default=3000, help="port for /slack/events and /healthz (default 3000)")

    sub.add_parser("discord", parents=[common], help="run the Discord bot")
    _add_eval_parser(sub, common)

    report = sub.add_parser(
        "report", parents=[common], help="usage, feedback and errors per workspace, engine and model"
    )
    report.add_argument("--since", type=int, default=7, metavar="DAYS", help="the last DAYS days (default 7)")
    return parser


# --- `briefbot eval` (issue 10): self-contained; the core lives in bot.service.evaluation -----------------
# The --min-… flags; the same names as bot.service.THRESHOLDS (a test keeps them equal), spelled out here so
# that `--help` needs no import of the service.
EVAL_THRESHOLDS = (
    "actor-recall",
    "actor-precision",
    "claim-recall",
    "denial-recall",
    "question-recall",
    "grounded",
    "attribution",
)


def _add_eval_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    ev = sub.add_parser("eval", parents=[common], help="score the configured engine on a folder of gold files")
    ev.add_argument("folder", metavar="DIR", help="DIR/gold/ID.json naming texts in DIR, or DIR/ID.json beside them")
    ev.add_argument(
        "--engine", choices=["auto", "llm", "extractive"], default=None, help="engine to score; default BRIEFBOT_ENGINE"
    )
    ev.add_argument("--json", action="store_true", help="print the rows, means and misses as JSON")
    for name in EVAL_THRESHOLDS:
        ev.add_argument(f"--min-{name}", type=float, default=None, metavar="X", help=f"exit 1 if the mean {name} < X")


async def _run_eval(run: _Run, service: BriefService) -> int:
    """Rows, means and misses on stdout; exit 1 when a given --min-… threshold is missed (named on stderr)."""
    from pathlib import Path

    from bot.service import evaluate, render_table, shortfalls

    run.progress(f"briefing the articles in {run.args.folder}")
    report = await evaluate(service, Path(run.args.folder), engine=run.args.engine)
    print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) if run.args.json else render_table(report))
    minimums = {name: getattr(run.args, f"min_{name.replace('-', '_')}") for name in EVAL_THRESHOLDS}
    short = shortfalls(report, minimums)
    if short:
        print(f"{PROG}: below threshold: " + "; ".join(short), file=sys.stderr)
    return 1 if short else 0


# --- end of `briefbot eval` ----------------------------------------------------------------------------


class _Run:
    """One invocation: settings, consoles and the error policy shared by every sub-command."""

    def __init__(self, args: argparse.Namespace, settings: Settings) -> None:
        self.args = args
        self.settings = settings

    @property
    def out(self) -> Console:
        from rich.console import Console

        return Console(highlight=False)

    def progress(self, step: str) -> None:
        if sys.stderr.isatty():  # a step may name a user's source: escaped so it cannot restyle the line
            from rich.console import Console
            from rich.markup import escape

            Console(stderr=True, highlight=False).print(f"[dim]{escape(step)}…[/dim]")

    def fail(self, exc: BaseException) -> int:
        """One clear line on stderr; the exit status the error carries."""
        from bot.errors import BotError

        if self.args.debug:
            traceback.print_exception(exc, file=sys.stderr)
        if isinstance(exc, BotError):
            print(f"{PROG}: {exc.user_message}", file=sys.stderr)
            return exc.exit_code
        print(f"{PROG}: internal error ({type(exc).__name__}); run with --debug for details", file=sys.stderr)
        return 1

    async def with_service(self, job: Callable[[BriefService], Awaitable[int]]) -> int:
        from bot.bootstrap import build_service

        service = await build_service(self.settings)
        try:
            return await job(service)
        finally:
            await service.aclose()

    async def brief(self, service: BriefService) -> int:
        result = await service.brief(
            self.args.source,
            engine=self.args.engine,
            refresh=self.args.refresh,
            allow_local=True,
            progress=self.progress,
        )
        if self.args.json:
            print(result.model_dump_json(indent=2))
        else:
            from bot.terminal import print_brief

            print_brief(self.out, result)
        return 0

    async def report(self, service: BriefService) -> int:
        if self.args.since < 1:
            from bot.errors import InputError

            raise InputError("--since below 1", user_message="--since takes a number of days, 1 or more.")
        print(await service.report(since_days=self.args.since), end="")
        return 0

    async def ask(self, service: BriefService) -> int:
        self.progress("reading")
        answer = await service.ask_source(self.args.source, self.args.question)
        if self.args.json:
            print(answer.model_dump_json(indent=2))
        else:
            from bot.terminal import print_answer

            print_answer(self.out, answer)
        return 0

    async def extract(self) -> int:
        from bot.errors import BotError
        from bot.service import read_article
        from bot.terminal import print_article

        worst = 0
        for source in self.args.sources:
            self.progress(f"reading {source}")
            try:
                article = await read_article(source, self.settings)
            except Exception as exc:  # one source's failure is reported on its own line; the others still run
                if self.args.debug:
                    traceback.print_exception(exc, file=sys.stderr)
                if not isinstance(exc, BotError):
                    logging.getLogger(__name__).error("reading %s failed", source, exc_info=exc)
                worst = max(worst, exc.exit_code if isinstance(exc, BotError) else 1)
                kind = exc.kind if isinstance(exc, BotError) else "internal"
                message = exc.user_message if isinstance(exc, BotError) else INTERNAL_MESSAGE
                if self.args.jsonl:
                    error = {"kind": kind, "message": message}
                    print(json.dumps({"source": source, "error": error}, ensure_ascii=False), flush=True)
                else:
                    print(f"{PROG}: {source}: {message}", file=sys.stderr)
                continue
            if self.args.jsonl:
                print(json.dumps(_extract_record(article.model_dump()), ensure_ascii=False), flush=True)
            else:
                print_article(self.out, article)
        return worst


def _extract_record(data: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "source",
        "url",
        "final_url",
        "title",
        "site",
        "author",
        "published",
        "language",
        "word_count",
        "gate",
        "gate_reason",
        "text",
    )
    return {key: data.get(key) for key in keys}


async def _dispatch(run: _Run) -> int:
    command = run.args.command
    if command == "brief":
        return await run.with_service(run.brief)
    if command == "ask":
        return await run.with_service(run.ask)
    if command == "extract":
        return await run.extract()
    if command == "eval":
        return await run.with_service(lambda service: _run_eval(run, service))
    if command == "report":
        return await run.with_service(run.report)
    if command == "slack":
        from bot.slack import run_slack

        return await _until_signalled(run_slack(run.settings, http=run.args.http, port=run.args.port))
    from bot.discord import run_discord

    return await _until_signalled(run_discord(run.settings))


async def _until_signalled(server: Coroutine[Any, Any, None]) -> int:
    """Long-running servers stop cleanly on SIGTERM (what platforms send) as on Ctrl-C; jobs are leased,
    so anything left unfinished is picked up again after the restart."""
    task = asyncio.ensure_future(server)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        logging.getLogger(__name__).info("stopped by signal")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.debug = getattr(args, "debug", False)
    from bot.config import load_settings
    from bot.errors import BotError

    try:
        settings = load_settings()
    except BotError as exc:
        print(f"{PROG}: {exc.user_message}", file=sys.stderr)
        return exc.exit_code
    level = logging.DEBUG if args.debug else getattr(logging, settings.log_level)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not args.debug and args.command in ("brief", "ask", "extract", "eval", "report"):  # no library logs
        logging.getLogger().setLevel(logging.CRITICAL)
    if settings.log_format == "json":  # the per-brief and per-answer lines are whole JSON objects
        activity = logging.getLogger("briefbot.activity")
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        activity.addHandler(handler)
        activity.propagate = False
    run = _Run(args, settings)
    try:
        return asyncio.run(_dispatch(run))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the one place that turns any failure into a line and an exit status
        return run.fail(exc)


if __name__ == "__main__":
    sys.exit(main())
