"""Documents → ``Article`` records: extraction or clutter removal, metadata, language check."""

from __future__ import annotations

from polybius.ingest import clutter, html, language
from polybius.ingest.dates import iso_date
from polybius.ingest.document import Document
from polybius.ingest.errors import failure
from polybius.ingest.options import Options
from polybius.model import Article, Failure, stable_id


def article_from_text(
    text: str, published: str | None = None, article_id: str | None = None, **meta: str
) -> Article:
    """An ``Article`` from clean text, used as it is (only stripped).

    published: ISO date; article_id: the id to use (default: a stable hash of the text).
    meta: other ``Article`` fields (title, url, source, dateline, author, site, language).
    """
    text = text.strip()
    return Article(id=article_id or stable_id(text), text=text, published=published, **meta)


def to_article(document: Document, options: Options) -> Article | Failure:
    """The article in ``document``, or a ``Failure`` saying why there is none.

    HTML goes through trafilatura and then the clutter rules; page text through the clutter
    rules (a text in which they find no clutter is kept exactly as given); clean text (feed
    items) as it is. Metadata the source gave wins over what was found in the page, and
    ``options.published`` is the last resort for the date.
    """
    found: dict[str, str | None] = {}
    if document.kind == "html":
        extracted = html.extract(document.body, document.meta.get("url"), options.fast_html)
        if extracted is None:
            return failure(document.source, "no_html_text")
        rules = clutter.load_rules(options.clutter_rules)
        cleaned = clutter.clean(extracted.text, rules, title=extracted.title, trim_tail=False)
        text = cleaned.text
        found = {
            "title": extracted.title or cleaned.title,
            "published": extracted.published or cleaned.published,
            "url": extracted.url,
            "site": extracted.site or cleaned.site,
            "author": extracted.author or cleaned.author,
            "dateline": cleaned.dateline,
        }
    elif document.kind == "page_text":
        cleaned = clutter.clean(document.body, clutter.load_rules(options.clutter_rules))
        text = cleaned.text if cleaned.removed else document.body.strip()
        found = {
            "title": cleaned.title,
            "published": cleaned.published,
            "site": cleaned.site,
            "author": cleaned.author,
            "dateline": cleaned.dateline,
        }
    else:
        text = document.body.strip()
    if not text.strip():
        return failure(document.source, "no_text")
    detected = language.detect(text)
    if (
        detected is not None
        and detected.code not in options.languages
        and detected.score >= options.min_language_confidence
    ):
        return failure(
            document.source,
            "language",
            name=detected.name,
            code=detected.code,
            score=detected.score,
        )
    meta = document.meta
    published = iso_date(meta.get("published")) or found.get("published") or options.published
    return article_from_text(
        text,
        published=published,
        article_id=meta.get("id"),
        source=document.source,
        title=meta.get("title") or found.get("title") or "",
        url=meta.get("url") or found.get("url") or "",
        dateline=meta.get("dateline") or found.get("dateline") or "",
        author=meta.get("author") or found.get("author") or "",
        site=meta.get("site") or found.get("site") or "",
        language=detected.code if detected and detected.code in options.languages else "en",
    )
