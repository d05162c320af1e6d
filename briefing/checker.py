"""Everything wrong with a post, found in one run: the contract, the house style, a story already covered.

The contract is checked by :func:`briefing.schema.validate`, the very function
the build uses, so ``briefing check`` can never pass a post the build refuses.
Each finding carries the line of its key in the file and a fix an editor can
act on.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .draft import DRAFT_BODY
from .duplicates import Archive, Story
from .findings import ERROR, WARNING, Finding
from .markdown_fields import FieldRenderer
from .post import FrontMatterError
from .postfile import PostFile
from .schema import MAX_HIGHLIGHTS, SOURCE_KINDS, STATUSES, UPDATE_KINDS, BriefingInvalid, Problem, is_briefing, validate
from .style import StyleRules
from .text import plain_text

_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Located:
    """A finding in a file, at a line."""

    path: Path
    line: int
    finding: Finding

    def describe(self, shown: str) -> str:
        f = self.finding
        return f"{shown}:{self.line}: {f.level}: {f.key}: {f.message}\n    fix: {f.fix}"


def article_files(settings: Mapping[str, Any]) -> list[Path]:
    """Every post the build reads as an article (ARTICLE_PATHS under PATH), in a stable order."""
    root = Path(settings["PATH"])
    excludes = [root / e for e in settings.get("ARTICLE_EXCLUDES") or ()]
    found = set()
    for folder in settings.get("ARTICLE_PATHS") or [""]:
        base = root / folder
        if base.is_file():
            found.add(base)
        elif base.is_dir():
            found.update(p for p in base.rglob("*.md") if not any(e in p.parents for e in excludes))
    return sorted(found)


def contract_fix(problem: Problem, sections: list[str]) -> str:
    """What an editor does about one broken rule of the contract."""
    key = _INDEX.sub("", problem.key)
    message = problem.message
    if key == "category":
        got = re.search(r"got '(.*)'$", message)
        close = difflib.get_close_matches(got.group(1), sections, n=1, cutoff=0.6) if got else []
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"{hint}use one of the site's sections: {', '.join(sections)} (BRIEFING_SECTIONS in pelicanconf.py)"
    if key == "updates.date" and "before the briefing's date" in message:
        return "date the note on or after the day the briefing was published"
    if key in ("date", "modified", "updates.date"):
        return "write an ISO date, such as 2025-11-12 or 2025-11-12T09:30"
    if key == "highlights":
        return f"list 1 to {MAX_HIGHLIGHTS} highlights, one '- ' line each, in Markdown"
    if key.startswith("highlights"):
        return "write the highlight as Markdown text, or as text: ... with items: [...]"
    if key == "source.kind":
        return "use one of: " + ", ".join(SOURCE_KINDS)
    if key == "source.url":
        return "give the source's full address, starting with https://"
    if key.startswith("source"):
        return "give source: a name, and optionally url, kind, description and note"
    if key == "updates.kind":
        return "use one of: " + ", ".join(UPDATE_KINDS)
    if key.startswith("updates"):
        return 'add corrections with: briefing correct FILE "what was wrong, and what is right"'
    if key == "tags":
        return "write the tags as a list: tags: [Dysprosium, Lynas Rare Earths]"
    if key == "review":
        return "do what each review item asks, then delete the review list (or keep the post a draft: status: draft)"
    if key == "status":
        return "use one of: " + ", ".join(STATUSES)
    if key == "title":
        return "give the briefing a plain-text title"
    return "see the front-matter table in README.md"


class Checker:
    """Checks posts against one site's settings; the archive for duplicates is read once, when first needed."""

    def __init__(self, settings: Mapping[str, Any]):
        self.settings = settings
        self.sections = list(settings.get("BRIEFING_SECTIONS") or [])
        self.style = StyleRules.from_settings(settings)
        self.fields = FieldRenderer(settings.get("MARKDOWN"))
        self._archive: Archive | None = None

    def plain(self, markdown: str) -> str:
        return plain_text(self.fields.render(markdown))

    @property
    def archive(self) -> Archive:
        if self._archive is None:
            self._archive = read_archive(article_files(self.settings), Path(self.settings["PATH"]), self.settings)
        return self._archive

    def check_file(self, path: Path) -> list[Located]:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            return [Located(path, 1, Finding("file", f"not UTF-8 text ({error.reason} at byte {error.start})",
                                             "save the file as UTF-8"))]
        except OSError as error:
            return [Located(path, 1, Finding("file", f"cannot be read: {error.strerror or error}",
                                             "check the path and its permissions"))]
        try:
            post = PostFile.parse(text)
        except (FrontMatterError, ValueError) as error:
            return [Located(path, getattr(error, "line", None) or 1, Finding("front matter", str(error),
                            getattr(error, "fix", None) or
                            "start the file with '---', the keys as 'key: value' lines, then '---'"))]
        return sorted((Located(path, finding.line or post.line_of(finding.key), finding)
                       for finding in self.findings(path, post)), key=lambda located: located.line)

    def findings(self, path: Path, post: PostFile) -> list[Finding]:
        meta = post.meta
        found: list[Finding] = []
        if not is_briefing(meta):
            return found
        try:
            validate(meta, self.sections)
        except BriefingInvalid as invalid:
            found += [Finding(p.key, p.message, contract_fix(p, self.sections)) for p in invalid.problems]
        reported = {f.key for f in found}
        found += [f for f in self.style.check_presence(meta) + self.style.check(meta, self.plain) if f.key not in reported]
        if post.body.strip() == DRAFT_BODY.strip():
            found.append(Finding("body", "still the template's placeholder", "write the briefing's body in Markdown",
                                 WARNING if meta.get("status") == "draft" else ERROR, line=post.body_line))
        title = meta.get("title")
        if isinstance(title, str):
            story = story_of(path, post, Path(self.settings["PATH"]))
            for match in self.archive.duplicates_of(story):
                found.append(Finding(
                    "title",
                    f"likely duplicate of {match.earlier.name} ({plain_text(match.earlier.title)!r}, "
                    f"{match.earlier.date[:10]}): {match.describe()}",
                    "if it is the same story, add what is new to the earlier briefing (briefing correct --kind update)"
                    " and delete this one",
                    WARNING,
                ))
        return found


def read_archive(paths: Iterable[Path], base: Path, settings: Mapping[str, Any]) -> Archive:
    """The published briefings among ``paths``, named relative to ``base`` (the content folder)."""
    stories = []
    for path in paths:
        try:
            post = PostFile.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, FrontMatterError, ValueError):
            continue  # reported when the post itself is checked
        if post.meta.get("status") != "draft" and is_briefing(post.meta):
            stories.append(story_of(path, post, base))
    return Archive(stories, settings)


def story_of(path: Path, post: PostFile, base: Path) -> Story:
    """What of a post the duplicate finder compares, named by its path under ``base``."""
    try:
        name = path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        name = os.path.relpath(path)
    date = post.meta.get("date")
    title = post.meta.get("title")
    return Story(name, title if isinstance(title, str) else "", post.body,
                 date.isoformat() if hasattr(date, "isoformat") else str(date or ""))
