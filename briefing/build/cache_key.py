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

import copy
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
#: Settings Pelican's side of reading uses: its Markdown reader (posts without YAML), and the tags and
#: section it makes into objects that keep their slugs and URLs. The project's renderer reports its own.
_PELICAN_READING = (
    "MARKDOWN", "FORMATTED_FIELDS", "TYPOGRIFY", "SLUG_REGEX_SUBSTITUTIONS", "SLUGIFY_PRESERVE_CASE",
    "SLUGIFY_USE_UNICODE",
    *(f"{kind}_{what}" for kind in ("CATEGORY", "TAG", "AUTHOR") for what in ("URL", "SAVE_AS", "REGEX_SUBSTITUTIONS")),
)
_KEY = re.compile(r"[0-9a-f]{16}")


def versions(names: tuple[str, ...] = RENDERING_DISTRIBUTIONS) -> dict[str, str]:
    found = {}
    for name in names:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "absent"
    return found


class _Noting(dict):
    """Settings that note each key read, to learn which ones a renderer depends on."""

    def __init__(self, settings: Mapping[str, Any]):
        super().__init__(settings)
        self.read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        self.read.add(key)
        return super().__contains__(key)


def rendering_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings a post's rendering depends on: those the project's renderer reads, and Pelican's reading's.

    Found by building the renderer over settings that note what is read, so a
    setting added to the boxes or the typography is in the key without being
    listed here (the renderer reads all its settings when it is built).
    """
    from ..post import PostRenderer

    noting = _Noting(settings)
    PostRenderer(noting)
    keys = noting.read | set(_PELICAN_READING)
    found = {key: settings[key] for key in sorted(keys) if key in settings}
    if isinstance(found.get("MARKDOWN"), Mapping):
        found["MARKDOWN"] = _as_pelican_completes_it(found["MARKDOWN"])
    return found


def _as_pelican_completes_it(markdown: Mapping[str, Any]) -> dict[str, Any]:
    """MARKDOWN as Pelican's Markdown reader completes it, in place, when it starts.

    The same settings give the same key before a build and after one (settings
    files that import another share its MARKDOWN, so one build changes the next's).
    """
    config = copy.deepcopy(dict(markdown))
    config.setdefault("extension_configs", {})
    extensions = list(config.get("extensions", []))
    for extension in [*config["extension_configs"], "markdown.extensions.meta"]:
        if extension not in extensions:
            extensions.append(extension)
    config["extensions"] = extensions
    return config


def render_key(settings: Mapping[str, Any]) -> str:
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    relevant = rendering_settings(settings)
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
