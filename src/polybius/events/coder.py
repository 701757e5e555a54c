"""The event coder: trigger frames matched on the dependency parse, turned into dyadic events.

For each sentence: the ``DependencyMatcher`` finds trigger frames; the most specific frame wins on
each trigger word; a trigger inside the object or complement of another trigger is governed by it
("rejected a U.S. request", "threatened to break relations"); each remaining trigger gets its
source and target from the parse (``arguments``), its negation and modality from the words around
it (``modality``), and becomes one event per (source, target) pair. Statements add two more kinds
of event: a speaker saying another actor must do something (REQUEST) and a speaker saying another
actor committed an accusable act (ACCUSE).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from polybius.events import arguments as args
from polybius.events.arguments import ActorIndex, Argument
from polybius.events.frames import Cues, Frame, FrameMatcher, load_cues, load_frames
from polybius.events.modality import Reading, read
from polybius.events.ontology import Ontology, load_ontology
from polybius.model import Event, EventActor, Mention
from polybius.nlp import ParsedArticle

GOVERNED_DEPS = frozenset(
    {
        "dobj",
        "pobj",
        "prep",
        "xcomp",
        "ccomp",
        "acl",
        "pcomp",
        "attr",
        "oprd",
        "nsubjpass",
        "agent",
        "dative",
        "compound",
        "amod",
        "nmod",
        "relcl",
    }
)
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "pcomp", "acl"})
NOUN_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "ROOT", "conj", "appos", "attr"})
LIGHT_OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})
NOUN_CLAUSE_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
PURPOSE_DEPS = frozenset({"advcl", "xcomp", "acl", "pcomp", "prep", "relcl"})
PURPOSE_CLIMB = 4
CLAIM_ACCUSE_CAMEO = "112"
CLAIM_REQUEST_CAMEO = "100"
CLAIM_CONFIDENCE = 0.5
CONTEXT_SENTENCES = 4


@dataclass(frozen=True)
class Hit:
    """A frame matched on a trigger word, with the tokens of its other pattern nodes."""

    frame: Frame
    trigger: Token
    parts: dict[str, Token]

    @property
    def consumed(self) -> list[Token]:
        """Words that belong to this trigger and cannot trigger events of their own."""
        return [t for name, t in self.parts.items() if name in ("object", "prep_object")]


@dataclass
class Decision:
    """What the coder did with one hit (for ``explain``): the events made, or why none."""

    hit: Hit
    outcome: str
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True)
class Clause:
    """Where an event's arguments were looked for: its predicate and the words carrying roles."""

    predicate: Token
    source: Argument
    hosts: tuple[Token, ...]
    passive_patient: Token | None = None
    responder: Token | None = None  # "X has not responded to calls from Y": "responded"


class Sentences:
    """The sentences of a document, with a fast token → sentence number lookup.

    doc: the parsed document; text: the text it was parsed from (``ParsedArticle.article.text``;
    spaCy's tokenizer is lossless, and ``Doc.text`` would rebuild it token by token, which costs
    about half a millisecond on a 600-word article); dateline: the wire-dateline pattern.
    """

    def __init__(self, doc: Doc, text: str, dateline: re.Pattern[str] | None = None) -> None:
        self.spans: list[Span] = list(doc.sents)
        self.starts = [s.start for s in self.spans]
        self._doc_text = text
        self._texts: dict[int, str] = {}
        self.dateline_tokens: set[int] = set()
        for number, span in enumerate(self.spans if dateline else ()):
            found = dateline.match(self.text(number))
            if found:
                end = span.start_char + found.end()
                self.dateline_tokens.update(t.i for t in span if t.idx < end)

    def of(self, token: Token) -> int:
        """The number of the sentence holding ``token``."""
        return bisect_right(self.starts, token.i) - 1

    def text(self, number: int) -> str:
        """The text of sentence ``number`` without surrounding whitespace (spaCy sentences end
        with the whitespace tokens that follow them, such as paragraph breaks)."""
        if number not in self._texts:
            span = self.spans[number]
            self._texts[number] = self._doc_text[span.start_char : span.end_char].strip()
        return self._texts[number]

    def start(self, number: int) -> int:
        """The character offset in the document of sentence ``number``'s stripped text: the
        origin of the sentence-relative ``spans`` of its events."""
        span = self.spans[number]
        raw = self._doc_text[span.start_char : span.end_char]
        return span.start_char + len(raw) - len(raw.lstrip())


