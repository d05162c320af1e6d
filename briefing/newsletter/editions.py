"""The editions a site publishes: a weekly issue (ISO weeks) and a daily one (days).

Both kinds of period answer the same questions (slug, label, dates, start,
end), so an issue, its web page, its email, its note and its line in the send
record are built the same way whichever it is. NEWSLETTER_EDITIONS says which
the site publishes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from .days import Day
from .weeks import IsoWeek

Period = IsoWeek | Day
KINDS: dict[str, type[IsoWeek] | type[Day]] = {"weekly": IsoWeek, "daily": Day}


def edition_kinds(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """NEWSLETTER_EDITIONS, checked: ("weekly",), ("daily",) or both."""
    kinds = tuple(settings.get("NEWSLETTER_EDITIONS") or ("weekly",))
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise ValueError(f"NEWSLETTER_EDITIONS: {', '.join(map(repr, unknown))} is not one of {', '.join(KINDS)}")
    return kinds


def choose(week: str | None, day: str | None, today: _dt.date) -> Period:
    """The period the command line names (``--week`` or ``--day``); by default the last complete week."""
    if week and day:
        raise ValueError("give a week or a day, not both")
    if day:
        return Day.parse(day, today)
    if week:
        return IsoWeek.parse(week)
    return IsoWeek.last_complete(today)


def period_of_note(stem: str) -> Period | None:
    """The period a note file's name (``2025-w47``, ``2025-11-10``) names exactly, or None."""
    for kind in KINDS.values():
        try:
            period = kind.parse(stem)
        except ValueError:
            continue
        if period.slug == stem:
            return period
    return None
