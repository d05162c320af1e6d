"""Hubs: a home for each rare earth element, company and country the briefings are tagged with.

A tag page lists the briefings carrying one tag; a reader asking "is there
news on terbium?" wants the briefings about terbium, counted honestly, and
then the ones on heavy rare earths as a group, apart: a group tag says
nothing about any one of its members, so it never counts toward one. A
briefing is about an element when it is tagged with it or names it in its
title, body or highlights. Each hub also knows the other hubs its briefings
name.

Plain Python over the build's articles (anything with ``tags`` whose items
have a ``name``), so the rules are tested without Pelican; the plugin
``plugins/briefing_hubs`` supplies the articles, the URLs and the writing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .elements import Element, ElementTable, Weight
from .text import plain_text

#: Kinds of hub, in the order pages show them.
KINDS = ("element", "company", "country")
#: The gazetteer's group holding the tags of each kind of hub besides elements (which have their own file).
GAZETTEER_GROUPS = {"company": "companies", "country": "countries"}
#: How many hubs of each other kind a hub shows as related.
RELATED_LIMIT = 8


@dataclass(frozen=True)
class Place:
    """Where a hub is on the site."""

    slug: str
    url: str
    save_as: str


#: (kind, name) -> where that hub is; the plugin builds it from the URL settings.
Placer = Callable[[str, str], Place]


def tag_key(name: str) -> str:
    """Tags match whatever their case and spacing: an editor's "heavy rare earths" is the group's tag."""
    return " ".join(str(name).split()).casefold()


def briefing_text(article: Any) -> str:
    """What a briefing says in its own words: title, body and highlights (not its boxes of comment or source).

    Read from Pelican's ``_content``, the HTML before links are resolved: asking
    for ``content`` while the hubs are counted (before the static files are
    known) would resolve ``{static}`` links too early, and Pelican keeps that.
    """
    content = str(getattr(article, "_content", None) or getattr(article, "content", "") or "")
    boxes = getattr(article, "briefing", None)
    body = boxes.body_of(content) if boxes else content
    highlights = boxes.highlights_list if boxes else ""
    return plain_text(" ".join((str(getattr(article, "title", "") or ""), body, highlights)))


def disagreements(table: ElementTable, gazetteer: Mapping[str, Sequence[str]]) -> list[str]:
    """Names of the element table that the gazetteer does not tag with: no briefing would count toward them."""
    elements = {tag_key(t) for t in gazetteer.get("elements", ())}
    groups = {tag_key(t) for t in gazetteer.get("groups", ())}
    return [
        *(f"element {e.name}: not among the gazetteer's elements" for e in table.elements if tag_key(e.name) not in elements),
        *(f"group {tag}: not among the gazetteer's groups" for tag in table.groups if tag_key(tag) not in groups),
    ]


@dataclass(eq=False)
class Hub:
    kind: str
    name: str
    place: Place
    #: The tags that lead to the hub: its own name first, then group tags (elements only).
    tags: tuple[str, ...]
    element: Element | None = None
    #: The briefings about it (tagged with its name, or naming an element), newest first (as given).
    articles: list[Any] = field(default_factory=list)
    #: An element's briefings about one of its groups only (NdPr, Heavy rare earths ...), newest first.
    group_articles: list[Any] = field(default_factory=list)
    #: Both of the above, in the order given: an element's feed carries its groups' news too.
    all_articles: list[Any] = field(default_factory=list)
    #: Each tag object met on those briefings that leads to the hub, with how many carry it.
    tag_counts: list[tuple[Any, int]] = field(default_factory=list)
    #: Kind -> [(hub, number of the hub's briefings that name it)], most named first.
    related: dict[str, list[tuple[Hub, int]]] = field(default_factory=dict)
    #: Path of its Atom feed in the site, when it has one (the plugin knows the feed settings).
    feed: str | None = None

    @property
    def slug(self) -> str:
        return self.place.slug

    @property
    def url(self) -> str:
        return self.place.url

    @property
    def save_as(self) -> str:
        return self.place.save_as

    @property
    def count(self) -> int:
        """The briefings about the hub itself: what the strip, the topics and the hub page show."""
        return len(self.articles)

    @cached_property
    def groups(self) -> list[tuple[Any, list[Any]]]:
        """Each group tag met on the group-only briefings, with those briefings, in the hub's tag order.

        Found once, when every briefing is collected: each page of the hub asks (458 times at N=1,000).
        """
        order = [tag_key(t) for t in self.tags[1:]]
        found: dict[str, tuple[Any, list[Any]]] = {}
        for article in self.group_articles:
            for tag in getattr(article, "tags", None) or []:
                if tag_key(tag.name) in order:
                    found.setdefault(tag_key(tag.name), (tag, []))[1].append(article)
        return [found[key] for key in order if key in found]

    @property
    def count_label(self) -> str:
        return "no briefings yet" if not self.count else f"{self.count} briefing" + ("" if self.count == 1 else "s")

    @property
    def label(self) -> str:
        """What a screen reader says for the hub's cell of the strip: "Dysprosium, heavy, 5 briefings"."""
        weight = self.element.weight.label if self.element and self.element.weight else None
        return ", ".join(part for part in (self.name, weight, self.count_label) if part)


