"""Typogrify configured exactly as Pelican configures it for article bodies.

Boxes must read like the body around them (curly quotes, em dashes, caps
spans), so they go through the same filter with the same settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


#: typogrify's filters in the order its ``applyfilters`` runs them; TYPOGRIFY_OMIT_FILTERS names some.
FILTERS = ("amp", "smartypants", "caps", "initial_quotes", "widont")


def typogrifier(settings: Mapping[str, Any]) -> Callable[[str], str]:
    """Return the typography filter for ``settings``; identity when off.

    BRIEFING_TYPOGRIFY switches it when set: the project turns Pelican's own
    pass off (TYPOGRIFY = False) and typogrifies in its reader instead, where
    the result can be cached and computed in parallel.

    The filter is ``typogrify.filters.typogrify(text, TYPOGRIFY_IGNORE_TAGS,
    **omitted)`` byte for byte, with typogrify's own ``process_ignores``,
    amp, caps, initial_quotes and widont in typogrify's order; only its
    smartypants step is :func:`briefing.smartypants_skip.smartypants`, which
    skips the library's conversions on text runs they cannot change (about a
    third of a post's rendering time, issue 19).
    """
    if not settings.get("BRIEFING_TYPOGRIFY", settings.get("TYPOGRIFY")):
        return lambda text: text
    import smartypants
    from typogrify import filters

    from .smartypants_skip import smartypants as skipping_smartypants

    dashes = settings.get("TYPOGRIFY_DASHES", "default")
    attr = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}.get(
        dashes, smartypants.Attr.set1
    ) | smartypants.Attr.w
    ignore = settings.get("TYPOGRIFY_IGNORE_TAGS", [])
    omitted = list(settings.get("TYPOGRIFY_OMIT_FILTERS", []))
    steps = {
        "amp": filters.amp,
        "smartypants": lambda text: skipping_smartypants(text, attr),
        "caps": filters.caps,
        "initial_quotes": filters.initial_quotes,
        "widont": filters.widont,
    }
    chain = [steps[name] for name in FILTERS if name not in omitted]

    def apply(text: str) -> str:
        # Pelican sets this module-wide default before each read; set it the same way, so
        # typogrify called from anywhere else in the process (or below) curls alike.
        smartypants.Attr.default = attr
        pieces = []
        for piece, process in filters.process_ignores(text, ignore):
            if process:
                for step in chain:
                    piece = step(piece)
            pieces.append(piece)
        return "".join(pieces)

    def library(text: str) -> str:
        smartypants.Attr.default = attr
        return filters.typogrify(text, ignore, **dict.fromkeys(omitted, False))

    # A name typogrify does not know makes it raise TypeError (when there is text to filter):
    # the library itself then, so the error stays the library's.
    return apply if set(omitted) <= set(FILTERS) else library


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
