"""Coreference: pronouns and definite descriptions take the actor of an earlier mention.

Rules, tried in text order so that a resolved description can itself be an antecedent:
- he/she/him/his/her → the most recent person (a name, or a singular title such as "the
  president") within ``PERSON_WINDOW`` sentences;
- they/them/their → the most recent plural actor ("Western leaders", "Russian troops") within
  ``GROUP_WINDOW`` sentences, else the most recent state or organisation;
- its → the most recent state or organisation;
- "the country"/"the nation" → the most recent state, skipping the subject of its own clause
  ("the Kenyan president is touring the country" is not Kenya);
- "the two leaders"/"both countries" → the two most recent distinct people or states;
- "the president"/"the government"/"the ministry" → the most recent mention with that title or
  head noun, else the office holder or sector of the article's most recent state;
- other actors without a country ("protesters", an unknown person) take the country of the
  phrase they head ("refugees ... in Liberia"), else of their sentence, else of the article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from polybius.actors.compose import Candidate
from polybius.actors.kb import KnowledgeBase
from polybius.actors.text import Text
from polybius.model import Actor

PERSON_WINDOW = 3
PAIR_WINDOW = 2
REPORTING_DEPTH = 3
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "conj", "relcl"}
GROUP_WINDOW = 2
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
OBJECT_DEPS = {"dobj", "pobj", "iobj", "dative"}


@dataclass
class Resolved:
    """A candidate with its final actor; ``members`` for a pair ("the two leaders")."""

    cand: Candidate
    actor: Actor
    sentence: int
    why: str
    antecedent: str = ""
    members: tuple[Actor, ...] = ()
    text: str = ""
    subject: bool | None = None

    @property
    def is_state(self) -> bool:
        """A mention of a state as such ("China", "Belarus'"), not one of its agents."""
        kinds = set(self.cand.kinds)
        return bool(kinds) and kinds <= {"state"} and not self.members

    @property
    def locative(self) -> bool:
        """Named as a place where something happens ("held in Uzbekistan")."""
        return self.cand.locative

    @property
    def is_person(self) -> bool:
        return self.cand.person_like and not self.members

    @property
    def is_group(self) -> bool:
        return bool(self.cand.plural or self.members)


@dataclass
class Context:
    """What the resolver knows while walking the article: the mentions so far, the date and
    the home country (the state the article is most about)."""

    doc: Text
    kb: KnowledgeBase
    day: dt.date | None
    home: str = ""
    history: list[Resolved] = field(default_factory=list)

    def recent(
        self, test: Callable[[Resolved], bool], before: int, window: int, skip: range | None = None
    ) -> Resolved | None:
        """The most recent mention passing ``test`` that ends before token ``before``."""
        here = self.doc.sentence_of(before)
        for past in reversed(self.history):
            if here - past.sentence > window:
                break  # the history is in text order: everything further back is older
            if past.cand.end > before:
                continue
            if skip is not None and past.cand.start in skip:
                continue
            if test(past):
                return past
        return None

    def is_subject(self, past: Resolved) -> bool:
        """Whether ``past`` is (inside) the subject of its clause (computed once, when asked)."""
        if past.subject is None:
            past.subject = in_subject(self.doc, past.cand.start, past.cand.end)
        return past.subject

    def salient(
        self, test: Callable[[Resolved], bool], before: int, window: int, skip: range | None = None
    ) -> Resolved | None:
        """The antecedent a reader would pick: in the pronoun's own sentence the most recent
        match (a subject first); else, in the latest earlier sentence with a match, its subject
        or its first match."""
        here = self.doc.sentence_of(before)
        pool = []
        for r in reversed(self.history):
            if here - r.sentence > window:
                break
            if r.cand.end <= before and (skip is None or r.cand.start not in skip) and test(r):
                pool.append(r)
        pool.reverse()
        if not pool:
            return None
        same = [r for r in pool if r.sentence == here]
        if same:
            return ([r for r in same if self.is_subject(r)] or same)[-1]
        latest = [r for r in pool if r.sentence == pool[-1].sentence]
        return ([r for r in latest if self.is_subject(r)] or latest)[0]

    def recent_distinct(
        self,
        test: Callable[[Resolved], bool],
        before: int,
        count: int,
        window: int | None = None,
    ) -> list[Resolved]:
        """The ``count`` most recent mentions passing ``test`` with distinct actors (within
        ``window`` sentences, if given)."""
        here = self.doc.sentence_of(before)
        found: list[Resolved] = []
        for past in reversed(self.history):
            if window is not None and here - past.sentence > window:
                break
            if past.cand.end > before or not test(past):
                continue
            if all(_key(past.actor) != _key(f.actor) for f in found):
                found.append(past)
            if len(found) == count:
                break
        return list(reversed(found))


def _key(actor: Actor) -> str:
    return actor.kb_id or actor.name


def in_subject(doc: Text, start: int, end: int) -> bool:
    """Whether tokens ``[start, end)`` lie inside the subject of their clause."""
    token = doc[end - 1]
    while token.dep_ not in SUBJECT_DEPS and token.head.i != token.i:
        if token.pos_ in {"VERB", "AUX"}:
            return False
        token = token.head
    return token.dep_ in SUBJECT_DEPS


def subject_range(doc: Text, token: Token) -> range | None:
    """Token range of the subject of the clause holding ``token`` (None if it is the subject)."""
    head = token
    while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
        if head.dep_ in SUBJECT_DEPS:
            return None
        head = head.head
    for child in head.children:
        if child.dep_ in SUBJECT_DEPS:
            sub = list(child.subtree)
            if token.i in {t.i for t in sub}:
                return None
            return range(sub[0].i, sub[-1].i + 1)
    return None


def _copy(past: Resolved, cand: Candidate, ctx: Context, what: str) -> Resolved:
    why = f"coreference: '{ctx.doc.span(cand.start, cand.end)}' → {what} '{past.text}'"
    return Resolved(cand, past.actor, 0, why, past.text, past.members)


def _pair(members: list[Resolved], cand: Candidate, ctx: Context, what: str) -> Resolved | None:
    if len(members) < 2:
        return None
    actors = tuple(m.actor for m in members)
    countries = {a.country for a in actors}
    sectors = {a.sector for a in actors}
    country = countries.pop() if len(countries) == 1 else ""
    sector = sectors.pop() if len(sectors) == 1 else ""
    name = " and ".join(a.name for a in actors)
    actor = Actor(name, country + sector if country else "", country, sector, "")
    text = " and ".join(m.text for m in members)
    why = (
        f"coreference: '{ctx.doc.span(cand.start, cand.end)}' → the two most recent {what}: {text}"
    )
    return Resolved(cand, actor, 0, why, text, actors)


def _pair_of_states(people: Resolved, cand: Candidate, ctx: Context) -> Resolved:
    """ "the two countries" right after "the two leaders": the leaders' states."""
    actors = []
    for member in people.members:
        state = ctx.kb.state(member.country)
        name = state.name if state else member.country
        actors.append(Actor(name, member.country, member.country, "", f"state:{member.country}"))
    names = " and ".join(a.name for a in actors)
    said = ctx.doc.span(cand.start, cand.end)
    why = f"coreference: '{said}' → the states of '{people.text}': {names}"
    return Resolved(cand, Actor(names), 0, why, people.text, tuple(actors))


