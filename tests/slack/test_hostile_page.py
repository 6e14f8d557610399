"""A page that stalls the offline engine in a GIL-holding C call: the Slack app keeps answering /healthz and
acking events in under a second, and the user is told the page took too long once its deadline passes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.fakes import cpu
from tests.fakes.site import FakeSite
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.slack_rig import make_settings, message, running_bot

DEADLINE_SECONDS = 1.5  # well under the crafted stall's seconds of backtracking
# Slack wants an ack within 3 s; we promise /healthz and acks in under 1 s while a page is being read
# (bench/hostile.py measures milliseconds; a frozen loop here would wait out the whole stall).
RESPONSIVE_SECONDS = 1.0
POLL_SECONDS = 0.1


async def _worst_wait(probe: Callable[[int], Awaitable[None]], stop: asyncio.Event) -> float:
    """The longest anyone polling every POLL_SECONDS waited for an answer: the gap between answers, less the
    pause between asks, so a stall that begins while the poller sleeps is counted too."""
    worst, last, n = 0.0, time.monotonic(), 0
    while not stop.is_set():
        await asyncio.sleep(POLL_SECONDS)
        await probe(n)
        now = time.monotonic()
        worst, last, n = max(worst, now - last - POLL_SECONDS), now, n + 1
    return worst


async def _final_update(slack: FakeSlackApi) -> Any:
    """The update that replaces the placeholder (it carries blocks; stage edits carry only text)."""
    for _ in range(600):
        final = [call for call in slack.of("chat.update") if "blocks" in call.params]
        if final:
            return final[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f"the placeholder was never replaced: {slack.of('chat.update')}")


@pytest.mark.timeout(90)
async def test_health_and_acks_stay_fast_while_a_stalled_page_hits_its_deadline(
    tmp_path: Path, slack: FakeSlackApi, site: FakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.engines.router.brief_extractive", cpu.brief_after_backtracking)
    settings = make_settings(tmp_path, slack, cpu_deadline_seconds=DEADLINE_SECONDS, cpu_workers=2)
    async with running_bot(settings, slack, site) as rig, aiohttp.ClientSession() as session:
        await rig.bot.service.cpu.warm()

        async def health(_: int) -> None:
            async with session.get(f"{rig.url}/healthz") as response:
                assert response.status == 200

        async def ack(n: int) -> None:
            status, _, _ = await rig.event(message(f"chatter {n}", ts=f"6.{n}"), event_id=f"chatter-{n}")
            assert status == 200

        stop = asyncio.Event()
        probes = [asyncio.create_task(_worst_wait(probe, stop)) for probe in (health, ack)]
        status, _, _ = await rig.event(message(f"<{site.url('/bridge')}>", ts="5.0"), event_id="E1")
        update = await _final_update(slack)
        stop.set()
        worst_health, worst_ack = await asyncio.gather(*probes)
    assert status == 200
    assert worst_health < RESPONSIVE_SECONDS, f"/healthz waited {worst_health:.2f} s"
    assert worst_ack < RESPONSIVE_SECONDS, f"an event ack waited {worst_ack:.2f} s"
    assert "took too long" in update.params["text"]
