"""Element, company and country hubs, and the topics index, in a real build.

Expectations are computed here from the content files' front matter and the
data files read as plain YAML, not through ``briefing.hubs``, so a wrong rule
in the code cannot also be the rule the test checks against.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import feedparser
import pytest
import yaml
from lxml import html as lxml_html

from types import SimpleNamespace

from briefing.elements import load_elements
from briefing.hubs import Place, build_hubs, disagreements
from briefing.importer.datafiles import DataFileError
from tests.sitebuild import CONTENT, ROOT, build, write_post

ELEMENTS_FILE = CONTENT / "data" / "elements.yaml"
GAZETTEER_FILE = ROOT / "briefing" / "data" / "gazetteer.yaml"
FEED_MAX_ITEMS = 50


# -- expectations, from the source files ---------------------------------------


def front_matter(path: Path) -> dict:
    """The post's front matter, and under "_words" what it says in its own words: title, highlights, body."""
    head, body = path.read_text(encoding="utf-8").lstrip("-\n").split("\n---", 1)
    post = yaml.safe_load(head)
    highlights = [h if isinstance(h, str) else " ".join([h["text"], *h.get("items", [])]) for h in post.get("highlights") or []]
    post["_words"] = " ".join([str(post["title"]), *highlights, body])
    return post


def published(content: Path = CONTENT) -> list[dict]:
    posts = [front_matter(p) for p in sorted((content / "briefings").rglob("*.md"))]
    return [p for p in posts if p.get("status", "published") == "published"]


def key(tag: str) -> str:
    return " ".join(tag.split()).casefold()


def element_tags() -> dict[str, set[str]]:
    """Element name -> the tags counting toward it: its name, its weight class's tag, its groups."""
    data = yaml.safe_load(ELEMENTS_FILE.read_text(encoding="utf-8"))
    tags = {}
    for element in data["elements"]:
        own = {key(element["name"])}
        if element.get("weight"):
            own.add(key(data["weights"][element["weight"]]["tag"]))
        own |= {key(tag) for tag, symbols in data["groups"].items() if element["symbol"] in symbols}
        tags[element["name"]] = own
    return tags


def gazetteer_tags(group: str) -> list[str]:
    entries = yaml.safe_load(GAZETTEER_FILE.read_text(encoding="utf-8"))[group]
    return [e if isinstance(e, str) else e["tag"] for e in entries]


def tagged(posts: list[dict], tags: set[str]) -> list[dict]:
    return [p for p in posts if tags & {key(t) for t in p.get("tags") or []}]


def about(posts: list[dict], element: str) -> list[dict]:
    """Briefings about ``element``: tagged with it, or naming it in their own words."""
    named = re.compile(rf"\b{element}\b", re.IGNORECASE)
    return [p for p in posts if tagged([p], {key(element)}) or named.search(p["_words"])]


def about_group_only(posts: list[dict], element: str) -> list[dict]:
    """Briefings that reach ``element`` through one of its group tags alone."""
    direct = about(posts, element)
    return [p for p in tagged(posts, element_tags()[element]) if p not in direct]


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# -- reading the built pages -----------------------------------------------------


def page(site: Path, relative: str):
    return lxml_html.fromstring((site / relative).read_bytes())


def resolve(site: Path, from_page: str, href: str) -> str:
    """The output path a relative link on ``from_page`` leads to (folders as their index.html)."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), href.split("#")[0]))
    return target + "/index.html" if (site / target).is_dir() else target


def hub_listing(site: Path, relative: str) -> list[str]:
    """The dates of the briefings a hub lists, over all its pages, following rel=next."""
    dates = []
    while relative:
        doc = page(site, relative)
        dates += doc.xpath('//h2[normalize-space()="Briefings"]/following-sibling::*[1][self::ol]//time/@datetime')
        following = doc.xpath('//a[@rel="next"]/@href')
        relative = resolve(site, relative, following[0]) if following else None
    return dates


def shown_count(doc) -> int:
    summary = doc.xpath('string(//p[@class="hub-summary"])').strip()
    if summary.startswith("No briefings"):
        return 0
    return int(re.match(r"(\d+) briefings?", summary).group(1))


def strip_cells(doc) -> dict[str, tuple[str, str]]:
    """The strip's cells: accessible name (its hidden text) -> (href, visible symbol)."""
    cells = {}
    for link in doc.xpath('//nav[@aria-labelledby="element-strip-title"]//ol/li/a'):
        name = link.xpath('string(span[@class="visually-hidden"])')
        cells[name] = (link.get("href"), link.xpath("string(.//b)"))
    return cells


