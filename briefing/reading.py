"""Reading time of a briefing, as news sites show it ("3 min read").

Written here rather than taken from a plugin: the one on offer counts the
words of the raw HTML, tags included, and rounds a short briefing down to
"0 minutes". A briefing is read with its boxes, so they count.
"""

from __future__ import annotations

import math

from .text import plain_text

#: Words a minute for attentive reading of dense, factual prose.
WORDS_PER_MINUTE = 220


def reading_minutes(html: object, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes to read ``html`` (at least one)."""
    return max(1, math.ceil(len(plain_text(html).split()) / words_per_minute))
