"""Share links: plain URLs a reader follows to share a briefing, no third-party script on the page.

A widget from a social network would load its code (and track readers) on
every page view; a link does nothing until it is followed. The shared address
is the public one (SITE_ABSOLUTE_URL, else the feeds' base), never a local
preview's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import pass_context

from .text import plain_text
from .urls import absolute, feed_base


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """(label, href) for each way to share the page at absolute ``url`` titled ``title`` (plain text)."""
    return [
        ("Email", "mailto:?" + urlencode({"subject": title, "body": f"{title}\n{url}"}, quote_via=quote)),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        ("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": f"{title} {url}"})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
    ]


def public_url(settings: Mapping[str, Any], path: str) -> str:
    """``path`` (a site URL) at the site's public address."""
    return absolute(str(settings.get("SITE_ABSOLUTE_URL") or "").rstrip("/") or feed_base(settings), path)


@pass_context
def share_links_filter(context: Mapping[str, Any], article: Any) -> list[tuple[str, str]]:
    """Jinja filter: ``article|share_links`` in the article template."""
    return share_links(public_url(context, article.url), plain_text(article.title))
