"""Sending a built issue over SMTP, recipient by recipient, so that each gets it once.

Everything about the mail service comes from the environment (SMTP_HOST,
SMTP_PORT, SMTP_TLS = starttls | ssl | none, SMTP_USER, SMTP_PASSWORD), so no
secret lives in the repository. Recipients are NEWSLETTER_RECIPIENTS_FILE (one
address a line, ``#`` comments) or else NEWSLETTER_TO, or else the issue's own
To: address.

Each message goes to one recipient (or a small batch, NEWSLETTER_BATCH_SIZE),
byte for byte as built but for a recipient's own List-Unsubscribe when the
list gives per-recipient links (NEWSLETTER_UNSUBSCRIBE_URL). Real servers
answer each recipient on its own: a 5xx refuses that one for good (recorded
with the reply, never retried), a 4xx says "later" (tried again in the run
after a growing pause, NEWSLETTER_ATTEMPTS times, then left deferred for the
next run), and a connection may drop at any moment (reconnect, and go on where
it stopped). The ledger (:mod:`.ledger`) keeps every recipient's state, so a
rerun sends to the deferred and the never-tried only.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import smtplib
import ssl
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import SMTP
from email.utils import parseaddr
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote, urlsplit

from .build import BuiltIssue, NewsletterError
from .ledger import Ledger, Send
from .mime import list_unsubscribe, with_headers

TLS_MODES = {"starttls": 587, "ssl": 465, "none": 25}


class NotSent(NewsletterError):
    """The server took nothing: no connection, or no login."""


class _Lost(Exception):
    """The connection dropped before the message was handed over: nothing went out, try again."""


class _HandedOver(Exception):
    """The connection dropped after the message was handed over: it may have gone out."""


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

    def connect(self) -> smtplib.SMTP:
        """A client that has greeted and logged in; NotSent when the server cannot be reached."""
        context = ssl.create_default_context()
        try:
            if self.tls == "ssl":
                client = smtplib.SMTP_SSL(self.host, self.port, timeout=60, context=context)
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=60)
            if self.tls == "starttls":
                client.starttls(context=context)
            client.ehlo_or_helo_if_needed()
            if self.user:
                client.login(self.user, self.password or "")
        except (OSError, smtplib.SMTPException) as error:
            raise NotSent(f"cannot connect to {self.describe()}: {error}") from error
        return client


def _setting(settings: Mapping[str, Any], env: Mapping[str, str], name: str, default: Any) -> Any:
    value = env.get(name)
    return value if value not in (None, "") else settings.get(name, default)


def _number(value: Any, name: str, convert: Callable[[Any], Any], low: float) -> Any:
    try:
        number = convert(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number < low:
        raise NewsletterError(f"{name} must be a number of at least {low:g}, not {value!r}")
    return number


@dataclass(frozen=True)
class DeliveryPolicy:
    """How a send paces itself and what each message carries (NEWSLETTER_* settings; the environment wins)."""

    batch_size: int = 1
    #: Tries per recipient within one run while the server answers 4xx (or the connection drops).
    attempts: int = 3
    #: Seconds before the first retry; each further retry waits twice as long.
    retry_delay: float = 30.0
    #: A recipient's own unsubscribe address: ``{email}`` and ``{token}`` are filled in.
    unsubscribe_url: str | None = None
    unsubscribe_secret: str | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], env: Mapping[str, str]) -> DeliveryPolicy:
        policy = cls(
            batch_size=_number(_setting(settings, env, "NEWSLETTER_BATCH_SIZE", 1), "NEWSLETTER_BATCH_SIZE", int, 1),
            attempts=_number(_setting(settings, env, "NEWSLETTER_ATTEMPTS", 3), "NEWSLETTER_ATTEMPTS", int, 1),
            retry_delay=_number(_setting(settings, env, "NEWSLETTER_RETRY_DELAY", 30), "NEWSLETTER_RETRY_DELAY", float, 0),
            unsubscribe_url=_setting(settings, env, "NEWSLETTER_UNSUBSCRIBE_URL", None) or None,
            unsubscribe_secret=env.get("NEWSLETTER_UNSUBSCRIBE_SECRET") or None,
        )
        policy.check()
        return policy

    def check(self) -> None:
        template = self.unsubscribe_url
        if not template:
            return
        if urlsplit(template).scheme != "https":
            raise NewsletterError(f"NEWSLETTER_UNSUBSCRIBE_URL must be an https: address (RFC 8058), not {template!r}")
        if "{email}" not in template and "{token}" not in template:
            raise NewsletterError("NEWSLETTER_UNSUBSCRIBE_URL must hold {email} or {token}: it is each recipient's own")
        if "{token}" in template and not self.unsubscribe_secret:
            raise NewsletterError("NEWSLETTER_UNSUBSCRIBE_URL uses {token}: set NEWSLETTER_UNSUBSCRIBE_SECRET in the environment")
        if self.batch_size != 1:
            raise NewsletterError("per-recipient unsubscribe links (NEWSLETTER_UNSUBSCRIBE_URL) need NEWSLETTER_BATCH_SIZE = 1")

    def unsubscribe_link(self, address: str) -> str | None:
        """The recipient's own one-click address; the token is an HMAC of the address the list can check."""
        if not self.unsubscribe_url:
            return None
        token = ""
        if self.unsubscribe_secret:
            token = hmac.new(self.unsubscribe_secret.encode(), address.lower().encode(), hashlib.sha256).hexdigest()
        return self.unsubscribe_url.format(email=quote(address, safe=""), token=token)

    def backoff(self, attempt: int) -> float:
        """The pause before try ``attempt + 1``."""
        return self.retry_delay * 2 ** (attempt - 1)


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


