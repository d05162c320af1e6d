"""The front-matter contract of a briefing, in one place.

The importer *writes* a :class:`Briefing` and the Pelican plugin *reads and
validates* one; both go through this module so that the two can never
disagree about what a valid post is. Validation collects every problem in a
post instead of stopping at the first, because an editor fixing a file wants
the whole list at once.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import yaml

#: Values allowed for ``source.kind``.
SOURCE_KINDS = (
    "state-media",
    "company",
    "government",
    "wire",
    "trade-press",
    "research",
    "other",
)
#: Human names of the source kinds, for the Source box.
SOURCE_KIND_LABELS = {
    "state-media": "State media",
    "company": "Company release",
    "government": "Government",
    "wire": "Wire service",
    "trade-press": "Trade press",
    "research": "Research",
    "other": "Other",
}
#: Kinds whose claims a reader should verify independently, unless settings say otherwise.
DEFAULT_VERIFY_KINDS = ("state-media", "company")
#: Schemes a link inside a briefing may use; anything else is dropped.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: Schemes a source URL may use.
SOURCE_URL_SCHEMES = frozenset({"http", "https"})
MAX_HIGHLIGHTS = 8
#: Characters no field may hold: control characters other than tab and line breaks, and the
#: code points XML forbids, none of which a feed can carry (a build would fail on them).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
STATUSES = ("draft", "hidden", "published")
#: Kinds of a dated note added to a briefing after it was published, and the verb its line starts with.
UPDATE_KINDS = ("correction", "update", "clarification")
UPDATE_VERBS = {"correction": "Corrected", "update": "Updated", "clarification": "Clarified"}
#: The kinds that correct what was published (an update adds news; it corrects nothing): schema.org's
#: ``correction`` and the newsletter's Corrections section carry these.
CORRECTION_KINDS = ("correction", "clarification")

#: Keys that make a post a briefing (a post with none of them is an ordinary post).
BRIEFING_KEYS = ("highlights", "why_newsworthy", "takeaway", "takeaway_label", "source", "review")
#: Order in which keys are written to front matter.
KEY_ORDER = (
    "title",
    "date",
    "modified",
    "category",
    "tags",
    "summary",
    "highlights",
    "why_newsworthy",
    "takeaway",
    "takeaway_label",
    "source",
    "import_id",
    "status",
    "review",
    "updates",
)


@dataclass(frozen=True)
class Highlight:
    """One highlight: a Markdown inline string, optionally with its own sub-items."""

    text: str
    items: tuple[str, ...] = ()

    def to_yaml(self) -> Any:
        if not self.items:
            return self.text
        return {"text": self.text, "items": list(self.items)}


@dataclass(frozen=True)
class Source:
    name: str
    url: str | None = None
    kind: str = "other"
    description: str | None = None
    note: str | None = None

    def to_yaml(self) -> dict[str, str]:
        out = {"name": self.name}
        for key in ("url", "kind", "description", "note"):
            value = getattr(self, key)
            if value:
                out[key] = value
        return out


@dataclass(frozen=True)
class Update:
    """A dated correction, update or clarification: shown on the page, in feeds and in /corrections/."""

    date: _dt.datetime | _dt.date
    kind: str
    #: Markdown.
    text: str

    @property
    def verb(self) -> str:
        return UPDATE_VERBS[self.kind]

    def to_yaml(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "kind": self.kind, "text": self.text}


@dataclass
class Briefing:
    title: str
    date: _dt.datetime | _dt.date
    category: str
    highlights: list[Highlight]
    tags: list[str] = field(default_factory=list)
    summary: str | None = None
    why_newsworthy: str | None = None
    takeaway: str | None = None
    takeaway_label: str | None = None
    source: Source | None = None
    import_id: str | None = None
    modified: _dt.datetime | _dt.date | None = None
    status: str | None = None
    #: What an editor must still do before the post may go live (only drafts carry it).
    review: list[str] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)

    def to_front_matter(self) -> dict[str, Any]:
        """The YAML-ready mapping, in the contract's key order, without empty keys."""
        out: dict[str, Any] = {}
        for key in KEY_ORDER:
            value = getattr(self, key)
            if value is None or value == [] or value == "":
                continue
            if key == "highlights":
                value = [h.to_yaml() for h in value]
            elif key == "source":
                value = value.to_yaml()
            elif key == "updates":
                value = [u.to_yaml() for u in value]
            elif key in ("date", "modified"):
                value = value.isoformat()
            out[key] = value
        return out

    def to_markdown(self, body: str) -> str:
        """A whole post: front matter between ``---`` lines, then the Markdown body."""
        return "---\n" + dump_yaml(self.to_front_matter()) + "---\n\n" + body.strip() + "\n"


