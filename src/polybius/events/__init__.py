"""Events: the PLOVER/CAMEO coder.

``code(parsed, mentions)`` returns every event the article reports (negated ones included, with
``negated=True``), each with its PLOVER type and mode, CAMEO code, quad class, Goldstein weight,
source and target, modality, the sentence and spans it came from, a confidence and ``why``.
See ``docs/events.md``.
"""

from __future__ import annotations

from polybius.events.coder import Coder, Decision, coder_for
from polybius.events.ontology import Ontology, load_ontology
from polybius.model import Event, Mention
from polybius.nlp import ParsedArticle

__all__ = ["Coder", "Decision", "Ontology", "code", "coder_for", "decide", "load_ontology"]


def code(parsed: ParsedArticle, mentions: list[Mention]) -> list[Event]:
    """The events reported in the article, negated ones included (``negated=True``)."""
    return coder_for(parsed.doc.vocab).code(parsed, mentions)


def decide(parsed: ParsedArticle, mentions: list[Mention]) -> list[Decision]:
    """What the coder did with every trigger it matched (``polybius explain`` prints these)."""
    return coder_for(parsed.doc.vocab).decide(parsed, mentions)