class Coder:
    """Codes parsed articles into events with one vocabulary's compiled frames.

    ontology, frames, cues: the tables to use (defaults: the built-in data files).
    """

    def __init__(
        self,
        vocab: Vocab,
        ontology: Ontology | None = None,
        frames: list[Frame] | None = None,
        cues: Cues | None = None,
    ) -> None:
        self.ontology = ontology or load_ontology()
        self.frames = {f.id: f for f in (frames or load_frames(self.ontology))}
        self.order = {fid: i for i, fid in enumerate(self.frames)}
        self.descriptions = {fid: f.describe() for fid, f in self.frames.items()}
        self._codings: dict[tuple[str, str, str], tuple[str, str, int, float]] = {}
        self.cues = cues or load_cues()
        self.matcher = FrameMatcher(vocab, list(self.frames.values()), self.cues.reporting_verbs)

    # --- public --------------------------------------------------------------------------------

    def code(self, parsed: ParsedArticle, mentions: list[Mention]) -> list[Event]:
        """Every event of the article, negated ones included, in text order."""
        return [e for d in self.decide(parsed, mentions) for e in d.events]

    def decide(self, parsed: ParsedArticle, mentions: list[Mention]) -> list[Decision]:
        """One decision per matched trigger (and per statement-derived event), in text order."""
        doc = parsed.doc
        sentences = Sentences(doc, parsed.article.text, self.cues.dateline)
        index = ActorIndex(doc, mentions, skip=sentences.dateline_tokens)
        hits, reporters = self._hits(doc, index.tree)
        triggers = {h.trigger.i for h in hits}
        decisions: list[Decision] = []
        complements: dict[int, list[Hit]] = {}
        governors = {h.trigger.i: self._governor(index.tree, h.trigger, triggers) for h in hits}
        for hit in hits:
            governor = governors[hit.trigger.i]
            if governor is not None and governor[1] in COMPLEMENT_DEPS:
                complements.setdefault(governor[0].i, []).append(hit)
        earlier: list[Event] = []  # the events of the decisions so far, in order
        for hit in hits:
            governor = governors[hit.trigger.i]
            if governor is not None:
                outcome = f"governed by '{governor[0].text}' (its frame decides)"
                decisions.append(Decision(hit, outcome))
            else:
                held = complements.get(hit.trigger.i, [])
                decisions.append(self._code_hit(hit, held, index, parsed, sentences, earlier))
                earlier.extend(decisions[-1].events)
        by_sentence: dict[int, list[Event]] = {}
        for decision in decisions:
            for event in decision.events:
                by_sentence.setdefault(event.sentence_index, []).append(event)
        for reporter in reporters:
            coded = by_sentence.get(sentences.of(reporter), [])
            decisions.extend(self._statements(reporter, coded, index, parsed, sentences))
        decisions.sort(key=lambda d: d.hit.trigger.i)
        _fold_protest_aims(decisions)
        _keep_best(decisions)
        return decisions

    # --- triggers ------------------------------------------------------------------------------

    def _hits(self, doc: Doc, tree: args.Tree) -> tuple[list[Hit], list[Token]]:
        """The winning hit per trigger word (unless another hit consumed it), and the reporting
        verbs."""
        best: dict[int, Hit] = {}
        matches, reporters = self.matcher(doc, tree)
        for frame, trigger, parts in matches:
            hit = Hit(frame, trigger, parts)
            current = best.get(trigger.i)
            if current is None or self._rank(hit) < self._rank(current):
                best[trigger.i] = hit
        consumed = {t.i for h in best.values() for t in h.consumed}
        hits = sorted((h for i, h in best.items() if i not in consumed), key=lambda h: h.trigger.i)
        return hits, reporters

    def _rank(self, hit: Hit) -> tuple[int, int]:
        return (-hit.frame.specificity, self.order[hit.frame.id])

    @staticmethod
    def _governor(tree: args.Tree, token: Token, triggers: set[int]) -> tuple[Token, str] | None:
        """The trigger whose object or complement holds ``token``, with the dependency by which
        the path enters it; coordination passes governance on ("accused X of violating rights
        and ignoring law") but a trigger's own conjunct is not governed by it."""
        while token.head.i != token.i:
            dep = token.dep_
            infinitive = dep == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tree.children(token)
            )
            if dep not in GOVERNED_DEPS and dep != "conj" and not infinitive:
                return None
            if dep == "conj" and token.tag_ in FINITE_TAGS and token.head.tag_ == "VBG":
                return None  # "accused X of violating ... and expelled": a new main verb
            token = token.head
            if dep != "conj" and token.i in triggers:
                return token, "xcomp" if infinitive else dep
        return None

    # --- one trigger ---------------------------------------------------------------------------

    def _clause(self, hit: Hit, index: ActorIndex) -> Clause:
        trigger = hit.trigger
        if hit.frame.pos == "VERB":
            hosts = (trigger, *(t for n, t in hit.parts.items() if n in ("object", "prep_object")))
            hosts += tuple(args.children(index.tree, trigger, "dobj"))
            if "prep" in hit.parts and "prep_object" not in hit.parts:
                hosts += tuple(args.children(index.tree, hit.parts["prep"], "pobj"))
            if args.is_passive(index.tree, trigger) and not hit.frame.subject_is_source:
                patient = next(iter(args.children(index.tree, trigger, "nsubjpass")), None)
                source = self._argument(args.agent(index.tree, trigger), "agent (by)", index)
                return Clause(trigger, source, hosts, patient)
            subject = args.subject(index.tree, trigger, index.skip)
            if hit.frame.subject_is_source and args.is_passive(index.tree, trigger):
                subject = next(iter(args.children(index.tree, trigger, "nsubjpass")), subject)
            role = (
                "subject"
                if subject is not None and subject.head.i == trigger.i
                else "subject (inherited)"
            )
            return Clause(trigger, self._argument(subject, role, index), hosts)
        head = trigger.head
        if trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in LIGHT_OBJECT_DEPS:
            trigger = head.head  # "gave the Ivory Coast 5.1 million dollars of aid"
            head = trigger.head
        if (
            trigger.dep_ in LIGHT_OBJECT_DEPS
            and head.pos_ in ("VERB", "AUX")
            and head.lemma_.lower() in self.cues.light_verbs
        ):
            if args.is_passive(index.tree, head):
                source = self._argument(
                    args.agent(index.tree, head), f"agent of '{head.text}'", index
                )
            else:
                source = self._argument(
                    args.subject(index.tree, head, index.skip), f"subject of '{head.text}'", index
                )
            return Clause(head, source, (trigger, head))
        if (
            hit.frame.plover == "REQUEST"
            and trigger.dep_ == "pobj"
            and head.lower_ == "to"
            and head.head.lemma_.lower() in self.cues.response_verbs
        ):  # "X has not responded to calls from Y": Y's calls, addressed to X
            owner = self._owner(args.owners(index.tree, trigger), "owner", index)
            if owner is not None:
                return Clause(trigger, owner, (trigger,), responder=head.head)
            return Clause(trigger, args.NO_ARGUMENT, (trigger,))
        if (
            trigger.dep_ == "pobj"
            and head.lower_ in self.cues.frame_prepositions
            and head.head.pos_ in ("VERB", "AUX", "ADJ")
        ):
            verb = head.head
            owner = self._owner(args.owners(index.tree, trigger), "owner", index)
            if owner is not None:  # "after a visit by the pope": the pope's
                return Clause(trigger, owner, (trigger,))
            source = self._argument(
                args.subject(index.tree, verb, index.skip), f"subject of '{verb.text}'", index
            )
            return Clause(verb, source, (trigger,))
        if trigger.dep_ not in NOUN_ARGUMENT_DEPS:
            return Clause(trigger, Argument((), "none: a nominal in an adjunct is background"), ())
        owner = self._owner(args.owners(index.tree, trigger), "owner", index)
        return Clause(trigger, owner or args.NO_ARGUMENT, (trigger,))

    @staticmethod
    def _argument(token: Token | None, role: str, index: ActorIndex) -> Argument:
        if token is None:
            return args.NO_ARGUMENT
        return Argument(index.phrase(token), role, token)

    @staticmethod
    def _owner(owners: Iterable[Token], role: str, index: ActorIndex) -> Argument | None:
        """The first of ``owners`` that names an actor, as an argument found in ``role``; None
        when none does."""
        for owner in owners:
            found = index.phrase(owner)
            if found:
                return Argument(found, role, owner)
        return None

    def _target(self, hit: Hit, clause: Clause, index: ActorIndex, depth: int = 0) -> Argument:
        frame = hit.frame
        roles = frame.target
        if roles is None:
            roles = (
                self.cues.default_verb_target
                if frame.pos == "VERB"
                else self.cues.default_noun_target
            )
        exclude = set(clause.source.mentions)
        if clause.passive_patient is not None:
            found = index.phrase(clause.passive_patient)
            if found:
                return Argument(found, "passive subject", clause.passive_patient)
        own_countries = {m.actor.country for m in clause.source.mentions if m.actor.country}
        for role in roles:
            argument = self._role(role, hit, clause, index, depth)
            heads = _heads(argument.head, index)
            if role == "prep:from" and _names_place(argument.head, self.cues):
                heads = set()  # "withdrew from the town": a place of its own country, no target
            kept = tuple(
                m
                for m in argument.mentions
                if m not in exclude
                and (m in heads or m.actor.country not in own_countries or role == "ccomp")
            )
            if kept:
                return Argument(kept, argument.role, argument.head)
        if frame.plover in self.cues.location_target_types:
            for host in (hit.trigger, clause.predicate):
                for obj in args.prep_objects(index.tree, host, "in"):
                    found = tuple(m for m in index.phrase(obj) if m not in exclude)
                    if found:
                        return Argument(found, "place (in)", obj)
        return args.NO_ARGUMENT

    def _role(self, role: str, hit: Hit, clause: Clause, index: ActorIndex, depth: int) -> Argument:
        trigger = hit.trigger
        if role.startswith("prep:"):
            word = role[5:]
            nouns = clause.hosts[1:] if hit.frame.pos == "VERB" else ()
            inner = [q for host in nouns for q in args.quantified(index.tree, host)]
            for host in (*clause.hosts, *inner):
                for obj in args.prep_objects(index.tree, host, word):
                    found = index.phrase(obj, adjectives=word != "with")
                    if found:
                        return Argument(found, role, obj)
            return args.NO_ARGUMENT
        if role in ("dobj", "dative"):
            deps = ("dobj",) if role == "dobj" else ("dative", "iobj")
            for host in clause.hosts[:1] if hit.frame.pos == "VERB" else clause.hosts[1:]:
                for obj in (c for c in index.tree.children(host) if c.dep_ in deps):
                    found = index.phrase(obj)
                    if found:
                        return Argument(found, role, obj)
            return args.NO_ARGUMENT
        if role == "owner":
            hosts = list(clause.hosts[1:]) if hit.frame.pos == "VERB" else []
            if hit.frame.pos == "VERB":
                hosts += [
                    o
                    for p in args.children(index.tree, trigger, "prep")
                    for o in args.children(index.tree, p, "pobj")
                ]
                hosts += _misparsed_objects(index.tree, trigger)
            for host in hosts:
                owners = [*args.owners(index.tree, host), *_actor_compounds(host, index)]
                owner = self._owner(owners, f"owner of '{host.text}'", index)
                if owner is not None:
                    return owner
            return args.NO_ARGUMENT
        if role == "responder":
            if clause.responder is None:
                return args.NO_ARGUMENT
            who = args.subject(index.tree, clause.responder, index.skip)
            found = index.phrase(who) if who is not None else ()
            return Argument(found, "the one asked to respond", who) if found else args.NO_ARGUMENT
        if role == "condition":
            for who in args.condition_subjects(
                index.tree, trigger, self.cues.conditional_marks, index.skip
            ):
                found = index.phrase(who)
                if found:
                    return Argument(found, "subject of the condition", who)
            return args.NO_ARGUMENT
        if role == "ccomp":
            for comp in args.children(index.tree, trigger, "ccomp"):
                subject = args.subject(index.tree, comp, index.skip)
                if subject is not None and index.phrase(subject):
                    return Argument(index.phrase(subject), "subject of complement", subject)
            return args.NO_ARGUMENT
        if role in ("xcomp", "advcl") and depth < 2:
            deps = ("xcomp", "ccomp") if role == "xcomp" else ("advcl",)
            for comp in (c for c in index.tree.children(trigger) if c.dep_ in deps):
                inner = Hit(_complement_frame(hit.frame.plover), comp, {})
                patient = next(iter(args.children(index.tree, comp, "nsubjpass")), None)
                inner_clause = Clause(
                    comp, clause.source, (comp, *args.children(index.tree, comp, "dobj")), patient
                )
                found = self._target(inner, inner_clause, index, depth + 1)
                others = tuple(  # "threatened to launch an offensive in its war": not itself
                    m
                    for m in found.mentions
                    if not any(_same_actor(s, m) for s in clause.source.mentions)
                )
                if others:
                    return Argument(others, f"{role} '{comp.text}' {found.role}", found.head)
        return args.NO_ARGUMENT

    def _context_target(
        self,
        hit: Hit,
        clause: Clause,
        index: ActorIndex,
        sentences: Sentences,
        earlier: list[Event],
        governed: list[Hit],
    ) -> Argument:
        """For "X condemned the launch": the source of the latest earlier act of an accusable kind
        (within ``CONTEXT_SENTENCES``) by someone of another country; of the same type as the
        object when the object names an act ("condemned the attacks": the latest ASSAULT)."""
        objects = args.children(index.tree, hit.trigger, "dobj")
        if not objects or any(index.phrase(o) for o in objects):
            return args.NO_ARGUMENT
        own = {m.actor.country for m in clause.source.mentions}
        named = {h.frame.plover for h in governed if h.trigger in objects}
        number = sentences.of(hit.trigger)
        for event in reversed(earlier):
            if number - event.sentence_index > CONTEXT_SENTENCES:
                break
            kind = event.plover in self.cues.accusable or (
                f"{event.plover}/{event.mode}" in self.cues.accusable
            )
            if named and event.plover not in named:
                continue
            if kind and not event.negated and event.source.country not in own:
                start = sentences.start(event.sentence_index)
                mention = index.starting_at(start + event.spans["source"][0])
                if mention is not None:
                    return Argument((mention,), f"source of the earlier {event.plover}", None)
        return args.NO_ARGUMENT

    def _code_hit(
        self,
        hit: Hit,
        governed: list[Hit],
        index: ActorIndex,
        parsed: ParsedArticle,
        sentences: Sentences,
        earlier: list[Event],
    ) -> Decision:
        frame = hit.frame
        trigger = hit.trigger
        if frame.pos == "VERB" and trigger.dep_ == "acl" and trigger.tag_ == "VBN":
            return Decision(hit, "a participle describing a noun ('detainees held'): background")
        clause = self._clause(hit, index)
        if not clause.source.mentions:
            return Decision(hit, f"no source actor found {clause.source.role}".strip())
        target = self._target(hit, clause, index)
        if not target.mentions and frame.target_from_context:
            target = self._context_target(hit, clause, index, sentences, earlier, governed)
        if frame.needs_target and not target.mentions:
            return Decision(hit, "frame needs a target actor and none was found")
        predicate = clause.predicate
        if predicate.i == trigger.i and frame.pos == "NOUN" and trigger.dep_ in NOUN_CLAUSE_DEPS:
            predicate = trigger.head
        reading = read(predicate, self.cues, index.tree)
        if clause.responder is not None:
            # the response's modality; its denial ("has not responded") is not the request's
            reading = read(clause.responder, self.cues, index.tree)
            if reading.negated:
                reading = replace(reading, negated=False, cue="")
        if reading.conditional:
            return Decision(hit, f"condition of another act ('{reading.cue}')")
        if reading.capacity:
            return Decision(hit, "a capacity ('the ability to ...'), not an act")
        if reading.obligation:
            return Decision(hit, "an obligation, not an act (a speaker stating it makes a REQUEST)")
        modality = self._modality(reading, clause.source, index)
        plover, notes = self._type(frame, governed, reading, modality)
        if frame.targeted_as and target.mentions and plover == frame.plover:
            notes.append(f"aimed at an actor: {frame.targeted_as}")
            plover = frame.targeted_as
        negated = reading.negated and not (frame.negated_as and plover == frame.negated_as)
        confidence = self._confidence(frame, clause, target, modality, governed)
        described = f"frame {frame.id} ({self.descriptions[frame.id]})"
        why = [described, f"source: {clause.source.role}"]
        if target.mentions:
            why.append(f"target: {target.role}")
        if reading.cue:
            why.append(f"{'negated' if reading.negated else modality} by '{reading.cue}'")
        why.extend(notes)
        mode = frame.mode
        if frame.forces_as and plover == frame.plover and _all_forces(clause, self.cues):
            plover, _, forces_mode = frame.forces_as.partition("/")
            mode = forces_mode or mode
            why.append(f"security forces as source: {frame.forces_as}")
        if frame.symmetric and target.role == "prep:with" and len(target.mentions) == 1:
            if self._on_partner_soil(clause, target, index):
                # "A held talks in Damascus with B of Syria": A visited B
                why.append("met in the partner's country: a visit")
                mode = "visit"
            else:
                # "A held talks with B": both took part, as in the PLOVER gold records
                why.append("partner in 'with' coded as a co-source")
                sources = Argument((*clause.source.mentions, *target.mentions), clause.source.role)
                clause = replace(clause, source=sources)
                target = args.NO_ARGUMENT
        events = self._events(
            parsed,
            sentences,
            hit,
            clause,
            target,
            plover,
            mode,
            frame.cameo,
            modality,
            negated,
            confidence,
            "; ".join(why),
        )
        return Decision(hit, "coded", events)

    @staticmethod
    def _on_partner_soil(clause: Clause, partner: Argument, index: ActorIndex) -> bool:
        """Whether the meeting took place "in" a place of the partner's country, which is not
        the source's own ("held talks in Damascus with Syria's president")."""
        country = partner.mentions[0].actor.country
        own = {m.actor.country for m in clause.source.mentions}
        if not country or country in own:
            return False
        for host in clause.hosts:
            for place in args.prep_objects(index.tree, host, "in"):
                found = index.at(place)
                if found is not None and found.actor.country == country:
                    return True
        return False

    def _modality(self, reading: Reading, source: Argument, index: ActorIndex) -> str:
        if reading.obligation:
            return "hypothetical"
        if reading.modality != "asserted" or reading.reporter is None:
            return reading.modality
        speaker_token = args.subject(index.tree, reading.reporter, index.skip)
        speakers = index.phrase(speaker_token) if speaker_token is not None else ()
        if not speakers:
            return "reported"
        same = {_identity(m) for m in speakers} & {_identity(m) for m in source.mentions}
        same_country = {m.actor.country for m in speakers} & {
            m.actor.country for m in source.mentions if m.actor.country
        }
        return "asserted" if same or same_country else "reported"

    def _type(
        self, frame: Frame, governed: list[Hit], reading: Reading, modality: str
    ) -> tuple[str, list[str]]:
        plover, notes = frame.plover, []
        if frame.commissive:
            inner = [self.ontology.types[h.frame.plover].quad_class for h in governed]
            if inner and max(inner) >= 3:
                plover = "THREATEN"
                notes.append("promised act is conflictual: THREATEN")
        if reading.negated and frame.negated_as:
            notes.append(f"negated {plover}: {frame.negated_as}")
            plover = frame.negated_as
        elif (
            modality == "future"
            and reading.has_condition
            and plover in self.cues.conditional_threat_types
        ):
            notes.append(f"future {plover} on a condition: THREATEN")
            plover = "THREATEN"
        elif modality == "future" and plover in self.cues.intent_types and not reading.negated:
            notes.append(f"future {plover}: intent coded as {self.cues.intent_types[plover]}")
            plover = self.cues.intent_types[plover]
        return plover, notes

    @staticmethod
    def _confidence(
        frame: Frame, clause: Clause, target: Argument, modality: str, governed: list[Hit]
    ) -> float:
        score = frame.confidence
        if target.mentions:
            score += 0.1
        if "inherited" in clause.source.role or clause.source.role == "owner":
            score -= 0.05
        if any(m.antecedent for m in clause.source.mentions):
            score -= 0.05
        if modality == "hypothetical":
            score -= 0.15
        if governed:
            score += 0.05
        return round(min(0.95, max(0.05, score)), 2)

    # --- records -------------------------------------------------------------------------------

    def _coding(self, plover: str, mode: str, cameo: str) -> tuple[str, str, int, float]:
        """The (mode, CAMEO code, quad class, Goldstein weight) an event is recorded with (each
        combination looked up in the ontology once)."""
        key = (plover, mode, cameo)
        if key not in self._codings:
            self._codings[key] = self._look_up_coding(plover, mode, cameo)
        return self._codings[key]

    def _look_up_coding(self, plover: str, mode: str, cameo: str) -> tuple[str, str, int, float]:
        kind = self.ontology.types[plover]
        mode = mode if mode in kind.modes else ""
        if (
            cameo
            and self.ontology.cameo.get(cameo, None)
            and self.ontology.cameo[cameo].plover != plover
        ):
            cameo = ""
        code = self.ontology.code_for(plover, mode, cameo)
        return mode, code.code, code.quad_class, code.goldstein

    def _events(
        self,
        parsed: ParsedArticle,
        sentences: Sentences,
        hit: Hit,
        clause: Clause,
        target: Argument,
        plover: str,
        mode: str,
        cameo: str,
        modality: str,
        negated: bool,
        confidence: float,
        why: str,
    ) -> list[Event]:
        number = sentences.of(hit.trigger)
        origin = sentences.start(number)
        mode, code, quad, goldstein = self._coding(plover, mode, cameo)
        words = [hit.trigger, *(t for n, t in hit.parts.items() if n == "particle")]
        if clause.predicate.i != hit.trigger.i and sentences.of(clause.predicate) == number:
            words.append(clause.predicate)
        trigger_span = (
            min(t.idx for t in words) - origin,
            max(t.idx + len(t) for t in words) - origin,
        )
        events = []
        sources = {_identity(m) for m in clause.source.mentions}
        targets = [m for m in target.mentions if _identity(m) not in sources]
        countries = {m.actor.country for m in clause.source.mentions if m.actor.country}
        if len(sources) > 1 and any(
            m.actor.country in countries or _identity(m) in sources for m in target.mentions
        ):
            targets = []  # "A and B upgraded their ties": reciprocal, no separate target
        sentence = sentences.text(number)
        for source in clause.source.mentions:
            source_actor = EventActor.of(source)
            # never an actor on itself ("Georgia's government ... the government")
            own = [t for t in targets if not _same_actor(source, t)]
            for tgt in own or (None,):
                spans = {"source": _rel(source, origin), "trigger": trigger_span}
                if tgt is not None:
                    spans["target"] = _rel(tgt, origin)
                events.append(
                    Event(
                        id=Event.make_id(
                            parsed.article.id,
                            number,
                            plover,
                            source.actor.code or source.actor.name,
                            (tgt.actor.code or tgt.actor.name) if tgt else None,
                        ),
                        article_id=parsed.article.id,
                        published=parsed.article.published,
                        plover=plover,
                        source=source_actor,
                        target=EventActor.of(tgt) if tgt else None,
                        mode=mode,
                        cameo=code,
                        quad_class=quad,
                        goldstein=goldstein,
                        modality=modality,  # type: ignore[arg-type]
                        negated=negated,
                        sentence_index=number,
                        sentence=sentence,
                        spans=spans,
                        confidence=confidence,
                        why=why,
                    )
                )
        return events

    # --- statements ----------------------------------------------------------------------------

    def _statements(
        self,
        reporter: Token,
        coded: list[Event],
        index: ActorIndex,
        parsed: ParsedArticle,
        sentences: Sentences,
    ) -> Iterable[Decision]:
        """REQUEST and ACCUSE events made by what a speaker says about another actor."""
        speaker_token = args.subject(index.tree, reporter, index.skip)
        speakers = index.phrase(speaker_token) if speaker_token is not None else ()
        if not speakers:
            return
        speaker = Argument(speakers, "speaker", speaker_token)
        excluded = self.cues.claim_speakers_excluded
        may_accuse = not any(
            m.actor.country in excluded or m.actor.sector in excluded for m in speakers
        )
        for comp in args.children(index.tree, reporter, "ccomp"):
            accusable = coded if may_accuse else []
            yield from self._statement(reporter, comp, speaker, accusable, index, parsed, sentences)

    def _statement(
        self,
        reporter: Token,
        comp: Token,
        speaker: Argument,
        coded: list[Event],
        index: ActorIndex,
        parsed: ParsedArticle,
        sentences: Sentences,
    ) -> Iterable[Decision]:
        auxes = {c.lower_ for c in args.children(index.tree, comp, "aux")}
        if auxes & self.cues.obligation_auxiliaries:
            subject = args.subject(index.tree, comp, index.skip)
            found = index.phrase(subject) if subject is not None else ()
            found = tuple(m for m in found if _identity(m) not in map(_identity, speaker.mentions))
            if found:
                frame = Frame("statement-obligation", "VERB", (reporter.lemma_,), "REQUEST")
                hit = Hit(frame, reporter, {})
                clause = Clause(reporter, speaker, (reporter,))
                target = Argument(found, "subject of complement", subject)
                why = f"statement: '{reporter.text}' that another actor must act (REQUEST)"
                events = self._events(
                    parsed,
                    sentences,
                    hit,
                    clause,
                    target,
                    "REQUEST",
                    "",
                    CLAIM_REQUEST_CAMEO,
                    "asserted",
                    False,
                    CLAIM_CONFIDENCE + 0.05,
                    why,
                )
                yield Decision(hit, "coded", events)
        if comp.i < reporter.i:
            return
        first_char = comp.left_edge.idx
        last_char = comp.right_edge.idx + len(comp.right_edge)
        sent_start = sentences.start(sentences.of(reporter))
        speaker_ids = {_identity(m) for m in speaker.mentions}
        speaker_countries = {m.actor.country for m in speaker.mentions}
        for event in coded:
            trigger_char = event.spans["trigger"][0] + sent_start
            inside = first_char <= trigger_char < last_char
            accusable = event.plover in self.cues.accusable or (
                f"{event.plover}/{event.mode}" in self.cues.accusable
            )
            if not inside or not accusable or event.negated or event.modality != "reported":
                continue
            culprit = index.starting_at(event.spans["source"][0] + sent_start)
            culprits = (
                [culprit]
                if culprit
                and _identity(culprit) not in speaker_ids
                and culprit.actor.country not in speaker_countries
                else []
            )
            if not culprits:
                continue
            hit = Hit(
                Frame("statement-accusation", "VERB", (reporter.lemma_,), "ACCUSE"), reporter, {}
            )
            clause = Clause(reporter, speaker, (reporter,))
            target = Argument(tuple(culprits), "source of the reported act")
            why = f"statement: '{reporter.text}' that another actor committed {event.plover}"
            events = self._events(
                parsed,
                sentences,
                hit,
                clause,
                target,
                "ACCUSE",
                "disapprove",
                CLAIM_ACCUSE_CAMEO,
                "asserted",
                False,
                CLAIM_CONFIDENCE,
                why,
            )
            yield Decision(hit, "coded", events)


