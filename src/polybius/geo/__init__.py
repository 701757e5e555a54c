"""Place: the gazetteer and event locations.

``find_places(text or doc)`` lists every place mention with its resolved place (``polybius
where``); ``locate(events, parsed)`` gives each event a ``Location``: the place its sentence ties
to the event, else the article's dateline, else the target's country, else the source's.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from polybius import nlp
from polybius.geo import gazetteer, lexicon
from polybius.geo.attach import Anchored, event_place, locative_mentions
from polybius.geo.gazetteer import Place
from polybius.geo.recognize import find_candidates
from polybius.geo.resolve import PlaceMention, resolve, resolve_name, to_location
from polybius.model import Article, Event, EventActor, Location

__all__ = ["PlaceMention", "article_places", "find_places", "locate"]


def find_places(
    text: str | Doc,
    context_countries: Iterable[str] = (),
    dateline: str = "",
    doc_text: str | None = None,
) -> list[PlaceMention]:
    """Every place mention of ``text`` (a string, parsed here, or an already parsed ``Doc``).

    Arguments: the text or doc; ISO-3 codes of countries the article is about (most important
    first) to break namesake ties; the article's dateline, whose country joins them; for a doc,
    its text when at hand (saves rebuilding it from the tokens).
    Returns the resolved mentions in text order.
    """
    if isinstance(text, str):
        doc, doc_text = nlp.load()(text), text
    else:
        doc = text
    countries = list(context_countries)
    where = resolve_name(dateline, gazetteer.load(), countries) if dateline else None
    return _mentions(doc, _with_place(countries, where), doc_text)


def _with_place(countries: list[str], place: Place | None) -> list[str]:
    """``countries`` and the country of ``place`` (a dateline's) after them, when there is one."""
    return countries + [place.country] if place is not None else countries


def _mentions(doc: Doc, countries: list[str], doc_text: str | None) -> list[PlaceMention]:
    """The resolved place mentions of ``doc``, ``countries`` (ISO-3, most important first) and
    the doc's demonyms' countries breaking namesake ties."""
    places = gazetteer.load()
    found = find_candidates(doc, places, lexicon.load(), doc_text)
    return resolve(found.candidates, places, countries + found.demonym_countries)


def article_places(article: Article) -> list[PlaceMention]:
    """The place mentions of an ingested article, its dateline's country as context (what
    ``polybius where PATH`` lists); offsets are into ``article.text``."""
    return find_places(article.text, dateline=article.dateline)


def _iso3(actor: EventActor | None, places: gazetteer.Gazetteer) -> str:
    """The actor's country when it is a state (ISO-3 code known to the gazetteer), else ""."""
    if actor is None or places.country(actor.country) is None:
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


def _speaking_city(
    event: Event, sentence_start: int, mentions: list[PlaceMention]
) -> Location | None:
    """The city named as the event's source, a capital standing for its government ("Tehran
    would respond", "Moscow denied"): what it does, it does there.

    Arguments: the event, its sentence's start offset and the sentence's place mentions.
    """
    bounds = event.spans.get("source")
    for mention in mentions:
        if mention.location.precision != "city" or mention.text != event.source.text:
            continue
        if not bounds or mention.start == sentence_start + bounds[0]:
            return mention.location
    return None


def locate(events: list[Event], parsed: nlp.ParsedArticle) -> list[Event]:
    """Each event with ``location`` set where the sentence, dateline or actors give one.

    In order: the place the sentence ties to the event (``attach``), the city named as its source
    ("Moscow denied"), the article's dateline, the target's country, the source's country.
    Arguments: the article's events and its parse. Returns the events in the same order; an
    event with none of these keeps ``location=None``.
    """
    if not events:
        return events
    places = gazetteer.load()
    actor_countries = Counter(
        actor.country for e in events for actor in (e.source, e.target) if actor is not None
    )
    context = [code for code, _ in actor_countries.most_common() if places.country(code)]
    dateline = parsed.article.dateline
    dateline_place = resolve_name(dateline, places, context) if dateline else None
    mentions = _mentions(parsed.doc, _with_place(context, dateline_place), parsed.article.text)
    sentences = list(parsed.doc.sents)
    starts = [s.start_char for s in sentences]
    mentions_of: dict[int, list[PlaceMention]] = {}
    for mention in mentions:
        mentions_of.setdefault(bisect.bisect_right(starts, mention.start) - 1, []).append(mention)
    words = lexicon.load()
    by_sentence: dict[int, list[Anchored]] = {  # only the sentences that hold events
        index: locative_mentions(mentions_of.get(index, []), words)
        for index in {e.sentence_index for e in events}
    }
    fallback = _Fallback(places, dateline, dateline_place)
    located = []
    for event in events:
        location: Location | None = None
        if 0 <= event.sentence_index < len(sentences):
            sentence = sentences[event.sentence_index]
            inside = by_sentence.get(event.sentence_index, [])
            trigger = _trigger(event, sentence.start_char, parsed.doc) if inside else None
            found = event_place(inside, sentence, trigger) if inside else None
            location = found.location if found else None
            if location is None:
                said_in = mentions_of.get(event.sentence_index, [])
                location = _speaking_city(event, sentence.start_char, said_in)
        location = location or fallback.location(event)
        located.append(event if location == event.location else event.replace(location=location))
    return located


class _Fallback:
    """Where an event goes when its sentence places it nowhere: the article's dateline, else the
    target's country, else the source's (each ``Location`` built once per article)."""

    def __init__(self, places: gazetteer.Gazetteer, dateline: str, dateline_place: Place | None):
        self._places = places
        self._dateline = to_location(dateline_place, places, dateline) if dateline_place else None
        self._countries: dict[tuple[str, str], Location] = {}

    def location(self, event: Event) -> Location | None:
        """The event's fallback location (None when neither the dateline nor an actor gives one)."""
        if self._dateline is not None:
            return self._dateline
        for actor in (event.target, event.source):
            code = _iso3(actor, self._places)
            if code:
                key = (code, actor.text)
                if key not in self._countries:
                    country = self._places.country(code)
                    self._countries[key] = to_location(country, self._places, actor.text)
                return self._countries[key]
        return None
