"""Entry and feed ids: ``tag:`` URIs (RFC 4151) that never change.

A feed reader knows an entry by its id alone: if the id changes, the reader
shows the briefing again as new. So an id depends on nothing a rebuild, an
edit or a move can change: not the title (retitling changes the slug and so
the URL), not SITEURL or its scheme (http and https give the same id).

The rule, for a briefing:

- with ``import_id`` in its front matter:
  ``tag:SITE_DOMAIN,SITE_START:import/<import_id>``;
- otherwise, from the first publication date (``date``) and the name of the
  source file, which the editor does not change when retitling (the importer
  and the README name files ``YYYY-MM-DD-slug.md``; a leading date is dropped
  from the name since the date is already there):
  ``tag:SITE_DOMAIN,SITE_START:briefing/<YYYY-MM-DD>/<file name without .md>``.

A feed's own id is ``tag:SITE_DOMAIN,SITE_START:feed/<kind>[/<slug>]``.

``SITE_DOMAIN`` and ``SITE_START`` (a date when the publication owned the
domain) form the tagging entity. Changing either changes every id: they are
set once, in pelicanconf.py. Anything outside RFC 3986's unreserved characters
is percent-encoded, so every id is a valid URI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

_DOMAIN = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
_TAG_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def _segment(text: str) -> str:
    """Percent-encode all but unreserved characters and '/'."""
    return quote(str(text).strip(), safe="/")


@dataclass(frozen=True)
class TagAuthority:
    """The tagging entity of every id: a domain and a date it was owned on."""

    domain: str
    start: str

    def __post_init__(self) -> None:
        if not _DOMAIN.fullmatch(self.domain):
            raise ValueError(f"SITE_DOMAIN {self.domain!r} is not a lower-case DNS name (e.g. example.org)")
        if not _TAG_DATE.fullmatch(self.start):
            raise ValueError(f"SITE_START {self.start!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD")

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> TagAuthority:
        domain = str(settings.get("SITE_DOMAIN") or "").strip().lower()
        start = settings.get("SITE_START") or ""
        if isinstance(start, date):
            start = start.isoformat()
        return cls(domain, str(start).strip())

    @property
    def start_date(self) -> datetime:
        """SITE_START as a moment: the date of a feed that has no entry yet."""
        year, month, day = (self.start.split("-") + ["01", "01"])[:3]
        return datetime(int(year), int(month), int(day), tzinfo=timezone.utc)

    def tag(self, specific: str) -> str:
        return f"tag:{self.domain},{self.start}:{specific}"

    def entry_id(self, import_id: str | None, source_path: str, published: date | datetime) -> str:
        """The id of a briefing (see the module's docstring for the rule)."""
        if import_id and str(import_id).strip():
            return self.tag("import/" + _segment(import_id))
        name = _DATED_NAME.sub("", PurePath(source_path).stem)
        if not name:
            raise ValueError(f"{source_path!r}: no file name to build a feed id from")
        return self.tag(f"briefing/{published:%Y-%m-%d}/{_segment(name)}")

    def update_id(self, entry_id: str, number: int) -> str:
        """The id of a briefing's ``number``-th correction or update (1 for the first), under the briefing's own id.

        Updates are only ever appended to a post, so a number names the same note for good.
        """
        return f"{entry_id}/update/{int(number)}"

    def feed_id(self, kind: str, slug: str | None = None) -> str:
        return self.tag(f"feed/{_segment(kind)}" + (f"/{_segment(slug)}" if slug else ""))
