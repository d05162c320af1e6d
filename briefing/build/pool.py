"""Posts rendered ahead of Pelican's reading, by a pool of worker processes, one per core.

On a cold build, every article that Pelican's cache cannot give back is sent
to the workers in the order Pelican will read them; the reader takes each
result instead of rendering the post itself, so reading and rendering overlap
and both cores work. Each worker runs the same code on the same settings, so
the output is the same as a one-process build's.

What a worker logs comes back with its post, for the reader to keep with
the post (:mod:`.logs`); a post that failed comes back as
its error with the worker's traceback. If the pool itself fails (a worker
killed, say), the reader renders every remaining post in its own process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..post import PostRenderer, RenderedPost
from . import stats
from .forked import can_fork, parallel_min
from .lifeline import die_with_parent
from .logs import capturing

log = logging.getLogger("briefing.build")

_worker: PostRenderer | None = None
_worker_base = ""
#: Pools not closed yet: a build that failed while reading leaves its pool to the next build.
_open: set[RenderPool] = set()


class WorkerTraceback(Exception):
    """The traceback of an error raised in a worker, as text: the cause of the error the reader raises."""

    def __str__(self) -> str:
        return "\n" + self.args[0]


@dataclass
class Rendered:
    """A post as a worker left it: rendered, or the error it raised; and what was logged meanwhile."""

    post: RenderedPost | None = None
    error: str | None = None
    traceback: str = ""
    records: list[logging.LogRecord] = field(default_factory=list)

    def result(self, source_path: str) -> RenderedPost | None:
        """The rendered post; the worker's error, naming the file, with the worker's traceback as its cause.

        What the worker logged is the reader's to log (:attr:`records`).
        """
        if self.error is not None:
            raise RuntimeError(f"{source_path}: {self.error}") from WorkerTraceback(self.traceback)
        return self.post


def worker_count(settings: Mapping[str, Any]) -> int:
    configured = settings.get("BRIEFING_WORKERS")
    return int(configured) if configured is not None else (os.cpu_count() or 1)


def _start_worker(settings: Mapping[str, Any], base: str, parent: int) -> None:
    global _worker, _worker_base
    die_with_parent(parent)
    _worker, _worker_base = PostRenderer(settings), base


def _render_in_worker(paths: list[str]) -> list[tuple[str, Rendered]]:
    out = []
    for path in paths:
        with capturing() as records:
            try:
                done = Rendered(_worker.render_file(path, os.path.relpath(path, _worker_base)))
            except Exception as error:  # noqa: BLE001 - raised by the reader, naming the file
                done = Rendered(error=f"{type(error).__name__}: {error}", traceback=traceback.format_exc())
        done.records = records
        out.append((path, done))
    return out


class RenderPool:
    """The worker processes of one build's reading, and the posts sent to them."""

    def __init__(self, executor: ProcessPoolExecutor):
        self._executor: ProcessPoolExecutor | None = executor
        self._pending: dict[str, Future] = {}

    @classmethod
    def start(cls, settings: Mapping[str, Any], base: str, paths: Iterable[str]) -> RenderPool | None:
        """Start rendering ``paths`` (absolute, in reading order); None when a pool is not worth it."""
        paths = list(paths)
        workers = min(worker_count(settings), len(paths))
        if workers < 2 or len(paths) < parallel_min(settings) or not can_fork():
            return None
        executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker, initargs=(settings, base, os.getpid()),
        )
        pool = cls(executor)
        _open.add(pool)
        size = max(1, min(16, len(paths) // (workers * 4)))
        try:
            for start in range(0, len(paths), size):
                chunk = paths[start:start + size]
                future = executor.submit(_render_in_worker, chunk)
                pool._pending.update(dict.fromkeys(chunk, future))
        except Exception as error:  # noqa: BLE001 - the reader renders what the pool cannot
            pool._fail(error)
        return pool

    def take(self, path: str) -> Rendered | None:
        """What a worker made of ``path``; None when the pool has nothing for it (the reader renders it)."""
        future = self._pending.pop(path, None)
        if future is None:
            return None
        try:
            done = dict(future.result())[path]
        except Exception as error:  # noqa: BLE001 - a failed pool is not a failed build
            self._fail(error)
            return None
        stats.current().in_workers += 1
        return done

    def _fail(self, error: BaseException) -> None:
        reason = f"{type(error).__name__}: {error}"
        stats.current().pool_failures.append(reason)
        log.info("The worker processes stopped (%s); the remaining posts are rendered in this one", reason,
                 exc_info=log.isEnabledFor(logging.DEBUG))
        self.close()

    def close(self) -> None:
        """Stop the workers (once the articles are read, or when the pool failed)."""
        self._pending.clear()
        _open.discard(self)
        if self._executor is not None:
            executor, self._executor = self._executor, None
            executor.shutdown(cancel_futures=True)


def close_leftovers() -> None:
    """Stop the workers of a build that failed before it finished reading."""
    for pool in list(_open):
        pool.close()
