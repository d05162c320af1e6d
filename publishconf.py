"""Production settings: absolute URLs, feeds, strict checks. Used by `make publish`."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F403

#: The public address; BRIEFING_SITEURL in the environment wins over this default.
SITEURL = os.environ.get("BRIEFING_SITEURL", "https://rare-earth-brief.example").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
BRIEFING_STRICT = True
DELETE_OUTPUT_DIRECTORY = True
DEFAULT_METADATA = {"status": "published"}
