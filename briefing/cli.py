"""The ``briefing`` command: one entry point, a subcommand per job.

A subcommand is a module with ``register(subcommands)``, which adds its parser
and sets ``run(args) -> exit status`` as its default (usage errors go through
its own parser, so they name the subcommand and exit with 2); adding a command
means adding its module to :data:`COMMANDS`, nothing else.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .deploy import command as deploy_command
from .desk import check, correct, new
from .importer import command as import_command

COMMANDS = (import_command, new, check, correct, deploy_command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Rare Earth Brief: tools for editors of the briefings.",
    )
    subcommands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
