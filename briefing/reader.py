"""The project's Markdown reader: pelican-yaml-metadata's, with rendering done by :mod:`briefing.post`.

The whole rendering of a post (typography included) happens inside the
reader, so Pelican's content cache keeps the finished HTML and a rebuild
re-renders only what changed. On a cold build the posts are rendered ahead of
the reading by worker processes (:mod:`briefing.build.pool`); the reader takes
each result instead of rendering the post itself.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable

from pelican.plugins.yaml_metadata.yaml_metadata import YAMLMetadataReader

from .build.logs import capturing, replay
from .build.pool import RenderPool
from .post import PostRenderer
from .safety import escape_text, safe_html, sanitise, sanitise_body

log = logging.getLogger("briefing")

#: The metadata key of what was logged while a post was read and rendered.
LOG_KEY = "briefing_log"


class BriefingReader(YAMLMetadataReader):
    """Reads Markdown with YAML front matter; renders briefings with their boxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.renderer = PostRenderer(self.settings)
        self.base = self.settings.get("PATH", "")
        self.pool: RenderPool | None = None
        #: Files rendered in this build (the rest came from Pelican's content cache).
        self.fresh: set[str] = set()

    def prefetch(self, paths: Iterable[str]) -> None:
        """Start rendering ``paths`` (absolute) in worker processes, in the order Pelican will read them."""
        self.pool = RenderPool.start(self.settings, self.base, paths)

    def close(self) -> None:
        """Stop the workers (after the articles are read)."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def read(self, source_path):
        """Read and render a post; what is logged meanwhile is kept with it (``briefing_log``).

        Pelican's content cache keeps it too, so a post taken from the cache
        logs its warnings again, in every build, as its problems are reported
        again: a strict build fails on them whether the post was rendered now,
        in a worker, or in an earlier build.
        """
        logged: list[logging.LogRecord] = []
        try:
            with capturing() as records:
                content, metadata = self._read(source_path, logged)
        except Exception:
            replay([*logged, *records], f"reading {source_path}")
            raise
        logged += records
        if logged:
            metadata[LOG_KEY] = logged
        return content, metadata

    def _read(self, source_path: str, logged: list[logging.LogRecord]):
        path = os.path.abspath(source_path)
        self.fresh.add(path)
        rendered = self.pool.take(path) if self.pool is not None else None
        if rendered is not None:
            logged += rendered.records
            post = rendered.result(source_path)
        else:
            post = self.renderer.render_file(path, os.path.relpath(path, self.base))
        if post is None:  # no YAML header: Pelican's Markdown reader, then the same escaping and typography
            content, metadata = super().read(source_path)
            typogrify = self.renderer.typogrify
            if isinstance(metadata.get("title"), str):
                metadata["title"] = safe_html(typogrify(escape_text(metadata["title"])))
            if isinstance(metadata.get("summary"), str):
                metadata["summary"] = safe_html(typogrify(sanitise(metadata["summary"])))
            return typogrify(sanitise_body(content)), metadata
        metadata = self._parse_yaml_metadata(post.meta, source_path)
        metadata.update(post.rendered)
        if post.boxes is not None:
            metadata["briefing"] = post.boxes
        if post.problems:
            metadata["briefing_problems"] = post.problems
        return post.content, metadata
