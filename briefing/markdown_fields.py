"""Markdown of bodies and front-matter fields, rendered with the site's own Markdown settings."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from markdown import Markdown

from .safety import sanitise, sanitise_body

_SINGLE_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)
#: Markdown passes an HTML comment on a line of its own through untouched: it separates fields
#: rendered in one pass.
_SPLIT_HTML = "<!--briefing-field-->"
_SPLIT_MARK = f"\n\n{_SPLIT_HTML}\n\n"


class FieldRenderer:
    """Turns a field's Markdown into safe HTML, as Pelican's Markdown reader would render a body."""

    def __init__(self, markdown_settings: Mapping[str, Any] | None = None):
        config = copy.deepcopy(dict(markdown_settings or {}))
        extensions = list(config.pop("extensions", []) or [])
        for name in (config.get("extension_configs") or {}):
            if name not in extensions:
                extensions.append(name)
        # Front matter is already parsed: a field is never itself front matter.
        extensions = [e for e in extensions if e != "markdown.extensions.meta"]
        self._md = Markdown(extensions=extensions, **config)

    def render(self, text: str) -> str:
        """Markdown as Pelican renders a body: the author's own HTML kept (not yet sanitised)."""
        return self._md.reset().convert(text)

    def body(self, text: str) -> str:
        """A post's body: its Markdown rendered, then sanitised as a body."""
        return sanitise_body(self.render(text))

    def render_many(self, texts: list[str]) -> list[str]:
        """Render several texts in one Markdown pass, each as if alone (else one pass each)."""
        if len(texts) < 2:
            return [self.render(t) for t in texts]
        parts = self.render(_SPLIT_MARK.join(texts)).split(_SPLIT_HTML)
        if len(parts) != len(texts):  # a text held raw HTML that swallowed a separator
            return [self.render(t) for t in texts]
        return [part.strip("\n") for part in parts]

    def blocks(self, texts: list[str]) -> list[str]:
        """Several fields' Markdown at once, each sanitised."""
        return [sanitise(html).strip() for html in self.render_many(texts)]

    def block(self, text: str) -> str:
        """One or more paragraphs (or lists, quotes) of a field's Markdown, sanitised."""
        return sanitise(self.render(text)).strip()


def unwrap(html: str) -> str:
    """A single line's HTML without the paragraph Markdown put around it."""
    match = _SINGLE_PARAGRAPH.match(html)
    return match.group(1) if match and "<p>" not in match.group(1) else html
