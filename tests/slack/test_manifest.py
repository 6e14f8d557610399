"""manifest.yml against what the code does: every Web API method the bot calls is covered by a requested
scope, no scope is requested that nothing needs, every event it handles is subscribed, DMs are open."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import yaml

from tests.fakes.slack_rig import Rig, message

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
# Web API method -> the bot scope it needs (None: any token may call it). Slack's method reference.
METHOD_SCOPES: dict[str, str | None] = {
    "auth.test": None,
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "users.info": "users:read",
    "views.open": None,  # the 👎 form, opened with the click's trigger_id
}
# Scopes for what Slack sends us rather than what we call.
INBOUND_SCOPES = {
    "commands": "the /brief command and the message shortcut",
    "app_mentions:read": "app_mention events",
    "channels:history": "message.channels",
    "groups:history": "message.groups",
    "im:history": "message.im",
    "mpim:history": "message.mpim",
}


def manifest() -> dict[str, object]:
    loaded = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


async def test_every_api_call_of_a_full_session_is_covered_by_a_requested_scope(rig: Rig) -> None:
    url = rig.site.url("/bridge")
    await rig.event(message(f"<{url}>", ts="1.0"), event_id="E1")
    await rig.slack.wait_for("chat.update")
    await rig.event(message("<@UBOT> who is Maria Lopez?", ts="1.1", thread_ts="1.0"), event_id="E2")
    await rig.command(url)
    await rig.command("mode all")
    await rig.command("settings set language German")
    update = rig.slack.of("chat.update")[0]  # the first brief's (the /brief one may have landed too)
    [actions] = [block for block in update.params["blocks"] if block["type"] == "actions"]
    down = actions["elements"][1]
    vote = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": "U1"}, "channel": {"id": "C1"},
            "trigger_id": "7.7.7", "response_url": rig.slack.response_url("vote"), "api_app_id": "A1",
            "actions": [{"type": "button", "action_id": down["action_id"], "value": down["value"]}]}  # fmt: skip
    await rig.deliver(urllib.parse.urlencode({"payload": json.dumps(vote)}),
                      content_type="application/x-www-form-urlencoded")  # fmt: skip
    await rig.slack.wait_for("views.open")
    await rig.shortcut(message("no link here", ts="2.0"))
    await rig.slack.wait_for("chat.postMessage", count=3)
    await rig.slack.wait_for("response_url")
    called = {call.method for call in rig.slack.calls if call.method != "response_url"}
    assert called <= set(METHOD_SCOPES), f"scope unknown for {called - set(METHOD_SCOPES)}"
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])  # type: ignore[index]
    needed = {METHOD_SCOPES[method] for method in called} - {None}
    assert needed <= scopes
    assert scopes == {scope for scope in METHOD_SCOPES.values() if scope} | set(INBOUND_SCOPES)  # minimal


def test_events_commands_shortcut_socket_mode_and_dms_are_configured() -> None:
    loaded = manifest()
    features, settings = loaded["features"], loaded["settings"]
    assert isinstance(features, dict) and isinstance(settings, dict)
    events = set(settings["event_subscriptions"]["bot_events"])
    assert events == {"app_mention", "message.channels", "message.groups", "message.im", "message.mpim"}
    assert settings["socket_mode_enabled"] is True and settings["interactivity"]["is_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert features["app_home"]["messages_tab_read_only_enabled"] is False
    assert features["bot_user"]["display_name"] == "briefbot"
