"""Trigger frames and grammatical cues, read from data files; the frame matcher.

A *frame* (``data/frames.yaml``) is a trigger word with optional required dependents (object,
particle, preposition, compound modifier) and the PLOVER/CAMEO coding it stands for; trigger
words are found with spaCy's ``PhraseMatcher`` on lemmas and the dependents are checked on the
parse. *Cues* (``data/cues.yaml``) are the word lists the coder reads around a trigger: light
verbs, reporting verbs, modality and negation words.

Users extend the frames with their own YAML files (same format, a top-level ``frames:`` list): pass
their paths to ``load_frames`` or name them, separated by ``:``, in ``$POLYBIUS_EVENT_FRAMES``.
A user frame with an existing ``id`` replaces it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from polybius.events.arguments import Tree
from polybius.events.ontology import Ontology

DATA = Path(__file__).parent / "data"
FRAMES_ENV = "POLYBIUS_EVENT_FRAMES"
OBJECT_DEPS = ("dobj", "nsubjpass", "attr", "oprd")
PREP_DEPS = ("prep", "agent", "dative")
MODIFIER_DEPS = ("compound", "amod", "nmod")
POS_TAGS = {"VERB": ("VERB",), "NOUN": ("NOUN", "PROPN")}
TRIGGER_KEY = "TRIGGER"
REPORT_KEY = "REPORT"
DEFAULT_CONFIDENCE = 0.7


class FrameError(ValueError):
    """A frame file that cannot be used: names the file and the frame."""


def _words(value: Any) -> tuple[str, ...]:
    """A word or list of words, lower-cased; YAML's unquoted on/off/yes/no (read as booleans)
    are refused."""
    if value is None:
        return ()
    values = [value] if isinstance(value, str | bool) else list(value)
    if any(isinstance(v, bool) for v in values):
        raise FrameError(f"{values}: quote on/off/yes/no in YAML, they are read as true/false")
    return tuple(str(v).lower() for v in values)


@dataclass(frozen=True)
class Frame:
    """One trigger frame (see the header of ``data/frames.yaml`` for every field)."""

    id: str
    pos: str
    lemmas: tuple[str, ...]
    plover: str
    mode: str = ""
    cameo: str = ""
    object: tuple[str, ...] = ()
    particle: tuple[str, ...] = ()
    prep: tuple[str, ...] = ()
    prep_object: tuple[str, ...] = ()
    compound: tuple[str, ...] = ()
    xcomp: tuple[str, ...] = ()
    target: tuple[str, ...] | None = None
    negated_as: str = ""
    targeted_as: str = ""
    forces_as: str = ""
    commissive: bool = False
    symmetric: bool = False
    subject_is_source: bool = False
    needs_target: bool = False
    target_from_context: bool = False
    confidence: float = DEFAULT_CONFIDENCE

    @property
    def specificity(self) -> int:
        """How many words the frame constrains (a more specific frame wins on the same trigger)."""
        names = ("object", "particle", "prep", "compound", "xcomp")
        return 1 + sum(bool(getattr(self, n)) for n in names)

    def describe(self) -> str:
        """A short human-readable form: ``verb 'impose' + object 'sanction'``."""
        parts = [f"{self.pos.lower()} {'/'.join(self.lemmas[:3])}"]
        for name in ("object", "particle", "prep", "prep_object", "compound", "xcomp"):
            words = getattr(self, name)
            if words:
                parts.append(f"{name.replace('_', ' ')} {'/'.join(words[:3])}")
        return " + ".join(parts)

    def bind(self, trigger: Token, tree: Tree) -> dict[str, Token] | None:
        """The frame's required dependents of ``trigger`` by node name, or None if one is missing.

        ``trigger`` already has one of the frame's lemmas and its part of speech; ``tree`` is its
        document's dependency tree.
        """
        parts: dict[str, Token] = {}
        children = tree.children(trigger)
        if self.object:
            found = _child(children, OBJECT_DEPS, self.object, lemma=True)
            if found is None:  # "held seven hours of talks", "launched 10 days of war games"
                found = next(
                    (
                        inner
                        for c in children
                        if c.dep_ in OBJECT_DEPS
                        for p in tree.children(c)
                        if p.dep_ == "prep" and p.lower_ == "of"
                        for inner in tree.children(p)
                        if inner.dep_ == "pobj" and inner.lemma_.lower() in self.object
                    ),
                    None,
                )
            if found is None:  # "expel the diplomats still working there": parsed as a clause
                found = next(
                    (
                        inner
                        for c in children
                        if c.dep_ == "ccomp" and c.tag_ == "VBG"
                        for inner in tree.children(c)
                        if inner.dep_ == "nsubj" and inner.lemma_.lower() in self.object
                    ),
                    None,
                )
            if found is None:
                return None
            parts["object"] = found
        if self.particle:
            found = _child(children, ("prt",), self.particle)
            if found is None:
                return None
            parts["particle"] = found
        if self.prep:
            preps = [c for c in children if c.dep_ in PREP_DEPS and c.lower_ in self.prep]
            if self.prep_object:
                for prep in preps:
                    found = _child(tree.children(prep), ("pobj",), self.prep_object, lemma=True)
                    if found is not None:
                        parts["prep"], parts["prep_object"] = prep, found
                        break
                else:
                    return None
            elif preps:
                parts["prep"] = preps[0]
            else:
                return None
        if self.compound:
            found = _child(children, MODIFIER_DEPS, self.compound)
            if found is None:
                return None
            parts["compound"] = found
        if self.xcomp:
            found = _child(children, ("xcomp", "ccomp"), self.xcomp, lemma=True)
            if found is None:
                return None
            parts["xcomp"] = found
        return parts


def _child(
    children: list[Token], deps: tuple[str, ...], words: tuple[str, ...], lemma: bool = False
) -> Token | None:
    for child in children:
        if child.dep_ in deps and (child.lemma_.lower() if lemma else child.lower_) in words:
            return child
    return None


@dataclass(frozen=True)
class Cues:
    """The word lists of ``data/cues.yaml`` (each documented there)."""

    light_verbs: frozenset[str]
    frame_prepositions: frozenset[str]
    reporting_verbs: frozenset[str]
    future_governors: frozenset[str]
    future_auxiliaries: frozenset[str]
    hypothetical_governors: frozenset[str]
    hypothetical_auxiliaries: frozenset[str]
    conditional_marks: frozenset[str]
    past_future_auxiliaries: frozenset[str]
    obligation_auxiliaries: frozenset[str]
    capacity_governors: frozenset[str]
    negation_words: frozenset[str]
    negating_governors: frozenset[str]
    intent_types: dict[str, str]
    accusable: frozenset[str]
    claim_speakers_excluded: frozenset[str]
    default_verb_target: tuple[str, ...]
    default_noun_target: tuple[str, ...]
    dateline: re.Pattern[str] | None = None
    location_target_types: frozenset[str] = field(default_factory=frozenset)
    force_sectors: frozenset[str] = field(default_factory=frozenset)
    response_verbs: frozenset[str] = field(default_factory=frozenset)
    place_nouns: frozenset[str] = field(default_factory=frozenset)
    conditional_threat_types: frozenset[str] = field(default_factory=frozenset)


def _frame(spec: dict[str, Any], source: str, ontology: Ontology) -> Frame:
    try:
        return _checked_frame(spec, source, ontology)
    except FrameError as exc:
        if str(exc).startswith(source):
            raise
        raise FrameError(f"{source}: frame {spec.get('id')}: {exc}") from exc


def _checked_frame(spec: dict[str, Any], source: str, ontology: Ontology) -> Frame:
    fid = spec.get("id")
    if not fid:
        raise FrameError(f"{source}: a frame needs an 'id'")
    if ("verb" in spec) == ("noun" in spec):
        raise FrameError(f"{source}: frame {fid} needs exactly one of 'verb' or 'noun'")
    plover = spec.get("plover", "")
    if plover not in ontology.types:
        raise FrameError(f"{source}: frame {fid} has unknown PLOVER type {plover!r}")
    for key in ("negated_as", "targeted_as", "forces_as"):
        if spec.get(key) and spec[key].partition("/")[0] not in ontology.types:
            raise FrameError(f"{source}: frame {fid} has unknown {key} type {spec[key]!r}")
    negated_as = spec.get("negated_as", "")
    frame = Frame(
        id=fid,
        pos="VERB" if "verb" in spec else "NOUN",
        lemmas=_words(spec.get("verb") or spec.get("noun")),
        plover=plover,
        mode=spec.get("mode", ""),
        cameo=str(spec.get("cameo", "")),
        object=_words(spec.get("object")),
        particle=_words(spec.get("particle")),
        prep=_words(spec.get("prep")),
        prep_object=_words(spec.get("prep_object")),
        compound=_words(spec.get("compound")),
        xcomp=_words(spec.get("xcomp")),
        target=tuple(spec["target"]) if "target" in spec else None,
        negated_as=negated_as,
        targeted_as=spec.get("targeted_as", ""),
        forces_as=spec.get("forces_as", ""),
        commissive=bool(spec.get("commissive", False)),
        symmetric=bool(spec.get("symmetric", False)),
        subject_is_source=bool(spec.get("subject_is_source", False)),
        needs_target=bool(spec.get("needs_target", False)),
        target_from_context=bool(spec.get("target_from_context", False)),
        confidence=float(spec.get("confidence", DEFAULT_CONFIDENCE)),
    )
    if frame.prep_object and not frame.prep:
        raise FrameError(f"{source}: frame {fid} has prep_object without prep")
    try:
        ontology.code_for(frame.plover, frame.mode, frame.cameo)
    except KeyError as exc:
        raise FrameError(f"{source}: frame {fid} names an unknown CAMEO code {exc}") from exc
    return frame


def _frame_paths(extra: Iterable[str | Path]) -> list[Path]:
    paths = [DATA / "frames.yaml", *map(Path, extra)]
    env = os.environ.get(FRAMES_ENV, "")
    paths += [Path(p) for p in env.split(os.pathsep) if p]
    return paths


def load_frames(ontology: Ontology, extra: Iterable[str | Path] = ()) -> list[Frame]:
    """The built-in frames followed by those of ``extra`` files and ``$POLYBIUS_EVENT_FRAMES``.

    Raises ``FrameError`` naming the file and frame for any malformed entry.
    """
    frames: dict[str, Frame] = {}
    for path in _frame_paths(extra):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise FrameError(f"{path}: cannot read frames ({exc})") from exc
        for spec in raw.get("frames") or []:
            frame = _frame(spec, str(path), ontology)
            frames[frame.id] = frame
    return list(frames.values())


@cache
def load_cues(path: Path = DATA / "cues.yaml") -> Cues:
    """Load (once) the cue lists."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    typed = {
        "accusable",
        "location_target_types",
        "conditional_threat_types",
        "default_verb_target",
        "default_noun_target",
        "dateline_pattern",
        "claim_speakers_excluded",
        "force_sectors",
    }
    words = {
        k: frozenset(_words(v)) for k, v in raw.items() if k not in typed and k != "intent_types"
    }
    return Cues(
        **words,
        accusable=frozenset(raw["accusable"]),
        location_target_types=frozenset(raw["location_target_types"]),
        conditional_threat_types=frozenset(raw["conditional_threat_types"]),
        intent_types=dict(raw["intent_types"]),
        dateline=re.compile(raw["dateline_pattern"]),
        claim_speakers_excluded=frozenset(raw["claim_speakers_excluded"]),
        force_sectors=frozenset(raw["force_sectors"]),
        default_verb_target=tuple(raw["default_verb_target"]),
        default_noun_target=tuple(raw["default_noun_target"]),
    )


