"""manifest.yml uses only the field names of Slack's app manifest schema, as written and in HTTP mode (with its
commented URL lines switched on), so pasting it into "Create New App -> From an app manifest" works first time.

The allowed keys are Slack's, from the app manifest reference (https://docs.slack.dev/reference/app-manifest)
and the Manifest type of @slack/web-api (src/types/request/manifest.ts). Lists of objects are described by their
item's keys; a key mapping to None holds a scalar or a list of scalars.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
Schema = dict[str, Any]
SLACK_MANIFEST_SCHEMA: Schema = {
    "_metadata": {"major_version": None, "minor_version": None},
    "display_information": {"name": None, "description": None, "long_description": None, "background_color": None},
    "features": {
        "app_home": {"home_tab_enabled": None, "messages_tab_enabled": None, "messages_tab_read_only_enabled": None},
        "bot_user": {"display_name": None, "always_online": None},
        "shortcuts": {"name": None, "type": None, "callback_id": None, "description": None},
        "slash_commands": {
            "command": None,
            "description": None,
            "url": None,
            "usage_hint": None,
            "should_escape": None,
        },  # fmt: skip
        "unfurl_domains": None,
        "workflow_steps": {"name": None, "callback_id": None},
        "assistant_view": {"assistant_description": None, "suggested_prompts": {"title": None, "message": None}},
    },
    "oauth_config": {
        "scopes": {"bot": None, "user": None},
        "redirect_urls": None,
        "token_management_enabled": None,
    },
    "settings": {
        "allowed_ip_address_ranges": None,
        "event_subscriptions": {
            "request_url": None,
            "bot_events": None,
            "user_events": None,
            "metadata_subscriptions": {"app_id": None, "event_type": None},
        },
        "incoming_webhooks": {"incoming_webhooks_enabled": None},
        "interactivity": {"is_enabled": None, "request_url": None, "message_menu_options_url": None},
        "org_deploy_enabled": None,
        "socket_mode_enabled": None,
        "token_rotation_enabled": None,
        "is_hosted": None,
        "function_runtime": None,
    },
    "functions": None,
    "workflows": None,
    "outgoing_domains": None,
    "types": None,
    "datastores": None,
}
# The HTTP-mode lines the manifest's header tells a user to uncomment.
COMMENTED_URL = re.compile(r"^(\s*)# (\w+: https://briefbot\.example\.com/\S*)$", re.MULTILINE)


def unknown_keys(value: Any, schema: Schema | None, path: str = "") -> list[str]:
    """Every key in ``value`` that Slack's schema does not have at that place."""
    if isinstance(value, list):
        return [bad for item in value for bad in unknown_keys(item, schema, f"{path}[]")]
    if not isinstance(value, dict):
        return []
    if schema is None:
        return [f"{path}.{key}" for key in value]  # a scalar field given an object
    found = []
    for key, item in value.items():
        if key not in schema:
            found.append(f"{path}.{key}".lstrip("."))
        else:
            found += unknown_keys(item, schema[key], f"{path}.{key}")
    return found


def http_mode(text: str) -> str:
    return COMMENTED_URL.sub(r"\1\2", text)


def test_the_manifest_uses_only_slack_field_names() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    assert unknown_keys(yaml.safe_load(text), SLACK_MANIFEST_SCHEMA) == []


def test_the_http_mode_lines_use_slack_field_names_too() -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    assert len(COMMENTED_URL.findall(text)) == 3, "the header promises three URL lines to uncomment"
    manifest = yaml.safe_load(http_mode(text))
    assert unknown_keys(manifest, SLACK_MANIFEST_SCHEMA) == []
    [command] = manifest["features"]["slash_commands"]
    assert command["url"].endswith("/slack/events")
    assert manifest["settings"]["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert manifest["settings"]["interactivity"]["request_url"].endswith("/slack/events")


def test_a_misnamed_field_is_caught() -> None:
    wrong = {"features": {"slash_commands": [{"command": "/brief", "request_url": "https://x.example/"}]}}
    assert unknown_keys(wrong, SLACK_MANIFEST_SCHEMA) == ["features.slash_commands[].request_url"]
