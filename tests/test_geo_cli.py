"""``polybius where``: text or path in, place mentions out (table or one JSON array)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from polybius.cli import app

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "seed"
runner = CliRunner()


def test_where_text_json():
    text = "The summit was held in Samarkand, Uzbekistan, and troops massed north of Kyiv."
    result = runner.invoke(app, ["where", text, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["text"], r["country"], r["precision"]) for r in rows] == [
        ("Samarkand", "UZB", "city"),
        ("Uzbekistan", "UZB", "country"),
        ("Kyiv", "UKR", "city"),
    ]
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
        assert {"name", "admin1", "lat", "lon", "geonames_id"} <= set(r)


def test_where_path_lists_the_seed_page_places():
    result = runner.invoke(app, ["where", str(SEED / "scraped_news_page.txt")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [
        "span", "text", "name", "country", "admin1", "lat", "lon", "precision"
    ]  # fmt: skip
    found = {tuple(line.split("\t")[1:4]) for line in lines[1:]}
    assert {("Uzbekistan", "Uzbekistan", "UZB"), ("Moscow", "Moscow", "RUS")} <= found


def test_where_missing_file_is_an_error():
    result = runner.invoke(app, ["where", "no/such/article.html"])
    assert result.exit_code == 1
    assert "no such file" in result.output
