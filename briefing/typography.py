"""Typogrify configured exactly as Pelican configures it for article bodies.

Boxes must read like the body around them (curly quotes, em dashes, caps
spans), so they go through the same filter with the same settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def typogrifier(settings: Mapping[str, Any]) -> Callable[[str], str]:
    """Return the typography filter for ``settings``; identity when off.

    BRIEFING_TYPOGRIFY switches it when set: the project turns Pelican's own
    pass off (TYPOGRIFY = False) and typogrifies in its reader instead, where
    the result can be cached and computed in parallel.
    """
    if not settings.get("BRIEFING_TYPOGRIFY", settings.get("TYPOGRIFY")):
        return lambda text: text
    import smartypants
    from typogrify.filters import typogrify

    dashes = settings.get("TYPOGRIFY_DASHES", "default")
    attr = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}.get(
        dashes, smartypants.Attr.set1
    )
    ignore = settings.get("TYPOGRIFY_IGNORE_TAGS", [])
    omit = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", []), False)

    def apply(text: str) -> str:
        # Pelican sets this module-wide default before each read; set it the same way.
        smartypants.Attr.default = attr | smartypants.Attr.w
        return typogrify(text, ignore, **omit)

    return apply


#: Between pieces typogrified in one pass: a comment is a tag to typogrify, and the line breaks
#: around it give each piece the same start and end it would have alone.
SPLIT = "\n<!--briefing-split-->\n"


def typogrify_many(typogrify: Callable[[str], str], pieces: list[str]) -> list[str]:
    """Typogrify several HTML pieces in one call; each comes back as if filtered alone.

    One call per post instead of a dozen: typogrify's cost is mostly per call.
    A piece that could swallow the separator (an unclosed tag) falls back to
    one call per piece.
    """
    if len(pieces) < 2:
        return [typogrify(p) for p in pieces]
    joined = typogrify(SPLIT.join(pieces)).split(SPLIT)
    return joined if len(joined) == len(pieces) else [typogrify(p) for p in pieces]
