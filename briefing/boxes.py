"""The boxes of a briefing: Highlights, Why newsworthy?, Takeaway and Source.

Each box is an ``<aside>`` with a class of its kind and a real heading, so that
it reads well with no CSS at all, as in a feed reader. An ``<aside>`` inside the
``<article>`` is not a landmark, so a page may hold several without confusing
screen readers.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .markdown_fields import FieldRenderer
from .schema import DEFAULT_VERIFY_KINDS, SOURCE_KIND_LABELS, Briefing

DEFAULT_LABELS = {
    "highlights": "Highlights",
    "why_newsworthy": "Why newsworthy?",
    "takeaway": "Takeaway",
    "source": "Source",
}
DEFAULT_CAUTION = "This source has an interest in the story; verify its claims independently."


@dataclass(frozen=True)
class BoxSettings:
    """What a site may change about its boxes (BRIEFING_* settings)."""

    labels: Mapping[str, str]
    caution: str
    verify_kinds: frozenset[str]
    heading_level: int = 2

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> BoxSettings:
        return cls(
            labels={**DEFAULT_LABELS, **(settings.get("BRIEFING_LABELS") or {})},
            caution=settings.get("BRIEFING_CAUTION") or DEFAULT_CAUTION,
            verify_kinds=frozenset(settings.get("BRIEFING_VERIFY_KINDS", DEFAULT_VERIFY_KINDS)),
            heading_level=int(settings.get("BRIEFING_HEADING_LEVEL", 2)),
        )


@dataclass(frozen=True)
class Boxes:
    """A briefing's rendered parts; each is also reachable alone from templates."""

    highlights: str = ""
    highlights_list: str = ""
    why_newsworthy: str = ""
    takeaway: str = ""
    #: The takeaway's heading and its rendered text alone, for layouts of their own (the email).
    takeaway_label: str = ""
    takeaway_body: str = ""
    source: str = ""
    summary: str = ""
    needs_verification: bool = False

    @property
    def before(self) -> str:
        """What goes before the body."""
        return self.highlights

    @property
    def after(self) -> str:
        """What goes after the body, in reading order."""
        return "".join(box for box in (self.why_newsworthy, self.takeaway, self.source) if box)

    def wrap(self, body: str) -> str:
        return self.before + body + self.after


class BoxRenderer:
    """Renders Briefings into Boxes with one site's Markdown, typography and labels."""

    def __init__(
        self,
        fields: FieldRenderer,
        typogrify: Callable[[str], str],
        settings: BoxSettings,
    ):
        self.fields = fields
        self.typogrify = typogrify
        self.settings = settings

    def render(self, briefing: Briefing) -> Boxes:
        highlights_list = self._highlights_list(briefing)
        takeaway_label = briefing.takeaway_label or self.settings.labels["takeaway"]
        takeaway_body = self.typogrify(self.fields.block(briefing.takeaway)) if briefing.takeaway else ""
        verify = bool(briefing.source and briefing.source.kind in self.settings.verify_kinds)
        first = briefing.highlights[0].text if briefing.highlights else ""
        return Boxes(
            highlights=self._box("highlights", self.settings.labels["highlights"], highlights_list),
            highlights_list=highlights_list,
            why_newsworthy=self._markdown_box("why-newsworthy", self.settings.labels["why_newsworthy"], briefing.why_newsworthy),
            takeaway=self._box("takeaway", takeaway_label, takeaway_body),
            takeaway_label=self.typogrify(html.escape(takeaway_label, quote=False)) if takeaway_body else "",
            takeaway_body=takeaway_body,
            source=self._source_box(briefing, verify),
            summary=self.typogrify(self.fields.inline(first)) if first else "",
            needs_verification=verify,
        )

    def _heading(self, label: str) -> str:
        level = self.settings.heading_level
        return f"<h{level}>{self.typogrify(html.escape(label, quote=False))}</h{level}>"

    def _box(self, kind: str, label: str, inner: str, extra_class: str = "") -> str:
        if not inner:
            return ""
        classes = f"briefing-box briefing-{kind}{extra_class}"
        return f'<aside class="{classes}">\n{self._heading(label)}\n{inner}\n</aside>\n'

    def _markdown_box(self, kind: str, label: str, text: str | None) -> str:
        return self._box(kind, label, self.typogrify(self.fields.block(text)) if text else "")

    def _highlights_list(self, briefing: Briefing) -> str:
        if not briefing.highlights:
            return ""
        items = []
        for highlight in briefing.highlights:
            inner = self.fields.inline(highlight.text)
            if highlight.items:
                subs = "".join(f"<li>{self.fields.inline(i)}</li>" for i in highlight.items)
                inner += f"\n<ul>{subs}</ul>"
            items.append(f"<li>{inner}</li>")
        return self.typogrify('<ul class="briefing-highlights-list">\n' + "\n".join(items) + "\n</ul>")

    def _source_box(self, briefing: Briefing, verify: bool) -> str:
        source = briefing.source
        if source is None:
            return ""
        name = html.escape(source.name, quote=False)
        if source.url:
            name = f'<a href="{html.escape(source.url, quote=True)}">{name}</a>'
        line = name
        if source.description:
            line += f", {html.escape(source.description, quote=False)}"
        kind_label = SOURCE_KIND_LABELS.get(source.kind, source.kind)
        parts = [
            f'<p class="briefing-source-name">{line} '
            f'<span class="briefing-source-kind">({html.escape(kind_label, quote=False)})</span></p>'
        ]
        if verify:
            note = self.fields.inline(source.note) if source.note else html.escape(self.settings.caution, quote=False)
            parts.append(f'<p class="briefing-caution"><strong>Verify independently:</strong> {note}</p>')
        elif source.note:
            parts.append(f'<p class="briefing-source-note">{self.fields.inline(source.note)}</p>')
        inner = self.typogrify("\n".join(parts))
        extra = " briefing-source--verify" if verify else ""
        return self._box("source", self.settings.labels["source"], inner, extra)
