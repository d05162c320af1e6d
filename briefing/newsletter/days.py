"""Days: the unit of a daily issue, beside the weekly one (:mod:`.weeks`).

A day is named ``2025-11-10`` on the command line, in URLs and in file names
alike; ISO weeks are named ``2025-w47``, so a daily and a weekly issue never
share an address, a note or a line of the send record.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Day:
    date: _dt.date

    kind = "daily"

    @classmethod
    def parse(cls, text: str, today: _dt.date | None = None) -> Day:
        """``2025-11-10``; ``yesterday`` and ``today`` (in the site's timezone, given as ``today``) for a daily job."""
        value = str(text).strip().lower()
        if value in ("today", "yesterday") and today is not None:
            return cls(today - _dt.timedelta(days=value == "yesterday"))
        try:
            return cls(_dt.date.fromisoformat(value))
        except ValueError:
            raise ValueError(f"expected a day like 2025-11-10 (or yesterday), got {text!r}") from None

    @classmethod
    def of(cls, day: _dt.date) -> Day:
        """The day a date (or a datetime, in its own timezone) falls on."""
        return cls(day.date() if isinstance(day, _dt.datetime) else day)


    @property
    def start(self) -> _dt.date:
        return self.date

    @property
    def end(self) -> _dt.date:
        return self.date

    @property
    def slug(self) -> str:
        return self.date.isoformat()

    @property
    def label(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}"

    @property
    def dates_label(self) -> str:
        return f"{self.date:%A} {self.label}"

    @property
    def option(self) -> str:
        """How the command line names it: ``DAY=2025-11-10``."""
        return f"DAY={self}"

    def __str__(self) -> str:
        return self.date.isoformat()
