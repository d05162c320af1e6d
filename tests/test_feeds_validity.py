"""Production feeds against the rules of the W3C Feed Validation Service, RFC 4287's schema and JSON Feed 1.1.

The W3C validator's own code (w3c/feedvalidator) is not published on any
package registry and cannot be fetched here, so :class:`W3CRules` checks the
rules it enforces as errors, plus the few warnings this project treats as
errors, each named after the validator's event (InvalidPermalink,
MissingElement, ContainsRelRef ...). Where a copy of the validator exists,
``sitecheck --feedvalidator`` runs the real thing on a built site.
"""

from __future__ import annotations

import email.utils
import re
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html
from pelican.settings import read_settings

from tests.sitebuild import ROOT, build, copy_content, write_post

ATOM_NS = "http://www.w3.org/2005/Atom"
A = "{%s}" % ATOM_NS
RNG = ROOT / "tests" / "data" / "atom.rng"
PUBLISHED = read_settings(str(ROOT / "publishconf.py"))
BASE = PUBLISHED["SITEURL"]

RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
RFC2822 = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}(:\d{2})? ([+-]\d{2}[03]0|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)"
)
URI_CHARS = r"[A-Za-z0-9;/?:@&=+$.\-_!~*'()%,]"
FULL_URI = re.compile(rf"[A-Za-z][A-Za-z0-9+.\-]*:(//)?{URI_CHARS[:-1]}#]+")
TAG_URI = re.compile(rf"tag:([a-z0-9\-._]+?@)?[a-z0-9.\-]+?,\d{{4}}(-\d{{2}}(-\d{{2}})?)?:{URI_CHARS}*(#{URI_CHARS}*)?")
ATOM_FEED_CHILDREN = {"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights",
                      "subtitle", "title", "updated", "entry"}
ATOM_ENTRY_CHILDREN = {"author", "category", "content", "contributor", "id", "link", "published", "rights",
                       "source", "summary", "title", "updated"}
RSS_CHANNEL_CHILDREN = {"title", "link", "description", "language", "copyright", "managingEditor", "webMaster",
                        "pubDate", "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image",
                        "rating", "textInput", "skipHours", "skipDays", "item"}
RSS_ITEM_CHILDREN = {"title", "link", "description", "author", "category", "comments", "enclosure", "guid",
                     "pubDate", "source"}
#: The attributes each element may carry (xml:lang and xml:base aside); any other is UnexpectedAttribute.
ATOM_ATTRIBUTES = {"link": {"href", "rel", "type", "hreflang", "title", "length"}, "category": {"term", "scheme", "label"},
                   "content": {"type", "src"}, "summary": {"type"}, "title": {"type"}, "subtitle": {"type"},
                   "rights": {"type"}, "generator": {"uri", "version"}}
RSS_ATTRIBUTES = {"rss": {"version"}, "guid": {"isPermaLink"}, "category": {"domain"}, "source": {"url"},
                  "enclosure": {"url", "length", "type"}, "cloud": {"domain", "port", "path", "registerProcedure", "protocol"}}
HTML_TAGS = re.compile(r"</(a|b|i|em|strong|span|p|div|abbr|code|sup|sub|br)>", re.I)


