"""The Ray engine on a local Ray instance with 2 CPUs gives the same output as the process pool."""

from __future__ import annotations

from pathlib import Path

from polybius import ingest
from polybius.model import Article
from polybius.scale import read_output, run_batch
from polybius.scale.synthetic import paragraphs, synthesize, write_jsonl

GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "plover_gsr" / "dev.jsonl"


def test_ray_engine_codes_the_same_as_the_local_engine(tmp_path: Path) -> None:
    pool = paragraphs(r for r in ingest.read([str(GOLD)]) if isinstance(r, Article))
    corpus = write_jsonl(synthesize(pool, 12, words=100, seed=11), tmp_path / "c.jsonl")

    ray_summary = run_batch(
        [str(corpus)], tmp_path / "ray", engine="ray", workers=2, shard_size=3, quiet=True
    )
    local_summary = run_batch(
        [str(corpus)], tmp_path / "local", workers=1, shard_size=3, quiet=True
    )

    assert ray_summary.workers == 2 and ray_summary.shards == 4 and ray_summary.articles == 12
    assert len(ray_summary.peak_rss) == 2  # both actors coded shards, each reporting its memory
    by_id = {c.article.id: c for c in read_output(tmp_path / "local")}
    ray_coded = list(read_output(tmp_path / "ray"))
    assert sorted(c.article.id for c in ray_coded) == sorted(by_id)
    for coded in ray_coded:
        assert coded == by_id[coded.article.id]
    assert local_summary.articles == 12
