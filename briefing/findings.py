"""What ``briefing check`` reports: one finding per problem, with where it is and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    #: A front-matter key path ("category", "highlights[2]", "source.url"), or "body".
    key: str
    message: str
    fix: str
    level: str = ERROR
    #: The file's line, when the finder knows it better than the key does.
    line: int | None = None

    @property
    def is_error(self) -> bool:
        return self.level == ERROR
