"""The newsletter's command line: ``python -m briefing.newsletter build|send [--week 2025-W47 | --day 2025-11-10]``.

``make newsletter`` and ``make send-newsletter`` run it. Without ``--week`` or
``--day`` it takes the last complete ISO week in the site's timezone, so a
weekly job needs no argument; a daily job says ``--day yesterday``.
Exit status: 0 done (or nothing to build); 1 refused or failed, or a send that
left any recipient refused, deferred or in doubt (the summary says who).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import logging
import os
import sys
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican.settings import read_settings

from ..flags import flag
from .build import NewsletterError, build_issue, load_built
from .editions import choose
from .issue import count_briefings
from .send import DeliveryPolicy, send_issue


def _switch(name: str, value: str) -> bool:
    try:
        return flag(value, name)
    except ValueError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m briefing.newsletter", description=__doc__.split("\n\n")[0])
    common = argparse.ArgumentParser(add_help=False)
    which = common.add_mutually_exclusive_group()
    which.add_argument("--week", help="ISO week such as 2025-W47 (default: the last complete week)")
    which.add_argument("--day", help="a day's issue: 2025-11-10, or yesterday / today")
    common.add_argument("--settings", default="publishconf.py", help="production settings (default: %(default)s)")
    common.add_argument("--output", default=None, help="output folder (default: the settings' OUTPUT_PATH)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", parents=[common], help="build the issue: email.html, email.txt, issue.eml")
    send = commands.add_parser("send", parents=[common], help="send the built issue over SMTP to whoever is owed it")
    yes_no = "; takes 1/0, true/false or yes/no (alone: yes)"
    send.add_argument("--dry-run", nargs="?", const=True, default=False, type=partial(_switch, "DRY_RUN"),
                      metavar="BOOL", help="print what would be sent; send nothing" + yes_no)
    send.add_argument("--force", nargs="?", const=True, default=False, type=partial(_switch, "FORCE"),
                      metavar="BOOL", help="start a new send to every recipient, whatever the record says" + yes_no)
    send.add_argument("--ledger", default=None, help="record of sends (default: PATH/NEWSLETTER_LEDGER)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    settings = read_settings(args.settings)
    output = Path(args.output or settings["OUTPUT_PATH"])
    try:
        today = _dt.datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC")).date()
        period = choose(args.week, args.day, today)
        if args.command == "build":
            built = build_issue(settings, period, output)
            if built is None:
                print(f"{period} ({period.dates_label}) has no published briefings: no issue was built.")
                return 0
            source = f"the production build in {output}/" if built.reused else "a production build of its own"
            print(f"Built {period} ({count_briefings(built.items)}) in {built.folder}/ from {source}:"
                  " issue.eml, email.html, email.txt")
            print(f"Subject: {built.subject}")
            return 0
        ledger = Path(args.ledger) if args.ledger else Path(settings["PATH"]) / settings["NEWSLETTER_LEDGER"]
        built = load_built(settings, output, period)
        policy = DeliveryPolicy.from_settings(settings, os.environ)
        report = send_issue(built, ledger, os.environ, sys.stdout, dry_run=args.dry_run, force=args.force, policy=policy)
        if report is not None and not report.complete:
            left = [f"{len(report.deferred)} deferred"] if report.deferred else []
            left += [f"{len(report.refused)} refused"] if report.refused else []
            left += [f"{len(report.unknown)} in doubt"] if report.unknown else []
            print(f"newsletter: {period} has not reached everyone: {', '.join(left)}", file=sys.stderr)
            return 1
        return 0
    except (NewsletterError, ValueError) as problem:
        print(f"newsletter: {problem}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
