"""Every reason ingest gives for a ``Failure``, in one table.

A failure names its source (path, ``path:line``, ``path#record``, ``-``) and says in one line why
nothing could be read from it; nothing else in the batch is lost.
"""

from __future__ import annotations

from polybius.model import Failure

REASONS: dict[str, str] = {
    "missing": "no such file or directory",
    "no_match": "no file matches this pattern",
    "unreadable": "cannot be read ({detail})",
    "empty": "empty input",
    "too_large": "larger than the {limit}-byte limit{size}; raise it with max_bytes / --max-bytes",
    "binary": "binary data ({kind}), not HTML, text, JSON lines, WARC or a feed",
    "bad_gzip": "truncated or corrupt gzip data ({detail})",
    "bad_warc": "truncated or corrupt WARC after {records} record(s) ({detail})",
    "warc_no_html": "WARC holds no HTML response records",
    "damaged_utf8": "invalid UTF-8 (byte 0x{byte:02X} at offset {offset}) in otherwise UTF-8 text",
    "unknown_encoding": (
        "not valid UTF-8 (byte 0x{byte:02X} at offset {offset}) and no legacy encoding fits "
        "with confidence ({guess})"
    ),
    "no_html_text": "no article text found in the HTML",
    "no_text": "no article text left after removing the page's clutter",
    "bad_json": "malformed JSON ({detail})",
    "json_not_article": "a JSON line must be an object with a non-empty 'text' or 'html' field",
    "bad_feed": "not a readable RSS/Atom feed ({detail})",
    "feed_no_items": "feed has no items",
    "feed_item_empty": "feed item has neither content nor summary",
    "language": "language is {name} ({code}, confidence {score:.2f}); only English is supported",
}


def failure(source: str, reason: str, **details: object) -> Failure:
    """Build the ``Failure`` for ``source`` from the ``REASONS`` entry ``reason``.

    source: what could not be read. reason: a key of ``REASONS``. details: its placeholders.
    Returns the record; raises KeyError for an unknown reason (a programming error).
    """
    return Failure(source, REASONS[reason].format(**details))


class IngestError(ValueError):
    """Raised inside ingest when an input cannot be read; turned into a ``Failure`` at the edge.

    reason: a key of ``REASONS``; details: its placeholders.
    """

    def __init__(self, reason: str, **details: object) -> None:
        super().__init__(REASONS[reason].format(**details))
        self.reason = reason
        self.details = details

    def to_failure(self, source: str) -> Failure:
        """The ``Failure`` record for ``source``."""
        return Failure(source, str(self))
