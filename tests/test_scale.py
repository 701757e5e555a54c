"""Batch runs on the local process pool: output layout, exact round trip, resume, bad inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polybius import ingest, pipeline
from polybius.model import Article, Event, EventActor, Failure, Location
from polybius.scale import BatchError, read_failures, read_output, run_batch
from polybius.scale.layout import MANIFEST_FILE, OutputFolder
from polybius.scale.records import from_table, to_table
from polybius.scale.synthetic import paragraphs, synthesize, write_jsonl

GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "plover_gsr" / "dev.jsonl"


def make_corpus(folder: Path, count: int, words: int = 120) -> Path:
    """A JSON lines corpus of ``count`` articles recombined from the PLOVER gold sentences."""
    pool = paragraphs(r for r in ingest.read([str(GOLD)]) if isinstance(r, Article))
    return write_jsonl(synthesize(pool, count, words=words, seed=7), folder / "corpus.jsonl")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus"), 40)


@pytest.fixture(scope="module")
def expected(corpus: Path) -> dict[str, pipeline.CodedArticle]:
    """What the pipeline itself makes of the corpus, article by article."""
    coded = pipeline.code_articles(ingest.read([str(corpus)]))
    return {c.article.id: c for c in coded if isinstance(c, pipeline.CodedArticle)}


@pytest.fixture(scope="module")
def batch_out(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "out"
    run_batch([str(corpus)], out, workers=2, shard_size=7, quiet=True)
    return out


# --- records ---------------------------------------------------------------------------------

text = st.text(max_size=12)
maybe_text = st.none() | text
actors = st.builds(EventActor, text, text, text, text, text, text)
finite = st.floats(allow_nan=False, allow_infinity=False)
locations = st.builds(
    Location,
    text,
    text,
    st.none() | finite,
    st.none() | finite,
    st.sampled_from(["city", "admin1", "country"]),
)
spans = st.dictionaries(
    st.sampled_from(["source", "target", "trigger", "date"]),
    st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)),
)
events = st.builds(
    Event,
    id=text,
    article_id=text,
    published=maybe_text,
    plover=text,
    source=actors,
    target=st.none() | actors,
    quad_class=st.integers(-4, 4),
    goldstein=finite,
    date=maybe_text,
    date_precision=st.sampled_from(["day", "month", "year", "publication"]),
    modality=st.sampled_from(["asserted", "future", "hypothetical", "reported"]),
    negated=st.booleans(),
    location=st.none() | locations,
    sentence_index=st.integers(0, 500),
    spans=spans,
    confidence=finite,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(events, max_size=5))
def test_events_round_trip_through_arrow_exactly(records: list[Event]) -> None:
    assert list(from_table(to_table(records, Event), Event)) == records


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.builds(Article, text, text, published=maybe_text, duplicates=st.lists(text).map(tuple)),
        max_size=4,
    )
)
def test_articles_round_trip_through_arrow_exactly(records: list[Article]) -> None:
    assert list(from_table(to_table(records, Article), Article)) == records


def test_events_round_trip_through_a_parquet_file(tmp_path: Path) -> None:
    event = Event(
        id="e1",
        article_id="a1",
        published="2023-02-27",
        plover="CONSULT",
        source=EventActor("Alexander Lukashenko", "Alexander Lukashenko", "BLRGOV", "BLR", "GOV"),
        target=EventActor("China", "China", "CHN", "CHN"),
        mode="visit",
        goldstein=1.9,
        location=Location("China", "CHN", 35.0, 105.0),
        spans={"source": (0, 20), "trigger": (48, 53)},
        confidence=0.86,
    )
    folder = OutputFolder(tmp_path)
    folder.write_table("events/x.parquet", to_table([event], Event))
    assert list(from_table(folder.read_table("events/x.parquet"), Event)) == [event]


# --- a local batch ---------------------------------------------------------------------------


def test_batch_output_holds_every_article_once_with_the_pipelines_events(
    batch_out: Path, expected: dict[str, pipeline.CodedArticle]
) -> None:
    coded = list(read_output(batch_out))
    assert sorted(c.article.id for c in coded) == sorted(expected)
    for c in coded:
        assert c.article == expected[c.article.id].article
        assert c.events == expected[c.article.id].events


def test_batch_output_is_partitioned_by_publication_month(batch_out: Path) -> None:
    table = ds.dataset(batch_out / "articles", format="parquet", partitioning="hive").to_table()
    rows = table.to_pylist()
    assert rows and all(r["published"][:7] == r["published_month"] for r in rows)
    assert len({r["published_month"] for r in rows}) > 1
    for path in (batch_out / "articles").rglob("*.parquet"):
        assert path.parent.name.startswith("published_month=")


def test_manifest_lists_each_shard_once_with_its_files(batch_out: Path) -> None:
    entries = [json.loads(line) for line in (batch_out / MANIFEST_FILE).read_text().splitlines()]
    assert sorted(e["shard"] for e in entries) == list(range(6))  # 40 articles / 7 per shard
    assert sum(e["articles"] for e in entries) == 40
    for entry in entries:
        assert entry["files"] and all((batch_out / f).is_file() for f in entry["files"])


def test_rerun_of_a_finished_batch_codes_nothing_and_changes_nothing(
    corpus: Path, batch_out: Path
) -> None:
    before = list(read_output(batch_out))
    summary = run_batch([str(corpus)], batch_out, workers=1, quiet=True)
    assert summary.coded_shards == 0 and summary.shards == 6 and summary.articles == 40
    assert list(read_output(batch_out)) == before


def test_resume_skips_finished_shards_and_clears_leftovers(
    corpus: Path, batch_out: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_batch([str(corpus)], out, workers=1, shard_size=7, quiet=True)
    manifest = (out / MANIFEST_FILE).read_text().splitlines(keepends=True)
    # The state a run killed while recording shard 3 leaves: shards 3-5 written but unrecorded
    # (their files in place) and half a manifest line.
    (out / MANIFEST_FILE).write_text("".join(manifest[:3]) + manifest[3][:25])
    summary = run_batch([str(corpus)], out, workers=1, quiet=True)
    assert summary.coded_shards == 3 and summary.shards == 6
    assert list(read_output(out)) == list(read_output(batch_out))
    assert len((out / MANIFEST_FILE).read_text().splitlines()) == 6


def test_a_resumed_run_refuses_changed_input(corpus: Path, batch_out: Path, tmp_path: Path) -> None:
    other = make_corpus(tmp_path, 40, words=80)
    with pytest.raises(BatchError, match="other articles"):
        run_batch([str(other)], batch_out, workers=1, quiet=True)
    with pytest.raises(BatchError, match="shard size 7"):
        run_batch([str(corpus)], batch_out, workers=1, shard_size=10, quiet=True)


def test_a_folder_that_is_not_a_batch_output_is_refused(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(BatchError, match="not empty"):
        run_batch([str(corpus)], tmp_path, workers=1, quiet=True)
    with pytest.raises(BatchError, match="no batch output"):
        list(read_output(tmp_path))


def test_parquet_articles_of_a_batch_can_be_coded_again(batch_out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    summary = run_batch([str(batch_out / "articles")], again, workers=1, shard_size=20, quiet=True)
    assert summary.articles == 40 and summary.failures == 0
    first = {c.article.id: c for c in read_output(batch_out)}
    for coded in read_output(again):
        assert coded.article == first[coded.article.id].article
        assert coded.events == first[coded.article.id].events


def test_bad_inputs_become_failures_and_the_rest_is_coded(corpus: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text(
        '{"id": "ok-1", "text": "Police arrested 12 protesters in Tbilisi."}\n{oops\n'
    )
    seen: list[Failure] = []
    summary = run_batch(
        [str(broken), str(tmp_path / "missing.jsonl")],
        tmp_path / "out",
        workers=1,
        quiet=True,
        on_failure=seen.append,
    )
    failures = list(read_failures(tmp_path / "out"))
    assert summary.failures == 2 and sorted(map(str, failures)) == sorted(map(str, seen))
    assert any("broken.jsonl:2" in f.source for f in failures)
    assert any("missing.jsonl" in f.source for f in failures)
    assert [c.article.id for c in read_output(tmp_path / "out")] == ["ok-1"]