def _reply(code: int, text: bytes | str) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(text.split())}"


def _transaction(client: smtplib.SMTP, sender: str, batch: list[str], raw: bytes) -> dict[str, tuple[int, str]]:
    """One SMTP transaction: the server's answer for each recipient of ``batch``.

    Raises _Lost if the connection drops before the message is handed over
    (nothing went out), _HandedOver if it drops while the server has it.
    """
    try:
        code, text = client.mail(sender)
        if code != 250:
            client.rset()
            return {address: (code, _reply(code, text)) for address in batch}
        answers = {}
        for address in batch:
            code, text = client.rcpt(address)
            answers[address] = (code, _reply(code, text))
        accepted = [a for a, (code, _) in answers.items() if code in (250, 251)]
        if not accepted:
            client.rset()
            return answers
        client.putcmd("data")
        code, text = client.getreply()
        if code != 354:
            client.rset()
            return {**answers, **{address: (code, _reply(code, text)) for address in accepted}}
    except (OSError, smtplib.SMTPServerDisconnected) as error:
        raise _Lost(str(error) or type(error).__name__) from error
    try:
        stuffed = re.sub(rb"(?m)^\.", b"..", raw)
        client.send(stuffed + (b"" if stuffed.endswith(b"\r\n") else b"\r\n") + b".\r\n")
        code, text = client.getreply()
    except (OSError, smtplib.SMTPServerDisconnected) as error:
        raise _HandedOver(str(error) or type(error).__name__) from error
    return {**answers, **{address: (code, _reply(code, text)) for address in accepted}}


