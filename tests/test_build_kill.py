"""`kill -9` of a build leaves nothing of it running: workers and forked children die with it.

The build runs in a session of its own, so every process it starts (the
worker pool, the forked writer and indexer, Pagefind) can be found by its
session id after the main process is gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.sitebuild import ROOT, generated_content

N = 110
BUILD = """
import sys
from pathlib import Path
from tests.sitebuild import build
build(Path(sys.argv[1]), content=Path(sys.argv[2]), BRIEFING_WORKERS=2, BRIEFING_PARALLEL_MIN=8,
      BRIEFING_PARALLEL_WRITE=True, CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
"""


def session_processes(session: int) -> dict[int, str]:
    """Processes of ``session`` that are not zombies: pid -> state."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        state, sid = fields[0], int(fields[3])
        if sid == session and state not in ("Z", "X"):
            found[int(entry.name)] = state
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_content(tmp_path_factory.mktemp("corpus") / "content", N)


def written_articles(out: Path) -> bool:
    return any(out.glob("2*/*/index.html"))


@pytest.mark.parametrize("phase", ["reading", "writing"])
def test_kill_9_of_the_build_leaves_no_process_of_it_running(corpus, tmp_path, phase):
    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "-c", BUILD, str(out), str(corpus)], cwd=ROOT, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # reading: the worker pool is up; writing: the forked children write article pages
        ready = (lambda: len(session_processes(build.pid)) >= 3) if phase == "reading" else \
            (lambda: written_articles(out) and len(session_processes(build.pid)) >= 2)
        while not ready():
            assert build.poll() is None, f"the build ended before the {phase} phase could be caught"
            time.sleep(0.01)
        started = session_processes(build.pid)
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 5
        while session_processes(build.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = session_processes(build.pid)
        assert len(started) >= 2 and not left, (started, left)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
        for pid in session_processes(build.pid):
            os.kill(pid, signal.SIGKILL)
