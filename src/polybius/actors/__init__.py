"""Actors: the knowledge base and mention → actor resolution (filled in by the actors issue)."""

from __future__ import annotations

from polybius.model import Mention
from polybius.nlp import ParsedArticle


def resolve(parsed: ParsedArticle) -> list[Mention]:
    """Every mention of a known or contextually placed actor in the article, in text order."""
    return []
