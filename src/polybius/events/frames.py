"""Trigger frames and grammatical cues, read from data files and compiled into spaCy patterns.

A *frame* (``data/frames.yaml``) is a trigger word with optional required dependents (object,
particle, preposition, compound modifier) and the PLOVER/CAMEO coding it stands for; each frame
becomes one ``DependencyMatcher`` pattern. *Cues* (``data/cues.yaml``) are the word lists the coder
reads around a trigger: light verbs, reporting verbs, modality and negation words.

Users extend the frames with their own YAML files (same format, a top-level ``frames:`` list): pass
their paths to ``load_frames`` or name them, separated by ``:``, in ``$POLYBIUS_EVENT_FRAMES``.
A user frame with an existing ``id`` replaces it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from spacy.matcher import DependencyMatcher
from spacy.vocab import Vocab

from polybius.events.ontology import Ontology

DATA = Path(__file__).parent / "data"
FRAMES_ENV = "POLYBIUS_EVENT_FRAMES"
OBJECT_DEPS = ["dobj", "nsubjpass", "attr", "oprd", "pobj"]
MODIFIER_DEPS = ["compound", "amod", "nmod"]
DEFAULT_CONFIDENCE = 0.7


class FrameError(ValueError):
    """A frame file that cannot be used: names the file and the frame."""


def _words(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.lower(),)
    return tuple(str(v).lower() for v in value)


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
    target: tuple[str, ...] | None = None
    negated_as: str = ""
    commissive: bool = False
    subject_is_source: bool = False
    needs_target: bool = False
    confidence: float = DEFAULT_CONFIDENCE

    @property
    def nodes(self) -> list[str]:
        """The names of the pattern's nodes, in the order the matcher returns their tokens."""
        names = ["trigger"]
        for name in ("object", "particle", "prep", "prep_object", "compound"):
            if getattr(self, name):
                names.append(name)
        return names

    @property
    def specificity(self) -> int:
        """How many words the frame constrains (a more specific frame wins on the same trigger)."""
        return len(self.nodes)

    def describe(self) -> str:
        """A short human-readable form: ``verb 'impose' + object 'sanction'``."""
        parts = [f"{self.pos.lower()} {'/'.join(self.lemmas[:3])}"]
        for name in ("object", "particle", "prep", "prep_object", "compound"):
            words = getattr(self, name)
            if words:
                parts.append(f"{name.replace('_', ' ')} {'/'.join(words[:3])}")
        return " + ".join(parts)

    def pattern(self) -> list[dict[str, Any]]:
        """The frame as a spaCy ``DependencyMatcher`` pattern."""
        pos = ["VERB"] if self.pos == "VERB" else ["NOUN", "PROPN"]
        nodes: list[dict[str, Any]] = [
            {
                "RIGHT_ID": "trigger",
                "RIGHT_ATTRS": {"LEMMA": {"IN": list(self.lemmas)}, "POS": {"IN": pos}},
            }
        ]

        def child(name: str, attrs: dict[str, Any], parent: str = "trigger") -> None:
            nodes.append({"LEFT_ID": parent, "REL_OP": ">", "RIGHT_ID": name, "RIGHT_ATTRS": attrs})

        if self.object:
            child("object", {"DEP": {"IN": OBJECT_DEPS[:4]}, "LEMMA": {"IN": list(self.object)}})
        if self.particle:
            child("particle", {"DEP": "prt", "LOWER": {"IN": list(self.particle)}})
        if self.prep:
            child(
                "prep",
                {"DEP": {"IN": ["prep", "agent", "dative"]}, "LOWER": {"IN": list(self.prep)}},
            )
        if self.prep_object:
            child("prep_object", {"DEP": "pobj", "LEMMA": {"IN": list(self.prep_object)}}, "prep")
        if self.compound:
            child("compound", {"DEP": {"IN": MODIFIER_DEPS}, "LOWER": {"IN": list(self.compound)}})
        return nodes


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
    negation_words: frozenset[str]
    negating_governors: frozenset[str]
    intent_types: dict[str, str]
    accusable: frozenset[str]
    default_verb_target: tuple[str, ...]
    default_noun_target: tuple[str, ...]
    location_target_types: frozenset[str] = field(default_factory=frozenset)


def _frame(spec: dict[str, Any], source: str, ontology: Ontology) -> Frame:
    fid = spec.get("id")
    if not fid:
        raise FrameError(f"{source}: a frame needs an 'id'")
    if ("verb" in spec) == ("noun" in spec):
        raise FrameError(f"{source}: frame {fid} needs exactly one of 'verb' or 'noun'")
    plover = spec.get("plover", "")
    if plover not in ontology.types:
        raise FrameError(f"{source}: frame {fid} has unknown PLOVER type {plover!r}")
    negated_as = spec.get("negated_as", "")
    if negated_as and negated_as not in ontology.types:
        raise FrameError(f"{source}: frame {fid} has unknown negated_as type {negated_as!r}")
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
        target=tuple(spec["target"]) if "target" in spec else None,
        negated_as=negated_as,
        commissive=bool(spec.get("commissive", False)),
        subject_is_source=bool(spec.get("subject_is_source", False)),
        needs_target=bool(spec.get("needs_target", False)),
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
    typed = {"accusable", "location_target_types", "default_verb_target", "default_noun_target"}
    words = {
        k: frozenset(_words(v)) for k, v in raw.items() if k not in typed and k != "intent_types"
    }
    return Cues(
        **words,
        accusable=frozenset(raw["accusable"]),
        location_target_types=frozenset(raw["location_target_types"]),
        intent_types=dict(raw["intent_types"]),
        default_verb_target=tuple(raw["default_verb_target"]),
        default_noun_target=tuple(raw["default_noun_target"]),
    )


def build_matcher(vocab: Vocab, frames: list[Frame]) -> DependencyMatcher:
    """One ``DependencyMatcher`` holding every frame's pattern, keyed by frame id."""
    matcher = DependencyMatcher(vocab, validate=True)
    for frame in frames:
        matcher.add(frame.id, [frame.pattern()])
    return matcher