def _fold_protest_aims(decisions: list[Decision]) -> None:
    """A demand that is the aim of a protest by the same actors ("began a hunger strike to
    demand the resignation of X", "blocked roads demanding that he be reinstated", "joined
    demonstrators in demanding a referendum") is not an event of its own: its target becomes
    the protest's target, as the PLOVER gold records code it."""
    protests: dict[int, Decision] = {}
    for decision in decisions:
        if any(e.plover == "PROTEST" for e in decision.events):
            trigger = decision.hit.trigger
            protests.setdefault(trigger.i, decision)
            if decision.hit.frame.pos == "NOUN":
                protests.setdefault(trigger.head.i, decision)  # its light verb: "began a strike"
    if not protests:
        return
    for decision in decisions:
        demands = [e for e in decision.events if e.plover == "REQUEST"]
        if not demands or decision.hit.frame.pos != "VERB":
            continue
        host = _protest_aimed_by(decision.hit.trigger, protests)
        if host is None:
            continue
        sources = {e.source.country for e in host.events}
        if not sources & {e.source.country for e in demands}:
            continue
        aim = next((e for e in demands if e.target is not None), None)
        if aim is not None and aim.target is not None:
            span = aim.spans.get("target")
            host.events = [
                _aimed_at(e, aim.target, span) if e.target is None else e for e in host.events
            ]
        decision.events = [e for e in decision.events if e.plover != "REQUEST"]
        decision.outcome = f"the aim of the protest '{host.hit.trigger.text}' (its target)"


