"""Turning a response body into text safely: bounded decompression, content-type sniffing, charset choice.

Pure functions over bytes (no network); decompression emits bounded pieces so a gzip bomb stops at the cap.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import AsyncIterator, Iterator

import charset_normalizer

from bot.errors import ContentTypeError, FetchError, TooLargeError

READABLE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
ACCEPT_ENCODING = "gzip, deflate"
DECOMPRESS_PIECE_BYTES = 64 * 1024
META_SCAN_BYTES = 4096
SNIFF_BYTES = 1024

MAGIC_PREFIXES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"PK\x05\x06", "application/zip"),
    (b"%PDF-", "application/pdf"),
    (b"\x1f\x8b", "application/gzip"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
)
# Browser (WHATWG) aliases: pages labelled latin-1 or Shift_JIS really use the Windows supersets.
CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc-kr": "cp949",
    "tis-620": "cp874",
}
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bounded spans: a page of unclosed `<meta` tags must not make each one scan to the end of the window.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,500}?charset\s{0,10}=\s{0,10}["']?\s{0,10}([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE
)
HTML_SNIFF_BYTES = 4096
# Tags every page has and prose never opens a line with; bounded, so a page of '<' costs one pass.
_HTML_TAG = re.compile(rb"<\s{0,5}(?:!doctype\s{1,5}html|html|head|body|meta|title|p|div|article)\b", re.I)
# A whole HTML document: trusted over a text/plain label (servers mislabel pages; tags are never prose).
_HTML_DOCUMENT = re.compile(rb"^\s{0,200}(?:<\?xml[^>]{0,200}\?>\s{0,200})?<(?:!doctype\s{1,5}html|html)\b", re.I)


def looks_like_html(head: bytes | str, *, document: bool = False) -> bool:
    """The one HTML sniffer, for fetched bodies, local files and standard input.

    Any of the tags every page has in the first 4 KB counts; with ``document`` only a whole page (a doctype or
    ``<html>`` first) does, the bar for overriding a declared text/plain."""
    data = head.encode("utf-8", "replace") if isinstance(head, str) else head
    data = data[:HTML_SNIFF_BYTES].lstrip(codecs.BOM_UTF8)
    if document:
        return _HTML_DOCUMENT.match(data) is not None
    return _HTML_TAG.search(data) is not None


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """The bare media type (lowercase, '' when absent) and the declared charset, if any."""
    if not header:
        return "", None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'")
    return media.strip().lower(), charset


def check_declared_type(media: str) -> None:
    """Refuse up front (before reading the body) anything declared as a type we cannot read."""
    if media and media not in READABLE_TYPES:
        raise ContentTypeError(f"content type {media!r} is not readable")


def settle_media_type(media: str, body: bytes) -> str:
    """The type to treat the body as: binary magic bytes always win; a missing type is sniffed."""
    head = body[:SNIFF_BYTES]
    for magic, kind in MAGIC_PREFIXES:
        if head.startswith(magic):
            raise ContentTypeError(f"body is {kind} (served as {media or 'no type'})")
    if media == "text/plain" and looks_like_html(body, document=True):
        return "text/html"
    if media:
        return media
    if looks_like_html(body):
        return "text/html"
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ContentTypeError("untyped body looks binary")
    return "text/plain"


class BoundedDecoder:
    """Undo gzip/deflate content-encoding in pieces of at most DECOMPRESS_PIECE_BYTES each."""

    def __init__(self, encoding: str) -> None:
        name = encoding.strip().lower()
        if name in ("", "identity"):
            self._z: zlib._Decompress | None = None
        elif name in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchError(f"unsupported content-encoding {encoding!r}")
        self._raw_deflate_tried = name != "deflate"

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._z is None:
            yield data
            return
        try:
            while True:
                out = self._z.decompress(data, DECOMPRESS_PIECE_BYTES)
                if out:
                    self._raw_deflate_tried = True
                    yield out
                data = self._z.unconsumed_tail
                if self._z.eof or (not data and len(out) < DECOMPRESS_PIECE_BYTES):
                    return
        except zlib.error as exc:
            if not self._raw_deflate_tried:  # some servers send raw deflate without the zlib header
                self._raw_deflate_tried = True
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                yield from self.feed(data)
                return
            raise FetchError("corrupt compressed body") from exc


async def read_capped(chunks: AsyncIterator[bytes], *, encoding: str, max_bytes: int) -> bytes:
    """The decoded body, stopping with TooLargeError as soon as it passes ``max_bytes``."""
    decoder = BoundedDecoder(encoding)
    body = bytearray()
    async for raw in chunks:
        for piece in decoder.feed(raw):
            body += piece
            if len(body) > max_bytes:
                raise TooLargeError(f"body passed the cap of {max_bytes} bytes after decompression")
    return bytes(body)


def charset_codec(label: str | None) -> str | None:
    """A Python codec name for a charset label (browser aliases applied), or None if unknown."""
    if not label:
        return None
    key = label.strip().lower()
    key = CHARSET_ALIASES.get(key, key)
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


def choose_charset(body: bytes, *, declared: str | None, media: str) -> str:
    """BOM, then the header's charset, then a <meta> charset (HTML only), then a statistical guess."""
    for bom, bom_codec in BOMS:
        if body.startswith(bom):
            return bom_codec
    codec: str | None = charset_codec(declared)
    if codec is None and media != "text/plain":
        found = _META_CHARSET.search(body[:META_SCAN_BYTES])
        codec = charset_codec(found.group(1).decode("ascii")) if found else None
        if codec is not None and codec.startswith("utf-16"):
            codec = "utf-8"  # an ASCII-readable meta tag means the bytes are not UTF-16
    return codec or guess_charset(body)


def guess_charset(body: bytes) -> str:
    """charset-normalizer's best guess; CPU-bound, so callers run it off the event loop."""
    if _is_utf8(body):
        return "utf-8"
    best = charset_normalizer.from_bytes(body).best()
    return charset_codec(best.encoding if best else None) or "utf-8"


def decode_body(body: bytes, *, declared: str | None, media: str) -> tuple[str, str]:
    """The text and the codec used; undecodable bytes become U+FFFD rather than failing the fetch."""
    codec = choose_charset(body, declared=declared, media=media)
    text = body.decode(codec, errors="replace")
    shown = "utf-8" if codec == "utf-8-sig" else codec
    return text, shown


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
