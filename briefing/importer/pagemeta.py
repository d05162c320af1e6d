"""What a saved news page says about its own article: headline, dates, site, address, language.

A news page states its metadata several times over, with different care: the
structured data written for search engines is the most deliberate, the
visible text the least (a sidebar of other stories has dates too). Each value
is therefore taken from the first of these that gives it:

1. JSON-LD ``NewsArticle``/``Article`` (and their kin): ``headline``,
   ``datePublished``, ``dateModified``, ``author``, ``publisher``;
2. OpenGraph, Twitter and article ``<meta>`` tags (``og:title``,
   ``article:published_time``, ``og:site_name``, ``itemprop="datePublished"``…);
3. a ``<time>`` inside the article itself, never one in a sidebar, teaser,
   navigation or footer;
4. the article's visible byline or dateline ("By Jane Roe | March 4, 2025",
   "di Mario Rossi, 4 marzo 2025"), read by ``dateparser`` in the page's language;
5. the date in the article's address ("/2025/03/14/…");
6. nothing: the converter guesses, and the guess is a review item of a draft.

The title is the headline the page agrees on: the JSON-LD headline, the
``og:title`` without its " | Site" suffix, the article's ``<h1>``, then the
``<title>``; a candidate that is the site's own name, a section name or a label
("Sections", "Leggi anche:") is never taken.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from . import residue
from .blocks import HEADING, ITEM, Block
from .dates import date_in_text, labelled_date_line, machine_date
from .inline import fold_spaces, safe_url

#: JSON-LD types that describe the article itself (not the page, site or a breadcrumb).
_ARTICLE_TYPES = frozenset(
    t.casefold()
    for t in (
        "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BackgroundNewsArticle",
        "OpinionNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "BlogPosting", "LiveBlogPosting",
        "SocialMediaPosting", "TechArticle", "Report", "ScholarlyArticle",
    )
)  # fmt: skip
_PAGE_TYPES = frozenset({"webpage", "itempage"})
_SITE_TYPES = frozenset({"website", "organization", "newsmediaorganization", "corporation"})
#: Meta tags giving the publication date, most deliberate first (property, name or itemprop).
_DATE_META = (
    "article:published_time", "og:article:published_time", "datepublished", "article.published",
    "publish-date", "publishdate", "pubdate", "dc.date.issued", "dcterms.issued", "dcterms.created",
    "parsely-pub-date", "sailthru.date", "og:published_time", "date", "dc.date", "citation_publication_date",
)  # fmt: skip
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified")
_TITLE_META = ("og:title", "twitter:title")
_SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher")
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_SECTION_META = ("article:section", "parsely-section")
#: Containers of other stories, navigation and page furniture: their dates and headings are not the article's.
_FURNITURE_TAGS = (
    "aside", "nav", "footer", "form",
    # AMP's own elements for adverts, tracking, menus and share buttons.
    "amp-ad", "amp-embed", "amp-sticky-ad", "amp-analytics", "amp-sidebar", "amp-social-share", "amp-consent",
)  # fmt: skip
_FURNITURE_WORDS = re.compile(
    r"related|recommend|sidebar|side-bar|teaser|most-read|mostread|popular|trending|newsletter|comment|"
    r"footer|menu|navigation|breadcrumb|promo|advert|sponsor|widget|more-stories|read-more|leggi-anche|"
    r"weitere|empfehl|correlat|share|social|banner|signup|sign-up|cookie|consent|"
    r"(?:left|right)-?(?:col|column|nav|rail)|masthead|site-?header|site-?branding|"
    r"(?<![a-z])(?:adv?|ads|ad-\w+|spalte-rechts|cta|rail|logo)(?![a-z])",
    re.IGNORECASE,
)
#: Elements that hold a story: ``<article>``, schema.org's articleBody, the usual CMS classes.
_ARTICLE_XPATH = (
    "//article | //*[@itemprop='articleBody'] | //*[@role='article'] | //*[contains(concat(' ', "
    "normalize-space(@class), ' '), ' article-body ') or contains(concat(' ', normalize-space(@class), ' '), "
    "' story-body ') or contains(concat(' ', normalize-space(@class), ' '), ' entry-content ') or "
    "contains(concat(' ', normalize-space(@class), ' '), ' post-content ') or contains(concat(' ', "
    "normalize-space(@class), ' '), ' article-content ')]"
)
_BYLINE_WORDS = re.compile(r"byline|dateline|date|time|meta|author|posted|published|timestamp|autore|datum|data", re.I)
#: Title separators between a headline and the site's name: " | ", " - ", " – ", " — ", " · ", " :: ".
_SITE_SUFFIX = re.compile(r"\s+(?:[|\u2013\u2014\u00b7\u2022-]|::)\s+")
#: Headings that label a part of the page rather than name the article: "Sections", "Leggi anche:".
_LABEL = re.compile(r".*[:\u2026]|\W*\w+\W*")
BYLINE_MAX_CHARS = 160
_SITE_NAME_MAX_CHARS = 40
#: Short lines tried as a byline at most: a page of menus left unmarked must not cost seconds.
_BYLINE_CANDIDATES = 24


@dataclass
class PageMeta:
    title: str | None = None
    date: dt.date | dt.datetime | None = None
    modified: dt.date | dt.datetime | None = None
    author: str | None = None
    site_name: str | None = None
    url: str | None = None
    language: str | None = None
    sections: tuple[str, ...] = ()
    #: Where the date came from (json-ld, meta, time, byline), for messages and tests.
    date_from: str | None = None
    titles: list[str] = field(default_factory=list)


def read_page_meta(tree: etree._Element) -> PageMeta:
    """The article's metadata, each value from the most deliberate place that states it."""
    ld = _json_ld_article(tree)
    meta = _meta_tags(tree)
    article = main_article(tree)
    meta_out = PageMeta()
    meta_out.language = _language(tree, meta)
    meta_out.url = safe_url(
        _first_str(ld.get("url"), _ld_id(ld.get("mainEntityOfPage")))
        or _first_attr(tree, '//link[@rel="canonical"]/@href')
        or meta.get("og:url")
        or _saved_from(tree)
        or ""
    )
    meta_out.site_name = _site_name(tree, ld, meta, meta_out.url)
    if meta_out.site_name is None or meta_out.site_name == _host(meta_out.url):
        meta_out.site_name = _title_suffix(tree, meta) or meta_out.site_name
    meta_out.author = _names(ld.get("author")) or _first_str(*(meta.get(k) for k in _AUTHOR_META), reject_urls=True)
    sections = ld.get("articleSection")
    sections = [sections] if isinstance(sections, str) else sections if isinstance(sections, list) else []
    sections += [meta[k] for k in _SECTION_META if meta.get(k)]
    meta_out.sections = tuple(dict.fromkeys(fold_spaces(str(s)) for s in sections if str(s).strip()))
    meta_out.modified = machine_date(_first_str(ld.get("dateModified"), *(meta.get(k) for k in _MODIFIED_META)) or "")
    meta_out.date, meta_out.date_from = _date(ld, meta, article, meta_out.language, meta_out.url)
    meta_out.titles = _title_candidates(tree, ld, meta, article, meta_out.site_name)
    meta_out.title = choose_title(meta_out.titles, meta_out.site_name)
    return meta_out


