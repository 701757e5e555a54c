"""Toponym recognition: the spans of a parsed ``Doc`` that name places.

Proposals come from the parse's entities (GPE, LOC, FAC), from entities the small model often
mislabels (a town tagged PERSON or ORG) and from proper-noun runs outside any entity found by a
spaCy ``Matcher`` with the patterns of ``lexicon.yaml``; the last two are kept only when the
gazetteer knows the whole span. Demonyms ("Turkish") are NORP entities and never proposed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal, NamedTuple

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, IDX, IS_PUNCT, IS_TITLE, LENGTH, LOWER, POS, TAG
from spacy.matcher import Matcher
from spacy.strings import StringStore
from spacy.symbols import DET, PROPN
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from polybius.geo.gazetteer import Gazetteer
from polybius.geo.lexicon import Lexicon

Cue = Literal["", "city", "region"]
Anaphor = Literal["", "country", "place"]


class Candidate(NamedTuple):
    """A span that may name a place (a tuple: made by the dozen per article, cheap to make).

    span: the name itself (modifiers such as "northeast" and "the" trimmed).
    text: the span's text (``Span.text`` rebuilds it from the tokens on every access).
    cue: "city" for "the city of X", "region" for "X region" / "the province of X", else "".
    anaphor: "country" for "the country" in a locative phrase (the country of the last place named
        before it), "place" for an adverb "there" (the last place named before it), else "".
    sure: True when the parse itself labelled the span a place.
    country: the ISO-3 country a demonym names in "Armenian territory" (the span), else "".
    """

    span: Span
    text: str
    cue: Cue = ""
    anaphor: Anaphor = ""
    sure: bool = True
    country: str = ""


CANDIDATE, ANAPHOR, PLACE_ANAPHOR = "PLACE_CANDIDATE", "COUNTRY_ANAPHOR", "PLACE_ANAPHOR"
WINDOW = 3  # tokens matched on each side of a proper noun: the longest pattern has four
OUTSIDE, BEGIN, INSIDE = 2, 3, 1  # ENT_IOB values: outside every entity, first token, inside one
ENTITY = re.compile(bytes([BEGIN]) + b"[" + bytes([INSIDE]) + b"]*")  # over ENT_IOB codes
COLUMNS = [IDX, LENGTH, POS, TAG, IS_TITLE, IS_PUNCT, ENT_IOB, ENT_TYPE, LOWER]


@cache
def _matcher(vocab: Vocab, candidates: tuple[str, ...], lexicon: Lexicon) -> Matcher:
    """One Matcher for the lexicon's JSON-encoded candidate patterns, "the country" and
    "there" (cached per vocabulary and lexicon)."""
    matcher = Matcher(vocab)
    matcher.add(CANDIDATE, [json.loads(p) for p in candidates], greedy="LONGEST")
    # one pattern per word: a plain LOWER value is checked in C, an "IN" list calls Python
    countries = [[{"LOWER": "the"}, {"LOWER": word}] for word in sorted(lexicon.country_anaphors)]
    matcher.add(ANAPHOR, countries, greedy="LONGEST")
    matcher.add(PLACE_ANAPHOR, [[{"LOWER": word}] for word in sorted(lexicon.place_anaphors)])
    return matcher


@cache
def _label(strings: StringStore, label: int) -> str:
    """The lower-case name of entity label ``label`` (a hash), cached."""
    return strings[label].lower()


class Tokens:
    """The token attributes recognition reads, taken from the doc in one ``to_array`` call:
    spaCy builds a new object on every ``doc[i]`` and ``doc[a:b]``, and recognition looks at
    many tokens to keep a few spans.

    Arguments: the parsed doc and its text (``doc.text`` when None).
    """

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text
        self.rows = doc.to_array(COLUMNS)
        self.starts = self._column(IDX).tolist()  # character offsets of each token
        self.ends = (self._column(IDX) + self._column(LENGTH)).tolist()
        # read for a few tokens only: kept as arrays (a list costs a Python int per token)
        self.pos, self.tag, self.punct = (self._column(a) for a in (POS, TAG, IS_PUNCT))
        self.possessive = doc.vocab.strings["POS"]  # the tag of "'s"

    def _column(self, attr: int) -> numpy.ndarray:
        return self.rows[:, COLUMNS.index(attr)]

    def text_of(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end`` (exclusive)."""
        return self.text[self.starts[start] : self.ends[end - 1]]

    def lower(self, i: int) -> str:
        """Token ``i`` in lower case ("" past the end): spaCy's ``lower_``."""
        return self.text[self.starts[i] : self.ends[i]].lower() if 0 <= i < len(self.starts) else ""

    def entities(self) -> list[tuple[int, int, str]]:
        """The doc's entities as (start, end, lower-case label): ``doc.ents`` without the Spans.
        An entity is a BEGIN token and the INSIDE tokens after it, found by a regular expression
        over the tokens' ENT_IOB codes (one byte each)."""
        codes = self._column(ENT_IOB).astype(numpy.uint8).tobytes()
        types = self._column(ENT_TYPE).tolist()
        strings = self.doc.vocab.strings
        spans = [m.span() for m in ENTITY.finditer(codes)]
        return [(start, end, _label(strings, types[start])) for start, end in spans if types[start]]

    def windows(self, lexicon: Lexicon) -> list[tuple[int, int]]:
        """Token ranges worth matching: around each capitalised proper noun outside the entities
        and each anaphor, widened by ``WINDOW`` and merged. Matching these instead of the whole
        doc costs a fraction (the Matcher's time grows with the tokens it reads)."""
        strings = self.doc.vocab.strings
        pos, title, iob, lower = (self._column(a) for a in (POS, IS_TITLE, ENT_IOB, LOWER))
        seeds = (pos == PROPN) & (title == 1) & (iob == OUTSIDE)
        for word in lexicon.country_anaphors | lexicon.place_anaphors:
            seeds |= lower == strings[word]
        windows: list[tuple[int, int]] = []
        size = len(self.starts)
        for i in numpy.flatnonzero(seeds).tolist():
            start, end = max(0, i - WINDOW), min(size, i + WINDOW + 1)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows


