"""``briefing check``: every problem of every post, with its file, line and fix, in one run."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..checker import Checker, Located, article_files
from ..cli_support import add_settings_option, read_site_settings, shown

DESCRIPTION = """\
Check posts against the front-matter contract (the same check the build
makes), the house style (BRIEFING_STYLE in pelicanconf.py: highlights, title
and summary lengths, the boxes and source a published briefing needs), the
archive (a story already covered, by title and text), and review items left on
a post that is not a draft. Every problem is listed with file, line and a fix.

Style problems are errors on published posts and warnings on drafts; a likely
duplicate is a warning.
"""
EPILOG = """\
exit status: 0 when no post has an error (warnings allowed), 1 when any has, 2 for a usage error.

examples:
  briefing check                      every post of the site
  briefing check content/briefings/2025/2025-11-24-dysprosium-prices-ease.md
"""


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "check", help="check posts: contract, style, duplicates, review items (file, line and fix)",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE", help="posts to check (default: every article of the site)")
    add_settings_option(parser, "the sections, style rules and the archive's folder")
    parser.set_defaults(run=lambda args: run(args, parser))


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    settings = read_site_settings(args.settings, parser)
    try:
        checker = Checker(settings)
    except ValueError as error:
        parser.error(str(error))
    files = args.files or article_files(settings)
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        parser.error(f"no such file: {', '.join(missing)}")
    found: list[Located] = []
    for path in files:
        found += checker.check_file(path)
    for located in found:
        print(located.describe(shown(located.path)))
    errors = sum(1 for located in found if located.finding.is_error)
    warnings = len(found) - errors
    posts = len({located.path for located in found})
    summary = f"{_plural(len(files), 'post')} checked: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    print(summary + (f" in {_plural(posts, 'post')}" if found else ""))
    return 1 if errors else 0


def _plural(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
