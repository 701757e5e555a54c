"""The batch output folder: its Parquet datasets, its manifest of finished shards, atomic writes.

    DIR/batch.json                                   run settings (format, shard size, inputs)
    DIR/manifest.jsonl                               one line per finished shard, appended
    DIR/events/published_month=YYYY-MM/part-NNNNN.parquet
    DIR/articles/published_month=YYYY-MM/part-NNNNN.parquet
    DIR/failures/part-NNNNN.parquet

``NNNNN`` is the shard number; the month is the publication month (``unknown`` when the article
has no date). Every file is written under a hidden temporary name and renamed into place, and a
shard's manifest line is appended (and flushed to disk) only after all its files are in place, so
the manifest lists exactly the shards whose output is complete. A file that the manifest does not
list is a leftover of an interrupted run and is deleted when the run resumes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from polybius.scale.errors import BatchError

FORMAT = 1
SETTINGS_FILE = "batch.json"
MANIFEST_FILE = "manifest.jsonl"
DATASETS = ("events", "articles", "failures")
PARTITION_KEY = "published_month"
UNKNOWN_MONTH = "unknown"


def month_of(published: str | None) -> str:
    """The partition value for a publication date: ``YYYY-MM``, or ``unknown``."""
    if published and len(published) >= 7 and published[4] == "-" and published[:4].isdigit():
        return published[:7]
    return UNKNOWN_MONTH


def part_path(dataset: str, shard: int, month: str | None) -> str:
    """The path, relative to the output folder, of one shard's file in ``dataset``."""
    name = f"part-{shard:05d}.parquet"
    return f"{dataset}/{name}" if month is None else f"{dataset}/{PARTITION_KEY}={month}/{name}"


@dataclass(frozen=True)
class ShardEntry:
    """A manifest line: a shard whose files are all written.

    shard: its number; fingerprint: hash of the ids of its input records (see ``shards``);
    records/articles/events/failures: counts; files: its Parquet files, relative to the folder;
    worker: ``host:pid`` that coded it; seconds: coding time in the worker (wall clock);
    cpu_seconds: the CPU time the worker spent on it (what it costs on a core of its own).
    """

    shard: int
    fingerprint: str
    records: int
    articles: int
    events: int
    failures: int
    files: list[str] = field(default_factory=list)
    worker: str = ""
    seconds: float = 0.0
    cpu_seconds: float = 0.0


class OutputFolder:
    """An output folder being written (or read) by a batch run.

    root: the folder. Creating the object creates nothing; ``open`` prepares it for writing.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    # --- settings -----------------------------------------------------------------------------

    def settings(self) -> dict[str, Any] | None:
        """The saved run settings, or None for a folder no batch has written to."""
        path = self.root / SETTINGS_FILE
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise BatchError(f"{path}: unreadable batch settings ({exc})") from exc
        if data.get("format") != FORMAT:
            raise BatchError(f"{path}: written by an unknown batch format {data.get('format')!r}")
        return data

    def open(self, settings: dict[str, Any]) -> dict[int, ShardEntry]:
        """Prepare the folder for writing and return the shards already finished in it.

        A new folder gets ``settings``; a folder written before keeps its own, and must agree with
        ``settings`` on ``shard_size`` (the shards would not line up otherwise). Files of
        unfinished shards and torn manifest lines left by a killed run are removed.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        saved = self.settings()
        if saved is None:
            if any(self.root.iterdir()):
                raise BatchError(f"{self.root} is not empty and holds no batch output")
            self._write_atomic(SETTINGS_FILE, json.dumps({"format": FORMAT, **settings}, indent=2))
        elif saved.get("shard_size") != settings.get("shard_size"):
            raise BatchError(
                f"{self.root} was written with shard size {saved.get('shard_size')}, "
                f"not {settings.get('shard_size')}; resume with the same size or use a new folder"
            )
        done = self.finished(repair=True)
        self._remove_leftovers(done.values())
        return done

    # --- manifest -----------------------------------------------------------------------------

    def finished(self, repair: bool = False) -> dict[int, ShardEntry]:
        """The finished shards by number, from the manifest.

        repair: cut a torn last line (a run killed while appending) off the file, so that the next
        append starts on a fresh line; without it such a line is just skipped.
        """
        path = self.root / MANIFEST_FILE
        if not path.exists():
            return {}
        data = path.read_bytes()
        complete = data[: data.rfind(b"\n") + 1]
        if repair and len(complete) != len(data):
            with path.open("r+b") as handle:
                handle.truncate(len(complete))
        entries: dict[int, ShardEntry] = {}
        for number, line in enumerate(complete.decode("utf-8").splitlines(), 1):
            try:
                entry = ShardEntry(**json.loads(line))
            except (json.JSONDecodeError, TypeError) as exc:
                raise BatchError(f"{path}:{number}: unreadable manifest line ({exc})") from exc
            entries[entry.shard] = entry
        return entries

    def record(self, entry: ShardEntry) -> None:
        """Append ``entry`` to the manifest and flush it to disk: the shard is now finished."""
        line = json.dumps(asdict(entry), ensure_ascii=False) + "\n"
        with (self.root / MANIFEST_FILE).open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    # --- data files ---------------------------------------------------------------------------

    def write_table(self, relative: str, table: pa.Table) -> None:
        """Write ``table`` as Parquet at ``relative``, atomically (temporary file, then rename)."""
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        pq.write_table(table, temporary, compression="zstd")
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)

    def read_table(self, relative: str) -> pa.Table:
        """One Parquet file of the folder, without partition columns."""
        return pq.ParquetFile(self.root / relative).read()

    def _write_atomic(self, relative: str, text: str) -> None:
        target = self.root / relative
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)

    def _remove_leftovers(self, done: Iterable[ShardEntry]) -> None:
        listed = {self.root / f for entry in done for f in entry.files}
        for dataset in DATASETS:
            folder = self.root / dataset
            if not folder.exists():
                continue
            for path in folder.rglob("*"):
                if path.is_file() and path not in listed:
                    path.unlink()
