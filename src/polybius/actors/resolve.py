"""Mentions of actors in a parsed article: match, compose, then resolve in context."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Token

from polybius.actors import coref
from polybius.actors.compose import PLACES, Candidate, chains, resolve_chain
from polybius.actors.kb import KnowledgeBase
from polybius.actors.matcher import Atom, find_atoms
from polybius.actors.text import Text
from polybius.model import Mention

POSSESSIVE_PRONOUNS = {"his", "her", "its", "their"}
FIRST_STATE_BONUS = 2
SUBTREE_REACH = 8
# A candidate of only these kinds names a state; one with any of the others is placed in one.
STATE_KINDS = {"state"}
PLACED_KINDS = {"state", "org", "city"}


COORDINATORS = {"and", "or", ","}


def _candidates(
    doc: Text, atoms: list[Atom], kb: KnowledgeBase, day: dt.date | None
) -> list[Candidate]:
    """Chains of atoms and bare pronouns, in text order (a possessive pronoun joins its noun)."""
    named = [a for a in atoms if a.kind != "pronoun"]
    out = [resolve_chain(doc, chain, kb, day) for chain in chains(doc, named, kb)]
    _share_nouns(doc, out, kb)
    _appositions(doc, out)
    starts = {c.start: c for c in out}
    for atom in atoms:
        tok = doc[atom.start]
        if atom.kind != "pronoun" or tok.pos_ != "PRON":
            continue
        owned = starts.get(tok.i + 1)
        if tok.lower_ in POSSESSIVE_PRONOUNS and owned is not None and not owned.country:
            owned.start = tok.i
            owned.definite = True
            owned.kinds = ("possessor", *owned.kinds)
            continue
        out.append(Candidate(tok.i, tok.i + 1, head=tok.lower_, kinds=("pronoun",)))
    return sorted(out, key=lambda c: c.start)


def _share_nouns(doc: Text, cands: list[Candidate], kb: KnowledgeBase) -> None:
    """ "U.S. and Russian negotiators": a bare place word coordinated with a place + noun
    phrase shares that noun's sector."""
    for bare, full in zip(cands, cands[1:], strict=False):
        gap = doc[bare.end : full.start]
        if not (
            bare.country
            and not bare.sector
            and set(bare.kinds) <= PLACES
            and full.sector
            and full.kinds[0] in PLACES
            and 0 < len(gap) <= 2
            and all(t.lower_ in COORDINATORS for t in gap)
        ):
            continue
        bare.sector = full.sector
        bare.code = bare.country + full.sector
        state = kb.state(bare.country)
        base = state.name if state else bare.country
        bare.name = f"{base} {kb.sector_names.get(full.sector, '')}".strip()
        bare.why.append(f"shares the noun of '{doc.span(full.start, full.end)}'")


def _appositions(doc: Text, cands: list[Candidate]) -> None:
    """ "Evan Gershkovich, a reporter for The Wall Street Journal": an unknown person takes the
    country and sector of the phrase in apposition (either way round)."""
    by_token = {i: c for c in cands for i in range(c.start, c.end)}
    for cand in cands:
        if "ner_person" not in cand.kinds or cand.country and cand.sector:
            continue
        head = doc[cand.end - 1]
        linked = [head.head.i] if head.dep_ == "appos" else []
        linked += [t.i for child in head.children if child.dep_ == "appos" for t in child.subtree]
        for index in linked:
            other = by_token.get(index)
            if other is None or other is cand or not (other.country or other.sector):
                continue
            cand.country = cand.country or other.country
            cand.sector = cand.sector or other.sector
            cand.code = cand.country + cand.sector if cand.country else ""
            cand.why.append(f"in apposition with '{doc.span(other.start, other.end)}'")
            break


def _pair(doc: Text, cand: Candidate, kb: KnowledgeBase) -> bool:
    """ "the two leaders", "both countries": a plural noun after a pair word."""
    if not (cand.plural or doc[cand.end - 1].tag_ in {"NNS", "NNPS"}):
        return False
    return any(t.lower_ in kb.pair_words for t in doc[max(cand.start - 2, 0) : cand.end - 1])


def _possessed(cand: Candidate, ctx: coref.Context) -> coref.Resolved | None:
    """ "his country", "their troops": the owner's country, with the noun's sector."""
    owner = coref.resolve_pronoun(Candidate(cand.start, cand.start + 1), ctx)
    cand.kinds = cand.kinds[1:]
    if owner is not None and owner.members and cand.sector:
        return coref.pair_with_sector(cand, ctx, [m.country for m in owner.members])
    if owner is None or not owner.actor.country:
        return None
    country = owner.actor.country
    if cand.kinds == ("country_noun",):
        state = ctx.kb.state(country)
        cand.name = state.name if state else country
        cand.country, cand.kb_id, cand.code = country, f"state:{country}", country
        resolved = coref.Resolved(cand, cand.actor(), 0, owner.why + "; their country")
    else:
        resolved = coref.with_country(cand, country, ctx, owner.why)
    resolved.antecedent = owner.antecedent
    return resolved