def _protest_aimed_by(demand: Token, protests: dict[int, Decision]) -> Decision | None:
    """The protest whose purpose or manner clause holds the demand verb, if any."""
    token = demand
    for _ in range(PURPOSE_CLIMB):
        if token.dep_ not in PURPOSE_DEPS or token.head.i == token.i:
            return None
        token = token.head
        if token.i in protests:
            return protests[token.i]
    return None


def _aimed_at(protest: Event, target: EventActor, span: tuple[int, int] | None) -> Event:
    """``protest`` with ``target`` (at ``span`` in the sentence), the target of the demand it
    was held for."""
    spans = dict(protest.spans)
    if span is not None:
        spans["target"] = span
    return replace(
        protest,
        id=Event.make_id(
            protest.article_id,
            protest.sentence_index,
            protest.plover,
            protest.source.code or protest.source.name,
            target.code or target.name,
        ),
        target=target,
        spans=spans,
        why=f"{protest.why}; target: of the demand it was held for",
    )


def _keep_best(decisions: list[Decision]) -> None:
    """Keep one event per id (the most confident; the first on ties), dropping repeats."""
    best: dict[str, Event] = {}
    for event in (e for d in decisions for e in d.events):
        if event.id not in best or event.confidence > best[event.id].confidence:
            best[event.id] = event
    kept = {id(e) for e in best.values()}
    for decision in decisions:
        decision.events = [e for e in decision.events if id(e) in kept]


