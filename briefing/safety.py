"""What HTML may survive into a page: the one sanitiser of the project.

Fields of a briefing are Markdown, and Markdown passes raw HTML through; an
imported or hand-edited field could therefore smuggle a ``<script>`` or an
``onerror=`` into every page and feed entry. Everything a field renders to goes
through :func:`sanitise`, which keeps only the tags prose needs.
"""

from __future__ import annotations

import nh3

from .schema import LINK_SCHEMES

#: Tags a rendered field may keep: inline prose, lists, quotes, simple tables.
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "h3", "h4",
        "i", "ins", "li", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup",
        "table", "tbody", "td", "th", "thead", "tr", "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": {"colspan"}}


def sanitise(html: str) -> str:
    """Drop every tag, attribute and link scheme that is not plainly prose."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener",
    )
