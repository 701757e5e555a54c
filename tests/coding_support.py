"""What the actor and event tests share: a text's actor mentions through the real parse, and
events seen as (PLOVER type, source country, target country) dyads."""

from __future__ import annotations

from polybius import actors, nlp
from polybius.model import Article, Event, Mention


def resolve_text(text: str, published: str | None = "2024-05-06") -> list[Mention]:
    """The actor mentions of ``text`` parsed as an article published on ``published``."""
    return actors.resolve(nlp.parse(Article(id="t", text=text, published=published)))


def dyads(found: list[Event], include_negated: bool = False) -> set[tuple[str, str, str]]:
    """(type, source country, target country or "") of each event, negated ones only when
    ``include_negated``."""
    return {
        (e.plover, e.source.country, e.target.country if e.target else "")
        for e in found
        if include_negated or not e.negated
    }
