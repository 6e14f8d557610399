"""Bolt listeners: turn Slack events, /brief and the shortcut into jobs; never do slow work here.

De-duplication: job keys name the Slack message (team, channel, ts), so a redelivered event and the
message/app_mention pair Slack sends for one mention both enqueue once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.config import Settings
from bot.service import BriefService
from bot.slack.jobs import ANSWER_JOB, NOTICE_JOB, PLACEHOLDER_JOB, conversation_key
from bot.slack.links import FoundLinks, find_links, mentions_user, strip_mentions
from bot.slack.prefs import REPLY_MODES, ReplyMode, WorkspacePrefs

log = logging.getLogger(__name__)

SHORTCUT_CALLBACK_ID = "brief_this_link"
USAGE_TEXT = (
    "Usage: `/brief <link>` posts a brief of a news article here. "
    "`/brief mode all` answers every reply in a brief's thread; `/brief mode mention` (default) only replies "
    "that @mention me. You can also paste a link in a channel I'm in, or use the *Brief this link* shortcut."
)
# Human messages that carry new text. Every other subtype (message_changed, message_deleted, bot_message,
# channel_join, ...) is an edit, a deletion, a bot or a system notice: never briefed, never answered.
HUMAN_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
NO_LINKS_TEXT = "I found no news link in that message (links to Slack, images and files are skipped)."


class Listeners:
    def __init__(
        self, settings: Settings, service: BriefService, prefs: WorkspacePrefs, *, wake: Callable[[], None]
    ) -> None:
        self.settings = settings
        self.service = service
        self.prefs = prefs
        self.wake = wake

    def register(self, app: AsyncApp) -> None:
        app.event("message")(self.on_message)
        app.event("app_mention")(self.on_mention)
        app.command("/brief")(self.on_command)
        app.shortcut(SHORTCUT_CALLBACK_ID)(self.on_shortcut)

    # --- events -----------------------------------------------------------------------------------------
    async def on_message(self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext) -> None:
        """A plain human message: links are briefed; replies in a brief's thread may be follow-ups."""
        if event.get("subtype") not in HUMAN_SUBTYPES or event.get("bot_id") or event.get("edited"):
            return
        if not event.get("user") or event.get("user") == context.bot_user_id:
            return
        async with self.service.first_delivery("slack", body.get("event_id")) as fresh:
            if fresh:
                await self._handle(event, team=_team(body, context), bot_user=context.bot_user_id, mentioned=False)

    async def on_mention(self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext) -> None:
        """An @mention: like a message, but it always gets an answer (or 'paste a link first')."""
        if event.get("bot_id") or event.get("user") == context.bot_user_id:
            return
        async with self.service.first_delivery("slack", body.get("event_id")) as fresh:
            if fresh:
                await self._handle(event, team=_team(body, context), bot_user=context.bot_user_id, mentioned=True)

    async def _handle(self, event: Mapping[str, Any], *, team: str, bot_user: str | None, mentioned: bool) -> None:
        text = str(event.get("text") or "")
        ts = str(event["ts"])
        thread = str(event.get("thread_ts") or ts)
        base = {
            "team": team,
            "channel": str(event["channel"]),
            "thread_ts": thread,
            "user": event.get("user"),
        }
        message_id = f"slack:{team}:{base['channel']}:{ts}"
        links = find_links(text, limit=self.settings.max_links_per_message)
        if links.urls:
            await self._enqueue_briefs(base, links, dedupe_prefix=message_id)
            return
        in_brief_thread = thread != ts and await self.service.has_conversation(conversation_key(base, thread))
        if mentioned or (in_brief_thread and await self._answers_reply(team, text, bot_user)):
            question = strip_mentions(text)
            if question:
                await self._enqueue(ANSWER_JOB, {**base, "question": question}, dedupe_key=f"{message_id}:ask")

    async def _answers_reply(self, team: str, text: str, bot_user: str | None) -> bool:
        mode = await self.prefs.get(team) or self.settings.slack_reply_mode
        return mode == "all" or mentions_user(text, bot_user)

    # --- /brief and the shortcut ------------------------------------------------------------------------
    async def on_command(self, ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext) -> None:
        words = str(command.get("text") or "").split()
        team = str(command.get("team_id") or context.team_id or "")
        if words[:1] == ["mode"]:
            await ack(text=await self._set_mode(team, words[1:]), response_type="ephemeral")
            return
        links = find_links(" ".join(words), limit=self.settings.max_links_per_message)
        if not links.urls:
            await ack(text=USAGE_TEXT, response_type="ephemeral")
            return
        base = {
            "team": team,
            "channel": command["channel_id"],
            "thread_ts": None,
            "user": command.get("user_id"),
            "response_url": command.get("response_url"),
        }
        await self._enqueue_briefs(base, links, dedupe_prefix=f"slack:command:{command.get('trigger_id')}")
        await ack()

    async def _set_mode(self, team: str, args: list[str]) -> str:
        if len(args) == 1 and args[0] in REPLY_MODES:
            mode: ReplyMode = "all" if args[0] == "all" else "mention"
            await self.prefs.set(team, mode)
            what = "every reply in a brief's thread" if mode == "all" else "only replies that @mention me"
            return f"Reply mode is now `{mode}`: I answer {what}."
        current = await self.prefs.get(team) or self.settings.slack_reply_mode
        return f"Reply mode is `{current}`. Change it with `/brief mode all` or `/brief mode mention`."

    async def on_shortcut(self, ack: AsyncAck, shortcut: dict[str, Any], context: AsyncBoltContext) -> None:
        """'Brief this link' on any message: its links are briefed in that message's thread."""
        message = shortcut.get("message") or {}
        team = str((shortcut.get("team") or {}).get("id") or context.team_id or "")
        dedupe_prefix = f"slack:shortcut:{shortcut.get('trigger_id')}"
        links = find_links(str(message.get("text") or ""), limit=self.settings.max_links_per_message)
        if links.urls:
            base = {
                "team": team,
                "channel": shortcut["channel"]["id"],
                "thread_ts": message.get("thread_ts") or message.get("ts"),
                "user": (shortcut.get("user") or {}).get("id"),
                "response_url": shortcut.get("response_url"),
            }
            await self._enqueue_briefs(base, links, dedupe_prefix=dedupe_prefix)
        else:
            payload = {"response_url": shortcut.get("response_url"), "text": NO_LINKS_TEXT}
            await self._enqueue(NOTICE_JOB, payload, dedupe_key=f"{dedupe_prefix}:notice")
        await ack()

    # --- enqueueing -------------------------------------------------------------------------------------
    async def _enqueue_briefs(self, base: Mapping[str, Any], links: FoundLinks, *, dedupe_prefix: str) -> None:
        note = None
        if links.skipped:
            limit = self.settings.max_links_per_message
            note = f"I briefed the first {limit} links of that message and skipped {links.skipped} more."
        for index, url in enumerate(links.urls):
            last = index == len(links.urls) - 1
            payload = {**base, "url": url, "note": note if last else None}
            await self._enqueue(PLACEHOLDER_JOB, payload, dedupe_key=f"{dedupe_prefix}:brief:{url}")

    async def _enqueue(self, kind: str, payload: dict[str, Any], *, dedupe_key: str) -> None:
        job_id = await self.service.jobs.enqueue(kind, payload, dedupe_key=dedupe_key)
        if job_id is None:
            log.info("duplicate Slack delivery dropped: %s", dedupe_key)
            return
        self.wake()


def _team(body: Mapping[str, Any], context: AsyncBoltContext) -> str:
    return str(body.get("team_id") or context.team_id or "")
