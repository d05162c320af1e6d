"""Sending a built issue over SMTP, to a list address or a file of recipients, once.

Everything about the mail service comes from the environment (SMTP_HOST,
SMTP_PORT, SMTP_TLS = starttls | ssl | none, SMTP_USER, SMTP_PASSWORD), so no
secret lives in the repository. Recipients are NEWSLETTER_RECIPIENTS_FILE (one
address a line, ``#`` comments) or else NEWSLETTER_TO, or else the issue's own
To: address. The message goes out byte for byte as built.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email import message_from_bytes
from email.policy import SMTP
from email.utils import parseaddr
from pathlib import Path
from typing import TextIO

from .build import BuiltIssue, NewsletterError
from .ledger import Ledger

TLS_MODES = {"starttls": 587, "ssl": 465, "none": 25}


class NotSent(NewsletterError):
    """The server took nothing: no connection, or no login."""


@dataclass(frozen=True)
class SmtpService:
    host: str
    port: int
    tls: str
    user: str | None
    password: str | None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpService:
        host = env.get("SMTP_HOST", "").strip()
        if not host:
            raise NewsletterError("SMTP_HOST is not set: say which mail server sends the newsletter")
        tls = (env.get("SMTP_TLS") or "starttls").strip().lower()
        if tls not in TLS_MODES:
            raise NewsletterError(f"SMTP_TLS must be one of {', '.join(TLS_MODES)}, not {tls!r}")
        try:
            port = int(env.get("SMTP_PORT") or TLS_MODES[tls])
        except ValueError:
            raise NewsletterError(f"SMTP_PORT must be a number, not {env.get('SMTP_PORT')!r}") from None
        user = env.get("SMTP_USER") or None
        if user and not env.get("SMTP_PASSWORD"):
            raise NewsletterError("SMTP_USER is set but SMTP_PASSWORD is not")
        return cls(host, port, tls, user, env.get("SMTP_PASSWORD") or None)

    def describe(self) -> str:
        login = f", as {self.user}" if self.user else ", without login"
        return f"{self.host}:{self.port} ({self.tls}{login})"

    def deliver(self, sender: str, recipients: list[str], raw: bytes) -> dict[str, tuple[int, bytes]]:
        """Hand ``raw`` to the server in one transaction; return the recipients it refused."""
        context = ssl.create_default_context()
        try:
            if self.tls == "ssl":
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=60, context=context)
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=60)
            if self.tls == "starttls":
                client.starttls(context=context)
            if self.user:
                client.login(self.user, self.password or "")
        except (OSError, smtplib.SMTPException) as error:
            raise NotSent(f"cannot connect to {self.describe()}: {error}") from error
        with client:
            return client.sendmail(sender, recipients, raw)



def _addr(value: str) -> str | None:
    found = parseaddr(value)[1]
    return found if "@" in found else None


def recipients(env: Mapping[str, str], list_address: str) -> list[str]:
    """Envelope recipients: the file's addresses (duplicates dropped), else the list address."""
    path = env.get("NEWSLETTER_RECIPIENTS_FILE")
    if not path:
        chosen = env.get("NEWSLETTER_TO") or list_address
        found = _addr(chosen)
        if not found:
            raise NewsletterError(f"NEWSLETTER_TO is not an email address: {chosen!r}")
        return [found]
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise NewsletterError(f"NEWSLETTER_RECIPIENTS_FILE: cannot read {path}: {error.strerror}") from None
    found: dict[str, str] = {}
    bad = []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        address = _addr(line)
        if address is None:
            bad.append(f"line {number}: {line!r}")
        else:
            found.setdefault(address.lower(), address)
    if bad:
        raise NewsletterError(f"{path}: not email addresses: " + "; ".join(bad))
    if not found:
        raise NewsletterError(f"{path} holds no address: nothing to send to")
    return list(found.values())


def _refusal(week, sends: list[dict]) -> str:
    last = sends[-1]
    if last["status"] == "sending":
        return (
            f"a send of {week} began at {last['started_at']} and never finished: it may have gone out."
            " Check with the mail service; FORCE=1 sends it again"
        )
    return (
        f"{week} was already sent at {last['sent_at']} to {last['recipients']} recipient(s)"
        f" ({last['message_id']}); FORCE=1 sends it again"
    )


def send_issue(
    built: BuiltIssue,
    ledger_path: Path,
    env: Mapping[str, str],
    out: TextIO,
    dry_run: bool = False,
    force: bool = False,
) -> list[str]:
    """Send ``built`` unless the ledger says it went out already; return the refused recipients."""
    raw = built.eml.read_bytes()
    message = message_from_bytes(raw, policy=SMTP)
    sender = _addr(str(message["From"]))
    if not sender:
        raise NewsletterError(f"{built.eml}: its From: header holds no address")
    to = recipients(env, str(message["To"]))
    with Ledger.open(ledger_path) as ledger:
        earlier = ledger.of(built.week)
        if earlier and not force:
            raise NewsletterError(_refusal(built.week, earlier))
        if dry_run:
            _describe(out, built, message, sender, to, raw, env)
            return []
        service = SmtpService.from_env(env)
        entry = ledger.begin(built.week, built.message_id, len(to))
        try:
            refused = service.deliver(sender, to, raw)
        except NotSent:
            ledger.abandon(built.week, entry)
            raise
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            ledger.abandon(built.week, entry)  # the server said no to the whole message
            raise NewsletterError(f"the mail server refused {built.week}: {error}") from error
        except (OSError, smtplib.SMTPException) as error:
            # Cut off in the middle of the transaction: the message may have gone out. Keep
            # the record ("sending") so that only an editor who has checked sends again.
            raise NewsletterError(
                f"sending {built.week} through {service.describe()} failed: {error}."
                " It may or may not have gone out: check, then FORCE=1 to send again"
            ) from error
        ledger.finish(entry, sorted(refused))
    print(f"Sent {built.week} to {len(to) - len(refused)} recipient(s) through {service.describe()}: {built.subject}", file=out)
    for address, (code, reason) in sorted(refused.items()):
        print(f"  refused {address}: {code} {reason.decode(errors='replace')}", file=out)
    return sorted(refused)


def _describe(out: TextIO, built: BuiltIssue, message, sender: str, to: list[str], raw: bytes, env) -> None:
    try:
        service = SmtpService.from_env(env).describe()
    except NewsletterError as problem:
        service = f"not ready: {problem}"
    print(f"DRY RUN: nothing is sent. {built.week} would go out as follows.", file=out)
    print(f"Through:    {service}", file=out)
    print(f"From:       {message['From']} (envelope {sender})", file=out)
    print(f"To header:  {message['To']}", file=out)
    shown = ", ".join(to[:10]) + (f" and {len(to) - 10} more" if len(to) > 10 else "")
    print(f"Recipients: {len(to)}: {shown}", file=out)
    print(f"Subject:    {message['Subject']}", file=out)
    print(f"Message-ID: {message['Message-ID']}", file=out)
    print(f"Size:       {len(raw):,} bytes ({built.eml})", file=out)
    print("", file=out)
    print(message.get_body(("plain",)).get_content(), file=out)
