"""The static search index: Pagefind, fed each briefing's text rather than the finished pages.

Pagefind ships its indexing binary inside its packages, so nothing is
downloaded at build time. Rather than crawl every page of the site, the build
takes one record per briefing (its text and boxes, title, date, section and
tags) and Pagefind indexes those records: it reads only what should be found,
not navigation, lists or footers.

On large sites the whole of that work runs in a forked child at low priority
(:mod:`briefing.build.forked`), started as soon as the articles are read and
their addresses final: it takes the core that Pelican's one-process work
(hubs, lists, feeds) leaves idle, instead of adding its
seconds after the pages are written. It builds the bundle aside and the build
moves it into the site once the pages are written.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .build.forked import Become, ForkedTaskError
from .crashpoints import crash_point
from .build.lifeline import subprocess_lifeline
from .text import plain_text

log = logging.getLogger("briefing.search")

#: Folder of the index inside the site; the search page loads ``pagefind.js`` from it.
BUNDLE_DIR = "pagefind"


class SearchIndexError(ForkedTaskError):
    """The index could not be written; the message says why."""


@dataclass(frozen=True)
class SearchRecord:
    """What the index knows of one briefing."""

    url: str
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)


def record_for(article: Any) -> SearchRecord:
    """A briefing as the index holds it: the text a reader sees on its page, boxes included, less their headings."""
    tags = [tag.name for tag in getattr(article, "tags", None) or []]
    section = article.category.name
    boxes = getattr(article, "briefing", None)
    # The HTML before links are resolved (``_content``): only attributes differ, which plain text drops, and
    # the record can be taken as soon as the articles are read, before the pages its links may point to.
    body = str(getattr(article, "_content", None) or article.content or "")
    text = plain_text(boxes.unlabelled(body) if boxes is not None else body)
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


def write_index(records: Iterable[SearchRecord], site: Path, language: str = "en", threads: int | None = None) -> Path:
    """Index ``records`` into the site's ``pagefind/`` bundle (see :func:`build_bundle`)."""
    return build_bundle(records, Path(site).resolve() / BUNDLE_DIR, language, threads)


def build_bundle(records: Iterable[SearchRecord], bundle: Path, language: str = "en",
                 threads: int | None = None) -> Path:
    """Index ``records`` into the folder ``bundle`` with Pagefind's command-line indexer, in this process."""
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as scratch:
        command = indexer(records, Path(scratch), bundle, language, threads)
        result = subprocess.run(command.argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env=command.env, preexec_fn=subprocess_lifeline())  # ends with the build
    if result.returncode != 0:
        raise SearchIndexError(f"search index: Pagefind failed ({result.returncode}): {result.stdout.strip()}")
    return check_bundle(bundle)


def indexer(records: Iterable[SearchRecord], scratch: Path, bundle: Path, language: str = "en",
            threads: int | None = None) -> Become:
    """Write ``records`` as pages under ``scratch``; the Pagefind command that indexes them into ``bundle``.

    Each record becomes a small page at its briefing's URL, so Pagefind reads
    it with the same binary and options as a built site, fed only what should
    be found. ``threads`` caps the threads of Pagefind's Rust thread pools
    (through the variables they read): in the background of a build whose
    cores are busy, one thread does the same work with a fifth less CPU than
    threads that wait on each other. A forked child becomes the command
    (:class:`~briefing.build.forked.Become`); a one-process build runs it.
    """
    root = scratch / "records"
    for record in records:
        page = root / record.url.strip("/") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(record_page(record, language), encoding="utf-8")
    crash_point("indexing")
    argv = [sys.executable, "-m", "pagefind", "--site", str(root), "--output-path", str(bundle),
            "--force-language", language, "--silent"]
    env = None
    if threads:
        env = {**os.environ, "RAYON_NUM_THREADS": str(threads), "TOKIO_WORKER_THREADS": str(threads)}
    return Become(argv, env, str(scratch / "pagefind.log"))


def check_bundle(bundle: Path) -> Path:
    if not (bundle / "pagefind.js").exists():
        raise SearchIndexError(f"search index: Pagefind wrote no bundle into {bundle}")
    return bundle


def install_bundle(bundle: Path, site: Path) -> Path:
    """Move a bundle built outside the site (:func:`build_bundle`) to the site's ``pagefind/``.

    An index built while Pelican is still reading cannot be written into the
    output folder: a build that deletes its output folder does so only after
    reading. It is built aside and moved in once the pages are written.
    """
    target = Path(site).resolve() / BUNDLE_DIR
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(bundle), str(target))
    return target
