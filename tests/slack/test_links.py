"""Link finding in Slack message text: Slack's <url|label> syntax, bare URLs, what is never briefed."""

from __future__ import annotations

from bot.service import is_briefable
from bot.slack.links import find_links, mentions_user, strip_mentions


def test_slack_link_syntax_takes_the_url_part() -> None:
    text = "look <https://news.example/a?x=1&amp;y=2|News story> and <http://b.example/c>"
    assert find_links(text, limit=10).urls == ["https://news.example/a?x=1&y=2", "http://b.example/c"]


def test_bare_urls_in_slash_command_text_are_found_without_trailing_punctuation() -> None:
    assert find_links("https://news.example/story, please.", limit=10).urls == ["https://news.example/story"]


def test_mentions_channels_and_mailto_are_not_links() -> None:
    text = "<@U123> <#C1|general> <!here> <mailto:a@b.example|a@b.example> <!subteam^S1>"
    assert find_links(text, limit=10).urls == []


def test_slack_itself_media_and_files_are_ignored() -> None:
    text = (
        "<https://acme.slack.com/archives/C1/p1> <https://files.slack.com/x.txt> "
        "<https://img.example/cat.JPG> <https://x.example/report.pdf> <https://v.example/clip.mp4> "
        "<ftp://x.example/a> <https://news.example/2024/05/story.html>"
    )
    assert find_links(text, limit=10).urls == ["https://news.example/2024/05/story.html"]


def test_duplicates_collapse_and_the_cap_reports_what_was_left_out() -> None:
    text = " ".join(f"<https://n.example/{i}>" for i in [1, 1, 2, 3, 4, 5])
    found = find_links(text, limit=3)
    assert found.urls == ["https://n.example/1", "https://n.example/2", "https://n.example/3"]
    assert found.left_out == 2
    assert found.note == "I briefed the first 3 links of that message and left out 2 more."


def test_is_briefable_rejects_hostless_and_overlong_urls() -> None:
    assert not is_briefable("https:///path")
    assert not is_briefable("https://n.example/" + "a" * 3000)
    assert is_briefable("https://n.example/story")


def test_mentions_user_and_strip_mentions() -> None:
    assert mentions_user("<@UBOT> who denies it?", "UBOT")
    assert mentions_user("hey <@UBOT|briefbot>", "UBOT")
    assert not mentions_user("<@UOTHER> who denies it?", "UBOT")
    assert not mentions_user("who denies it?", None)
    assert strip_mentions("<@UBOT> who denies it?") == "who denies it?"
