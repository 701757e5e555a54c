"""Choosing the time expression that dates an event.

In the event's sentence, an expression dates the event when it sits in the trigger's clause, in a
clause coordinated with it ("will hand over ... and will return ... on Monday"), or in a clause
above it ("officials said on Saturday that ..."); expressions in relative or adverbial clauses
of other words ("Kallas, who took office on Sunday, condemned ..."), bounds ("since 2015",
"before the end of winter") and a wire dateline's date do not. An expression from a clause above
the trigger must agree with the event's direction: a future event is not dated by the past day
its plan was announced.

When the sentence has none, the event takes the most recent expression that carries from the
earlier sentences of the same paragraph, if the event's clause is in the simple past or the
future and the date lies on the same side of the publication date; the present perfect ("has
spoken"), the present and hypothetical events take no carried date. "Today", "this week" and
the like describe the present and never carry.
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
    """The time expressions of one parsed article, by sentence, and the choice for each event."""

    def __init__(
        self,
        doc: Doc,
        expressions: Sequence[TimeExpression],
        published: str | None,
        lexicon: Lexicon,
    ) -> None:
        self.doc = doc
        self.sentences: list[Span] = list(doc.sents)
        self.starts = [s.start for s in self.sentences]
        self.by_sentence: list[list[TimeExpression]] = [[] for _ in self.sentences]
        for found in expressions:
            index = bisect_right(self.starts, found.span.start) - 1
            if index >= 0:
                self.by_sentence[index].append(found)
        self.published = parse_published(published)
        self.lexicon = lexicon

    def date_event(self, event: Event) -> TimeExpression | None:
        """The expression dating ``event``, or None when it keeps the publication date."""
        index = event.sentence_index
        if not 0 <= index < len(self.sentences):
            return None
        anchor = self._anchor(self.sentences[index], event.spans.get("trigger"))
        event_clause = grammar.clause_head(anchor)
        event_tense = (
            event.modality
            if event.modality in ("future", "hypothetical")
            else grammar.tense(grammar.governing_verb(anchor), self.lexicon)
        )
        chosen = self._in_sentence(index, anchor, event_clause, event_tense)
        if chosen is not None or event_tense not in CARRYING_TENSES:
            return chosen
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
        self, index: int, anchor: Token, event_clause: Token, event_tense: str
    ) -> TimeExpression | None:
        ranked = []
        above = [head.i for head in grammar.clause_ancestors(event_clause)]
        for found in self.by_sentence[index]:
            if found.bound or found.dateline:
                continue
            if found.clause.i == event_clause.i:
                rank = 0
            elif grammar.conjoined(found.clause, event_clause):
                rank = 1
            elif found.clause.i in above:
                if not self._agrees(found, event_tense):
                    continue
                rank = 1 + above.index(found.clause.i)
            else:
                continue
            ranked.append((rank, abs(found.span.root.i - anchor.i), found.span.start, found))
        return min(ranked, key=lambda r: r[:3])[3] if ranked else None

    def _carried(self, index: int, event_tense: str) -> TimeExpression | None:
        for earlier in range(index - 1, -1, -1):
            if self._paragraph_break(self.sentences[earlier], self.sentences[earlier + 1]):
                return None
            for found in reversed(self.by_sentence[earlier]):
                if (
                    found.carry
                    and not found.bound
                    and not found.dateline
                    and grammar.in_main_clause(found.span.root)
                    and self._agrees(found, event_tense)
                ):
                    return found
        return None

    def _paragraph_break(self, earlier: Span, later: Span) -> bool:
        """Whether a line break separates the words of ``earlier`` from ``later``."""
        words_end = earlier.start_char + len(earlier.text.rstrip())
        return "\n" in self.doc.text[words_end : later.start_char]

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
