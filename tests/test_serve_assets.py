"""The dashboard's committed build (src/polybius/serve/static/) is the build of frontend/: our own
files copied unchanged, the vendored libraries at the versions package.json pins, and nothing
loaded from another host at run time."""

from __future__ import annotations

import json
import re
from pathlib import Path

from polybius.serve.dashboard import STATIC

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"


def test_static_holds_the_current_frontend_sources() -> None:
    sources = [p for p in (FRONTEND / "src").rglob("*") if p.is_file()]
    assert len(sources) >= 10
    for source in sources:
        built = STATIC / source.relative_to(FRONTEND / "src")
        assert built.is_file(), f"{built} missing: run make frontend"
        assert built.read_bytes() == source.read_bytes(), f"{built} is stale: run make frontend"


def test_vendored_libraries_are_the_pinned_versions() -> None:
    pinned = json.loads((FRONTEND / "package.json").read_text())["dependencies"]
    vendored = {
        v["name"]: v["version"] for v in json.loads((STATIC / "vendor/VERSIONS.json").read_text())
    }
    assert vendored == pinned
    for name in ("echarts.esm.min.js", "swagger/swagger-ui-bundle.js", "swagger/swagger-ui.css"):
        assert (STATIC / "vendor" / name).stat().st_size > 100_000


def test_world_outline_is_flat_map_ready() -> None:
    world = json.loads((STATIC / "vendor/world-110m.geo.json").read_text())
    assert world["type"] == "FeatureCollection" and len(world["features"]) > 150
    names = {f["properties"]["name"] for f in world["features"]}
    assert {"Ukraine", "China", "Brazil", "Fiji", "Russia"} <= names and "Antarctica" not in names
    for country in world["features"]:
        geometry = country["geometry"]
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for ring in (ring for polygon in polygons for ring in polygon):
            jumps = [abs(a[0] - b[0]) for a, b in zip(ring, ring[1:], strict=False)]
            assert max(jumps) <= 180, country["properties"]["name"]


def test_no_asset_is_loaded_from_another_host() -> None:
    own = [
        p
        for p in STATIC.rglob("*")
        if p.suffix in {".html", ".js", ".css"} and "vendor" not in p.parts
    ]
    for path in own:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path
        assert not re.search(r"(import|fetch)\s*\(?\s*[\"'](https?:)?//", text), path