# JSON-LD.


def _json_ld_article(tree: etree._Element) -> dict[str, Any]:
    """The first JSON-LD object describing an article (site-wide objects lend it a publisher)."""
    article: dict[str, Any] | None = None
    site: dict[str, Any] | None = None
    page: dict[str, Any] | None = None
    for script in tree.xpath('//script[translate(@type, "JSONLD+", "jsonld+")="application/ld+json"]'):
        for obj in _walk(_load_json(script.text or "")):
            types = {t.casefold() for t in _types(obj)}
            if article is None and types & _ARTICLE_TYPES:
                article = obj
            elif site is None and types & _SITE_TYPES and isinstance(obj.get("name"), str):
                site = obj
            elif page is None and types & _PAGE_TYPES and isinstance(obj.get("datePublished"), str):
                page = obj
    if article is None and page is not None:
        # No article object (WordPress's SEO plugins often give none): the page's own dates are the post's.
        article = {k: page[k] for k in ("datePublished", "dateModified") if k in page}
    article = dict(article or {})
    if site is not None and not article.get("publisher"):
        article["publisher"] = site
    return article


#: A comma before a closing bracket: hand-written JSON-LD has them, and JSON refuses them.
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")


def _load_json(text: str) -> Any:
    text = text.strip()
    for wrapper in ("<!--", "-->", "<![CDATA[", "]]>", "//"):
        text = text.strip().removeprefix(wrapper).removesuffix(wrapper) if wrapper != "//" else text
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return _unescaped(json.loads(attempt, strict=False))
        except (ValueError, RecursionError):
            continue
    return None


