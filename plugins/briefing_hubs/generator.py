"""The hubs as a Pelican generator: the adapter between Pelican and :mod:`briefing.hubs`.

It runs after the articles are read, so it counts exactly the briefings the
site publishes (Pelican's ``articles``: no drafts, no hidden posts), and puts
the hubs in the shared context before any page is written, so the home page's
strip and the tag pages see them. It writes with Pelican's Writer and the
theme's templates, like the section and tag pages: the same relative URLs,
pagination, and feeds through whatever Writer the site uses.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator
from pelican.urlwrappers import URLWrapper

from briefing.elements import load_elements
from briefing.gazetteer import tag_groups
from briefing.hubs import Hub, Place, build_hubs, disagreements
from briefing.markdown_fields import FieldRenderer
from briefing.safety import safe_html
from briefing.typography import typogrifier


# Addresses of hubs, the way Pelican addresses tags: each class reads <NAME>_URL and <NAME>_SAVE_AS.
class Element(URLWrapper):
    pass


class Company(URLWrapper):
    pass


class Country(URLWrapper):
    pass


log = logging.getLogger(__name__)

_ADDRESSES = {"element": Element, "company": Company, "country": Country}


def place(settings, kind: str, name: str) -> Place:
    address = _ADDRESSES[kind](name, settings)
    return Place(address.slug, address.url, address.save_as)


class HubsGenerator(Generator):
    def generate_context(self) -> None:
        path = self.settings["BRIEFING_ELEMENTS_FILE"]
        table = load_elements(Path(path))
        gazetteer = self.settings.get("BRIEFING_GAZETTEER_FILE")
        groups = tag_groups(Path(gazetteer) if gazetteer else None)
        for problem in disagreements(table, groups):
            log.warning("%s: %s", path, problem)
        self.hubs = build_hubs(
            self.context.get("articles", []), table, groups, lambda kind, name: place(self.settings, kind, name)
        )
        for hub in self.hubs:
            hub.feed = self.feed_path(hub)
        self.context["hubs"] = self.hubs

    def feed_path(self, hub: Hub) -> str | None:
        """An element's own feed (its groups' briefings included); a company's or a country's is its tag's.

        Every element has its feed from the start, empty until its first briefing,
        so a reader can subscribe before the news comes.
        """
        if hub.element:
            pattern = self.settings.get("ELEMENT_FEED_ATOM")
            return pattern.format(slug=hub.slug) if pattern else None
        if not hub.articles:
            return None
        pattern = self.settings.get("TAG_FEED_ATOM")
        return pattern.format(slug=hub.tag_counts[0][0].slug) if pattern else None

    def generate_output(self, writer) -> None:
        relative = bool(self.settings.get("RELATIVE_URLS"))
        render = FieldRenderer(self.settings.get("MARKDOWN"))
        typogrify = typogrifier(self.settings)
        for hub in self.hubs:
            feed = hub.feed
            writer.write_file(
                hub.save_as,
                self.get_template("hub_element" if hub.element else "hub"),
                self.context,
                relative_urls=relative,
                paginated={"articles": hub.articles},
                template_name="hub",
                url=hub.url,
                hub=hub,
                hub_feed=feed,
                uses=safe_html(typogrify(render.block(hub.element.uses))) if hub.element else None,
            )
            if hub.element and feed:
                writer.write_feed(hub.all_articles, self.context, feed, feed_type="atom", feed_title=hub.name)
        writer.write_file(
            self.settings["TOPICS_SAVE_AS"],
            self.get_template("topics"),
            self.context,
            relative_urls=relative,
            url=self.settings["TOPICS_URL"],
        )
