"""`polybius code` and `polybius eval` run as a user runs them: as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SEED = SHARED / "seed" / "scraped_news_page.txt"
GSR = SHARED / "plover_gsr" / "dev.jsonl"


def polybius(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "polybius.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=600,
    )


def test_seed_page_is_coded_and_exits_zero() -> None:
    run = polybius("code", str(SEED), "--published", "2023-02-27", "--quiet")
    assert run.returncode == 0, run.stderr
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert records, "the seed page yields events"
    assert all(r["published"] == "2023-02-27" and r["sentence"] for r in records)
    assert not any(r["negated"] for r in records)


def test_bad_inputs_are_reported_one_line_each_and_the_rest_is_coded(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    missing = tmp_path / "missing.txt"
    run = polybius(
        "code",
        str(binary),
        str(SEED),
        str(empty),
        str(missing),
        "--published",
        "2023-02-27",
        "--quiet",
    )
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 3, run.stderr
    for path, line in zip((binary, empty, missing), lines, strict=True):
        assert line.startswith(f"{path}: ") and len(line) > len(str(path)) + 2
    assert run.stdout.strip(), "the good input is still coded"


def test_tsv_has_a_header_and_one_row_per_event() -> None:
    jsonl = polybius("code", str(SEED), "--published", "2023-02-27", "--quiet")
    tsv = polybius("code", str(SEED), "--published", "2023-02-27", "--quiet", "--format", "tsv")
    header, *rows = tsv.stdout.splitlines()
    assert header.split("\t")[:3] == ["id", "article_id", "date"]
    assert len(rows) == len(jsonl.stdout.splitlines())


def test_bad_published_date_is_a_usage_error() -> None:
    run = polybius("code", str(SEED), "--published", "27/02/2023")
    assert run.returncode == 2 and "YYYY-MM-DD" in run.stderr


def test_eval_prints_all_three_measures_as_json() -> None:
    run = polybius("eval", str(GSR), "--json", "--quiet")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["texts"] == 146
    gold_events = sum(len(json.loads(line)["events"]) for line in GSR.open())
    assert report["type"]["tp"] + report["type"]["fn"] <= gold_events
    assert {"type", "type_source_target", "per_type"} <= report.keys()
    assert report["type"]["f1"] > 0.5
