"""👍/👎 buttons under every brief, and the 'what was wrong' modal a 👎 opens; both stored through the service.

Votes are quick store writes, so they are done before the ack (Bolt's process_before_response).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import BotError
from bot.service import BriefService, Requester
from bot.slack.blocks import (
    FEEDBACK_BLOCK,
    FEEDBACK_DOWN_ACTION,
    FEEDBACK_INPUT,
    FEEDBACK_UP_ACTION,
    FEEDBACK_VIEW,
    feedback_view,
)

log = logging.getLogger(__name__)

PLATFORM = "slack"
THANKS_UP_TEXT = "Thanks! Glad the brief helped."
THANKS_DOWN_TEXT = "Thanks, noted. Tell us what was wrong in the form, or skip it."


class FeedbackListeners:
    def __init__(self, service: BriefService) -> None:
        self.service = service

    def register(self, app: AsyncApp) -> None:
        app.action(FEEDBACK_UP_ACTION)(self.on_vote)
        app.action(FEEDBACK_DOWN_ACTION)(self.on_vote)
        app.view(FEEDBACK_VIEW)(self.on_comment)

    async def on_vote(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        down = action.get("action_id") == FEEDBACK_DOWN_ACTION
        channel = str((body.get("channel") or {}).get("id") or "")
        who = Requester(
            platform=PLATFORM,
            workspace=str((body.get("team") or {}).get("id") or context.team_id or ""),
            channel=channel,
            user=(body.get("user") or {}).get("id"),
        )
        try:
            brief_id = int(str(action.get("value")))
            await self.service.record_feedback(who, brief_id=brief_id, vote="down" if down else "up")
        except (BotError, ValueError) as exc:
            log.info("feedback refused: %r", exc)
            text = exc.user_message if isinstance(exc, BotError) else "I couldn't tell which brief that was."
            await respond(text=text, response_type="ephemeral", replace_original=False)
            return
        if down and body.get("trigger_id"):
            await _open_form(client, str(body["trigger_id"]), brief_id=brief_id, channel=channel)
        await respond(text=THANKS_DOWN_TEXT if down else THANKS_UP_TEXT, response_type="ephemeral",
                      replace_original=False)  # fmt: skip

    async def on_comment(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The modal's text is added to the user's 👎 on that brief."""
        await ack()
        meta = json.loads(view.get("private_metadata") or "{}")
        value = view.get("state", {}).get("values", {}).get(FEEDBACK_BLOCK, {}).get(FEEDBACK_INPUT, {}) or {}
        text = str(value.get("value") or "").strip()
        if not text:
            return
        who = Requester(
            platform=PLATFORM,
            workspace=str((body.get("team") or {}).get("id") or ""),
            channel=str(meta.get("channel") or ""),
            user=(body.get("user") or {}).get("id"),
        )
        await self.service.record_feedback(who, brief_id=int(meta["brief_id"]), comment=text)


async def _open_form(client: AsyncWebClient, trigger_id: str, *, brief_id: int, channel: str) -> None:
    """The vote is already stored; a form that will not open costs only the optional text."""
    try:
        await client.views_open(trigger_id=trigger_id, view=feedback_view(brief_id=brief_id, channel=channel))
    except SlackApiError as exc:
        log.warning("could not open the feedback form: %s", exc.response.get("error"))
