"""Every time expression of a parsed document, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from polybius.model import DateRef
from polybius.temporal import grammar
from polybius.temporal.detect import detector, sentence_bounds
from polybius.temporal.intervals import Interval
from polybius.temporal.resolve import interpret
from polybius.temporal.rules import Rules, load_rules

# A wire dateline before the first sentence: "GENEVA, March 14 (Wire) - ...". Its date is the
# filing date, not the time of any event, so it dates no event.
DATELINE_BEFORE = re.compile(r"^\s*[A-Z][A-Z.'’ -]*,$")
DATELINE_DASH = re.compile(r"\s[-—–]{1,2}\s")
DATELINE_REACH = 60  # characters from the place name's comma to the dash
DATELINE_TOKENS = 40  # a dateline's place, date and dash lie within the first tokens


@dataclass(frozen=True)
class TimeExpression:
    """A resolved time expression and what the parse says about it.

    ref: the public record (offsets into the document text).
    interval: the days it names; tense: the tense of its clause.
    clause: the verb heading its clause; carry: whether it may date later sentences.
    bound: introduced by "before", "until"... (or by "since" on a noun): a limit, not a time;
    or a year modifying a noun ("the 2020 elections"): the noun's time, not the event's.
    since: introduced by "since" on a verb: the start of the activity.
    dateline: the date of a wire dateline.
    """

    ref: DateRef
    span: Span
    label: str
    interval: Interval
    tense: grammar.Tense
    clause: Token
    carry: bool
    bound: bool
    since: bool
    dateline: bool


def parse_published(published: str | dt.date | None) -> dt.date | None:
    """The publication date from an ISO string (a time part is ignored); None when unusable."""
    if published is None or isinstance(published, dt.date):
        return published
    try:
        return dt.date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def expressions_in(
    doc: Doc,
    published: str | dt.date | None,
    rules: Rules | None = None,
    bounds: list[tuple[int, int]] | None = None,
    tenses: grammar.Tenses | None = None,
) -> list[TimeExpression]:
    """Every time expression of ``doc`` that resolves, in text order.

    published: the publication date; without one only expressions naming their year resolve.
    bounds: the sentence bounds (``detect.sentence_bounds(doc)``), when the caller has them.
    tenses: the doc's clause tenses, when the caller reads them too (``grammar.Tenses``).
    """
    rules = rules or load_rules()
    lexicon = rules.lexicon
    tenses = tenses or grammar.Tenses(lexicon)
    day = parse_published(published)
    bounds = bounds if bounds is not None else sentence_bounds(doc)
    dateline = _dateline_end(doc, bounds)
    found = []
    for match in detector(doc.vocab, rules)(doc, bounds):
        span = match.span
        clause = grammar.expression_clause(span)
        root = span.root
        verb = grammar.governing_verb(root)
        if clause.i != grammar.clause_head(root).i:
            verb = clause  # given back to the reporting verb: its tense decides
        clause_tense = tenses(verb)
        preposition = grammar.introducing_preposition(span, lexicon)
        starts = preposition is not None and preposition.lower_ in lexicon.start_prepositions
        since = starts and preposition.head.pos_ in grammar.VERBAL
        bound = (preposition is not None and not since) or grammar.is_noun_modifier(span)
        # The present perfect takes no definite past time ("has called a strike on Monday" is a
        # strike to come), except for the start of what has gone on ("have fled since Monday").
        back = grammar.looks_back(clause_tense) and (clause_tense != "perfect" or starts)
        interval = interpret(match, day, back, lexicon)
        if interval is None:
            continue
        value, precision = interval.value()
        ref = DateRef(value.isoformat(), precision, span.text, span.start_char, span.end_char)
        found.append(
            TimeExpression(
                ref=ref,
                span=span,
                label=match.label,
                interval=interval,
                tense=clause_tense,
                clause=clause,
                carry=match.carry,
                bound=bound,
                since=since,
                dateline=span.end_char <= dateline,
            )
        )
    return found


def _dateline_end(doc: Doc, bounds: list[tuple[int, int]]) -> int:
    """Where the date of a wire dateline ends in the first sentence (-1 when there is none)."""
    if not bounds or not doc[0].is_upper:
        return -1
    start, end = bounds[0]
    first = doc[start : min(end, start + DATELINE_TOKENS)]
    text = first.text
    comma = text.find(",")
    if comma < 0 or not DATELINE_BEFORE.match(text[: comma + 1]):
        return -1
    dash = DATELINE_DASH.search(text, comma, comma + DATELINE_REACH)
    return first.start_char + dash.start() if dash else -1
