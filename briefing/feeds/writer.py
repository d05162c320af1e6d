"""The Writer that Pelican uses for this site (through the ``get_writer`` signal).

Pelican's own Writer builds its feeds' entries in ``_add_item_to_the_feed``
with rules this site cannot keep (relative links without SITEURL, ids that
change with the title and the scheme, an empty author). This one keeps
Pelican's generators, settings and signals, and replaces only what goes into
a feed; it also writes the JSON Feed, from the same entries.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pelican.plugins import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from ..text import plain_text
from .entries import Entry, EntryCache, EntryRules
from .jsonfeed import JsonFeedHead, dumps, json_feed
from ..urls import absolute, feed_base, relative_href
from .xmlfeeds import AtomFeed, RenderedEntries, RssFeed, stylesheet

logger = logging.getLogger(__name__)

#: (setting holding a feed's path, kind of feed, setting of the page the feed follows)
_KINDS = (
    ("FEED_ALL_ATOM", "all", None),
    ("FEED_ALL_RSS", "all", None),
    ("FEED_ATOM", "main", None),
    ("FEED_RSS", "main", None),
    ("CATEGORY_FEED_ATOM", "section", "CATEGORY_URL"),
    ("CATEGORY_FEED_RSS", "section", "CATEGORY_URL"),
    ("TAG_FEED_ATOM", "tag", "TAG_URL"),
    ("TAG_FEED_RSS", "tag", "TAG_URL"),
    ("ELEMENT_FEED_ATOM", "element", "ELEMENT_URL"),
    ("AUTHOR_FEED_ATOM", "author", "AUTHOR_URL"),
    ("AUTHOR_FEED_RSS", "author", "AUTHOR_URL"),
)
#: How a feed of one section or tag is named after the site's name.
KIND_LABELS = {"section": "section", "tag": "topic", "author": "author", "element": "element"}


@dataclass(frozen=True)
class FeedSpec:
    """Where a feed lives and what it is about."""

    path: str
    feed_url: str
    page_url: str
    id: str
    title: str
    stylesheet: str | None


class FeedWriter(Writer):
    """Pelican makes one Writer per build: what it holds (each briefing's entry, and its XML) lasts one build."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.base = feed_base(self.settings)
        self.rules = EntryRules.from_settings(self.settings, self.base)
        self.entries = EntryCache(self.rules, strict=bool(self.settings.get("BRIEFING_STRICT")))
        self.rendered = RenderedEntries()

    # -- what each feed is ------------------------------------------------

    def _kind(self, path: str) -> tuple[str, str | None, str | None]:
        for setting, kind, page in _KINDS:
            pattern = self.settings.get(setting)
            if not pattern:
                continue
            regex = re.escape(str(pattern)).replace(re.escape("{slug}"), "(?P<slug>[^/]+)")
            match = re.fullmatch(regex, path)
            if match:
                return kind, match.groupdict().get("slug"), page
        return "file", path, None

    def spec(self, path: str, url: str | None = None, name: str | None = None) -> FeedSpec:
        kind, slug, page = self._kind(path)
        site = plain_text(self.settings.get("SITENAME"))
        title = f"{site}: {name} ({KIND_LABELS.get(kind, kind)})" if name else site  # a name is plain text
        page_url = absolute(self.base, self.settings[page].format(slug=slug) if page and slug else "")
        sheet = self.settings.get("BRIEFING_FEED_STYLESHEET")
        return FeedSpec(
            path=path,
            feed_url=absolute(self.base, url or path),
            page_url=page_url,
            id=self.rules.ids.feed_id(kind, slug),
            title=title,
            # Relative, so the browser finds it on whichever host serves the feed (local or public).
            stylesheet=relative_href(path, sheet) if sheet else None,
        )

    def _capped(self, elements: Sequence[Any]) -> list[Entry]:
        return self.entries.entries(list(elements)[: self.settings.get("FEED_MAX_ITEMS")])

    # -- Atom and RSS -----------------------------------------------------

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):
        spec = self.spec(path or url or "", url, feed_title)
        feed_class = RssFeed if feed_type == "rss" else AtomFeed
        feed = feed_class(
            title=spec.title,
            link=spec.page_url,
            description=plain_text(self.settings.get("SITESUBTITLE")) or spec.title,
            language=self.settings.get("DEFAULT_LANG"),
            feed_url=spec.feed_url,
            feed_guid=spec.id,
            author_name=self.rules.publisher,
            author_link=self.base + "/",
            stylesheets=[stylesheet(spec.stylesheet)] if spec.stylesheet else None,
            empty_date=self.rules.ids.start_date,
            rendered=self.rendered,
        )
        for entry in self._capped(elements):
            feed.add_item(
                title=entry.title,
                link=entry.url,
                description=entry.summary,
                content=entry.content_html,
                unique_id=entry.id,
                unique_id_is_permalink=False,
                pubdate=entry.published,
                updateddate=entry.updated,
                categories=entry.categories,
                authors=entry.authors,
            )
        signals.feed_generated.send(context, feed=feed)
        if path:
            complete_path = self._output(path)
            with self._open_w(complete_path, "utf-8", override_output) as fp:
                feed.write(fp, "utf-8")
            logger.info('Writing "%s"', complete_path)
            signals.feed_written.send(complete_path, context=context, feed=feed)
        return feed

    # -- JSON Feed --------------------------------------------------------

    def write_json_feed(self, articles: Sequence[Any]) -> str | None:
        """Write the JSON Feed of ``articles`` at BRIEFING_FEED_JSON; return its path."""
        path = self.settings.get("BRIEFING_FEED_JSON")
        if not path:
            return None
        spec = self.spec(path)
        head = JsonFeedHead(
            title=spec.title,
            home_page_url=spec.page_url,
            feed_url=spec.feed_url,
            description=plain_text(self.settings.get("SITESUBTITLE")),
            language=self.settings.get("DEFAULT_LANG"),
            publisher=self.rules.publisher,
        )
        complete_path = self._output(path)
        with self._open_w(complete_path, "utf-8") as fp:
            fp.write(dumps(json_feed(head, self._capped(articles))))
        logger.info('Writing "%s"', complete_path)
        return complete_path

    def _output(self, path: str) -> str:
        complete_path = sanitised_join(self.output_path, path)
        os.makedirs(os.path.dirname(complete_path), exist_ok=True)
        return complete_path


def settings_problems(settings: Mapping[str, Any]) -> list[str]:
    """What keeps this site's settings from giving valid feeds (checked when the build starts)."""
    problems = []
    try:
        EntryRules.from_settings(settings, feed_base(settings))
    except (KeyError, ValueError) as error:
        problems.append(str(error))
    return problems
