"""The event ontology: PLOVER 2.0 types and modes, CAMEO codes, quad classes and Goldstein weights.

Both tables are data (``data/plover.yaml``, ``data/cameo.csv``), loaded once by ``load_ontology``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class PloverType:
    """One PLOVER type: its quad category, default CAMEO code, score and modes (mode → CAMEO)."""

    name: str
    definition: str
    quad_class: int
    cameo: str
    score: float
    modes: dict[str, str]


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code with its name, Goldstein weight and PLOVER type/mode ("" when unmapped)."""

    code: str
    name: str
    goldstein: float
    plover: str
    mode: str

    @property
    def quad_class(self) -> int:
        """CAMEO quad class from the root: 01-05 → 1, 06-08 → 2, 09-13 → 3, 14-20 → 4."""
        root = int(self.code[:2])
        return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


@dataclass(frozen=True)
class Ontology:
    """The PLOVER types and CAMEO codes, with the lookups the coder needs."""

    types: dict[str, PloverType]
    cameo: dict[str, CameoCode]

    def code_for(self, plover: str, mode: str = "", cameo: str = "") -> CameoCode:
        """The CAMEO code of an event: ``cameo`` if given, else the mode's, else the type's default.

        Raises ``KeyError`` for an unknown PLOVER type or CAMEO code (a data error).
        """
        kind = self.types[plover]
        return self.cameo[cameo or kind.modes.get(mode) or kind.cameo]


def _read_types(path: Path) -> dict[str, PloverType]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {
        name: PloverType(
            name=name,
            definition=spec["definition"],
            quad_class=int(spec["quad_class"]),
            cameo=str(spec["cameo"]),
            score=float(spec["score"]),
            modes={k: str(v) for k, v in (spec.get("modes") or {}).items()},
        )
        for name, spec in raw.items()
    }


def _read_cameo(path: Path) -> dict[str, CameoCode]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return {
        row["code"]: CameoCode(
            row["code"], row["name"], float(row["goldstein"]), row["plover"], row["mode"]
        )
        for row in csv.DictReader(lines)
    }


def validate(ontology: Ontology) -> list[str]:
    """Inconsistencies between the two tables (empty when the data is sound)."""
    problems = []
    for kind in ontology.types.values():
        for mode, code in [("", kind.cameo), *kind.modes.items()]:
            if code not in ontology.cameo:
                problems.append(f"{kind.name} {mode or '(default)'}: unknown CAMEO code {code}")
    for code in ontology.cameo.values():
        if code.plover and code.plover not in ontology.types:
            problems.append(f"CAMEO {code.code}: unknown PLOVER type {code.plover}")
    return problems


@cache
def load_ontology(data_dir: Path = DATA) -> Ontology:
    """Load (once) the PLOVER and CAMEO tables from ``data_dir``."""
    return Ontology(_read_types(data_dir / "plover.yaml"), _read_cameo(data_dir / "cameo.csv"))
