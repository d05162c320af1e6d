"""Building one week's or day's email edition: a production build of the site, then the issue's files.

The issue is read from a whole, strict Pelican build (production settings), so
a briefing that breaks the contract fails the newsletter as it fails ``make
publish``: the one ``make publish`` left in the output folder when it is
current (:mod:`.record`), else one of its own, without a search index. Files go to the issue's folder, ``output/newsletter/<week or day>/``:
``email.html``, ``email.txt``, ``issue.eml``, and last ``issue.json``, the
record that the build succeeded. Old files of the week are removed first, so a
build that fails leaves nothing that could be sent.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pelican import Pelican, signals
from pelican.generators import Generator

from ..text import plain_text
from .editions import Period
from .generator import NewsletterGenerator
from .issue import Issue
from .mime import issue_message, list_unsubscribe, with_headers
from .record import build_stamp, read_record
from .render import EmailEdition, email_html, email_text

EMAIL_FILES = ("email.html", "email.txt", "issue.eml")
MANIFEST = "issue.json"


class NewsletterError(RuntimeError):
    """Something an editor must fix; the message says what."""


@dataclass(frozen=True)
class BuiltIssue:
    period: Period
    folder: Path
    subject: str
    message_id: str
    items: int
    #: Made from the production build already in the output folder, not from a build of its own.
    reused: bool = False

    @property
    def eml(self) -> Path:
        return self.folder / "issue.eml"


def issue_folder(settings: Mapping[str, Any], output: Path, period: Period) -> Path:
    """Where an issue lives: beside its web edition (``newsletter/2025-w47/``, ``newsletter/2025-11-10/``)."""
    return output / os.path.dirname(settings["NEWSLETTER_SAVE_AS"].format(slug=period.slug))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def address(value: str, name: str) -> str:
    """An address header value, checked: a typo here would only show as a bounce."""
    if "@" not in parseaddr(value)[1]:
        raise NewsletterError(f"{name} is not an email address: {value!r}")
    return value


def unsubscribe_targets(settings: Mapping[str, Any], env: Mapping[str, str]) -> list[str]:
    raw = env.get("NEWSLETTER_UNSUBSCRIBE")
    targets = [t.strip() for t in raw.split(",")] if raw else list(settings.get("NEWSLETTER_UNSUBSCRIBE") or [])
    targets = [t for t in targets if t]
    for target in targets:
        if urlsplit(target).scheme not in ("mailto", "https", "http"):
            raise NewsletterError(f"NEWSLETTER_UNSUBSCRIBE: expected mailto: or https: URLs, got {target!r}")
    return targets


class _Errors(logging.Handler):
    """Counts errors logged during the build: Pelican logs some failures and carries on."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def production_build(settings: Mapping[str, Any]) -> list[Issue]:
    """Run a whole build with ``settings`` into a throw-away folder; return the issues it found."""
    found: list[NewsletterGenerator] = []

    def collect(generators) -> None:
        found.extend(g for g in generators if isinstance(g, NewsletterGenerator))

    errors = _Errors()
    signals.all_generators_finalized.connect(collect)
    logging.getLogger().addHandler(errors)
    try:
        with tempfile.TemporaryDirectory(prefix="newsletter-build-") as scratch:
            overrides = {
                "OUTPUT_PATH": os.path.join(scratch, "site"),
                "CACHE_PATH": os.path.join(scratch, "cache"),
                # An email needs the issues, not a search index or compressed copies of a throw-away site.
                "SEARCH_INDEX": False,
                "PRECOMPRESS_GZIP": False,
                "PRECOMPRESS_BROTLI": False,
                # Nor the record `make publish` leaves for reuse: this site is thrown away at once.
                "NEWSLETTER_RECORD": None,
            }
            Pelican({**settings, **overrides}).run()
    except Exception as failure:
        raise NewsletterError(f"the site's build failed, so no issue was built: {failure}") from failure
    finally:
        signals.all_generators_finalized.disconnect(collect)
        logging.getLogger().removeHandler(errors)
    if errors.messages:
        raise NewsletterError("the site's build logged errors, so no issue was built:\n  " + "\n  ".join(errors.messages))
    if not found:
        raise NewsletterError("the briefing_newsletter plugin is not in PLUGINS: no issue can be built")
    return found[0].issues


