"""The core use cases: brief a source, answer a follow-up. Knows no platform; adapters call only this.

    read -> gate -> cache? -> engines (llm | extractive, extractive as fallback; grounded there) -> store

Grounding belongs to ``bot.engines``: every output arrives grounded once, with its figures; this module
trusts them and never checks quotes again.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, BinaryIO, cast

from bot.config import Settings
from bot.cpu import CpuPool
from bot.engines import EngineChoice, Engines, count_tokens
from bot.engines.extractive import brief_extractive
from bot.errors import ConversationNotFoundError, EmptyQuestionError, InvalidSourceError, TooLongError
from bot.extraction import extract_article_sync, is_url, read_source, require_article
from bot.fetching import FetchPolicy, canonical_url, check_fetchable
from bot.grounding import ground_brief
from bot.jobs import SingleFlight
from bot.models import Answer, Article, BriefResult, EngineOutput, Meta, Source
from bot.operations import Activity, Requester, Team, TeamSettings
from bot.service.links import LinkSelection, select_links
from bot.service.payloads import BriefJob, JobStep, NoticeJob, QuestionJob, job_kind
from bot.store import BriefClaims, ConversationKey, Job, JobQueue, Store, StoredArticle, StoredBrief

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
HISTORY_BUDGET_SHARE = 4  # follow-up history may use a quarter of the prompt budget; the article needs the rest
# How often a process waiting for another's brief of the same link looks for it (a cache read each time).
CLAIM_POLL_SECONDS = 0.2


def _quiet(_: str) -> None:
    """Progress goes nowhere unless the caller shows it."""


def content_hash(text: str) -> str:
    """Whitespace-insensitive, so a page re-fetched with different markup but the same words is the same."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