@dataclass
class Hubs:
    """Every hub of a build, and the hubs each tag leads to."""

    elements: list[Hub]
    companies: list[Hub]
    countries: list[Hub]
    #: tag_key(tag) -> the hubs that tag counts toward (one, or the members of a group).
    by_tag: dict[str, list[Hub]]
    #: The weight classes (light, medium, heavy), for the strip's key.
    weights: tuple[Weight, ...] = ()

    def __iter__(self):
        yield from self.elements
        yield from self.companies
        yield from self.countries

    def for_tag(self, name: str) -> list[Hub]:
        return self.by_tag.get(tag_key(name), [])

    def named(self, name: str) -> Hub | None:
        """The hub of the company, country or element called ``name``; None for a group or a theme."""
        return next((hub for hub in self.for_tag(name) if tag_key(hub.name) == tag_key(name)), None)

    def url_of(self, tag: Any) -> str:
        """Where a tag's topic is read: the hub it names, or else its own tag page (groups, themes).

        Every link to a tag goes through here, so a reader never lands on the
        redirect left at a hub tag's old address (:mod:`briefing.topics`).
        """
        hub = self.named(tag.name)
        return hub.url if hub else tag.url


def build_hubs(
    articles: Sequence[Any],
    table: ElementTable,
    gazetteer: Mapping[str, Sequence[str]],
    place: Placer,
    text_of: Callable[[Any], str] = briefing_text,
) -> Hubs:
    """The hubs of ``articles`` (published briefings, newest first).

    Element hubs always exist, with or without briefings: the strip shows all
    seventeen, and a reader may follow one before its first news. A company or
    country of the gazetteer gets a hub once a briefing is tagged with it; an
    empty one would be a dead end among dozens. ``text_of`` gives the words a
    briefing names elements in (:func:`briefing_text`).
    """
    elements = [
        Hub("element", e.name, place("element", e.name), table.tags_for(e), element=e) for e in table.elements
    ]
    companies = [Hub("company", n, place("company", n), (n,)) for n in gazetteer.get(GAZETTEER_GROUPS["company"], ())]
    countries = [Hub("country", n, place("country", n), (n,)) for n in gazetteer.get(GAZETTEER_GROUPS["country"], ())]
    by_tag: dict[str, list[Hub]] = {}
    for hub in [*elements, *companies, *countries]:
        for tag in hub.tags:
            by_tag.setdefault(tag_key(tag), []).append(hub)
    for tag, symbols in table.groups.items():  # "NdPr stands for neodymium and praseodymium": the group's order
        by_tag.get(tag_key(tag), []).sort(key=lambda hub: symbols.index(hub.element.symbol))
    _collect(articles, by_tag, elements, text_of)
    kept = {*elements, *(h for h in [*companies, *countries] if h.articles)}
    hubs = Hubs(
        elements,
        [h for h in companies if h in kept],
        [h for h in countries if h in kept],
        {key: [h for h in found if h in kept] for key, found in by_tag.items() if any(h in kept for h in found)},
        table.weights,
    )
    _relate(list(hubs))
    return hubs


def _collect(
    articles: Sequence[Any], by_tag: Mapping[str, list[Hub]], elements: Sequence[Hub], text_of: Callable[[Any], str]
) -> None:
    """Give each hub its briefings, once each, in the order given, and count the tags that brought them.

    A hub's own tag, or an element's name in the text, makes a briefing about
    the hub; a group tag alone puts it among the element's group briefings.
    """
    names = re.compile(r"\b(?:%s)\b" % "|".join(re.escape(h.name) for h in elements), re.IGNORECASE) if elements else None
    element_by_key = {tag_key(h.name): h for h in elements}
    tag_counts: dict[Hub, Counter] = {}
    tag_objects: dict[str, Any] = {}
    for article in articles:
        direct: dict[Hub, None] = {}
        reached: dict[Hub, None] = {}
        for tag in getattr(article, "tags", None) or []:
            key = tag_key(tag.name)
            tag_objects.setdefault(key, tag)
            for hub in by_tag.get(key, []):
                reached.setdefault(hub)
                tag_counts.setdefault(hub, Counter())[key] += 1
                if key == tag_key(hub.name):
                    direct.setdefault(hub)
        if names is not None:
            for name in names.findall(text_of(article)):
                direct.setdefault(element_by_key[tag_key(name)])
        for hub in {**direct, **reached}:
            hub.all_articles.append(article)
            (hub.articles if hub in direct else hub.group_articles).append(article)
    for hub, counts in tag_counts.items():
        order = [tag_key(t) for t in hub.tags]
        hub.tag_counts = [(tag_objects[key], counts[key]) for key in order if counts[key]]


def _relate(hubs: list[Hub]) -> None:
    """For each hub, the hubs of the other kinds its briefings are about, most often first.

    About, not merely reached: a briefing tagged "Heavy rare earths" is among a
    dysprosium hub's group briefings, yet on a company's page it should not
    list holmium.
    """
    named: dict[int, list[Hub]] = {}
    for hub in hubs:
        for article in hub.articles:
            named.setdefault(id(article), []).append(hub)
    for hub in hubs:
        shared: Counter = Counter()
        for article in hub.articles:
            shared.update(other for other in named.get(id(article), []) if other.kind != hub.kind)
        ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0].name.casefold()))
        hub.related = {
            kind: [(other, n) for other, n in ranked if other.kind == kind][:RELATED_LIMIT]
            for kind in KINDS
            if kind != hub.kind
        }
