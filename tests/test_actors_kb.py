"""The actor knowledge base: data-file integrity, the user file, errors, and the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from polybius import actors
from polybius.actors import kb
from polybius.cli import app

DATA = Path(kb.__file__).with_name("data")


def test_every_iso_state_is_in_the_knowledge_base():
    with (DATA / "states.csv").open(encoding="utf-8") as handle:
        iso = {row["alpha3"] for row in csv.DictReader(handle)}
    base = kb.load(None)
    assert len(iso) >= 249
    assert all(base.state(code) is not None for code in iso)
    assert base.state("XKX") is not None  # Kosovo: not in ISO 3166-1, kept by hand


def test_hand_kept_state_codes_exist_and_terms_use_known_titles():
    with (DATA / "states.csv").open(encoding="utf-8") as handle:
        iso = {row["alpha3"] for row in csv.DictReader(handle)}
    hand = yaml.safe_load((DATA / "states.yaml").read_text(encoding="utf-8"))
    assert set(hand) - iso == {"XKX"}
    titles = set(yaml.safe_load((DATA / "sectors.yaml").read_text(encoding="utf-8"))["titles"])
    base = kb.load(None)
    people = [e for e in base.entries.values() if e.kind == "person"]
    assert len(people) > 400
    for person in people:
        assert base.state(person.country) or person.country in {"IGO", "IMG"}, person.kb_id
        for term in person.terms:
            assert term.title in titles, (person.kb_id, term.title)
            assert term.end is None or term.start < term.end, person.kb_id


def test_user_file_adds_and_overrides(tmp_path, monkeypatch):
    extra = tmp_path / "actors.yaml"
    extra.write_text(
        yaml.safe_dump(
            {
                "organizations": [
                    {
                        "id": "org:example-brigade",
                        "name": "Example Brigade",
                        "code": "SDNREB",
                        "country": "SDN",
                        "sector": "REB",
                        "names": ["Example Brigade"],
                    },
                    {"id": "org:hamas", "sector": "PTY", "code": "PSEPTY"},
                ],
                "people": [
                    {
                        "id": "person:jane-doe",
                        "name": "Jane Doe",
                        "aliases": ["Doe"],
                        "country": "GBR",
                        "terms": [["prime minister", "2030-01-01", None]],
                    },
                    {
                        "id": "person:starmer",
                        "terms": [["prime minister", "2024-07-05", "2030-01-01"]],
                    },
                ],
                "agents": {"CVL": ["commuters"]},
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv(kb.USER_FILE_ENV, str(extra))
    assert actors.lookup("the Example Brigade").actor.code == "SDNREB"
    assert actors.lookup("Hamas").actor.sector == "PTY"
    assert actors.lookup("the British prime minister", "2031-05-01").actor.name == "Jane Doe"
    assert actors.lookup("Kenyan commuters").actor.code == "KENCVL"
    monkeypatch.delenv(kb.USER_FILE_ENV)
    assert actors.lookup("Hamas").actor.sector == "REB"


def test_malformed_user_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - {id: person:x, name: X, country: FRA, terms: [[president]]}\n")
    with pytest.raises(kb.KnowledgeBaseError, match="person:x"):
        kb.load(bad)
    broken = tmp_path / "broken.yaml"
    broken.write_text("people: [unclosed\n")
    with pytest.raises(kb.KnowledgeBaseError, match="broken.yaml"):
        kb.load(broken)


def test_cli_lookup_json_and_exit_code():
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "actors",
            "lookup",
            "the Belarusian leader",
            "Russian troops",
            "--date",
            "2023-02-27",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["code"] for r in rows] == ["BLRGOV", "RUSMIL"]
    assert rows[0]["name"] == "Alexander Lukashenko"
    assert set(rows[0]) == {"text", "name", "code", "country", "sector", "kb_id", "why"}
    missing = runner.invoke(app, ["actors", "lookup", "the weather"])
    assert missing.exit_code == 1
    bad_date = runner.invoke(app, ["actors", "lookup", "China", "--date", "27/02/2023"])
    assert bad_date.exit_code != 0
