"""Publishing often: `make publish` after one new briefing, against a cold `make publish`.

Both run the command `make publish` runs, on a snapshot of the project with N
generated briefings. The cold one starts with no publish cache; the next one
finds the cache the cold one left and one briefing more, as an editor's next
release does. Each pair is the two one right after the other, and the ratio
is taken pair by pair.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .generate import Post, write
from .measure import Run, Spread, measure
from .sites import Site, articles_processed, child_env

#: The target: the publish after one new briefing takes at most this share of a cold publish.
MAX_PUBLISH_RATIO = 0.5


@dataclass
class PublishResult:
    n: int
    cold: list[Run] = field(default_factory=list)
    after_one: list[Run] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def ratios(self, measure_: str = "wall") -> Spread | None:
        pairs = list(zip(self.after_one, self.cold))
        return Spread.of([getattr(a, measure_) / getattr(c, measure_) for a, c in pairs]) if pairs else None

    def passed(self) -> bool | None:
        ratio = self.ratios()
        return None if ratio is None else ratio.median <= MAX_PUBLISH_RATIO


def publish_command() -> list[str]:
    """What `make publish` runs, from the site's folder."""
    return [sys.executable, "-m", "briefing.publish", "content", "-o", "output", "-s", "publishconf.py"]


def _publish(site: Site, log: Path, expected: int) -> Run:
    run = measure(publish_command(), site.folder, log, env=child_env())
    processed = articles_processed(run.log)
    if run.returncode != 0 or processed != expected:
        raise RuntimeError(f"make publish at {expected} briefings failed (exit {run.returncode}, "
                           f"{processed} articles); log: {log}")
    return run


def publish_often(site: Site, corpus: list[Post], runs: int, logs: Path,
                  progress: Callable[[str], None] = lambda message: None) -> PublishResult:
    """``runs`` pairs: a cold publish of all of ``corpus`` but its newest briefing, then one with it added."""
    new = next(p for p in corpus if p.published)  # the corpus runs from the newest briefing back
    older = [p for p in corpus if p is not new]
    published = sum(p.published for p in older)
    result = PublishResult(len(corpus))
    for i in range(runs):
        site.put(older)
        shutil.rmtree(site.folder / "cache", ignore_errors=True)
        shutil.rmtree(site.output, ignore_errors=True)
        try:
            cold = _publish(site, logs / f"publish-cold-{i}.log", published)
            write([new], site.briefings)
            after = _publish(site, logs / f"publish-after-one-{i}.log", published + 1)
        except RuntimeError as error:
            result.errors.append(str(error))
            break
        result.cold.append(cold)
        result.after_one.append(after)
        progress(f"publish N={len(corpus)} run {i + 1}/{runs}: cold {cold.wall:.2f} s, "
                 f"after one new briefing {after.wall:.2f} s")
    return result
