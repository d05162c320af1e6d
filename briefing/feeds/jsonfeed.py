"""JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) of the same entries as Atom and RSS."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .entries import Entry

VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_TYPE = "application/feed+json"


@dataclass(frozen=True)
class JsonFeedHead:
    title: str
    home_page_url: str
    feed_url: str
    description: str
    language: str | None
    publisher: str


def _item(entry: Entry, language: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"id": entry.id, "url": entry.url, "title": entry.title}
    if entry.content_html is not None:
        item["content_html"] = entry.content_html
    else:
        item["content_text"] = entry.summary
    item.update(
        summary=entry.summary,
        date_published=entry.published.isoformat(),
        date_modified=entry.updated.isoformat(),
        authors=[{"name": name} for name in entry.authors],
        tags=list(entry.categories),
    )
    if language:
        item["language"] = language
    return item


def json_feed(head: JsonFeedHead, entries: Sequence[Entry]) -> dict[str, Any]:
    feed: dict[str, Any] = {
        "version": VERSION,
        "title": head.title,
        "home_page_url": head.home_page_url,
        "feed_url": head.feed_url,
        "description": head.description,
        "authors": [{"name": head.publisher, "url": head.home_page_url}],
    }
    if head.language:
        feed["language"] = head.language
    feed["items"] = [_item(entry, head.language) for entry in entries]
    return feed


def dumps(feed: dict[str, Any]) -> str:
    """Stable text: the same feed always gives the same bytes."""
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"