# -- elements ------------------------------------------------------------------------


def test_the_data_file_names_seventeen_elements_and_agrees_with_the_gazetteer():
    table = load_elements(ELEMENTS_FILE)
    assert len(table.elements) == 17
    assert [e.number for e in table.elements] == [21, 39, *range(57, 72)]
    assert {e.name for e in table.elements} == set(gazetteer_tags("elements"))
    assert set(table.groups) <= set(gazetteer_tags("groups"))
    assert set(table.groups["NdPr"]) == {"Nd", "Pr"} and set(table.groups["SEG"]) == {"Sm", "Eu", "Gd"}
    assert set(table.groups["Heavy rare earths"]) == {"Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Y"}


def test_seventeen_element_hubs_with_their_facts(site):
    hubs = sorted(p.name for p in (site / "element").iterdir())
    assert hubs == sorted(slug(name) for name in element_tags())
    doc = page(site, "element/dysprosium/index.html")
    assert doc.xpath("string(//h1)").split() == ["Element", "Dysprosium"]
    facts = {dt.text_content(): dd.text_content() for dt, dd in zip(doc.xpath("//dl//dt"), doc.xpath("//dl//dd"))}
    assert facts["Symbol"] == "Dy" and facts["Atomic number"] == "66" and facts["Weight class"].startswith("Heavy")
    assert "magnets" in doc.xpath('string(//div[@class="element-uses"])')
    assert page(site, "element/scandium/index.html").xpath('string(//dl//div[3]/dd)').startswith("None")


@pytest.mark.parametrize("name", list(element_tags()))
def test_an_element_counts_the_briefings_about_it_and_lists_its_groups_apart(site, name):
    expected = about(published(), name)
    relative = f"element/{slug(name)}/index.html"
    doc = page(site, relative)
    assert shown_count(doc) == len(expected)
    listed = hub_listing(site, relative)
    # Every briefing once, newest first: the same dates as the front matter, in descending order.
    assert listed == sorted(listed, reverse=True)
    assert [d[:10] for d in listed] == sorted((str(p["date"])[:10] for p in expected), reverse=True)
    if not expected:
        assert "No briefings yet" in doc.text_content()
    # The group briefings stand under a heading of their own, each once, none of them counted above.
    group_titles = {" ".join(a.text_content().split()) for a in doc.xpath('//h2[starts-with(., "On ")]/following-sibling::ol[1]//h3//a')}
    expected_group = {" ".join(p["title"].split()) for p in about_group_only(published(), name)}
    # Each group shows its newest five, and links to the rest.
    assert group_titles <= expected_group and (group_titles == expected_group or doc.xpath('//a[starts-with(., "Every briefing on")]'))
    assert not group_titles & {" ".join(p["title"].split()) for p in expected}


def test_lutetium_counts_only_the_briefing_that_names_it(site):
    """The case that misled readers: six heavy rare-earth briefings, one about lutetium."""
    assert len(about(published(), "Lutetium")) == 1 < len(about_group_only(published(), "Lutetium"))
    assert shown_count(page(site, "element/lutetium/index.html")) == 1


def test_the_home_page_strip_shows_every_count_and_links_to_each_hub(site):
    cells = strip_cells(page(site, "index.html"))
    assert len(cells) == 17
    weights = {e["name"]: e.get("weight") for e in yaml.safe_load(ELEMENTS_FILE.read_text(encoding="utf-8"))["elements"]}
    for name in element_tags():
        count = len(about(published(), name))
        label = ", ".join(filter(None, [name, weights[name], f"{count} briefing{'s' * (count != 1)}" if count else "no briefings yet"]))
        href, _ = cells[label]
        assert resolve(site, "index.html", href) == f"element/{slug(name)}/index.html"
    assert [symbol for _, symbol in cells.values()] == [e.symbol for e in load_elements(ELEMENTS_FILE).elements]