class W3CRules:
    """The W3C Feed Validation Service's rules for one feed; ``errors`` lists what breaks them."""

    def __init__(self, path: Path, url: str):
        self.path, self.url = path, url
        self.errors: list[str] = []
        try:
            self.root = etree.parse(str(path)).getroot()
        except etree.XMLSyntaxError as error:
            self.fail("SAXError", str(error))
            return
        self.unexpected_attributes()
        if self.root.tag == A + "feed":
            self.atom(self.root)
        elif self.root.tag == "rss":
            self.rss(self.root)
        else:
            self.fail("UndefinedElement", f"root {self.root.tag}")

    def fail(self, event: str, detail: str) -> None:
        self.errors.append(f"{self.path.name}: {event}: {detail}")

    # -- values --

    def uri(self, value: str | None, where: str, full: bool = True) -> None:
        if value is None:
            return self.fail("MissingElement", where)
        if value != value.strip():
            return self.fail("UnexpectedWhitespace", where)
        if value.lower().startswith("tag:"):
            if not TAG_URI.fullmatch(value):
                self.fail("InvalidTAG", f"{where}: {value}")
        elif full and not FULL_URI.fullmatch(value):
            self.fail("InvalidFullLink", f"{where}: {value}")
        elif value.lower().startswith(("http:", "https:")) and not re.match(r"https?://[^/]", value):
            self.fail("InvalidFullLink", f"{where}: {value}")

    def rfc3339(self, value: str | None, where: str) -> None:
        if value is None or not RFC3339.fullmatch(value):
            return self.fail("InvalidRFC3339Date", f"{where}: {value}")
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.fail("InvalidRFC3339Date", f"{where}: {value}")

    def rfc2822(self, value: str | None, where: str) -> None:
        if value is None or not RFC2822.fullmatch(value):
            return self.fail("InvalidRFC2822Date", f"{where}: {value}")
        when = email.utils.parsedate_to_datetime(value)
        if when.strftime("%a") != value[:3]:
            self.fail("IncorrectDOW", f"{where}: {value}")

    def once(self, parent, name: str, where: str, required: bool = True):
        found = parent.findall(name)
        if len(found) > 1:
            self.fail("DuplicateElement", f"{where}/{name}")
        if required and not found:
            self.fail("MissingElement", f"{where}/{name}")
        return found[0] if found else None

    def nonblank(self, element, where: str) -> None:
        if element is not None and not (element.text or "").strip():
            self.fail("NotBlank", where)

    def plain_title(self, element, where: str) -> None:
        if element is not None and HTML_TAGS.search(element.text or ""):
            self.fail("ContainsHTML", where)

    def no_relative_urls(self, markup: str | None, where: str) -> None:
        if not markup or not markup.strip():
            return
        fragment = lxml_html.fragment_fromstring(markup, create_parent="div")
        for element in fragment.iter():
            if not isinstance(element.tag, str):
                continue
            for name in ("href", "src", "poster", "cite"):
                value = element.get(name)
                if value is not None and not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", value.strip()):
                    self.fail("ContainsRelRef", f"{where}: <{element.tag} {name}={value!r}>")
            for candidate in (element.get("srcset") or "").split(","):
                if candidate.strip() and not re.match(r"https?://", candidate.strip()):
                    self.fail("ContainsRelRef", f"{where}: srcset {candidate!r}")

    def undefined_children(self, parent, allowed: set[str], namespace: str, where: str) -> None:
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            qname = etree.QName(child)
            if (qname.namespace or "") == namespace and qname.localname not in allowed:
                self.fail("UndefinedElement", f"{where}/{qname.localname}")

    def unexpected_attributes(self) -> None:
        for element in self.root.iter():
            if not isinstance(element.tag, str):
                continue
            qname = etree.QName(element)
            if qname.namespace == ATOM_NS:
                allowed = ATOM_ATTRIBUTES.get(qname.localname, set())
            elif qname.namespace is None:
                allowed = RSS_ATTRIBUTES.get(qname.localname, set())
            else:
                continue
            for name in element.attrib:
                if not name.startswith("{http://www.w3.org/XML/1998/namespace}") and name not in allowed:
                    self.fail("UnexpectedAttribute", f"{qname.localname}@{name}")

    # -- Atom 1.0 --

    def person(self, element, where: str) -> None:
        name = self.once(element, A + "name", where)
        self.nonblank(name, f"{where}/name")
        uri = self.once(element, A + "uri", where, required=False)
        if uri is not None:
            self.uri(uri.text, f"{where}/uri")
        mail = self.once(element, A + "email", where, required=False)
        if mail is not None and "@" not in (mail.text or ""):
            self.fail("InvalidAddrSpec", f"{where}/email")

    def links(self, parent, where: str) -> list:
        seen = set()
        links = parent.findall(A + "link")
        for link in links:
            self.uri(link.get("href"), f"{where}/link@href")
            key = (link.get("rel", "alternate"), link.get("type"), link.get("hreflang"))
            if key[0] == "alternate" and key in seen:
                self.fail("DuplicateAtomLink", f"{where}/link {key}")
            seen.add(key)
        return links

    def atom(self, feed) -> None:
        self.undefined_children(feed, ATOM_FEED_CHILDREN, ATOM_NS, "feed")
        for name in ("generator", "icon", "logo", "rights", "subtitle"):
            self.once(feed, A + name, "feed", required=False)
        feed_id = self.once(feed, A + "id", "feed")
        self.uri(feed_id.text if feed_id is not None else None, "feed/id")
        title = self.once(feed, A + "title", "feed")
        self.nonblank(title, "feed/title")
        self.rfc3339(getattr(self.once(feed, A + "updated", "feed"), "text", None), "feed/updated")
        selves = [link for link in self.links(feed, "feed") if link.get("rel") == "self"]
        if len(selves) != 1 or selves[0].get("href") != self.url:
            self.fail("MissingSelf", f"feed/link[@rel=self] must be {self.url}: {[s.get('href') for s in selves]}")
        authors = feed.findall(A + "author")
        for author in authors:
            self.person(author, "feed/author")
        ids = set()
        for number, entry in enumerate(feed.findall(A + "entry"), 1):
            where = f"entry[{number}]"
            self.undefined_children(entry, ATOM_ENTRY_CHILDREN, ATOM_NS, where)
            entry_id = self.once(entry, A + "id", where)
            if entry_id is not None:
                self.uri(entry_id.text, f"{where}/id")
                if entry_id.text in ids:
                    self.fail("DuplicateIds", f"{where}/id {entry_id.text}")
                ids.add(entry_id.text)
            title = self.once(entry, A + "title", where)
            self.nonblank(title, f"{where}/title")
            self.plain_title(title, f"{where}/title")
            self.rfc3339(getattr(self.once(entry, A + "updated", where), "text", None), f"{where}/updated")
            published = self.once(entry, A + "published", where, required=False)
            if published is not None:
                self.rfc3339(published.text, f"{where}/published")
            entry_authors = entry.findall(A + "author")
            if not authors and not entry_authors:
                self.fail("MissingElement", f"{where}/author (and no feed/author)")
            for author in entry_authors:
                self.person(author, f"{where}/author")
            content = self.once(entry, A + "content", where, required=False)
            alternates = [link for link in self.links(entry, where) if link.get("rel", "alternate") == "alternate"]
            if content is None and not alternates:
                self.fail("MissingContentOrAlternate", where)
            if content is not None and content.get("type", "text") == "html":
                self.no_relative_urls(content.text, f"{where}/content")
            summary = self.once(entry, A + "summary", where, required=False)
            self.nonblank(summary, f"{where}/summary")
            for category in entry.findall(A + "category"):
                if not (category.get("term") or "").strip():
                    self.fail("MissingAttribute", f"{where}/category@term")

    # -- RSS 2.0 --

    def rss(self, rss) -> None:
        if rss.get("version") != "2.0":
            self.fail("InvalidRSSVersion", str(rss.get("version")))
        channels = rss.findall("channel")
        if len(channels) != 1:
            return self.fail("MissingElement", "rss/channel")
        channel = channels[0]
        self.undefined_children(channel, RSS_CHANNEL_CHILDREN, "", "channel")
        for name in ("title", "link", "description"):
            self.nonblank(self.once(channel, name, "channel"), f"channel/{name}")
        link = channel.find("link")
        self.uri(link.text if link is not None else None, "channel/link")
        build_date = self.once(channel, "lastBuildDate", "channel", required=False)
        if build_date is not None:
            self.rfc2822(build_date.text, "channel/lastBuildDate")
        selves = [el for el in channel.findall(A + "link") if el.get("rel") == "self"]
        if len(selves) != 1 or selves[0].get("href") != self.url:
            self.fail("MissingAtomSelfLink", f"channel/atom:link[@rel=self] must be {self.url}")
        guids = set()
        for number, item in enumerate(channel.findall("item"), 1):
            where = f"item[{number}]"
            self.undefined_children(item, RSS_ITEM_CHILDREN, "", where)
            title = self.once(item, "title", where, required=False)
            description = self.once(item, "description", where, required=False)
            if title is None and description is None:
                self.fail("ItemMustContainTitleOrDescription", where)
            self.nonblank(title, f"{where}/title")
            self.plain_title(title, f"{where}/title")
            link = self.once(item, "link", where, required=False)
            if link is not None:
                self.uri(link.text, f"{where}/link")
            guid = self.once(item, "guid", where)
            if guid is not None:
                permalink = guid.get("isPermaLink", "true")
                if permalink not in ("true", "false"):
                    self.fail("InvalidBooleanAttribute", f"{where}/guid@isPermaLink")
                if permalink == "true":
                    if (guid.text or "").lower().startswith(("tag:", "urn:uuid:")):
                        self.fail("InvalidPermalink", f"{where}/guid {guid.text}")
                    elif not FULL_URI.fullmatch(guid.text or ""):
                        self.fail("InvalidHttpGUID", f"{where}/guid {guid.text}")
                if guid.text in guids:
                    self.fail("DuplicateValue", f"{where}/guid {guid.text}")
                guids.add(guid.text)
            pub_date = self.once(item, "pubDate", where, required=False)
            if pub_date is not None:
                self.rfc2822(pub_date.text, f"{where}/pubDate")
            updated = self.once(item, A + "updated", where, required=False)
            if updated is not None:
                self.rfc3339(updated.text, f"{where}/atom:updated")
            author = self.once(item, "author", where, required=False)
            if author is not None and "@" not in (author.text or ""):
                self.fail("InvalidContact", f"{where}/author")
            for creator in item.findall("{http://purl.org/dc/elements/1.1/}creator"):
                self.nonblank(creator, f"{where}/dc:creator")
            for category in item.findall("category"):
                self.nonblank(category, f"{where}/category")
            self.no_relative_urls(description.text if description is not None else None, f"{where}/description")
            encoded = item.find("{http://purl.org/rss/1.0/modules/content/}encoded")
            self.no_relative_urls(encoded.text if encoded is not None else None, f"{where}/content:encoded")


