"""What one build's fast paths did, counted as they happen.

Each fast path (the worker pool, the forked children, the content cache)
falls back quietly to the slow one when it cannot run; these counters are how
a test or the bench knows which path a build really took. A build starts a
fresh set (:func:`begin`); :func:`current` is the one of the build running or
last run in this process.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class BuildStats:
    #: Articles Pelican's content cache gave back without reading them.
    from_cache: int = 0
    #: Posts rendered by the worker pool, and by the reader in this process.
    in_workers: int = 0
    in_process: int = 0
    #: Why the worker pool stopped, when it failed and the reader took over.
    pool_failures: list[str] = field(default_factory=list)
    #: What forked children did and finished ("writing the article pages", ...).
    forked: list[str] = field(default_factory=list)
    #: CPU seconds (user + system) each forked child took, processes it started included: where a
    #: build's time goes when several processes share the cores.
    child_cpu: dict[str, float] = field(default_factory=dict)
    #: Pages a forked child wrote, and `content_written` signals replayed for them here.
    pages_by_child: int = 0
    replayed_signals: int = 0
    #: Compressed copies of a release's files taken from the cache instead of compressed again.
    compressed_restored: int = 0


_current = BuildStats()


def begin() -> BuildStats:
    global _current
    _current = BuildStats()
    return _current


def current() -> BuildStats:
    return _current