def with_country(cand: Candidate, country: str, ctx: Context, reason: str) -> Resolved:
    state = ctx.kb.state(country)
    cand.country = country
    if cand.title and not cand.plural and ctx.day is not None:
        holders = ctx.kb.holders(country, cand.title, ctx.day)
        if holders:
            cand.name, cand.kb_id = holders[0].name, holders[0].kb_id
            reason += f"; {cand.title} on {ctx.day}: {holders[0].name}"
    if not cand.name or cand.name == cand.head:
        label = ctx.kb.sector_names.get(cand.sector, "")
        base = state.name if state else country
        cand.name = f"{base} {label}".strip() if cand.sector else base
    cand.kb_id = cand.kb_id or (state.kb_id if state else "")
    cand.code = country + cand.sector
    return Resolved(cand, cand.actor(), 0, reason)


EXPLETIVE_HEADS = {"be", "seem", "appear", "happen", "matter", "remain", "become", "take", "look"}


def _expletive_head(verb: Token, ctx: Context) -> bool:
    """Whether "it" as the subject of ``verb`` is expletive ("it is likely that", "it seems"):
    not when the verb's complement says what "it" will or can do ("it was ready to help")."""
    if verb.lemma_ not in EXPLETIVE_HEADS:
        return False
    return not any(
        c.dep_ == "acomp" and c.lemma_.lower() in ctx.kb.agent_adjectives for c in verb.children
    )


