"""Turn what the user gave (a URL, a local file, or `-` for stdin) into an extracted Article.

Owns the decision of which kind of source a string is; fetching and extraction live in their own modules.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

from bot.cpu import CpuPool
from bot.errors import InvalidSourceError, TooLargeError
from bot.extraction.extract import extract_article
from bot.fetching import FetchPolicy, fetch_page, looks_like_html
from bot.models import Article

LOCAL_SUFFIXES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain", ".md": "text/plain"}
SHOWN_PATH_MAX_CHARS = 80
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_url(source: str) -> bool:
    """Anything with a scheme goes to the URL validator, so `file:` and `javascript:` are refused there."""
    return bool(_SCHEME.match(source.strip())) and not _exists(Path(source))


def _exists(path: Path) -> bool:
    """Path.exists without its OSError (a name past the system's length limit) or ValueError (a NUL byte)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


async def read_source(
    source: str,
    *,
    policy: FetchPolicy,
    stdin: BinaryIO | None = None,
    cpu: CpuPool | None = None,
    timings: dict[str, float] | None = None,
) -> Article:
    """Read and extract one source; the extraction gate's verdict is recorded, not enforced, here.

    Extraction runs in ``cpu`` (a process pool with a deadline) when given; see extract_article. ``timings``
    receives the seconds spent fetching and extracting a link (the stage metrics)."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = await asyncio.to_thread(stream.read, policy.max_bytes + 1)
        return await _extract_bytes(data, source="-", content_type=None, max_bytes=policy.max_bytes, cpu=cpu)
    if is_url(source):
        started = time.perf_counter()
        page = await fetch_page(source.strip(), policy=policy)
        fetched = time.perf_counter()
        article = await extract_article(
            page.text, source=source, url=page.final_url, content_type=page.content_type, cpu=cpu
        )
        if timings is not None:
            timings.update(fetch=fetched - started, extract=time.perf_counter() - fetched)
        return article
    path = Path(source)
    content_type = LOCAL_SUFFIXES.get(path.suffix.lower())
    if content_type is None:
        raise InvalidSourceError(
            f"unsupported source {source!r}",
            user_message="Give me an http(s) link, a .html, .htm, .txt or .md file, or - for standard input.",
        )
    data = await asyncio.to_thread(_read_capped, path, policy.max_bytes)
    return await _extract_bytes(data, source=source, content_type=content_type, max_bytes=policy.max_bytes, cpu=cpu)


def _read_capped(path: Path, max_bytes: int) -> bytes:
    shown = _shorten(str(path))
    try:
        if not path.is_file():
            raise InvalidSourceError(f"no such file: {shown}", user_message=f"There is no file at {shown}.")
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except (OSError, ValueError) as exc:  # a name too long for the system, a NUL byte in it, no permission
        raise InvalidSourceError(f"cannot read {shown}: {exc}", user_message=f"I can't read the file {shown}.") from exc


def _shorten(text: str, limit: int = SHOWN_PATH_MAX_CHARS) -> str:
    """A path as shown in one line of a message: a 5,000-character name is cut, not printed whole."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _extract_bytes(
    data: bytes, *, source: str, content_type: str | None, max_bytes: int, cpu: CpuPool | None
) -> Article:
    if len(data) > max_bytes:
        raise TooLargeError(f"{source}: over {max_bytes} bytes")
    if content_type is None:
        content_type = "text/html" if looks_like_html(data) else "text/plain"
    text = await asyncio.to_thread(_decode, data)  # a charset guess over megabytes is CPU work too
    return await extract_article(text, source=source, url=None, content_type=content_type, cpu=cpu)


def _decode(data: bytes) -> str:
    """UTF-8 when it is UTF-8 (the common case), else the best guess, so legacy files read correctly."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")
