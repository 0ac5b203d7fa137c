"""Raw bytes of a saved page -> text, refusing what is not a page before anything parses it."""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass
from functools import cached_property

from .errors import ParseError

# Board pages are about 3 MB; ten times that is room for growth and still refuses junk.
MAX_PAGE_BYTES = 32 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_WINDOW = 200_000
# UTF-8 is checked a piece at a time: decoding a page whole builds a str of four bytes a
# character once it holds one character beyond the BMP (12 MB for a 3 MB page), ten times slower.
_UTF8_PIECE = 65536
_HTML_SNIFF = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|script)\b", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class DecodedPage:
    # The page as UTF-8 bytes: lxml parses bytes about twice as fast as str, and an HTML page
    # is read from its bytes throughout.
    utf8: bytes
    encoding: str
    is_html: bool
    decoded: str | None = None  # the text, where it had to be decoded from another encoding

    @cached_property
    def text(self) -> str:
        """The page as text (decoded on first use: an HTML page never needs it whole)."""
        return self.decoded if self.decoded is not None else self.utf8.decode("utf-8").lstrip("\ufeff")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def gunzip_capped(data: bytes, source: str | None, limit: int = MAX_PAGE_BYTES) -> bytes:
    """Expand gzip data, stopping at `limit` bytes so a gzip bomb is refused, not expanded."""
    out = bytearray()
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    pending = data
    try:
        while pending:
            out += decompressor.decompress(pending, limit + 1 - len(out))
            if len(out) > limit:
                raise ParseError(source, f"gzip content expands beyond {_mb(limit)}; refused as too large")
            pending = decompressor.unconsumed_tail
            if decompressor.eof:
                if decompressor.unused_data.startswith(GZIP_MAGIC):
                    # Concatenated gzip members are legal; read the next one.
                    pending = decompressor.unused_data
                    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
                    continue
                break
    except zlib.error as exc:
        raise ParseError(source, f"corrupt gzip data ({exc})") from exc
    if not decompressor.eof:
        raise ParseError(source, "gzip data is truncated (the download or file was cut short)")
    return bytes(out)


def _looks_utf16(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 64:
        # BOM-less UTF-16 of mostly-ASCII text has a NUL in every other byte.
        if sample[1::2].count(0) > len(sample) * 0.4:
            return "utf-16-le"
        if sample[0::2].count(0) > len(sample) * 0.4:
            return "utf-16-be"
    return None


def decode_page(data: bytes, source: str | None, limit: int = MAX_PAGE_BYTES) -> DecodedPage:
    # isspace, not strip: the same test without copying a 3 MB page.
    if not data or data.isspace():
        raise ParseError(source, "empty input (0 bytes of page content)")
    if len(data) > limit:
        raise ParseError(source, f"input is {_mb(len(data))}, over the {_mb(limit)} page size limit")
    if data.startswith(GZIP_MAGIC):
        data = gunzip_capped(data, source, limit)
        if not data or data.isspace():
            raise ParseError(source, "empty input (the gzip file holds no content)")
    text, encoding = _to_text(data, source)
    if text is None:
        # Valid UTF-8: control characters are ASCII bytes, counted in the bytes.
        window = data[:_CONTROL_WINDOW]
        controls, has_nul, seen = len(_CONTROL_BYTES.findall(window)), b"\x00" in window, len(window)
    else:
        controls = len(_CONTROL.findall(text, 0, _CONTROL_WINDOW))
        has_nul, seen = "\x00" in text[:_CONTROL_WINDOW], len(text[:_CONTROL_WINDOW])
    if has_nul or controls > max(8, seen // 200):
        raise ParseError(source, "binary data, not a saved page (control characters throughout)")
    if text is None:
        utf8 = data
        while utf8.startswith(b"\xef\xbb\xbf"):
            utf8 = utf8[3:]  # byte-order marks are not the page's text
    else:
        utf8 = text.encode("utf-8")
    is_html = _HTML_SNIFF.search(utf8[:65536]) is not None
    return DecodedPage(utf8=utf8, encoding=encoding, is_html=is_html, decoded=text)


def _is_utf8(data: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _UTF8_PIECE):
            decoder.decode(view[start : start + _UTF8_PIECE])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _to_text(data: bytes, source: str | None) -> tuple[str | None, str]:
    """The page's text and encoding; None for the text of valid UTF-8 (its bytes are the page)."""
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return data.decode(utf16).lstrip("\ufeff"), utf16
        except UnicodeDecodeError as exc:
            raise ParseError(source, f"looks like UTF-16 but does not decode ({exc.reason})") from exc
    declared = _META_CHARSET.search(data[:8192])
    declared_name = declared.group(1).decode("ascii").lower() if declared else None
    # The fast path for what the site serves: strict UTF-8.
    if declared_name in (None, "utf-8", "utf8") and _is_utf8(data):
        return None, "utf-8"
    # Saved pages in other encodings: let BeautifulSoup's detector weigh the declaration,
    # byte-order marks and the bytes themselves.
    import logging

    from bs4 import UnicodeDammit

    # bs4 logs a warning when it substitutes characters; the count below says it better.
    bs4_log = logging.getLogger("bs4.dammit")
    level = bs4_log.level
    bs4_log.setLevel(logging.ERROR)
    try:
        dammit = UnicodeDammit(data, is_html=True)
    finally:
        bs4_log.setLevel(level)
    text = dammit.unicode_markup
    if text is None:
        raise ParseError(source, "cannot tell the text encoding of the page")
    if text.count("\ufffd") > max(8, len(text) // 1000):
        raise ParseError(source, "binary data or an unknown encoding: many bytes do not decode as text")
    return text, dammit.original_encoding or "unknown"