def test_every_element_hub_has_the_strip_marking_itself(site):
    for hub in (site / "element").iterdir():
        doc = page(site, f"element/{hub.name}/index.html")
        current = doc.xpath('//nav[@aria-labelledby="element-strip-title"]//a[@aria-current="page"]/@href')
        assert len(strip_cells(doc)) == 17 and current == ["../../element/" + hub.name + "/"]


@pytest.mark.parametrize("name", list(element_tags()))
def test_an_element_feed_parses_and_carries_the_hubs_briefings(site, name):
    doc = page(site, f"element/{slug(name)}/index.html")
    href = doc.xpath('//head/link[@rel="alternate"][contains(@title, $name)]/@href', name=name)
    posts = published()
    expected = about(posts, name) + about_group_only(posts, name)
    # Every element has a feed, empty until its first briefing, so readers can subscribe early.
    assert href, "the hub announces its feed"
    path = resolve(site, f"element/{slug(name)}/index.html", href[0])
    assert path == f"feeds/element/{slug(name)}.atom.xml"
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert name in feed.feed.title
    assert len(feed.entries) == min(len(expected), FEED_MAX_ITEMS)
    assert all(entry.link.startswith("https://") for entry in feed.entries)


def test_most_elements_have_briefings_in_the_sample_content():
    """So the feed test above checks feeds, not mostly their absence."""
    assert sum(bool(tagged(published(), tags)) for tags in element_tags().values()) >= 15


# -- companies, countries, topics --------------------------------------------------------


@pytest.mark.parametrize("kind, group", [("company", "companies"), ("country", "countries")])
def test_companies_and_countries_with_briefings_have_hubs_with_counts(site, kind, group):
    expected = {name: tagged(published(), {key(name)}) for name in gazetteer_tags(group)}
    expected = {name: posts for name, posts in expected.items() if posts}
    assert expected, "the sample content names some"
    assert sorted(p.name for p in (site / kind).iterdir()) == sorted(slug(n) for n in expected)
    for name, posts in expected.items():
        relative = f"{kind}/{slug(name)}/index.html"
        doc = page(site, relative)
        assert doc.xpath("string(//h1)").split()[1:] == name.split()
        assert shown_count(doc) == len(posts) == len(hub_listing(site, relative))


def test_a_company_hub_names_the_elements_its_briefings_name(site):
    doc = page(site, "company/lynas-rare-earths/index.html")
    related = [a.text_content() for a in doc.xpath('//ul[@class="hub-related"]//a')]
    # The Lynas briefing is tagged Dysprosium and Heavy rare earths, and its body names terbium:
    # the group alone names no element (no holmium here).
    assert related == ["Dysprosium", "Terbium", "Australia", "Malaysia"]


def test_the_topics_index_links_every_hub(site):
    hubs = {f"{kind}/{p.name}/index.html" for kind in ("element", "company", "country") for p in (site / kind).iterdir()}
    doc = page(site, "topics/index.html")
    linked = {resolve(site, "topics/index.html", href) for href in doc.xpath("//main//a/@href")}
    assert hubs <= linked
    assert "tags/index.html" in linked
    # The footer's Topics link leads here, from every kind of page.
    for relative in ("index.html", "element/dysprosium/index.html", "tag/ndpr/index.html", "about/index.html"):
        footer = page(site, relative).xpath('//footer//a[text()="Topics"]/@href')
        assert [resolve(site, relative, h) for h in footer] == ["topics/index.html"]


@pytest.mark.parametrize(
    "tag, hubs",
    [
        ("ndpr", ["element/neodymium", "element/praseodymium"]),
        ("seg", ["element/samarium", "element/europium", "element/gadolinium"]),
        ("prices", []),
    ],
)
def test_a_tag_page_links_to_its_hubs(site, tag, hubs):
    relative = f"tag/{tag}/index.html"
    links = page(site, relative).xpath('//p[@class="hub-note"]//a/@href')
    assert [resolve(site, relative, h) for h in links] == [f"{h}/index.html" for h in hubs]


