"""The corrections log: every correction, update and clarification of the published briefings.

Trusted newsrooms publish their corrections where readers can find them, dated;
so does this site: each note shows on its briefing, under the date line, and
here, on ``/corrections/`` and in its Atom feed. A note's feed id is its
briefing's entry id with ``/update/<n>`` added, so it never changes either.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pelican.utils import set_date_tzinfo

from .boxes import UpdateNote
from .feeds.entries import EntryCache, EntryRules
from .feeds.xmlfeeds import AtomFeed, stylesheet
from .safety import escape_text
from .text import plain_text
from .urls import absolute, absolutize_html, feed_base, relative_href


@dataclass(frozen=True)
class Correction:
    """One note of one published briefing."""

    note: UpdateNote
    #: The briefing's title (HTML, as the site shows it) and its page.
    title: str
    url: str
    article: Any

    @property
    def link(self) -> str:
        """The note on its briefing's page."""
        return f"{self.url}#{self.note.anchor}"


def collect_corrections(articles: Iterable[Any]) -> list[Correction]:
    """Every note of ``articles`` (a build's published ones), newest first."""
    found = [
        Correction(note, article.title, article.url, article)
        for article in articles
        for note in getattr(getattr(article, "briefing", None), "updates", ()) or ()
    ]
    return sorted(found, key=lambda c: (c.note.date, c.article.date, c.note.number), reverse=True)


def corrections_feed(corrections: list[Correction], settings: Mapping[str, Any], path: str,
                     entries: EntryCache | None = None) -> AtomFeed:
    """The Atom feed of the corrections log, its entries' links and content absolute.

    ``entries``: the build's briefing entries (the feeds' Writer holds them), so
    a corrected briefing's entry is not made again for this feed.
    """
    base = feed_base(settings)
    if entries is None:
        entries = EntryCache(EntryRules.from_settings(settings, base))
    rules = entries.rules
    site = plain_text(settings.get("SITENAME"))
    sheet = settings.get("BRIEFING_FEED_STYLESHEET")
    feed = AtomFeed(
        title=f"{site}: corrections and updates",
        link=absolute(base, settings.get("CORRECTIONS_URL") or ""),
        description=f"Every correction, update and clarification of {site}’s briefings, dated.",
        language=settings.get("DEFAULT_LANG"),
        feed_url=absolute(base, path),
        feed_guid=rules.ids.feed_id("corrections"),
        author_name=rules.publisher,
        author_link=base + "/",
        stylesheets=[stylesheet(relative_href(path, sheet))] if sheet else None,
        empty_date=rules.ids.start_date,
    )
    for correction in corrections[: settings.get("FEED_MAX_ITEMS") or None]:
        entry = entries.entry(correction.article)
        note = correction.note
        when = _moment(note.date, settings.get("TIMEZONE"))
        link = absolute(base, correction.link)
        body = absolutize_html(str(note.html), entry.url)
        feed.add_item(
            title=f"{note.verb}: {entry.title}",
            link=link,
            description=plain_text(note.html),
            content=f'{body}\n<p>On the briefing <a href="{link}">{escape_text(entry.title)}</a>.</p>',
            unique_id=rules.ids.update_id(entry.id, note.number),
            pubdate=when,
            updateddate=when,
            categories=(note.kind,),
            authors=entry.authors,
        )
    return feed


def _moment(day: _dt.date, timezone: str | None) -> _dt.datetime:
    return set_date_tzinfo(_dt.datetime.combine(day, _dt.time()), timezone)