def atom_schematron_errors(feed) -> list[str]:
    """The constraints RFC 4287 states beside its schema (its s:rule annotations)."""
    errors = []
    feed_has_author = feed.find(A + "author") is not None
    for number, entry in enumerate(feed.findall(A + "entry"), 1):
        links = entry.findall(A + "link")
        content = entry.find(A + "content")
        if not feed_has_author and entry.find(A + "author") is None:
            errors.append(f"entry[{number}]: an atom:entry must have an atom:author if its feed does not")
        if content is None and not [link for link in links if link.get("rel", "alternate") == "alternate"]:
            errors.append(f"entry[{number}]: an atom:entry must have a rel=alternate link or an atom:content")
        alternates = [(link.get("type"), link.get("hreflang")) for link in links if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != len(set(alternates)):
            errors.append(f"entry[{number}]: two alternate links share a type and hreflang")
        if content is not None and (content.get("src") or content.get("type", "text") not in ("text", "html", "xhtml")):
            if entry.find(A + "summary") is None:
                errors.append(f"entry[{number}]: out-of-line or non-text content needs an atom:summary")
    alternates = [(link.get("type"), link.get("hreflang")) for link in feed.findall(A + "link") if link.get("rel", "alternate") == "alternate"]
    if len(alternates) != len(set(alternates)):
        errors.append("feed: two alternate links share a type and hreflang")
    return errors


def feed_files(site: Path) -> list[Path]:
    """Every Atom and RSS feed of the build, whatever writes it."""
    return sorted((site / "feeds").rglob("*.xml"))


def feed_url(site: Path, path: Path) -> str:
    return f"{BASE}/{path.relative_to(site).as_posix()}"


# -- a production build of content with relative links, images and an edited post --

LINKED_POST = """\
---
title: A briefing that links "elsewhere" & around
date: 2025-12-01T10:00:00
modified: 2025-12-03T16:30:00
category: Markets
tags: [Prices]
highlights:
  - See [the older briefing]({filename}/briefings/2025/2025-06-05-heavy-rare-earth-export-licence-delays.md).
why_newsworthy: The chart is [here](#chart).
source:
  name: Desk
  kind: other
---

![Price chart]({static}/images/chart.png)

<img src="../../images/chart.png" srcset="../../images/chart.png 1x, /images/chart.png 2x" alt="Chart again">

Read [about us](/about/), the [archives](../../archives/) and [the chart](#chart).
"""


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory) -> Path:
    content = copy_content(tmp_path_factory.mktemp("linked") / "content")
    (content / "images").mkdir()
    (content / "images" / "chart.png").write_bytes(
        bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")
    )
    write_post(content, "briefings/2025/2025-12-01-links-elsewhere.md", LINKED_POST)
    return build(content.parent / "output", conf="publishconf.py", content=content)


