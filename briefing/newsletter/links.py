"""Absolute links, for HTML read away from the site: in a mail client or a feed reader.

A highlight or a note may link relatively (``/2025/…/``); an email has no page
to resolve that against, so every ``href`` and ``src`` is resolved against the
page it came from.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=)(["\'])(.*?)\2', re.IGNORECASE | re.DOTALL)


def absolute_url(url: str, base: str) -> str:
    return urljoin(base, url.strip())


def absolute_links(markup: str, base: str) -> str:
    """``markup`` with every href and src attribute made absolute against ``base``."""

    def resolve(match: re.Match) -> str:
        url = absolute_url(html.unescape(match.group(3)), base)
        return f'{match.group(1)}"{html.escape(url, quote=True)}"'

    return _URL_ATTRIBUTE.sub(resolve, markup)
