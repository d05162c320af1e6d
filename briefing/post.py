"""One post file rendered whole: front matter, body, title, summary and boxes.

Everything that costs time for a post (YAML, Markdown, typogrify, the boxes)
happens here, in one place, so that it can run in a worker process and its
result can sit in Pelican's content cache: a rebuild reads a changed post
again and takes every other one from the cache, typography included.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from pelican.plugins.yaml_metadata.yaml_metadata import HEADER_RE, YAML_METADATA_PROCESSORS

from .boxes import BoxRenderer, Boxes, BoxSettings
from .markdown_fields import FieldRenderer
from .safety import escape_text, safe_html
from .schema import Briefing, BriefingInvalid, is_briefing, section_problem, validate
from .slugs import file_date, file_slug
from .typography import typogrifier, typogrify_many


#: libyaml's loader when PyYAML was built with it: the pure-Python one is a fifth of a build.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


#: Template of the page that stands, in the preview, for a post the build cannot use as it is.
ERROR_TEMPLATE = "build_error"
#: Metadata of such a page: whether the editor wrote the post as a draft (the page is one whatever it was).
DRAFT_KEY = "briefing_draft"


class FrontMatterError(ValueError):
    """A post file the build cannot read: why, the line where it went wrong (when known) and how to fix it."""

    def __init__(self, reason: str, fix: str | None = None, line: int | None = None):
        super().__init__(reason)
        self.reason, self.fix, self.line = reason, fix, line

    def describe(self, path: str) -> str:
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: cannot read this post: {self.reason}" + (f". Fix: {self.fix}" if self.fix else "")


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

    def error_page(self, relative_path: str) -> RenderedPost:
        """Make a post with problems a draft shown with the error template, and never lost.

        A draft is out of every list, section and feed, so a misspelt section
        makes no new one, and `make publish` (which writes no drafts, and fails
        on the problems anyway) never shows it. In the preview it is a page at
        ``drafts/<slug>/`` naming the file and what is wrong.
        """
        self.meta.update(status="draft", template=ERROR_TEMPLATE, **{DRAFT_KEY: self.meta.get("status") == "draft"})
        self.meta.setdefault("slug", file_slug(relative_path))
        if "date" not in self.meta and (day := file_date(relative_path)):  # sorted among the drafts by it
            self.meta["date"] = day
        if not isinstance(self.meta.get("title"), str) or not self.meta["title"].strip():
            self.meta["title"] = f"Untitled ({os.path.basename(relative_path)})"
            self.rendered.pop("title", None)
        self.rendered.setdefault("title", safe_html(escape_text(self.meta["title"])))
        return self


def read_post_file(path: str) -> str:
    """A post's text, as Pelican reads it (UTF-8, a byte-order mark dropped); FrontMatterError if it is not UTF-8."""
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FrontMatterError(
            f"the file is not UTF-8 text (byte {data[error.start]:#04x} cannot be decoded)",
            "save the file as UTF-8 (most editors offer it in their Save As dialog)", line) from None


def split_front_matter(text: str) -> tuple[dict[str, Any], str] | None:
    """The YAML mapping and the Markdown body, or None when the file has no YAML header.

    Raises FrontMatterError naming the line when the header is not YAML, not a
    mapping, or holds a date that is no date.
    """
    match = HEADER_RE.fullmatch(text)  # pelican-yaml-metadata's own front-matter fence
    if not match:
        return None
    header = match.group("metadata")
    first = text.count("\n", 0, match.start("metadata")) + 1  # the file's line of the header's first line
    try:
        meta = yaml.load(header, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise FrontMatterError(
            f"the front matter is not valid YAML: {problem}",
            "check that line (and the one above): a value with a colon or starting with a quote needs quotes "
            "around it, and a list's items line up under one another",
            first + mark.line if mark is not None else None) from None
    except ValueError as error:  # a YAML timestamp that is no real date (2025-13-45)
        key, line = _failing_timestamp(header)
        raise FrontMatterError(
            f"{key or 'a date'}: not a real date ({error})",
            "write the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2025-11-10T09:00",
            first + line if line is not None else None) from None
    if not isinstance(meta, dict):
        raise FrontMatterError(
            "the front matter is not a mapping of keys to values",
            "write one `key: value` per line between the two `---` lines", first)
    meta = {str(k).lower(): v for k, v in meta.items() if v is not None}
    for key in ("date", "modified"):  # the dates Pelican itself must read, or it drops the post
        if key in meta:
            try:
                YAML_METADATA_PROCESSORS[key](meta[key], None)
            except ValueError:
                line = _key_lines(header).get(key)
                raise FrontMatterError(
                    f"{key}: {str(meta[key])!r} is not a date",
                    "write the date as YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2025-11-10T09:00",
                    first + line if line is not None else None) from None
    return meta, match.group("content")


def _top_level(header: str) -> list[tuple[yaml.Node, yaml.Node]]:
    node = yaml.compose(header, Loader=_Loader)  # noqa: S506 - composing builds no objects
    return node.value if isinstance(node, yaml.MappingNode) else []


def _key_lines(header: str) -> dict[str, int]:
    """The line (counted from the header's first) of each top-level key."""
    return {str(k.value).lower(): k.start_mark.line for k, _ in _top_level(header)}


def _failing_timestamp(header: str) -> tuple[str | None, int | None]:
    """The key and line of the first value YAML takes for a date but cannot make one of."""
    for key, value in _top_level(header):
        if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":timestamp"):
            try:
                yaml.load(value.value, Loader=_Loader)  # noqa: S506 - a safe loader
            except ValueError:
                return str(key.value), value.start_mark.line
    return None, None


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

    def render_file(self, path: str, relative_path: str) -> RenderedPost | None:
        """Render a post file; a file the build cannot read becomes a page saying why (see :func:`error_page`)."""
        try:
            return self.render_text(read_post_file(path), relative_path)
        except FrontMatterError as error:
            return RenderedPost(content="", meta={"title": f"Cannot read {os.path.basename(relative_path)}"},
                                problems=[error.describe(relative_path)]).error_page(relative_path)

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
        elif "category" in meta and (wrong := section_problem(meta["category"], self.sections)):
            post.problems = [wrong.describe(relative_path)]
        return post.error_page(relative_path) if post.problems else post

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
