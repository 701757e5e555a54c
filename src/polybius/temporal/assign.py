"""Choosing the time expression that dates an event.

In the event's sentence, an expression dates the event when it sits in the trigger's clause (a
trailing participle, "fired on people ..., wounding two", shares its clause's time), in a clause
coordinated with it ("will hand over ... and will return ... on Monday"), in a clause that
reports it ("officials said on Saturday that ..."), or, failing those, in a participial clause
below it ("talks hosted by Turkey on Wednesday"). Expressions in relative or adverbial clauses
("Kallas, who took office on Sunday, condemned ...", "after the junta demanded ... last month"),
bounds ("before the end of winter", "until Friday"), "since" for a negated event ("has not met
him since 2020") and a wire dateline's date do not. An expression outside the trigger's own
clause must agree with the event's direction: a future event is not dated by the past day its
plan was announced.

When the sentence has none, the event takes the most recent expression that carries from the
earlier sentences of the same paragraph, if the event's clause is in the simple past or the
future and the date lies on the same side of the publication date. The present perfect ("has
spoken"), the present, hypothetical events and verbs of saying or reacting ("Maduro rejected the
request" after a sentence dated Thursday) take no carried date; "today", "this week" and the like
describe the present and never carry.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from polybius.model import Event
from polybius.temporal import grammar
from polybius.temporal.expressions import TimeExpression, parse_published
from polybius.temporal.rules import Lexicon

CARRYING_TENSES = {"past", "future"}


class ArticleDates:
    """The time expressions of one parsed article, by sentence, and the choice for each event.

    Arguments: the doc, its sentence bounds, its expressions (``expressions_in``), the
    publication date, the lexicon, and the doc's clause tenses when the expressions were read
    with them (``grammar.Tenses``: each clause's tense is then read once for both).
    """

    def __init__(
        self,
        doc: Doc,
        bounds: list[tuple[int, int]],
        expressions: Sequence[TimeExpression],
        published: str | None,
        lexicon: Lexicon,
        tenses: grammar.Tenses | None = None,
    ) -> None:
        self.sentences = [Span(doc, start, end) for start, end in bounds]
        self.starts = [start for start, _ in bounds]
        self.by_sentence: list[list[TimeExpression]] = [[] for _ in bounds]
        for found in expressions:
            index = bisect_right(self.starts, found.span.start) - 1
            if index >= 0:
                self.by_sentence[index].append(found)
        self.published = parse_published(published)
        self.lexicon = lexicon
        self.tenses = tenses or grammar.Tenses(lexicon)
        self._chosen: dict[tuple[object, ...], TimeExpression | None] = {}

    def date_event(self, event: Event) -> TimeExpression | None:
        """The expression dating ``event``, or None when it keeps the publication date.

        The choice reads only the event's sentence, trigger, modality and negation: events that
        differ in their actors alone (a trigger's several dyads) are dated once.
        """
        trigger = event.spans.get("trigger")
        key = (event.sentence_index, tuple(trigger or ()), event.modality, event.negated)
        if key not in self._chosen:
            self._chosen[key] = self._choose(event)
        return self._chosen[key]

    def _choose(self, event: Event) -> TimeExpression | None:
        index = event.sentence_index
        if not 0 <= index < len(self.sentences) or not any(self.by_sentence[: index + 1]):
            return None  # no expression in its sentence or before it
        anchor = self._anchor(self.sentences[index], event.spans.get("trigger"))
        verb = grammar.governing_verb(anchor)
        event_tense = (
            event.modality if event.modality in ("future", "hypothetical") else self.tenses(verb)
        )
        chosen = self._in_sentence(index, anchor, event, event_tense)
        if chosen is not None or event_tense not in CARRYING_TENSES:
            return chosen
        if verb is not None and verb.lemma_ in self.lexicon.uncarried_lemmas:
            return None
        return self._carried(index, event_tense)

    def _anchor(self, sentence: Span, trigger: Sequence[int] | None) -> Token:
        if trigger and len(trigger) == 2:
            span = sentence.doc.char_span(
                sentence.start_char + trigger[0],
                sentence.start_char + trigger[1],
                alignment_mode="expand",
            )
            if span is not None and len(span):
                return span.root
        return sentence.root

    def _in_sentence(
        self, index: int, anchor: Token, event: Event, event_tense: str
    ) -> TimeExpression | None:
        if not self.by_sentence[index]:
            return None
        clause = grammar.event_clause(anchor, self.lexicon)
        above = grammar.reporting_ancestors(clause, self.lexicon)
        ranked = []
        for found in self.by_sentence[index]:
            if found.bound or found.dateline or (found.since and event.negated):
                continue
            if found.clause.i == clause.i:
                rank = 0
            elif found.since:
                continue  # "since" dates only its own clause
            elif grammar.conjoined(found.clause, clause) and self._agrees(found, event_tense):
                rank = 1
            elif found.clause.i in above and self._agrees(found, event_tense):
                rank = 1 + above.index(found.clause.i)
            else:
                depth = grammar.reduced_relative_depth(found.clause, clause)
                if depth is None or not self._agrees(found, event_tense):
                    continue
                rank = 1 + len(above) + depth
            depth_below = grammar.depth_below(found.span.root, found.clause)
            distance = abs(found.span.root.i - anchor.i)
            ranked.append((rank, depth_below, distance, found.span.start, found))
        return min(ranked, key=lambda r: r[:4])[4] if ranked else None

    def _carried(self, index: int, event_tense: str) -> TimeExpression | None:
        for earlier in range(index - 1, -1, -1):
            if self._paragraph_break(self.sentences[earlier], self.sentences[earlier + 1]):
                return None
            for found in reversed(self.by_sentence[earlier]):
                if (
                    found.carry
                    and not found.bound
                    and not found.since
                    and not found.dateline
                    and grammar.in_main_clause(found.span.root)
                    and self._agrees(found, event_tense)
                ):
                    return found
        return None

    @staticmethod
    def _paragraph_break(earlier: Span, later: Span) -> bool:
        """Whether a line break separates the words of ``earlier`` from those of ``later``
        (spaCy keeps line breaks as whitespace tokens or as a token's trailing whitespace)."""
        doc = earlier.doc
        for i in range(earlier.end - 1, earlier.start - 1, -1):
            if not doc[i].is_space:
                return "\n" in doc[i].whitespace_
            if "\n" in doc[i].text:
                return True
        for token in later:
            if not token.is_space:
                return False
            if "\n" in token.text:
                return True
        return False

    def _agrees(self, found: TimeExpression, event_tense: str) -> bool:
        """Whether ``found`` lies on the event's side of the publication date."""
        published = self.published
        if published is None:
            return True
        if event_tense == "future":
            return found.interval.last > published
        if event_tense in ("past", "perfect"):
            return found.interval.first <= published
        return True
