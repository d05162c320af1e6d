"""Hubs: a home for each rare earth element, company and country the briefings are tagged with.

A tag page lists the briefings carrying one tag; a reader asking "is there
news on terbium?" also wants the briefings on heavy rare earths as a group,
and wants to see at a glance which elements have news at all. So a hub
gathers every briefing tagged with its name or with a group tag standing for
it (for elements), counts them, and knows the other hubs its briefings name.

Plain Python over the build's articles (anything with ``tags`` whose items
have a ``name``), so the rules are tested without Pelican; the plugin
``plugins/briefing_hubs`` supplies the articles, the URLs and the writing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .elements import Element, ElementTable, Weight

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
    #: The tags that count toward the hub: its own name first, then group tags (elements only).
    tags: tuple[str, ...]
    element: Element | None = None
    #: The briefings, newest first (the order they were given in).
    articles: list[Any] = field(default_factory=list)
    #: Each tag object met on those briefings that counts toward the hub, with how many carry it.
    tag_counts: list[tuple[Any, int]] = field(default_factory=list)
    #: Kind -> [(hub, number of the hub's briefings that name it)], most named first.
    related: dict[str, list[tuple[Hub, int]]] = field(default_factory=dict)

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
        return len(self.articles)

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


def build_hubs(
    articles: Sequence[Any],
    table: ElementTable,
    gazetteer: Mapping[str, Sequence[str]],
    place: Placer,
) -> Hubs:
    """The hubs of ``articles`` (published briefings, newest first).

    Element hubs always exist, with or without briefings: the strip shows all
    seventeen, and a reader may follow one before its first news. A company or
    country of the gazetteer gets a hub once a briefing is tagged with it; an
    empty one would be a dead end among dozens.
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
    _collect(articles, by_tag)
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


def _collect(articles: Sequence[Any], by_tag: Mapping[str, list[Hub]]) -> None:
    """Give each hub its briefings, once each, in the order given, and count the tags that brought them."""
    tag_counts: dict[Hub, Counter] = {}
    tag_objects: dict[str, Any] = {}
    for article in articles:
        reached: dict[Hub, None] = {}
        for tag in getattr(article, "tags", None) or []:
            key = tag_key(tag.name)
            tag_objects.setdefault(key, tag)
            for hub in by_tag.get(key, []):
                reached.setdefault(hub)
                tag_counts.setdefault(hub, Counter())[key] += 1
        for hub in reached:
            hub.articles.append(article)
    for hub, counts in tag_counts.items():
        order = [tag_key(t) for t in hub.tags]
        hub.tag_counts = [(tag_objects[key], counts[key]) for key in order if counts[key]]


def _relate(hubs: list[Hub]) -> None:
    """For each hub, the hubs of the other kinds its briefings name, most often named first.

    Named, not merely counted: a briefing tagged "Heavy rare earths" is on a
    dysprosium hub, yet on a company's page it should not list holmium.
    """
    named: dict[int, list[Hub]] = {}
    for hub in hubs:
        for article in hub.articles:
            if any(tag_key(tag.name) == tag_key(hub.name) for tag in article.tags):
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
