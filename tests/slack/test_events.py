"""Which Slack messages the bot acts on: broadcasts, DMs, edits and deletions, system and bot messages, replies
in threads that hold no brief, follow-ups by mention, "the article does not say"."""

from __future__ import annotations

import json

from tests.fakes.slack_api import BOT_ID, BOT_USER_ID
from tests.fakes.slack_rig import Rig, message, settle


async def paste_brief(rig: Rig, *, ts: str) -> None:
    await rig.event(message(f"<{rig.site.url('/bridge')}>", ts=ts), event_id=f"brief-{ts}")
    await rig.slack.wait_for("chat.update")


async def test_edits_deletions_system_messages_and_mailto_are_ignored(rig: Rig) -> None:
    url = rig.site.url("/bridge")
    changed = {"type": "message", "subtype": "message_changed", "channel": "C1", "ts": "1.1",
               "message": message(f"<{url}>", edited={"user": "U1", "ts": "1.1"})}  # fmt: skip
    await rig.event(changed, event_id="E1")
    await rig.event({"type": "message", "subtype": "message_deleted", "channel": "C1", "ts": "1.2"}, event_id="E2")
    await rig.event(message(f"<{url}>", subtype="channel_join", ts="1.3"), event_id="E3")
    await rig.event(message("<mailto:desk@news.example|desk@news.example>", ts="1.4"), event_id="E4")
    await rig.event(message(f"<{url}>", ts="1.5", edited={"user": "U1", "ts": "1.6"}), event_id="E5")
    await rig.event({**message(f"<{url}>", ts="1.7"), "user": None}, event_id="E6")
    await settle()
    assert rig.slack.of("chat.postMessage") == []


async def test_a_thread_broadcast_with_a_link_is_briefed_in_its_thread(rig: Rig) -> None:
    await rig.event(message(f"<{rig.site.url('/bridge')}>", ts="2.5", thread_ts="2.0", subtype="thread_broadcast"))
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["thread_ts"] == "2.0"
    await rig.slack.wait_for("chat.update")


async def test_a_link_pasted_in_a_dm_with_the_bot_is_briefed_there(rig: Rig) -> None:
    await rig.event({**message(f"<{rig.site.url('/bridge')}>", ts="3.0"), "channel": "D1", "channel_type": "im"})
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["channel"] == "D1" and placeholder.params["thread_ts"] == "3.0"
    [update] = await rig.slack.wait_for("chat.update")
    assert update.params["channel"] == "D1" and update.params["blocks"][0]["type"] == "header"


async def test_slash_command_in_a_dm_with_the_bot_posts_the_brief_there(rig: Rig) -> None:
    await rig.command(rig.site.url("/bridge"), channel_id="D1", channel_name="directmessage")
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["channel"] == "D1"
    await rig.slack.wait_for("chat.update")


async def test_shortcut_in_a_channel_the_bot_is_not_in_hints_ephemerally(rig: Rig) -> None:
    rig.slack.fail_next("chat.postMessage", "channel_not_found")
    await rig.shortcut(message(f"<{rig.site.url('/bridge')}>", ts="4.0"))
    [hint] = await rig.slack.wait_for("response_url")
    assert hint.params["response_type"] == "ephemeral" and "/invite @briefbot" in hint.params["text"]
    await settle()
    assert rig.slack.of("chat.update") == []


async def test_an_app_mention_with_a_link_is_briefed_in_its_thread(rig: Rig) -> None:
    event = {**message(f"<@{BOT_USER_ID}> <{rig.site.url('/bridge')}>", ts="5.0"), "type": "app_mention"}
    await rig.event(event)
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["thread_ts"] == "5.0"
    await rig.slack.wait_for("chat.update")


async def test_in_mode_all_replies_in_threads_without_a_brief_and_bot_messages_are_ignored(rig: Rig) -> None:
    await rig.command("mode all")
    await paste_brief(rig, ts="6.0")
    await rig.event(message("who is Maria Lopez?", ts="7.1", thread_ts="7.0"), event_id="E1")  # a human thread
    bot_reply = message("who is Maria Lopez?", ts="6.2", thread_ts="6.0", user=BOT_USER_ID, bot_id=BOT_ID)
    await rig.event(bot_reply, event_id="E2")
    await rig.event(message("an app wrote this", ts="6.3", thread_ts="6.0", bot_id="BOTHER"), event_id="E3")
    await settle()
    assert len(rig.slack.of("chat.postMessage")) == 1  # only the brief's placeholder


async def test_in_mode_mention_a_reply_that_mentions_the_bot_is_answered_once(rig: Rig) -> None:
    await paste_brief(rig, ts="8.0")
    question = message(f"<@{BOT_USER_ID}> who is Maria Lopez?", ts="8.1", thread_ts="8.0")
    await rig.event(question, event_id="E1")
    await rig.event({**question, "type": "app_mention"}, event_id="E2")  # Slack sends both for one mention
    answers = await rig.slack.wait_for("chat.postMessage", count=2)
    await settle()
    assert len(rig.slack.of("chat.postMessage")) == 2
    assert answers[-1].params["thread_ts"] == "8.0" and "Lopez" in json.dumps(answers[-1].params["blocks"])


async def test_a_question_the_article_cannot_answer_gets_the_article_does_not_say(rig: Rig) -> None:
    await paste_brief(rig, ts="9.0")
    await rig.event(message(f"<@{BOT_USER_ID}> what is the population of Peru?", ts="9.1", thread_ts="9.0"))
    answers = await rig.slack.wait_for("chat.postMessage", count=2)
    assert answers[-1].params["text"] == "The article does not say."
    assert answers[-1].params["blocks"][0]["text"]["text"] == "The article does not say."


async def test_a_delivery_that_failed_is_handled_when_slack_retries_it(rig: Rig) -> None:
    """The event is recorded as handled only when handling worked: a failed first try is not lost."""
    queue = rig.bot.service.jobs
    real_enqueue = queue.enqueue
    calls = 0

    async def enqueue_failing_once(*args: object, **kwargs: object) -> int | None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database went away")
        return await real_enqueue(*args, **kwargs)  # type: ignore[arg-type]

    queue.enqueue = enqueue_failing_once  # type: ignore[method-assign]
    event = message(f"<{rig.site.url('/bridge')}>", ts="9.1")
    first_status, _, _ = await rig.event(event, event_id="EvRetry")
    assert first_status != 200 or rig.slack.of("chat.postMessage") == []
    await rig.event(event, event_id="EvRetry", headers={"X-Slack-Retry-Num": "1"})
    await rig.slack.wait_for("chat.update")
    await rig.event(event, event_id="EvRetry", headers={"X-Slack-Retry-Num": "2"})
    await settle()
    assert len(rig.slack.of("chat.postMessage")) == 1 and len(rig.slack.of("chat.update")) == 1