def _unescaped(value: Any, depth: int = 0) -> Any:
    """JSON-LD strings with HTML entities undone: CMSs write ``"headline": "Lynas &amp; Iluka&#8217;s"``."""
    if depth > 20:
        return value
    if isinstance(value, str):
        return html.unescape(value) if "&" in value else value
    if isinstance(value, list):
        return [_unescaped(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _unescaped(v, depth + 1) for k, v in value.items()}
    return value


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object: top-level ones, items of lists and of ``@graph``, a page's ``mainEntity``."""
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in value:
                yield from _walk(value[key], depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else []


def _names(value: Any) -> str | None:
    """Names of JSON-LD people or organisations: a string, an object with ``name``, or a list of them."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not name.strip().startswith(("http://", "https://")):
            names.append(fold_spaces(name))
    return ", ".join(dict.fromkeys(names)) or None


def _ld_id(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return value if isinstance(value, str) else None


# Meta tags.


def _meta_tags(tree: etree._Element) -> dict[str, str]:
    """``<meta>`` values by lower-case property, name or itemprop; the first of each wins."""
    found: dict[str, str] = {}
    for element in tree.xpath("//meta[@content] | //*[@itemprop and (@content or @datetime)]"):
        value = fold_spaces(element.get("content") or element.get("datetime") or "")
        if not value:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (element.get(attribute) or "").strip().casefold()
            if key:
                found.setdefault(key, value)
    return found


#: What a browser's "Save page as" writes above the page: ``<!-- saved from url=(0042)https://… -->``.
_SAVED_FROM = re.compile(r"\s*saved from url=\(\d+\)(\S+)\s*", re.IGNORECASE)


def _saved_from(tree: etree._Element) -> str | None:
    """The address a browser saved the page from, when the page itself names none."""
    for node in [*tree.itersiblings(preceding=True), *tree.iter(etree.Comment)]:
        match = _SAVED_FROM.fullmatch(node.text or "") if node.tag is etree.Comment else None
        if match:
            return match.group(1)
    return None


def _first_attr(tree: etree._Element, xpath: str) -> str | None:
    return next((str(v).strip() for v in tree.xpath(xpath) if str(v).strip()), None)


def _first_str(*values: Any, reject_urls: bool = False) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            if reject_urls and value.strip().startswith(("http://", "https://")):
                continue
            return fold_spaces(value)
    return None


def _language(tree: etree._Element, meta: dict[str, str]) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    return fold_spaces(lang or meta.get("og:locale") or meta.get("content-language") or "") or None


def _site_name(tree: etree._Element, ld: dict[str, Any], meta: dict[str, str], url: str | None) -> str | None:
    """The page's own name for itself: the publisher, og:site_name, or else its host name."""
    name = _names(ld.get("publisher")) or _first_str(*(meta.get(k) for k in _SITE_META), reject_urls=True)
    if name:
        return name.lstrip("@")
    return _host(url)


def _host(url: str | None) -> str | None:
    return (urlsplit(url).hostname or "").removeprefix("www.") or None if url else None


def _title_suffix(tree: etree._Element, meta: dict[str, str]) -> str | None:
    """The site's name as its titles end: "Headline - Copperbelt Daily"."""
    for title in (meta.get("og:title"), tree.findtext(".//title")):
        parts = _SITE_SUFFIX.split(fold_spaces(title or ""))
        if len(parts) > 1 and _SITE_NAME_MAX_CHARS >= len(parts[-1]) < len(parts[0]):
            return parts[-1]
    return None


# What the page puts above the story.

#: "By Jane Roe |", "von Karl Meier", "di Giulia Ferrante ·": a byline names people, capitalised.
BYLINE = re.compile(
    r"(?i:by|von|di|da|par|por|door|av|de|text:?|written by)\s+[A-Z\u00c0-\u024f][\w'.\u2019-]*"
    r"(?:\s+(?:[A-Z\u00c0-\u024f][\w'.\u2019-]*|and|und|e|&)){0,5}\s*(?:$|[|\u00b7,\u2022\u2013\u2014-])",
)
#: Blocks before the headline are the page's head (a kicker, a section name) if they are this short.
_KICKER_MAX_CHARS = 60
_HEAD_BLOCKS = 8
#: How far past the headline a byline is looked for behind a standfirst (the story has begun after that).
_BYLINE_REACH = 3


def strip_page_head(blocks: Sequence[Block], meta: PageMeta) -> list[Block]:
    """The story without what the page puts above it: kicker, headline, byline and dateline.

    The headline is the post's title already; a byline or dateline
    ("WASHINGTON, May 8, 2025") is what the page's metadata said, and in the
    body it would only read as a stray line above the first paragraph.
    """
    blocks = list(blocks)
    head = blocks[:_HEAD_BLOCKS]
    at = next((i for i, b in enumerate(head) if _is_headline(b, meta)), None)
    start = 0
    if at is not None and all(len(b.plain) <= _KICKER_MAX_CHARS for b in head[:at]):
        start = at + 1
    while start < len(blocks) and start < _HEAD_BLOCKS and _is_byline(blocks[start], meta):
        start += 1
    # A standfirst or sub-headline may sit between the headline and the byline ("di …, Pubblicato il …").
    head = [b for b in blocks[start : start + _BYLINE_REACH] if not _is_byline(b, meta)]
    return [*head, *blocks[start + _BYLINE_REACH :]] if at is not None else blocks[start:]


def _is_headline(block: Block, meta: PageMeta) -> bool:
    """Whether a block is the headline: the title, another of the page's forms of it (its ``<h1>``,
    og:title), or a heading that is the title without its kicker ("Seltene Erden: …")."""
    if block.kind == ITEM or not meta.title:
        return False
    key = _key(block.plain)
    if key and key in {_key(t) for t in [meta.title, *meta.titles]}:
        return True
    return block.kind == HEADING and len(key.split()) >= 3 and _key(meta.title).endswith(" " + key)


#: Class, id or component names of the page's byline, dateline and article meta line.
_BYLINE_MARKS = re.compile(
    r"byline|dateline|author|metatextline|(?:entry|post|article|story)-?meta(?![a-z])|timestamp|firma|autore",
    re.IGNORECASE,
)


def drop_bylines(tree: etree._Element) -> None:
    """The page's marked byline and meta lines removed before its text is extracted.

    They name the author and the date, which the metadata has read already
    (:func:`read_page_meta` runs first); left in, "Ingrid Olsen" and "Nordic
    correspondent" open the story as paragraphs of their own. Only short
    elements go: a long one marked so is not a byline.
    """
    doomed = []
    for element in tree.xpath("//body//*[@class or @id or @data-component]"):
        marks = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('data-component') or ''}"
        if (
            _BYLINE_MARKS.search(marks)
            and len(fold_spaces(element.text_content())) <= BYLINE_MAX_CHARS
            and not _in_running_text(element)
        ):
            doomed.append(element)
    doomed_set = set(doomed)
    for element in doomed:
        if element.getparent() is not None and not any(a in doomed_set for a in element.iterancestors()):
            element.drop_tree()


def _is_byline(block: Block, meta: PageMeta) -> bool:
    text = block.plain
    if block.kind == ITEM or len(text) > BYLINE_MAX_CHARS:
        return False
    if BYLINE.match(text) or (meta.author and text.casefold().startswith(meta.author.casefold())):
        return True
    # A dateline or a date line, not a sentence of the story that happens to hold a date;
    # "Updated: March 5, 2025 at 9:00 a.m. ET | Published: …" is long but labelled as one.
    if labelled_date_line(text):
        return date_in_text(text, meta.language) is not None
    if len(text.split()) > 12 or text.rstrip(")\"'\u201d").endswith((".", "!", "?")):
        return False
    return date_in_text(text, meta.language) is not None


# The article element, its dates and its headline.


def main_article(tree: etree._Element) -> etree._Element:
    """The element holding the article: the ``<article>`` (or story body) with the headline or
    the most text, not a teaser."""
    candidates = [a for a in tree.xpath(_ARTICLE_XPATH) if not is_furniture(a)]
    if candidates:
        with_h1 = [a for a in candidates if a.xpath(".//h1")]
        return max(with_h1 or candidates, key=lambda a: len(a.text_content()))
    main = tree.xpath("//main")
    if main:
        return main[0]
    body = tree.find("body")
    return body if body is not None else tree


def prune_furniture(tree: etree._Element, article: etree._Element) -> None:
    """Sidebars, adverts, share bars, comments and related links removed from the page, before
    its main text is extracted: a list of credit cards beside a story is no part of it. The
    article's own element and those around it are kept, whatever their classes say."""
    keep = {article, *article.iterancestors()}
    doomed = []
    for element in tree.iter(*_FURNITURE_TAGS, "div", "section", "ul", "ol", "p", "span", "table", "figure", "header"):
        if element in keep or not isinstance(element.tag, str):
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('role') or ''}"
        if element.tag in _FURNITURE_TAGS or (
            marks.strip() and _FURNITURE_WORDS.search(marks) and not (element.tag == "span" and _in_running_text(element))
        ):
            doomed.append(element)
    doomed_set = set(doomed)
    for element in doomed:
        if element.getparent() is not None and not any(a in doomed_set for a in element.iterancestors()):
            element.drop_tree()


