"""Reading sources into clean ``Article`` records (first cut: .txt, .html, .jsonl, stdin).

The ingest issue deepens this package (WARC, RSS, clutter removal, encodings, language,
near-duplicates); the public entry points stay ``read`` and ``article_from_text``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import trafilatura

from polybius.model import Article, Failure, stable_id

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}


def article_from_text(
    text: str, published: str | None = None, article_id: str | None = None, **meta: str
) -> Article:
    """Make an ``Article`` from clean text; its id is a hash of the text unless given."""
    text = text.strip()
    return Article(id=article_id or stable_id(text), text=text, published=published, **meta)


def read(sources: Iterable[str], published: str | None = None) -> Iterator[Article | Failure]:
    """Read every source (a file, a folder, or ``-`` for stdin) into articles or failures.

    published: the date given to articles whose source carries none.
    """
    for source in sources:
        if source == "-":
            yield from _read_text(sys.stdin.read(), "-", published)
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            yield from read((str(p) for p in files), published)
        elif not path.exists():
            yield Failure(source, "no such file or directory")
        else:
            yield from _read_file(path, published)


def _read_file(path: Path, published: str | None) -> Iterator[Article | Failure]:
    data = path.read_bytes()
    if not data.strip():
        yield Failure(str(path), "empty file")
        return
    if b"\x00" in data[:4096]:
        yield Failure(str(path), "binary file, not text or HTML")
        return
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as err:
        yield Failure(str(path), f"not valid UTF-8 ({err.reason} at byte {err.start})")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(raw, str(path), published)
    elif suffix in HTML_SUFFIXES:
        yield _read_html(raw, str(path), published)
    else:
        yield from _read_text(raw, str(path), published)


def _read_text(raw: str, source: str, published: str | None) -> Iterator[Article | Failure]:
    if not raw.strip():
        yield Failure(source, "empty input")
        return
    yield article_from_text(raw, published=published, source=source)


def _read_html(raw: str, source: str, published: str | None) -> Article | Failure:
    text = trafilatura.extract(raw)
    if not text:
        return Failure(source, "no article text found in the HTML")
    meta = trafilatura.extract_metadata(raw)
    return article_from_text(
        text,
        published=(meta.date if meta and meta.date else published),
        source=source,
        title=(meta.title or "") if meta else "",
        url=(meta.url or "") if meta else "",
    )


def _read_jsonl(raw: str, source: str, published: str | None) -> Iterator[Article | Failure]:
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            yield Failure(where, f"malformed JSON ({err.msg})")
            continue
        if not isinstance(row, dict) or not (row.get("text") or row.get("html")):
            yield Failure(where, "a JSON line needs a 'text' or 'html' field")
            continue
        date = row.get("published") or published
        if row.get("text"):
            yield article_from_text(
                row["text"],
                published=date,
                article_id=row.get("id"),
                source=where,
                url=row.get("url") or "",
                title=row.get("title") or "",
            )
        else:
            record = _read_html(row["html"], where, date)
            if isinstance(record, Article) and row.get("id"):
                record = Article.from_dict({**record.to_dict(), "id": row["id"]})
            yield record
