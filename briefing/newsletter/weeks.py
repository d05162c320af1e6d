"""ISO weeks: the unit of a newsletter issue.

An issue covers one ISO 8601 week (Monday to Sunday), named like ``2025-W47``
on the command line and ``2025-w47`` in URLs and file names, so that the week
an editor types, the web edition's address and the built files always agree.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

_WEEK = re.compile(r"(\d{4})-?[Ww](\d{1,2})")


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    kind = "weekly"

    def __post_init__(self) -> None:
        try:
            _dt.date.fromisocalendar(self.year, self.week, 1)
        except ValueError:
            raise ValueError(f"{self.year} has no ISO week {self.week}") from None

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """``2025-W47`` (or ``2025-w47``, ``2025W47``)."""
        match = _WEEK.fullmatch(str(text).strip())
        if not match:
            raise ValueError(f"expected an ISO week like 2025-W47, got {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: _dt.date) -> IsoWeek:
        """The week a date (or a datetime, in its own timezone) falls in."""
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def last_complete(cls, today: _dt.date) -> IsoWeek:
        """The latest week that has ended before ``today``: the default issue to build and send."""
        return cls.of(today - _dt.timedelta(days=today.isoweekday()))

    @property
    def start(self) -> _dt.date:
        return _dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> _dt.date:
        return _dt.date.fromisocalendar(self.year, self.week, 7)

    @property
    def slug(self) -> str:
        return f"{self.year}-w{self.week:02d}"

    @property
    def label(self) -> str:
        return f"Week {self.week}, {self.year}"

    @property
    def dates_label(self) -> str:
        """``17–23 November 2025``; months and years appear once unless the week spans two."""
        start, end = self.start, self.end
        last = f"{end.day} {end:%B %Y}"
        if start.year != end.year:
            return f"{start.day} {start:%B %Y} – {last}"
        if start.month != end.month:
            return f"{start.day} {start:%B} – {last}"
        return f"{start.day}–{last}"

    @property
    def option(self) -> str:
        """How the command line names it: ``WEEK=2025-W47``."""
        return f"WEEK={self}"

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"
