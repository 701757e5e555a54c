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
from typing import Literal, NamedTuple

import numpy
from spacy.attrs import ENT_IOB, IDX, IS_TITLE, LENGTH, LOWER, POS
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from polybius.geo.gazetteer import Gazetteer
from polybius.geo.lexicon import Lexicon

Cue = Literal["", "city", "region"]
Anaphor = Literal["", "country", "place"]


class Candidate(NamedTuple):
    """A span that may name a place (a tuple: made by the dozen per article, cheap to make).

    span: the name itself (modifiers such as "northeast" and "the" trimmed).
    cue: "city" for "the city of X", "region" for "X region" / "the province of X", else "".
    anaphor: "country" for "the country" in a locative phrase (the country of the last place named
        before it), "place" for an adverb "there" (the last place named before it), else "".
    sure: True when the parse itself labelled the span a place.
    country: the ISO-3 country a demonym names in "Armenian territory" (the span), else "".
    """

    span: Span
    cue: Cue = ""
    anaphor: Anaphor = ""
    sure: bool = True
    country: str = ""


CANDIDATE, ANAPHOR, PLACE_ANAPHOR = "PLACE_CANDIDATE", "COUNTRY_ANAPHOR", "PLACE_ANAPHOR"
WINDOW = 3  # tokens matched on each side of a proper noun: the longest pattern has four
OUTSIDE = 2  # ENT_IOB value of a token outside every entity


@cache
def _matcher(vocab: Vocab, candidates: tuple[str, ...], lexicon: Lexicon) -> Matcher:
    """One Matcher for the lexicon's JSON-encoded candidate patterns, "the country" and
    "there" (cached per vocabulary and lexicon)."""
    matcher = Matcher(vocab)
    matcher.add(CANDIDATE, [json.loads(p) for p in candidates], greedy="LONGEST")
    country = [{"LOWER": "the"}, {"LOWER": {"IN": sorted(lexicon.country_anaphors)}}]
    matcher.add(ANAPHOR, [country], greedy="LONGEST")
    matcher.add(PLACE_ANAPHOR, [[{"LOWER": {"IN": sorted(lexicon.place_anaphors)}}]])
    return matcher