def _in_running_text(element: etree._Element) -> bool:
    """Whether an element sits inside a paragraph, list item, heading or quote: a name marked
    ``<span class="author">`` in the middle of a sentence is part of the sentence."""
    return bool(element.xpath("ancestor::p or ancestor::li or ancestor::h2 or ancestor::h3 or ancestor::blockquote"))


def is_furniture(element: etree._Element) -> bool:
    """Whether an element sits in a sidebar, teaser list, navigation, footer or comments.

    The page's own frame is not furniture whatever its classes say: themes mark
    ``<body class="right-sidebar">`` or a wrapper ``<div class="has-sidebar">`` for
    the layout around the story, and the story is inside them.
    """
    node = element
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("body", "html"):
            return False
        if tag in _FURNITURE_TAGS:
            return True
        marks = f"{node.get('class') or ''} {node.get('id') or ''} {node.get('role') or ''}"
        if marks.strip() and _FURNITURE_WORDS.search(marks) and not _frames_the_story(node):
            return True
        node = node.getparent()
    return False


def _frames_the_story(node: etree._Element) -> bool:
    """Whether a marked element holds the story itself (its headline and paragraphs), not beside it."""
    return bool(node.xpath("boolean(.//h1) and count(.//p) >= 3"))


def _date(
    ld: dict[str, Any], meta: dict[str, str], article: etree._Element, language: str | None, url: str | None = None
) -> tuple[dt.date | dt.datetime | None, str | None]:
    for value in (ld.get("datePublished"), ld.get("dateCreated")):
        date = machine_date(value) if isinstance(value, str) else None
        if date is not None:
            return date, "json-ld"
    for key in _DATE_META:
        date = machine_date(meta.get(key) or "")
        if date is not None:
            return date, "meta"
    times = [t for t in article.iter("time") if not is_furniture(t)]
    # A <time> marked as the publication date first, then the article's first one.
    times.sort(key=lambda t: not (t.get("pubdate") is not None or "publish" in (t.get("class") or "").lower()))
    for time in times:
        date = machine_date(time.get("datetime") or "") or date_in_text(time.text_content(), language)
        if date is not None:
            return date, "time"
    for line in _byline_texts(article):
        date = date_in_text(line, language)
        if date is not None:
            return date, "byline"
    date = _url_date(url)
    return (date, "url") if date is not None else (None, None)


