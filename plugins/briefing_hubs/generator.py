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
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pelican.generators import ArticlesGenerator, Generator
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, path_to_url, sanitised_join

from briefing.elements import load_elements
from briefing.gazetteer import tag_groups
from briefing.hubs import Hub, Place, build_hubs, disagreements
from briefing.markdown_fields import FieldRenderer
from briefing.safety import safe_html
from briefing.topics import Redirect, hub_tags, redirects
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
    redirects: list[Redirect] = []

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

    def take_over_tag_pages(self, articles: ArticlesGenerator) -> None:
        """The hubs become their tags' pages: Pelican writes the other tags' pages, this generator redirects.

        Pelican writes a page for each key of ``articles.tags``; while it does,
        the hub tags are left out (their feeds, written from the same dict
        before, stay). The instance's method is wrapped, as the build engine
        wraps ``generate_articles``: Pelican has no signal between its feeds
        and its tag pages.
        """
        own = hub_tags(articles.tags, self.hubs)
        self.redirects = redirects(articles.tags, self.hubs, self.pages)
        write_tag_pages = articles.generate_tags

        def generate_tags(write) -> None:
            every = articles.tags
            articles.tags = {tag: items for tag, items in every.items() if tag not in own}
            try:
                write_tag_pages(write)
            finally:
                articles.tags = every

        articles.generate_tags = generate_tags

    def pages(self, template_name: str, save_as: str, url: str, items: Sequence[Any]) -> list[tuple[str, str]]:
        """(save_as, url) of each page Pelican's Writer makes of a listing written with ``template_name``."""
        if template_name not in self.settings["PAGINATED_TEMPLATES"]:
            return [(save_as, url)]
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
        paginator = Paginator(save_as, url, items, self.settings, per_page)
        return [(page.save_as, page.url) for page in map(paginator.page, paginator.page_range)]

    def write_redirects(self) -> None:
        """Each redirect is a small page of its own, not a listing.

        Written without Pelican's Writer, so no plugin hears of it as a page of
        the site: the sitemap lists the hubs, never these.
        """
        template = self.get_template("tag_redirect")
        relative = bool(self.settings.get("RELATIVE_URLS"))
        for redirect in self.redirects:
            context = dict(self.context, output_file=redirect.save_as, redirect=redirect)
            if relative:
                context["SITEURL"] = path_to_url(get_relative_path(redirect.save_as))
            path = sanitised_join(self.output_path, redirect.save_as)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as page:
                page.write(template.render(context))
            log.info('Writing "%s" (to %s)', path, redirect.target)

    def generate_output(self, writer) -> None:
        self.write_redirects()
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
