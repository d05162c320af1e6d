"""Production settings: the public address (absolute feeds, canonical links), strict checks. Used by `make publish`."""

import importlib.util
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403

#: The public address; BRIEFING_SITEURL in the environment wins over this default.
SITEURL = os.environ.get("BRIEFING_SITEURL", "https://rare-earth-brief.example").rstrip("/")
SITE_ABSOLUTE_URL = SITEURL
SITE_ROOT_PATH = urlsplit(SITEURL).path.rstrip("/") + "/"
FEED_DOMAIN = SITEURL
BRIEFING_STRICT = True
#: Large releases are written by two processes too: what the forked children log is logged again here
#: and counted by the strict check, and the sitemap hears of every page they write (briefing/build/).
BRIEFING_PARALLEL_WRITE = True
#: The publish cache: a post rendered by an earlier `make publish` is taken back when neither it nor the
#: rendering code, libraries or settings changed (briefing/build/cache_key.py). What was logged while it
#: was rendered and the problems it has travel with it and are reported again, so a cached post fails a
#: release exactly as a fresh one would. Kept apart from local builds' cache (BRIEFING_PUBLISH_CACHE in
#: the environment moves it); `make publish PUBLISHOPTS=--no-cache` renders every post afresh.
#: Compressed copies of unchanged files are kept there too (briefing/build/compressed.py).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = os.environ.get("BRIEFING_PUBLISH_CACHE", "cache/publish")
DELETE_OUTPUT_DIRECTORY = True
DEFAULT_METADATA = {"status": "published"}

# Drafts and posts dated in the future stay out of a published site (Pelican treats the latter as drafts).
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFTS_SAVE_AS = ""

# For search engines, link previews and the web server: a sitemap (and robots.txt pointing at it,
# plugins/briefing_publish), precompressed copies of every text file for nginx's gzip_static.
PLUGINS = [*PLUGINS, "pelican.plugins.sitemap", "pelican.plugins.precompress", "briefing_publish"]  # noqa: F405
SITEMAP = {"format": "xml", "exclude": [r"^404\.html$"]}
PRECOMPRESS_GZIP = True
PRECOMPRESS_BROTLI = importlib.util.find_spec("brotli") is not None
PRECOMPRESS_TEXT_EXTENSIONS = {".atom", ".css", ".html", ".js", ".json", ".rss", ".svg", ".txt", ".xml", ".xsl"}

#: A release records its newsletter issues, so `make newsletter` right after `make publish` builds nothing again.
NEWSLETTER_RECORD = "newsletter/issues.json"
#: A social card image per briefing for link previews (og:image, twitter:image): see pelicanconf.
BRIEFING_SOCIAL_CARDS = True