@dataclass
class BriefService:
    settings: Settings
    store: Store
    jobs: JobQueue
    fetch_policy: FetchPolicy
    engines: Engines
    team: Team
    cpu: CpuPool
    claims: BriefClaims
    inflight: SingleFlight = field(default_factory=SingleFlight, repr=False)
    # Names this service's claims on links, so processes sharing the database tell their claims apart.
    owner: str = field(default_factory=lambda: uuid.uuid4().hex, repr=False)

    @property
    def preferences(self) -> TeamSettings:
        """Settings per workspace and channel (reply mode, auto-brief, ...), shared by every process."""
        return self.team.settings

    # --- chat requests: settings, quotas, metrics and the log line around the use cases ------------------
    async def brief_for(self, url: str, who: Requester, *, progress: Progress = _quiet) -> BriefResult:
        """A chat user's brief, under the channel's settings (domains, engine, model, language) and quotas."""
        activity = await self.team.begin("brief", who, url=url)
        settings = activity.in_force
        try:
            result = await self.brief(
                url,
                engine=_engine_choice(settings["engine"]),
                model=settings["model"],
                language=settings.language,
                timings=activity.timings,
                progress=progress,
            )
        except Exception as exc:
            await self.team.finish(activity, error=exc)
            raise
        _describe(activity, result.meta, brief_id=result.brief_id, article_id=result.article_id)
        activity.fields["outcome"] = "cached" if result.meta.cached else "ok"
        await self.team.finish(activity)
        return result

    async def ask_for(self, key: ConversationKey, question: str, who: Requester) -> Answer:
        """A chat user's follow-up, under the channel's follow-up quotas and engine and model settings."""
        activity = await self.team.begin("question", who)
        try:
            answer = await self.ask(key, question, asked_by=who.user, activity=activity)
        except Exception as exc:
            await self.team.finish(activity, error=exc)
            raise
        activity.fields.update(
            outcome="ok" if answer.found else "not_found", engine=answer.engine, model=answer.model,
            tokens_prompt=answer.tokens.prompt, tokens_completion=answer.tokens.completion,
        )  # fmt: skip
        await self.team.finish(activity)
        return answer

    # --- reading -------------------------------------------------------------------------------------------
    async def read(
        self, source: str, *, stdin: BinaryIO | None = None, timings: dict[str, float] | None = None
    ) -> Article:
        """What the bot reads from a source, gate verdict recorded but not enforced (the `extract` command)."""
        return await read_source(source, policy=self.fetch_policy, stdin=stdin, cpu=self.cpu, timings=timings)

    # --- briefing ------------------------------------------------------------------------------------------
    async def brief(
        self,
        source: str,
        *,
        engine: EngineChoice | None = None,
        refresh: bool = False,
        allow_local: bool = False,
        stdin: BinaryIO | None = None,
        progress: Progress = _quiet,
        model: str | None = None,
        language: str | None = None,
        timings: dict[str, float] | None = None,
    ) -> BriefResult:
        """Brief a URL; local files and stdin only with ``allow_local`` (the CLI), never from chat users.

        ``model`` and ``language`` are a channel's choices; ``timings`` receives seconds per stage.

        The same link requested concurrently (pasted in five channels at once, in one process or several on
        the same database) is briefed once: later callers wait for the first and are answered from the cache."""
        if not allow_local and not is_url(source):
            raise InvalidSourceError(f"not a URL: {source!r}")
        how = _How(engine=engine, model=model, language=language, timings={} if timings is None else timings)
        if not is_url(source):
            return await self._brief(source, None, how=how, refresh=refresh, stdin=stdin, progress=progress)
        canonical = canonical_url(source)  # parsed and canonicalised once, at the door
        started = time.perf_counter()
        async with self.inflight.hold(canonical):
            brief = functools.partial(self._brief, source, canonical, how=how, refresh=refresh, stdin=stdin)
            if refresh:
                return await brief(progress=progress)
            # A brief found here is served as found: looking it up again would cost two more reads per link.
            cached = await self._cached_by_url(canonical, how) or await self._claim(canonical, how)
            if cached is not None:
                return await self._serve_cached(source, cached, started)
            try:  # look again: another process may have briefed it and let go between our look and our claim
                return await brief(progress=progress)
            finally:
                await self.claims.release(canonical, owner=self.owner)

    async def _claim(self, canonical: str, how: _How) -> StoredBrief | None:
        """Claim the link across processes (None once claimed); while another process holds it, wait for its
        brief (returned, with no claim held) or for its claim to end: released, or past its deadline (it died)."""
        wait_seconds = self.settings.brief_claim_wait_seconds
        while not await self.claims.take(canonical, owner=self.owner, seconds=wait_seconds):
            log.info("another process is briefing %s; waiting for its brief", canonical)
            while await self.claims.held_by_other(canonical, owner=self.owner):
                cached = await self._cached_by_url(canonical, how)
                if cached is not None:
                    return cached  # served without asking the LLM
                await asyncio.sleep(CLAIM_POLL_SECONDS)
        return None

    async def _serve_cached(self, source: str, cached: StoredBrief, started: float) -> BriefResult:
        """The cache is shared by every workspace: serve it only while today's policy would still fetch this link
        (an allowance removed since the brief was made counts)."""
        await check_fetchable(source, policy=self.fetch_policy)
        return self._as_cached(cached, started)

    async def _brief(
        self,
        source: str,
        canonical: str | None,
        *,
        how: _How,
        refresh: bool,
        stdin: BinaryIO | None,
        progress: Progress,
    ) -> BriefResult:
        started = time.perf_counter()
        if canonical is not None and not refresh:
            cached = await self._cached_by_url(canonical, how)
            if cached is not None:
                return await self._serve_cached(source, cached, started)
        progress("reading")
        article = self._briefable(await self.read(source, stdin=stdin, timings=how.timings))
        digest = content_hash(article.text)
        save = functools.partial(
            self.store.save_article, article, canonical_url=_stored_url(article, canonical, digest), content_hash=digest
        )
        if not refresh and canonical is not None:  # the cache is for links; a local file is read fresh each time
            hit = await self._find_brief(how, content_hash=digest)
            # The same story reached through another link or a redirect; only under the same title and byline,
            # so a page that copies a real body under a forged headline cannot plant it for everyone else.
            if hit is not None and _same_page(hit, article):
                update = {"source": Source.from_article(article), "article_id": (await save()).id}
                return self._as_cached(hit, started).model_copy(update=update)
        progress("briefing")
        engine_started = time.perf_counter()
        # The article is stored while the engine works (an LLM mostly waits): its write is off the path to
        # the LLM request, which fifty links at once queue for. It is stored even when the brief fails.
        saving = asyncio.create_task(save(), name="save-article")
        try:
            output = await self.engines.brief(
                article, how.engine, model=how.model, language=how.language, timings=how.timings
            )
        except BaseException:
            await asyncio.gather(saving, return_exceptions=True)
            raise
        stored_article = await saving
        how.timings["engine"] = time.perf_counter() - engine_started
        progress("checking quotes")
        result = await self._finish(article, output, started, timings=how.timings)
        stored = await self.store.save_brief(stored_article.id, result)
        return result.model_copy(update={"article_id": stored_article.id, "brief_id": stored.id})

    async def brief_article(self, article: Article, *, engine: EngineChoice | None = None) -> BriefResult:
        """Brief an already extracted article without the store (benchmarks, one-off use)."""
        started = time.perf_counter()
        output = await self.engines.brief(self._briefable(article), engine)
        return await self._finish(article, output, started)

    def _briefable(self, article: Article) -> Article:
        """Past the gate and under the word cap: no engine is handed a book it cannot finish in time."""
        article = require_article(article)
        if article.word_count > self.settings.max_article_words:
            raise TooLongError(article.word_count, self.settings.max_article_words)
        return article

    async def _finish(
        self, article: Article, output: EngineOutput, started: float, *, timings: dict[str, float] | None = None
    ) -> BriefResult:
        stats = output.grounding  # grounded once, by the engines package (which times it into ``timings``)
        warnings = list(output.warnings)
        if stats.dropped:
            warnings.append(
                f"{stats.dropped} claim(s) or denial(s) were left out: their quotes were not in the article "
                "or did not carry them."
            )
        meta = Meta(
            engine=output.engine,
            model=output.model,
            prompt_version=output.prompt_version,
            tokens=output.tokens,
            grounding=stats,
            elapsed_ms=int((time.perf_counter() - started) * 1000),
            warnings=warnings,
        )
        return BriefResult(brief=output.brief, source=Source.from_article(article), meta=meta)

    # --- cache -----------------------------------------------------------------------------------------------
    async def _cached_by_url(self, canonical: str, how: _How) -> StoredBrief | None:
        stored = await self.store.latest_article(canonical)
        if stored is None or not self._fresh(stored):
            return None
        return await self._find_brief(how, article_id=stored.id)

    async def _find_brief(
        self, how: _How, *, article_id: int | None = None, content_hash: str | None = None
    ) -> StoredBrief | None:
        engine, model, prompt_version = self.engines.identity(how.engine, model=how.model, language=how.language)
        hit = await self.store.find_brief(
            engine=engine,
            model=model,
            prompt_version=prompt_version,
            article_id=article_id,
            content_hash=content_hash,
        )
        if hit is None or datetime.now(UTC) - _aware(hit.created_at) > self._max_age():
            return None
        return hit

    def _fresh(self, stored: StoredArticle) -> bool:
        return datetime.now(UTC) - _aware(stored.fetched_at) <= self._max_age()

    def _max_age(self) -> timedelta:
        return timedelta(seconds=self.settings.cache_max_age_seconds)

    @staticmethod
    def _as_cached(hit: StoredBrief, started: float) -> BriefResult:
        meta = hit.result.meta.model_copy(
            update={
                "cached": True,
                "elapsed_ms": int((time.perf_counter() - started) * 1000),
                "tokens": hit.result.meta.tokens.model_copy(update={"prompt": 0, "completion": 0}),
            }
        )
        return hit.result.model_copy(update={"meta": meta, "article_id": hit.article_id, "brief_id": hit.id})

    # --- conversations -----------------------------------------------------------------------------------
    async def attach_conversation(self, key: ConversationKey, result: BriefResult) -> None:
        if result.article_id is None or result.brief_id is None:
            raise ValueError("only a stored brief can own a conversation")
        await self.store.link_conversation(key, article_id=result.article_id, brief_id=result.brief_id)

    async def has_conversation(self, key: ConversationKey) -> bool:
        return await self.store.conversation_exists(key)

    async def ask(
        self, key: ConversationKey, question: str, *, asked_by: str | None = None, activity: Activity | None = None
    ) -> Answer:
        _require_question(question)
        found = await self.store.get_conversation(key)
        if found is None:
            raise ConversationNotFoundError(f"no conversation for {key}")
        stored_article, stored_brief = found
        turns = await self.store.recent_turns(key, limit=self.settings.conversation_turns)
        history = await asyncio.to_thread(self._fit_history, [(turn.question, turn.answer) for turn in turns])
        choice = None if activity is None else activity.in_force
        answer = await self._answer(
            stored_article.article,
            question,
            stored_brief.result,
            history,
            engine=None if choice is None else _engine_choice(choice["engine"]),
            model=None if choice is None else choice["model"],
        )
        await self.store.add_turn(key, question=question, answer=answer, asked_by=asked_by)
        return answer

    def _fit_history(self, history: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Keep the newest turns that fit a quarter of the prompt budget; the article needs the rest."""
        budget = self.settings.max_prompt_tokens // HISTORY_BUDGET_SHARE
        kept: list[tuple[str, str]] = []
        for question, answer in reversed(history):
            budget -= count_tokens(f"{question}\n{answer}", model=self.settings.model).n
            if budget < 0:
                break
            kept.append((question, answer))
        return kept[::-1]

    async def ask_source(self, source: str, question: str, *, stdin: BinaryIO | None = None) -> Answer:
        """One follow-up straight from a source (the `ask` command): brief it (cached) and answer."""
        _require_question(question)
        result = await self.brief(source, stdin=stdin, allow_local=True)
        article = (
            (await self.store.get_article(result.article_id)).article
            if result.article_id is not None
            else require_article(await self.read(source, stdin=stdin))
        )
        return await self._answer(article, question, result, [])

    async def _answer(
        self,
        article: Article,
        question: str,
        result: BriefResult,
        history: list[tuple[str, str]],
        *,
        engine: EngineChoice | None = None,
        model: str | None = None,
    ) -> Answer:
        return await self.engines.answer(
            article, question, brief=result.brief, history=history, choice=engine, model=model
        )

    # --- background work adapters hand over ---------------------------------------------------------------
    def select_links(self, candidates: Iterable[str]) -> LinkSelection:
        """The links of one message to brief, capped by the per-message setting, with the note for the rest."""
        return select_links(candidates, limit=self.settings.max_links_per_message)

    async def enqueue_brief(self, job: BriefJob, *, dedupe_key: str, announce_first: bool = False) -> bool:
        """Queue a brief; False when this dedupe key was queued before (a redelivered event).

        ``announce_first`` queues the platform's quick first step (Slack's "Reading …" placeholder) which then
        hands over to the brief step, so the first feedback never waits behind slow briefs."""
        return await self._enqueue("announce" if announce_first else "brief", job, dedupe_key)

    async def hand_over_brief(self, step: Job, job: BriefJob, *, dedupe_key: str) -> bool:
        """Finish a quick first step (Slack's placeholder, its ``step.state`` included) and queue the brief in
        one transaction: one write instead of three per link, which fifty links at once feel."""
        kind = job_kind(job.platform, "brief")
        return await self.jobs.hand_over(step, kind, job.model_dump(mode="json"), dedupe_key=dedupe_key) is not None

    async def enqueue_question(self, job: QuestionJob, *, dedupe_key: str) -> bool:
        return await self._enqueue("question", job, dedupe_key)

    async def enqueue_notice(self, job: NoticeJob, *, dedupe_key: str) -> bool:
        return await self._enqueue("notice", job, dedupe_key)

    async def _enqueue(self, step: JobStep, job: BriefJob | QuestionJob | NoticeJob, dedupe_key: str) -> bool:
        kind = job_kind(job.platform, step)
        job_id = await self.jobs.enqueue(kind, job.model_dump(mode="json"), dedupe_key=dedupe_key)
        if job_id is None:
            log.info("duplicate %s dropped (%s)", kind, dedupe_key)
        return job_id is not None

    async def checkpoint(self, job: Job, key: str, value: Any) -> None:
        """Record a step of a running job (a post made), so a job run twice does that step once."""
        await self.jobs.checkpoint(job, key, value)

    def is_last_attempt(self, job: Job) -> bool:
        return job.attempts >= self.jobs.max_attempts

    @contextlib.asynccontextmanager
    async def first_delivery(self, platform: str, event_id: str | None) -> AsyncIterator[bool]:
        """True when this platform event is new; a redelivery of an event already handled yields False.

        Handling that fails forgets the event again, so the platform's retry is handled, not dropped.
        (Job dedupe keys still guard concurrent duplicates; this drops repeats at the door.)"""
        if event_id is None:
            yield True
            return
        fresh = await self.store.mark_event(platform, event_id)
        try:
            yield fresh
        except BaseException:
            if fresh:
                await self.store.forget_event(platform, event_id)
            raise

    # --- feedback, the report, metrics ------------------------------------------------------------------
    async def record_feedback(
        self, who: Requester, *, brief_id: int, vote: str | None = None, comment: str | None = None
    ) -> None:
        """A 👍/👎 on a brief, or the 'what was wrong' text, stored with what made the brief."""
        await self.team.record_feedback(
            platform=who.platform, workspace=who.workspace, channel=who.channel, user=who.user or "",
            brief_id=brief_id, vote=vote, comment=comment,
        )  # fmt: skip

    async def settings_command(self, who: Requester, words: list[str]) -> str:
        """`settings show|set|reset …` from chat; the adapter checked the user may change settings."""
        return await self.team.settings_command(who.platform, who.workspace, who.channel, words)

    async def report(self, *, since_days: int) -> str:
        return await self.team.report(since_days=since_days)

    async def metrics_text(self) -> bytes:
        """The Prometheus exposition text, for the adapters' /metrics endpoints."""
        return await self.team.metrics.render()

    def observe_post(self, seconds: float) -> None:
        """Adapters time their platform post (the last stage of a brief)."""
        self.team.metrics.observe_stage("post", seconds)

    async def warm(self) -> None:
        """Start the CPU workers and pay their first-call set-up now, and the LLM engine's (a long-running bot
        calls this at start): the first user's brief is as fast as the fiftieth."""
        await asyncio.gather(self.cpu.warm(warm_up_worker), self.engines.warm())

    async def aclose(self) -> None:
        await self.engines.aclose()
        await self.store.close()
        self.cpu.close()


def _require_question(question: str) -> None:
    if not question.strip():
        raise EmptyQuestionError("empty question")


@dataclass(frozen=True)
class _How:
    """How one brief is made: engine, model and language (a channel's settings), and where timings go."""

    engine: EngineChoice | None
    model: str | None
    language: str | None
    timings: dict[str, float]


def _engine_choice(value: str) -> EngineChoice:
    return cast(EngineChoice, value) if value in ("auto", "llm", "extractive") else "auto"


def _describe(activity: Activity, meta: Meta, *, brief_id: int | None, article_id: int | None) -> None:
    """What the brief's log line and activity row say: ids, engine, model, tokens, cache, grounding."""
    activity.fields.update(
        brief_id=brief_id, article_id=article_id, engine=meta.engine, model=meta.model,
        prompt_version=meta.prompt_version, cached=meta.cached, tokens_prompt=meta.tokens.prompt,
        tokens_completion=meta.tokens.completion, quotes_dropped=meta.grounding.dropped, elapsed_ms=meta.elapsed_ms,
    )  # fmt: skip


def _stored_url(article: Article, canonical: str | None, digest: str) -> str:
    """The link the article is cached under: where a redirect ended, else the canonical link asked for."""
    if canonical is None:
        return f"local:{digest}"
    final = article.final_url
    return canonical_url(final) if final and final != article.url else canonical


def _same_page(hit: StoredBrief, article: Article) -> bool:
    cached = hit.result.source
    return (cached.title or "", cached.author or "") == (article.title or "", article.author or "")


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; the store writes UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# A small page that takes every path a real brief takes in a worker: extraction, the offline engine, grounding.
_WARM_UP_PAGE = (
    "<html lang='en'><head><title>Council approves harbour budget</title></head><body><article>"
    "<h1>Council approves harbour budget</h1>"
    + "".join(
        f"<p>The city council approved the harbour budget on Monday, the mayor said. Critics said the plan "
        f"would raise fees, but the council denied that fees would rise ({n}).</p>"
        for n in range(12)
    )
    + "</article></body></html>"
)


def warm_up_worker() -> None:
    """Run once in each CPU worker at start: trafilatura, the offline engine and grounding set up lazily on
    their first call (about half a second), which would otherwise land on the first users' briefs."""
    article = extract_article_sync(_WARM_UP_PAGE, source="warm-up", url=None, content_type="text/html")
    output = brief_extractive(article)
    ground_brief(output.brief, article.text)


def cpu_pool(settings: Settings) -> CpuPool:
    """One pool per process: extraction, the offline engine and grounding share its workers and deadline."""
    return CpuPool(workers=settings.cpu_workers, deadline_seconds=settings.cpu_deadline_seconds)


async def read_article(source: str, settings: Settings, *, stdin: BinaryIO | None = None) -> Article:
    """What the bot reads from one source, without opening the store (the `extract` command)."""
    cpu = cpu_pool(settings)
    try:
        return await read_source(source, policy=FetchPolicy.from_settings(settings), stdin=stdin, cpu=cpu)
    finally:
        cpu.close()
