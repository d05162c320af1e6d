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
        if code != 0 or kind != "done":
            reason = value if kind == "failed" else f"it ended with no word ({_describe(code)})"
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
    try:
        data = pickle.dumps(outcome)
    except Exception:  # noqa: BLE001 - a result that cannot travel is a failure to report
        status, data = 1, pickle.dumps(("failed", f"{what}: its outcome cannot be sent back\n"
                                        + traceback.format_exc(), []))
    try:
        with os.fdopen(pipe, "wb") as out:
            out.write(data)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


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
