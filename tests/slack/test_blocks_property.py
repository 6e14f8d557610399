"""Properties of Block Kit rendering over arbitrary article and LLM text (hypothesis): nothing live comes out,
and every Slack limit holds however long or strange the brief is."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.models import Actor, Answer, Brief, BriefResult, Claim, Denial, Meta, OpenQuestion, Source
from bot.slack.blocks import answer_blocks, brief_blocks, fallback_text, notice_blocks, notice_text
from bot.slack.escape import link
from tests.fakes.slack_blocks import texts_of

SOURCE_URL = "https://news.example/story?a=1&b=<2>|x"
# Text that leans towards Slack's markup, mixed with anything at all.
MARKUP = st.sampled_from(
    ["<", ">", "&", "|", "!", "@", "#", "^", "*", "_", "~", "`", "<!channel>", "<!here>", "<!everyone>",
     "<@U0ADMIN>", "<#C0GEN>", "<!subteam^S1>", "<!date^1392734382^{date}|x>", "<http://evil.example|click>",
     "@here", "@channel", "&lt;", "\n", " "]
)  # fmt: skip
TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=40)), max_size=30).map("".join)
LONG_TEXT = st.one_of(TEXT, st.integers(min_value=0, max_value=6000).map(lambda n: "<!here> " * (n // 8)))


@st.composite
def results(draw: st.DrawFn) -> BriefResult:
    def items(strategy: st.SearchStrategy[Any]) -> list[Any]:
        return draw(st.lists(strategy, max_size=draw(st.sampled_from([3, 70]))))

    brief = Brief(
        headline=draw(LONG_TEXT),
        summary=draw(LONG_TEXT),
        actors=items(st.builds(Actor, name=TEXT, role=st.none() | TEXT, kind=st.just("person"))),
        claims=items(
            st.builds(
                Claim, statement=LONG_TEXT, claimant=TEXT, quote=LONG_TEXT, hedged=st.booleans(), disputed=st.booleans()
            )
        ),  # fmt: skip
        denials=items(st.builds(Denial, denier=TEXT, denied=TEXT, quote=TEXT, disputes_claim=st.none())),
        open_questions=items(st.builds(OpenQuestion, question=LONG_TEXT, why=TEXT)),
    )
    source = Source(url=SOURCE_URL, title=draw(TEXT), site=draw(TEXT), author=draw(TEXT), published=draw(TEXT))
    meta = Meta(engine="llm", model=draw(TEXT), warnings=draw(st.lists(TEXT, max_size=15)))
    return BriefResult(brief=brief, source=source, meta=meta)


def our_links() -> set[str]:
    return {link(SOURCE_URL, "open the article")}


def stray_markup(texts: list[str]) -> list[str]:
    """Every '<' that is not one of our own links, and every bare broadcast word."""
    found: list[str] = []
    for text in texts:
        rest = text
        for own in our_links():
            rest = rest.replace(own, "")
        found += [rest[max(i - 10, 0) : i + 10] for i in (m.start() for m in re.finditer("<", rest))]
        found += re.findall(r"@(?:channel|here|everyone)\b", text, flags=re.IGNORECASE)
    return found


def assert_within_limits(blocks: list[dict[str, Any]]) -> None:
    assert 1 <= len(blocks) <= 50
    assert len(json.dumps(blocks, ensure_ascii=False).encode()) <= 12_000
    for block in blocks:
        if block["type"] == "header":
            assert 1 <= len(block["text"]["text"]) <= 150 and block["text"]["type"] == "plain_text"
        elif block["type"] == "section":
            assert 1 <= len(block["text"]["text"]) <= 3000
        elif block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
            assert all(1 <= len(element["text"]) <= 3000 for element in block["elements"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(result=results(), note=st.none() | TEXT)
def test_any_brief_renders_nothing_live_and_within_every_limit(result: BriefResult, note: str | None) -> None:
    blocks = brief_blocks(result, note=note)
    assert stray_markup(texts_of(blocks)) == []
    assert stray_markup([fallback_text(result)]) == []
    assert_within_limits(blocks)


@settings(max_examples=60, deadline=None)
@given(answer=TEXT, quotes=st.lists(TEXT, max_size=8), found=st.booleans(), message=TEXT)
def test_any_answer_or_notice_renders_nothing_live(answer: str, quotes: list[str], found: bool, message: str) -> None:
    reply = Answer(question="q", answer=answer, quotes=quotes, found=found, engine="llm", model=message)
    for blocks in (answer_blocks(reply), notice_blocks(message or "x", note=message)):
        assert stray_markup(texts_of(blocks)) == []
        assert_within_limits(blocks)
    assert stray_markup([fallback_text(reply), notice_text(message)]) == []


def test_a_brief_at_the_block_limit_still_fits_with_the_cap_note() -> None:
    claims = [Claim(statement=f"claim {i}", claimant=f"C{i}", quote="q " * 700, hedged=False, disputed=False)
              for i in range(80)]  # fmt: skip
    brief = Brief(headline="h", summary="s", actors=[], claims=claims, denials=[], open_questions=[])
    result = BriefResult(brief=brief, source=Source(url=SOURCE_URL), meta=Meta(engine="llm"))
    blocks = brief_blocks(result, note="I briefed the first 3 links of that message and left out 2 more.")
    assert_within_limits(blocks)
    assert "left out 2 more" in blocks[-1]["elements"][0]["text"]
    assert re.search(r"…and \d+ more claims", json.dumps(blocks, ensure_ascii=False))
