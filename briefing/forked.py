"""Work handed to a forked child once the site is read, while Pelican writes the rest.

A fork starts with a copy of everything the parent has read and resolved, so
the child needs no messages and produces exactly what the parent would have.
Both the article pages and the search index are written this way. A child
that fails sends its reason back through a pipe; the parent raises it when it
waits, before anything runs over the finished folder.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from .reader import DEFAULT_PARALLEL_MIN


class ForkedTaskError(RuntimeError):
    exitcode = 1


class ForkedTask:
    """``work`` run in a forked child; :meth:`wait` joins it and raises its failure.

    ``nice`` lowers the child's priority (and that of the processes it starts), so
    that work nobody waits for yet takes only the time the parent leaves idle.
    """

    def __init__(self, work: Callable[[], object], what: str, nice: int = 0):
        self.what = what
        sys.stdout.flush()
        sys.stderr.flush()
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: do the work, then leave at once (no parent clean-up)
            os.close(read_end)
            status = 0
            try:
                if nice:
                    os.nice(nice)
                work()
            except BaseException as error:  # noqa: BLE001 - the parent reports the failure
                status = 1
                reason = str(error) if isinstance(error, ForkedTaskError) else traceback.format_exc()
                os.write(write_end, reason.encode("utf-8", "replace"))
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        os.close(write_end)
        self._reason = read_end

    def wait(self) -> None:
        with os.fdopen(self._reason, "rb") as pipe:
            reason = pipe.read().decode("utf-8", "replace").strip()
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise ForkedTaskError(f"{self.what} failed in a second process ({code}): {reason or 'no reason given'}")


def settle(task: ForkedTask | None) -> None:
    """Join a child that a failed build left running, before the next build writes where it writes.

    Its build has already failed and said why, so what the child says now is dropped.
    """
    if task is not None:
        with contextlib.suppress(ForkedTaskError):
            task.wait()


def writes_in_parallel(settings: Mapping[str, Any], articles: int) -> bool:
    """Whether a build hands work to forked children: worth it only on sites of some size."""
    return bool(settings.get("BRIEFING_PARALLEL_WRITE")) and \
        articles >= settings.get("BRIEFING_PARALLEL_MIN", DEFAULT_PARALLEL_MIN)
