"""Bytes to text: UTF-8 first, then a legacy encoding only when charset-normalizer is sure.

Rules (see docs/ingest.md): a byte-order mark decides; valid UTF-8 is UTF-8; bytes that are
mostly valid UTF-8 with a broken sequence are damaged UTF-8 and fail (guessing would garble the
good characters); otherwise the encoding the page declares is used if it decodes, else
charset-normalizer's best match when its mess ratio is low, its language coherence is high, and no
equally good candidate decodes differently — ties go to windows-1252, the WHATWG default legacy
encoding for English pages.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from polybius.ingest.errors import IngestError

MAX_CHAOS = 0.1
MIN_COHERENCE = 0.2
TIE_BREAK = ("cp1252",)
DETECTION_SAMPLE = 64_000
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` to text.

    declared: an encoding named by the container (HTTP header, feed); an HTML ``<meta charset>``
        in the first 2 KB is used when this is None.
    Returns the text; raises IngestError when no encoding can be chosen with confidence.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        first_bad = err
    offset, byte = first_bad.start, data[first_bad.start]
    if _looks_like_utf8(data):
        raise IngestError("damaged_utf8", byte=byte, offset=offset)
    declared = declared or _declared_charset(data)
    if declared and _is_legacy_codec(declared):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return _detect(data, byte, offset)


def _detect(data: bytes, byte: int, offset: int) -> str:
    matches = list(charset_normalizer.from_bytes(data[:DETECTION_SAMPLE]))
    if not matches:
        raise IngestError("unknown_encoding", byte=byte, offset=offset, guess="no candidate")
    best = matches[0]
    guess = f"best guess {best.encoding}, mess {best.chaos:.0%}, coherence {best.coherence:.0%}"
    if best.chaos > MAX_CHAOS or best.coherence < MIN_COHERENCE:
        raise IngestError("unknown_encoding", byte=byte, offset=offset, guess=guess)
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    for preferred in TIE_BREAK:
        if any(preferred in m.could_be_from_charset for m in tied):
            return data.decode(preferred, errors="replace")
    if len({str(m) for m in tied}) > 1:
        names = ", ".join(m.encoding for m in tied)
        raise IngestError("unknown_encoding", byte=byte, offset=offset, guess=f"tie: {names}")
    return data.decode(best.encoding, errors="replace")


def _looks_like_utf8(data: bytes) -> bool:
    """True when well-formed UTF-8 sequences outnumber the bytes that break UTF-8."""
    valid = len(_UTF8_SEQUENCE.findall(data))
    broken = data.decode("utf-8", errors="replace").count("\ufffd")
    return valid >= broken


def _declared_charset(data: bytes) -> str | None:
    found = _DECLARED.search(data[:2048])
    return found.group(1).decode("ascii", errors="ignore") if found else None


def _is_legacy_codec(name: str) -> bool:
    try:
        return codecs.lookup(name).name not in {"utf-8", "utf-8-sig"}
    except LookupError:
        return False
