"""A throwaway PostgreSQL cluster on 127.0.0.1, for the test suite and the store benchmark.

``TempPostgres`` runs Debian's ``initdb`` and ``pg_ctl`` (``/usr/lib/postgresql/*/bin``) in a fresh
temporary folder, on a free port, as the ``postgres`` user when the caller is root (``initdb``
refuses to run as root), and removes everything on ``stop()``. Install the binaries with
``scripts/system-deps`` (Debian's ``postgresql`` package).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from polybius.store.errors import StoreError

SERVICE_USER = "postgres"


def find_bindir() -> Path:
    """The newest ``/usr/lib/postgresql/<version>/bin`` holding ``initdb``.

    Raises StoreError naming the fix when PostgreSQL's server binaries are not installed.
    """
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        on_path = shutil.which("initdb")
        if on_path:
            return Path(on_path).parent
        raise StoreError(
            "PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb): "
            "run scripts/system-deps to install Debian's postgresql package"
        )
    newest = max(found, key=lambda p: int(Path(p).parent.parent.name.split(".")[0]))
    return Path(newest).parent


def create_database(server_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``server_url``; return the new database's URL.

    server_url: a ``postgresql://`` URL whose user may create databases.
    """
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path="/" + name))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class TempPostgres:
    """A PostgreSQL cluster that lives as long as this object (use it as a context manager).

    durable: keep PostgreSQL's fsync on (the benchmark measures real commits); tests turn it
    off, which is safe because only the client processes are ever killed, never the server.
    ``url`` is ``postgresql://postgres@127.0.0.1:<port>/postgres`` once started.
    """

    def __init__(self, durable: bool = True) -> None:
        self.durable = durable
        self.bindir = find_bindir()
        self.port = 0
        self.root: Path | None = None

    @property
    def url(self) -> str:
        """The libpq URL of the ``postgres`` database of the running cluster."""
        return self.database_url("postgres")

    def database_url(self, name: str) -> str:
        """The URL of database ``name`` on this cluster."""
        return f"postgresql://{SERVICE_USER}@127.0.0.1:{self.port}/{name}"

    def start(self) -> TempPostgres:
        """initdb a new cluster and start it; raises StoreError with PostgreSQL's own message."""
        self.root = Path(tempfile.mkdtemp(prefix="polybius-pg-"))
        data, log = self.root / "data", self.root / "server.log"
        if os.geteuid() == 0:
            shutil.chown(self.root, user=SERVICE_USER, group=SERVICE_USER)
        self._run(
            "initdb", "-D", str(data), "-U", SERVICE_USER, "--auth=trust", "-E", "UTF8",
            "--no-sync", "--locale=C.UTF-8",
        )  # fmt: skip
        self.port = free_port()
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root}"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        try:
            self._run("pg_ctl", "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        except StoreError as exc:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            self.stop()
            raise StoreError(f"{exc}\n{tail}") from exc
        return self

    def stop(self) -> None:
        """Stop the server and delete the cluster's folder (an immediate shutdown: nothing of
        the cluster is kept, so there is no point writing a final checkpoint)."""
        if self.root is None:
            return
        data = self.root / "data"
        if (data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVICE_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if check and done.returncode != 0:
            raise StoreError(
                f"PostgreSQL {program} failed (exit {done.returncode}): "
                f"{(done.stderr or done.stdout).strip()}"
            )

    def __enter__(self) -> TempPostgres:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
