"""The two sites a benchmark builds: a snapshot of this project, and stock Pelican.

Both live under ``bench/work/`` (never ``content/`` or ``output/``) and are built
with the very command ``make html`` runs, from their own folder. The project is
copied once per benchmark run, so edits other people make to the checkout
while it runs cannot change what is measured half-way, and a devserver
watching the copy never sees them.

The stock site is what ``pelican-quickstart`` writes with its default answers
(author, pagination of 10), with feeds left at Pelican's defaults and a
``FEED_DOMAIN`` so they are written, typogrify on, the default theme, and no
plugins (Pelican would otherwise load every namespace plugin installed in the
virtualenv).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .generate import Post, write

ROOT = Path(__file__).resolve().parent.parent
#: What of the checkout a project build needs (``briefing/`` too, so the snapshot is complete).
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "theme", "plugins", "briefing")
PELICAN = Path(sys.executable).parent / "pelican"

STOCK_CONF = '''\
"""Stock Pelican, as pelican-quickstart sets it up, with typogrify and its default feeds on."""
AUTHOR = "Bench Author"
SITENAME = "Stock Pelican"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
TYPOGRIFY = True
FEED_DOMAIN = "https://stock.example"
PLUGINS = []
'''


@dataclass(frozen=True)
class Site:
    """A buildable site folder: ``content/`` in, ``output/`` out, ``pelicanconf.py`` beside them."""

    name: str
    folder: Path
    stock: bool

    @property
    def content(self) -> Path:
        return self.folder / "content"

    @property
    def output(self) -> Path:
        return self.folder / "output"

    @property
    def briefings(self) -> Path:
        return self.content / "briefings"

    def build_command(self, *extra: str) -> list[str]:
        """What ``make html`` runs, from this site's folder."""
        return [str(PELICAN), "content", "-o", "output", "-s", "pelicanconf.py", *extra]

    def clean(self) -> None:
        """Remove output and caches: the next build is cold."""
        for name in ("output", "cache"):
            shutil.rmtree(self.folder / name, ignore_errors=True)

    def put(self, posts: Sequence[Post]) -> None:
        """Replace the site's briefings with ``posts``."""
        shutil.rmtree(self.briefings, ignore_errors=True)
        write(posts, self.briefings, stock=self.stock)


def project_site(folder: Path) -> Site:
    """A fresh snapshot of the project (settings, theme, plugins, code, content but briefings) in ``folder``."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=ignore)
        elif source.exists():
            shutil.copy2(source, folder / name)
    # Everything of the content but its briefings: pages, images, extra files.
    shutil.copytree(ROOT / "content", folder / "content", ignore=_top_level("briefings"))
    return Site("project", folder, stock=False)


def _top_level(name: str):
    top = str(ROOT / "content")
    return lambda directory, names: [name] if directory == top and name in names else []


def stock_site(folder: Path) -> Site:
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "content").mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(STOCK_CONF, encoding="utf-8")
    return Site("stock", folder, stock=True)


def child_env() -> dict[str, str]:
    """The environment of a build: wide enough that Pelican's summary line is never wrapped."""
    return {**os.environ, "COLUMNS": "250", "PYTHONUNBUFFERED": "1"}


_PROCESSED = re.compile(r"Processed\s+(\d+)\s+articles?")


def articles_processed(log: str) -> int | None:
    """The article count of the last "Done: Processed N articles" line in a Pelican log."""
    found = _PROCESSED.findall(" ".join(log.split()))
    return int(found[-1]) if found else None


def done_count(log: str) -> int:
    """How many builds a Pelican log reports as finished."""
    return len(_PROCESSED.findall(" ".join(log.split())))
