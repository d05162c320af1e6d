"""The project's Markdown reader: pelican-yaml-metadata's, with rendering done by :mod:`briefing.post`.

Two things make builds fast without changing a byte of output:

- the whole rendering of a post (typography included) happens inside the
  reader, so Pelican's content cache keeps the finished HTML and a rebuild
  re-renders only what changed;
- as the articles are read, every post not in the cache is rendered by a
  pool of worker processes, one per core, in reading order; the reader takes
  each result instead of rendering it itself. Each worker runs the same code on the same
  settings, so the output is the same as a one-process build.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from pelican.plugins.yaml_metadata.yaml_metadata import YAMLMetadataReader
from pelican.utils import pelican_open

from .post import FrontMatterError, PostRenderer, RenderedPost
from .safety import escape_text, safe_html, sanitise

log = logging.getLogger("briefing")

#: Fewer posts than this to render are not worth starting processes for.
DEFAULT_PARALLEL_MIN = 64

_worker: PostRenderer | None = None
_worker_base = ""


def _start_worker(settings: Mapping[str, Any], base: str) -> None:
    global _worker, _worker_base
    _worker, _worker_base = PostRenderer(settings), base


def _render_in_worker(paths: list[str]) -> list[tuple[str, RenderedPost | None | str]]:
    """Render files in a worker; an exception travels back as its message, to be raised by the reader."""
    out = []
    for path in paths:
        try:
            with pelican_open(path) as text:
                out.append((path, _worker.render_text(text, os.path.relpath(path, _worker_base))))
        except Exception as error:  # noqa: BLE001 - reported by the reader, naming the file
            out.append((path, f"{type(error).__name__}: {error}"))
    return out


def worker_count(settings: Mapping[str, Any]) -> int:
    configured = settings.get("BRIEFING_WORKERS")
    return int(configured) if configured is not None else (os.cpu_count() or 1)


class BriefingReader(YAMLMetadataReader):
    """Reads Markdown with YAML front matter; renders briefings with their boxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.renderer = PostRenderer(self.settings)
        self.base = self.settings.get("PATH", "")
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, Future] = {}
        #: Files rendered in this build (the rest came from Pelican's content cache).
        self.fresh: set[str] = set()

    def prefetch(self, paths: Iterable[str]) -> None:
        """Start rendering ``paths`` (absolute) in worker processes, in the order Pelican will read them.

        Pelican's reading goes on in this process meanwhile: each read waits only
        for its own file, so reading and rendering overlap.
        """
        paths = list(paths)
        workers = min(worker_count(self.settings), len(paths))
        if workers < 2 or len(paths) < self.settings.get("BRIEFING_PARALLEL_MIN", DEFAULT_PARALLEL_MIN):
            return
        self._pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker, initargs=(self.settings, self.base),
        )
        size = max(1, min(16, len(paths) // (workers * 4)))
        for start in range(0, len(paths), size):
            chunk = paths[start:start + size]
            future = self._pool.submit(_render_in_worker, chunk)
            self._pending.update(dict.fromkeys(chunk, future))

    def close(self) -> None:
        """Stop the workers (after the articles are read)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        self._pending.clear()

    def _take(self, path: str) -> RenderedPost | None | str:
        future = self._pending.pop(path)
        return dict(future.result())[path]

    def read(self, source_path):
        path = os.path.abspath(source_path)
        self.fresh.add(path)
        if path in self._pending:
            post = self._take(path)
            if isinstance(post, str):
                raise FrontMatterError(f"{source_path}: {post}")
        else:
            with pelican_open(source_path) as text:
                post = self.renderer.render_text(text, os.path.relpath(path, self.base))
        if post is None:  # no YAML header: Pelican's Markdown reader, then the same escaping and typography
            content, metadata = super().read(source_path)
            typogrify = self.renderer.typogrify
            if isinstance(metadata.get("title"), str):
                metadata["title"] = safe_html(typogrify(escape_text(metadata["title"])))
            if isinstance(metadata.get("summary"), str):
                metadata["summary"] = safe_html(typogrify(sanitise(metadata["summary"])))
            return typogrify(content), metadata
        metadata = self._parse_yaml_metadata(post.meta, source_path)
        metadata.update(post.rendered)
        if post.boxes is not None:
            metadata["briefing"] = post.boxes
        if post.problems:
            metadata["briefing_problems"] = post.problems
        return post.content, metadata
