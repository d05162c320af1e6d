"""A key for Pelican's content cache that changes whenever rendered output would.

Pelican's cache knows when a post file changed, not when the code, the
libraries or the settings that render it did; keeping each key's cache in a
folder of its own means a new version of the boxes, of Markdown or of
typogrify never serves last week's HTML. Settings that only change how a build
runs (workers, forked children, strictness, search) are left out, so that
switching them does not throw the cache away; folders of other keys are
deleted when a build starts with a new one.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger("briefing.build")

_PACKAGE = Path(__file__).resolve().parent.parent
#: Distributions whose code renders a post: a new version may render it differently.
RENDERING_DISTRIBUTIONS = ("pelican", "markdown", "typogrify", "smartypants", "nh3", "pelican-yaml-metadata",
                           "pyyaml", "briefing")
#: Settings the reader renders with: Markdown, typography, the boxes and the contract they check.
_RENDER_SETTINGS = (
    "MARKDOWN", "FORMATTED_FIELDS", "TYPOGRIFY", "BRIEFING_TYPOGRIFY", "BRIEFING_BOXES",
    "BRIEFING_LABELS", "BRIEFING_CAUTION", "BRIEFING_VERIFY_KINDS", "BRIEFING_HEADING_LEVEL", "BRIEFING_SECTIONS",
    "BRIEFING_WHY_AFTER_HIGHLIGHTS",
    # The reader makes the tags and the section into Pelican's objects, which keep their slugs and URLs.
    "SLUG_REGEX_SUBSTITUTIONS", "SLUGIFY_PRESERVE_CASE", "SLUGIFY_USE_UNICODE",
    *(f"{kind}_{what}" for kind in ("CATEGORY", "TAG", "AUTHOR") for what in ("URL", "SAVE_AS", "REGEX_SUBSTITUTIONS")),
)
_RENDER_PREFIXES = ("TYPOGRIFY_",)
_KEY = re.compile(r"[0-9a-f]{16}")


def versions() -> dict[str, str]:
    found = {}
    for name in RENDERING_DISTRIBUTIONS:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


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
    digest.update(json.dumps({"settings": relevant, "versions": versions()}, sort_keys=True, default=repr).encode())
    return digest.hexdigest()[:16]


def keyed_cache_path(settings: dict[str, Any]) -> str:
    """Point ``settings["CACHE_PATH"]`` at the folder of this build's key, pruning other keys' folders."""
    base = Path(settings["CACHE_PATH"])
    key = render_key(settings)
    if base.name == key:  # keyed already: a rebuild of the same Pelican (devserver)
        return str(base)
    prune(base, keep=key)
    settings["CACHE_PATH"] = str(base / key)
    return settings["CACHE_PATH"]


def prune(base: Path, keep: str) -> list[Path]:
    """Delete the folders of other keys under ``base``: their posts were rendered by other code or settings."""
    stale = [p for p in base.iterdir() if p.is_dir() and _KEY.fullmatch(p.name) and p.name != keep] \
        if base.is_dir() else []
    for folder in stale:
        log.debug("Deleting the stale content cache %s", folder)
        shutil.rmtree(folder, ignore_errors=True)
    return stale
