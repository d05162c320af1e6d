"""A new briefing's starting point: the whole front-matter contract as a template, each key explained.

The editor fills it in and runs ``briefing check``, which names what is still
missing; the post stays a draft (shown in the preview, never published) until
the editor removes ``status: draft``. Values the editor gave (title, section,
tags) are written through the YAML dumper, so any title is a valid YAML string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .schema import SOURCE_KINDS, UPDATE_KINDS, dump_yaml
from .style import StyleRules


#: The body of a new draft, which ``briefing check`` reports until it is replaced.
DRAFT_BODY = "Write the briefing's body here, in Markdown.\n"


def _value(key: str, value: object) -> str:
    """``key: value`` as YAML, on as many lines as the value needs."""
    return dump_yaml({key: value}).rstrip("\n")


def draft_text(
    title: str,
    date: dt.date | dt.datetime,
    sections: Sequence[str],
    style: StyleRules,
    section: str | None = None,
    tags: Sequence[str] = (),
    timezone: str = "",
) -> str:
    low, high = style.highlights
    section_line = _value("category", section) if section else "category:"
    return f"""---
# A draft briefing: shown in the preview (make html) with a banner, never published.
# Fill in the keys below, run `briefing check` on this file, then delete `status: draft`.
#
# Title, plain text: what happened and who did it ({style.title_chars[0]}-{style.title_chars[1]} characters).
{_value("title", title)}
# First publication, as YYYY-MM-DD or YYYY-MM-DDTHH:MM ({timezone or "the site's time zone"}).
date: {date.isoformat(timespec="minutes") if isinstance(date, dt.datetime) else date.isoformat()}
# The section, one of: {", ".join(sections)}.
{section_line}
# Elements (Dysprosium...), companies, countries and themes, as a list: [Lynas Rare Earths, Australia].
{_value("tags", list(tags)) if tags else "tags: []"}
# For link previews, one or two sentences (at most {style.summary_chars} characters); the first highlight when empty.
summary:
# {low} to {high} highlights, Markdown, at most {style.highlight_words} words each, one "- " line each.
# A highlight with its own list:  - text: "The plan:"
#                                    items: [first step, second step]
highlights:
# Why newsworthy? (Markdown, one or more paragraphs, under "|").
why_newsworthy:
# The takeaway (Markdown); takeaway_label gives its box another heading.
takeaway:
# Where the story came from. kind: {", ".join(SOURCE_KINDS)}.
source:
  name:
  url:
  kind:
  description:
  note:
status: draft
# Corrections and updates after publication: add them with `briefing correct FILE "text"`
# (kind: {", ".join(UPDATE_KINDS)}).
updates: []
---

{DRAFT_BODY}"""
