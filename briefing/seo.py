"""What search engines and link previews read: JSON-LD for briefings, and robots.txt.

The JSON-LD is built as Python data and serialised with :mod:`json`, never by
string templating in a template, so a title with quotes or ``</script>`` in it
cannot break out of the data block.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from .schema import CORRECTION_KINDS
from .text import plain_text

#: Characters that could end a <script> element or start markup inside it; JSON allows escaping them.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def absolute_url(siteurl: str, url: str) -> str:
    return f"{siteurl.rstrip('/')}/{url.lstrip('/')}"


def organisation(name: str, siteurl: str) -> dict[str, str]:
    return {"@type": "Organization", "name": name, "url": absolute_url(siteurl, "")}


def news_article(article: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The schema.org ``NewsArticle`` that describes one briefing."""
    siteurl = settings["SITE_ABSOLUTE_URL"]
    url = absolute_url(siteurl, article.url)
    modified = getattr(article, "modified", None) or article.date
    author = getattr(article, "author", None)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": plain_text(article.title),
        "description": plain_text(article.summary),
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.date.isoformat(),
        "dateModified": modified.isoformat(),
        "inLanguage": getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "en"),
        "author": organisation(str(author) if author else settings["AUTHOR"], siteurl),
        "publisher": organisation(settings["SITENAME"], siteurl),
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in getattr(article, "tags", None) or []],
    }
    notes = getattr(getattr(article, "briefing", None), "updates", ())
    corrections = [
        {"@type": "CorrectionComment", "text": plain_text(note.html), "datePublished": note.date.isoformat(),
         "url": f"{url}#{note.anchor}"}
        for note in notes if note.kind in CORRECTION_KINDS
    ]
    if corrections:
        data["correction"] = corrections
    source = article.metadata.get("source")
    if isinstance(source, Mapping) and source.get("url"):
        data["isBasedOn"] = source["url"]
    return data


def script_json(data: Any) -> Markup:
    """JSON safe to place between ``<script type="application/ld+json">`` tags."""
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES))


@pass_context
def news_article_json(context: Mapping[str, Any], article: Any) -> Markup:
    """Jinja filter: ``article|news_article_json`` in the article template's head."""
    return script_json(news_article(article, context))


def robots_txt(siteurl: str, sitemap: str = "sitemap.xml") -> str:
    """A robots.txt that lets every crawler in and points it at the sitemap."""
    return f"User-agent: *\nDisallow:\n\nSitemap: {absolute_url(siteurl, sitemap)}\n"
