"""Batch coding of large corpora: one machine (a process pool) or a Ray cluster.

``run_batch(inputs, out, engine="local"|"ray", workers=N)`` reads the inputs through
``polybius.ingest``, cuts them into numbered shards, codes each shard with
``polybius.pipeline.code_articles`` in a worker that loaded the models once, and writes Parquet
datasets of events, articles and failures partitioned by publication month
(``polybius.scale.layout``). Finished shards are recorded in a manifest, so a rerun after a crash
or Ctrl-C resumes where it stopped. ``read_output(out)`` reads the coded articles back.
"""

from __future__ import annotations

from polybius.scale.batch import DEFAULT_SHARD_SIZE, BatchSummary, run_batch
from polybius.scale.engines import ENGINES
from polybius.scale.errors import BatchError
from polybius.scale.output import read_failures, read_output

__all__ = [
    "DEFAULT_SHARD_SIZE",
    "ENGINES",
    "BatchError",
    "BatchSummary",
    "read_failures",
    "read_output",
    "run_batch",
]
