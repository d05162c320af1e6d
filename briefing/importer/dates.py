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


def machine_date(value: str) -> dt.date | dt.datetime | None:
    """A date written for machines (ISO 8601 in metadata), or failing that one :func:`parse_date` reads."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if "T" in value or " " in value:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return dt.date.fromisoformat(value)
    except ValueError:
        return parse_date(value)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: Short texts only: a byline or dateline, never a paragraph full of other dates.
DATE_TEXT_MAX_CHARS = 160


def date_in_text(text: str, language: str | None = None) -> dt.date | dt.datetime | None:
    """The first complete date written for people in a short text ("by Jane Roe | 4 March 2025",
    "di Mario Rossi, 4 marzo 2025", "20. Jun 2025 - 08:47"), read by ``dateparser`` in the
    text's language and English; None when the text gives no day, month and year.
    """
    text = " ".join(text.split())
    if not text or len(text) > DATE_TEXT_MAX_CHARS or not _YEAR.search(text):
        return None
    text = _as_dateparser_reads(_published_part(text))
    languages = list(dict.fromkeys(filter(None, [language_code(language), "en"])))
    settings = {**_DATEPARSER_SETTINGS, "DATE_ORDER": date_order(language)}
    try:
        found = _search_dates(text, languages=languages, settings=settings) or []
    except ValueError:  # a language dateparser does not know: English alone
        try:
            found = _search_dates(text, languages=["en"], settings=settings) or []
        except ValueError:
            return None
    for written, value in found:
        if _YEAR.search(written) and 1900 < value.year < 2200:
            return value if _HAS_TIME.search(written) else value.date()
    return None


_PUBLISHED_LABEL = re.compile(
    r"\b(?:first\s+)?(?:published|posted|ver\u00f6ffentlicht|erschienen|pubblicato|publicado|publi\u00e9)"
    r"(?:\s+(?:on|am|il|le|el))?\b\s*:?",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"\b(?:last\s+)?(?:updated|modified|aktualisiert|ge\u00e4ndert|aggiornato|actualizado|mis\s+\u00e0\s+jour)"
    r"(?:\s+(?:on|am|il|le|el))?\b\s*:?",
    re.IGNORECASE,
)


def _published_part(text: str) -> str:
    """Of a line giving both dates ("Aktualisiert am 22.06.2025 · Veröffentlicht am 20.06.2025"),
    the part the publication date is in; the line itself otherwise."""
    published = _PUBLISHED_LABEL.search(text)
    if published is None or _UPDATED_LABEL.search(text) is None:
        return text
    updated_after = _UPDATED_LABEL.search(text, published.end())
    return text[published.end() : updated_after.start() if updated_after else len(text)]


def labelled_date_line(text: str) -> bool:
    """Whether a line opens with a publication or update label ("Published:", "Aggiornato il")."""
    text = text.strip()
    return bool(_PUBLISHED_LABEL.match(text) or _UPDATED_LABEL.match(text))


#: What dateparser's strict search misses: "a.m.", a time written "06.00", "at" before the time,
#: and the American zone names without a season ("ET"), which are dropped (the day is what counts).
_AM_PM = re.compile(r"\b([ap])\.m\.", re.IGNORECASE)
_DOTTED_TIME = re.compile(r"(?<![\d.])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])")
_AT_TIME = re.compile(r"\s+(?:at|um|alle|ore)\s+(?=\d)", re.IGNORECASE)
_SEASONLESS_ZONE = re.compile(r"\b(?:ET|CT|MT|PT)\b")


def _as_dateparser_reads(text: str) -> str:
    text = _AM_PM.sub(r"\1m", text)
    text = _DOTTED_TIME.sub(r"\1:\2", text)
    text = _AT_TIME.sub(" ", text)
    return _SEASONLESS_ZONE.sub("", text).strip()


_DATEPARSER_SETTINGS = {"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}


def _search_dates(text: str, **options):
    from dateparser.search import search_dates  # half a second to import: only when a byline needs it

    try:
        return search_dates(text, **options)
    except ValueError:
        raise
    except Exception:  # noqa: BLE001 - dateparser fails on odd input in many ways; no date is the answer
        return None


#: Where English writes the month before the day in numeric dates ("3/4/2025" is March 4).
_MONTH_FIRST_REGIONS = frozenset({"us", "ph", "fm", "mh", "pw"})


def date_order(language: str | None) -> str:
    """How a numeric date of the page's language is ordered: "DMY" ("12/03/2025" is 12 March in
    Italian, German and British English), "MDY" for American English and English of no region."""
    parts = (language or "").strip().lower().replace("_", "-").split("-")
    if parts[0] in ("", "en") and (len(parts) == 1 or parts[1] in _MONTH_FIRST_REGIONS):
        return "MDY"
    return "YMD" if parts[0] in ("zh", "ja", "ko", "hu", "lt") else "DMY"


def language_code(tag: str | None) -> str | None:
    """The two-letter language of a tag such as ``en-GB`` or ``it_IT``; None for none."""
    code = (tag or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code.isalpha() and len(code) == 2 else None