def _resolve_one(
    cand: Candidate,
    ctx: coref.Context,
    places: dict[int, Candidate],
    states_by_sentence: dict[int, list[Candidate]],
) -> coref.Resolved | None:
    doc = ctx.doc
    if cand.kinds == ("pronoun",):
        return coref.resolve_pronoun(cand, ctx)
    if cand.kinds[0] == "possessor":
        return _possessed(cand, ctx)
    if cand.country:
        return coref.Resolved(cand, cand.actor(), 0, "; ".join(cand.why))
    pair = _pair(doc, cand, ctx.kb)
    if cand.kinds == ("country_noun",):
        return coref.resolve_back_reference(cand, ctx, pair)
    if cand.definite or pair:
        found = coref.resolve_description(cand, ctx, pair)
        if found is not None:
            return found
    if cand.kinds == ("ner_person",):
        found = coref.same_person(cand, ctx)
        if found is not None:
            return found
    if cand.start > 0 and _foreign(doc[cand.start - 1], ctx.kb):
        why = "; ".join([*cand.why, f"'{doc[cand.start - 1].text}': not of the country around it"])
        return coref.Resolved(cand, cand.actor(), 0, why)
    subtree = _subtree_country(doc, cand, places)
    found = coref.country_from_context(
        cand, ctx, subtree, states_by_sentence.get(doc.sentence_of(cand.start), [])
    )
    if found is not None:
        found.why = "; ".join([*cand.why, found.why])
        return found
    if cand.sector or cand.name:
        return coref.Resolved(cand, cand.actor(), 0, "; ".join(cand.why) or "no country in context")
    return None


def _foreign(word: Token, kb: KnowledgeBase) -> bool:
    """Whether ``word`` is an adjective saying that the noun it modifies is from abroad
    ("foreign intelligence services"; not the preposition in "outside parliament")."""
    return word.dep_ == "amod" and word.lower_ in kb.foreign_words


def _subtree_country(doc: Text, cand: Candidate, places: dict[int, Candidate]) -> str:
    """The country of a place inside the phrase headed by the candidate's last token, at most
    ``SUBTREE_REACH`` tokens on ("refugees fleeing the war in Liberia")."""
    for tok in doc[cand.end - 1].subtree:
        if cand.end <= tok.i < cand.end + SUBTREE_REACH and tok.i in places:
            return places[tok.i].country
    return ""


def _home_country(states: list[Candidate]) -> str:
    """The state the article is most about: most mentioned, the first one counting double."""
    if not states:
        return ""
    counts = Counter(c.country for c in states)
    counts[states[0].country] += FIRST_STATE_BONUS
    return counts.most_common(1)[0][0]


def resolve_doc(
    doc: Doc, nlp: Language, kb: KnowledgeBase, day: dt.date | None, text: str | None = None
) -> list[Mention]:
    """All actor mentions of ``doc`` resolved on ``day`` (None: no office-holder lookups).

    text: ``doc.text``, when the caller has it at hand.
    """
    text_view = Text(doc, text)
    cands = _candidates(text_view, find_atoms(text_view, nlp, kb), kb, day)
    states, placed = [], []
    for c in cands:
        kinds = set(c.kinds)
        if kinds and kinds <= STATE_KINDS and c.country:
            states.append(c)
        elif PLACED_KINDS & kinds and kb.state(c.country) is not None:
            placed.append(c)
    places = {i: c for c in states + placed for i in range(c.start, c.end)}
    states_by_sentence: dict[int, list[Candidate]] = {}
    for c in sorted(states + placed, key=lambda c: c.start):
        states_by_sentence.setdefault(text_view.sentence_of(c.start), []).append(c)
    ctx = coref.Context(text_view, kb, day, _home_country(states))
    mentions = []
    for cand in cands:
        resolved = _resolve_one(cand, ctx, places, states_by_sentence)
        if resolved is None:
            continue
        start_char, end_char = text_view.chars(cand.start, cand.end)
        resolved.sentence = text_view.sentence_of(cand.start)
        resolved.text = text_view.string[start_char:end_char]
        ctx.history.append(resolved)
        mentions.append(
            Mention(
                resolved.text,
                start_char,
                end_char,
                resolved.sentence,
                resolved.actor,
                resolved.why,
                resolved.antecedent,
                resolved.members,
            )
        )
    return mentions
