"""Time and peak memory of one command, run as a child process.

Wall time is what an editor waits for; peak memory is the most the build held
at once. ``os.wait4`` gives the largest resident set of the child and the
processes it waited for; a sampler also adds up the whole process tree every few
tenths of a second, in all and per command name, so a build whose work is spread over
several processes (a search indexer, workers) is measured as a whole and it is
clear which process held the memory.

The tree is summed by proportional set size (PSS): a forked child shares its
parent's pages until it writes to them, and resident sizes would count each
shared page once per process. A page two processes share counts half in each,
so the sum is what the machine really held.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")
#: Reading a PSS makes the kernel walk the process's pages (milliseconds for a large indexer), so
#: the tree is sampled five times a second: often enough for the peaks, which last seconds, and
#: seldom enough that the sampler takes next to nothing from the build it measures.
SAMPLE_SECONDS = 0.2
#: Processes that are not the build's own: the search indexer, whose memory is reported apart.
NOT_OWN = ("pagefind",)


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child and its children
    peak_mb: float  # the whole process tree at its largest
    largest_mb: float  # the largest single process of the tree (maximum resident set)
    by_command: dict[str, float]  # peak memory of the tree's processes, by command name
    returncode: int
    log: str
    #: The tree at its largest without the search indexer (Pagefind, reported on its own).
    own_mb: float = 0.0


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return found


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * _PAGE / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def _pss_mb(pid: int) -> float:
    """The process's proportional share of memory; its resident size where the kernel has no rollup."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return _rss_mb(pid)


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


class _TreeSampler(threading.Thread):
    """Samples the memory (PSS) of a process tree: the whole, and per command name."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self.own_mb = pid, 0.0, 0.0
        self.by_command: dict[str, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            now: dict[str, float] = {}
            for pid in _tree(self.pid):
                name = _command(pid)
                now[name] = now.get(name, 0.0) + _pss_mb(pid)
            self.peak_mb = max(self.peak_mb, sum(now.values()))
            self.own_mb = max(self.own_mb, sum(mb for name, mb in now.items() if not name.startswith(NOT_OWN)))
            for name, mb in now.items():
                self.by_command[name] = max(self.by_command.get(name, 0.0), mb)


def measure(cmd: Sequence[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` in ``cwd`` with its output in ``log``; return its time and peak memory."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        child = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        sampler = _TreeSampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=max(usage.ru_maxrss / 1024, sampler.peak_mb),  # no tree is smaller than its largest process
        largest_mb=usage.ru_maxrss / 1024,
        by_command={name: mb for name, mb in sampler.by_command.items() if mb > 0},
        returncode=child.returncode,
        log=log.read_text(encoding="utf-8", errors="replace"),
        own_mb=sampler.own_mb,
    )


@dataclass(frozen=True)
class Spread:
    """Median, min and max of repeated measurements."""

    median: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(statistics.median(values), min(values), max(values), len(values))

    def fmt(self, unit: str = "s", digits: int = 2) -> str:
        if self.n == 1:
            return f"{self.median:.{digits}f} {unit}"
        return f"{self.median:.{digits}f} {unit} ({self.low:.{digits}f}–{self.high:.{digits}f})"
