"""HTML pages → main text and metadata, through trafilatura.

Settings were chosen on the 92 pages of ``../shared/data/extraction`` by ``bench/bench_ingest.py``
(figures in docs/ingest.md): ``favor_precision`` with trafilatura's fallback extractors and
without comments; ``fast`` skips the fallback extractors (about 1.4 times faster on large pages,
0.007 lower F1).
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
import trafilatura

SETTINGS: dict[str, bool] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
}


@dataclass(frozen=True)
class Extracted:
    """What trafilatura found in a page; fields it did not find are "" (``published`` None).

    text: the main text, one paragraph per line.
    """

    text: str
    title: str = ""
    published: str | None = None
    url: str = ""
    site: str = ""
    author: str = ""


def extract(html: str, url: str | None = None, fast: bool = False) -> Extracted | None:
    """The main text and metadata of the page ``html`` (``url``: where it was fetched from;
    ``fast``: skip trafilatura's fallback extractors).

    Returns None when the page holds no extractable text.
    """
    settings = {**SETTINGS, "fast": True, "favor_precision": False} if fast else SETTINGS
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True, **settings)
    if found is None or not (found.text or "").strip():
        return None
    return Extracted(
        text=found.text,
        title=found.title or "",
        published=found.date or None,
        url=found.url or url or "",
        site=found.sitename or "",
        author=found.author or "",
    )


def fragment_text(html: str) -> str:
    """The text of an HTML fragment that is already the article (a feed item's content or
    summary), paragraphs separated by blank lines; "" when it holds no text."""
    page = f"<html><body><article>{html}</article></body></html>"
    text = trafilatura.extract(page, favor_recall=True, include_comments=False)
    text = text or lxml.html.fromstring(page).text_content()
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
