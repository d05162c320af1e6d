"""What may reach a reader: the one escaping rule and the one sanitiser of the project.

Every field of a briefing reaches readers through pages, lists, feeds, search
records and the newsletter. One rule holds for all of them:

- a **plain-text** field (title, tag, section, label, source name…) is text: it
  is escaped (:func:`escape_text`) before anything treats it as HTML, and a
  template escapes it by itself (Jinja's autoescape is on for every template);
- a **Markdown** field (summary, boxes, body) is rendered, then cleaned by
  :func:`sanitise`, which keeps only the tags prose needs;
- typography (typogrify) runs only on what is already escaped or sanitised, and
  adds only its own spans and entities;
- :func:`safe_html` marks the result as HTML for templates. Nothing else is
  marked safe, except Pelican's own ``content`` and ``summary`` of a post, which
  Pelican hands to templates as plain strings after our reader made them here
  (templates write those two with ``|safe``), and the JSON-LD data block, whose
  JSON escapes ``<``, ``>`` and ``&`` so nothing in it can end its ``<script>``
  (:func:`briefing.seo.script_json`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

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
#: A body may also hold what Markdown and its extensions write (headings with ids, footnotes,
#: definition lists, code blocks with a language class) and an author's figures and images.
BODY_TAGS = ALLOWED_TAGS | {
    "caption", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2", "h5", "h6", "hr", "img",
    "kbd", "mark", "samp", "span", "tfoot", "u", "var",
}
BODY_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "*": {"id", "class"},
    "img": {"src", "srcset", "alt", "title", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}

#: What ``escape_text`` replaces. A single quote is left for typogrify to curl into an apostrophe:
#: every attribute the project writes is double-quoted, so it cannot end one.
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape_text(text: object) -> str:
    """A plain-text field as HTML text: ``<``, ``>``, ``&`` and ``"`` become entities (typogrify still curls quotes)."""
    return str(text).translate(_TEXT_ESCAPES)


def _allowed_url(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return not scheme or scheme in LINK_SCHEMES


def _srcset(tag: str, attribute: str, value: str) -> str | None:
    """A ``srcset`` keeps only its candidates of an allowed scheme (the sanitiser checks ``src`` itself)."""
    if attribute != "srcset":
        return value
    kept = [c.strip() for c in value.split(",") if c.strip() and _allowed_url(c.split()[0])]
    return ", ".join(kept) or None


def sanitise(html: str) -> str:
    """Drop every tag, attribute and link scheme that is not plainly prose."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener",
    )


def sanitise_body(html: str) -> str:
    """The same cleaning for a post's body, which may also keep headings, figures, images and footnotes."""
    return nh3.clean(
        html,
        tags=set(BODY_TAGS),
        attributes={k: set(v) for k, v in BODY_ATTRIBUTES.items()},
        attribute_filter=_srcset,
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener",
    )


def safe_html(html: str) -> Markup:
    """Mark HTML made by :func:`escape_text` or :func:`sanitise` (then typogrified) as safe for templates.

    The only place the project's own HTML becomes ``Markup``: a template writes
    it as it is, and escapes any other value.
    """
    return Markup(html)