def site_issues(settings: Mapping[str, Any], output: Path) -> tuple[list[Issue], bool]:
    """The site's issues, and whether they came from the production build already in ``output``.

    That build's record (NEWSLETTER_RECORD) is used when it was made from the
    same content, theme, code and settings (:mod:`.record`); otherwise the site
    is built again, into a throw-away folder.
    """
    record = settings.get("NEWSLETTER_RECORD")
    if record:
        issues = read_record(output / record, build_stamp(settings))
        if issues is not None:
            return issues, True
    return production_build(settings), False


def email_template(settings: Mapping[str, Any]):
    """The theme's email template in Pelican's own template environment (filters, autoescape, overrides)."""
    pelican_templates = Generator(dict(settings), settings, settings["PATH"], settings["THEME"], settings["OUTPUT_PATH"])
    return pelican_templates.get_template("email/issue")


def _clear(folder: Path) -> None:
    for name in (MANIFEST, *EMAIL_FILES):  # the manifest first: without it nothing is sendable
        (folder / name).unlink(missing_ok=True)


def build_issue(
    settings: Mapping[str, Any],
    period: Period,
    output: Path,
    env: Mapping[str, str] | None = None,
) -> BuiltIssue | None:
    """Build ``period``'s email edition into its folder under ``output``; None when it has no briefings."""
    env = os.environ if env is None else env
    folder = issue_folder(settings, output, period)
    _clear(folder)
    siteurl = str(settings.get("SITEURL") or "")
    if urlsplit(siteurl).scheme not in ("http", "https"):
        raise NewsletterError(
            f"an email needs absolute links, but SITEURL is {siteurl!r}: build it with the production settings"
            " (publishconf.py, BRIEFING_SITEURL)"
        )
    sender = address(env.get("NEWSLETTER_FROM") or settings["NEWSLETTER_FROM"], "NEWSLETTER_FROM")
    to = address(env.get("NEWSLETTER_TO") or settings["NEWSLETTER_TO"], "NEWSLETTER_TO")
    unsubscribe = unsubscribe_targets(settings, env)

    issues, reused = site_issues(settings, output)
    issue = next((issue for issue in issues if issue.period == period), None)
    if issue is None:
        return None
    edition = EmailEdition.of(issue, settings, unsubscribe)
    html = email_html(email_template(settings), settings, issue, edition)
    text = email_text(issue, edition, settings["SITENAME"])
    message = issue_message(
        period=period,
        edition=edition,
        text=text,
        html=html,
        sender=sender,
        to=to,
        domain=settings["SITE_DOMAIN"],
        list_name=plain_text(settings["SITENAME"]),
    )
    raw = message.as_bytes()
    if unsubscribe:
        raw = with_headers(raw, {"List-Unsubscribe": list_unsubscribe(unsubscribe)})
    return _write(folder, issue, message, raw, html, text, reused)


def _write(folder: Path, issue: Issue, message, raw: bytes, html: str, text: str, reused: bool = False) -> BuiltIssue:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "email.html").write_text(html, encoding="utf-8")
    (folder / "email.txt").write_text(text, encoding="utf-8")
    (folder / "issue.eml").write_bytes(raw)
    built = BuiltIssue(issue.period, folder, str(message["Subject"]), str(message["Message-ID"]), len(issue.items), reused)
    manifest = {
        "edition": str(issue.period),
        "subject": built.subject,
        "message_id": built.message_id,
        "items": [plain_text(item.title) for item in issue.items],
        "built_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "sha256": sha256(built.eml),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return built


def load_built(settings: Mapping[str, Any], output: Path, period: Period) -> BuiltIssue:
    """The period's built issue, if its build finished and its message is as it was built."""
    folder = issue_folder(settings, output, period)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsletterError(
            f"no built issue for {period} in {folder} (none was built, it has no briefings, or its build"
            f" failed): run `make newsletter {period.option}` first"
        ) from None
    eml = folder / "issue.eml"
    edition = manifest.get("edition", manifest.get("week"))  # "week": an issue built before daily editions
    if edition != str(period) or not eml.is_file() or sha256(eml) != manifest.get("sha256"):
        raise NewsletterError(f"{eml} is missing or was changed after its build: run `make newsletter {period.option}` again")
    return BuiltIssue(period, folder, manifest["subject"], manifest["message_id"], len(manifest["items"]))
