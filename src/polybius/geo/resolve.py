"""Toponym resolution: each candidate span → one gazetteer place.

Namesakes are ranked by ``weight`` (log10 population) plus a kind offset (countries first, regions
after a same-named city: "Kharkiv" is the city, "Kharkiv region" the oblast) plus a bonus for the
article's countries: the actors' countries and dateline given by the caller, and the countries of
the article's unambiguous place names. "X, Y" (``London, Ontario``) is resolved as a pair: the X
inside Y wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span

from polybius.geo.gazetteer import Gazetteer, Place
from polybius.geo.names import fold
from polybius.geo.recognize import Candidate
from polybius.model import Location

KIND_OFFSET = {"country": 1.0, "admin1": -1.5, "city": 0.0}
CONTEXT_COUNTRY = 3.0  # the place is in a country the article is about
CONTEXT_REGION = 1.0  # the place is in a region the article names
QUALIFIED = 10.0  # "X, Y" and the place X is inside Y
OWN_NAME = 0.7  # a city called so beats a city that has it as an alternate ("Islamabad")
SMALL_TOWN = 15_000  # a town this small, abroad from every country of the article, is dropped
CONFIDENT = 1.0  # a lead this large over every foreign namesake makes a place's country context


@dataclass(frozen=True)
class PlaceMention:
    """A resolved place mention: ``start``/``end`` are character offsets into the doc's text."""

    start: int
    end: int
    text: str
    location: Location
    span: Span = field(compare=False, repr=False)
    anaphor: bool = False

    def to_dict(self) -> dict[str, object]:
        """``start``, ``end``, ``text`` and the location's fields (``polybius where`` prints)."""
        loc = self.location
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": loc.name,
            "country": loc.country,
            "admin1": loc.admin1,
            "lat": loc.lat,
            "lon": loc.lon,
            "precision": loc.precision,
            "geonames_id": loc.geonames_id,
        }


@lru_cache(maxsize=1 << 14)
def to_location(place: Place, gazetteer: Gazetteer, text: str) -> Location:
    """The ``Location`` record of ``place`` as mentioned by ``text`` (records are immutable: each
    is built once and shared by the mentions and articles that name the place so)."""
    admin1 = place.name if place.kind == "admin1" else gazetteer.admin1_name(place.admin1)
    return Location(
        name=place.name,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        precision=place.kind,
        admin1=admin1,
        geonames_id=place.id,
        text=text,
    )


def _options(candidate: Candidate, gazetteer: Gazetteer) -> list[Place]:
    """The places ``candidate`` may name, narrowed by its cue."""
    if candidate.country:
        country = gazetteer.country(candidate.country)
        return [country] if country else []
    span = candidate.span
    doc = span.doc
    options = gazetteer.lookup(candidate.text)
    if candidate.cue == "region" and span.end < len(doc):
        with_word = gazetteer.lookup(f"{candidate.text} {doc[span.end].text}")
        options = [p for p in with_word if p.kind == "admin1"] or options
    if not options and len(span) > 1:  # "Kyiv's Obolon district": the longest known part
        for size in range(len(span) - 1, 0, -1):
            for start in range(span.start, span.end - size + 1):
                options = gazetteer.lookup(doc[start : start + size].text)
                if options:
                    break
            if options:
                break
    if candidate.cue == "region":
        regions = [p for p in options if p.kind == "admin1"]
        if not regions:
            found = (gazetteer.region(p.admin1) for p in options if p.kind == "city")
            regions = list({r.id: r for r in found if r is not None}.values())
        options = regions or options
    elif candidate.cue == "city":
        options = [p for p in options if p.kind == "city"] or options
    return options


def _score(place: Place, countries: set[str], regions: set[str], key: str = "") -> float:
    score = place.weight + KIND_OFFSET[place.kind]
    if key and place.kind == "city" and fold(place.name) == key:
        score += OWN_NAME
    if place.country in countries:
        score += CONTEXT_COUNTRY
    if place.admin1 and place.admin1 in regions:
        score += CONTEXT_REGION
    return score


def _small_towns(options: list[Place]) -> bool:
    """True when every option is a town under ``SMALL_TOWN`` people: weak evidence alone."""
    return all(p.kind == "city" and p.population < SMALL_TOWN for p in options)


def _inside(inner: Place, outer: Place) -> bool:
    if outer.kind == "country":
        return inner.country == outer.country and inner is not outer
    return outer.kind == "admin1" and inner.kind == "city" and inner.admin1 == outer.id


Name = tuple[str, str, str, int]  # what a candidate's options depend on (see ``_option_key``)


def _option_key(candidate: Candidate) -> Name:
    """What a candidate's options depend on: its text, cue and demonym country (a region cue
    also reads the word after the span, so its position joins the key)."""
    position = candidate.span.end if candidate.cue == "region" else -1
    return candidate.text, candidate.cue, candidate.country, position


def _ranked(
    found: list[Place], key: str, countries: set[str], regions: set[str]
) -> tuple[Place, bool]:
    """The best of the places ``found`` for the folded mention ``key``, and whether it beats
    every namesake in another country by ``CONFIDENT`` or more ("Madrid" is Spain's: such a
    place's country becomes context too)."""
    if len(found) == 1:  # no namesake to beat
        return found[0], True
    scores = [_score(p, countries, regions, key) for p in found]
    best = _best_index(found, scores)
    country = found[best].country
    rivals = [s for s, p in zip(scores, found, strict=True) if p.country != country]
    return found[best], not rivals or scores[best] - max(rivals) >= CONFIDENT


