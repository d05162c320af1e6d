"""``briefing new``: start a draft briefing from the contract's template, named as the importer names posts."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from ..cli_support import add_settings_option, iso_date, read_site_settings, shown
from ..draft import draft_text
from ..importer.metadata import match_section, slug_from
from ..importer.writer import PostStore, write_new
from ..style import StyleRules

DESCRIPTION = """\
Write a new draft briefing, content/briefings/YYYY/YYYY-MM-DD-slug.md, with
every front-matter key of the contract in place and a comment saying what
each is. Nothing is ever overwritten: a name already taken gets -2, -3...
The path of the new post is printed; fill it in, then run `briefing check` on it.
"""
EPILOG = """\
examples:
  briefing new "Lynas starts heavy rare-earth separation in Malaysia" --section Processing
  briefing new "Dysprosium prices ease" --tags Dysprosium China --date 2025-11-24
"""


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "new", help="start a draft briefing from the front-matter template",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("title", help="the briefing's title (plain text)")
    parser.add_argument("--section", metavar="SECTION", help="its section, one of BRIEFING_SECTIONS")
    parser.add_argument("--tags", nargs="+", default=[], metavar="TAG", help="its tags: elements, companies, countries, themes")
    parser.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD[THH:MM]", help="its date (default: now, in the site's time zone)")
    parser.add_argument("--out", type=Path, metavar="DIR", help="folder of the briefings (default: PATH/BRIEFING_DIR, i.e. content/briefings)")
    add_settings_option(parser, "the sections, time zone, style rules and content folder")
    parser.set_defaults(run=lambda args: run(args, parser))


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    settings = read_site_settings(args.settings, parser)
    title = " ".join(args.title.split())
    if not title:
        parser.error("the title is empty")
    sections = list(settings.get("BRIEFING_SECTIONS") or [])
    section = None
    if args.section is not None:
        section = match_section(args.section, sections)
        if section is None:
            parser.error(f"--section: {args.section!r} is not a section of the site (one of: {', '.join(sections)})")
    timezone = settings.get("TIMEZONE") or "UTC"
    date = args.date or dt.datetime.now(ZoneInfo(timezone)).replace(tzinfo=None, second=0, microsecond=0)
    try:
        style = StyleRules.from_settings(settings)
    except ValueError as error:
        parser.error(str(error))
    root = args.out or Path(settings["PATH"]) / settings.get("BRIEFING_DIR", "briefings")
    slug = slug_from(title, [tuple(s) for s in settings.get("SLUG_REGEX_SUBSTITUTIONS") or ()])
    text = draft_text(title, date, sections, style, section, [t.strip() for t in args.tags if t.strip()], timezone)
    store = PostStore(root)
    for _attempt in range(3):  # another post may take the name between choosing and writing it
        path = store.free_path(date.strftime("%Y-%m-%d"), slug)
        try:
            write_new(path, text)
        except FileExistsError:
            continue
        except OSError as error:
            parser.exit(1, f"briefing new: cannot write {shown(path)}: {error.strerror or error}\n")
        print(shown(path))
        return 0
    parser.exit(1, f"briefing new: no free file name for {slug} in {shown(root)}\n")
