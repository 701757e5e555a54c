"""A readable account of why the coder did (or did not) code events in a text.

``render`` lists, per sentence, the dependency parse, the actors found in it, every trigger frame
that matched with what became of it (coded, governed by another trigger, no source actor, ...),
and the events made, each with its ``why``.
"""

from __future__ import annotations

from polybius.events.coder import Decision
from polybius.model import Event, Mention
from polybius.nlp import ParsedArticle


def _event_line(event: Event) -> str:
    target = f"{event.target.name} ({event.target.code or '?'})" if event.target else "-"
    flags = event.modality + (", NEGATED" if event.negated else "")
    return (
        f"{event.plover}{'/' + event.mode if event.mode else ''} CAMEO {event.cameo}: "
        f"{event.source.name} ({event.source.code or '?'}) -> {target} [{flags}; "
        f"confidence {event.confidence:.2f}]"
    )


def render(parsed: ParsedArticle, mentions: list[Mention], decisions: list[Decision]) -> str:
    """The explanation as plain text lines.

    parsed: the parsed article; mentions: the actors stage's mentions; decisions: from
    ``events.decide``. Returns the text (no trailing newline).
    """
    lines: list[str] = []
    for index, sent in enumerate(parsed.doc.sents):
        lines.append(f"sentence {index}: {sent.text.strip()}")
        lines.append("  parse (token  lemma  POS  dependency <- head):")
        for token in sent:
            if token.is_space:
                continue
            lines.append(
                f"    {token.i - sent.start:>3} {token.text:<16} {token.lemma_:<14} "
                f"{token.pos_:<5} {token.dep_:<10} <- {token.head.text}"
            )
        here = [m for m in mentions if m.sentence_index == index]
        lines.append("  actors:" if here else "  actors: none")
        for mention in here:
            actor = mention.actor
            via = f", via '{mention.antecedent}'" if mention.antecedent else ""
            lines.append(
                f"    '{mention.text}' -> {actor.name} ({actor.code or 'no code'}; "
                f"{mention.why or 'no reason given'}{via})"
            )
        mine = [d for d in decisions if sent.start <= d.hit.trigger.i < sent.end]
        lines.append("  triggers:" if mine else "  triggers: none matched")
        for decision in mine:
            lines.append(
                f"    '{decision.hit.trigger.text}' frame {decision.hit.frame.id} "
                f"({decision.hit.frame.describe()}): {decision.outcome}"
            )
            for event in decision.events:
                lines.append(f"      => {_event_line(event)}")
                lines.append(f"         why: {event.why}")
    return "\n".join(lines)
