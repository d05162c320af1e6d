"""A key for Pelican's content cache that changes whenever rendered output would.

Pelican's cache knows when a post file changed, not when the code or the
settings that render it did; keeping each key's cache in a folder of its own
means a new version of the boxes never serves last week's HTML.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent
#: Settings that change what the reader renders.
_RENDER_SETTINGS = ("MARKDOWN", "FORMATTED_FIELDS", "TIMEZONE", "DEFAULT_DATE_FORMAT")
_RENDER_PREFIXES = ("TYPOGRIFY", "BRIEFING_")


def render_key(settings: Mapping[str, Any]) -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    relevant = {
        key: settings[key]
        for key in sorted(settings)
        if key in _RENDER_SETTINGS or key.startswith(_RENDER_PREFIXES)
    }
    digest.update(json.dumps(relevant, sort_keys=True, default=repr).encode())
    return digest.hexdigest()[:16]
