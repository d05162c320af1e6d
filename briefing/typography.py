"""Typogrify configured exactly as Pelican configures it for article bodies.

Boxes must read like the body around them (curly quotes, em dashes, caps
spans), so they go through the same filter with the same settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def typogrifier(settings: Mapping[str, Any]) -> Callable[[str], str]:
    """Return the text filter Pelican applies to content under ``settings``; identity when off."""
    if not settings.get("TYPOGRIFY"):
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