@cache
def _complement_frame(plover: str) -> Frame:
    """The frame of a trigger's complement clause, searched for the trigger's target (built once
    per PLOVER type: a frame has some twenty fields to set)."""
    return Frame(id="complement", pos="VERB", lemmas=(), plover=plover)


def _all_forces(clause: Clause, cues: Cues) -> bool:
    """Whether every source actor is a security force (soldiers, police, peacekeepers)."""
    sources = clause.source.mentions
    return bool(sources) and all(m.actor.sector in cues.force_sectors for m in sources)


def _names_place(head: Token | None, cues: Cues) -> bool:
    """Whether an argument's head word names a place ("the town", "the Bosnian town of X")."""
    return head is not None and head.lemma_.lower() in cues.place_nouns


def _misparsed_objects(tree: args.Tree, verb: Token) -> list[Token]:
    """Clausal complements of ``verb`` that are its object noun tagged as a verb: no subject,
    no auxiliary, a plural form with a noun compound ("rejected opposition calls for ...")."""
    return [
        c
        for c in tree.children(verb)
        if c.dep_ == "ccomp"
        and c.tag_ in ("VBZ", "NNS")
        and not any(g.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for g in tree.children(c))
        and any(g.dep_ == "compound" for g in tree.children(c))
    ]


def _actor_compounds(noun: Token, index: ActorIndex) -> list[Token]:
    """Common-noun modifiers of ``noun`` that are actor mentions of their own ("opposition
    calls", "rebel demands"); adjectives ("military aid") stay things."""
    return [
        c
        for c in index.tree.children(noun)
        if c.dep_ == "compound" and c.pos_ == "NOUN" and index.at(c) is not None
    ]


