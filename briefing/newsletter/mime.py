"""The ready-to-send message: multipart/alternative, text first, HTML second.

Headers a list message needs: a Message-ID on the site's own domain, a Date,
List-Id, List-Unsubscribe (which mail providers use for their "unsubscribe"
button; set by :func:`with_headers`, as each recipient's own may replace it)
and List-Archive. The subject may hold any character: the SMTP policy writes
it as RFC 2047 encoded words in UTF-8.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from .render import EmailEdition
from .editions import Period


def issue_message(
    *,
    period: Period,
    edition: EmailEdition,
    text: str,
    html: str,
    sender: str,
    to: str,
    domain: str,
    list_name: str,
    now: _dt.datetime | None = None,
) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["Subject"] = edition.subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = format_datetime(now or _dt.datetime.now(_dt.UTC))
    message["Message-ID"] = make_msgid(idstring=f"newsletter.{period.slug}", domain=domain)
    message["List-Id"] = f"{list_name} <newsletter.{domain}>"
    message["List-Archive"] = f"<{edition.archive_url}>"
    # Quoted-printable keeps both parts legible in the raw message, and safe through any relay.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


def with_headers(raw: bytes, headers: Mapping[str, str]) -> bytes:
    """``raw`` with the header fields ``headers`` names set to these values, and nothing else changed.

    A recipient's own message is the built one with its own List-Unsubscribe:
    the header block is rewritten field by field and the body is kept byte for
    byte, so every recipient gets exactly what was built and checked.
    """
    head, separator, body = raw.partition(b"\r\n\r\n")
    names = {name.lower().encode("ascii") for name in headers}
    kept: list[bytes] = []
    dropping = False
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):  # the continuation of a folded field
            if not dropping:
                kept.append(line)
            continue
        dropping = line.split(b":", 1)[0].strip().lower() in names
        if not dropping:
            kept.append(line)
    added = b"".join(_field(name, value) for name, value in headers.items())
    return b"\r\n".join(kept) + b"\r\n" + added.rstrip(b"\r\n") + separator + body


def _field(name: str, value: str) -> bytes:
    """One header field of ASCII values (addresses in angle brackets), folded after each comma.

    Not the email package's folding: it turns a long URL into encoded words,
    which no mail client would read back as the URL.
    """
    if not value.isascii() or "\r" in value or "\n" in value:
        raise ValueError(f"{name}: a header value must be one line of ASCII, got {value!r}")
    folded = value.replace(", ", ",\r\n ")
    return f"{name}: {folded}\r\n".encode("ascii")



def list_unsubscribe(urls: list[str]) -> str:
    return ", ".join(f"<{url}>" for url in urls)
