"""Helpers for the event coder: which mentions lie inside a span of text."""

from __future__ import annotations

from spacy.tokens import Doc

from polybius.model import Mention


def mentions_in(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions overlapping the character span ``[start, end)``, in text order."""
    return [m for m in mentions if m.start < end and m.end > start]


def span_head(doc: Doc, start: int, end: int) -> int | None:
    """Character offset of the syntactic head of ``[start, end)`` (the token whose head lies
    outside the span), or None when the span holds no token."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span.root.idx


def actor_for_span(
    mentions: list[Mention], start: int, end: int, doc: Doc | None = None
) -> Mention | None:
    """The mention that stands for an argument span (a subject's subtree, a gold actor's text).

    With ``doc``, the mention covering the span's syntactic head wins ("Ethnic Albanians in
    south Serbia" is the Albanians, not Serbia). Otherwise, or when no mention covers the head,
    the first mention in the span with a country, then the first mention at all. None when the
    span holds no mention.
    """
    inside = mentions_in(mentions, start, end)
    if not inside:
        return None
    head = span_head(doc, start, end) if doc is not None else None
    if head is not None:
        for m in inside:
            if m.start <= head < m.end:
                return m
    with_country = [m for m in inside if m.actor.country]
    return (with_country or inside)[0]
