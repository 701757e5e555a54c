"""Toponym recognition: the spans of a parsed ``Doc`` that name places.

Proposals come from the parse's entities (GPE, LOC, FAC), from entities the small model often
mislabels (a town tagged PERSON or ORG) and from proper-noun runs outside any entity found by a
spaCy ``Matcher`` with the patterns of ``lexicon.yaml``; the last two are kept only when the
gazetteer knows the whole span. Demonyms ("Turkish") are NORP entities and never proposed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Literal

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from polybius.geo.gazetteer import Gazetteer
from polybius.geo.lexicon import Lexicon

Cue = Literal["", "city", "region"]


@dataclass(frozen=True)
class Candidate:
    """A span that may name a place.

    span: the name itself (modifiers such as "northeast" and "the" trimmed).
    cue: "city" for "the city of X", "region" for "X region" / "the province of X", else "".
    anaphor: True for "the country" in a locative phrase (resolved to the article's country).
    sure: True when the parse itself labelled the span a place.
    """

    span: Span
    cue: Cue = ""
    anaphor: bool = False
    sure: bool = True


@cache
def _matcher(vocab: Vocab, patterns: tuple[str, ...]) -> Matcher:
    """A Matcher for the JSON-encoded ``patterns`` (cached per vocabulary)."""
    matcher = Matcher(vocab)
    matcher.add("PLACE_CANDIDATE", [json.loads(p) for p in patterns], greedy="LONGEST")
    return matcher


def _trim(span: Span, lexicon: Lexicon) -> Span:
    """``span`` without leading modifiers ("northeast Nigeria" → "Nigeria") or a trailing "'s"."""
    start, end = span.start, span.end
    while end - start > 1 and span.doc[start].lower_ in lexicon.direction_modifiers:
        start += 1
    while end - start > 1 and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start:end]


def _cue(span: Span, lexicon: Lexicon) -> Cue:
    """What the words around ``span`` say it is: "X region", "province of X", "city of X"."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = doc[span.start - 2].lower_ if span.start >= 2 and doc[span.start - 1].lower_ == "of" else ""
    if after in lexicon.region_words or before in lexicon.region_words:
        return "region"
    if before in lexicon.city_words or after == "city":
        return "city"
    return ""


BIG_TOWN = 100_000  # an unlabelled name this big is taken as a place even outside "in ..."


def _plausible(span: Span, gazetteer: Gazetteer, lexicon: Lexicon) -> bool:
    """Whether a span the parse did not call a place should be taken as one: the gazetteer must
    know it, and it must follow a locative preposition, be the object of a verb of motion, or
    name a country, a region or a big town."""
    if span.text.lower() in lexicon.not_places or not gazetteer.knows(span.text):
        return False
    head = span.root.head
    if span.root.dep_ == "pobj" and head.lower_ in lexicon.locative_prepositions:
        return True
    if span.root.dep_ == "dobj" and head.lemma_.lower() in lexicon.motion_lemmas:
        return True
    return any(p.kind != "city" or p.population >= BIG_TOWN for p in gazetteer.lookup(span.text))


def _anaphors(doc: Doc, lexicon: Lexicon) -> list[Candidate]:
    """ "in the country": a country anaphor governed by a locative preposition."""
    found = []
    for token in doc:
        if (
            token.lower_ in lexicon.country_anaphors
            and token.i > 0
            and doc[token.i - 1].lower_ == "the"
            and token.head.lower_ in lexicon.locative_prepositions
            and token.dep_ == "pobj"
        ):
            found.append(Candidate(doc[token.i : token.i + 1], anaphor=True))
    return found


def candidates(doc: Doc, gazetteer: Gazetteer, lexicon: Lexicon) -> list[Candidate]:
    """The place candidates of ``doc`` in text order, without overlaps.

    Arguments: a parsed ``doc``, the gazetteer and the lexicon. Returns one ``Candidate`` per
    proposed place mention.
    """
    taken = [False] * len(doc)
    found: list[Candidate] = []

    def add(span: Span, sure: bool) -> None:
        span = _trim(span, lexicon)
        if any(taken[span.start : span.end]) or span.text.lower() in lexicon.not_places:
            return
        if not sure and not _plausible(span, gazetteer, lexicon):
            return
        for i in range(span.start, span.end):
            taken[i] = True
        found.append(Candidate(span, _cue(span, lexicon), sure=sure))

    blocked = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_.lower() in lexicon.place_labels:
            add(ent, sure=True)
        elif ent.label_.lower() in lexicon.maybe_place_labels and _plausible(
            _trim(ent, lexicon), gazetteer, lexicon
        ):
            add(ent, sure=False)
        else:
            for i in range(ent.start, ent.end):
                blocked[i] = True
    matcher = _matcher(doc.vocab, tuple(_pattern_text(p) for p in lexicon.candidate_patterns))
    for _, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
        if not any(blocked[start:end]):
            add(doc[start:end], sure=False)
    found.extend(_anaphors(doc, lexicon))
    return sorted(found, key=lambda c: c.span.start)


def _pattern_text(pattern: list[dict[str, object]]) -> str:
    return json.dumps(pattern, sort_keys=True)
