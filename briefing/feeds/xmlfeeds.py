"""feedgenerator's Atom 1.0 and RSS 2.0 feeds, with what readers and validators need.

Stock feedgenerator (as Pelican drives it) writes RSS ``guid``s without
``isPermaLink="false"`` (a ``tag:`` guid is then an invalid permalink), an
Atom ``<author>`` with an empty name when there is no author, one author at
most, ``updated`` from the clock for an empty feed (so no two builds are
alike), and no ``<?xml-stylesheet?>`` for Atom. These subclasses write
entries from :class:`~briefing.feeds.entries.Entry` fields instead.

A briefing is in many feeds at once (the site's, its section's, each of its
tags' and elements'): its entry's XML depends on nothing but the entry, so it
is written once per build and reused by every feed that carries it
(:class:`RenderedEntries`).
"""

from __future__ import annotations

import html
import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from feedgenerator import Atom1Feed, Rss201rev2Feed, Stylesheet
from feedgenerator.django.utils.feedgenerator import rfc2822_date, rfc3339_date
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


def stylesheet(href: str) -> Stylesheet:
    """The ``<?xml-stylesheet?>`` that makes a browser show a feed as a page (XSLT)."""
    return Stylesheet(href, mimetype="text/xsl", media=None)


class RenderedEntries:
    """One build's entries as XML, but for their content, by feed format and by every other field of the item.

    An entry's XML is the same in every feed that carries it, but for its
    content it is written once per build and kept as the text before and after
    the content (a few hundred bytes); the content, most of an entry, is only
    escaped again where it goes, so the memory holds no second copy of every
    briefing (18 MB at N=1,000). Its check for characters XML cannot carry
    (feedgenerator's) is made once per content. The key is every other field of
    the item, so a field a ``feed_generated`` listener changed gets its entry
    written afresh.
    """

    #: Where the content goes while the rest is written: a private-use character, which escaping leaves as it is.
    PLACE = "\ue000"

    def __init__(self) -> None:
        self._around: dict[tuple, tuple[str, str] | None] = {}
        #: Contents checked already, by identity (each kept, so that its id is not taken by another string).
        self._checked: dict[int, str] = {}

    def xml(self, feed: _Deterministic, item: dict[str, Any]) -> str:
        content = item.get("content")
        if not isinstance(content, str) or not content:
            return feed.item_xml(item)
        key = _item_key(feed, {**item, "content": None})
        if key is None:
            return feed.item_xml(item)
        if key not in self._around:
            around = feed.item_xml({**item, "content": self.PLACE})
            self._around[key] = tuple(around.split(self.PLACE)) if around.count(self.PLACE) == 1 else None
        around = self._around[key]
        if around is None:  # the place's character is in another field too
            return feed.item_xml(item)
        if self._checked.get(id(content)) is not content:
            SimplerXMLGenerator(io.StringIO()).characters(content)  # raises as it would in the whole feed
            self._checked[id(content)] = content
        return around[0] + escape(content) + around[1]


def _item_key(feed: _Deterministic, item: dict[str, Any]) -> tuple | None:
    key = (type(feed), *((name, tuple(value) if isinstance(value, list) else value) for name, value in item.items()))
    try:
        hash(key)
    except TypeError:  # a field a listener of feed_generated set to something unhashable: written afresh
        return None
    return key


class _Deterministic:
    """The feed's date is its newest entry's, or a fixed one when it has none: never the clock.

    Its entries' XML comes from the build's :class:`RenderedEntries` when the
    feed is given one (``rendered=``), each entry written by ``add_item_elements``
    from its item alone.
    """

    feed: dict
    items: list
    #: The element each entry is written in.
    item_element: str

    def latest_post_date(self) -> datetime:
        dates = [item["updateddate"] or item["pubdate"] for item in self.items]
        return max(dates) if dates else self.feed["empty_date"]

    def item_xml(self, item: dict[str, Any]) -> str:
        """One entry as XML, written exactly as feedgenerator writes it into the whole feed."""
        out = io.StringIO()
        handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
        handler.startElement(self.item_element, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.item_element)
        return out.getvalue()

    def write_items(self, handler):
        rendered = self.feed.get("rendered")
        if rendered is None:
            return super().write_items(handler)
        for item in self.items:
            # XMLGenerator writes this text as it is, after closing the element before it.
            handler.ignorableWhitespace(rendered.xml(self, item))


class AtomFeed(_Deterministic, Atom1Feed):
    item_element = "entry"

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_stylesheets(self, handler):
        for sheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(sheet))

    def add_item_elements(self, handler, item):
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", "", {"href": item["link"], "rel": "alternate", "type": "text/html"})
        handler.addQuickElement("id", item["unique_id"])
        handler.addQuickElement("published", rfc3339_date(item["pubdate"]))
        handler.addQuickElement("updated", rfc3339_date(item["updateddate"]))
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        for term in item["categories"]:
            handler.addQuickElement("category", "", {"term": term})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        if item["content"] is not None:
            handler.addQuickElement("content", item["content"], {"type": "html"})


class RssFeed(_Deterministic, Rss201rev2Feed):
    item_element = "item"

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:dc": DC_NS}

    def add_item_elements(self, handler, item):
        handler.addQuickElement("title", item["title"])
        handler.addQuickElement("link", item["link"])
        # RSS's description is HTML: the plain-text summary is escaped as such.
        handler.addQuickElement("description", html.escape(item["description"] or "", quote=False))
        if item["content"] is not None:
            handler.addQuickElement("content:encoded", item["content"])
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("pubDate", rfc2822_date(item["pubdate"]))
        # RSS has no date of the last edit; Atom's element says it, and readers know it.
        handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        # A tag: URI is no URL: without isPermaLink="false" the guid claims to be one.
        handler.addQuickElement("guid", item["unique_id"], {"isPermaLink": "false"})
        for term in item["categories"]:
            handler.addQuickElement("category", term)