def _heads(head: Token | None, index: ActorIndex) -> set[Mention]:
    """The mentions that head an argument: the one covering its head word, or, when that word
    names no one, those "of" it ("thousands of supporters", "dozens of Palestinians")."""
    if head is None:
        return set()
    own = index.at(head)
    if own is not None:
        return {own}
    return {
        m
        for prep in index.tree.children(head)
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for obj in index.tree.children(prep)
        if obj.dep_ == "pobj" and (m := index.at(obj)) is not None
    }


def _identity(mention: Mention) -> tuple[str, str]:
    return (mention.actor.code, mention.actor.name)


def _same_actor(source: Mention, target: Mention) -> bool:
    """Whether ``target`` is ``source`` itself: the same identity, or the same actor code
    ("GEOGOV" → "GEOGOV") for a target that is no individual (a prime minister may accuse a
    politician of his own government, but not "the government" he heads)."""
    code = source.actor.code
    return _identity(source) == _identity(target) or (
        bool(code) and code == target.actor.code and not _individual(target)
    )


def _individual(mention: Mention) -> bool:
    """Whether ``mention`` names a person (in the knowledge base or unknown to it)."""
    return mention.actor.kb_id.startswith("person:") or not mention.actor.kb_id


def _rel(mention: Mention, origin: int) -> tuple[int, int]:
    """The offsets of ``mention`` relative to its sentence's text, which starts at ``origin``."""
    return (mention.start - origin, mention.end - origin)


_CODERS: dict[int, Coder] = {}


def coder_for(vocab: Vocab, extra_frames: Iterable[str | Path] = ()) -> Coder:
    """The coder for ``vocab`` (compiled once per vocabulary and set of extra frame files)."""
    extra = tuple(str(p) for p in extra_frames)
    key = hash((id(vocab), extra))
    if key not in _CODERS:
        ontology = load_ontology()
        _CODERS[key] = Coder(vocab, ontology, load_frames(ontology, extra))
    return _CODERS[key]