def test_hubs_are_in_the_published_sitemap_and_link_their_feeds(published_site):
    sitemap = (published_site / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("element/dysprosium/", "company/lynas-rare-earths/", "country/china/", "topics/"):
        assert f"/{path}</loc>" in sitemap, path
    doc = page(published_site, "element/dysprosium/index.html")
    href = doc.xpath('//link[@rel="alternate" and contains(@title, "Dysprosium")]/@href')[0]
    # Pages link relatively on every host; the feed itself is where URLs are absolute.
    assert (published_site / "element/dysprosium" / href).resolve() == (
        published_site / "feeds/element/dysprosium.atom.xml"
    ).resolve()


# -- what counts, and pagination: a site of our own ------------------------------------------

POST = """\
---
title: {title}
date: 2025-{month:02d}-{day:02d}T09:00:00
category: Markets
tags: [{tags}]
{status}highlights:
  - A highlight.
---

{body}
"""


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    """Twelve published neodymium briefings also tagged NdPr, a draft and a hidden post on neodymium,
    one on "heavy rare earths", one naming lanthanum in its body only."""
    content = tmp_path_factory.mktemp("hubs-content")

    def post(name, title, month, day, tags, status="", body="Body."):
        write_post(content, f"briefings/{name}.md", POST.format(
            title=title, month=month, day=day, tags=tags, status=status, body=body))

    for n in range(12):
        post(f"ndpr-{n}", f"Magnet feed week {n}", 3, n + 1, "Neodymium, NdPr, China")
    post("draft", "Draft", 4, 1, "Neodymium, Solvay", status="status: draft\n")
    post("hidden", "Hidden", 4, 2, "Neodymium, Terbium", status="status: hidden\n")
    post("heavy", "Heavy", 4, 3, "heavy rare earths")
    post("named", "Catalyst demand", 4, 4, "Prices", body="Refiners bought more LANTHANUM for cracking catalysts.")
    return build(tmp_path_factory.mktemp("hubs") / "output", content=content)


def test_only_published_briefings_about_an_element_count(small_site):
    assert shown_count(page(small_site, "element/neodymium/index.html")) == 12
    # Praseodymium is only in the NdPr group: nothing counts, the twelve stand apart, five shown.
    praseodymium = page(small_site, "element/praseodymium/index.html")
    assert shown_count(praseodymium) == 0
    assert praseodymium.xpath('string(//h2[starts-with(., "On ")])') == "On NdPr as a group"
    assert len(praseodymium.xpath('//h2[starts-with(., "On ")]/following-sibling::ol[1]/li')) == 5
    assert praseodymium.xpath('//a[starts-with(., "Every briefing on NdPr")]')
    # The hidden post's terbium does not count; the published one tagged in lower case is a group briefing.
    terbium = page(small_site, "element/terbium/index.html")
    assert shown_count(terbium) == 0
    assert terbium.xpath('string(//h2[starts-with(., "On ")])') == "On heavy rare earths as a group"
    # Named in the body alone, whatever its case.
    assert shown_count(page(small_site, "element/lanthanum/index.html")) == 1
    assert not (small_site / "company").exists(), "the only company is in a draft"
    assert sorted(p.name for p in (small_site / "country").iterdir()) == ["china"]


def test_hubs_paginate_like_tag_pages_and_feeds_follow(small_site):
    assert len(hub_listing(small_site, "element/neodymium/index.html")) == 12
    assert (small_site / "element" / "neodymium" / "page" / "2" / "index.html").exists()
    feed = feedparser.parse((small_site / "feeds" / "element" / "neodymium.atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 12
    # An element's feed carries its groups' briefings too.
    group_feed = feedparser.parse((small_site / "feeds" / "element" / "praseodymium.atom.xml").read_bytes())
    assert not group_feed.bozo and len(group_feed.entries) == 12
    empty = feedparser.parse((small_site / "feeds" / "element" / "cerium.atom.xml").read_bytes())
    assert not empty.bozo and empty.entries == [] and "Cerium" in empty.feed.title


# -- the rules on plain objects -------------------------------------------------------------


def _briefing(*tags: str, title: str = "A briefing"):
    return SimpleNamespace(title=title, tags=[SimpleNamespace(name=t) for t in tags])


def test_a_briefing_counts_once_however_many_of_its_tags_lead_to_a_hub():
    table = load_elements(ELEMENTS_FILE)
    gazetteer = {"companies": ["Lynas Rare Earths", "Solvay"], "countries": ["Australia"]}
    both, group_only = _briefing("Dysprosium", "HEAVY  rare earths", "Lynas Rare Earths"), _briefing("Heavy rare earths", "Australia")
    hubs = build_hubs([both, group_only], table, gazetteer, lambda kind, name: Place(slug(name), "", ""))
    dysprosium = next(h for h in hubs.elements if h.name == "Dysprosium")
    assert dysprosium.articles == [both] and dysprosium.group_articles == [group_only]
    assert dysprosium.all_articles == [both, group_only] and dysprosium.count == 1
    assert [(tag.name, [*arts]) for tag, arts in dysprosium.groups] == [("Heavy rare earths", [group_only])]
    assert [(tag.name, n) for tag, n in dysprosium.tag_counts] == [("Dysprosium", 1), ("HEAVY  rare earths", 2)]
    assert [h.name for h in hubs.companies] == ["Lynas Rare Earths"], "Solvay has no briefing, so no hub"
    lynas = hubs.companies[0]
    assert [h.name for h, _ in lynas.related["element"]] == ["Dysprosium"], "named, not only in a group"
    assert [h.name for h in hubs.for_tag("ndpr")] == ["Neodymium", "Praseodymium"] and hubs.named("NdPr") is None


def test_a_briefing_naming_an_element_is_about_it_and_a_word_inside_another_is_not():
    table = load_elements(ELEMENTS_FILE)
    named = _briefing("Heavy rare earths", title="Hospitals order more LUTETIUM-177")
    inside = _briefing(title="Ceriumoxide polish and ytterbium-doped fibre")  # no word "cerium", but ytterbium
    hubs = build_hubs([named, inside], table, {}, lambda kind, name: Place(slug(name), "", ""))
    by_name = {h.name: h for h in hubs.elements}
    assert by_name["Lutetium"].articles == [named] and by_name["Lutetium"].group_articles == []
    assert by_name["Thulium"].articles == [] and by_name["Thulium"].group_articles == [named]
    assert by_name["Cerium"].articles == [] and by_name["Ytterbium"].articles == [inside]
    assert by_name["Yttrium"].articles == [], "ytterbium is not yttrium"


def test_names_the_gazetteer_does_not_tag_with_are_reported():
    table = load_elements(ELEMENTS_FILE)
    gazetteer = {"elements": [e.name for e in table.elements if e.symbol != "Dy"], "groups": ["NdPr", "SEG"]}
    problems = disagreements(table, gazetteer)
    assert "element Dysprosium: not among the gazetteer's elements" in problems
    assert "group Heavy rare earths: not among the gazetteer's groups" in problems
    assert len(problems) == 4


# -- the data file's errors ---------------------------------------------------------------


def _break(tmp_path: Path, old: str, new: str) -> Path:
    text = ELEMENTS_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "elements.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("weight: heavy\n    uses: >\n      Added to neodymium", "weight: haevy\n    uses: >\n      Added to neodymium", r"elements\[12\] \(Dysprosium\): weight: expected one of light, medium, heavy"),
        ("symbol: Tb", "symbol: Dy", r"elements\[12\] \(Dysprosium\): symbol 'Dy' is already used by Terbium"),
        ("number: 66", "number: sixty-six", r"elements\[12\] \(Dysprosium\): number: expected an atomic number"),
        ("SEG: [Sm, Eu, Gd]", "SEG: [Sm, Eu, Gx]", r"groups: SEG: expected symbols of the elements below, got Gx"),
        ("    number: 21\n", "    number: 21\n    colour: grey\n", r"elements\[1\] \(Scandium\): unknown keys colour"),
        ("groups:\n", "groups: [\n", r"not valid YAML"),
    ],
)
def test_a_broken_data_file_names_the_file_and_the_entry(tmp_path, old, new, message):
    path = _break(tmp_path, old, new)
    with pytest.raises(DataFileError, match=message) as raised:
        load_elements(path)
    assert str(path) in str(raised.value)
