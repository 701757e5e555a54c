"""What the serve tests share: the sample corpus stored once per test run through the real
pipeline, and `polybius serve` started as a real server process on a free loopback port."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from polybius import pipeline
from polybius.model import Failure
from polybius.store import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles"
OUT = ROOT / "out"
#: A key long enough for the server's minimum, used by the servers that accept ingest.
API_KEY = "test-key-" + "k3y" * 8


@dataclass(frozen=True)
class SampleDatabase:
    """The sample corpus in a DuckDB file, with what the tests compare the API against (read
    through ``Store`` before any server holds the file)."""

    path: Path
    counts: dict[str, int]
    event_ids: tuple[str, ...]
    dated: int
    located: int


@functools.cache
def sample_database() -> SampleDatabase:
    """Code every sample article with the pipeline and store it (once per test process)."""
    folder = Path(tempfile.mkdtemp(prefix="polybius-serve-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "samples.duckdb"
    coded = [r for r in pipeline.code_sources([str(SAMPLES)]) if not isinstance(r, Failure)]
    with Store(path) as store:
        store.add(coded)
        events = list(store.iter_events())
        return SampleDatabase(
            path=path,
            counts=store.counts(),
            event_ids=tuple(e.id for e in events),
            dated=sum(e.date is not None for e in events),
            located=sum(e.location is not None and e.location.lat is not None for e in events),
        )


def free_port() -> int:
    """A TCP port nothing listens on at the moment, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """``polybius serve`` over a private copy of a database, in its own process.

    folder: where the copy and the server's log go. keys: API keys (given in a key file).
    args: more command-line options. ``url`` is its base URL once ``start`` returns.
    """

    def __init__(
        self, database: Path, folder: Path, keys: tuple[str, ...] = (), args: tuple[str, ...] = ()
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.db = folder / "served.duckdb"
        shutil.copyfile(database, self.db)
        self.log = folder / "server.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "polybius.cli", "serve", "--db", str(self.db)]
        command += ["--port", str(self.port), *args]
        if keys:
            key_file = folder / "keys.txt"
            key_file.write_text("# ingest keys\n" + "\n".join(keys) + "\n")
            command += ["--api-keys", str(key_file)]
        self.command = command
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 120.0) -> Server:
        """Start the process and wait until ``/healthz`` answers; raises RuntimeError (with the
        server's log) if it exits or does not answer in time."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("POLYBIUS_API_KEYS")}
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                self.command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not answer in {timeout} s: {self.log.read_text()}")

    def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL after 15 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve_samples(folder: Path, keys: tuple[str, ...] = (), args: tuple[str, ...] = ()) -> Server:
    """A started server over a copy of the sample database."""
    return Server(sample_database().path, folder, keys, args).start()
