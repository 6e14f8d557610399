"""Fixtures shared by the Slack tests: the recording fake Web API, the fake news site, the app in HTTP mode."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakes.site import FakeSite
from tests.fakes.slack_api import FakeSlackApi, running_fake_slack
from tests.fakes.slack_rig import INJECTIONS, PARAGRAPHS, Rig, article_html, make_settings, running_bot


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackApi]:
    async with running_fake_slack() as fake:
        yield fake


@pytest.fixture
async def site() -> AsyncIterator[FakeSite]:
    async with FakeSite() as fake:
        fake.route("/bridge", body=article_html("Council closes harbour bridge for repairs", PARAGRAPHS))
        fake.route("/crafted", body=article_html("<!channel> @here <@U0ADMIN> read this", PARAGRAPHS + INJECTIONS))
        yield fake


@pytest.fixture
async def rig(tmp_path: Path, slack: FakeSlackApi, site: FakeSite) -> AsyncIterator[Rig]:
    async with running_bot(make_settings(tmp_path, slack), slack, site) as running:
        yield running
