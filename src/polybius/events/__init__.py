"""Events: the PLOVER/CAMEO coder (filled in by the event-coder issue)."""

from __future__ import annotations

from polybius.model import Event, Mention
from polybius.nlp import ParsedArticle


def code(parsed: ParsedArticle, mentions: list[Mention]) -> list[Event]:
    """The events reported in the article, negated ones included (``negated=True``)."""
    return []
