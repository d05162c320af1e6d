"""What an upload of ``output/`` to an object store must change, and in which order.

Prepared apart from the uploading (``briefing.deploy.s3``), as plain data, so
the order and the comparison can be read and tested without a bucket.

The order keeps readers from a half-published site: a page is uploaded only
after everything it links to. Assets first (stylesheets, scripts, images,
the search index), then article pages, then the pages that list them, then
feeds (whose entries link to the articles), the sitemap and robots.txt, and
the home page last. Objects that are gone from ``output/`` are deleted only
after every upload succeeded, so a failed run never removes a page that
something still links to.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .headers import Headers, compressed_original, headers_for

#: Upload tiers, in order; each file belongs to the first whose test it passes.
TIERS = ("assets", "articles", "listings", "feeds", "sitemap", "home")
_ARTICLE = re.compile(r"^\d{4}/.+\.html$")
_FEED = re.compile(r"(^feeds/|\.atom\.xml$|\.rss\.xml$)")
_SITEMAP = re.compile(r"^(sitemap\.xml|robots\.txt)$")
_HOME = re.compile(r"^(index\.html|404\.html)$")


def tier(path: str) -> int:
    """The upload tier of ``path`` (relative to output/); a precompressed copy goes with its original."""
    original = (compressed_original(path) or (path, None))[0]
    if _HOME.match(original):
        return TIERS.index("home")
    if _SITEMAP.match(original):
        return TIERS.index("sitemap")
    if _FEED.search(original):
        return TIERS.index("feeds")
    if _ARTICLE.match(original):
        return TIERS.index("articles")
    if original.endswith(".html"):
        return TIERS.index("listings")
    return TIERS.index("assets")


@dataclass(frozen=True)
class LocalFile:
    path: str  #: relative to output/, with ``/``
    source: Path
    md5: str
    headers: Headers


@dataclass
class Plan:
    uploads: list[tuple[str, LocalFile]] = field(default_factory=list)  #: (why: "new"/"changed", file)
    deletions: list[str] = field(default_factory=list)  #: keys
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not self.uploads and not self.deletions

    def changed_paths(self) -> list[str]:
        """Every URL path whose response changes: what a CDN must forget."""
        paths: list[str] = []
        for key in [f.path for _, f in self.uploads] + self.deletions:
            original = (compressed_original(key) or (key, None))[0]
            for url in ("/" + original, "/" + original.removesuffix("index.html")):
                if url not in paths:
                    paths.append(url)
        return paths


def md5_of(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def local_files(output: Path, precompressed: bool) -> list[LocalFile]:
    """Every file of ``output/`` to upload; the ``.gz``/``.br`` copies only when the host serves them."""
    root = Path(os.path.realpath(output))
    files = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            source = Path(folder) / name
            path = source.relative_to(root).as_posix()
            if not precompressed and compressed_original(path) is not None:
                continue
            files.append(LocalFile(path, source, md5_of(source), headers_for(path)))
    return files


def make_plan(files: list[LocalFile], remote: dict[str, str], prefix: str = "", force: bool = False) -> Plan:
    """Compare ``files`` with the bucket's ``{key: md5}``: upload what is new or changed (by content,
    never by time), delete what ``output/`` no longer has; uploads sorted by tier, then path."""
    plan = Plan()
    keys = set()
    for one in sorted(files, key=lambda f: (tier(f.path), f.path)):
        key = prefix + one.path
        keys.add(key)
        if key not in remote:
            plan.uploads.append(("new", one))
        elif force or remote[key] != one.md5:
            plan.uploads.append(("changed", one))
        else:
            plan.unchanged += 1
    plan.deletions = sorted(key for key in remote if key not in keys)
    return plan
