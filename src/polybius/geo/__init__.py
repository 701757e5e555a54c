"""Place: the gazetteer and event locations (filled in by the when/where issue)."""

from __future__ import annotations

from polybius.model import Event
from polybius.nlp import ParsedArticle


def locate(events: list[Event], parsed: ParsedArticle) -> list[Event]:
    """Each event with ``location`` set where the sentence, dateline or target gives one."""
    return events
