"""Time: each event dated against the publication date, with a precision.

Two entry points:

- ``find_dates(text, published)`` lists every time expression of a text with its span, date and
  precision (what ``polybius when`` prints);
- ``resolve_dates(events, parsed)`` gives each event its ``date``, ``date_precision`` and
  ``date_text``: the expression of its own clause, else one carried from an earlier sentence of
  the paragraph, else the publication date with precision ``publication``.

Detection is spaCy's ``Matcher`` over the already-parsed document (patterns and words in
``data/``); resolution follows news conventions and the tense of each expression's clause (see
``resolve.py``, ``grammar.py``, ``assign.py`` and docs/temporal.md).
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language

from polybius.model import DateRef, Event
from polybius.nlp import ParsedArticle, load
from polybius.temporal.assign import ArticleDates
from polybius.temporal.detect import sentence_bounds
from polybius.temporal.expressions import TimeExpression, expressions_in, parse_published
from polybius.temporal.grammar import Tenses
from polybius.temporal.rules import Rules, RulesError, load_rules

__all__ = [
    "RulesError",
    "TimeExpression",
    "expressions_in",
    "find_dates",
    "load_rules",
    "parse_published",
    "resolve_dates",
]


def find_dates(
    text: str,
    published: str | dt.date | None,
    nlp: Language | None = None,
    rules: Rules | None = None,
) -> list[DateRef]:
    """Every time expression of ``text`` resolved against ``published``, in text order.

    text: any English text (it is parsed with ``nlp``, by default the project's spaCy model).
    published: the publication date (ISO string or date); without one, only expressions that
    name their year resolve. Returns ``DateRef`` records whose offsets index ``text``.
    """
    doc = (nlp or load())(text)
    return [found.ref for found in expressions_in(doc, published, rules)]


def resolve_dates(
    events: list[Event], parsed: ParsedArticle, rules: Rules | None = None
) -> list[Event]:
    """Each event with ``date``, ``date_precision`` and ``date_text`` set.

    An event without a time expression of its own keeps the publication date (as ``YYYY-MM-DD``)
    with precision ``publication``, and ``date`` None when the article has no usable date.
    """
    if not events:
        return []
    rules = rules or load_rules()
    published = parsed.article.published
    day = parse_published(published)
    publication = day.isoformat() if day else None
    doc = parsed.doc
    bounds = sentence_bounds(doc)
    tenses = Tenses(rules.lexicon)
    found = expressions_in(doc, published, rules, bounds, tenses)
    dates = ArticleDates(doc, bounds, found, published, rules.lexicon, tenses)
    dated = []
    for event in events:
        chosen = dates.date_event(event)
        if chosen is None:
            dated.append(
                event.replace(date=publication, date_precision="publication", date_text="")
            )
        else:
            ref = chosen.ref
            dated.append(
                event.replace(date=ref.date, date_precision=ref.precision, date_text=ref.text)
            )
    return dated
