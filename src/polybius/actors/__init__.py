"""Actors: the knowledge base and mention → actor resolution, with coreference.

Public entry points:
- ``resolve(parsed)``: every actor mention of a parsed article, in text order;
- ``lookup(phrase, date)``: one phrase resolved without an article (the CLI uses it);
- ``mentions_in(mentions, start, end)`` and ``actor_for_span(mentions, start, end)``: the
  mentions inside a character span, and the one that stands for it (for the event coder).
"""

from __future__ import annotations

from polybius.actors import kb as _kb
from polybius.actors.kb import KnowledgeBaseError
from polybius.actors.lookup import lookup
from polybius.actors.resolve import resolve_doc
from polybius.actors.spans import actor_for_span, mentions_in
from polybius.model import Mention
from polybius.nlp import ParsedArticle, load

__all__ = [
    "KnowledgeBaseError",
    "actor_for_span",
    "lookup",
    "mentions_in",
    "resolve",
]


def resolve(parsed: ParsedArticle) -> list[Mention]:
    """Every mention of a known or contextually placed actor in the article, in text order.

    Offsets are character offsets into ``parsed.article.text``; mentions do not overlap.
    Office holders ("the president") are resolved on ``parsed.article.published`` (not at all
    when it is missing or malformed).
    """
    try:
        day = _kb.parse_day(parsed.article.published)
    except ValueError:
        day = None
    return resolve_doc(parsed.doc, load(), _kb.current(), day, parsed.article.text)