def resolve_pronoun(cand: Candidate, ctx: Context) -> Resolved | None:
    token = ctx.doc[cand.start]
    group = ctx.kb.pronouns.get(token.lower_, "")
    skip = subject_range(ctx.doc, token) if token.dep_ in OBJECT_DEPS else None
    if group == "person":
        past = ctx.salient(lambda r: r.is_person, cand.start, PERSON_WINDOW, skip)
        return _copy(past, cand, ctx, "the salient person") if past else None
    if group == "group":
        past = ctx.salient(lambda r: r.is_group, cand.start, GROUP_WINDOW, skip)
        if past is None:
            past = ctx.salient(lambda r: not r.is_person, cand.start, 1, skip)
        return _copy(past, cand, ctx, "the salient group") if past else None
    if token.lower_ == "it" and (token.dep_ != "nsubj" or _expletive_head(token.head, ctx)):
        return None
    window = 1 if token.lower_ == "it" else GROUP_WINDOW
    past = ctx.salient(lambda r: not r.is_person and not r.is_group, cand.start, window)
    return _copy(past, cand, ctx, "the salient state or organisation") if past else None


def resolve_back_reference(cand: Candidate, ctx: Context, pair: bool) -> Resolved | None:
    """ "the country", "the bloc", "both sides", "the two nations"."""
    if cand.refers_to == "org":
        past = ctx.recent(lambda r: "org" in r.cand.kinds, cand.start, PERSON_WINDOW)
        return _copy(past, cand, ctx, "the most recent organisation") if past else None
    if pair:
        people = ctx.recent(lambda r: len({m.country for m in r.members}) == 2, cand.start, 1)
        if people is not None:
            return _pair_of_states(people, cand, ctx)
        leaders = _coordinated_people(cand, ctx)
        if leaders:
            return _pair(leaders, cand, ctx, "people")
        if cand.refers_to != "state":
            armed = ctx.recent_distinct(_is_armed, cand.start, 2, PERSON_WINDOW)
            if len(armed) == 2:
                return _pair(armed, cand, ctx, "armed parties")
        states = ctx.recent_distinct(lambda r: r.is_state and not r.locative, cand.start, 2)
        if cand.refers_to == "state" or len(states) == 2:
            return _pair(states, cand, ctx, "states")
        parties = ctx.recent_distinct(_is_party, cand.start, 2)
        return _pair(parties, cand, ctx, "parties")
    if cand.plural or not cand.definite or cand.refers_to != "state":
        return None
    skip = subject_range(ctx.doc, ctx.doc[cand.end - 1])
    past = ctx.recent(lambda r: r.is_state, cand.start, PERSON_WINDOW, skip)
    return _copy(past, cand, ctx, "the most recent state") if past else None


def _is_party(past: Resolved) -> bool:
    """A possible side of a conflict or a negotiation: a state, an organisation, or an armed or
    governing group."""
    if past.is_person or past.members:
        return False
    return past.is_state or "org" in past.cand.kinds or past.actor.sector in {"GOV", "MIL", "REB"}


def _is_armed(past: Resolved) -> bool:
    """An armed party: military, rebels or unidentified armed men."""
    return not past.members and past.actor.sector in {"MIL", "REB", "UAF"}


def _coordinated_people(cand: Candidate, ctx: Context) -> list[Resolved]:
    """Two people joined by "and" within ``PAIR_WINDOW`` sentences ("Orban and Zelensky")."""
    here = ctx.doc.sentence_of(cand.start)
    people = [
        r
        for r in ctx.history
        if r.is_person and r.cand.end <= cand.start and here - r.sentence <= PAIR_WINDOW
    ]
    for later in reversed(people):
        head = ctx.doc[later.cand.end - 1]
        for earlier in people:
            if (
                earlier is not later
                and head.dep_ == "conj"
                and earlier.cand.start <= head.head.i < earlier.cand.end
            ):
                return [earlier, later]
    return []


def same_person(cand: Candidate, ctx: Context) -> Resolved | None:
    """An unknown name that repeats part of an earlier person's name ("Gershkovich" after
    "Evan Gershkovich", "Lai" after "Lai Ching-te")."""
    words = ctx.doc.span(cand.start, cand.end).split()
    for past in reversed(ctx.history):
        if not past.is_person:
            continue
        name = past.actor.name.split()
        if name and (words == name[-len(words) :] or words == name[: len(words)]):
            return _copy(past, cand, ctx, "an earlier mention of the same name")
    return None


def resolve_description(cand: Candidate, ctx: Context, pair: bool) -> Resolved | None:
    """A definite title or agent noun without a country ("the president", "the ministry",
    "the two leaders", "the two governments")."""
    if pair and (cand.title or "leader" in cand.kinds):
        people = _coordinated_people(cand, ctx) or ctx.recent_distinct(
            lambda r: r.is_person, cand.start, 2
        )
        return _pair(people, cand, ctx, "people")
    if pair:
        found = _pair_of_sector(cand, ctx)
        if found is not None:
            return found
    if cand.title and cand.person_like:
        past = ctx.recent(lambda r: r.is_person and r.cand.title == cand.title, cand.start, 99)
        if past is None and ctx.day is not None:
            past = ctx.recent(lambda r: _holds(r, cand.title, ctx), cand.start, 99)
        if past is not None:
            return _copy(past, cand, ctx, f"the most recent {cand.title}")
    head = ctx.doc.lemma(cand.end - 1)
    same = ctx.recent(
        lambda r: bool(r.actor.country) and ctx.doc.lemma(r.cand.end - 1) == head,
        cand.start,
        99,
    )
    if same is not None:
        return _copy(same, cand, ctx, "the most recent mention of the same noun")
    return None


