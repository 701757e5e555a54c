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


def _locative_head(root: Token, lexicon: Lexicon) -> Token | None:
    """The word the locative phrase of the mention with root ``root`` hangs on, or None when the
    mention is not locative (a subject, a possessor, part of an actor's name)."""
    token, head = root, root.head
    locative = token.dep_ == "advmod" and token.lower_ in lexicon.place_anaphors  # "There ..."
    while head.i != token.i:
        dep, word = token.dep_, head.lower_
        if dep == "pobj" and (
            word in lexicon.locative_prepositions
            or (word == "of" and head.head.lower_ in lexicon.direction_words)
            or (word in lexicon.destination_prepositions and _motion(head.head, lexicon))
        ):
            locative = True
        if dep in {"dobj", "nsubjpass"} and _motion(head, lexicon):
            locative = True
        if head.pos_ in CLAUSE_POS or head.dep_ == "ROOT":
            return head if locative else None
        if dep in {"nsubj", "poss"}:
            return None
        token, head = head, head.head
    return None


def _motion(token: Token, lexicon: Lexicon) -> bool:
    return token.lemma_.lower() in lexicon.motion_lemmas


def _tier(anchored: Anchored, trigger: Token, above_trigger: set[int]) -> int | None:
    """How closely the mention hangs on ``trigger`` (ON_TRIGGER, ...; None: another event's).
    ``above_trigger``: the positions of the trigger's ancestors."""
    # spaCy makes a new Token object on every access: compare positions, never identities
    anchor = anchored.anchor
    if anchor.i == trigger.i or (trigger.i in anchored.above and anchor.i in above_trigger):
        return ON_TRIGGER
    if anchor.i in above_trigger:
        return ON_GOVERNING_CLAUSE
    if anchor.dep_ == "advcl" and anchor.tag_ == "VBG" and anchor.head.i == trigger.i:
        return ON_ADVERBIAL_CLAUSE  # a participle ("..., killing ten in Kharkiv"), not a purpose
    return None


class Anchored(NamedTuple):
    """A locative place mention, the word its locative phrase hangs on, and the positions of the
    mention's root and of the root's ancestors."""

    mention: PlaceMention
    anchor: Token
    root: int
    above: frozenset[int]


def locative_mentions(mentions: list[PlaceMention], lexicon: Lexicon) -> list[Anchored]:
    """The mentions that are locative, each with its anchor word (computed once per article)."""
    found = []
    for mention in mentions:
        root = mention.span.root
        anchor = _locative_head(root, lexicon)
        if anchor is not None:
            above = frozenset(t.i for t in root.ancestors)
            found.append(Anchored(mention, anchor, root.i, above))
    return found


def event_place(
    anchored: list[Anchored], sentence: Span, trigger: Token | None
) -> PlaceMention | None:
    """The mention of ``sentence`` that places its event (None when no mention is locative).

    Arguments: the locative mentions inside ``sentence``, the sentence, and the trigger token
    (None when the event has no trigger span: then the sentence's root stands in).
    """
    trigger = trigger or sentence.root
    above_trigger = {t.i for t in trigger.ancestors}
    ranked = []
    for a in anchored:
        tier = _tier(a, trigger, above_trigger)
        if tier is not None:
            ranked.append((tier, abs(a.root - trigger.i), a.mention.start, a.mention))
    return min(ranked, key=lambda r: r[:3])[3] if ranked else None