class FrameMatcher:
    """Finds every frame that matches in a document, and every reporting verb.

    spaCy's ``PhraseMatcher`` on lemmas finds the candidate trigger words in one pass (a hash
    lookup per token); each candidate's frames then check its part of speech and their required
    dependents on the parse (``Frame.bind``). Measured on this machine, this is over twenty times
    faster than compiling the frames into one ``DependencyMatcher`` (which evaluates every node of
    every frame on every token) and several times faster than a token ``Matcher`` with lemma sets.
    """

    def __init__(self, vocab: Vocab, frames: list[Frame], reporting_verbs: Iterable[str]) -> None:
        self.lemmas = PhraseMatcher(vocab, attr="LEMMA")
        self.by_lemma: dict[str, list[Frame]] = {}
        for frame in frames:
            for lemma in frame.lemmas:
                self.by_lemma.setdefault(lemma, []).append(frame)
        self.lemmas.add(TRIGGER_KEY, [_lemma_doc(vocab, w) for w in sorted(self.by_lemma)])
        self.lemmas.add(REPORT_KEY, [_lemma_doc(vocab, w) for w in sorted(reporting_verbs)])

    def __call__(
        self, doc: Doc, tree: Tree | None = None
    ) -> tuple[list[tuple[Frame, Token, dict[str, Token]]], list[Token]]:
        """(frame, trigger, required dependents by node name) for every match in ``doc``, and the
        reporting verbs of ``doc``; ``tree``: the document's dependency tree, if already made."""
        if tree is None:
            tree = Tree(doc)
        found, reporters = [], []
        strings = doc.vocab.strings
        for key, start, _ in self.lemmas(doc):
            token = doc[start]
            if strings[key] == REPORT_KEY:
                if token.pos_ == "VERB":
                    reporters.append(token)
                continue
            pos = token.pos_
            frames = [f for f in self.by_lemma.get(token.lemma_, ()) if pos in POS_TAGS[f.pos]]
            for frame in frames:
                parts = frame.bind(token, tree)
                if parts is not None:
                    found.append((frame, token, parts))
        return found, reporters


def _lemma_doc(vocab: Vocab, lemma: str) -> Doc:
    return Doc(vocab, words=[lemma], lemmas=[lemma])