def _rank_all(
    options_of: dict[Name, tuple[list[Place], str]], countries: set[str], regions: set[str]
) -> dict[Name, tuple[Place, bool]]:
    """``_ranked`` for each name's (places, folded mention)."""
    return {
        name: _ranked(found, key, countries, regions) for name, (found, key) in options_of.items()
    }


def _best_index(options: list[Place], scores: list[float]) -> int:
    """The position of the best of ``options`` given their ``scores`` (ties: the larger
    population, then the larger id)."""
    return max(range(len(options)), key=lambda i: (scores[i], options[i].population, options[i].id))


def _best(options: list[Place], key: str, countries: set[str], regions: set[str]) -> Place:
    """The highest-scoring of ``options`` for the folded mention ``key``."""
    if len(options) == 1:
        return options[0]
    return options[_best_index(options, [_score(p, countries, regions, key) for p in options])]


def resolve(
    candidates: list[Candidate],
    gazetteer: Gazetteer,
    context_countries: Iterable[str] = (),
) -> list[PlaceMention]:
    """Resolve ``candidates`` (in text order) to places.

    Arguments: the candidates of one document, the gazetteer, and ISO-3 codes of the countries
    the caller knows the article is about (actors, dateline). Returns the mentions that resolved,
    in text order; a candidate the gazetteer does not know is dropped. A name said several times
    is looked up and ranked once.
    """
    name_of = [None if c.anaphor else _option_key(c) for c in candidates]
    names = {name: c for name, c in zip(name_of, candidates, strict=True) if name is not None}
    options_of = {name: (_options(c, gazetteer), fold(c.text)) for name, c in names.items()}
    countries = set(context_countries)
    for found, _ in options_of.values():
        if found and len({p.country for p in found}) == 1 and not _small_towns(found):
            countries.add(found[0].country)
    regions = {
        p.id
        for found, _ in options_of.values()
        if len(found) == 1
        for p in found
        if p.kind == "admin1"
    }
    known = {name: found_key for name, found_key in options_of.items() if found_key[0]}
    ranked = _rank_all(known, countries, regions)
    confident = {place.country for place, sure in ranked.values() if sure}
    if not confident <= countries:  # new context: rank again (else the ranking stands)
        countries |= confident
        ranked = _rank_all(known, countries, regions)
    empty: tuple[list[Place], str] = ([], "")
    options = [empty if name is None else options_of[name] for name in name_of]
    chosen = [ranked[name][0] if name in ranked else None for name in name_of]
    paired: set[int] = set()
    for i in range(len(candidates) - 1):  # "X, Y": the pair where X lies inside Y
        left, right = candidates[i].span, candidates[i + 1].span
        if right.start != left.end + 1 or left.doc[left.end].text != ",":
            continue
        (left_options, left_key), (right_options, right_key) = options[i], options[i + 1]
        pairs = [
            (
                _score(x, countries, regions, left_key)
                + _score(y, countries, regions, right_key)
                + QUALIFIED,
                x,
                y,
            )
            for x in left_options
            for y in right_options
            if _inside(x, y)
        ]
        if pairs:
            _, chosen[i], chosen[i + 1] = max(pairs, key=lambda t: (t[0], t[1].population))
            paired.update((i, i + 1))
    for i, place in enumerate(chosen):  # "Lake Geneva" in a Swiss story is no Wisconsin town
        if place is not None and place.country not in countries and countries:
            if i not in paired and _small_towns(options[i][0]):
                chosen[i] = None
    mentions: list[PlaceMention] = []
    locations: dict[tuple[str, str], Location] = {}  # (place id, text): one record per name
    last: Place | None = None
    for candidate, place in zip(candidates, chosen, strict=True):
        span = candidate.span
        if candidate.anaphor == "place":
            place = last
        elif candidate.anaphor == "country":
            code = last.country if last else _first(countries, context_countries)
            place = gazetteer.country(code)
        if place is None:
            continue
        last = place
        said = (place.id, candidate.text)
        if said not in locations:
            locations[said] = to_location(place, gazetteer, candidate.text)
        location = locations[said]
        anaphor = bool(candidate.anaphor)
        mentions.append(
            PlaceMention(span.start_char, span.end_char, candidate.text, location, span, anaphor)
        )
    return mentions


def _first(countries: set[str], preferred: Iterable[str]) -> str:
    """The first of the caller's countries, else any article country ("" when none)."""
    for code in preferred:
        return code
    return min(countries) if countries else ""


def resolve_name(
    name: str, gazetteer: Gazetteer, context_countries: Iterable[str] = ()
) -> Place | None:
    """A place named outside running text, such as a dateline: "GENEVA", "Kyiv, Ukraine".

    Parts after a comma qualify the first part ("London, Ontario"). Returns None when the
    gazetteer knows no such place.
    """
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if not parts:
        return None
    countries = set(context_countries)
    options = gazetteer.lookup(parts[0])
    for qualifier in parts[1:]:
        outer = gazetteer.lookup(qualifier)
        inside = [p for p in options if any(_inside(p, q) for q in outer)]
        options = inside or options
    return _best(options, fold(parts[0]), countries, set()) if options else None
