"""Which place a sentence ties to its event: the syntax between a place mention and the trigger.

A mention is *locative* when its path up the dependency tree passes a locative preposition ("met
in Samarkand", "near Kyiv", "north of Kyiv", "in the eastern city of Kharkiv"), or when it is the
object or destination of a verb of motion ("visited Moscow", "leave for China"). Among locative
mentions, one on the trigger itself beats one on a clause that governs the trigger, which beats
any other in the sentence; ties go to the nearest to the trigger.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from polybius.geo.lexicon import Lexicon
from polybius.geo.resolve import PlaceMention

ON_TRIGGER, ON_GOVERNING_CLAUSE, IN_SENTENCE = 0, 1, 2
CLAUSE_POS = {"VERB", "AUX"}


def _locative_head(span: Span, lexicon: Lexicon) -> Token | None:
    """The word the mention's locative phrase hangs on, or None when the mention is not
    locative (a subject, a possessor, part of an actor's name)."""
    token = span.root
    locative = False
    while token.head is not token:
        head = token.head
        word = head.lower_
        if token.dep_ == "pobj" and (
            word in lexicon.locative_prepositions
            or (word == "of" and head.head.lower_ in lexicon.direction_words)
            or (word in lexicon.destination_prepositions and _motion(head.head, lexicon))
        ):
            locative = True
        if token.dep_ in {"dobj", "nsubjpass"} and _motion(head, lexicon):
            locative = True
        if head.pos_ in CLAUSE_POS or head.dep_ == "ROOT":
            return head if locative else None
        if token.dep_ in {"nsubj", "poss"}:
            return None
        token = head
    return None


def _motion(token: Token, lexicon: Lexicon) -> bool:
    return token.lemma_.lower() in lexicon.motion_lemmas


def _tier(anchor: Token, trigger: Token, span: Span, lexicon: Lexicon) -> int:
    """How closely the mention hangs on ``trigger`` (ON_TRIGGER, ..., IN_SENTENCE)."""
    if anchor is trigger or trigger in span.root.ancestors and anchor in trigger.ancestors:
        return ON_TRIGGER
    if anchor in trigger.ancestors:
        return ON_GOVERNING_CLAUSE
    return IN_SENTENCE


def event_place(
    mentions: list[PlaceMention], sentence: Span, trigger: Token | None, lexicon: Lexicon
) -> PlaceMention | None:
    """The mention of ``sentence`` that places its event (None when no mention is locative).

    Arguments: the article's place mentions inside ``sentence``, the sentence, the trigger token
    (None when the event has no trigger span: then the sentence's root stands in) and the lexicon.
    """
    trigger = trigger or sentence.root
    ranked = []
    for mention in mentions:
        anchor = _locative_head(mention.span, lexicon)
        if anchor is None:
            continue
        tier = _tier(anchor, trigger, mention.span, lexicon)
        ranked.append((tier, abs(mention.span.root.i - trigger.i), mention.start, mention))
    return min(ranked, key=lambda r: r[:3])[3] if ranked else None
