"""Every time expression of a parsed document, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from polybius.model import DateRef
from polybius.temporal import grammar
from polybius.temporal.detect import detector
from polybius.temporal.intervals import Interval
from polybius.temporal.resolve import interpret
from polybius.temporal.rules import Rules, load_rules

# A wire dateline before the first sentence: "GENEVA, March 14 (Wire) - ...". Its date is the
# filing date, not the time of any event, so it dates no event.
DATELINE_BEFORE = re.compile(r"^\s*[A-Z][A-Z.'’ -]*(?:,\s*[A-Z][\w.'’ -]*)?,\s*$")
DATELINE_AFTER = re.compile(r"^\s*(?:\([^)]{0,40}\))?\s*[-—–]")


@dataclass(frozen=True)
class TimeExpression:
    """A resolved time expression and what the parse says about it.

    ref: the public record (offsets into the document text).
    interval: the days it names; tense: the tense of its clause.
    clause: the verb heading its clause; carry: whether it may date later sentences.
    bound: introduced by "since", "before", "until"...; dateline: the date of a wire dateline.
    """

    ref: DateRef
    span: Span
    label: str
    interval: Interval
    tense: grammar.Tense
    clause: Token
    carry: bool
    bound: bool
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
    doc: Doc, published: str | dt.date | None, rules: Rules | None = None
) -> list[TimeExpression]:
    """Every time expression of ``doc`` that resolves, in text order.

    published: the publication date; without one only expressions naming their year resolve.
    """
    rules = rules or load_rules()
    lexicon = rules.lexicon
    day = parse_published(published)
    found = []
    for match in detector(doc.vocab, rules)(doc):
        span = match.span
        clause = grammar.expression_clause(span)
        verb = grammar.governing_verb(span.root)
        if clause.i != grammar.clause_head(span.root).i:
            verb = clause  # given back to the reporting verb: its tense decides
        clause_tense = grammar.tense(verb, lexicon)
        interval = interpret(match, day, grammar.looks_back(clause_tense), lexicon)
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
                bound=grammar.is_bound(span, lexicon),
                dateline=_in_dateline(span),
            )
        )
    return found


def _in_dateline(span: Span) -> bool:
    first = next(iter(span.doc.sents))
    if span.start >= first.end:
        return False
    text = span.doc.text
    return bool(
        DATELINE_BEFORE.match(text[first.start_char : span.start_char])
        and DATELINE_AFTER.match(text[span.end_char : span.end_char + 48])
    )
