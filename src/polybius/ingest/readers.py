"""One file's bytes → documents, by the reader its name or content calls for."""

from __future__ import annotations

from collections.abc import Iterator

from polybius.ingest import encoding, feeds, formats, jsonl, warc
from polybius.ingest.document import Document
from polybius.ingest.errors import IngestError, failure
from polybius.ingest.options import Options
from polybius.model import Failure


def documents(source: str, data: bytes, options: Options) -> Iterator[Document | Failure]:
    """The documents held in ``data``, read from ``source`` (a path or ``-``).

    The reader comes from the file name's ending, else from the first bytes; empty, binary and
    undecodable inputs give one ``Failure``.
    """
    if not data.strip():
        yield failure(source, "empty")
        return
    reader = formats.by_name(source) if source != "-" else None
    if (
        reader == "warc"
        or reader is None
        and formats.by_content(data[:64].decode("latin-1")) == "warc"
    ):
        yield from warc.documents(data, source, options.max_bytes)
        return
    kind = formats.binary_kind(data)
    if kind:
        yield failure(source, "binary", kind=kind)
        return
    if reader == "feed":
        yield from feeds.documents(data, source)
        return
    try:
        text = encoding.decode(data)
    except IngestError as err:
        yield err.to_failure(source)
        return
    if reader in (None, "text"):
        reader = formats.by_content(text.lstrip()[:4096])
    if reader == "feed":
        yield from feeds.documents(data, source)
    elif reader == "jsonl":
        yield from jsonl.documents(text, source, clean_text=options.clean_json_text)
    elif reader == "html":
        yield Document(source, text, "html")
    else:
        yield Document(source, text, "page_text")
