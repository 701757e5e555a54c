"""HTTP API under load: throughput and latency of ``GET /v1/events`` and ``GET /v1/series`` on
1 million events, from a second process over loopback.

1 million synthetic events (``bench_store.event_table``: Zipf-distributed actors over ten years)
are bulk-loaded into a DuckDB file (``bench_store.bulk_load``); ``polybius serve`` runs on it in its
own process (one uvicorn worker, access log off); this process is the load generator: CLIENTS
concurrent keep-alive HTTP/1.1 connections send REQUESTS requests per endpoint, or as many as fit
in SECONDS, whichever comes first, cycling through a mix of realistic queries (first page, actor +
type, busy dyad, one-year window; monthly and weekly series of the busiest dyads).

The client is plain asyncio streams, not httpx: against the same server's ``/healthz`` with 50
connections on this 2-core machine, httpx's async client got 47 requests/s, plain streams 286
and wrk 385, so with httpx the bench would mostly measure its own client.
Printed per endpoint: requests completed, throughput, p50/p99 latency, non-200 answers;
``/healthz`` (one trivial query) is the HTTP stack's own ceiling on this machine, for comparison.

    .venv/bin/python bench/bench_serve.py [--requests 20000] [--clients 50] [--seconds 45]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from bench_store import SEED, bulk_load, event_table
from polybius.store import Store

EVENTS = 1_000_000
ROOT = Path(__file__).resolve().parent.parent
Query = tuple[str, dict[str, str | int]]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build_database(path: Path) -> tuple[list[Query], list[Query]]:
    """Load the events; return the /v1/events and /v1/series query mixes for this data."""
    started = time.perf_counter()
    table = event_table(EVENTS, SEED)
    with Store(path) as store:
        bulk_load(store, table)
        busiest = store.top_dyads(3)
    took = time.perf_counter() - started
    print(f"{EVENTS:,} synthetic events generated and loaded into DuckDB in {took:.0f} s")
    top = busiest[0]
    events: list[Query] = [
        ("/v1/events", {"limit": 50}),
        ("/v1/events", {"actor": top.source, "type": "ASSAULT", "limit": 50}),
        ("/v1/events", {"dyad": f"{top.source}:{top.target}", "limit": 50}),
        ("/v1/events", {"since": "2018-01-01", "until": "2018-12-31", "limit": 50}),
    ]
    series: list[Query] = [
        ("/v1/series", {"dyad": f"{d.source}:{d.target}", "by": by})
        for d in busiest
        for by in ("month", "week")
    ]
    return events, series


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "polybius.cli", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--log-level", "warning"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(
        f"server did not start: {process.stderr.read().decode() if process.stderr else ''}"
    )


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one GET on a keep-alive connection and read the whole answer; return its status.
    (Our answers always carry Content-Length; a chunked one would be a bug, so it fails.)"""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    fields = dict(line.split(b":", 1) for line in lines[1:] if b":" in line)
    length = {k.strip().lower(): v for k, v in fields.items()}[b"content-length"]
    await reader.readexactly(int(length))
    return int(lines[0].split()[1])


async def load(
    port: int, queries: list[Query], requests: int, clients: int, seconds: float
) -> dict:
    """Send up to ``requests`` GETs (cycling ``queries``) over ``clients`` concurrent keep-alive
    connections, starting no new request after ``seconds``; return the figures."""
    raw = [
        f"GET {path}{'?' + urlencode(params) if params else ''} HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\nAccept: application/json\r\n\r\n".encode()
        for path, params in queries
    ]
    latencies: list[float] = []
    failures = 0
    sent = 0

    async def client_loop(stop_at: float) -> None:
        nonlocal sent, failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while sent < requests and time.perf_counter() < stop_at:
                request = raw[sent % len(raw)]
                sent += 1
                began = time.perf_counter()
                status = await fetch(reader, writer, request)
                latencies.append(time.perf_counter() - began)
                failures += status != 200
        finally:
            writer.close()

    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for request in raw:  # warm-up: each query once
        assert await fetch(reader, writer, request) == 200
    writer.close()
    started = time.perf_counter()
    await asyncio.gather(*(client_loop(started + seconds) for _ in range(clients)))
    wall = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": len(latencies),
        "throughput": len(latencies) / wall,
        "p50": cuts[49] * 1000,
        "p99": cuts[98] * 1000,
        "failures": failures,
    }


HEADER = (
    f"{'endpoint':<12} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-200':>8}"
    "  queries"
)


def row(endpoint: str, figures: dict, kinds: int) -> str:
    """One line of the results table."""
    return (
        f"{endpoint:<12} {figures['requests']:>9,} {figures['throughput']:>8.1f} "
        f"{figures['p50']:>8.1f} {figures['p99']:>8.1f} {figures['failures']:>8}  "
        f"{kinds} kinds, cycled"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000, help="per endpoint")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=45.0, help="per endpoint, at most")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as folder:
        db = Path(folder) / "million.duckdb"
        mixes = dict(zip(("/v1/events", "/v1/series"), build_database(db), strict=True))
        mixes["/healthz"] = [("/healthz", {})]
        port = free_port()
        server = start_server(db, port)
        try:
            load_now = os.getloadavg()[0]
            print(
                f"load: {args.clients} concurrent clients from a second process over loopback, "
                f"up to {args.requests:,} requests or {args.seconds:.0f} s per endpoint; "
                f"{os.cpu_count()} CPUs, load average {load_now:.1f} at start"
            )
            print(HEADER)
            for endpoint, queries in mixes.items():
                figures = asyncio.run(
                    load(port, queries, args.requests, args.clients, args.seconds)
                )
                print(row(endpoint, figures, len(queries)))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
