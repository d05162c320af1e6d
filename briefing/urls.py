"""Absolute URLs for what is read away from the site (feeds, email): their base, and links inside HTML.

A feed is read away from the site, by a reader that may ignore ``xml:base``,
so every URL in it is absolute: entry links, the self link, and every ``href``
and ``src`` inside an entry's content. Local builds have no SITEURL (their
pages use relative URLs), yet their feeds must be valid too: their base is
``FEED_DOMAIN``, which pelicanconf sets to the site's public address.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

import lxml.html

#: Attributes holding one URL, besides those lxml already knows (href, src, cite ...).
_SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
_URL_ATTRIBUTES = ("poster",)


def feed_base(settings: Mapping[str, Any]) -> str:
    """The absolute base of every URL in the feeds, without a trailing slash."""
    base = str(settings.get("FEED_DOMAIN") or settings.get("SITEURL") or "").rstrip("/")
    if not base and settings.get("SITE_DOMAIN"):
        base = f"https://{settings['SITE_DOMAIN']}"
    if not base.startswith(("https://", "http://")):
        raise ValueError(
            "feeds need an absolute base URL: set FEED_DOMAIN or SITEURL "
            f"to an http(s) address (got {base!r})"
        )
    return base


def absolute(base: str, path: str) -> str:
    """``path`` (a site URL such as ``2025/slug/``) under ``base``."""
    return urljoin(base + "/", str(path).lstrip("/")) if path else base + "/"


def relative_href(from_path: str, to_path: str) -> str:
    """The relative URL from the file at ``from_path`` to the file at ``to_path`` (both site paths)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def _resolve_srcset(value: str, page_url: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            candidates.append(" ".join([urljoin(page_url, parts[0]), *parts[1:]]))
    return ", ".join(candidates)


#: The elements carrying one of those attributes, found by libxml2 rather than by a Python loop over
#: every element of the fragment (half the cost of making an entry's links absolute).
_OTHER_LINKS = "descendant-or-self::*[{}]".format(
    " or ".join(f"@{name}" for name in (*_SRCSET_ATTRIBUTES, *_URL_ATTRIBUTES)))


def _absolutize(root, page_url: str) -> None:
    root.rewrite_links(lambda url: urljoin(page_url, url.strip()), resolve_base_href=False)
    for element in root.xpath(_OTHER_LINKS):
        for name in _SRCSET_ATTRIBUTES:
            if element.get(name):
                element.set(name, _resolve_srcset(element.get(name), page_url))
        for name in _URL_ATTRIBUTES:
            if element.get(name):
                element.set(name, urljoin(page_url, element.get(name).strip()))


def absolutize_document(document: str, page_url: str) -> str:
    """A whole HTML document (an email) with every relative URL resolved against ``page_url``."""
    root = lxml.html.document_fromstring(document)
    _absolutize(root, page_url)
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def absolutize_html(fragment: str, page_url: str) -> str:
    """``fragment`` with every relative URL in it resolved against ``page_url``.

    Parsed as HTML (libxml2's HTML5 tokenizer through lxml), never with
    regular expressions, so any attribute quoting and any markup is handled.
    """
    if not fragment or not fragment.strip():
        return fragment or ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    _absolutize(root, page_url)
    leading = html.escape(root.text or "", quote=False)
    return leading + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
