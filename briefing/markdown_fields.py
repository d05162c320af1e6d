"""Markdown of front-matter fields, rendered with the site's own Markdown settings."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from markdown import Markdown

from .safety import sanitise

_SINGLE_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)


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

    def block(self, text: str) -> str:
        """One or more paragraphs (or lists, quotes) of Markdown."""
        return sanitise(self._md.reset().convert(text)).strip()

    def inline(self, text: str) -> str:
        """A single line of Markdown, without the paragraph around it."""
        html = self.block(text)
        match = _SINGLE_PARAGRAPH.match(html)
        return match.group(1) if match and "<p>" not in match.group(1) else html