def _windows(doc: Doc, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Token ranges worth matching: around each capitalised proper noun outside the entities and
    each anaphor, widened by ``WINDOW`` and merged. Matching these instead of the whole doc costs
    a fraction (the Matcher's time grows with the tokens it reads)."""
    strings = doc.vocab.strings
    anaphor_ids = [strings.add(w) for w in lexicon.country_anaphors | lexicon.place_anaphors]
    rows = doc.to_array([POS, IS_TITLE, ENT_IOB, LOWER])
    seeds = (
        (rows[:, 0] == strings["PROPN"]) & (rows[:, 1] == 1) & (rows[:, 2] == OUTSIDE)
    ) | numpy.isin(rows[:, 3], numpy.array(anaphor_ids, dtype=rows.dtype))
    windows: list[tuple[int, int]] = []
    for i in numpy.flatnonzero(seeds).tolist():
        start, end = max(0, i - WINDOW), min(len(rows), i + WINDOW + 1)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


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


def _plausible(span: Span, name: str, gazetteer: Gazetteer, lexicon: Lexicon) -> bool:
    """Whether a span the parse did not call a place should be taken as one: the gazetteer must
    know it, and it must follow a locative preposition, be the object of a verb of motion, or
    name a country, a region or a big town."""
    if name.lower() in lexicon.not_places or not gazetteer.knows(name):
        return False
    if gazetteer.demonym_country(name):
        return False
    root = span.doc[span.start] if len(span) == 1 else span.root
    while root.dep_ == "conj" and root.head.i != root.i:  # "around Bakhmut and Soledar"
        root = root.head
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in lexicon.locative_prepositions:
        return True
    if root.dep_ == "dobj" and head.lemma_.lower() in lexicon.motion_lemmas:
        return True
    return any(p.kind != "city" or p.population >= BIG_TOWN for p in gazetteer.lookup(name))


def _anaphor(span: Span, key: str, lexicon: Lexicon) -> Candidate | None:
    """ "in the country" (a country anaphor governed by a locative preposition), or "there" as
    an adverb of place; None for anything else ("the country's president", "there were")."""
    word = span[-1]
    if key == PLACE_ANAPHOR:
        return Candidate(span, anaphor="place") if word.dep_ == "advmod" else None
    if word.dep_ == "pobj" and word.head.lower_ in lexicon.locative_prepositions:
        return Candidate(span[-1:], anaphor="country")
    return None


@dataclass(frozen=True)
class Recognized:
    """What recognition found: the place candidates in text order, and the ISO-3 countries of
    the demonyms ("Turkish", "Spanish") the doc uses: context for namesakes, never places."""

    candidates: list[Candidate]
    demonym_countries: list[str]


def find_candidates(
    doc: Doc, gazetteer: Gazetteer, lexicon: Lexicon, text: str | None = None
) -> Recognized:
    """The place candidates of ``doc`` (in text order, without overlaps) and its demonyms.

    Arguments: a parsed ``doc``, the gazetteer, the lexicon, and the doc's text when the caller
    has it (``doc.text`` is rebuilt from the tokens on every access).
    """
    taken = [False] * len(doc)
    blocked = [False] * len(doc)
    found: list[Candidate] = []
    demonyms: list[str] = []
    bounds = doc.to_array([IDX, LENGTH])
    starts, ends = bounds[:, 0].tolist(), (bounds[:, 0] + bounds[:, 1]).tolist()
    doc_text = doc.text if text is None else text

    def text_of(start: int, end: int) -> str:
        return doc_text[starts[start] : ends[end - 1]]

    def worth_trying(start: int, end: int) -> bool:
        """Cheap test (strings only) that the span or one of its words names a place."""
        text = text_of(start, end)
        return gazetteer.knows(text) or any(
            gazetteer.knows(word) for word in text.split() if word[:1].isupper()
        )

    def add(whole: Span, sure: bool) -> None:
        if all(taken[whole.start : whole.end]):
            return
        if not sure and not worth_trying(whole.start, whole.end):
            return  # neither it nor a word of it names a place: skip the trimming work
        parts = [whole] if len(whole) == 1 else _parts(whole)
        for part in parts:
            span, cue = (
                (part, _cue(part, lexicon)) if len(part) == 1 else _trim(part, gazetteer, lexicon)
            )
            name = text_of(span.start, span.end)
            if any(taken[span.start : span.end]) or name.lower() in lexicon.not_places:
                continue
            if gazetteer.demonym_country(name):
                continue
            if not sure and not _plausible(span, name, gazetteer, lexicon):
                continue
            for i in range(span.start, span.end):
                taken[i] = True
            found.append(Candidate(span, cue, sure=sure))

    for ent in doc.ents:
        label = ent.label_.lower()
        if label in lexicon.place_labels:
            add(ent, sure=True)
        elif label == "norp" and (code := gazetteer.demonym_country(text_of(ent.start, ent.end))):
            demonyms.append(code)
            if ent.end < len(doc) and doc[ent.end].lower_ in lexicon.territory_nouns:
                found.append(Candidate(doc[ent.start : ent.end + 1], country=code))
        elif label in lexicon.maybe_place_labels:
            add(ent, sure=False)
        for i in range(ent.start, ent.end):
            blocked[i] = True
    matcher = _matcher(doc.vocab, lexicon.candidate_patterns, lexicon)
    matches = [
        (doc.vocab.strings[key], offset + start, offset + end)
        for offset, stop in _windows(doc, lexicon)
        for key, start, end in matcher(doc[offset:stop])
    ]
    for key, start, end in sorted(matches, key=lambda m: (m[1], -m[2])):
        if key in (ANAPHOR, PLACE_ANAPHOR):
            anaphor = _anaphor(doc[start:end], key, lexicon)
            found.extend([anaphor] if anaphor else [])
        elif not any(blocked[start:end]) and not all(taken[start:end]):
            # the longest parts of the run the gazetteer knows ("President Samarkand")
            while start < end:
                for stop in range(end, start, -1):
                    if gazetteer.knows(text_of(start, stop)):
                        add(doc[start:stop], sure=False)
                        start = stop
                        break
                else:
                    start += 1
    return Recognized(sorted(found, key=lambda c: c.span.start), demonyms)
