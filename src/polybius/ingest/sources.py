"""Sources to byte payloads: expand paths, folders, globs and ``-``, and load each with a limit."""

from __future__ import annotations

import glob
import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from polybius.ingest.errors import IngestError, failure
from polybius.model import Failure

STDIN = "-"
_GLOB_CHARS = set("*?[")


def expand(sources: Iterable[str]) -> Iterator[str | Failure]:
    """Every file named by ``sources``, in order: a file as it is, a folder's files recursively
    (sorted, hidden names skipped), a glob's matches (sorted, ``**`` allowed), ``-`` for stdin.

    Yields paths (str) or a ``Failure`` for a source that names nothing.
    """
    for source in sources:
        path = Path(source)
        if source == STDIN or path.is_file():
            yield source
        elif path.is_dir():
            yield from (str(p) for p in _folder_files(path))
        elif _GLOB_CHARS & set(source):
            matches = sorted(glob.glob(source, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            files += [str(p) for m in matches if Path(m).is_dir() for p in _folder_files(Path(m))]
            yield from files or [failure(source, "no_match")]
        else:
            yield failure(source, "missing")


def _folder_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def load(path: str, max_bytes: int) -> bytes:
    """The bytes of file ``path`` (stdin for ``-``), decompressed when it is gzip (not WARC).

    Raises IngestError when it cannot be read, is larger than ``max_bytes`` (before or after
    decompression), or is a truncated or corrupt gzip file.
    """
    if path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
        _check_size(len(data), max_bytes)
        return _gunzip(data, max_bytes)
    try:
        size = Path(path).stat().st_size
        _check_size(size, max_bytes)
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise IngestError("unreadable", detail=err.strerror or err) from err
    if _is_warc_name(path):
        return data
    return _gunzip(data, max_bytes)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(max_bytes + 1)
    except EOFError as err:
        raise IngestError("bad_gzip", detail="the stream ends early") from err
    except (OSError, zlib.error) as err:
        raise IngestError("bad_gzip", detail=err) from err
    _check_size(len(out), max_bytes)
    return out


def _check_size(size: int, max_bytes: int) -> None:
    """Raise IngestError when ``size`` is over ``max_bytes`` (``max_bytes + 1``: read stopped)."""
    if size > max_bytes:
        shown = "" if size == max_bytes + 1 else f" ({size:,} bytes)"
        raise IngestError("too_large", size=shown, limit=f"{max_bytes:,}")


def _is_warc_name(path: str) -> bool:
    return path.lower().endswith((".warc.gz", ".arc.gz"))
