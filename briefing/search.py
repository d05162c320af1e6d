"""The static search index: Pagefind over the built site.

Pagefind ships its binary inside its PyPI packages, so indexing needs no
download at build time. It reads the built HTML, which means the index holds
exactly what a reader sees: the templates mark what to index
(``data-pagefind-body`` on a briefing), which fields are metadata and filters.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

log = logging.getLogger("briefing.search")

#: Folder of the index inside the site; templates load ``pagefind.js`` from it.
BUNDLE_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    exitcode = 1


def index_site(site: Path, language: str = "en") -> Path:
    """Index the built site in ``site``; return the bundle folder. Raises on failure."""
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(site),
        "--output-subdir", BUNDLE_DIR,
        "--force-language", language,
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"search index: pagefind failed on {site}: {detail}")
    bundle = site / BUNDLE_DIR
    if not (bundle / "pagefind.js").exists():
        raise SearchIndexError(f"search index: pagefind wrote no bundle into {bundle}")
    return bundle