#: A date in the article's address, as news sites write it: /2025/03/14/ or /2025-03-14/.
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|$)")


def _url_date(url: str | None) -> dt.date | None:
    """The day an article's address names, the last place a page states its date."""
    match = _URL_DATE.search(urlsplit(url or "").path)
    if match is None:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def _byline_texts(article: etree._Element) -> list[str]:
    """Short texts of the article's head that may carry its date: those marked as a byline,
    dateline or meta line first, then any other short line before the story gets going."""
    marked, other = [], []
    long_paragraphs = 0
    for element in article.iter("p", "span", "div", "small", "address", "li", "header"):
        if is_furniture(element):
            continue
        text = fold_spaces(element.text_content())
        if len(text) > BYLINE_MAX_CHARS:
            long_paragraphs += element.tag == "p"
            if long_paragraphs > 3:
                break
            continue
        if text:
            marks = f"{element.get('class') or ''} {element.get('id') or ''}"
            (marked if _BYLINE_WORDS.search(marks) else other).append(text)
    return list(dict.fromkeys([*marked, *other]))[:_BYLINE_CANDIDATES]


def _title_candidates(
    tree: etree._Element, ld: dict[str, Any], meta: dict[str, str], article: etree._Element, site: str | None
) -> list[str]:
    candidates = [_first_str(ld.get("headline"), ld.get("name"))]
    candidates += [strip_site_suffix(meta.get(key) or "", site) for key in _TITLE_META]
    candidates += [fold_spaces(h.text_content()) for h in article.xpath(".//h1") if not is_furniture(h)]
    candidates += [fold_spaces(h.text_content()) for h in tree.xpath("//h1") if not is_furniture(h)]
    candidates.append(strip_site_suffix(tree.findtext(".//title") or "", site))
    return [c for c in dict.fromkeys(c for c in candidates if c)]