def _trim(
    tokens: Tokens, start: int, end: int, gazetteer: Gazetteer, lexicon: Lexicon
) -> tuple[int, int, Cue]:
    """Tokens ``start`` to ``end`` without the words around the name, and the cue they give.

    Leading modifiers go ("northeast Nigeria" → "Nigeria", but "North Korea" stays: the
    gazetteer knows it), a trailing "'s" goes, and a trailing region or city word goes and becomes
    the cue ("Quebec province" → "Quebec", region).
    """
    cue: Cue = ""
    while end - start > 1 and tokens.tag[end - 1] == tokens.possessive:
        end -= 1
    while end - start > 1 and tokens.pos[start] == DET:
        start += 1
    while (
        end - start > 1
        and (tokens.lower(start) in lexicon.direction_modifiers or tokens.punct[start])
        and not gazetteer.knows(tokens.text_of(start, end))
    ):
        start += 1
    if end - start > 1 and not gazetteer.knows(tokens.text_of(start, end)):
        last = tokens.lower(end - 1)
        if last in lexicon.region_words:
            end, cue = end - 1, "region"
        elif last in lexicon.city_words:
            end, cue = end - 1, "city"
    return start, end, cue or _cue(tokens, start, end, lexicon)


def _cue(tokens: Tokens, start: int, end: int, lexicon: Lexicon) -> Cue:
    """What the words around tokens ``start`` to ``end`` say they are: "X region", "the province
    of X", "city of X" (a capitalised "Region of" is part of a name, as in "Kurdistan Region of
    Iraq")."""
    after = tokens.lower(end)
    of_head = (
        tokens.text_of(start - 2, start - 1)
        if start >= 2 and tokens.lower(start - 1) == "of"
        else ""
    )
    before = of_head if of_head.islower() else ""
    if after in lexicon.region_words or before in lexicon.region_words:
        return "region"
    if before in lexicon.city_words or after == "city":
        return "city"
    return ""


