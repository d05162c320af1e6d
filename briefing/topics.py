"""One page per topic: a tag that names a hub is read on the hub, and its old address sends readers there.

A tag naming an element, a company or a country used to have two listings of
the same briefings: its tag page and its hub (an element's hub lists more: the
briefings naming it in their text, and its groups'). At N=1,000 briefings that
was about 400 of 2,000 listing pages written twice over, and two addresses for
one topic split readers and search engines. So the hub is the topic's one
page; at each of the tag's old addresses (its first page and every further
page a bookmark or a search result may hold) stays a small page that redirects
to the hub's page of the same number, or to its first page when the hub has
fewer. Tags without a hub of their own (groups such as NdPr, themes) keep
their tag pages, and every tag keeps its feed.

Plain Python over the tags and hubs of a build; ``plugins/briefing_hubs`` gives
the pagination (Pelican's) and writes the pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .hubs import Hub, Hubs

#: (template name, save_as, url, items) -> (save_as, url) of each page of that listing, as the site paginates it.
Pages = Callable[[str, str, str, Sequence[Any]], list[tuple[str, str]]]


@dataclass(frozen=True)
class Redirect:
    """A page at a hub tag's old address, sending readers to the hub."""

    save_as: str
    #: URL of the hub's page it sends to (the same page number where the hub has it).
    target: str
    tag: Any
    hub: Hub
    number: int


def hub_tags(tagged: Mapping[Any, Sequence[Any]], hubs: Hubs) -> dict[Any, Sequence[Any]]:
    """The tags (with their briefings) whose topic is a hub's: the hub of the element, company or country they name."""
    return {tag: articles for tag, articles in tagged.items() if hubs.named(tag.name)}


def redirects(tagged: Mapping[Any, Sequence[Any]], hubs: Hubs, pages: Pages) -> list[Redirect]:
    """A redirect for each page the tag listing of each hub tag in ``tagged`` would have had."""
    found = []
    for tag, articles in tagged.items():
        hub = hubs.named(tag.name)
        if hub is None or not tag.save_as:  # no hub; or the site writes no tag pages: no old address to keep
            continue
        targets = [url for _, url in pages("hub", hub.save_as, hub.url, hub.articles)]
        for number, (save_as, _) in enumerate(pages("tag", tag.save_as, tag.url, articles), start=1):
            target = targets[number - 1] if number <= len(targets) else targets[0]
            found.append(Redirect(save_as, target, tag, hub, number))
    return found
