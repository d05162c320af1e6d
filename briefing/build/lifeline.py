"""Processes of a build die with the process that started them.

A build that is killed (``kill -9``, a closed terminal, a devserver stopped
with Ctrl-C) must not leave a forked child writing into ``output/`` or a
worker rendering for nobody. On Linux the kernel sends the child SIGKILL when
its parent goes (``PR_SET_PDEATHSIG``, which survives the ``exec`` of
Pagefind's binary); elsewhere a thread of the child watches for its parent's
end and exits. Both are set up in the child, right after it starts.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

#: prctl(2) option: the signal a process gets when the thread that created it ends.
PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this process (a child of ``parent``) end when ``parent`` does."""
    if not _ask_the_kernel():
        threading.Thread(target=_watch, args=(parent,), name="lifeline", daemon=True).start()
    if os.getppid() != parent:  # the parent went before the lifeline was in place
        os._exit(1)


def _ask_the_kernel() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def subprocess_lifeline():
    """A ``preexec_fn`` for commands a child runs (Pagefind): they too end with the child."""
    parent = os.getpid()
    return lambda: die_with_parent(parent)
