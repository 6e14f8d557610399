"""The one HTML sniffer: the same answer for fetched bytes, local files and standard input."""

from __future__ import annotations

import pytest

from bot.fetching import looks_like_html


@pytest.mark.parametrize(
    "head",
    [
        "<!DOCTYPE html><html><body><p>Hi</p></body></html>",
        "\ufeff<html lang='en'>",
        "  \n<div class='story'>text</div>",
        "Some preface\n<article><p>The story</p></article>",
        "<?xml version='1.0'?>\n<!doctype html><html>",
    ],
)
def test_markup_is_html_as_text_and_as_bytes(head: str) -> None:
    assert looks_like_html(head)
    assert looks_like_html(head.encode("utf-8"))


@pytest.mark.parametrize(
    "head", ["The minister said 3 < 4 and a <b> tag is no page.", "Plain prose, no tags at all.", "", "<<<<" * 5000]
)
def test_prose_is_not_html(head: str) -> None:
    assert not looks_like_html(head)
    assert not looks_like_html(head.encode("utf-8"))


def test_only_a_whole_document_overrides_a_declared_text_type() -> None:
    assert looks_like_html("<!doctype html><html>", document=True)
    assert looks_like_html(b"<?xml version='1.0'?><html>", document=True)
    assert not looks_like_html("Notes\n<p>a paragraph</p>", document=True)
    assert looks_like_html("Notes\n<p>a paragraph</p>")
