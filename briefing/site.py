"""Briefings inside a Pelican build: validate each post, attach its boxes, report problems.

Kept free of Pelican's signal wiring (that is ``plugins/briefing_boxes``) so it
can be tested with plain objects.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .boxes import BoxRenderer, Boxes, BoxSettings
from .markdown_fields import FieldRenderer
from .schema import BriefingInvalid, Problem, is_briefing, validate
from .typography import typogrifier

log = logging.getLogger("briefing")


class BriefingBuildError(RuntimeError):
    """A strict build met posts that break the contract; every message was logged before."""

    exitcode = 1


@dataclass
class SiteBriefings:
    """State of one build: its renderer, and the problems met so far."""

    settings: Mapping[str, Any]
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sections = list(self.settings.get("BRIEFING_SECTIONS") or [])
        self.strict = bool(self.settings.get("BRIEFING_STRICT"))
        self.renderer = BoxRenderer(
            FieldRenderer(self.settings.get("MARKDOWN")),
            typogrifier(self.settings),
            BoxSettings.from_settings(self.settings),
        )

    def boxes_for(self, metadata: Mapping[str, Any], relative_path: str) -> Boxes | None:
        """The post's boxes, or None for an ordinary post or one that breaks the contract."""
        if not is_briefing(metadata):
            return None
        try:
            briefing = validate(metadata, self.sections)
        except BriefingInvalid as invalid:
            self._report(relative_path, invalid.problems)
            return None
        return self.renderer.render(briefing)

    def _report(self, path: str, problems: list[Problem]) -> None:
        for problem in problems:
            message = problem.describe(path)
            self.problems.append(message)
            if self.strict:
                log.error("%s", message)
            else:
                log.warning("%s (its boxes are left out)", message)

    def finish(self) -> None:
        """Fail a strict build that met any problem, after all of them were reported."""
        if self.strict and self.problems:
            raise BriefingBuildError(
                f"{len(self.problems)} problem(s) with briefings' front matter; nothing was published"
            )