@dataclass(frozen=True)
class Problem:
    """One way a post breaks the contract: the key and what was wrong with it."""

    key: str
    message: str

    def describe(self, path: str) -> str:
        return f"{path}: {self.key}: {self.message}"


class BriefingInvalid(ValueError):
    """Raised with every problem found in one post."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(f"{p.key}: {p.message}" for p in self.problems))


class _LiteralDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes multi-line strings as ``|`` blocks so front matter stays readable by hand.

    libyaml's emitter when PyYAML has it: the pure-Python one was half of an
    import's time. Both write YAML that reads back as the same values.
    """


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LiteralDumper.add_representer(str, _str_representer)


def dump_yaml(data: Mapping[str, Any]) -> str:
    return yaml.dump(
        dict(data),
        Dumper=_LiteralDumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def is_briefing(meta: Mapping[str, Any]) -> bool:
    """Whether a post is held to the briefing contract: it uses any briefing key.

    A post with none of them (a note, an announcement) is an ordinary post and
    builds as one.
    """
    return any(key in meta for key in BRIEFING_KEYS)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)} items"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return "a date"
    return type(value).__name__


def _plain(value: Any) -> Any:
    """Pelican wraps categories and tags in objects; the contract speaks of their names."""
    if hasattr(value, "name") and hasattr(value, "slug") and not isinstance(value, str):
        return value.name
    return value


def check_url(url: Any, schemes: frozenset[str]) -> str | None:
    """Return what is wrong with ``url``, or None when it is an absolute URL of an allowed scheme."""
    if not isinstance(url, str) or not url.strip():
        return f"expected a URL, got {_type_name(url)}"
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in schemes:
        allowed = ", ".join(sorted(schemes))
        return f"expected a URL with scheme {allowed}, got {url!r}"
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return f"expected an absolute URL, got {url!r}"
    return None


def _text(meta: Mapping[str, Any], key: str, problems: list[Problem], required: bool = False) -> str | None:
    value = meta.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(Problem(key, "required, but missing or empty"))
        return None
    if not isinstance(value, str):
        problems.append(Problem(key, f"expected text, got {_type_name(value)}"))
        return None
    if _control_character(value, key, problems):
        return None
    return value.strip()


def _control_character(value: str, key: str, problems: list[Problem]) -> bool:
    """Whether text holds a control character (recorded as a problem: feeds cannot carry one)."""
    found = CONTROL_CHARACTERS.search(value)
    if found:
        problems.append(Problem(key, f"control character U+{ord(found.group()):04X} in the text"))
    return found is not None


def _date(meta: Mapping[str, Any], key: str, problems: list[Problem], required: bool = False):
    value = meta.get(key)
    if value is None:
        if required:
            problems.append(Problem(key, "required, but missing"))
        return None
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value
    if isinstance(value, str):
        try:
            return _dt.datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(Problem(key, f"expected an ISO date or datetime, got {value!r}"))
    return None


