"""The temporal stage's knowledge: the lexicon and the Matcher patterns, loaded once.

Both live in ``temporal/data/`` (``lexicon.yaml``, ``patterns.yaml``). A user file named by the
``POLYBIUS_TEMPORAL_RULES`` environment variable (or passed to ``load_rules``) extends them: its
``lexicon`` tables are merged into the defaults (mappings updated, lists extended), its ``tokens``
are added to the named token specs and its ``groups`` are appended to the pattern groups.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
RULES_ENV = "POLYBIUS_TEMPORAL_RULES"


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class PatternGroup:
    """Matcher patterns that share a label (the kind of expression) and a carry flag."""

    label: str
    carry: bool
    patterns: tuple[tuple[dict[str, Any], ...], ...]

    @property
    def key(self) -> str:
        """The Matcher key of this group: label and carry flag together."""
        return f"{self.label}{'+carry' if self.carry else ''}"


@dataclass(frozen=True)
class Lexicon:
    """The word tables the resolver and the tense reader use (see ``data/lexicon.yaml``)."""

    months: dict[str, int]
    weekdays: dict[str, int]
    parts_of_day: frozenset[str]
    counts: dict[str, tuple[int, int]]
    units: dict[str, tuple[str, int]]
    modifiers: dict[str, str]
    seasons: dict[str, tuple[int, int]]
    quarter_ordinals: dict[str, int]
    relative_days: dict[str, int]
    future_auxiliaries: frozenset[str]
    future_heads: frozenset[str]
    bound_prepositions: frozenset[str]
    start_prepositions: frozenset[str]
    uncarried_lemmas: frozenset[str]
    simultaneous_markers: frozenset[str]
    same_day_measures: frozenset[str]
    span_prefixes: dict[str, frozenset[str]]
    anchors: frozenset[str]
    anchor_shapes: frozenset[str]


@dataclass(frozen=True)
class Rules:
    """The lexicon and the expanded pattern groups."""

    lexicon: Lexicon
    groups: tuple[PatternGroup, ...]


def load_rules(extra: str | Path | None = None) -> Rules:
    """The default rules, extended by ``extra`` or ``$POLYBIUS_TEMPORAL_RULES`` when given.

    Returns a cached ``Rules`` for each distinct extension path; raises ``RulesError`` when a file
    is missing, is not YAML, or names a table or token that does not exist.
    """
    chosen = extra if extra is not None else os.environ.get(RULES_ENV) or None
    return _load(str(Path(chosen).resolve()) if chosen else None)


@cache
def _load(extra: str | None) -> Rules:
    lexicon = _read(DATA / "lexicon.yaml")
    patterns = _read(DATA / "patterns.yaml")
    if extra:
        _extend(lexicon, patterns, _read(Path(extra)), extra)
    return Rules(_lexicon(lexicon), _groups(patterns, lexicon))


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise RulesError(f"{path}: expected a mapping at the top level")
    return data


def _extend(
    lexicon: dict[str, Any], patterns: dict[str, Any], user: dict[str, Any], where: str
) -> None:
    for name, table in (user.get("lexicon") or {}).items():
        if name not in lexicon:
            raise RulesError(f"{where}: unknown lexicon table {name!r}")
        if isinstance(lexicon[name], dict) and isinstance(table, dict):
            lexicon[name].update(table)
        elif isinstance(lexicon[name], list) and isinstance(table, list):
            lexicon[name].extend(table)
        else:
            raise RulesError(f"{where}: lexicon table {name!r} has the wrong shape")
    patterns["tokens"].update(user.get("tokens") or {})
    patterns["groups"].extend(user.get("groups") or [])


def _range(value: Any) -> tuple[int, int]:
    return (value[0], value[1]) if isinstance(value, list) else (value, value)


def _lexicon(raw: dict[str, Any]) -> Lexicon:
    return Lexicon(
        months={k.lower(): int(v) for k, v in raw["months"].items()},
        weekdays={k.lower(): int(v) for k, v in raw["weekdays"].items()},
        parts_of_day=frozenset(raw["parts_of_day"]),
        counts={k.lower(): _range(v) for k, v in raw["counts"].items()},
        units={k.lower(): (v[0], int(v[1])) for k, v in raw["units"].items()},
        modifiers={k.lower(): v for k, v in raw["modifiers"].items()},
        seasons={k.lower(): _range(v) for k, v in raw["seasons"].items()},
        quarter_ordinals={k.lower(): int(v) for k, v in raw["quarter_ordinals"].items()},
        relative_days={k.lower(): int(v) for k, v in raw["relative_days"].items()},
        future_auxiliaries=frozenset(raw["future_auxiliaries"]),
        future_heads=frozenset(raw["future_heads"]),
        bound_prepositions=frozenset(raw["bound_prepositions"]),
        start_prepositions=frozenset(raw["start_prepositions"]),
        uncarried_lemmas=frozenset(raw["uncarried_lemmas"]),
        simultaneous_markers=frozenset(raw["simultaneous_markers"]),
        same_day_measures=frozenset(raw["same_day_measures"]),
        span_prefixes={k: frozenset(v) for k, v in raw["span_prefixes"].items()},
        anchors=_anchors(raw),
        anchor_shapes=frozenset(raw["anchor_shapes"]),
    )


def _anchors(raw: dict[str, Any]) -> frozenset[str]:
    words = {str(w).lower() for w in raw["anchor_words"]}
    for name in raw["anchor_tables"]:
        if name not in raw:
            raise RulesError(f"anchor_tables names an unknown lexicon table {name!r}")
        words.update(str(k).lower() for k in raw[name])
    return frozenset(words)


def _groups(raw: dict[str, Any], lexicon: dict[str, Any]) -> tuple[PatternGroup, ...]:
    tokens = {name: _expand_tables(spec, lexicon) for name, spec in raw["tokens"].items()}
    groups = []
    for group in raw["groups"]:
        patterns = tuple(
            tuple(_expand_tables(_token(item, tokens, group["label"]), lexicon) for item in pattern)
            for pattern in group["patterns"]
        )
        for pattern in patterns:
            if not any(anchor_values(token, lexicon) for token in pattern):
                raise RulesError(
                    f"pattern group {group['label']}: {list(pattern)} has no anchor token "
                    "(a required token whose words or shapes are all anchors in lexicon.yaml)"
                )
        groups.append(PatternGroup(group["label"], bool(group.get("carry", True)), patterns))
    return tuple(groups)


def anchor_values(token: dict[str, Any], lexicon: Lexicon | dict[str, Any]) -> frozenset[str]:
    """The anchor words or shapes a required token spec accepts; empty when it accepts any other
    word (an optional token, or one that is not an anchor)."""
    if isinstance(lexicon, Lexicon):
        anchors, shapes = lexicon.anchors, lexicon.anchor_shapes
    else:
        anchors, shapes = _anchors(lexicon), frozenset(lexicon["anchor_shapes"])
    if token.get("OP") not in (None, "+"):
        return frozenset()
    for attribute, allowed in (("LOWER", anchors), ("SHAPE", shapes)):
        value = token.get(attribute)
        values = value.get("IN") if isinstance(value, dict) else [value] if value else None
        if values and all(str(v).lower() in allowed for v in values):
            return frozenset(str(v).lower() if attribute == "LOWER" else str(v) for v in values)
    return frozenset()


def _token(item: Any, tokens: dict[str, dict[str, Any]], label: str) -> dict[str, Any]:
    if isinstance(item, str) and item.startswith("$"):
        if item[1:] not in tokens:
            raise RulesError(f"pattern group {label}: unknown token {item!r}")
        return copy.deepcopy(tokens[item[1:]])
    if not isinstance(item, dict):
        raise RulesError(f"pattern group {label}: {item!r} is not a token spec")
    return item


def _expand_tables(spec: Any, lexicon: dict[str, Any]) -> Any:
    """Replace every ``"@table"`` in ``spec`` by the (lower-cased) keys or items of that table."""
    if isinstance(spec, dict):
        return {k: _expand_tables(v, lexicon) for k, v in spec.items()}
    if isinstance(spec, list):
        return [_expand_tables(v, lexicon) for v in spec]
    if isinstance(spec, str) and spec.startswith("@"):
        table = lexicon.get(spec[1:])
        if table is None:
            raise RulesError(f"unknown lexicon table {spec!r} in a token spec")
        return sorted(str(k).lower() for k in table)
    return spec
