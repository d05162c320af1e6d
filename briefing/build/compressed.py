"""Compressed copies of a release's files kept between releases, so unchanged files are not compressed again.

`make publish` writes a ``.br`` and a ``.gz`` beside every text file
(pelican-precompress, at brotli's and gzip's highest levels): the costliest
single step of a release, and after one new briefing nearly every file is the
same as last time. Before the compression runs, each file whose bytes were
compressed by an earlier release gets those copies back from the cache (keyed
by a hash of its bytes, and of the compressors' versions); pelican-precompress
leaves files it finds in place and compresses only the rest. Once it is done,
what it wrote goes into the cache, and entries no file of this release used
are deleted.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from . import stats
from .cache_key import versions

log = logging.getLogger("briefing.build")

#: What pelican-precompress writes, as it names them, by setting.
_FORMATS = {"PRECOMPRESS_BROTLI": ".br", "PRECOMPRESS_GZIP": ".gz"}
_DEFAULT_TEXT = {".atom", ".css", ".htm", ".html", ".ini", ".js", ".json", ".py", ".rss", ".txt", ".xml", ".xsl"}


def cache_folder(settings: Mapping[str, Any]) -> Path | None:
    """Where a build's compressed copies are kept; None when it compresses nothing or keeps no cache."""
    if "pelican.plugins.precompress" not in settings.get("PLUGINS", ()) or not settings.get("CACHE_CONTENT"):
        return None
    if not _extensions(settings):
        return None
    found = versions(("pelican-precompress", "brotli"))
    key = hashlib.sha256(",".join(f"{name}={version}" for name, version in found.items()).encode()).hexdigest()[:12]
    # Beside the content cache's key folders, not inside one: a new rendering key keeps these.
    return Path(settings["CACHE_PATH"]).parent / f"compressed-{key}"


def _extensions(settings: Mapping[str, Any]) -> list[str]:
    return [ext for setting, ext in _FORMATS.items() if settings.get(setting, True)]


def _text_files(output: Path, settings: Mapping[str, Any]) -> Iterator[Path]:
    suffixes = set(settings.get("PRECOMPRESS_TEXT_EXTENSIONS", _DEFAULT_TEXT))
    minimum = settings.get("PRECOMPRESS_MIN_SIZE", 20)
    for root, _, names in os.walk(output):
        for name in names:
            path = Path(root, name)
            if path.suffix in suffixes and path.stat().st_size >= minimum:
                yield path


def _entry(folder: Path, digest: str, extension: str) -> Path:
    return folder / digest[:2] / f"{digest}{extension}"


def restore(output: Path, settings: Mapping[str, Any]) -> int:
    """Put back the compressed copies of every file an earlier release compressed; return how many."""
    folder = cache_folder(settings)
    if folder is None or not folder.is_dir():
        return 0
    restored = 0
    for path in _text_files(output, settings):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        for extension in _extensions(settings):
            cached = _entry(folder, digest, extension)
            target = path.with_name(path.name + extension)
            if cached.is_file() and not target.exists():
                shutil.copyfile(cached, target)
                restored += 1
    stats.current().compressed_restored += restored
    return restored


def keep(output: Path, settings: Mapping[str, Any]) -> int:
    """Keep this release's compressed copies for the next one; delete what no file of it used."""
    folder = cache_folder(settings)
    if folder is None:
        return 0
    used: set[Path] = set()
    for path in _text_files(output, settings):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        for extension in _extensions(settings):
            compressed = path.with_name(path.name + extension)
            if not compressed.is_file():
                continue
            entry = _entry(folder, digest, extension)
            used.add(entry)
            if not entry.exists():
                entry.parent.mkdir(parents=True, exist_ok=True)
                partial = entry.with_name(entry.name + ".part")
                shutil.copyfile(compressed, partial)
                os.replace(partial, entry)
    for stale in [p for p in folder.rglob("*") if p.is_file() and p not in used]:
        stale.unlink()
    log.debug("Kept %d compressed copies in %s", len(used), folder)
    return len(used)
