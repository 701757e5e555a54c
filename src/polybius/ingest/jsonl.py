"""JSON lines: one article a line, ``{"id", "text" | "html", "published", "url", "title", ...}``."""

from __future__ import annotations

import json
from collections.abc import Iterator

from polybius.ingest.document import Document
from polybius.ingest.errors import failure
from polybius.model import Failure

META_FIELDS = ("id", "url", "title", "published", "author", "site", "dateline")


def documents(text: str, source: str, clean_text: bool = False) -> Iterator[Document | Failure]:
    """One document per JSON line of ``text`` (blank lines skipped), sourced ``source:line``.

    clean_text: treat ``text`` fields as scraped page text (clutter removal) instead of clean text.
    Yields a ``Failure`` naming the line for malformed JSON or a line without text or HTML.
    """
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield failure(where, "bad_json", detail=f"{err.msg} at column {err.colno}")
            continue
        body = row.get("text") or row.get("html") if isinstance(row, dict) else None
        if not isinstance(body, str) or not body.strip():
            yield failure(where, "json_not_article")
            continue
        meta = {k: str(row[k]) for k in META_FIELDS if row.get(k) not in (None, "")}
        kind = "html" if not row.get("text") else ("page_text" if clean_text else "text")
        yield Document(where, body, kind, meta)
