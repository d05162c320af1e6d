"""The issues a production build found, written with it, so an email edition needs no second build.

A production build (``make publish``) writes every issue it found, with the
very HTML of its boxes, to NEWSLETTER_RECORD in its output
(``newsletter/issues.json``), stamped with a hash of what made it: the
content, the theme, the project's code and plugins, the libraries and the
settings that render a briefing or an issue. ``make newsletter`` reads the
issues back when the stamp of the content and settings it is given is the same,
and builds afresh only when it is not (or when a briefing dated in the future
at the time of that build has come due since). The file is written into the
output, so it is swapped in with the rest of a release only when the release
succeeded: a build that failed its strict checks leaves nothing to reuse.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..build.cache_key import render_key
from ..importer.writer import write_file
from ..safety import safe_html
from .editions import KINDS
from .issue import Issue, IssueCorrection, IssueItem, Note

#: Settings an issue depends on beyond a briefing's rendering (render_key has those).
_ISSUE_SETTINGS = ("SITEURL", "SITENAME", "TIMEZONE", "DEFAULT_LANG", "DEFAULT_DATE_FORMAT", "DATE_FORMATS",
                   "WITH_FUTURE_DATES", "ARTICLE_URL", "CATEGORY_URL", "STATIC_PATHS", "ARTICLE_PATHS")
#: Set by the newsletter plugin itself during a build: an object, and not an input.
_RUNTIME = ("NEWSLETTER_SIGNUP_FORM",)
VERSION = 2
PERIODS = tuple(KINDS.values())


def _files(root: Path, skip: set[Path]) -> Iterable[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p not in skip
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def build_stamp(settings: Mapping[str, Any]) -> str:
    """A hash of everything an issue is made from; the same for the same content, theme, code and settings."""
    digest = hashlib.sha256(render_key(settings).encode())
    content = Path(settings["PATH"]).resolve()
    ledger = (content / settings.get("NEWSLETTER_LEDGER", "")).resolve()
    # The record of sends changes with every send and says nothing about an issue.
    skip = {ledger, ledger.with_name(ledger.name + ".lock")}
    roots = [("content", content), ("theme", Path(settings["THEME"]).resolve())]
    roots += [(f"plugins{n}", Path(p).resolve()) for n, p in enumerate(settings.get("PLUGIN_PATHS") or [])]
    for name, root in roots:
        for path in _files(root, skip):
            digest.update(f"{name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    chosen = {key: settings.get(key) for key in _ISSUE_SETTINGS}
    chosen.update({key: value for key, value in settings.items() if key.startswith("NEWSLETTER_") and key not in _RUNTIME})
    digest.update(json.dumps(chosen, sort_keys=True, default=repr).encode())
    return digest.hexdigest()


#: The objects a record holds, by name: every field of each is written, so a field added later is kept too.
_TYPES = {cls.__name__: cls for cls in (Issue, IssueItem, IssueCorrection, Note)}


def _encode(value: Any) -> Any:
    """A value as JSON that says what it was: HTML stays marked as HTML, a date a date, an issue an issue."""
    if isinstance(value, Markup):
        return {"html": str(value)}
    if isinstance(value, _dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, PERIODS):
        return {"period": value.kind, "slug": value.slug}
    if is_dataclass(value):
        return {"type": type(value).__name__, **{f.name: _encode(getattr(value, f.name)) for f in fields(value)}}
    if isinstance(value, (tuple, list)):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(item) for item in value)  # the records' sequences are all tuples
    if not isinstance(value, dict):
        return value
    if "type" in value:  # first: an object's own fields may be called html, date or period
        return _TYPES[value["type"]](**{name: _decode(item) for name, item in value.items() if name != "type"})
    if "html" in value:
        return safe_html(value["html"])
    if "datetime" in value:
        return _dt.datetime.fromisoformat(value["datetime"])
    if "date" in value:
        return _dt.date.fromisoformat(value["date"])
    return KINDS[value["period"]].parse(value["slug"])


def write_record(path: Path, stamp: str, issues: list[Issue], due: _dt.datetime | None) -> None:
    """Write the build's issues; ``due`` is when the first briefing this build left out for its future date comes due."""
    record = {
        "version": VERSION,
        "stamp": stamp,
        "built_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "valid_until": due.isoformat() if due else None,
        "issues": [_encode(issue) for issue in issues],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n", replace=True)


def read_record(path: Path, stamp: str, now: _dt.datetime | None = None) -> list[Issue] | None:
    """The issues recorded at ``path`` if they were built from what ``stamp`` hashes and are still due; else None."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("version") != VERSION or record.get("stamp") != stamp:
        return None
    until = record.get("valid_until")
    if until and (now or _dt.datetime.now(_dt.UTC)) >= _dt.datetime.fromisoformat(until):
        return None
    return [_decode(data) for data in record["issues"]]
