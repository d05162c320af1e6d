"""Content fingerprints of theme assets, so their URLs change exactly when they do.

A stylesheet linked as ``site.css?v=<hash>`` can be cached by browsers and the
web server for a year (``deploy/nginx.conf``): an edited stylesheet gets a new
hash, hence a new URL, and every reader fetches it at once.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import pass_context

#: Hex digits kept of the SHA-256; ten (40 bits) never collide among one theme's versions.
LENGTH = 10


def file_fingerprint(path: Path) -> str:
    """A short hash of the file's bytes, hashed again only when the file changes (size or time).

    Every page asks for the stylesheet's and icons' hashes; under ``make devserver`` an edited
    stylesheet must still get its new hash on the next page written.
    """
    found = path.stat()
    return _hashed(str(path), found.st_size, found.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _hashed(path: str, size: int, modified: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:LENGTH]


def theme_asset(settings: Mapping[str, Any], relative: str) -> Path:
    """The theme's source file that Pelican copies to ``THEME_STATIC_DIR/relative``."""
    theme = Path(settings["THEME"])
    for folder in settings.get("THEME_STATIC_PATHS", ["static"]):
        candidate = theme / folder / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"theme asset {relative!r} is not in the theme's static folders under {theme}")


@pass_context
def fingerprint(context: Mapping[str, Any], relative: str) -> str:
    """Jinja filter: ``'css/site.css'|fingerprint`` gives the asset's short content hash.

    The hash is kept while the file's size and modification time stay the same, so that
    ``make devserver`` picks up an edited stylesheet.
    """
    return file_fingerprint(theme_asset(context, relative))
