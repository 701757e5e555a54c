"""Articles posted to the API → coded articles, through ingest and the one pipeline.

spaCy pipelines are not safe to share between threads, and the server answers requests from a
thread pool: all coding goes through ``Coder``, which runs one article batch at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from polybius import ingest, pipeline
from polybius.ingest.articles import to_article
from polybius.ingest.document import Document
from polybius.ingest.options import Options
from polybius.model import Article, Failure
from polybius.serve.schemas import ArticleInput, HtmlArticle

#: The ``source`` of articles read from the API (their copy's locator when they have no URL).
SOURCE = "http-api"


def read_article(item: ArticleInput) -> Article | Failure:
    """The article in ``item``: its ``text`` as it is, or its ``html`` extracted and cleaned
    the way ingest treats an HTML file. Returns a Failure when no article text is left, or the
    page is not in a supported language."""
    published = item.published.isoformat() if item.published else None
    if isinstance(item, HtmlArticle):
        meta = {k: v for k, v in (("id", item.id), ("url", item.url), ("title", item.title)) if v}
        document = Document(SOURCE, item.html, "html", meta)
        return to_article(document, Options(published=published))
    if not item.text.strip():
        return Failure(SOURCE, "the text is empty")
    return ingest.article_from_text(
        item.text,
        published=published,
        article_id=item.id,
        url=item.url,
        title=item.title,
        source=SOURCE,
    )


class Coder:
    """Codes articles one batch at a time (a lock around the shared spaCy pipeline)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def code(self, articles: Iterable[Article]) -> list[pipeline.CodedArticle]:
        """``pipeline.code_articles`` over ``articles``, holding the lock."""
        with self._lock:
            coded = pipeline.code_articles(articles)
            return [c for c in coded if isinstance(c, pipeline.CodedArticle)]
