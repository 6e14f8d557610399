"""Bolt listeners: turn Slack events, /brief and the shortcut into the service's jobs; never do slow work here.

De-duplication: job keys name the Slack message (team, channel, ts), so a redelivered event and the
message/app_mention pair Slack sends for one mention both enqueue once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import BotError
from bot.service import (
    REPLY_MODES,
    BriefJob,
    BriefService,
    Conversation,
    LinkSelection,
    NoticeJob,
    Place,
    QuestionJob,
    ReplyMode,
    Requester,
    is_settings_change,
)
from bot.slack.links import find_links, mentions_user, strip_mentions

log = logging.getLogger(__name__)

PLATFORM: Final = "slack"
SHORTCUT_CALLBACK_ID = "brief_this_link"
USAGE_TEXT = (
    "Usage: `/brief <link>` posts a brief of a news article here. "
    "`/brief mode all` answers every reply in a brief's thread; `/brief mode mention` (default) only replies "
    "that @mention me (workspace admins only). `/brief settings show` lists this channel's settings; admins "
    "change them with `/brief settings set [channel|workspace] KEY VALUE`. You can also paste a link in a "
    "channel I'm in, or use the *Brief this link* shortcut."
)
# Human messages that carry new text. Every other subtype (message_changed, message_deleted, bot_message,
# channel_join, ...) is an edit, a deletion, a bot or a system notice: never briefed, never answered.
HUMAN_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
NO_LINKS_TEXT = "I found no news link in that message (links to Slack, images and files are skipped)."
ADMINS_ONLY_TEXT = "Only workspace admins and owners can change the reply mode."
SETTINGS_ADMINS_ONLY_TEXT = "Only workspace admins and owners can change settings. `/brief settings show` lists them."
ADMIN_CHECK_FAILED_TEXT = (
    "I couldn't check that you're a workspace admin, so nothing was changed. "
    "(The app needs the `users:read` scope; reinstall it from the manifest.)"
)


class Listeners:
    def __init__(self, service: BriefService) -> None:
        self.service = service
        self.max_links = service.settings.max_links_per_message

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
        async with self.service.first_delivery(PLATFORM, body.get("event_id")) as fresh:
            if fresh:
                await self._handle(event, team=_team(body, context), bot_user=context.bot_user_id, mentioned=False)

    async def on_mention(self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext) -> None:
        """An @mention: like a message, but it always gets an answer (or 'paste a link first')."""
        if event.get("bot_id") or event.get("user") == context.bot_user_id:
            return
        async with self.service.first_delivery(PLATFORM, body.get("event_id")) as fresh:
            if fresh:
                await self._handle(event, team=_team(body, context), bot_user=context.bot_user_id, mentioned=True)

    async def _handle(self, event: Mapping[str, Any], *, team: str, bot_user: str | None, mentioned: bool) -> None:
        text = str(event.get("text") or "")
        ts = str(event["ts"])
        thread = str(event.get("thread_ts") or ts)
        channel = str(event["channel"])
        user = event.get("user")
        message_id = f"slack:{team}:{channel}:{ts}"
        links = find_links(text, limit=self.max_links)
        if links.urls and (mentioned or await self.service.preferences.auto_brief(PLATFORM, team, channel)):
            place = Place(workspace=team, channel=channel, thread=thread)
            await self._enqueue_briefs(place, links, user=user, route={}, dedupe_prefix=message_id)
            return
        conversation = Conversation(workspace=team, channel=channel, thread=thread)
        in_brief_thread = thread != ts and await self.service.has_conversation(conversation.key(PLATFORM))
        if links.urls:
            return  # auto-brief is off in this channel and the bot was not asked
        if mentioned or (in_brief_thread and await self._answers_reply(team, channel, text, bot_user)):
            question = strip_mentions(text)
            if question:
                job = QuestionJob(platform=PLATFORM, conversation=conversation, question=question, asked_by=user)
                await self.service.enqueue_question(job, dedupe_key=f"{message_id}:ask")

    async def _answers_reply(self, team: str, channel: str, text: str, bot_user: str | None) -> bool:
        mode = await self.service.preferences.reply_mode(PLATFORM, team, channel)
        return mode == "all" or mentions_user(text, bot_user)

    # --- /brief and the shortcut ------------------------------------------------------------------------
    async def on_command(
        self, ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        words = str(command.get("text") or "").split()
        team = str(command.get("team_id") or context.team_id or "")
        if words[:1] == ["mode"]:
            text = await self._mode(team, words[1:], user=command.get("user_id"), client=client)
            await ack(text=text, response_type="ephemeral")
            return
        if words[:1] == ["settings"]:
            who = Requester(platform=PLATFORM, workspace=team, channel=str(command.get("channel_id") or ""),
                            user=command.get("user_id"))  # fmt: skip
            await ack(text=await self._settings(who, words[1:], client=client), response_type="ephemeral")
            return
        links = find_links(" ".join(words), limit=self.max_links)
        if not links.urls:
            await ack(text=USAGE_TEXT, response_type="ephemeral")
            return
        place = Place(workspace=team, channel=str(command["channel_id"]))
        route = {"response_url": command.get("response_url")}
        dedupe_prefix = f"slack:command:{command.get('trigger_id')}"
        await self._enqueue_briefs(place, links, user=command.get("user_id"), route=route, dedupe_prefix=dedupe_prefix)
        await ack()

    async def _mode(self, team: str, args: list[str], *, user: str | None, client: AsyncWebClient) -> str:
        """Anyone may read the workspace's reply mode; only admins and owners may change it."""
        if len(args) == 1 and args[0] in REPLY_MODES:
            allowed = await _is_workspace_admin(client, user)
            if allowed is None:
                return ADMIN_CHECK_FAILED_TEXT
            if not allowed:
                return ADMINS_ONLY_TEXT
            mode: ReplyMode = "all" if args[0] == "all" else "mention"
            await self.service.preferences.set_reply_mode(PLATFORM, team, mode)
            what = "every reply in a brief's thread" if mode == "all" else "only replies that @mention me"
            return f"Reply mode is now `{mode}`: I answer {what}."
        current = await self.service.preferences.reply_mode(PLATFORM, team)
        return f"Reply mode is `{current}`. Admins can change it with `/brief mode all` or `/brief mode mention`."

    async def _settings(self, who: Requester, args: list[str], *, client: AsyncWebClient) -> str:
        """Anyone may read the settings in force; only admins and owners may change them."""
        if is_settings_change(args):
            allowed = await _is_workspace_admin(client, who.user)
            if allowed is None:
                return ADMIN_CHECK_FAILED_TEXT
            if not allowed:
                return SETTINGS_ADMINS_ONLY_TEXT
        try:
            return await self.service.settings_command(who, args)
        except BotError as exc:
            return exc.user_message

    async def on_shortcut(self, ack: AsyncAck, shortcut: dict[str, Any], context: AsyncBoltContext) -> None:
        """'Brief this link' on any message: its links are briefed in that message's thread."""
        message = shortcut.get("message") or {}
        team = str((shortcut.get("team") or {}).get("id") or context.team_id or "")
        dedupe_prefix = f"slack:shortcut:{shortcut.get('trigger_id')}"
        route = {"response_url": shortcut.get("response_url")}
        links = find_links(str(message.get("text") or ""), limit=self.max_links)
        if links.urls:
            thread = message.get("thread_ts") or message.get("ts")
            place = Place(workspace=team, channel=str(shortcut["channel"]["id"]), thread=thread)
            user = (shortcut.get("user") or {}).get("id")
            await self._enqueue_briefs(place, links, user=user, route=route, dedupe_prefix=dedupe_prefix)
        else:
            notice = NoticeJob(platform=PLATFORM, text=NO_LINKS_TEXT, route=route)
            await self.service.enqueue_notice(notice, dedupe_key=f"{dedupe_prefix}:notice")
        await ack()

    # --- enqueueing -------------------------------------------------------------------------------------
    async def _enqueue_briefs(
        self,
        place: Place,
        links: LinkSelection,
        *,
        user: str | None,
        route: dict[str, str | None],
        dedupe_prefix: str,
    ) -> None:
        """One job per link, each with its own placeholder; the cap's note goes under the last brief."""
        for index, url in enumerate(links.urls):
            last = index == len(links.urls) - 1
            job = BriefJob(
                platform=PLATFORM,
                urls=[url],
                note=links.note if last else None,
                place=place,
                requested_by=user,
                route=route,
            )
            await self.service.enqueue_brief(job, dedupe_key=f"{dedupe_prefix}:brief:{url}", announce_first=True)


async def _is_workspace_admin(client: AsyncWebClient, user: str | None) -> bool | None:
    """True for admins and owners, False for everyone else, None when Slack would not tell us."""
    if not user:
        return False
    try:
        response = await client.users_info(user=user)
    except SlackApiError as exc:
        log.warning("users.info failed for %s: %s", user, exc.response.get("error"))
        return None
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("users.info unreachable for %s: %r", user, exc)
        return None
    info = response.get("user") or {}
    return bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))


def _team(body: Mapping[str, Any], context: AsyncBoltContext) -> str:
    return str(body.get("team_id") or context.team_id or "")
