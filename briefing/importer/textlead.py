"""The lines above a pasted article's story: a site's name, the headline, bylines and datelines.

Copied from a news page, an article arrives with what the page showed above
the story, each on a line of its own: the site's name or a section label, the
headline, "By Jane Roe | Reuters", "Fri Sep 23, 2011 5:57am EDT" or
"Published: 3 March 2025". They are read here, before the text is cut into
blocks: the headline becomes the title, the first date the post's date, and
none of them stays in the body, where a dateline would read as a heading.

Only the head of the text is looked at, and only lines that are nothing but
a byline or a dateline are taken: a sentence of the story that happens to
hold a date stays in the story.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import date_in_text
from .pagemeta import BYLINE, BYLINE_MAX_CHARS
from .residue import is_residue
from .sections import classify_heading

#: Non-blank lines looked at, at most: a page's head is a few lines long.
LEAD_LINES = 8
#: A line longer than this is story, not a headline.
HEADLINE_MAX_CHARS = 250
#: A site's or section's name above the headline ("Reuters", "Mining Weekly", "Markets").
SITE_NAME_MAX_WORDS = 3

_LABEL = re.compile(
    r"(?i:(?:last\s+)?(?:published|updated|posted|modified|date[d]?)(?:\s+(?:on|at))?)\s*:?\s*"
)
_SEPARATORS = re.compile(r"\s*[|\u00b7\u2022]\s*|\s+[-\u2013\u2014]+(?:\s+|$)|^[-\u2013\u2014]+\s+")
#: "5:57am EDT", "14:02 GMT", "08:47": a time, with an optional zone.
_TIME = re.compile(r"(?i:\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?)")
#: "20. Jun 2025": a day written with a period, as German sites do; dateparser reads "20 Jun 2025".
_DAY_WITH_PERIOD = re.compile(r"\b(\d{1,2})\.\s+(?=[^\W\d_])")
_BULLET = re.compile(r"(?:[-*+\u2022\u2013\u00b7\u25aa\u25e6\u25cf]|\d{1,2}[.)])\s")
_ATX_TITLE = re.compile(r"#\s+(?P<title>.+?)(?:\s+#+)?")
_TITLE_LINE = re.compile(r"(?i:title|headline)\s*:\s*(?P<title>\S.*)")
_ENDS_PROSE = (".", ":", ";", ",", "\u2026")


@dataclass(frozen=True)
class Lead:
    """What the head of a pasted text said about the article."""

    title: str | None = None
    date: dt.date | dt.datetime | None = None
    #: A site's or section's name found above the headline.
    site_name: str | None = None


def read_lead(text: str) -> tuple[Lead, str]:
    """The head of ``text`` read, and the text without the lines it took (title, bylines, datelines)."""
    lines = text.split("\n", LEAD_LINES * 4)
    taken: set[int] = set()
    candidates: list[int] = []  # headline-shaped lines, in order
    title: str | None = None
    date: dt.date | dt.datetime | None = None
    seen = 0
    for index, raw in enumerate(lines[: LEAD_LINES * 4]):
        line = raw.strip()
        if not line:
            continue
        seen += 1
        if seen > LEAD_LINES:
            break
        explicit = _explicit_title(line)
        if explicit is not None:
            if title is not None or candidates:
                break
            title = explicit
            taken.add(index)
            continue
        found = dateline(line)
        if found is not None:
            taken.add(index)
            date = date or found[0]
            continue
        if is_residue(line):
            continue  # the blocks reader drops it
        if not _headline_shaped(line) or title is not None or len(candidates) == 2:
            break
        candidates.append(index)
    site_name = None
    if candidates and title is None:
        first = lines[candidates[0]].strip()
        second = lines[candidates[1]].split() if len(candidates) == 2 else []
        # "Reuters" or "Markets" above "Rare earths rally": a name, then the headline it heads.
        if second and _site_name_shaped(first) and (len(second) > len(first.split()) or len(second) > SITE_NAME_MAX_WORDS):
            site_name = first
            taken.add(candidates[0])
            candidates = candidates[1:]
        title = lines[candidates[0]].strip()
        taken.add(candidates[0])
    if not taken:
        return Lead(), text
    rest = "\n".join(line for index, line in enumerate(lines) if index not in taken)
    return Lead(title, date, site_name), rest


def dateline(line: str) -> tuple[dt.date | dt.datetime | None] | None:
    """``(date,)`` when the line is a byline or dateline and nothing else (its date may be None:
    "Updated 14:02 GMT" gives no day); None when it is anything more.

    The line is cut at its separators (``|``, ``·``, spaced dashes) and every
    part must be a byline, a label, a date or a time.
    """
    if len(line) > BYLINE_MAX_CHARS or line.rstrip(")\"'\u201d").endswith((".", "!", "?")) and not _TIME.search(line[-8:]):
        return None
    parts = [p for p in _SEPARATORS.split(line) if p and p.strip()]
    if not parts:
        return None
    date = None
    kinds = set()
    for position, part in enumerate(parts):
        part = part.strip()
        if position == 0 and (BYLINE.match(part + " |") or part.casefold() in ("by", "von", "di", "par")):
            kinds.add("byline")
            continue
        unlabelled = _LABEL.sub("", part, count=1) if _LABEL.match(part) else part
        if unlabelled != part:
            kinds.add("label")
        if not unlabelled:
            continue
        found = _date(unlabelled)
        if found is not None:
            date = date or found
            kinds.add("date")
        elif _TIME.fullmatch(unlabelled):
            kinds.add("time")
            if type(date) is dt.date:  # "20. Jun 2025 - 08:47": the time of the date before it
                date = _date(f"{date:%d %B %Y} {unlabelled}") or date
        elif "byline" in kinds and position == len(parts) - 1 and _site_name_shaped(unlabelled):
            continue  # "By Jane Roe | Reuters": the agency after the name
        else:
            return None
    if not kinds or kinds == {"label"}:
        return None
    return (date,)


def _date(text: str) -> dt.date | dt.datetime | None:
    """A date in a part of a dateline, in the zone it names if it names one ("5:57am EDT")."""
    value = date_in_text(_DAY_WITH_PERIOD.sub(r"\1 ", text))
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        from dateparser.timezone_parser import pop_tz_offset_from_string  # dateparser is slow to import

        zone = pop_tz_offset_from_string(text)[1]
        value = value.replace(tzinfo=zone) if zone is not None else value
    return value


def _explicit_title(line: str) -> str | None:
    """A line that says it is the title: ``# Headline`` or ``Title: Headline``."""
    match = _ATX_TITLE.fullmatch(line) or _TITLE_LINE.fullmatch(line)
    return " ".join(match.group("title").split()) if match else None


def _headline_shaped(line: str) -> bool:
    return (
        len(line) <= HEADLINE_MAX_CHARS
        and not line.endswith(_ENDS_PROSE)
        and not _BULLET.match(line)
        and not line.startswith(("#", ">"))
        and classify_heading(line) is None
        and any(ch.isalnum() for ch in line)
    )


def _site_name_shaped(line: str) -> bool:
    """A name, not a headline: a few words, no sentence punctuation."""
    words = line.split()
    return 0 < len(words) <= SITE_NAME_MAX_WORDS and len(line) <= 40 and not any(ch in line for ch in ",;:!?\"\u201c")
