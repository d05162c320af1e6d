"""Dates as articles write them, and as a post's front matter wants them.

A date found in an article is in its publisher's time zone; a post's date is
read in the site's (``TIMEZONE`` in the settings), so aware datetimes are
converted to it and written without an offset, like hand-written posts.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

_HAS_TIME = re.compile(r"\d:\d\d")
_FIRST = dt.datetime(2001, 1, 1)
_SECOND = dt.datetime(2002, 2, 2)


def parse_date(text: str) -> dt.date | dt.datetime | None:
    """A complete calendar date (with its time, if it has one) from free text; None if there is none.

    A partial date such as "November 2025" is refused rather than completed
    with an invented day: parsing twice with different defaults shows which
    parts the text really gave.
    """
    text = text.strip()
    if not text or len(text) > 80 or not re.search(r"\d", text):
        return None
    try:
        first = dateparser.parse(text, default=_FIRST)
        second = dateparser.parse(text, default=_SECOND)
    except (ValueError, OverflowError, TypeError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None
    if not 1900 < first.year < 2200:
        return None
    return first if _HAS_TIME.search(text) else first.date()


def to_site_time(value: dt.date | dt.datetime, timezone: str) -> dt.date | dt.datetime:
    """The date as the site reads it: aware datetimes moved to the site's zone, offset dropped."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
        return value.replace(microsecond=0)
    return value
