"""Running the Slack app for a team: `/brief settings`, domain rules, 👍/👎 with the 'what was wrong' form,
and /metrics, against the fake Slack Web API with signed requests over real HTTP."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from tests.fakes.site import FakeSite
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_rig import Rig, make_settings, message, running_bot


async def interact(rig: Rig, payload: dict[str, Any]) -> int:
    form = urllib.parse.urlencode({"payload": json.dumps(payload)})
    status, _, _ = await rig.deliver(form, content_type="application/x-www-form-urlencoded")
    return status


def click(rig: Rig, action_id: str, brief_id: str, *, user: str) -> dict[str, Any]:
    return {
        "type": "block_actions", "api_app_id": "A1", "team": {"id": "T1"}, "user": {"id": user},
        "channel": {"id": "C1"}, "trigger_id": "7.7.7", "response_url": rig.slack.response_url("vote"),
        "container": {"type": "message", "channel_id": "C1", "message_ts": "1700000000.000001"},
        "actions": [{"type": "button", "action_id": action_id, "block_id": f"feedback:{brief_id}",
                     "value": brief_id, "action_ts": "1.1"}],
    }  # fmt: skip


async def brief_posted(rig: Rig, *, ts: str = "1700000001.000100") -> dict[str, Any]:
    await rig.event(message(f"<{rig.site.url('/bridge')}>", ts=ts), event_id=f"E{ts}")
    [update] = await rig.slack.wait_for("chat.update")
    params: dict[str, Any] = update.params
    return params


async def metrics(rig: Rig) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    async with aiohttp.ClientSession() as session, session.get(f"{rig.url}/metrics") as response:
        assert response.status == 200 and response.headers["Content-Type"].startswith("text/plain")
        text = await response.text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_a_member_cannot_change_settings_but_can_read_them(rig: Rig) -> None:
    _, body, _ = await rig.command("settings set blocked_domains 127.0.0.1", user_id="U2")  # U2 is no admin
    assert json.loads(body)["text"].startswith("Only workspace admins and owners can change settings.")
    _, body, _ = await rig.command("settings reset workspace language", user_id="U2")
    assert json.loads(body)["text"].startswith("Only workspace admins and owners can change settings.")
    _, body, _ = await rig.command("settings show", user_id="U2")
    assert "`blocked_domains` = `none` · default" in json.loads(body)["text"]
    assert [call.params["user"] for call in rig.slack.of("users.info")] == ["U2", "U2"]  # show asks nobody


async def test_an_admin_blocks_a_domain_and_a_pasted_link_gets_a_plain_refusal(rig: Rig) -> None:
    _, body, _ = await rig.command("settings set blocked_domains 127.0.0.1")  # U1 is an admin
    assert json.loads(body)["text"] == "`blocked_domains` is now `127.0.0.1` for this channel."
    _, body, _ = await rig.command("settings show")
    assert "`blocked_domains` = `127.0.0.1` · channel" in json.loads(body)["text"]
    update = await brief_posted(rig)
    assert "Links to 127.0.0.1 are blocked here by an admin." in update["text"]
    assert rig.site.paths == []


async def test_a_model_the_operator_did_not_allow_is_refused_in_chat(rig: Rig) -> None:
    _, body, _ = await rig.command("settings set workspace model gpt-5-expensive")
    text = json.loads(body)["text"]
    assert text.startswith("That model is not allowed here.") and "gpt-4o-mini" in text
    _, body, _ = await rig.command("settings show")
    assert "`model` = `gpt-4o-mini` · default" in json.loads(body)["text"]


async def test_auto_brief_off_leaves_pasted_links_to_mentions(rig: Rig) -> None:
    await rig.command("settings set auto_brief off")
    await rig.event(message(f"<{rig.site.url('/bridge')}>", ts="5.0"), event_id="E5")
    mention = {**message(f"<@UBOT> <{rig.site.url('/bridge')}>", ts="6.0"), "type": "app_mention"}
    await rig.event(mention, event_id="E6")
    [placeholder] = await rig.slack.wait_for("chat.postMessage")
    assert placeholder.params["thread_ts"] == "6.0"  # only the mention was briefed


async def test_thumbs_down_is_stored_with_its_comment_and_shows_in_the_report(rig: Rig) -> None:
    update = await brief_posted(rig)
    [actions] = [block for block in update["blocks"] if block["type"] == "actions"]
    up, down = actions["elements"]
    assert (up["action_id"], down["action_id"]) == ("feedback_up", "feedback_down")
    assert await interact(rig, click(rig, "feedback_down", down["value"], user="U2")) == 200
    [form] = await rig.slack.wait_for("views.open")
    view = json.loads(form.params["view"]) if isinstance(form.params["view"], str) else form.params["view"]
    submission = {
        "type": "view_submission", "api_app_id": "A1", "team": {"id": "T1"}, "user": {"id": "U2"},
        "view": {"id": "V1", "type": "modal", "callback_id": view["callback_id"],
                 "private_metadata": view["private_metadata"],
                 "state": {"values": {"what_was_wrong": {"text": {"type": "plain_text_input",
                                                                  "value": "It left out the ferry plan."}}}}},
    }  # fmt: skip
    assert await interact(rig, submission) == 200
    [thanks] = await rig.slack.wait_for("response_url")
    assert thanks.params["response_type"] == "ephemeral" and "noted" in thanks.params["text"]
    report = await rig.bot.service.report(since_days=1)
    assert "slack:T1: up 0, down 1, with comments 1" in report
    assert f"brief {down['value']} (extractive): It left out the ferry plan." in report


async def test_metrics_parse_and_move_with_the_work(rig: Rig) -> None:
    before = await metrics(rig)
    assert before.get(("briefbot_briefs_total", (("outcome", "ok"),)), 0) == 0
    await brief_posted(rig)
    after = await metrics(rig)
    assert after[("briefbot_briefs_total", (("outcome", "ok"),))] == 1
    assert after[("briefbot_stage_seconds_count", (("stage", "post"),))] == 1
    assert after[("briefbot_stage_seconds_count", (("stage", "fetch"),))] == 1
    assert ("briefbot_queue_oldest_job_age_seconds", ()) in after


async def test_a_channel_quota_answers_with_when_it_resets(tmp_path: Path, slack: FakeSlackApi, site: FakeSite) -> None:
    settings = make_settings(tmp_path, slack, quota_briefs_per_channel_hour=1)
    async with running_bot(settings, slack, site) as rig:
        await brief_posted(rig, ts="7.0")
        await rig.event(message(f"<{rig.site.url('/bridge')}>", ts="8.0"), event_id="E8")
        updates = await rig.slack.wait_for("chat.update", count=2)
        assert "The limit of 1 briefs per hour for this channel is reached. It resets at" in updates[1].params["text"]
