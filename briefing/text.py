"""Plain text out of typogrified HTML, for places that take no markup.

Typogrify wraps capitals in ``<span>`` and glues the last two words of a title
with a no-break space; a ``<title>``, a meta description or a feed title must
carry neither.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]*>")
#: Tags that end a block of text: where one stands, two words must not run together
#: (``…clear</li><li>It…`` is "clear It", not "clearIt"), while an inline tag such as
#: typogrify's caps span sits inside a word's run and leaves nothing.
_BLOCK_TAG = re.compile(
    r"</?(?:p|li|ul|ol|dl|dt|dd|h[1-6]|div|br|hr|blockquote|aside|section|article|header|footer"
    r"|table|thead|tbody|tr|td|th|caption|figure|figcaption|pre|nav)\b[^>]*>",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")


def plain_text(markup: object) -> str:
    """The readable text of an HTML fragment: no tags, entities decoded, spaces folded."""
    text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", str(markup or ""))))
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()
