"""Place: the gazetteer and event locations.

``find_places(text or doc)`` lists every place mention with its resolved place (``polybius
where``); ``locate(events, parsed)`` gives each event a ``Location``: the place its sentence ties
to the event, else the article's dateline, else the target's country, else the source's.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from polybius import nlp
from polybius.geo import gazetteer, lexicon
from polybius.geo.attach import Anchored, event_place, locative_mentions
from polybius.geo.recognize import find_candidates
from polybius.geo.resolve import PlaceMention, resolve, resolve_name, to_location
from polybius.model import Event, EventActor, Location

__all__ = ["PlaceMention", "find_places", "locate"]


def find_places(
    text: str | Doc, context_countries: Iterable[str] = (), dateline: str = ""
) -> list[PlaceMention]:
    """Every place mention of ``text`` (a string, parsed here, or an already parsed ``Doc``).

    Arguments: the text or doc; ISO-3 codes of countries the article is about (most important
    first) to break namesake ties; the article's dateline, whose country joins them.
    Returns the resolved mentions in text order.
    """
    doc = nlp.load()(text) if isinstance(text, str) else text
    places = gazetteer.load()
    countries = list(context_countries)
    if dateline:
        where = resolve_name(dateline, places, countries)
        if where is not None:
            countries.append(where.country)
    found = find_candidates(doc, places, lexicon.load())
    return resolve(found.candidates, places, countries + found.demonym_countries)


def _iso3(actor: EventActor | None) -> str:
    """The actor's country when it is a state (ISO-3 code known to the gazetteer), else ""."""
    if actor is None or gazetteer.load().country(actor.country) is None:
        return ""
    return actor.country


def _trigger(event: Event, sentence_start: int, doc: Doc) -> Token | None:
    bounds = event.spans.get("trigger")
    if not bounds:
        return None
    span = doc.char_span(
        sentence_start + bounds[0], sentence_start + bounds[1], alignment_mode="expand"
    )
    return span.root if span is not None and len(span) else None


def locate(events: list[Event], parsed: nlp.ParsedArticle) -> list[Event]:
    """Each event with ``location`` set where the sentence, dateline or actors give one.

    Arguments: the article's events and its parse. Returns the events in the same order; an
    event with no place in its sentence, no known dateline and no state actor keeps
    ``location=None``.
    """
    if not events:
        return events
    places = gazetteer.load()
    actor_countries = Counter(
        code for e in events for code in (_iso3(e.source), _iso3(e.target)) if code
    )
    context = [code for code, _ in actor_countries.most_common()]
    dateline = parsed.article.dateline
    mentions = find_places(parsed.doc, context, dateline)
    dateline_place = resolve_name(dateline, places, context) if dateline else None
    sentences = list(parsed.doc.sents)
    starts = [s.start_char for s in sentences]
    by_sentence: dict[int, list[Anchored]] = {}
    for anchored in locative_mentions(mentions, lexicon.load()):
        index = bisect.bisect_right(starts, anchored.mention.start) - 1
        by_sentence.setdefault(index, []).append(anchored)
    located = []
    for event in events:
        location: Location | None = None
        if 0 <= event.sentence_index < len(sentences):
            sentence = sentences[event.sentence_index]
            inside = by_sentence.get(event.sentence_index, [])
            trigger = _trigger(event, sentence.start_char, parsed.doc) if inside else None
            found = event_place(inside, sentence, trigger) if inside else None
            location = found.location if found else None
        if location is None and dateline_place is not None:
            location = to_location(dateline_place, places, dateline)
        for actor in (event.target, event.source):
            code = _iso3(actor)
            if location is None and code:
                country = places.country(code)
                location = to_location(country, places, actor.text) if country else None
        located.append(dataclasses.replace(event, location=location))
    return located
