"""`make publish`: a strict production build that replaces output/ only when it succeeded.

Strict means any warning or error that Pelican or a plugin logs fails the
build, and the editor gets every one of them at the end, not only the first
(Pelican's own ``--fatal warnings`` stops at the first). Complete or nothing
means the site is built into a staging folder beside output/ and swapped in
by renaming, so a failed build leaves output/ exactly as it was and a web
server or an upload never sees half a site.

Usage: ``python -m briefing.publish [content] [-o output] [-s publishconf.py] [-v]``
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

#: Prefix of the staging and retired folders beside output/ (.gitignore ignores `.staging*/`).
STAGING_PREFIX = ".staging-"


class Problems(logging.Handler):
    """Every WARNING or worse logged anywhere during one build, in order."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        self.messages.append(message)


@contextmanager
def collecting() -> Iterator[Problems]:
    """Collect log records for the length of one build, in this process.

    Pelican's loggers drop a message they have logged before, process-wide;
    a build starts from a clean slate so that it reports its own problems
    even when an earlier build in the same process met the same ones.
    """
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    problems = Problems()
    root = logging.getLogger()
    root.addHandler(problems)
    try:
        yield problems
    finally:
        root.removeHandler(problems)


@dataclass
class Outcome:
    output: Path
    problems: list[str] = field(default_factory=list)
    stopped_by: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.stopped_by is None

    def report(self) -> str:
        if self.ok:
            files = sum(1 for p in self.output.rglob("*") if p.is_file())
            return f"Published {files} files to {self.output}/"
        count = len(self.problems) or 1
        lines = [f"make publish failed: {count} problem(s); {self.output}/ was left unchanged."]
        lines += ["  - " + problem.replace("\n", "\n    ") for problem in self.problems]
        if self.stopped_by:
            lines.append(f"The build stopped: {self.stopped_by}")
        return "\n".join(lines)


def build(settings_file: Path, content: Path | None, staging: Path) -> tuple[list[str], str | None]:
    """Run Pelican into ``staging``; return what it logged at WARNING or worse, and why it stopped if it did."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from .build.forked import join_leftovers
    from .build.pool import close_leftovers

    override = {"OUTPUT_PATH": str(staging)}
    if content is not None:
        override["PATH"] = str(content.resolve())
    with collecting() as problems:
        stopped_by = None
        try:
            settings = read_settings(str(settings_file), override=override)
            Pelican(settings).run()
        except Exception as error:  # any failure of the build is reported, never raised at the editor
            stopped_by = f"{type(error).__name__}: {error}"
        finally:  # a build that stopped midway may have left processes writing into the staging folder
            close_leftovers()
            join_leftovers()
    return problems.messages, stopped_by


def swap_in(staging: Path, output: Path) -> None:
    """Make ``staging`` the new ``output`` by renames on one filesystem; the old one is deleted last."""
    if not output.exists():
        os.replace(staging, output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{output.name}-old-", dir=output.parent))
    os.replace(output, retired / output.name)
    try:
        os.replace(staging, output)
    except BaseException:
        os.replace(retired / output.name, output)
        raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)


def publish(settings_file: Path, output: Path, content: Path | None = None) -> Outcome:
    """Build with ``settings_file`` beside ``output`` and swap it in only if nothing went wrong."""
    target = output.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}-", dir=target.parent))
    try:
        problems, stopped_by = build(settings_file, content, staging)
        outcome = Outcome(output, problems, stopped_by)
        if outcome.ok:
            swap_in(staging, target)
        return outcome
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.publish", description=__doc__.split("\n\n")[0])
    parser.add_argument("content", nargs="?", type=Path, help="content folder (default: PATH in the settings)")
    parser.add_argument("-o", "--output", type=Path, default=Path("output"), help="folder to publish into")
    parser.add_argument("-s", "--settings", type=Path, default=Path("publishconf.py"), help="Pelican settings")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show Pelican's log as it builds")
    args = parser.parse_args(argv)
    if args.verbose:
        from pelican.log import init as init_logging

        init_logging(level=logging.INFO)
    outcome = publish(args.settings, args.output, args.content)
    print(outcome.report(), file=sys.stdout if outcome.ok else sys.stderr)
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
