"""A briefing's entry in a list, rendered once per list page depth and reused by every list.

A briefing appears in many lists of one build: the home page's pages, its
section's, each of its tags' and hubs', and the related briefings of several
article pages. Its entry (``partials/briefing_item.html``) is the same in all
of them but for the relative address of the page it is written on (``SITEURL``),
so it is rendered once per such address and heading level, and copied after.

The memory lasts one build (:func:`forget`, called as each build starts): under
the devserver an edited briefing must be rendered afresh.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

TEMPLATE = "partials/briefing_item.html"

#: (id of the briefing, SITEURL, page's local site URL, level, without summary) -> (briefing, HTML).
#: The briefing is kept with its HTML, so that its id cannot be taken by another object meanwhile.
_rendered: dict[tuple, tuple[Any, Markup]] = {}


def forget() -> None:
    _rendered.clear()


@pass_context
def briefing_item(context, item: Any, level: int = 2, without_summaries: Any = False) -> Markup:
    """Jinja global: the ``<li>`` of ``item`` in a list of briefings (see the partial for what it shows)."""
    siteurl = context.get("SITEURL")
    key = (id(item), siteurl, context.get("localsiteurl"), level, bool(without_summaries))
    found = _rendered.get(key)
    if found is not None and found[0] is item:
        return found[1]
    template = context.environment.get_template(TEMPLATE)
    html = Markup(template.render(item=item, level=level, without_summaries=without_summaries, SITEURL=siteurl))
    _rendered[key] = (item, html)
    return html