def strip_site_suffix(title: str, site: str | None) -> str:
    """A page title without the site's name (and a section before it) after " | ", " - " and the like."""
    title = fold_spaces(title)
    separators = list(_SITE_SUFFIX.finditer(title))
    if not separators:
        return title
    first, last = separators[0], separators[-1]
    head, tail = title[: first.start()], title[last.end() :]
    site_key = _key(site or "")
    if site_key and _key(head) == site_key:
        return title[first.end() :]  # "Site | Headline"
    if not (site_key and site_key in _key(tail) or _SITE_NAME_MAX_CHARS >= len(tail) < len(head)):
        return title
    title = title[: last.start()]
    if len(separators) > 1:
        # "Headline | Markets | Site": a short section name before the site's goes too.
        section = title[separators[-2].end() :]
        if len(section.split()) <= 3 and len(section) < len(head):
            title = title[: separators[-2].start()]
    return title


def choose_title(candidates: list[str], site: str | None) -> str | None:
    """The headline most candidates agree on; never the site's name or a section label.

    Agreement allows for one being cut short (a JSON-LD headline is often
    trimmed to 110 characters): the longer, complete form is kept.
    """
    usable = [c for c in candidates if not _is_label(c, site)]
    if not usable:
        return None
    keys = [_key(c) for c in usable]

    def agreement(index: int) -> int:
        return sum(1 for j, other in enumerate(keys) if j != index and (other.startswith(keys[index]) or keys[index].startswith(other)))

    best = max(range(len(usable)), key=lambda i: (agreement(i), -i))
    # Of the candidates agreeing with the best one, the longest is the uncut headline.
    agreeing = [usable[i] for i in range(len(usable)) if keys[i].startswith(keys[best]) or keys[best].startswith(keys[i])]
    return max(agreeing, key=len)


def _is_label(text: str, site: str | None) -> bool:
    key = _key(text)
    if not key:
        return True
    if site and key == _key(site):
        return True
    if len(text) < 40 and _LABEL.fullmatch(text.strip()):
        return True
    return residue.is_residue(text) or residue.opens_related(text)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())