def _highlights(value: Any, problems: list[Problem]) -> list[Highlight]:
    expected = f"expected a list of 1 to {MAX_HIGHLIGHTS} items"
    if value is None:
        problems.append(Problem("highlights", f"required: {expected}"))
        return []
    if not isinstance(value, (list, tuple)):
        problems.append(Problem("highlights", f"{expected}, got {_type_name(value)}"))
        return []
    if not 1 <= len(value) <= MAX_HIGHLIGHTS:
        problems.append(Problem("highlights", f"{expected}, got {len(value)}"))
        return []
    out = []
    for number, item in enumerate(value, 1):
        where = f"highlights[{number}]"
        text: Any
        items: Any = ()
        if isinstance(item, Mapping):
            if "text" in item:
                unknown = set(item) - {"text", "items"}
                if unknown:
                    problems.append(Problem(where, f"unknown keys {', '.join(sorted(map(str, unknown)))}"))
                text, items = item.get("text"), item.get("items") or ()
            elif len(item) == 1:
                # The hand-written short form: ``- Phase II aims to:`` followed by an indented list.
                ((text, items),) = item.items()
                text = f"{text}:" if isinstance(text, str) and not text.rstrip().endswith(":") else text
            else:
                problems.append(Problem(where, "expected text, or a mapping with text and items"))
                continue
        else:
            text = item
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(where, f"expected text, got {_type_name(text)}"))
            continue
        if any(_control_character(t, where, problems) for t in (text, *(i for i in items if isinstance(i, str)))):
            continue
        if isinstance(items, str) or not isinstance(items, (list, tuple)):
            problems.append(Problem(where, f"expected a list of sub-items, got {_type_name(items)}"))
            continue
        bad = [i for i in items if not isinstance(i, str) or not i.strip()]
        if bad:
            problems.append(Problem(where, f"sub-items must be text, got {_type_name(bad[0])}"))
            continue
        out.append(Highlight(text.strip(), tuple(i.strip() for i in items)))
    return out


def readable_highlights(value: Any) -> list[Highlight]:
    """The highlights of ``value`` that the contract can read, the others left out (for advice on a broken post)."""
    if isinstance(value, (list, tuple)) and len(value) > MAX_HIGHLIGHTS:
        value = value[:MAX_HIGHLIGHTS]
    return _highlights(value, []) if isinstance(value, (list, tuple)) and value else []


def _source(value: Any, problems: list[Problem]) -> Source | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = {"name": value}
    if isinstance(value, Mapping) and not any(v not in (None, "") for v in value.values()):
        return None  # a template's source block not filled in yet: no source
    if not isinstance(value, Mapping):
        problems.append(Problem("source", f"expected a mapping with name, url, kind, got {_type_name(value)}"))
        return None
    unknown = set(value) - {"name", "url", "kind", "description", "note"}
    if unknown:
        problems.append(Problem("source", f"unknown keys {', '.join(sorted(map(str, unknown)))}"))
    before = len(problems)
    name = _text(value, "name", problems, required=True)
    description = _text(value, "description", problems)
    note = _text(value, "note", problems)
    kind = value.get("kind", "other")
    if kind not in SOURCE_KINDS:
        problems.append(Problem("kind", f"expected one of {', '.join(SOURCE_KINDS)}, got {kind!r}"))
    url = value.get("url")
    if url is not None:
        wrong = check_url(url, SOURCE_URL_SCHEMES)
        if wrong:
            problems.append(Problem("url", wrong))
    for i in range(before, len(problems)):
        problems[i] = Problem(f"source.{problems[i].key}", problems[i].message)
    if len(problems) > before or name is None:
        return None
    return Source(name=name, url=url.strip() if url else None, kind=kind, description=description, note=note)


def _updates(value: Any, problems: list[Problem]) -> list[Update]:
    if value is None:
        return []
    expected = "expected a list of mappings with date, kind and text"
    if not isinstance(value, (list, tuple)):
        problems.append(Problem("updates", f"{expected}, got {_type_name(value)}"))
        return []
    out = []
    for number, item in enumerate(value, 1):
        where = f"updates[{number}]"
        if not isinstance(item, Mapping):
            problems.append(Problem(where, f"{expected}, got {_type_name(item)}"))
            continue
        before = len(problems)
        unknown = set(item) - {"date", "kind", "text"}
        if unknown:
            problems.append(Problem(where, f"unknown keys {', '.join(sorted(map(str, unknown)))}"))
        date = _date(item, "date", problems, required=True)
        text = _text(item, "text", problems, required=True)
        kind = item.get("kind")
        if kind not in UPDATE_KINDS:
            problems.append(Problem("kind", f"expected one of {', '.join(UPDATE_KINDS)}, got {kind!r}"))
        for i in range(before, len(problems)):
            if not problems[i].key.startswith(where):
                problems[i] = Problem(f"{where}.{problems[i].key}", problems[i].message)
        if len(problems) == before:
            out.append(Update(date=date, kind=kind, text=text))
    return out


