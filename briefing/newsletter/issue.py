"""What one issue holds: the published briefings of its week or day, and the editor's note.

Items are taken from the articles of a Pelican build, after the boxes plugin
has given each its ``article.briefing`` parts, so the highlights, why
newsworthy, takeaway and source (with its caution) an issue shows are the very
typogrified, sanitised HTML of the site's boxes, never rendered a second time.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..safety import safe_html, sanitise
from ..schema import CORRECTION_KINDS
from ..text import plain_text
from ..urls import absolutize_html
from .editions import KINDS, Period, edition_kinds


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
    why_newsworthy_label: str
    why_newsworthy: str
    #: The Source box's text: the source's name and kind, and the caution when it needs verifying.
    source_label: str
    source: str
    needs_verification: bool

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
            why_newsworthy_label=boxes.why_newsworthy_label,
            why_newsworthy=boxes.why_newsworthy_body,
            source_label=boxes.source_label,
            source=boxes.source_body,
            needs_verification=boxes.needs_verification,
        )

    def absolute(self, siteurl: str) -> IssueItem:
        """This item with every link in its boxes resolved against its own page."""
        page = f"{siteurl}/{self.url}"
        return replace(self, **{name: safe_html(absolutize_html(getattr(self, name), page)) for name in _HTML_PARTS})


_HTML_PARTS = ("highlights", "takeaway", "why_newsworthy", "source")


@dataclass(frozen=True)
class IssueCorrection:
    """A correction, made in an issue's period, to a briefing an earlier issue carried."""

    title: str
    #: The note on its briefing's page (``…/#update-1``).
    url: str
    date: _dt.date
    #: "Corrected 12 November 2025: …", the site's own sanitised HTML.
    html: str

    def absolute(self, siteurl: str) -> IssueCorrection:
        return replace(self, html=safe_html(absolutize_html(self.html, f"{siteurl}/{self.url}")))


@dataclass(frozen=True)
class Note:
    """The editor's note that opens an issue, and an optional subject line of the editor's choosing."""

    html: str
    subject: str | None = None


@dataclass(frozen=True)
class Issue:
    period: Period
    items: tuple[IssueItem, ...]
    note: Note | None
    url: str
    save_as: str
    #: Corrections made in this issue's period to briefings of earlier issues, newest first.
    corrections: tuple[IssueCorrection, ...] = ()

    @property
    def title(self) -> str:
        """Plain text: the subject of the email and the title of the feed entry."""
        if self.note and self.note.subject:
            return self.note.subject
        lead = plain_text(self.items[0].title)
        more = len(self.items) - 1
        return f"{self.period.label}: {lead}" + (f" (+{more} more)" if more else "")

    def absolute(self, siteurl: str) -> Issue:
        """This issue with every link in its note and items absolute, for a feed reader or a mail client."""
        note = self.note and replace(self.note, html=safe_html(absolutize_html(self.note.html, f"{siteurl}/{self.url}")))
        return replace(self, note=note, items=tuple(item.absolute(siteurl) for item in self.items),
                       corrections=tuple(c.absolute(siteurl) for c in self.corrections))

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
    read_note: Callable[[Period], Note | None],
) -> list[Issue]:
    """Every week (and day, for a daily edition) that has published briefings, as an issue, newest first.

    ``articles`` are a build's published articles; ordinary posts (no boxes)
    are not briefings and stay out of the newsletter. Within an issue the newest
    briefing leads, as on the home page. A week's issue comes before the
    daily issue of its Sunday. An issue also notes the corrections made in its
    period to briefings that earlier issues carried, so readers who only read
    the email learn of them.
    """
    labels = settings.get("BRIEFING_LABELS") or {}
    briefings = [article for article in articles if _is_briefing(article)]
    corrections = _corrections(briefings)
    by_period: dict[Period, list[Any]] = {}
    for kind in edition_kinds(settings):
        for article in briefings:
            by_period.setdefault(KINDS[kind].of(article.date), []).append(article)
    issues = []
    for period in sorted(by_period, key=lambda p: (p.end, p.kind == "weekly"), reverse=True):
        period_articles = sorted(by_period[period], key=lambda a: a.date, reverse=True)
        issues.append(
            Issue(
                period=period,
                items=tuple(IssueItem.from_article(a, labels) for a in period_articles),
                note=read_note(period),
                url=settings["NEWSLETTER_URL"].format(slug=period.slug),
                save_as=settings["NEWSLETTER_SAVE_AS"].format(slug=period.slug),
                corrections=tuple(c for published, c in corrections
                                  if published < period.start and period.start <= c.date <= period.end),
            )
        )
    return issues


def _corrections(briefings: Iterable[Any]) -> list[tuple[_dt.date, IssueCorrection]]:
    """Every correction and clarification of a published briefing, with the day the briefing was published."""
    found = []
    for article in briefings:
        published = article.date.date() if isinstance(article.date, _dt.datetime) else article.date
        for note in article.briefing.updates:
            if note.kind in CORRECTION_KINDS:
                found.append((published, IssueCorrection(
                    title=article.title, url=f"{article.url}#{note.anchor}", date=note.date, html=note.html)))
    return sorted(found, key=lambda pair: (pair[1].date, pair[1].url), reverse=True)


def note_from_content(content: Any) -> Note:
    """A note read by Pelican's readers: its HTML, kept to prose, and its ``subject``, if any."""
    subject = content.metadata.get("subject")
    # The subject is plain text (briefing/safety.py): its spaces folded for a header, nothing stripped.
    return Note(html=safe_html(sanitise(content.content)), subject=" ".join(str(subject).split()) if subject else None)
