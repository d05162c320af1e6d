"""The email edition of an issue: HTML with its CSS inlined, and a plain-text alternative.

Both come from the same :class:`~.issue.Issue` as the web edition, with every
link absolute. The HTML is the theme's ``email/issue.html``; css-inline moves
its stylesheet into ``style`` attributes, because many mail clients drop
``<style>`` and none fetch a stylesheet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import css_inline

from ..text import plain_text
from .issue import Issue
from ..urls import absolutize_document
from .plaintext import WIDTH, html_to_text, wrap

_INLINER = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)


@dataclass(frozen=True)
class EmailEdition:
    """What the email says around the issue: its subject and the addresses it points to."""

    subject: str
    siteurl: str
    web_url: str
    archive_url: str
    feed_url: str | None
    unsubscribe_url: str | None

    @classmethod
    def of(cls, issue: Issue, settings: Mapping[str, Any], unsubscribe: list[str]) -> EmailEdition:
        siteurl = settings["SITEURL"].rstrip("/")
        feed = settings.get("NEWSLETTER_FEED_ATOM")
        # A reader clicks a web page more readily than a mailto: link; List-Unsubscribe carries both.
        visible = next((u for u in unsubscribe if u.startswith("https:")), unsubscribe[0] if unsubscribe else None)
        return cls(
            subject=f"{plain_text(settings['SITENAME'])} · {issue.title}",
            siteurl=siteurl,
            web_url=f"{siteurl}/{issue.url}",
            archive_url=f"{siteurl}/{settings['NEWSLETTER_ARCHIVE_URL']}",
            feed_url=f"{siteurl}/{feed}" if feed else None,
            unsubscribe_url=visible,
        )


def email_html(template, context: Mapping[str, Any], issue: Issue, edition: EmailEdition) -> str:
    """The HTML part: ``template`` rendered, its CSS inlined, its links absolute."""
    page = template.render(
        {
            **context,
            "SITEURL": edition.siteurl,
            "issue": issue.absolute(edition.siteurl),
            "subject": edition.subject,
            "web_url": edition.web_url,
            "archive_url": edition.archive_url,
            "feed_url": edition.feed_url,
            "unsubscribe_url": edition.unsubscribe_url,
        }
    )
    return absolutize_document(_INLINER.inline(page), edition.web_url).rstrip("\n") + "\n"


def _rule(char: str) -> str:
    return char * WIDTH


def email_text(issue: Issue, edition: EmailEdition, sitename: str) -> str:
    """The text/plain part: the same issue, read with no markup at all."""
    issue = issue.absolute(edition.siteurl)
    out = [
        plain_text(sitename).upper(),
        f"{issue.period.label} · {issue.period.dates_label} · {issue.count_label}",
        f"Read it on the web: {edition.web_url}",
    ]
    if issue.note:
        out += ["", html_to_text(issue.note.html, edition.web_url)]
    for item in issue.items:
        page = f"{edition.siteurl}/{item.url}"
        out += ["", _rule("="), "", wrap(plain_text(item.title)), f"{item.locale_date} · {item.section}", ""]
        out += [plain_text(item.highlights_label), "", html_to_text(item.highlights, page)]
        for label, body in ((item.why_newsworthy_label, item.why_newsworthy), (item.takeaway_label, item.takeaway),
                            (item.source_label, item.source)):
            if body:
                out += ["", plain_text(label), "", html_to_text(body, page)]
        out += ["", f"Read the whole briefing: {page}"]
    if issue.corrections:
        out += ["", _rule("="), "", "CORRECTIONS"]
        for correction in issue.corrections:
            page = f"{edition.siteurl}/{correction.url}"
            out += ["", wrap(plain_text(correction.title)), html_to_text(correction.html, page), page]
    out += ["", _rule("-"), "", wrap(f"You receive this email because you subscribed to {plain_text(sitename)}.")]
    if edition.unsubscribe_url:
        out.append(f"Unsubscribe: {edition.unsubscribe_url}")
    out.append(f"Every issue: {edition.archive_url}")
    return "\n".join(out) + "\n"