def _day(value: _dt.date) -> _dt.date:
    return value.date() if isinstance(value, _dt.datetime) else value


def section_problem(category: Any, sections: Sequence[str] | None) -> Problem | None:
    """What is wrong with a post's ``category``, if anything: it must name one of the site's sections.

    Held to every post, briefing or not: Pelican would make any other name a new
    section of the site, with its own page and a place in the navigation.
    """
    category = _plain(category)
    if category is None or category == "":
        return Problem("category", "required, but missing")
    if not isinstance(category, str):
        return Problem("category", f"expected a section name, got {_type_name(category)}")
    if sections and category not in sections:
        return Problem("category", f"expected one of {', '.join(sections)}, got {category!r}")
    return None


def validate(meta: Mapping[str, Any], sections: Sequence[str] | None = None) -> Briefing:
    """Check a post's metadata against the contract and return its Briefing.

    ``meta`` may hold plain YAML values or Pelican's processed ones (Category
    and Tag objects, datetimes). Raises :class:`BriefingInvalid` listing every
    problem.
    """
    problems: list[Problem] = []
    title = _text(meta, "title", problems, required=True)
    date = _date(meta, "date", problems, required=True)
    modified = _date(meta, "modified", problems)

    category = _plain(meta.get("category"))
    wrong_section = section_problem(category, sections)
    if wrong_section:
        problems.append(wrong_section)

    raw_tags = meta.get("tags") or []
    if isinstance(raw_tags, str):
        raw_tags = [raw_tags]
    tags = [_plain(t) for t in raw_tags] if isinstance(raw_tags, (list, tuple)) else None
    if tags is None or not all(isinstance(t, str) and t.strip() for t in tags):
        problems.append(Problem("tags", f"expected a list of names, got {_type_name(raw_tags)}"))
        tags = []
    elif any(_control_character(t, "tags", problems) for t in tags):
        tags = []

    status = meta.get("status")
    if status is not None and status not in STATUSES:
        problems.append(Problem("status", f"expected one of {', '.join(STATUSES)}, got {status!r}"))
    draft = status == "draft"
    # A draft is work in progress: it may still lack its highlights (the editor writes them).
    highlights = [] if draft and not meta.get("highlights") else _highlights(meta.get("highlights"), problems)
    summary = _text(meta, "summary", problems)
    why = _text(meta, "why_newsworthy", problems)
    takeaway = _text(meta, "takeaway", problems)
    takeaway_label = _text(meta, "takeaway_label", problems)
    source = _source(meta.get("source"), problems)
    import_id = meta.get("import_id")
    if import_id is not None and not isinstance(import_id, (str, int)):
        problems.append(Problem("import_id", f"expected text, got {_type_name(import_id)}"))
    review = _review(meta.get("review"), draft, problems)
    updates = _updates(meta.get("updates"), problems)
    for number, update in enumerate(updates, 1):
        if date is not None and _day(update.date) < _day(date):
            problems.append(Problem(f"updates[{number}].date", f"{update.date.isoformat()} is before the briefing's date"))

    if problems:
        raise BriefingInvalid(problems)
    return Briefing(
        title=title,
        date=date,
        category=category,
        highlights=highlights,
        tags=[t.strip() for t in tags],
        summary=summary,
        why_newsworthy=why,
        takeaway=takeaway,
        takeaway_label=takeaway_label,
        source=source,
        import_id=str(import_id) if import_id is not None else None,
        modified=modified,
        status=status,
        review=review,
        updates=updates,
    )


def _review(value: Any, draft: bool, problems: list[Problem]) -> list[str]:
    """What an editor must still do; only a draft may carry it, so nothing unreviewed goes live."""
    if value is None or value == [] or (isinstance(value, str) and not value.strip()):
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem("review", f"expected a list of things to do, got {_type_name(value)}"))
        return []
    if not draft:
        todo = "; ".join(v.strip() for v in value)
        problems.append(
            Problem("review", f"a post that is not a draft still has review items ({todo}): do them and remove "
                    "review, or keep the post a draft with status: draft")
        )
        return []
    return [v.strip() for v in value]
