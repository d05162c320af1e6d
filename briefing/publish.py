"""`make publish`: a strict production build that replaces output/ only when it succeeded.

Strict means any warning or error that Pelican or a plugin logs fails the
build, and the editor gets every one of them at the end, not only the first
(Pelican's own ``--fatal warnings`` stops at the first). Complete or nothing
means the site is built into a staging folder beside output/ and swapped in
by one atomic exchange of the two folders (``renameat2(RENAME_EXCHANGE)`` on
Linux, ``renamex_np(RENAME_SWAP)`` on macOS), so a failed build leaves output/
exactly as it was, a web server or an upload never sees half a site, and a
process killed at any moment leaves a complete output/, old or new. Whatever
a killed publish left beside output/ (its staging folder, its temporary
files) is removed by the next one, which waits for any publish still running
into the same folder.

Usage: ``python -m briefing.publish [content] [-o output] [-s publishconf.py] [-v]``
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import fcntl
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .crashpoints import crash_point

#: Prefix of the staging folders beside output/ (.gitignore ignores `.staging*/`).
STAGING_PREFIX = ".staging-"
#: The steps at which a test makes a publish kill itself (:mod:`briefing.crashpoints`), in order: the search
#: index's scratch pages are written (briefing/search.py); the site is built; output/ and the new site are
#: exchanged; part of the old one is removed.
CRASH_STEPS = ("indexing", "built", "exchanged", "removing")


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
    #: Whether output/ existed before: a failed first publish leaves none, rather than one "unchanged".
    existed: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems and self.stopped_by is None

    def report(self) -> str:
        if self.ok:
            files = sum(1 for p in self.output.rglob("*") if p.is_file())
            return f"Published {files} files to {self.output}/"
        count = len(self.problems) or 1
        left = f"{self.output}/ was left unchanged" if self.existed else f"nothing was written to {self.output}/"
        lines = [f"make publish failed: {count} problem(s); {left}."]
        lines += ["  - " + problem.replace("\n", "\n    ") for problem in self.problems]
        if self.stopped_by:
            lines.append(f"The build stopped: {self.stopped_by}")
        return "\n".join(lines)


def build(settings_file: Path, content: Path | None, staging: Path,
          cache: bool = True) -> tuple[list[str], str | None]:
    """Run Pelican into ``staging``; return what it logged at WARNING or worse, and why it stopped if it did."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from .build.forked import join_leftovers
    from .build.pool import close_leftovers

    override = {"OUTPUT_PATH": str(staging)}
    if not cache:  # every post rendered afresh (the cache is still written for the next release)
        override["LOAD_CONTENT_CACHE"] = False
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


def _libc_exchange():
    """The C library's atomic exchange of two paths, as ``f(a, b) -> 0 or -1``; None where it has none."""
    libc = ctypes.CDLL(None, use_errno=True)
    if hasattr(libc, "renameat2"):  # Linux (glibc 2.28 and later)
        function = libc.renameat2
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        at_fdcwd, rename_exchange = -100, 2
        return lambda a, b: function(at_fdcwd, a, at_fdcwd, b, rename_exchange)
    if hasattr(libc, "renamex_np"):  # macOS
        function = libc.renamex_np
        function.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: function(a, b, 2)  # RENAME_SWAP
    return None


def exchange(a: Path, b: Path) -> None:
    """Swap the paths ``a`` and ``b`` in one step: at no moment is either missing, even across a crash."""
    function = _libc_exchange()
    if function is None:
        raise OSError(errno.ENOSYS, "this system cannot exchange two paths atomically", str(a))
    if function(os.fsencode(a), os.fsencode(b)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_in(site: Path, output: Path, work: Path) -> None:
    """Make ``site`` the new ``output``; the old one ends up inside ``work``, and is removed last.

    Where the file system cannot exchange two folders, the old output/ is
    renamed into ``work`` first: a crash between the two renames leaves it
    there, and the next publish puts it back (:func:`recover`).
    """
    if not os.path.lexists(output):
        os.rename(site, output)
        return
    try:
        exchange(site, output)
    except OSError as error:
        if error.errno not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
            raise
        previous = work / "previous"
        os.rename(output, previous)
        try:
            os.rename(site, output)
        except BaseException:
            os.rename(previous, output)
            raise
        site = previous
    crash_point("exchanged")
    if site.is_symlink():  # output/ was a link to a folder elsewhere: drop the link, never what it points to
        site.unlink()
        return
    entries = sorted(site.iterdir())
    for number, entry in enumerate(entries):  # the old site, one top-level entry at a time
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        if number == 0:
            crash_point("removing")


def staging_folders(output: Path) -> list[Path]:
    """Every staging folder of ``output`` beside it: a running publish's, or one a killed publish left."""
    return sorted(output.parent.glob(f"{STAGING_PREFIX}{output.name}-*"))


def recover(output: Path) -> None:
    """Undo what killed publishes left: put back an output/ caught between two renames, remove staging folders.

    Called with the lock held (:func:`locked`), so no other publish is using them.
    """
    if not os.path.lexists(output):
        previous = [p / "previous" for p in staging_folders(output) if (p / "previous").is_dir()]
        if previous:
            os.rename(previous[-1], output)
    for folder in staging_folders(output):
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (the parent of output/): one publish at a time into it."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


@contextmanager
def temporary_files_in(folder: Path) -> Iterator[None]:
    """Temporary files of the build (the search index's scratch pages) go into ``folder``.

    It sits inside the staging folder, so a killed build's leftovers go with it.
    """
    folder.mkdir()
    saved, tempfile.tempdir = tempfile.tempdir, str(folder)
    try:
        yield
    finally:
        tempfile.tempdir = saved


def publish(settings_file: Path, output: Path, content: Path | None = None, cache: bool = True) -> Outcome:
    """Build with ``settings_file`` beside ``output`` and swap it in only if nothing went wrong."""
    target = output.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    with locked(target.parent):
        recover(target)
        work = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{target.name}-", dir=target.parent))
        try:
            site = work / "site"
            site.mkdir()  # with the umask's permissions (mkdtemp's own are private), as output/ gets them
            with temporary_files_in(work / "tmp"):
                problems, stopped_by = build(settings_file, content, site)
            outcome = Outcome(output, problems, stopped_by, existed=os.path.lexists(target))
            if outcome.ok:
                crash_point("built")
                try:
                    swap_in(site, target, work)
                except OSError as error:  # the exchange is one step: it failed, so nothing moved
                    outcome.stopped_by = f"the new site could not be swapped in: {error}"
            return outcome
        finally:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefing.publish", description=__doc__.split("\n\n")[0])
    parser.add_argument("content", nargs="?", type=Path, help="content folder (default: PATH in the settings)")
    parser.add_argument("-o", "--output", type=Path, default=Path("output"), help="folder to publish into")
    parser.add_argument("-s", "--settings", type=Path, default=Path("publishconf.py"), help="Pelican settings")
    parser.add_argument("--no-cache", action="store_true",
                        help="render every post afresh instead of taking unchanged ones from the publish cache")
    parser.add_argument("-v", "--verbose", action="store_true", help="also show Pelican's log as it builds")
    args = parser.parse_args(argv)
    if args.verbose:
        from pelican.log import init as init_logging

        init_logging(level=logging.INFO)
    outcome = publish(args.settings, args.output, args.content, cache=not args.no_cache)
    print(outcome.report(), file=sys.stdout if outcome.ok else sys.stderr)
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
