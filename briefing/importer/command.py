"""``briefing import``: the command-line face of the importer."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..cli_support import add_settings_option, iso_date, read_site_settings
from .convert import Overrides
from .datafiles import DataFileError
from .errors import ImportFailure
from .metadata import match_section
from .pipeline import ImportConfig, Importer
from .report import Reporter

DESCRIPTION = """\
Turn raw articles into briefing posts in content/briefings/YYYY/YYYY-MM-DD-slug.md.

Each SRC is a text file, a saved web page, an RSS or Atom feed (recognised by
content, whatever the file is called), a folder of those, or - for standard
input. Damaged punctuation and page residue are repaired, and the parts of
the briefing (Highlights, body, Why newsworthy?, Takeaway, Source) are found
in every format.

An ordinary news article (no labelled highlights), or one whose title or date
had to be guessed, is written as a draft (status: draft) with highlights
proposed from its own sentences and a review: list of what the editor must
still do; the run ends with a list of every draft and what it needs. Only an
input with no article text at all is refused.

Pasted text: the headline, byline and dateline above the story give the
title and date ("By Jane Roe | Reuters", "Jan 19,2020", "Published: 3 March
2025") and are left out of the body. Text over 5 MiB is refused: split it.

Nothing is ever overwritten: an article imported before is reported as
"already imported" (use --force to replace it; the old post is kept as .bak),
and a different article with the same title gets its own file name. Two
imports into one folder at once take turns (the second waits, and says so).
Every post is checked with the site's own contract before it is written.
"""
EPILOG = """\
exit status: 0 when nothing failed, 1 when any input failed (the others are
still imported), 2 for a usage error.

examples:
  briefing import ~/Downloads/northern-rare-earth.txt
  briefing import --dry-run feeds/rare-earth-exchanges.xml
  pbpaste | briefing import --title "Lynas expands Kalgoorlie" --date 2025-11-04 -
  make import SRC=paste.txt TITLE="Lynas expands Kalgoorlie" DATE=2025-11-04 CATEGORY=Processing
"""


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "import",
        help="import raw articles (text, web pages, feeds) as briefing posts",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SRC",
        help="a text file, saved web page, RSS/Atom feed, a folder of those, or - for standard input",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="folder to write posts into (default: the settings' PATH/BRIEFING_DIR, i.e. content/briefings)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="write nothing; show each post that would be written, and where"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="re-import articles imported before, replacing their posts (each old post is kept as .bak)",
    )
    parser.add_argument("--title", help="title for the imported posts, instead of the one found or derived")
    parser.add_argument(
        "--date",
        type=iso_date,
        metavar="YYYY-MM-DD[THH:MM]",
        help="date for the imported posts, instead of the one found (undated articles otherwise get today's)",
    )
    parser.add_argument(
        "--category",
        metavar="SECTION",
        help="site section for the imported posts (one of BRIEFING_SECTIONS), instead of the feed's or the keyword rules'",
    )
    add_settings_option(parser, "the sections, time zone and output folder")
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="read inputs in this encoding (e.g. cp1252) instead of UTF-8 or the charset a page declares",
    )
    parser.set_defaults(run=lambda args: run(args, parser))


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    settings = read_site_settings(args.settings, parser)
    try:
        config = ImportConfig.from_settings(
            settings,
            out=args.out,
            dry_run=args.dry_run,
            force=args.force,
            overrides=Overrides(title=args.title, date=args.date, category=_section(args.category, settings, parser)),
            encoding=args.encoding,
        )
        importer = Importer(config)
    except (DataFileError, ValueError) as err:
        parser.error(str(err))
    try:
        return importer.run(args.sources, Reporter(dry_run=args.dry_run))
    except ImportFailure as failure:  # the output folder itself cannot be used
        print(f"briefing import: {failure}", file=sys.stderr)
        return 1


def _section(name: str | None, settings: dict, parser: argparse.ArgumentParser) -> str | None:
    if name is None:
        return None
    sections = settings.get("BRIEFING_SECTIONS") or []
    section = match_section(name, sections)
    if section is None:
        parser.error(f"--category: {name!r} is not a section of the site (one of: {', '.join(sections)})")
    return section
