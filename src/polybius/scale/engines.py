"""Two executors for the same shard-coding function: a local process pool and Ray.

Both take shards with ``submit`` and hand back finished ``ShardResult``s, in completion order,
with ``next_result``; ``close`` stops them (``abort=True`` without waiting for running shards).
Ray is imported only when the Ray engine is asked for, so the base install does not need it.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from polybius.scale.errors import BatchError
from polybius.scale.shards import Shard
from polybius.scale.work import ShardCoder, ShardResult, code_shard, init_local_worker

ENGINES = ("local", "ray")


class Engine(Protocol):
    """What the batch driver needs from an executor."""

    workers: int

    def submit(self, shard: Shard) -> None: ...

    def next_result(self) -> ShardResult: ...

    def close(self, abort: bool = False) -> None: ...


def make_engine(name: str, workers: int | None = None, address: str | None = None) -> Engine:
    """The engine ``name`` (``local`` or ``ray``) with ``workers`` workers.

    workers: defaults to the machine's cores (local, or a new local Ray instance) or to the
    cluster's CPUs (Ray with ``address``). address: an existing Ray cluster (``ray://host:10001``
    or ``auto``); only for the Ray engine.
    """
    if workers is not None and workers < 1:
        raise BatchError(f"--workers must be at least 1, not {workers}")
    if name == "local":
        if address:
            raise BatchError("--ray-address needs --engine ray")
        return LocalEngine(workers or os.cpu_count() or 1)
    if name == "ray":
        return RayEngine(workers, address)
    raise BatchError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")


class LocalEngine:
    """A ``concurrent.futures`` process pool (forkserver, else spawn): one model load per worker."""

    def __init__(self, workers: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        self.workers = workers
        self._others = set(multiprocessing.active_children())  # children that are not ours
        self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=init_local_worker)
        self._running: set[Future[ShardResult]] = set()

    def submit(self, shard: Shard) -> None:
        self._running.add(self._pool.submit(code_shard, shard))

    def next_result(self) -> ShardResult:
        done, _ = wait(self._running, return_when=FIRST_COMPLETED)
        future = done.pop()
        self._running.discard(future)
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise BatchError(
                "a worker process died (out of memory or killed); rerun to resume"
            ) from exc

    def close(self, abort: bool = False) -> None:
        if not abort:
            self._pool.shutdown()
            return
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in set(multiprocessing.active_children()) - self._others:
            process.terminate()


class RayEngine:
    """Ray actors, one per worker, each holding the models (``ShardCoder``).

    Without ``address`` it starts a local Ray instance with ``workers`` CPUs and stops it at the
    end; with one it joins that cluster and leaves it running.
    """

    def __init__(self, workers: int | None, address: str | None) -> None:
        try:
            import ray
            from ray.util import ActorPool
        except ImportError as exc:
            raise BatchError("the Ray engine needs Ray: pip install 'polybius[ray]'") from exc
        self._ray: Any = ray
        self._started = not ray.is_initialized()
        if self._started:
            options: dict[str, Any] = {"logging_level": "ERROR", "log_to_driver": False}
            if address:
                ray.init(address=address, **options)
            else:
                cpus = workers or os.cpu_count() or 1
                ray.init(num_cpus=cpus, include_dashboard=False, **options)
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor = ray.remote(num_cpus=1)(ShardCoder)
        self._actors = [actor.remote() for _ in range(self.workers)]
        self._pool = ActorPool(self._actors)

    def submit(self, shard: Shard) -> None:
        self._pool.submit(lambda coder, item: coder.code.remote(item), shard)

    def next_result(self) -> ShardResult:
        try:
            return self._pool.get_next_unordered()
        except self._ray.exceptions.RayActorError as exc:
            raise BatchError(f"a Ray worker died ({exc}); rerun to resume") from exc

    def close(self, abort: bool = False) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        if self._started:
            self._ray.shutdown()
