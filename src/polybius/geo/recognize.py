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


def _trim(span: Span, gazetteer: Gazetteer, lexicon: Lexicon) -> tuple[Span, Cue]:
    """``span`` without the words around the name, and the cue they give.

    Leading modifiers go ("northeast Nigeria" → "Nigeria", but "North Korea" stays: the
    gazetteer knows it), a trailing "'s" goes, and a trailing region or city word goes and becomes
    the cue ("Quebec province" → "Quebec", region).
    """
    doc = span.doc
    start, end = span.start, span.end
    cue: Cue = ""
    while end - start > 1 and doc[end - 1].tag_ == "POS":
        end -= 1
    while end - start > 1 and doc[start].pos_ == "DET":
        start += 1
    while (
        end - start > 1
        and (doc[start].lower_ in lexicon.direction_modifiers or doc[start].is_punct)
        and not gazetteer.knows(doc[start:end].text)
    ):
        start += 1
    last = doc[end - 1].lower_
    if end - start > 1 and not gazetteer.knows(doc[start:end].text):
        if last in lexicon.region_words:
            end, cue = end - 1, "region"
        elif last in lexicon.city_words:
            end, cue = end - 1, "city"
    return doc[start:end], cue or _cue(doc[start:end], lexicon)


def _cue(span: Span, lexicon: Lexicon) -> Cue:
    """What the words around ``span`` say it is: "X region", "the province of X", "city of X"
    (a capitalised "Region of" is part of a name, as in "Kurdistan Region of Iraq")."""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    of_head = (
        doc[span.start - 2] if span.start >= 2 and doc[span.start - 1].lower_ == "of" else None
    )
    before = of_head.text if of_head is not None and of_head.is_lower else ""
    if after in lexicon.region_words or before in lexicon.region_words:
        return "region"
    if before in lexicon.city_words or after == "city":
        return "city"
    return ""


def _parts(span: Span) -> list[Span]:
    """``span`` split at its commas ("Windsor, Ontario" → "Windsor", "Ontario")."""
    parts, start = [], span.start
    for token in span:
        if token.text == ",":
            if token.i > start:
                parts.append(span.doc[start : token.i])
            start = token.i + 1
    if span.end > start:
        parts.append(span.doc[start : span.end])
    return parts


BIG_TOWN = 100_000  # an unlabelled name this big is taken as a place even outside "in ..."


def _plausible(span: Span, gazetteer: Gazetteer, lexicon: Lexicon) -> bool:
    """Whether a span the parse did not call a place should be taken as one: the gazetteer must
    know it, and it must follow a locative preposition, be the object of a verb of motion, or
    name a country, a region or a big town."""
    if span.text.lower() in lexicon.not_places or not gazetteer.knows(span.text):
        return False
    if gazetteer.demonym_country(span.text):
        return False
    root = span.root
    while root.dep_ == "conj" and root.head is not root:  # "around Bakhmut and Soledar"
        root = root.head
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in lexicon.locative_prepositions:
        return True
    if root.dep_ == "dobj" and head.lemma_.lower() in lexicon.motion_lemmas:
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
    blocked = [False] * len(doc)
    found: list[Candidate] = []

    def add(whole: Span, sure: bool) -> None:
        if all(taken[whole.start : whole.end]):
            return
        if not sure and not (
            gazetteer.knows(whole.text) or any(gazetteer.knows(t.text) for t in whole if t.is_title)
        ):
            return  # neither it nor a word of it names a place: skip the trimming work
        for part in _parts(whole):
            span, cue = _trim(part, gazetteer, lexicon)
            if any(taken[span.start : span.end]) or span.text.lower() in lexicon.not_places:
                continue
            if gazetteer.demonym_country(span.text):
                continue
            if not sure and not _plausible(span, gazetteer, lexicon):
                continue
            for i in range(span.start, span.end):
                taken[i] = True
            found.append(Candidate(span, cue, sure=sure))

    for ent in doc.ents:
        label = ent.label_.lower()
        if label in lexicon.place_labels:
            add(ent, sure=True)
        elif label in lexicon.maybe_place_labels:
            add(ent, sure=False)
        for i in range(ent.start, ent.end):
            blocked[i] = True
    matcher = _matcher(doc.vocab, tuple(_pattern_text(p) for p in lexicon.candidate_patterns))
    for _, start, end in sorted(matcher(doc), key=lambda m: (m[1], -m[2])):
        if not any(blocked[start:end]):
            for part in _known_parts(doc[start:end], gazetteer):
                add(part, sure=False)
    found.extend(_anaphors(doc, lexicon))
    return sorted(found, key=lambda c: c.span.start)


def _known_parts(span: Span, gazetteer: Gazetteer) -> list[Span]:
    """The longest parts of a proper-noun run that the gazetteer knows, left to right
    ("President Samarkand" → "Samarkand"); the whole run when it knows none."""
    parts, start = [], span.start
    while start < span.end:
        for end in range(span.end, start, -1):
            if gazetteer.knows(span.doc[start:end].text):
                parts.append(span.doc[start:end])
                start = end
                break
        else:
            start += 1
    return parts


def demonym_countries(doc: Doc, gazetteer: Gazetteer) -> list[str]:
    """ISO-3 codes of the countries whose demonyms ("Turkish", "Spanish") the doc's NORP
    entities use: context for namesakes, never places themselves."""
    return [
        code
        for ent in doc.ents
        if ent.label_ == "NORP" and (code := gazetteer.demonym_country(ent.text))
    ]


def _pattern_text(pattern: list[dict[str, object]]) -> str:
    return json.dumps(pattern, sort_keys=True)
