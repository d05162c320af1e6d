"""The three shapes an article arrives in, each read into :class:`Article` objects.

The format is decided by content, not by the file's name: editors save feeds
as ``.txt`` and pages without an ending. A feed gives one article per item,
with title, date, link, guid and categories from the item; a saved page is
reduced to its main content with ``trafilatura`` (navigation, share widgets,
comments and footers go), its title and date read from the page itself; text
is read as it is.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import html as htmllib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import logging

import feedparser
import lxml.html
import nh3
import trafilatura
import yaml
from lxml import etree

from ..schema import CONTROL_CHARACTERS
from .blocks import ITEM, Block, mostly_links
from .datafiles import load_yaml
from .errors import ImportFailure
from .htmlblocks import blocks_from_html, close_empty_elements
from .inline import fold_spaces, safe_url
from .metadata import text_id
from .pagemeta import drop_bylines, main_article, prune_furniture, read_page_meta, strip_page_head
from .summary import labelled_summary, with_summary
from .textblocks import blocks_from_text
from .textlead import read_lead

TEXT = "text"
HTML = "html"
FEED = "feed"
POST = "post"
#: Pasted text longer than this is not one article but a mailbox or a book pasted by mistake;
#: it is refused before any work is done on it (the import's cost grows with the size).
MAX_TEXT_BYTES = 5 * 1024 * 1024

_PROLOGUE = r"\A(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*"
_FEED_START = re.compile(_PROLOGUE + r"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE | re.DOTALL)
_HTML_START = re.compile(
    r"\A(?:\s|<\?xml[^>]*\?>|<!--.*?-->)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|article|main|div|section|p|h[1-6]|ul|ol)\b",
    re.IGNORECASE | re.DOTALL,
)
_PAGE = re.compile(r"<(?:html|head|body)\b", re.IGNORECASE)
_FRONT_MATTER_START = re.compile(r"\A---[ \t]*\n")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
#: How trafilatura hands over a page's main content: as HTML, so headings (sections), lists
#: (highlights), links and emphasis survive; recall over precision, since a briefing is short
#: and its closing sections look like boilerplate; comments and images never.
_MAIN_CONTENT = dict(
    output_format="html", include_links=True, include_formatting=True, include_tables=True,
    include_comments=False, include_images=False, favor_recall=True, deduplicate=False,
)  # fmt: skip
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
log = logging.getLogger(__name__)


@dataclass
class Article:
    """One article found in an input, before it becomes a briefing."""

    label: str
    blocks: list[Block]
    #: Pasted text: a heading-shaped first line may be the title (when :attr:`title` is not
    #: known), and a list opening it its highlights; in a page only an <h1> is the title.
    title_from_first_line: bool = False
    title: str | None = None
    date: dt.date | dt.datetime | None = None
    import_id: str = ""
    categories: tuple[str, ...] = ()
    #: The article's language as its page or feed declares it ("de", "it-IT"), for sentence splitting.
    language: str | None = None
    #: The page's or feed's own name and the article's address: its Source when it names none.
    site_name: str | None = None
    url: str | None = None


def detect_format(text: str) -> str:
    if _is_post(text):
        return POST
    if _FEED_START.match(text):
        return FEED
    if _HTML_START.match(text):
        return HTML
    return TEXT


def _is_post(text: str) -> bool:
    """A post of this site (Markdown with front matter): imported already, or written by hand."""
    start = _FRONT_MATTER_START.match(text)
    end = _FRONT_MATTER_END.search(text, start.end()) if start else None
    if end is None:
        return False
    try:
        meta = load_yaml(text[start.end() : end.start()])
    except yaml.YAMLError:
        return False
    return isinstance(meta, dict) and ("title" in meta or "highlights" in meta)


def check_size(text: str) -> None:
    """Refuse pasted text over :data:`MAX_TEXT_BYTES`, with its size and what to do, before reading it."""
    if len(text) * 4 <= MAX_TEXT_BYTES or detect_format(text) != TEXT:
        return  # four bytes a character at most: short enough without counting
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise ImportFailure(
            f"pasted text of {size / 2**20:.1f} MiB is over the limit of {MAX_TEXT_BYTES / 2**20:g} MiB for one "
            "article; split it into its articles (one file each) and import those"
        )


def read_articles(text: str, label: str) -> list[Article]:
    """The articles in repaired ``text``.

    An article without a URL or guid is known by a hash of its repaired text,
    so the same article pasted once with its punctuation mangled and once
    clean is one article, imported once.
    """
    kind = detect_format(text)
    if kind == POST:
        raise ImportFailure("already a post with front matter, not a raw article (edit it where it is)")
    if kind == FEED:
        articles = _feed(text, label)
    elif kind == HTML:
        articles = [_page(text, label)]
    else:
        lead, story = read_lead(text)
        articles = [
            Article(
                label,
                blocks_from_text(story),
                title_from_first_line=True,
                title=lead.title,
                date=lead.date,
                import_id=text_id(text),
                site_name=lead.site_name,
            )
        ]
    return [_without_control_characters(article) for article in articles]


def _without_control_characters(article: Article) -> Article:
    """The article with no control character in any field (a feed's ``&#7;`` decodes to one).

    Removed here, once every format has been read, rather than in each reader:
    entities in feeds and pages only become characters as they are parsed.
    """

    def clean(text: str) -> str:
        return CONTROL_CHARACTERS.sub("", text) if CONTROL_CHARACTERS.search(text) else text

    def clean_block(block: Block) -> Block:
        if not any(CONTROL_CHARACTERS.search(t) for t in (block.markdown, block.plain, *sum(block.links, ()))):
            return block
        links = tuple((clean(label), clean(url)) for label, url in block.links)
        return dataclasses.replace(block, markdown=clean(block.markdown), plain=clean(block.plain), links=links)

    return dataclasses.replace(
        article,
        blocks=[clean_block(b) for b in article.blocks],
        title=clean(article.title) if article.title else article.title,
        categories=tuple(clean(c) for c in article.categories),
        import_id=clean(article.import_id),
        site_name=clean(article.site_name) if article.site_name else article.site_name,
    )


def _feed(text: str, label: str) -> list[Article]:
    # The text is decoded already (UTF-16 without a BOM too): its declaration must not make
    # feedparser decode it again as the bytes it once was.
    text = _XML_DECLARATION.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    parsed = feedparser.parse(text)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f": {problem}" if problem else ""
        raise ImportFailure(f"a feed with no items{reason}")
    feed_link = safe_url(parsed.feed.get("link") or "") or ""
    feed_name = fold_spaces(parsed.feed.get("title") or "") or None
    feed_language = parsed.feed.get("language") or None
    articles = []
    for number, entry in enumerate(parsed.entries, 1):
        link = safe_url(entry.get("link") or "")
        content = (entry.get("content") or [{}])[0]
        body = _escaped_twice(content.get("value") or entry.get("summary") or "")
        content_type = content.get("type") or entry.get("summary_detail", {}).get("type") or "text/html"
        blocks = blocks_from_text(body) if content_type == "text/plain" else blocks_from_html(body, link)
        guid = (entry.get("id") or "").strip()
        if guid and ":" not in guid and feed_link:
            guid = f"{feed_link}#{guid}"  # a bare guid is only unique within its feed
        parsed_date = entry.get("published_parsed") or entry.get("updated_parsed")
        articles.append(
            Article(
                label=f"{label} (item {number})",
                blocks=blocks,
                title=_entry_title(entry),
                date=dt.datetime.fromtimestamp(calendar.timegm(parsed_date), dt.timezone.utc) if parsed_date else None,
                import_id=guid or link or text_id(body),
                categories=tuple(t.get("term") for t in entry.get("tags") or [] if t.get("term")),
                language=(content.get("language") or feed_language),
                site_name=feed_name,
                url=link,
            )
        )
    return articles


def _page(text: str, label: str) -> Article:
    # lxml refuses text that still declares its bytes' encoding: the text is decoded already.
    text = _XML_DECLARATION.sub("", text, count=1)
    if not _PAGE.search(text):
        # A fragment (pasted HTML) has no page around it to strip away.
        return Article(label, blocks_from_html(text), import_id=text_id(text))
    try:
        tree = lxml.html.document_fromstring(close_empty_elements(text))
    except (etree.ParserError, ValueError) as err:
        raise ImportFailure(f"unreadable HTML: {err}") from None
    meta = read_page_meta(tree)
    _absolute_links(tree, meta.url)
    drop_bylines(tree)
    _unwrap_layout_tables(tree)
    summary = labelled_summary(tree, meta.url)
    article = main_article(tree)
    prune_furniture(tree, article)
    _unmark_running_text(tree)
    fallback = etree.tostring(article, encoding="unicode")
    # trafilatura prunes the tree it is given: everything read from the tree is read before.
    main = trafilatura.extract(tree, url=meta.url, **_MAIN_CONTENT)
    blocks = blocks_from_html(main or fallback, meta.url)
    if main and len(blocks) <= 1:
        # On a short page trafilatura falls back to all its text as one paragraph: the
        # article's own element keeps headline, lists and paragraphs apart.
        own = blocks_from_html(fallback, meta.url)
        blocks = own if len(own) > len(blocks) else blocks
    blocks = strip_page_head(_without_link_lists(blocks), meta)
    if summary:
        blocks = with_summary(summary, blocks)
    return Article(
        label,
        blocks,
        title=meta.title,
        date=meta.date,
        import_id=meta.url or text_id(text),
        categories=meta.sections,
        language=meta.language,
        site_name=meta.site_name,
        url=meta.url,
    )


def _absolute_links(tree: lxml.html.HtmlElement, url: str | None) -> None:
    """Links made absolute as the browser made them: against the page's ``<base href>`` (a page
    saved by a browser keeps the original's), else its own address; trafilatura would join a
    relative link to the site's root instead."""
    try:
        if url:
            tree.make_links_absolute(url, resolve_base_href=True, handle_failures="discard")
        else:
            tree.resolve_base_href(handle_failures="discard")
    except ValueError as err:  # an address lxml cannot join: the links stay as they are
        log.debug("links left relative: %s", err)


#: Elements of a table used for layout, and what they become.
_LAYOUT_TAGS = {"table": "div", "tbody": "div", "thead": "div", "tfoot": "div", "tr": "div", "td": "div", "th": "div"}


def _unwrap_layout_tables(tree: etree._Element) -> None:
    """Tables that lay out a page (their cells hold paragraphs or headings) turned into plain
    blocks: read as a table, the whole story would become one row of cells."""
    layout = tree.xpath("//table[.//p or .//h1 or .//h2 or .//h3 or .//table]")
    # Each table's own rows and cells (a data table inside a layout cell stays a table).
    own = [e for t in layout for e in t.iter(*_LAYOUT_TAGS) if e.xpath("ancestor-or-self::table[1]")[0] is t]
    for element in own:
        element.tag = _LAYOUT_TAGS[element.tag]


_INLINE_TAGS = ("span", "a", "em", "strong", "b", "i", "u", "small", "mark", "abbr", "cite", "q", "time", "sup", "sub")


def _unmark_running_text(tree: etree._Element) -> None:
    """Classes and ids of words inside a paragraph removed before extraction: trafilatura drops
    an element marked "author" or "share" wherever it is, and "chief executive <span
    class="author-name">Ana Ruiz</span> said" would lose its name. The page's furniture,
    which those marks are for, is pruned already."""
    for element in tree.xpath("//p//*[@class or @id] | //li//*[@class or @id]"):
        if element.tag in _INLINE_TAGS:
            element.attrib.pop("class", None)
            element.attrib.pop("id", None)


def _without_link_lists(blocks: list[Block]) -> list[Block]:
    """A page's body without lists whose every item is a link: navigation, teasers, related
    stories that no heading announced. A list in the story has words of its own."""
    out: list[Block] = []
    run: list[Block] = []
    for block in [*blocks, None]:
        if block is not None and block.kind == ITEM and mostly_links(block):
            run.append(block)
            continue
        if len(run) < 2:
            out += run
        run = []
        if block is not None:
            out.append(block)
    return out


#: Markup written as text: ``&lt;p&gt;`` where the item meant ``<p>``.
_ESCAPED_TAG = re.compile(r"&lt;/?(?:p|br|div|span|a|b|i|em|strong|ul|ol|li|h[1-6]|img|blockquote)\b", re.IGNORECASE)
_REAL_TAG = re.compile(r"<[a-zA-Z/]")


def _escaped_twice(body: str) -> str:
    """An item's HTML with its markup escaped one time too many (``&amp;lt;p&amp;gt;`` in the feed)
    unescaped once: read as it is, every ``<p>`` would be a word of the story."""
    if _REAL_TAG.search(body) or not _ESCAPED_TAG.search(body):
        return body
    return htmllib.unescape(body)


def _entry_title(entry: feedparser.FeedParserDict) -> str | None:
    """A feed item's title as plain text; an HTML title loses its markup, a plain one keeps its ``<``."""
    title = entry.get("title") or ""
    if "html" in (entry.get("title_detail") or {}).get("type", ""):
        title = htmllib.unescape(nh3.clean(title, tags=set()))
    return fold_spaces(title) or None
