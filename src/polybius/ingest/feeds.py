"""RSS and Atom feeds (feedparser): each item's content, or its summary, is an article."""

from __future__ import annotations

from collections.abc import Iterator

import feedparser

from polybius.ingest.dates import iso_date
from polybius.ingest.document import Document
from polybius.ingest.errors import failure
from polybius.ingest.html import fragment_text
from polybius.model import Failure


def documents(data: bytes, source: str) -> Iterator[Document | Failure]:
    """One document per feed item of ``data`` (its text, for clutter removal), sourced
    ``source#<n>`` (1-based).

    Item fields kept: link → url, title, published (or updated) date, author, the feed's title as
    site, the item's id. An unreadable feed, a feed without items, and an item without content or
    summary each give one ``Failure``.
    """
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.bozo:
            detail = str(parsed.get("bozo_exception", "malformed XML")).splitlines()[0][:160]
            yield failure(source, "bad_feed", detail=detail)
        else:
            yield failure(source, "feed_no_items")
        return
    site = parsed.feed.get("title", "")
    for number, entry in enumerate(parsed.entries, 1):
        where = f"{source}#{number}"
        html = _body(entry)
        text = fragment_text(html) if html else ""
        if not text.strip():
            yield failure(where, "feed_item_empty")
            continue
        published = iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        meta = {
            "url": entry.get("link", ""),
            "title": entry.get("title", ""),
            "published": published or "",
            "author": entry.get("author", ""),
            "site": site,
        }
        yield Document(where, text, "page_text", {k: v for k, v in meta.items() if v})


def _body(entry: feedparser.FeedParserDict) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    return max(contents, key=len) if contents else entry.get("summary", "")
