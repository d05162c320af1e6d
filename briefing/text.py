"""Plain text out of typogrified HTML, for places that take no markup.

Typogrify wraps capitals in ``<span>`` and glues the last two words of a title
with a no-break space; a ``<title>``, a meta description or a feed title must
carry neither.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def plain_text(markup: object) -> str:
    """The readable text of an HTML fragment: no tags, entities decoded, spaces folded."""
    text = html.unescape(_TAG.sub("", str(markup or "")))
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()
