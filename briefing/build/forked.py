"""Work handed to a forked child once the site is read, while Pelican writes the rest.

A fork starts with a copy of everything the parent has read and resolved, so
the child needs no messages to start and produces exactly what the parent
would have. Both the article pages and the search index are written this way.

What comes back goes through one pipe, pickled: the child's result (the pages
it wrote, for the parent to replay their signals), every record it logged (for
the parent to log, so strict builds count them), and on failure its reason.
The parent raises that reason when it waits, before anything runs over the
finished folder.

Every child is known to this module until it is joined: when one wait fails,
the others are joined before the error goes on (no zombie, no child still
writing while the build is reported failed), and a build that failed midway
leaves its children to :func:`join_leftovers`, which the next build (and
``make publish``, before it clears its staging folder) calls first. A child
dies with its parent (:mod:`.lifeline`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import stats
from .lifeline import die_with_parent
from .logs import capturing, replay

log = logging.getLogger("briefing.build")

#: Sites with fewer articles than this are built in one process: starting others costs more.
DEFAULT_PARALLEL_MIN = 64

_running: dict[int, ForkedTask] = {}


class ForkedTaskError(RuntimeError):
    exitcode = 1


@dataclass(frozen=True)
class Become:
    """What a child's work may return: a command for the child to become once its work is done.

    A forked child keeps a copy of every page of the parent's memory that the
    parent changes after the fork; one that then waits minutes for a command
    (Pagefind) holds a second copy of the build's heap all that time. By
    becoming the command (``exec``), the child gives that memory back at once;
    its exit status is the command's, and ``output`` receives what it prints.
    It still dies with the build (the kernel's lifeline survives ``exec``).
    """

    argv: list[str]
    env: dict[str, str] | None
    output: str


def can_fork() -> bool:
    """Whether this platform forks; elsewhere (Windows) the build stays in one process."""
    return hasattr(os, "fork")


def parallel_min(settings: Mapping[str, Any]) -> int:
    return int(settings.get("BRIEFING_PARALLEL_MIN", DEFAULT_PARALLEL_MIN))


class ForkedTask:
    """``work`` run in a forked child; :meth:`wait` joins it, replays its log and returns its result.

    ``nice`` lowers the child's priority (and that of the processes it starts), so
    that work nobody waits for yet takes only the time the parent leaves idle.
    """

    def __init__(self, work: Callable[[], object], what: str, nice: int = 0):
        self.what = what
        self._joined = False
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            os.close(read_end)
            _run_child(work, what, nice, parent, write_end)
        os.close(write_end)
        self._pipe = read_end
        _running[self.pid] = self

    def wait(self) -> Any:
        """Join the child; return its result, or raise its failure once every other child is joined too."""
        if self._joined:
            return None
        try:
            code, outcome = self._join()
        except BaseException:
            join_leftovers(kill=True)
            raise
        kind, value, records = outcome
        replay(records, f"the child {self.what}")
        if code != 0 or kind not in ("done", "became"):
            reason = value if kind == "failed" else f"it ended with no word ({_describe(code)})"
            if kind == "became":
                reason = f"{value.argv[0]} ended with {_describe(code)}: {_said(value.output)}"
            others = join_leftovers()
            message = f"{self.what} failed in a second process ({code}): {reason or 'no reason given'}"
            raise ForkedTaskError("; ".join([message, *others]))
        stats.current().forked.append(self.what)
        return value

    def _join(self) -> tuple[int, tuple[str, Any, list]]:
        _running.pop(self.pid, None)
        self._joined = True
        outcome: tuple[str, Any, list] = ("lost", None, [])
        try:
            with os.fdopen(self._pipe, "rb") as pipe:
                data = pipe.read()
            if data:
                with contextlib.suppress(Exception):
                    outcome = pickle.loads(data)
        finally:
            _, status, usage = os.wait4(self.pid, 0)
            stats.current().child_cpu[self.what] = round(usage.ru_utime + usage.ru_stime, 3)
        return os.waitstatus_to_exitcode(status), outcome


def _said(path: str) -> str:
    """The end of what a command the child became printed: the reason it gives for failing."""
    try:
        with open(path, encoding="utf-8", errors="replace") as printed:
            return printed.read()[-4000:].strip() or "nothing printed"
    except OSError:
        return "nothing printed"


def _describe(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exit status {code}"


def _run_child(work: Callable[[], object], what: str, nice: int, parent: int, pipe: int) -> None:
    """In the child: do the work, send back its outcome, then leave at once (no parent clean-up)."""
    status = 0
    _running.clear()  # the parent's other children are not this one's to join
    with capturing() as records:
        try:
            die_with_parent(parent)
            if nice:
                os.nice(nice)
            outcome = ("done", work(), records)
        except BaseException as error:  # noqa: BLE001 - the parent reports the failure
            status = 1
            reason = str(error) if isinstance(error, ForkedTaskError) else traceback.format_exc()
            outcome = ("failed", reason, records)
    become = outcome[1] if status == 0 and isinstance(outcome[1], Become) else None
    if become is not None:
        outcome = ("became", become, outcome[2])
    try:
        data = pickle.dumps(outcome)
    except Exception:  # noqa: BLE001 - a result that cannot travel is a failure to report
        status, data, become = 1, pickle.dumps(("failed", f"{what}: its outcome cannot be sent back\n"
                                                + traceback.format_exc(), [])), None
    try:
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
        sys.stdout.flush()
        sys.stderr.flush()
        if become is not None:
            _exec(become)
    finally:
        os._exit(status if become is None else 127)  # 127: the command could not be run


def _exec(become: Become) -> None:
    """Replace this process by ``become``'s command, its output going to ``become.output``."""
    printed = os.open(become.output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(printed, 1)
    os.dup2(printed, 2)
    os.close(printed)
    try:
        os.execve(become.argv[0], become.argv, become.env if become.env is not None else os.environ)
    except OSError as error:  # the parent reads it in the output (exit status 127)
        os.write(2, f"cannot run {become.argv[0]}: {error}\n".encode())


def join_leftovers(kill: bool = False) -> list[str]:
    """Join every child not yet joined; return what the failed ones said.

    Called when one child failed, at the start of every build (a build that
    failed midway under the devserver leaves its children behind) and by
    `make publish` before it clears its staging folder. ``kill`` stops them
    first (an interrupted build).
    """
    reasons = []
    for task in list(_running.values()):
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(task.pid, signal.SIGKILL)
        try:
            task.wait()
        except ForkedTaskError as error:
            reasons.append(str(error))
    return reasons


def writes_in_parallel(settings: Mapping[str, Any], articles: int) -> bool:
    """Whether a build hands work to forked children: worth it only on sites of some size."""
    return bool(settings.get("BRIEFING_PARALLEL_WRITE")) and can_fork() and articles >= parallel_min(settings)