def _pair_of_sector(cand: Candidate, ctx: Context) -> Resolved | None:
    """ "the two governments": the two most recent states (or a pair's states), as that sector."""
    people = ctx.recent(lambda r: len({m.country for m in r.members}) == 2, cand.start, 2)
    leaders = _coordinated_people(cand, ctx)
    if people is not None:
        countries = [m.country for m in people.members]
    elif leaders:
        countries = [r.actor.country for r in leaders]
    else:
        states = ctx.recent_distinct(lambda r: r.is_state and not r.locative, cand.start, 2)
        countries = [r.actor.country for r in states]
    return pair_with_sector(cand, ctx, countries)


def pair_with_sector(cand: Candidate, ctx: Context, countries: list[str]) -> Resolved | None:
    """One actor per country, all with the candidate's sector ("their governments")."""
    countries = [c for c in countries if c]
    if len(countries) < 2:
        return None
    label = ctx.kb.sector_names.get(cand.sector, "")
    actors = []
    for country in countries:
        state = ctx.kb.state(country)
        name = f"{state.name if state else country} {label}".strip()
        actors.append(Actor(name, country + cand.sector, country, cand.sector, f"state:{country}"))
    names = " and ".join(a.name for a in actors)
    why = f"coreference: '{ctx.doc.span(cand.start, cand.end)}' → one per state: {names}"
    return Resolved(cand, Actor(names, "", "", cand.sector), 0, why, names, tuple(actors))


def _holds(past: Resolved, title: str, ctx: Context) -> bool:
    entry = ctx.kb.entries.get(past.actor.kb_id)
    return entry is not None and entry.term_at(ctx.day, title) is not None


def clause_subjects(doc: Text, token: Token) -> list[range]:
    """Token ranges of the subjects of ``token``'s clause and of the clauses it is reported in
    ("the army had sent ..." inside "the minister said ..."), nearest first."""
    out: list[range] = []
    head = token
    for _ in range(REPORTING_DEPTH):
        while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
            head = head.head
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS:
                sub = range(child.left_edge.i, child.right_edge.i + 1)
                if token.i not in sub:
                    out.append(sub)
        if head.dep_ not in CLAUSE_DEPS or head.head.i == head.i:
            break
        head = head.head
    return out


def country_from_context(
    cand: Candidate, ctx: Context, subtree: str, sentence_states: list[Candidate]
) -> Resolved | None:
    """The country a countryless actor gets from its context, tried in this order: a place
    inside the phrase it heads (``subtree``, "" if none); the subject of its clause or of the
    clause reporting it; the nearest state in ``sentence_states`` (its sentence); for a group
    ("the government"), the state named in the sentence before; the article's home country."""
    if subtree:
        return with_country(cand, subtree, ctx, "country from the phrase it heads")
    for subject in clause_subjects(ctx.doc, ctx.doc[cand.end - 1]):
        owner = ctx.recent(
            lambda r, sub=subject: (
                r.cand.start in sub and ctx.kb.state(r.actor.country) is not None
            ),
            cand.start,
            0,
        )
        if owner is not None:
            why = f"country of the subject '{owner.text}'"
            return with_country(cand, owner.actor.country, ctx, why)
    person = cand.person_like or "ner_person" in cand.kinds
    if person and (cand.title or cand.sector == "GOV") and ctx.home:
        return with_country(cand, ctx.home, ctx, f"an official of the home country {ctx.home}")
    if "ner_org" in cand.kinds and cand.sector == "GOV" and ctx.home:
        # "The Department of Foreign Affairs summoned China's envoy": the home government's
        why = f"a government body of the home country {ctx.home}"
        return with_country(cand, ctx.home, ctx, why)
    if sentence_states:
        near = min(sentence_states, key=lambda s: (abs(s.start - cand.start), s.start > cand.start))
        return with_country(cand, near.country, ctx, "country from its sentence")
    if not person:
        past = ctx.recent(lambda r: r.is_state or r.cand.refers_to == "state", cand.start, 1)
        if past is not None:
            return with_country(cand, past.actor.country, ctx, f"country of '{past.text}' before")
    if ctx.home:
        return with_country(cand, ctx.home, ctx, f"the article's home country {ctx.home}")
    return None