def _parts(tokens: Tokens, start: int, end: int) -> list[tuple[int, int]]:
    """Tokens ``start`` to ``end`` split at their commas ("Windsor, Ontario" → "Windsor",
    "Ontario")."""
    if end - start == 1 or "," not in tokens.text_of(start, end):
        return [(start, end)]
    parts = []
    for i in range(start, end):
        if tokens.text_of(i, i + 1) == ",":
            if i > start:
                parts.append((start, i))
            start = i + 1
    if end > start:
        parts.append((start, end))
    return parts


BIG_TOWN = 100_000  # an unlabelled name this big is taken as a place even outside "in ..."


def _plausible(
    doc: Doc, start: int, end: int, name: str, gazetteer: Gazetteer, lexicon: Lexicon
) -> bool:
    """Whether tokens ``start`` to ``end`` (``name``), which the parse did not call a place,
    should be taken as one: the gazetteer must know the name, and it must follow a locative
    preposition, be the object of a verb of motion, or name a country, a region or a big town."""
    if not gazetteer.knows(name):
        return False
    root = doc[start] if end - start == 1 else Span(doc, start, end).root
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
        return Candidate(span, span.text, anaphor="place") if word.dep_ == "advmod" else None
    if word.dep_ == "pobj" and word.head.lower_ in lexicon.locative_prepositions:
        return Candidate(span[-1:], word.text, anaphor="country")
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
    tokens = Tokens(doc, text)  # spans are made as Span(doc, a, b): doc[a:b] without its checks
    taken = [False] * len(doc)
    blocked = [False] * len(doc)
    found: list[Candidate] = []
    demonyms: list[str] = []

    def worth_trying(start: int, end: int) -> bool:
        """Cheap test (strings only) that the span or one of its words names a place."""
        text = tokens.text_of(start, end)
        return gazetteer.knows(text) or (
            end - start > 1
            and any(gazetteer.knows(word) for word in text.split() if word[:1].isupper())
        )

    def add(whole_start: int, whole_end: int, sure: bool) -> None:
        if all(taken[whole_start:whole_end]):
            return
        if not sure and not worth_trying(whole_start, whole_end):
            return  # neither it nor a word of it names a place: skip the trimming work
        for part_start, part_end in _parts(tokens, whole_start, whole_end):
            start, end, cue = _trim(tokens, part_start, part_end, gazetteer, lexicon)
            name = tokens.text_of(start, end)
            if any(taken[start:end]) or name.lower() in lexicon.not_places:
                continue
            if gazetteer.demonym_country(name):
                continue
            if not sure and not _plausible(doc, start, end, name, gazetteer, lexicon):
                continue
            taken[start:end] = [True] * (end - start)
            found.append(Candidate(Span(doc, start, end), name, cue, sure=sure))

    for start, end, label in tokens.entities():
        if label in lexicon.place_labels:
            add(start, end, sure=True)
        elif label == "norp" and (code := gazetteer.demonym_country(tokens.text_of(start, end))):
            demonyms.append(code)
            if tokens.lower(end) in lexicon.territory_nouns:
                found.append(
                    Candidate(
                        Span(doc, start, end + 1), tokens.text_of(start, end + 1), country=code
                    )
                )
        elif label in lexicon.maybe_place_labels:
            add(start, end, sure=False)
        blocked[start:end] = [True] * (end - start)
    matcher = _matcher(doc.vocab, lexicon.candidate_patterns, lexicon)
    matches = [
        (doc.vocab.strings[key], offset + start, offset + end)
        for offset, stop in tokens.windows(lexicon)
        for key, start, end in matcher(Span(doc, offset, stop))
    ]
    for key, start, end in sorted(matches, key=lambda m: (m[1], -m[2])):
        if key in (ANAPHOR, PLACE_ANAPHOR):
            anaphor = _anaphor(Span(doc, start, end), key, lexicon)
            found.extend([anaphor] if anaphor else [])
        elif not any(blocked[start:end]) and not all(taken[start:end]):
            # the longest parts of the run the gazetteer knows ("President Samarkand")
            while start < end:
                for stop in range(end, start, -1):
                    if gazetteer.knows(tokens.text_of(start, stop)):
                        add(start, stop, sure=False)
                        start = stop
                        break
                else:
                    start += 1
    return Recognized(sorted(found, key=lambda c: c.span.start), demonyms)
