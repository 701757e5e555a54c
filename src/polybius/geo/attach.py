"""Which place a sentence ties to its event: the syntax between a place mention and the trigger.

A mention is *locative* when its path up the dependency tree passes a locative preposition ("met
in Samarkand", "near Kyiv", "north of Kyiv", "in the eastern city of Kharkiv"), or when it is the
object or destination of a verb of motion ("visited Moscow", "leave for China", "strikes on
Kyiv"). Among locative mentions, one on the trigger itself beats one on a clause that governs the
trigger ("In Kyiv, officials said the president met ..."), which beats one on an adverbial clause
under the trigger ("launched missiles, killing ten in Kharkiv"; a purpose clause "to end the
war between Ukraine and Russia" is not one). A place in any other clause
belongs to another event ("accused Putin of stalling on a ceasefire in Ukraine") and is ignored.
"""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Span, Token

from polybius.geo.lexicon import Lexicon
from polybius.geo.resolve import PlaceMention

ON_TRIGGER, ON_GOVERNING_CLAUSE, ON_ADVERBIAL_CLAUSE = 0, 1, 2
CLAUSE_POS = {"VERB", "AUX"}


def _locative_head(span: Span, lexicon: Lexicon) -> Token | None:
    """The word the mention's locative phrase hangs on, or None when the mention is not
    locative (a subject, a possessor, part of an actor's name)."""
    token = span.root
    locative = token.dep_ == "advmod" and token.lower_ in lexicon.place_anaphors  # "There ..."
    while token.head.i != token.i:
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


def _tier(anchor: Token, trigger: Token, span: Span) -> int | None:
    """How closely the mention hangs on ``trigger`` (ON_TRIGGER, ...; None: another event's)."""
    # spaCy makes a new Token object on every access: compare positions, never identities
    above_trigger = {t.i for t in trigger.ancestors}
    if anchor.i == trigger.i or (
        trigger.i in {t.i for t in span.root.ancestors} and anchor.i in above_trigger
    ):
        return ON_TRIGGER
    if anchor.i in above_trigger:
        return ON_GOVERNING_CLAUSE
    if anchor.dep_ == "advcl" and anchor.tag_ == "VBG" and anchor.head.i == trigger.i:
        return ON_ADVERBIAL_CLAUSE  # a participle ("..., killing ten in Kharkiv"), not a purpose
    return None


class Anchored(NamedTuple):
    """A locative place mention and the word its locative phrase hangs on."""

    mention: PlaceMention
    anchor: Token


def locative_mentions(mentions: list[PlaceMention], lexicon: Lexicon) -> list[Anchored]:
    """The mentions that are locative, each with its anchor word (computed once per article)."""
    found = []
    for mention in mentions:
        anchor = _locative_head(mention.span, lexicon)
        if anchor is not None:
            found.append(Anchored(mention, anchor))
    return found


def event_place(
    anchored: list[Anchored], sentence: Span, trigger: Token | None
) -> PlaceMention | None:
    """The mention of ``sentence`` that places its event (None when no mention is locative).

    Arguments: the locative mentions inside ``sentence``, the sentence, and the trigger token
    (None when the event has no trigger span: then the sentence's root stands in).
    """
    trigger = trigger or sentence.root
    ranked = []
    for a in anchored:
        tier = _tier(a.anchor, trigger, a.mention.span)
        if tier is not None:
            distance = abs(a.mention.span.root.i - trigger.i)
            ranked.append((tier, distance, a.mention.start, a.mention))
    return min(ranked, key=lambda r: r[:3])[3] if ranked else None
