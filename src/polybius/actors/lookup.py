"""Resolving one phrase without an article (``polybius actors lookup``)."""

from __future__ import annotations

from polybius.actors import kb as _kb
from polybius.actors.resolve import resolve_doc
from polybius.model import Mention
from polybius.nlp import load


def lookup(phrase: str, date: str | None = None) -> Mention | None:
    """Resolve ``phrase`` as if it were a one-sentence article published on ``date``.

    Returns the longest mention found (None when nothing in the phrase is an actor); raises
    ``ValueError`` for a malformed date.
    """
    day = _kb.parse_day(date)
    nlp = load()
    mentions = resolve_doc(nlp(phrase), nlp, _kb.current(), day)
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m.end - m.start, -m.start))
