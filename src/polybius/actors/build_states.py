"""Regenerate ``data/states.csv`` (ISO 3166-1 names and codes) from pycountry.

Run ``python -m polybius.actors.build_states`` after upgrading pycountry; the hand-kept common
names, demonyms and capitals live in ``data/states.yaml`` and are not touched.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry

STATES_CSV = Path(__file__).with_name("data") / "states.csv"
FIELDS = ["alpha3", "alpha2", "name", "official_name", "common_name", "source"]


def rows() -> list[dict[str, str]]:
    """One row per ISO 3166-1 country, sorted by alpha-3 code."""
    source = f"ISO 3166-1 via pycountry {pycountry.__version__}"
    out = []
    for country in pycountry.countries:
        out.append(
            {
                "alpha3": country.alpha_3,
                "alpha2": country.alpha_2,
                "name": country.name,
                "official_name": getattr(country, "official_name", ""),
                "common_name": getattr(country, "common_name", ""),
                "source": source,
            }
        )
    return sorted(out, key=lambda r: r["alpha3"])


def write(path: Path = STATES_CSV) -> int:
    """Write the CSV to ``path``; returns the number of states written."""
    table = rows()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(table)
    return len(table)


if __name__ == "__main__":
    print(f"{write()} states written to {STATES_CSV}")
