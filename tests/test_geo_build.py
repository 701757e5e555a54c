"""The gazetteer's data files: the committed index is what the build makes of the committed data,
the lexicon rejects YAML's silent booleans, and users can add places."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from polybius.geo import build, gazetteer, lexicon
from polybius.geo.names import fold


def test_committed_index_matches_a_rebuild(tmp_path):
    out = tmp_path / "gazetteer.tsv.gz"
    build.build_index(out)
    assert out.read_bytes() == gazetteer.INDEX.read_bytes(), (
        "data/gazetteer.tsv.gz is stale: run `python -m polybius.geo.build index`"
    )


def test_index_sections_and_sources_are_stated():
    text = gzip.decompress(gazetteer.INDEX.read_bytes()).decode("utf-8")
    assert text.startswith("# built by polybius.geo.build")
    for section in ("[entries]", "[admin1]", "[demonyms]", "[names]", "[positions]"):
        assert f"\n{section}\n" in text
    for data in (build.COUNTRIES_CSV, build.ADMIN1_CSV):
        assert data.read_text(encoding="utf-8").startswith("# ")


def test_every_country_and_region_has_a_point():
    rows = build.read_csv(build.COUNTRIES_CSV)
    g = gazetteer.load()
    placed = [g.country(row["iso3"]) for row in rows]
    assert sum(p is not None for p in placed) >= 245
    for place in placed:
        if place is not None:
            assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180


def test_median_longitude_across_the_antimeridian():
    assert build.median_longitude([179.0, -179.0, 178.0]) == pytest.approx(179.0)
    assert build.median_longitude([10.0, 20.0, 30.0]) == 20.0


def test_region_keys_drop_the_kind_of_region():
    assert build.region_keys("Kharkivs'ka Oblast'") >= {"kharkivska"}
    assert "xinjiang" in build.region_keys("Xinjiang Uygur Zizhiqu")


def test_fold_is_case_accent_and_punctuation_blind():
    assert fold("Rafaḩ") == fold("RAFAH") == "rafah"
    assert fold("Ma'rib") == "marib"
    assert fold("Ivano-Frankivsk") == "ivano frankivsk"
    assert fold("The Hague") == "hague"


def test_lexicon_refuses_unquoted_yaml_booleans(tmp_path):
    source = lexicon.LEXICON_YAML.read_text(encoding="utf-8")
    broken = tmp_path / "lexicon.yaml"
    broken.write_text(source.replace('"off"', "off"), encoding="utf-8")
    with pytest.raises(ValueError, match="non-string"):
        lexicon.load(broken)


def test_user_places_extend_the_gazetteer(tmp_path: Path):
    extra = tmp_path / "places.yaml"
    extra.write_text(
        "extra:\n"
        "  - {name: Camp Liberty North, kind: city, country: IRQ, lat: 33.3, lon: 44.2,"
        " population: 3000}\n",
        encoding="utf-8",
    )
    g = gazetteer.load(str(extra))
    [place] = g.lookup("camp liberty north")
    assert (place.country, place.kind, place.id) == ("IRQ", "city", "user:camp liberty north")
    assert gazetteer.load().lookup("Camp Liberty North") == []
