"""Time: event dates resolved against the publication date (filled in by the when/where issue)."""

from __future__ import annotations

import dataclasses

from polybius.model import Event
from polybius.nlp import ParsedArticle


def resolve_dates(events: list[Event], parsed: ParsedArticle) -> list[Event]:
    """Each event with ``date``/``date_precision``/``date_text`` set; publication date if none."""
    published = parsed.article.published
    return [dataclasses.replace(e, date=published, date_precision="publication") for e in events]
