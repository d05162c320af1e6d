"""The ready-to-send message: multipart/alternative, text first, HTML second.

Headers a list message needs: a Message-ID on the site's own domain, a Date,
List-Id, List-Unsubscribe (which mail providers use for their one-click
"unsubscribe" button) and List-Archive. The subject may hold any character:
the SMTP policy writes it as RFC 2047 encoded words in UTF-8.
"""

from __future__ import annotations

import datetime as _dt
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from .render import EmailEdition
from .weeks import IsoWeek


def issue_message(
    *,
    week: IsoWeek,
    edition: EmailEdition,
    text: str,
    html: str,
    sender: str,
    to: str,
    unsubscribe: list[str],
    domain: str,
    list_name: str,
    now: _dt.datetime | None = None,
) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["Subject"] = edition.subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(now or _dt.datetime.now(_dt.UTC))
    message["Message-ID"] = make_msgid(idstring=f"newsletter.{week.slug}", domain=domain)
    message["List-Id"] = f"{list_name} <newsletter.{domain}>"
    if unsubscribe:
        message["List-Unsubscribe"] = ", ".join(f"<{url}>" for url in unsubscribe)
    message["List-Archive"] = f"<{edition.archive_url}>"
    # Quoted-printable keeps both parts legible in the raw message, and safe through any relay.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message
