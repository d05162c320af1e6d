"""The newsletter's command line: ``python -m briefing.newsletter build|send [--week 2025-W47]``.

``make newsletter`` and ``make send-newsletter`` run it. Without ``--week``
it takes the last complete ISO week in the site's timezone, so a weekly job
needs no argument. Exit status: 0 done (or nothing to do), 1 refused or failed.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import logging
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import read_settings

from .build import NewsletterError, build_issue, load_built
from .issue import count_briefings
from .send import send_issue
from .weeks import IsoWeek


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m briefing.newsletter", description=__doc__.split("\n\n")[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--week", help="ISO week such as 2025-W47 (default: the last complete week)")
    common.add_argument("--settings", default="publishconf.py", help="production settings (default: %(default)s)")
    common.add_argument("--output", default=None, help="output folder (default: the settings' OUTPUT_PATH)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", parents=[common], help="build the week's issue: email.html, email.txt, issue.eml")
    send = commands.add_parser("send", parents=[common], help="send the week's built issue over SMTP")
    send.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")
    send.add_argument("--force", action="store_true", help="send even if the ledger says it was sent")
    send.add_argument("--ledger", default=None, help="record of sends (default: PATH/NEWSLETTER_LEDGER)")
    return parser


def _week(args, settings) -> IsoWeek:
    if args.week:
        return IsoWeek.parse(args.week)
    today = _dt.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()
    return IsoWeek.last_complete(today)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    settings = read_settings(args.settings)
    output = Path(args.output or settings["OUTPUT_PATH"])
    try:
        week = _week(args, settings)
        if args.command == "build":
            built = build_issue(settings, week, output)
            if built is None:
                print(f"{week} ({week.dates_label}) has no published briefings: no issue was built.")
                return 0
            print(f"Built {week} ({count_briefings(built.items)}) in {built.folder}/: issue.eml, email.html, email.txt")
            print(f"Subject: {built.subject}")
            return 0
        ledger = Path(args.ledger) if args.ledger else Path(settings["PATH"]) / settings["NEWSLETTER_LEDGER"]
        built = load_built(settings, output, week)
        send_issue(built, ledger, os.environ, sys.stdout, dry_run=args.dry_run, force=args.force)
        return 0
    except (NewsletterError, ValueError) as problem:
        print(f"newsletter: {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
