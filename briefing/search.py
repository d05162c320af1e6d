"""The static search index: Pagefind, fed each briefing's text while the pages are written.

Pagefind ships its indexing binary inside its PyPI packages, so nothing is
downloaded at build time. Rather than crawl the finished HTML afterwards, the
build hands Pagefind one record per briefing (its text and boxes, title, date,
section and tags) as soon as the articles are read: the indexer works on the
other core while Pelican writes pages, and holds only text, not whole pages.
"""

from __future__ import annotations

import html
import logging
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .text import plain_text

log = logging.getLogger("briefing.search")

#: Folder of the index inside the site; the search page loads ``pagefind.js`` from it.
BUNDLE_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    exitcode = 1


@dataclass(frozen=True)
class SearchRecord:
    """What the index knows of one briefing."""

    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def record_for(article: Any) -> SearchRecord:
    """A briefing as the index holds it: the text a reader sees on its page, boxes included."""
    tags = [tag.name for tag in getattr(article, "tags", None) or []]
    section = article.category.name
    text = plain_text(article.content)
    if tags:
        text += " Topics: " + ", ".join(tags) + "."
    return SearchRecord(
        url="/" + article.url,
        content=text,
        meta={"title": plain_text(article.title), "date": article.locale_date, "section": section},
        filters={"section": [section], "tag": tags} if tags else {"section": [section]},
        sort={"date": article.date.strftime("%Y-%m-%d")},
    )


def record_page(record: SearchRecord, language: str) -> str:
    """A minimal page for Pagefind to read: the record's text, and its metadata as attributes."""
    esc = html.escape
    marks = [f'<span data-pagefind-meta="{esc(k)}:{esc(v)}"></span>' for k, v in record.meta.items()]
    marks += [f'<span data-pagefind-filter="{esc(k)}:{esc(v)}"></span>' for k, vs in record.filters.items() for v in vs]
    marks += [f'<span data-pagefind-sort="{esc(k)}:{esc(v)}"></span>' for k, v in record.sort.items()]
    return (
        f'<!doctype html><html lang="{esc(language)}"><head><meta charset="utf-8">'
        f"<title>{esc(record.meta.get('title', ''))}</title></head>"
        f"<body data-pagefind-body>{''.join(marks)}<p>{esc(record.content)}</p></body></html>"
    )


class BackgroundIndex:
    """Indexes records in a Pagefind process of its own; :meth:`finish` waits for the bundle on disk.

    Each record becomes a small page in a scratch folder, at its briefing's URL,
    and Pagefind's command-line indexer reads that folder: the same binary and
    options as for a built site, fed only what should be found.
    """

    def __init__(self, records: Iterable[SearchRecord], site: Path, language: str = "en"):
        self.bundle = Path(site).resolve() / BUNDLE_DIR
        self._scratch = tempfile.TemporaryDirectory(prefix="briefing-search-")
        root = Path(self._scratch.name)
        for record in records:
            page = root / record.url.strip("/") / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(record_page(record, language), encoding="utf-8")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(root), "--output-path", str(self.bundle),
             "--force-language", language, "--silent"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

    def finish(self) -> Path:
        output, _ = self._process.communicate()
        self._scratch.cleanup()
        if self._process.returncode != 0:
            raise SearchIndexError(f"search index: Pagefind failed ({self._process.returncode}): {output.strip()}")
        if not (self.bundle / "pagefind.js").exists():
            raise SearchIndexError(f"search index: Pagefind wrote no bundle into {self.bundle}")
        return self.bundle