@dataclass
class SendReport:
    """What a run did, and what the issue's send record says now."""

    period: Any
    service: str
    sent_now: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)
    deferred: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when every recipient has the issue: no one refused, deferred or in doubt."""
        return not (self.refused or self.deferred or self.unknown)

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"{self.period} through {self.service}: sent to {self.sent_now} recipient(s) in this run;"
            f" in all {c.get('sent', 0)} sent, {c.get('refused', 0)} refused, {c.get('deferred', 0)} deferred"
            + (f", {len(self.unknown)} in doubt" if self.unknown else "")
        ]
        lines += [f"  refused {address}: {reply}" for address, reply in self.refused.items()]
        if self.deferred:
            shown = ", ".join(list(self.deferred)[:5]) + (" …" if len(self.deferred) > 5 else "")
            last = next(iter(self.deferred.values()))
            lines.append(f"  {len(self.deferred)} recipient(s) deferred ({shown}; e.g. {last}):"
                         f" send again later and only they get it: make send-newsletter {self.period.option}")
        if self.unknown:
            lines.append(f"  {len(self.unknown)} recipient(s) may or may not have it (the connection dropped while"
                         f" the server had it): {', '.join(self.unknown[:5])}; check with the mail service")
        return "\n".join(lines)


def _refusal(period, send: Send) -> str:
    entry = send.entry
    if send.legacy:
        if entry["status"] == "sending":
            return (
                f"a send of {period} began at {entry['started_at']} and never finished: it may have gone out."
                " Check with the mail service; FORCE=1 sends it again"
            )
        return (
            f"{period} was already sent at {entry.get('sent_at')} to {entry['recipients']} recipient(s)"
            f" ({entry['message_id']}); FORCE=1 sends it again"
        )
    counts = send.counts()
    doubt = f", {counts['sending']} in doubt (a send was cut off while the server had it)" if counts["sending"] else ""
    return (
        f"{period} was already sent ({entry['message_id']}): {counts['sent']} sent, {counts['refused']} refused"
        f" for good{doubt}; no recipient is owed it. FORCE=1 sends it to everyone again"
    )


def send_issue(
    built: BuiltIssue,
    ledger_path: Path,
    env: Mapping[str, str],
    out: TextIO,
    dry_run: bool = False,
    force: bool = False,
    policy: DeliveryPolicy | None = None,
) -> SendReport | None:
    """Send ``built`` to every recipient the ledger says is owed it; None for a dry run."""
    policy = policy or DeliveryPolicy.from_settings({}, env)
    raw = built.eml.read_bytes()
    message = message_from_bytes(raw, policy=SMTP)
    sender = _addr(str(message["From"]))
    if not sender:
        raise NewsletterError(f"{built.eml}: its From: header holds no address")
    everyone = recipients(env, str(message["To"]))
    with Ledger.open(ledger_path) as ledger:
        earlier = ledger.last(built.period)
        resuming = earlier is not None and not force
        if resuming and (earlier.legacy or not earlier.owed(everyone)):
            raise NewsletterError(_refusal(built.period, earlier))
        owed = earlier.owed(everyone) if resuming else everyone
        if dry_run:
            _describe(out, built, message, sender, owed, len(everyone), raw, env)
            return None
        service = SmtpService.from_env(env)
        if resuming:
            send = earlier
            send.resume(built.message_id)  # an issue built again since goes to the rest as built now
        else:
            send = ledger.begin(built.period, built.message_id, len(everyone))
        generic = [u for u in _unsubscribe_of(message) if not (policy.unsubscribe_url and u.startswith("https:"))]
        report = SendReport(built.period, service.describe())
        try:
            _deliver(service, send, sender, owed, raw, generic, policy, report)
        except NotSent as lost:
            if not resuming and not send.counts():
                ledger.abandon(built.period, send)  # nothing went out: the issue is as sendable as before
                raise
            send.close(everyone)
            _tally(report, send)
            print(report.summary(), file=out)
            owed_now = len(send.owed(everyone))
            raise NotSent(f"{lost}; {owed_now} recipient(s) are still owed {built.period}: run the send again") from None
        send.close(everyone)
    _tally(report, send)
    print(report.summary(), file=out)
    return report


def _tally(report: SendReport, send: Send) -> None:
    """What the send record says now, for the summary."""
    report.counts = dict(send.counts())
    report.refused = {a: r.get("reply", "") for a, r in send.with_state("refused").items()}
    report.deferred = {a: r.get("reply", "") for a, r in send.with_state("deferred").items()}
    report.unknown = list(send.with_state("sending"))


def _unsubscribe_of(message) -> list[str]:
    return re.findall(r"<([^>]+)>", str(message.get("List-Unsubscribe") or ""))


def _deliver(
    service: SmtpService,
    send: Send,
    sender: str,
    owed: list[str],
    raw: bytes,
    generic: list[str],
    policy: DeliveryPolicy,
    report: SendReport,
) -> None:
    """Hand the issue to the server batch by batch, recording each recipient's answer as it comes.

    A batch the server defers (4xx) waits at the back of the queue for its next
    try, the pause doubling each time; the connection it was deferred on is
    closed, since a server that says "later" is often counting per connection.
    A connection that drops before a message is handed over is reopened and
    the batch tried again; one that drops while the server has the message
    leaves its recipients in doubt (``sending``), never sent twice.
    """
    size = policy.batch_size
    queue = deque((owed[i:i + size], 1, 0.0) for i in range(0, len(owed), size))
    client: smtplib.SMTP | None = None
    failures = 0  # connections lost or refused in a row

    def hang_up() -> None:
        nonlocal client
        if client is not None:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()
        client = None

    try:
        while queue:
            batch, attempt, due = queue.popleft()
            wait = due - time.monotonic()
            if wait > 0:
                send.save()  # the answers so far, on disk before a pause
                time.sleep(wait)
            if client is None:
                try:
                    client = service.connect()
                except NotSent:
                    failures += 1
                    if failures >= policy.attempts:
                        raise
                    queue.appendleft((batch, attempt, time.monotonic() + policy.backoff(failures)))
                    continue
            before = send.snapshot(batch)
            send.mark(batch, "sending")
            send.save()  # with the answers to the batch before: one write per batch
            message = raw
            if policy.unsubscribe_url:  # one recipient per message (checked): their own link, one click
                own = policy.unsubscribe_link(batch[0])
                message = with_headers(raw, {
                    "List-Unsubscribe": list_unsubscribe([own, *generic]),
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                })
            try:
                answers = _transaction(client, sender, batch, message)
            except _Lost as lost:
                send.forget(batch, before)
                hang_up()
                failures += 1
                if failures >= policy.attempts:
                    raise NotSent(f"lost the connection to {service.describe()} {failures} times in a row: {lost}") from None
                queue.appendleft((batch, attempt, time.monotonic() + policy.backoff(failures)))
                continue
            except _HandedOver:
                hang_up()  # its recipients stay "sending": in doubt, never sent again
                continue
            failures = 0
            later = []
            for address, (code, reply) in answers.items():
                if 200 <= code < 300:
                    send.mark([address], "sent")
                    report.sent_now += 1
                elif code >= 500:
                    send.mark([address], "refused", reply)
                else:
                    send.mark([address], "deferred", reply, attempts=attempt)
                    later.append(address)
            if later:
                hang_up()
                if attempt < policy.attempts:
                    queue.append((later, attempt + 1, time.monotonic() + policy.backoff(attempt)))
    finally:
        hang_up()


def _describe(out: TextIO, built: BuiltIssue, message, sender: str, to: list[str], everyone: int, raw: bytes, env) -> None:
    try:
        service = SmtpService.from_env(env).describe()
    except NewsletterError as problem:
        service = f"not ready: {problem}"
    print(f"DRY RUN: nothing is sent. {built.period} would go out as follows.", file=out)
    print(f"Through:    {service}", file=out)
    print(f"From:       {message['From']} (envelope {sender})", file=out)
    print(f"To header:  {message['To']}", file=out)
    shown = ", ".join(to[:10]) + (f" and {len(to) - 10} more" if len(to) > 10 else "")
    owed = "" if len(to) == everyone else f" (of {everyone}; the others have it or were refused)"
    print(f"Recipients: {len(to)}{owed}: {shown}", file=out)
    print(f"Subject:    {message['Subject']}", file=out)
    print(f"Message-ID: {message['Message-ID']}", file=out)
    print(f"Size:       {len(raw):,} bytes ({built.eml})", file=out)
    print("", file=out)
    print(message.get_body(("plain",)).get_content(), file=out)
