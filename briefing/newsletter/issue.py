"""What one issue holds: the week's published briefings, and the editor's note.

Items are taken from the articles of a Pelican build, after the boxes plugin
has given each its ``article.briefing`` parts, so the highlights and takeaway
an issue shows are the same typogrified, sanitised HTML as the site's boxes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..safety import safe_html, sanitise
from ..text import plain_text
from ..urls import absolutize_html
from .weeks import IsoWeek


@dataclass(frozen=True)
class IssueItem:
    """One briefing as an issue shows it. HTML fields are the site's own markup."""

    title: str
    url: str
    date: _dt.datetime
    locale_date: str
    updated: _dt.datetime
    section: str
    section_url: str
    highlights_label: str
    highlights: str
    takeaway_label: str
    takeaway: str

    @classmethod
    def from_article(cls, article: Any, labels: Mapping[str, str]) -> IssueItem:
        boxes = article.briefing
        return cls(
            title=article.title,
            url=article.url,
            date=article.date,
            locale_date=article.locale_date,
            updated=getattr(article, "modified", None) or article.date,
            section=article.category.name,
            section_url=article.category.url,
            highlights_label=labels.get("highlights", "Highlights"),
            highlights=boxes.highlights_list,
            takeaway_label=boxes.takeaway_label,
            takeaway=boxes.takeaway_body,
        )

    def absolute(self, siteurl: str) -> IssueItem:
        """This item with every link in its highlights and takeaway resolved against its own page."""
        page = f"{siteurl}/{self.url}"
        return replace(self, highlights=safe_html(absolutize_html(self.highlights, page)),
                       takeaway=safe_html(absolutize_html(self.takeaway, page)))


@dataclass(frozen=True)
class Note:
    """The editor's note that opens an issue, and an optional subject line of the editor's choosing."""

    html: str
    subject: str | None = None


@dataclass(frozen=True)
class Issue:
    week: IsoWeek
    items: tuple[IssueItem, ...]
    note: Note | None
    url: str
    save_as: str

    @property
    def title(self) -> str:
        """Plain text: the subject of the email and the title of the feed entry."""
        if self.note and self.note.subject:
            return self.note.subject
        lead = plain_text(self.items[0].title)
        more = len(self.items) - 1
        return f"{self.week.label}: {lead}" + (f" (+{more} more)" if more else "")

    def absolute(self, siteurl: str) -> Issue:
        """This issue with every link in its note and items absolute, for a feed reader or a mail client."""
        note = self.note and replace(self.note, html=safe_html(absolutize_html(self.note.html, f"{siteurl}/{self.url}")))
        return replace(self, note=note, items=tuple(item.absolute(siteurl) for item in self.items))

    @property
    def count_label(self) -> str:
        return count_briefings(len(self.items))

    @property
    def updated(self) -> _dt.datetime:
        return max(item.updated for item in self.items)


def count_briefings(number: int) -> str:
    return f"{number} briefing" + ("" if number == 1 else "s")


def _is_briefing(article: Any) -> bool:
    return getattr(article, "briefing", None) is not None


def collect_issues(
    articles: Iterable[Any],
    settings: Mapping[str, Any],
    read_note: Callable[[IsoWeek], Note | None],
) -> list[Issue]:
    """Every week that has published briefings, as an issue, newest week first.

    ``articles`` are a build's published articles; ordinary posts (no boxes)
    are not briefings and stay out of the newsletter. Within an issue the newest
    briefing leads, as on the home page.
    """
    labels = settings.get("BRIEFING_LABELS") or {}
    by_week: dict[IsoWeek, list[Any]] = {}
    for article in articles:
        if _is_briefing(article):
            by_week.setdefault(IsoWeek.of(article.date), []).append(article)
    issues = []
    for week in sorted(by_week, reverse=True):
        week_articles = sorted(by_week[week], key=lambda a: a.date, reverse=True)
        issues.append(
            Issue(
                week=week,
                items=tuple(IssueItem.from_article(a, labels) for a in week_articles),
                note=read_note(week),
                url=settings["NEWSLETTER_URL"].format(slug=week.slug),
                save_as=settings["NEWSLETTER_SAVE_AS"].format(slug=week.slug),
            )
        )
    return issues


def note_from_content(content: Any) -> Note:
    """A note read by Pelican's readers: its HTML, kept to prose, and its ``subject``, if any."""
    subject = content.metadata.get("subject")
    # The subject is plain text (briefing/safety.py): its spaces folded for a header, nothing stripped.
    return Note(html=safe_html(sanitise(content.content)), subject=" ".join(str(subject).split()) if subject else None)
