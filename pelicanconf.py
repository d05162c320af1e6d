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
    "takeaway": "A REEx Takeaway",
    "source": "Source",
}
BRIEFING_VERIFY_KINDS = ["state-media", "company"]
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
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "search", "404"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
NOTFOUND_SAVE_AS = "404.html"
#: Local builds link relatively, so output/ works from any server folder; publishconf makes URLs absolute.
RELATIVE_URLS = True

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/section/{slug}.atom.xml"
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 50

TYPOGRIFY = True
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

from briefing.text import plain_text  # noqa: E402

#: `plain` gives typogrified titles and summaries back as text, for <title>, meta tags and feeds.
JINJA_FILTERS = {"plain": plain_text}

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["pelican.plugins.yaml_metadata", "briefing_boxes", "briefing_search"]

SLUGIFY_SOURCE = "title"
DEFAULT_METADATA = {"status": "published"}
#: Index the built site with Pagefind after every build (plugins/briefing_search).
SEARCH_INDEX = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False

MENUITEMS = ()
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False
