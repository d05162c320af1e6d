"""``briefing correct``: add a dated correction, update or clarification to a briefing.

The note is appended to the post's ``updates:`` list by a minimal textual
edit (the rest of the file, comments included, is left as it was) and the file
is replaced atomically. From the next build the note shows under the
briefing's date line, in its feed entries (whose ``updated`` moves to the
note's date while their id stays), in its JSON-LD and on /corrections/.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from ..cli_support import add_settings_option, iso_date, read_site_settings, shown
from ..importer.writer import replace_text
from ..post import FrontMatterError
from ..postfile import PostFile, append_to_list
from ..schema import UPDATE_KINDS, UPDATE_VERBS, BriefingInvalid, validate

DESCRIPTION = """\
Add a dated note to a published briefing: a correction (something was wrong),
an update (something new happened) or a clarification (something was unclear).
TEXT is Markdown. Readers see it under the briefing's date line
("Corrected 12 November 2025: ..."), feed readers see the entry as updated,
and /corrections/ lists it.
"""
EPILOG = """\
examples:
  briefing correct content/briefings/2025/2025-11-10-northern.md "The plant's capacity is 20,000 t, not 200,000 t."
  briefing correct POST "Lynas confirmed the shipment on 14 November." --kind update
"""


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "correct", help="add a dated correction, update or clarification to a briefing",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the briefing's post")
    parser.add_argument("text", metavar="TEXT", help="what was wrong and what is right (Markdown)")
    parser.add_argument("--kind", choices=UPDATE_KINDS, default="correction", help="what kind of note (default: %(default)s)")
    parser.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD[THH:MM]",
                        help="when the note was made (default: now, in the site's time zone)")
    add_settings_option(parser, "the sections and time zone")
    parser.set_defaults(run=lambda args: run(args, parser))


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    settings = read_site_settings(args.settings, parser)
    text = args.text.strip()
    if not text:
        parser.error("the note's TEXT is empty")
    date = args.date or dt.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).replace(
        tzinfo=None, second=0, microsecond=0)
    try:
        original = args.file.read_text(encoding="utf-8")
        PostFile.parse(original)
        edited = append_to_list(original, "updates", {"date": date, "kind": args.kind, "text": text})
        post = PostFile.parse(edited)
    except OSError as error:
        parser.exit(1, f"briefing correct: cannot read {shown(args.file)}: {error.strerror or error}\n")
    except (UnicodeDecodeError, FrontMatterError, ValueError) as error:
        parser.exit(1, f"briefing correct: {shown(args.file)}: {error}\n")
    try:
        validate(post.meta, settings.get("BRIEFING_SECTIONS") or [])
    except BriefingInvalid as invalid:
        wrong = [p for p in invalid.problems if p.key.startswith("updates")]
        if wrong:  # the post's other problems are not this command's to refuse
            parser.exit(1, f"briefing correct: {shown(args.file)}: nothing was written: "
                           + "; ".join(f"{p.key}: {p.message}" for p in wrong) + "\n")
    try:
        replace_text(args.file, edited)
    except OSError as error:
        parser.exit(1, f"briefing correct: cannot write {shown(args.file)}: {error.strerror or error}\n")
    print(f"{shown(args.file)}: {UPDATE_VERBS[args.kind]} {date.isoformat(sep=' ') if isinstance(date, dt.datetime) else date}")
    return 0
