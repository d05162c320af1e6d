"""Pelican settings for local work: relative URLs, drafts visible, nothing deployed."""

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:  # lets `pelican` find the `briefing` package from a plain checkout
    sys.path.insert(0, str(_HERE))

AUTHOR = "Rare Earth Brief"
SITENAME = "Rare Earth Brief"
SITESUBTITLE = "Short, sourced briefings on the rare-earth industry"
SITEURL = ""
#: The site's domain, used for feed entry ids that must not change with SITEURL.
SITE_DOMAIN = "rare-earth-brief.example"
#: Year the publication started; feed ids are `tag:` URIs dated with it.
SITE_START = "2025-01-01"

PATH = "content"
ARTICLE_PATHS = ["briefings"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
#: The icons browsers ask for at the site's root (content/extra), linked from every page's head.
EXTRA_PATH_METADATA = {
    f"extra/{name}": {"path": name} for name in ("favicon.ico", "favicon.svg", "apple-touch-icon.png")
}
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

#: The site's sections: every briefing's `category` is one of these.
BRIEFING_SECTIONS = [
    "Mining",
    "Processing",
    "Magnets",
    "Policy",
    "Markets",
    "Recycling",
    "Research",
    "Companies",
]
#: True fails the build on any post that breaks the contract (publishconf); False warns.
BRIEFING_STRICT = False
BRIEFING_LABELS = {
    "highlights": "Highlights",
    "why_newsworthy": "Why newsworthy?",
    "takeaway": "Takeaway",
    "source": "Source",
}
BRIEFING_VERIFY_KINDS = ["state-media", "company"]
#: Why newsworthy? right after the Highlights (readers scan for it); False puts it after the body.
BRIEFING_WHY_AFTER_HIGHLIGHTS = True
#: House style that `briefing check` holds posts to: errors on published posts, warnings on drafts.
BRIEFING_STYLE = {
    "highlights": (2, 5),  # how many highlights
    "highlight_words": 40,  # longest highlight, in words
    "title_chars": (20, 100),  # shortest and longest title
    "summary_chars": 200,  # longest summary (or first highlight): what a link preview shows whole
    "published_needs": ["why_newsworthy", "takeaway"],  # boxes a published briefing has
    "source_needs": ["url", "kind"],  # what its source states besides a name
    "duplicate_text": 60,  # a post whose text is this % alike an earlier one's is a likely duplicate...
    "duplicate_title_and_text": 65,  # ...as is one whose title and text are, on average, this % alike
}
BRIEFING_CAUTION = (
    "This source has a direct interest in the story. "
    "Its claims should be independently verified."
)

ARTICLE_URL = "{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "section/{slug}/"
CATEGORY_SAVE_AS = "section/{slug}/index.html"
CATEGORIES_URL = "sections/"
CATEGORIES_SAVE_AS = "sections/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "search", "404", "drafts"]
#: Every draft and what it still needs (its review items): the preview's only (publishconf empties it).
DRAFTS_URL = "drafts/"
DRAFTS_SAVE_AS = "drafts/index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
NOTFOUND_SAVE_AS = "404.html"
#: The corrections log (plugins/briefing_corrections): every correction, update and clarification, and its feed.
CORRECTIONS_URL = "corrections/"
CORRECTIONS_SAVE_AS = "corrections/index.html"
CORRECTIONS_FEED_ATOM = "feeds/corrections.atom.xml"
#: Pages link relatively, in every build, so a site works on any host that serves it (a preview,
#: a mirror, 127.0.0.1) and never makes a browser fetch from another address.
RELATIVE_URLS = True
#: The public address, for what must be absolute: canonical links, Open Graph, JSON-LD, robots.txt.
#: Empty in local builds, which have no public address (publishconf sets it).
SITE_ABSOLUTE_URL = ""
#: The path the site is served under; the 404 page, shown at any address, resolves its links from it.
SITE_ROOT_PATH = "/"

#: Base of every URL in the feeds: feed readers need absolute links even from a local build.
FEED_DOMAIN = SITEURL or f"https://{SITE_DOMAIN}"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/section/{slug}.atom.xml"
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50
#: "full": entries carry the whole briefing with its boxes; "summary": its summary only.
BRIEFING_FEED_CONTENT = "full"
BRIEFING_FEED_JSON = "feeds/all.json"
#: Feeds are served as feeds: every feed link on the pages leads to the subscribe page (SUBSCRIBE_URL),
#: which explains them. An XSLT that shows a feed opened in a browser as a page is an optional extra
#: ("theme/feed.xsl", theme/static/feed.xsl), off: browsers are removing XSLT.
BRIEFING_FEED_STYLESHEET = None
SUBSCRIBE_URL = "subscribe/"
#: Where a local build is served (`make serve`): the subscribe page's addresses to copy in a local
#: build, which has no public address (production shows SITE_ABSOLUTE_URL's).
BRIEFING_LOCAL_URL = "http://127.0.0.1:8000"

#: Typography (typogrify) on titles, bodies and boxes. Pelican's own pass (TYPOGRIFY) stays off:
#: the project's reader applies the same filter where its result is cached and computed in parallel.
BRIEFING_TYPOGRIFY = True
TYPOGRIFY = False
#: Posts are Markdown only: Pelican's HTML and reStructuredText readers would put a file's markup
#: in the site without the project's reader, and so without its sanitiser (briefing/safety.py).
READERS = {"html": None, "htm": None, "rst": None}
#: Markdown Extra without attr_list: `{: onclick=...}` would otherwise put event handlers on elements.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.abbr": {},
        "markdown.extensions.def_list": {},
        "markdown.extensions.fenced_code": {},
        "markdown.extensions.footnotes": {},
        "markdown.extensions.tables": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

from briefing.cards import briefing_item  # noqa: E402
from briefing.csp import meta_policy  # noqa: E402
from briefing.fingerprint import fingerprint  # noqa: E402
from briefing.reading import reading_minutes  # noqa: E402
from briefing.seo import news_article_json  # noqa: E402
from briefing.share import share_links_filter  # noqa: E402
from briefing.text import plain_text  # noqa: E402

#: Every template escapes what it writes (briefing/safety.py): only HTML the project escaped or
#: sanitised itself arrives marked safe. Pelican's defaults, with autoescape on.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}
#: `plain` gives typogrified titles and summaries back as text, for <title>, meta tags and feeds;
#: `fingerprint` a theme asset's content hash for its URL; `news_article_json` a briefing's JSON-LD;
#: `meta_policy` the Content-Security-Policy as a page's <meta> states it;
#: `reading_minutes` a briefing's reading time; `share_links` its share links (plain URLs, no scripts).
JINJA_FILTERS = {
    "plain": plain_text,
    "fingerprint": fingerprint,
    "news_article_json": news_article_json,
    "meta_policy": meta_policy,
    "reading_minutes": reading_minutes,
    "share_links": share_links_filter,
}
#: `briefing_item(item, level)`: a briefing's entry in a list, rendered once per page depth (briefing/cards.py).
JINJA_GLOBALS = {"briefing_item": briefing_item}

#: The Content-Security-Policy of every page, in its <meta> (briefing/csp.py) and in deploy/nginx.conf's
#: header, which must state the same (tests/test_csp.py). Everything is the site's own. Scripts: the
#: search page's module and Pagefind's WebAssembly; no inline script. Styles: the stylesheet, and the
#: one inline <style> of the feed stylesheet (theme/static/feed.xsl) by its hash; no style attribute.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self' 'sha256-94YS+HkNYfD/KOQ145Gwj9HWnnnqYuPTLp0o2DxaRtA='",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

PLUGIN_PATHS = ["plugins"]
#: briefing_build first: the reader, worker processes and forked children (see its docstring).
PLUGINS = ["briefing_build", "briefing_boxes", "briefing_search", "briefing_feeds", "briefing_newsletter"]
PLUGINS += ["briefing_hubs", "briefing_corrections", "briefing_slugs"]
#: The article page: related briefings, a social card image (og:image), previous/next in its section.
PLUGINS += ["briefing_related", "briefing_social_cards", "pelican.plugins.neighbors"]
#: Sections shown in the one-line navigation of a wide screen (the others behind its "Sections" menu).
BRIEFING_NAV_INLINE = 8
#: The byline of a briefing without an `author:` of its own.
BRIEFING_DESK = "Rare Earth Brief desk"
#: How many related briefings an article page offers (at least three when the site has them).
BRIEFING_RELATED_LIMIT = 5
#: A 1200×630 PNG per briefing for link previews (og:image), cached under CACHE_PATH/social-cards;
#: drawn with Debian's DejaVu fonts (BRIEFING_CARD_FONTS = {"regular": path, "bold": path} for others),
#: or Pillow's own font where they are missing. Drawn by `make publish` only (publishconf): a local build
#: has no public address for og:image, and drawing a card per briefing doubled a cold local build's time.
BRIEFING_SOCIAL_CARDS = False

SLUGIFY_SOURCE = "title"
#: One language: posts that share a slug are two posts (plugins/briefing_slugs gives each its own address),
#: never translations of each other.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
DEFAULT_METADATA = {"status": "published"}
#: Index the built site with Pagefind after every build (plugins/briefing_search).
SEARCH_INDEX = True
#: Precompression is for production (publishconf); off here even in a process where the plugin
#: was registered by an earlier production build (Pelican's signals are process-wide).
PRECOMPRESS_GZIP = False
PRECOMPRESS_BROTLI = False
#: Pelican's content cache keeps every rendered post (typography and boxes included) between builds,
#: under a key of the rendering code, libraries and settings (briefing/build/cache_key.py), so a rebuild renders
#: only the posts that changed.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
GZIP_CACHE = False
#: On a rebuild (devserver), write the pages of the posts just edited before anything else.
BRIEFING_WRITE_CHANGED_FIRST = True
#: Write the article pages in a second process while this one writes the rest (large sites only).
BRIEFING_PARALLEL_WRITE = True
#: Threads Pagefind may use when it indexes in the background of such a build (None: one per core).
BRIEFING_SEARCH_THREADS = 1
#: Worker processes that render posts on a cold build (default: one per core); 1 renders in-process.
BRIEFING_WORKERS = None
DELETE_OUTPUT_DIRECTORY = False

MENUITEMS = ()
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# The newsletter (plugins/briefing_newsletter, briefing/newsletter): each ISO week's (and each day's)
# briefings as one issue, on the web and by email (`make newsletter`, `make send-newsletter`).
#: The editions published: "weekly" (an issue per ISO week) and/or "daily" (an issue per day).
NEWSLETTER_EDITIONS = ["weekly", "daily"]
NEWSLETTER_URL = "newsletter/{slug}/"
NEWSLETTER_SAVE_AS = "newsletter/{slug}/index.html"
NEWSLETTER_ARCHIVE_URL = "newsletter/"
NEWSLETTER_ARCHIVE_SAVE_AS = "newsletter/index.html"
NEWSLETTER_FEED_ATOM = "feeds/newsletter.atom.xml"
#: Editor's notes, `<week or day>.md` (2025-w47.md, 2025-11-10.md) under PATH; and the record of sends.
NEWSLETTER_NOTES_PATH = "newsletters"
NEWSLETTER_LEDGER = "newsletters/sent.json"
#: Where a build writes the issues it found with a stamp of what made them, for `make newsletter` to
#: reuse instead of building again (publishconf sets it; None: no record).
NEWSLETTER_RECORD = None
#: Sender and list address of the email; NEWSLETTER_FROM and NEWSLETTER_TO in the environment win.
NEWSLETTER_FROM = f"Rare Earth Brief <brief@{SITE_DOMAIN}>"
NEWSLETTER_TO = f"Rare Earth Brief readers <readers@{SITE_DOMAIN}>"
#: List-Unsubscribe targets (mailto: and/or https:); NEWSLETTER_UNSUBSCRIBE (comma-separated) wins.
NEWSLETTER_UNSUBSCRIBE = [f"mailto:unsubscribe@{SITE_DOMAIN}?subject=unsubscribe"]
#: Each recipient's own one-click unsubscribe address (RFC 8058), when the list service gives one:
#: `{email}` and `{token}` (an HMAC of the address keyed by NEWSLETTER_UNSUBSCRIBE_SECRET in the
#: environment) are filled in per message. None: the addresses above, the same for everyone.
NEWSLETTER_UNSUBSCRIBE_URL = None
#: Sending: recipients per message (1: each their own message; more only without per-recipient
#: links), tries per recipient in one run while the server answers 4xx, and the seconds before the
#: first retry (doubling). The same names in the environment win.
NEWSLETTER_BATCH_SIZE = 1
NEWSLETTER_ATTEMPTS = 3
NEWSLETTER_RETRY_DELAY = 30
#: The sign-up form (a partial on Subscribe, in the header, under each briefing, on newsletter pages),
#: posting to the site's mailing-list service; None: the site offers no email and no page promises it.
#: {"provider": "listmonk", "action": "https://lists.example/subscription/form", "lists": ["<list uuid>"]}
#: {"provider": "buttondown", "user": "<username>"}
#: {"provider": "mailchimp", "action": "https://<dc>.list-manage.com/subscribe/post?u=<u>&id=<id>"}
NEWSLETTER_SIGNUP = None

# Hubs (plugins/briefing_hubs, briefing/hubs.py): a page for each rare earth element (its groups'
# briefings included), each company and country of the gazetteer with briefings, and a topics index.
#: The elements, their weight classes and group tags; an editor's file, outside ARTICLE_PATHS and PAGE_PATHS.
BRIEFING_ELEMENTS_FILE = str(_HERE / "content" / "data" / "elements.yaml")
#: The gazetteer the importer tags with (None: briefing/data/gazetteer.yaml).
BRIEFING_GAZETTEER_FILE = None
ELEMENT_URL = "element/{slug}/"
ELEMENT_SAVE_AS = "element/{slug}/index.html"
ELEMENT_FEED_ATOM = "feeds/element/{slug}.atom.xml"
COMPANY_URL = "company/{slug}/"
COMPANY_SAVE_AS = "company/{slug}/index.html"
COUNTRY_URL = "country/{slug}/"
COUNTRY_SAVE_AS = "country/{slug}/index.html"
TOPICS_URL = "topics/"
TOPICS_SAVE_AS = "topics/index.html"
#: Pelican's paginated templates, and the hubs' (template_name "hub").
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None, "hub": None}
