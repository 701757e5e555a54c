"""What a file holds: a reader name from its ending or first bytes, or the binary kind it is."""

from __future__ import annotations

import re
from functools import cache

from polybius.ingest.options import load_table

READERS = ("warc", "jsonl", "feed", "html", "text")
_PROLOG = re.compile(r"^(?:\s*<\?xml[^>]*\?>|\s*<!--.*?-->|\s*<!doctype (?!html)[^>]*>)*\s*", re.S)


@cache
def _table() -> dict:
    return load_table("formats.yaml")


def by_name(name: str) -> str | None:
    """The reader for a file called ``name`` from its ending (longest match), or None."""
    lower = name.lower()
    best: tuple[int, str | None] = (0, None)
    for reader, endings in _table()["suffixes"].items():
        for ending in endings:
            if lower.endswith(ending) and len(ending) > best[0]:
                best = (len(ending), reader)
    return best[1]


def by_content(head: str) -> str:
    """The reader for text starting with ``head`` (plain ``text`` when nothing else fits)."""
    start = _PROLOG.sub("", head[:4096].lower(), count=1)
    for reader, prefixes in _table()["sniff"].items():
        if any(start.startswith(prefix) for prefix in prefixes):
            return reader
    return "text"


def binary_kind(data: bytes) -> str | None:
    """The kind of non-text file ``data`` is ("PDF document", ...), or None for text."""
    for signature in _table()["binary_signatures"]:
        if data.startswith(bytes.fromhex(signature["hex"])):
            return str(signature["kind"])
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "NUL bytes"
    return None
