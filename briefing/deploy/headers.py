"""The HTTP headers each published file is served with, for hosts that are not our nginx.

An object store serves whatever ``Content-Type`` and ``Cache-Control`` the
object was uploaded with; it has no ``types { }`` block and no ``map`` of
its own. These rules say, for a path of ``output/``, what ``deploy/nginx.conf``
makes nginx answer for it, so a bucket behind a CDN behaves like the tested
server. A change to one must be made to the other.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass

#: Types nginx sends with ``; charset=utf-8`` (its ``charset_types`` plus text/html).
_CHARSET_TYPES = {
    "text/html", "text/css", "text/plain", "text/xml", "text/xsl", "application/javascript",
    "text/javascript", "application/json", "application/atom+xml", "application/rss+xml",
    "application/feed+json", "image/svg+xml", "application/xml",
}

#: Suffix → type where the file name alone is ambiguous (feeds end in .xml or .json).
_TYPE_BY_SUFFIX = (
    (re.compile(r"\.atom\.xml$"), "application/atom+xml"),
    (re.compile(r"\.rss\.xml$"), "application/rss+xml"),
    (re.compile(r"^feeds/.+\.json$"), "application/feed+json"),
    (re.compile(r"\.xsl$"), "text/xsl"),
    (re.compile(r"\.xml$"), "text/xml"),
    (re.compile(r"\.js$"), "application/javascript"),
    (re.compile(r"\.pf_\w+$"), "application/octet-stream"),
)

#: The stylesheet is linked as ``site.css?v=<content hash>`` (briefing/fingerprint.py): a new version
#: is a new URL, so browsers and the CDN may keep it for a year. Add a folder here only when every
#: page links its files with ``|fingerprint``.
FINGERPRINTED = re.compile(r"^theme/css/")

#: Cache lifetimes by path, first match wins; the same as nginx's ``$briefing_cache_control`` map.
_CACHE_RULES = (
    (FINGERPRINTED, "public, max-age=31536000, immutable"),
    (re.compile(r"^theme/"), "public, max-age=86400"),
    (re.compile(r"^pagefind/"), "public, max-age=3600"),
    (re.compile(r"^feeds/"), "public, max-age=900"),
    (re.compile(r"^(sitemap\.xml|robots\.txt)"), "public, max-age=3600"),
)
#: Pages and everything else: a cache must ask again every time (an edit shows at once).
DEFAULT_CACHE = "no-cache"

#: The precompressed copies `make publish` writes beside each text file.
ENCODINGS = {".gz": "gzip", ".br": "br"}


@dataclass(frozen=True)
class Headers:
    content_type: str
    cache_control: str
    content_encoding: str | None = None


def content_type(path: str) -> str:
    """The type nginx (with Debian's mime.types and our ``location`` blocks) gives ``path``."""
    for pattern, kind in _TYPE_BY_SUFFIX:
        if pattern.search(path):
            break
    else:
        kind = mimetypes.guess_type(path, strict=False)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind in _CHARSET_TYPES else kind


def cache_control(path: str) -> str:
    for pattern, value in _CACHE_RULES:
        if pattern.search(path):
            return value
    return DEFAULT_CACHE


def compressed_original(path: str) -> tuple[str, str] | None:
    """``(original path, encoding)`` when ``path`` is a precompressed copy, else None."""
    for suffix, encoding in ENCODINGS.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], encoding
    return None


def headers_for(path: str) -> Headers:
    """Headers of the file at ``path`` (relative to output/, with ``/``); a ``.gz``/``.br`` copy is
    served as its original, with its encoding, so a CDN rule can pick it by ``Accept-Encoding``."""
    if (compressed := compressed_original(path)) is not None:
        original, encoding = compressed
        return Headers(content_type(original), cache_control(original), encoding)
    return Headers(content_type(path), cache_control(path))
