"""What a briefing becomes in a feed, whatever the feed's format.

One :class:`Entry` per article, built once per build and written by the Atom,
RSS and JSON feeds alike, so the three never disagree on an id, a date or a URL.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pelican.utils import set_date_tzinfo

from ..text import plain_text
from .ids import TagAuthority
from ..urls import absolute, absolutize_html

CONTENT_MODES = ("full", "summary")

log = logging.getLogger("briefing")


@dataclass(frozen=True)
class Entry:
    id: str
    url: str
    title: str
    published: datetime
    updated: datetime
    authors: tuple[str, ...]
    categories: tuple[str, ...]
    #: Plain text, for Atom's summary, RSS's description and JSON's summary.
    summary: str
    #: The whole briefing with its boxes, absolute URLs only; None when feeds carry summaries only.
    content_html: str | None


@dataclass(frozen=True)
class EntryRules:
    """One build's settings for entries."""

    base: str
    ids: TagAuthority
    content: str
    timezone: str | None
    publisher: str

    def __post_init__(self) -> None:
        if self.content not in CONTENT_MODES:
            raise ValueError(f"BRIEFING_FEED_CONTENT must be one of {CONTENT_MODES}, not {self.content!r}")

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], base: str) -> EntryRules:
        return cls(
            base=base,
            ids=TagAuthority.from_settings(settings),
            content=str(settings.get("BRIEFING_FEED_CONTENT") or "full"),
            timezone=settings.get("TIMEZONE"),
            publisher=plain_text(settings.get("SITENAME")) or settings["SITE_DOMAIN"],
        )

    def entry(self, article: Any) -> Entry:
        url = absolute(self.base, article.url)
        published = set_date_tzinfo(article.date, self.timezone)
        modified = getattr(article, "modified", None)
        updated = set_date_tzinfo(modified, self.timezone) if modified else published
        content = None
        if self.content == "full":
            content = absolutize_html(article.get_content(self.base), url)
        return Entry(
            id=self.ids.entry_id(article.metadata.get("import_id"), article.source_path, published),
            url=url,
            title=plain_text(article.title),
            published=published,
            updated=max(updated, published),
            authors=_authors(article) or (self.publisher,),
            categories=_categories(article),
            summary=plain_text(article.summary),
            content_html=content,
        )


def _authors(article: Any) -> tuple[str, ...]:
    """Names are plain text already (briefing/safety.py): taken as they are, never stripped of what looks like tags."""
    names = (str(getattr(author, "name", author)).strip() for author in getattr(article, "authors", ()) or ())
    return tuple(name for name in names if name)


def _categories(article: Any) -> tuple[str, ...]:
    """The section first, then the tags, each once."""
    names: list[str] = []
    for item in [getattr(article, "category", None), *(getattr(article, "tags", None) or ())]:
        name = str(getattr(item, "name", item) if item is not None else "").strip()
        if name and name not in names:
            names.append(name)
    return tuple(names)


class EntryCache:
    """Entries built once per article per build, and a check that no two share an id.

    A shared id is an error in a strict build (publishconf) and a warning in a
    local one, like any other problem with a post.
    """

    def __init__(self, rules: EntryRules, strict: bool = False):
        self.rules = rules
        self.strict = strict
        self._by_source: dict[str, Entry] = {}
        self._source_by_id: dict[str, str] = {}

    def entries(self, articles: Sequence[Any]) -> list[Entry]:
        return [self.entry(article) for article in articles]

    def entry(self, article: Any) -> Entry:
        source = getattr(article, "relative_source_path", None) or article.source_path
        if source not in self._by_source:
            entry = self.rules.entry(article)
            other = self._source_by_id.setdefault(entry.id, source)
            if other != source:
                if self.strict:
                    raise DuplicateEntryId(entry.id, other, source)
                log.warning("%s", DuplicateEntryId(entry.id, other, source))
            self._by_source[source] = entry
        return self._by_source[source]


class DuplicateEntryId(ValueError):
    """Two briefings would share one feed id: readers would show only one of them."""

    def __init__(self, entry_id: str, first: str, second: str):
        super().__init__(
            f"{second}: its feed id {entry_id} is already the id of {first}; "
            "give one of them a distinct import_id or file name"
        )
