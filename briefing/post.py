"""One post file rendered whole: front matter, body, title, summary and boxes.

Everything that costs time for a post (YAML, Markdown, typogrify, the boxes)
happens here, in one place, so that it can run in a worker process and its
result can sit in Pelican's content cache: a rebuild reads a changed post
again and takes every other one from the cache, typography included.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from pelican.plugins.yaml_metadata.yaml_metadata import HEADER_RE

from .boxes import BoxRenderer, Boxes, BoxSettings
from .markdown_fields import FieldRenderer
from .safety import escape_text, safe_html
from .schema import Briefing, BriefingInvalid, is_briefing, validate
from .typography import typogrifier, typogrify_many


#: libyaml's loader when PyYAML was built with it: the pure-Python one is a fifth of a build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(ValueError):
    """Front matter that is not a YAML mapping."""


@dataclass
class RenderedPost:
    """A post ready for Pelican: HTML (typogrified), raw front matter, and what was wrong with it."""

    content: str
    #: Front matter as YAML gave it, minus the fields rendered below.
    meta: dict[str, Any]
    #: Fields rendered to HTML: title, summary (and any other formatted field).
    rendered: dict[str, str] = field(default_factory=dict)
    boxes: Boxes | None = None
    problems: list[str] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[dict[str, Any], str] | None:
    """The YAML mapping and the Markdown body, or None when the file has no YAML header."""
    match = HEADER_RE.fullmatch(text)  # pelican-yaml-metadata's own front-matter fence
    if not match:
        return None
    meta = yaml.load(match.group("metadata"), Loader=_Loader)  # noqa: S506 - a safe loader
    if not isinstance(meta, dict):
        raise FrontMatterError("the YAML header is not a mapping of keys to values")
    return {str(k).lower(): v for k, v in meta.items() if v is not None}, match.group("content")


def _moment(value: _dt.date) -> _dt.datetime:
    """A date or datetime as a naive datetime in the site's time (a date is its midnight)."""
    if isinstance(value, _dt.datetime):
        return value.replace(tzinfo=None)
    return _dt.datetime.combine(value, _dt.time())


def last_modified(briefing: Briefing) -> _dt.datetime | None:
    """When a briefing last changed, if a correction or update is later than its ``modified`` and ``date``.

    Its page's "Updated" line, its feed entries' ``updated`` and its JSON-LD's
    ``dateModified`` all follow ``modified``, so a correction moves them all.
    """
    if not briefing.updates:
        return None
    latest = max(_moment(update.date) for update in briefing.updates)
    known = max(_moment(d) for d in (briefing.date, briefing.modified) if d is not None)
    return latest if latest > known else None


class PostRenderer:
    """Renders post files for one site's settings. Build one per process and reuse it."""

    def __init__(self, settings: Mapping[str, Any]):
        self.fields = FieldRenderer(settings.get("MARKDOWN"))
        self.typogrify = typogrifier(settings)
        self.boxes = BoxRenderer(self.fields, self.typogrify, BoxSettings.from_settings(settings))
        self.sections = list(settings.get("BRIEFING_SECTIONS") or [])
        self.formatted = [f.lower() for f in settings.get("FORMATTED_FIELDS", ["summary"])]
        #: False switches the boxes (and the contract's checks) off: only for measuring what they cost.
        self.with_boxes = bool(settings.get("BRIEFING_BOXES", True))

    def render_text(self, text: str, relative_path: str) -> RenderedPost | None:
        """Render a post's text; None when it has no YAML header (Pelican's own reader takes it)."""
        parts = split_front_matter(text)
        if parts is None:
            return None
        meta, body = parts
        formatted = {}
        for name in self.formatted:
            value = meta.pop(name, None)
            if value is not None:
                formatted[name] = "\n".join(map(str, value)) if isinstance(value, list) else str(value)
        # The body alone (its footnotes and heading ids are its own), the formatted fields in one
        # Markdown pass, sanitised, and one typogrify pass for all of them and the title (plain text,
        # escaped first).
        html = [self.fields.body(body), *self.fields.blocks(list(formatted.values()))]
        title = meta.get("title") if isinstance(meta.get("title"), str) else None
        pieces = [*html, f"<h1>{escape_text(title)}</h1>"] if title is not None else html
        done = typogrify_many(self.typogrify, pieces)
        post = RenderedPost(
            content=done[0], meta=meta, rendered={name: safe_html(value) for name, value in zip(formatted, done[1:])}
        )
        if title is not None:
            post.rendered["title"] = safe_html(done[-1].removeprefix("<h1>").removesuffix("</h1>"))
        if self.with_boxes and is_briefing(meta):
            self._attach_boxes(post, relative_path)
        return post

    def _attach_boxes(self, post: RenderedPost, relative_path: str) -> None:
        check = {**post.meta, "summary": post.rendered.get("summary")}
        try:
            briefing = validate(check, self.sections)
        except BriefingInvalid as invalid:
            post.problems = [problem.describe(relative_path) for problem in invalid.problems]
            return
        post.boxes = self.boxes.render(briefing)
        post.content = post.boxes.wrap(post.content)
        modified = last_modified(briefing)
        if modified is not None:
            post.meta["modified"] = modified
        if "summary" not in post.rendered and post.boxes.summary:
            post.rendered["summary"] = safe_html(post.boxes.summary)
