"""WARC / WARC.gz web archives (warcio): each HTML response record is a page."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from polybius.ingest import encoding
from polybius.ingest.document import Document
from polybius.ingest.errors import IngestError, failure
from polybius.model import Failure

HTML_TYPES = ("text/html", "application/xhtml+xml")


def documents(data: bytes, source: str, max_bytes: int) -> Iterator[Document | Failure]:
    """One HTML document per ``response`` (or ``resource``) record of the archive ``data``.

    Records are sourced ``source#<target URI>`` and keep the URI as their URL. A record over
    ``max_bytes`` or in an unknown encoding fails alone; a truncated or corrupt archive yields
    the records read so far and then one ``Failure`` for the rest.
    """
    records = 0
    pages = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            records += 1
            if record.rec_type not in ("response", "resource"):
                continue
            content_type = _content_type(record)
            if not content_type.startswith(HTML_TYPES):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"record {records}"
            where = f"{source}#{uri}"
            pages += 1
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                yield IngestError("too_large", size="", limit=f"{max_bytes:,}").to_failure(where)
                continue
            try:
                html = encoding.decode(body, declared=_charset(content_type))
            except IngestError as err:
                yield err.to_failure(where)
                continue
            meta = {"url": uri}
            date = record.rec_headers.get_header("WARC-Date")
            if date:
                meta["crawled"] = date
            yield Document(where, html, "html", meta)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as err:
        yield failure(source, "bad_warc", records=records, detail=_first_line(err))
        return
    if pages == 0:
        yield failure(source, "warc_no_html")


def _content_type(record: object) -> str:
    http = getattr(record, "http_headers", None)
    value = http.get_header("Content-Type") if http else None
    value = value or record.rec_headers.get_header("Content-Type")  # type: ignore[attr-defined]
    return (value or "").lower()


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name == "charset" and value:
            return value.strip("\"' ")
    return None


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:160]
