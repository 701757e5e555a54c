"""WARC / WARC.gz web archives (warcio): each HTML response record is a page."""

from __future__ import annotations

import io
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from polybius.ingest import encoding
from polybius.ingest.document import Document
from polybius.ingest.errors import IngestError, failure
from polybius.model import Failure

HTML_TYPES = ("text/html", "application/xhtml+xml")
BUFFER = 65_536


def documents(data: bytes, source: str, max_bytes: int) -> Iterator[Document | Failure]:
    """One HTML document per ``response`` (or ``resource``) record of the archive ``data``.

    Records are sourced ``source#<target URI>`` and keep the URI as their URL. A record over
    ``max_bytes`` or in an unknown encoding fails alone; a truncated or corrupt archive yields
    the complete records before the damage and then one ``Failure`` for the rest.
    """
    records = 0
    pages = 0
    try:
        archive = ArchiveIterator(io.BytesIO(data))
        for record in archive:
            records += 1
            page = _html_page(record, source, max_bytes)
            _drain(record)
            if page is None:
                continue
            pages += 1
            yield page
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as err:
        yield failure(source, "bad_warc", records=records - 1, detail=_first_line(err))
        return
    if data[archive.offset :].strip():
        yield failure(
            source, "bad_warc", records=records, detail="the archive ends inside a record"
        )
        return
    if pages == 0:
        yield failure(source, "warc_no_html")


def _html_page(record: ArcWarcRecord, source: str, max_bytes: int) -> Document | Failure | None:
    """The HTML document of a response/resource record (a ``Failure`` when it is too large or
    undecodable), or None for any other record."""
    if record.rec_type not in ("response", "resource"):
        return None
    content_type = _content_type(record)
    if not content_type.startswith(HTML_TYPES):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{source}#{uri}"
    body = record.content_stream().read(max_bytes + 1)
    _drain(record)
    if len(body) > max_bytes:
        return IngestError("too_large", size="", limit=f"{max_bytes:,}").to_failure(where)
    try:
        html = encoding.decode(body, declared=_charset(content_type))
    except IngestError as err:
        return err.to_failure(where)
    return Document(where, html, "html", {"url": uri} if uri else {})


def _drain(record: ArcWarcRecord) -> None:
    """Read the rest of ``record``; raise EOFError when the archive ends inside it."""
    stream = record.raw_stream
    while stream.read(BUFFER):
        pass
    if getattr(stream, "limit", 0) > 0:
        raise EOFError("the archive ends inside a record")


def _content_type(record: ArcWarcRecord) -> str:
    http = record.http_headers
    value = http.get_header("Content-Type") if http else None
    value = value or record.rec_headers.get_header("Content-Type")
    return (value or "").lower()


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name == "charset" and value:
            return value.strip("\"' ")
    return None


def _first_line(err: BaseException) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:160]
