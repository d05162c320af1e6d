"""Plain text out of typogrified HTML, for places that take no markup.

Typogrify wraps capitals in ``<span>`` and glues the last two words of a title
with a no-break space; a ``<title>``, a meta description or a feed title must
carry neither.
"""

from __future__ import annotations

import functools
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


#: Fragments up to this length are remembered: a title or summary is asked for again by every
#: list, hub, feed and newsletter that shows its briefing; a whole body is asked for once or twice.
_REMEMBERED_LENGTH = 2000


def plain_text(markup: object) -> str:
    """The readable text of an HTML fragment: no tags, entities decoded, spaces folded."""
    text = str(markup or "")
    return _remembered(text) if len(text) <= _REMEMBERED_LENGTH else _plain(text)


def _plain(text: str) -> str:
    text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", text)))
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()


_remembered = functools.lru_cache(maxsize=16384)(_plain)