@pytest.fixture(params=["published_site", "linked_site"])
def production(request) -> Path:
    return request.getfixturevalue(request.param)


def test_every_production_feed_has_no_w3c_validator_error(production):
    feeds = feed_files(production)
    assert len(feeds) > 40
    errors = [error for path in feeds for error in W3CRules(path, feed_url(production, path)).errors]
    assert not errors, "\n".join(errors[:30])


def test_feedparser_reads_every_production_feed_without_bozo(production):
    for path in feed_files(production):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        # Only an element's feed may wait empty for its first briefing (see plugins/briefing_hubs),
        # and the corrections feed for the first correction.
        assert parsed.entries or path.parent.name == "element" or path.name == "corrections.atom.xml", path


def test_every_atom_feed_is_valid_against_rfc_4287s_schema_and_rules(production):
    schema = etree.RelaxNG(etree.parse(str(RNG)))
    atom = [p for p in feed_files(production) if p.name.endswith(".atom.xml")]
    assert len(atom) > 40
    for path in atom:
        doc = etree.parse(str(path))
        assert schema.validate(doc), f"{path}: {schema.error_log}"
        assert not atom_schematron_errors(doc.getroot()), (path, atom_schematron_errors(doc.getroot()))


def test_the_schema_rejects_what_rfc_4287_forbids(published_site):
    schema = etree.RelaxNG(etree.parse(str(RNG)))
    text = (published_site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert schema.validate(etree.fromstring(text.encode()))
    for broken in (
        re.sub(r"<entry>(.*?)<id>[^<]*</id>", r"<entry>\1", text, count=1),  # an entry without id
        text.replace("<updated>", "<updated>yesterday ", 1),  # not an xsd:dateTime
        text.replace("<entry>", "<entry><bogus/>", 1),  # an undefined Atom element
        text.replace('<content type="html">', '<content type="xhtml">', 1),  # xhtml with no div
    ):
        assert not schema.validate(etree.fromstring(broken.encode()))


def test_every_url_in_production_feeds_is_absolute(linked_site):
    parsed = feedparser.parse((linked_site / "feeds" / "all.atom.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.title.startswith("A briefing that links"))
    assert entry.title == "A briefing that links “elsewhere” & around"
    assert entry.link == f"{BASE}/2025/a-briefing-that-links-elsewhere-around/"
    # The content as written (feedparser's sanitiser would drop srcset).
    raw = etree.parse(str(linked_site / "feeds" / "all.atom.xml")).getroot()
    written = next(e for e in raw.iter(A + "entry") if e.findtext(A + "id") == entry.id).findtext(A + "content")
    content = lxml_html.fragment_fromstring(written, create_parent="div")
    hrefs = [a.get("href") for a in content.iter("a")]
    assert f"{BASE}/2025/exporters-report-slow-approvals-under-chinas-heavy-rare-earth-licence-rules/" in hrefs
    assert f"{BASE}/about/" in hrefs and f"{BASE}/archives/" in hrefs and f"{entry.link}#chart" in hrefs
    images = list(content.iter("img"))
    assert [img.get("src") for img in images] == [f"{BASE}/images/chart.png"] * 2
    assert images[1].get("srcset") == f"{BASE}/images/chart.png 1x, {BASE}/images/chart.png 2x"
    assert entry.updated.startswith("2025-12-03T16:30") and entry.published.startswith("2025-12-01T10:00")
    rss = feedparser.parse((linked_site / "feeds" / "all.rss.xml").read_bytes())
    item = next(e for e in rss.entries if e.id == entry.id)
    assert item.updated_parsed == entry.updated_parsed and item.published_parsed == entry.published_parsed
    assert item.link == entry.link and item.content[0].value == entry.content[0].value


# -- the rules catch what stock Pelican gets wrong --------------------------------

STOCK_FAULTS = {
    "an RSS guid that is a tag: URI, without isPermaLink=false": (
        "all.rss.xml", lambda t: t.replace(' isPermaLink="false"', "", 1), "InvalidPermalink"),
    "an empty author and no feed author": (
        "all.atom.xml", lambda t: re.sub(r"<author><name>[^<]*</name>(<uri>[^<]*</uri>)?</author>", "", t, count=1)
        .replace("<author><name>Rare Earth Brief</name></author>", "<author><name></name></author>", 1), "NotBlank"),
    "ids built without SITEURL": (
        "all.atom.xml", lambda t: re.sub(r"<entry>(.*?)<id>[^<]*</id>", r"<entry>\1<id>tag:None,2025-11-20:/2025/x/</id>", t,
                                          count=1, flags=re.S), "InvalidTAG"),
    "a relative self link": (
        "all.atom.xml", lambda t: t.replace(f'href="{BASE}/feeds/all.atom.xml"', 'href="/feeds/all.atom.xml"'), "MissingSelf"),
    "a relative link in content": (
        "all.atom.xml", lambda t: t.replace("&lt;a href=&quot;http", "&lt;a href=&quot;../http", 1)
        .replace('&lt;a href="http', '&lt;a href="../http', 1), "ContainsRelRef"),
    "a pubDate on the wrong weekday": (
        "all.rss.xml", lambda t: re.sub(r"<pubDate>(\w{3}),", lambda m: "<pubDate>%s," % ("Tue" if m[1] == "Mon" else "Mon"),
                                        t, count=1), "IncorrectDOW"),
    "an attribute the element does not take": (
        "all.rss.xml", lambda t: t.replace('<guid isPermaLink="false">', '<guid isPermaLink="false" type="tag">', 1),
        "UnexpectedAttribute"),
    "two entries with one id": (
        "all.atom.xml", lambda t: re.sub(r"(<id>tag:[^<]*:import/)[^<]*(</id>)", r"\1same\2", t, count=2), "DuplicateIds"),
}


@pytest.mark.parametrize("fault", list(STOCK_FAULTS))
def test_the_w3c_rules_catch_each_fault_of_stock_pelican(published_site, tmp_path, fault):
    name, damage, event = STOCK_FAULTS[fault]
    original = (published_site / "feeds" / name).read_text(encoding="utf-8")
    damaged = damage(original)
    assert damaged != original, "the fault was really introduced"
    path = tmp_path / name
    path.write_text(damaged, encoding="utf-8")
    errors = W3CRules(path, f"{BASE}/feeds/{name}").errors
    assert any(f": {event}:" in error for error in errors), errors
