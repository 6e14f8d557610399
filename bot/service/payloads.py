"""Typed payloads of the background jobs adapters enqueue: a brief, a follow-up question, a notice.

The core reads ``place`` and ``conversation``; ``route`` is the platform's own delivery detail (a Slack
``response_url`` or placeholder ts, a Discord interaction token or message id), opaque to the core and kept
with the job so a restart can still answer where the user asked.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.store import ConversationKey

Platform = Literal["slack", "discord"]
Route = dict[str, str | None]
QUESTION_LIMIT_CHARS = 1_000  # a follow-up longer than this is cut: it is a question, not a document


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Place(_Payload):
    """Where a brief is posted: a workspace (Slack team, Discord guild), a channel, maybe a thread in it."""

    workspace: str
    channel: str
    thread: str | None = None


class Conversation(_Payload):
    """A brief's thread: follow-ups asked there are answered from that brief's article."""

    workspace: str
    channel: str
    thread: str

    def key(self, platform: Platform) -> ConversationKey:
        return ConversationKey(platform=platform, workspace=self.workspace, channel=self.channel, thread=self.thread)


class BriefJob(_Payload):
    """Brief these links (already capped) and post each where the user asked."""

    platform: Platform
    urls: list[str] = Field(min_length=1)
    note: str | None = None  # shown after the brief(s), e.g. the per-message cap's "left out 2 more"
    place: Place
    requested_by: str | None = None
    route: Route = Field(default_factory=dict)


class QuestionJob(_Payload):
    """Answer a follow-up in a brief's thread from that brief's article alone."""

    platform: Platform
    conversation: Conversation
    question: str = Field(min_length=1, max_length=QUESTION_LIMIT_CHARS)
    asked_by: str | None = None
    route: Route = Field(default_factory=dict)

    @property
    def key(self) -> ConversationKey:
        return self.conversation.key(self.platform)


class NoticeJob(_Payload):
    """A short word for one user (ephemeral where the platform allows), e.g. 'no link in that message'."""

    platform: Platform
    text: str
    route: Route = Field(default_factory=dict)


JobStep = Literal["announce", "brief", "question", "notice"]


def job_kind(platform: Platform, step: JobStep) -> str:
    """The queue's kind for a platform's step; each process runs the kinds of the platform it serves."""
    return f"{platform}.{step}"
