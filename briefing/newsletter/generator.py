"""The web edition of the newsletter, as a Pelican generator.

It runs after the articles are read (and given their boxes), and writes, with
the theme's templates and Pelican's Writer, one page per ISO week (and per day,
for a daily edition) that has briefings, an archive of every issue, and one
Atom feed of issues. The email
edition (:mod:`.build`) renders from the same :class:`~.issue.Issue` objects.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
from pathlib import Path

from feedgenerator import Atom1Feed
from pelican.contents import Page
from pelican.generators import Generator
from pelican.utils import sanitised_join

from ..feeds.ids import TagAuthority
from ..text import plain_text
from ..urls import feed_base
from .editions import Period, period_of_note
from .issue import Issue, Note, collect_issues, note_from_content
from .record import build_stamp, write_record

log = logging.getLogger(__name__)


class NewsletterGenerator(Generator):
    """Issues of the newsletter, collected from the build's articles."""

    def generate_context(self) -> None:
        self.issues: list[Issue] = collect_issues(self.context.get("articles", []), self.settings, self.read_note)
        self.context["newsletter_issues"] = self.issues
        self._check_notes()

    def _check_notes(self) -> None:
        """A note whose name is not a week's or a day's (``2025-w47.md``, ``2025-11-10.md``) would never be read: say so."""
        folder = os.path.join(self.path, self.settings["NEWSLETTER_NOTES_PATH"])
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            stem, extension = os.path.splitext(name)
            if extension != ".md" or stem.lower() == "readme":
                continue
            if period_of_note(stem) is None:
                log.warning("%s/%s: no issue reads this note: name it after its week or day, like 2025-w47.md"
                            " or 2025-11-10.md",
                            self.settings["NEWSLETTER_NOTES_PATH"], name)

    def read_note(self, period: Period) -> Note | None:
        """The editor's note for ``period`` (``<NEWSLETTER_NOTES_PATH>/2025-w47.md``), read like any post."""
        relative = os.path.join(self.settings["NEWSLETTER_NOTES_PATH"], f"{period.slug}.md")
        if not os.path.isfile(os.path.join(self.path, relative)):
            return None
        content = self.readers.read_file(base_path=self.path, path=relative, content_class=Page, context=self.context)
        return note_from_content(content)

    def issue(self, period: Period) -> Issue | None:
        return next((issue for issue in self.issues if issue.period == period), None)

    def generate_output(self, writer) -> None:
        relative = bool(self.settings.get("RELATIVE_URLS"))
        template = self.get_template("newsletter")
        for kind in sorted({issue.period.kind for issue in self.issues}):
            # Older and newer link issues of the same edition: a daily reader goes day to day.
            issues = [issue for issue in self.issues if issue.period.kind == kind]
            for number, issue in enumerate(issues):
                writer.write_file(
                    issue.save_as,
                    template,
                    self.context,
                    relative_urls=relative,
                    url=issue.url,
                    issue=issue,
                    newer_issue=issues[number - 1] if number else None,
                    older_issue=issues[number + 1] if number + 1 < len(issues) else None,
                )
        writer.write_file(
            self.settings["NEWSLETTER_ARCHIVE_SAVE_AS"],
            self.get_template("newsletter_index"),
            self.context,
            relative_urls=relative,
            url=self.settings["NEWSLETTER_ARCHIVE_URL"],
        )
        if self.settings.get("NEWSLETTER_FEED_ATOM") and self.issues:
            self._write_feed()
        if self.settings.get("NEWSLETTER_RECORD"):
            self._write_record()

    def _write_record(self) -> None:
        """The issues with the stamp of what made them, for ``make newsletter`` to reuse (:mod:`.record`)."""
        now = _dt.datetime.now(_dt.UTC)
        future = [d.date for d in self.context.get("drafts", []) if d.date > now]
        target = sanitised_join(self.output_path, self.settings["NEWSLETTER_RECORD"])
        write_record(Path(target), build_stamp(self.settings), self.issues, min(future, default=None))

    def feed_base(self) -> str:
        return feed_base(self.settings)

    def _tag(self, specific: str) -> str:
        return TagAuthority.from_settings(self.settings).tag(specific)

    def _write_feed(self) -> None:
        base = self.feed_base()
        path = self.settings["NEWSLETTER_FEED_ATOM"]
        sitename = plain_text(self.settings["SITENAME"])
        feed = Atom1Feed(
            title=f"{sitename}: the newsletter",
            link=f"{base}/{self.settings['NEWSLETTER_ARCHIVE_URL']}",
            feed_url=f"{base}/{path}",
            description=f"The briefings from {sitename}, an issue at a time.",
            language=self.settings.get("DEFAULT_LANG"),
            feed_guid=self._tag("feed/newsletter"),
            author_name=sitename,
        )
        body = self.get_template("newsletter_body")
        for issue in self.issues[: self.settings.get("FEED_MAX_ITEMS") or None]:
            feed.add_item(
                title=issue.title,
                link=f"{base}/{issue.url}",
                unique_id=self._tag(f"newsletter/{issue.period.slug}"),
                description=f"{issue.period.dates_label}: {issue.count_label}.",
                content=body.render({**self.context, "SITEURL": base, "issue": issue.absolute(base)}),
                pubdate=min(item.date for item in issue.items),
                updateddate=issue.updated,
            )
        target = sanitised_join(self.output_path, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as out:
            feed.write(out, "utf-8")
