"""Briefings inside a Pelican build: report each post that breaks the contract or cannot be read, fail strict builds.

The problems are found while a post is rendered (:mod:`briefing.post`) and
travel with it, through worker processes and Pelican's content cache, so a
post taken from the cache is reported again on every build until it is fixed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

log = logging.getLogger("briefing")
#: Where a post with problems is in the preview (briefing/post.py, RenderedPost.error_page).
_PREVIEW = "the preview shows it under drafts/ as a page saying what is wrong"


class BriefingBuildError(RuntimeError):
    """A strict build met posts that break the contract; every message was logged before."""

    exitcode = 1


class SiteBriefings:
    """State of one build: strict or not, and the problems met so far."""

    def __init__(self, settings: Mapping[str, Any]):
        self.strict = bool(settings.get("BRIEFING_STRICT"))
        self.problems: list[str] = []

    def report(self, messages: Iterable[str], draft: bool = False) -> None:
        """Log a post's problems; those of a post its editor wrote as a draft never fail a strict build,
        which does not publish it."""
        for message in messages:
            if draft:
                log.log(logging.INFO if self.strict else logging.WARNING, "%s (a draft; %s)", message, _PREVIEW)
                continue
            self.problems.append(message)
            if self.strict:
                log.error("%s", message)
            else:
                log.warning("%s (%s)", message, _PREVIEW)

    def finish(self) -> None:
        """Fail a strict build that met any problem, after all of them were reported."""
        if self.strict and self.problems:
            raise BriefingBuildError(
                f"{len(self.problems)} problem(s) with posts' files or front matter; nothing was published"
            )
