"""Helpers for the event coder: which mentions lie inside a span of text."""

from __future__ import annotations

from polybius.model import Mention


def mentions_in(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions overlapping the character span ``[start, end)``, in text order."""
    return [m for m in mentions if m.start < end and m.end > start]


def actor_for_span(mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The mention that stands for an argument span (e.g. a subject's subtree).

    The first mention in the span that has a country wins, so "Chinese President Xi Jinping's
    envoy" gives the person and "refugees fleeing the war in Liberia" (one mention, placed by the
    resolver) gives Liberia's refugees; None when the span holds no mention.
    """
    inside = mentions_in(mentions, start, end)
    with_country = [m for m in inside if m.actor.country]
    return (with_country or inside or [None])[0]
