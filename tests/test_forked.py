"""Work handed to forked children: results come back as files, failures as clear errors."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from pelican import signals

from briefing.build import stats
from briefing.build.forked import Become, ForkedTask, ForkedTaskError, writes_in_parallel
from briefing.build.logs import capturing
from briefing.crashpoints import CRASH_AT
from briefing.search import SearchIndexError, SearchRecord, write_index
from tests.sitebuild import CONTENT, build


def test_a_child_does_its_work_at_the_priority_asked(tmp_path):
    out = tmp_path / "done"
    task = ForkedTask(lambda: out.write_text(str(os.nice(0))), "writing a file", nice=5)
    task.wait()
    assert int(out.read_text()) == os.nice(0) + 5


def test_an_explained_failure_reaches_the_parent_as_it_was_said():
    def fail():
        raise SearchIndexError("search index: Pagefind failed (2): no space left")

    task = ForkedTask(fail, "building the search index")
    expected = r"building the search index failed .*: search index: Pagefind failed \(2\)"
    with pytest.raises(ForkedTaskError, match=expected):
        task.wait()


def test_an_unexpected_failure_reaches_the_parent_with_its_traceback():
    task = ForkedTask(lambda: {}["missing"], "writing the article pages")
    with pytest.raises(ForkedTaskError, match=r"(?s)writing the article pages failed.*KeyError: 'missing'"):
        task.wait()


def test_only_sites_of_some_size_fork():
    settings = {"BRIEFING_PARALLEL_WRITE": True, "BRIEFING_PARALLEL_MIN": 64}
    assert writes_in_parallel(settings, 64)
    assert not writes_in_parallel(settings, 63)
    assert not writes_in_parallel({**settings, "BRIEFING_PARALLEL_WRITE": False}, 1000)


def test_a_search_index_that_fails_in_the_child_fails_the_build(tmp_path, monkeypatch):
    """The index is built in a forked child here (threshold 1); its death must not pass silently."""
    monkeypatch.setenv(CRASH_AT, "indexing")  # the child kills itself before Pagefind runs
    with pytest.raises(ForkedTaskError, match="building the search index failed .*SIGKILL"):
        build(tmp_path / "out", BRIEFING_PARALLEL_MIN=1)


def test_a_stale_file_where_the_index_goes_is_replaced_by_the_index(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "pagefind").write_text("a file left where Pagefind's folder goes")
    build(out, BRIEFING_PARALLEL_MIN=1)
    assert (out / "pagefind" / "pagefind.js").is_file()


def test_a_search_index_built_in_the_child_is_complete(tmp_path):
    out = build(tmp_path / "out", BRIEFING_PARALLEL_MIN=1)
    briefings = list((CONTENT / "briefings").rglob("*.md"))
    fragments = list((out / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert len(fragments) == len(briefings)


def test_a_child_left_by_a_failed_build_is_joined_when_the_next_build_starts(tmp_path):
    """Under the devserver a failed build never reaches `finalized`; the next one must not race its child."""
    done = tmp_path / "done"

    def slow():
        time.sleep(0.3)
        done.write_text("written")

    leftover = ForkedTask(slow, "building the search index")
    seen = {}

    def at_reading(generator):  # the next build, before it reads or writes anything
        try:
            seen["waitpid"] = os.waitpid(leftover.pid, os.WNOHANG)
        except ChildProcessError:
            seen["waitpid"] = "already joined"

    signals.article_generator_init.connect(at_reading)
    try:
        build(tmp_path / "out")
    finally:
        signals.article_generator_init.disconnect(at_reading)
    assert seen["waitpid"] == "already joined"
    assert done.read_text() == "written"


def test_the_background_indexer_is_held_to_the_threads_asked(tmp_path, monkeypatch):
    seen = {}

    def fake_run(command, **kwargs):
        seen["env"] = kwargs.get("env")
        (tmp_path / "pagefind").mkdir()
        (tmp_path / "pagefind" / "pagefind.js").write_text("")
        return subprocess.CompletedProcess(command, 0, "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    record = SearchRecord(url="/2025/x/", content="text", meta={"title": "x"})
    write_index([record], tmp_path, threads=1)
    assert seen["env"]["RAYON_NUM_THREADS"] == "1" and seen["env"]["TOKIO_WORKER_THREADS"] == "1"
    (tmp_path / "pagefind" / "pagefind.js").unlink()
    (tmp_path / "pagefind").rmdir()
    write_index([record], tmp_path)
    assert seen["env"] is None  # Pagefind's own choice: a thread per core


def test_when_one_child_fails_the_other_is_still_joined():
    indexing = ForkedTask(lambda: time.sleep(0.3), "building the search index")
    writing = ForkedTask(lambda: {}["missing"], "writing the article pages")
    with pytest.raises(ForkedTaskError, match="writing the article pages failed"):
        writing.wait()
    with pytest.raises(ChildProcessError):  # reaped, not left a zombie or still running
        os.waitpid(indexing.pid, os.WNOHANG)


def test_what_a_child_logs_is_logged_by_the_parent_and_its_result_returned(caplog):
    def work():
        logging.getLogger("briefing.search").warning("%d records have no date", 3)
        return ["2025/a/index.html"]

    task = ForkedTask(work, "building the search index")
    assert task.wait() == ["2025/a/index.html"]
    logged = [r for r in caplog.records if r.getMessage() == "3 records have no date"]
    assert len(logged) == 1 and logged[0].process == task.pid and logged[0].levelno == logging.WARNING


def test_a_child_killed_from_outside_fails_with_the_signal_named():
    task = ForkedTask(lambda: time.sleep(30), "writing the article pages")
    os.kill(task.pid, signal.SIGKILL)
    with pytest.raises(ForkedTaskError, match="killed by SIGKILL"):
        task.wait()


def test_while_a_post_is_read_only_its_own_thread_is_captured(caplog):
    """A devserver's requests, logged by another thread meanwhile, are printed as usual, not kept with the post."""
    with capturing() as records:
        logging.getLogger("briefing.post").warning("kept with the post")
        other = threading.Thread(target=lambda: logging.getLogger("pelican.server").warning("GET /2025/ 200"))
        other.start()
        other.join()
    assert [r.getMessage() for r in records] == ["kept with the post"]
    assert [r.getMessage() for r in caplog.records] == ["GET /2025/ 200"]


def test_a_child_can_become_a_command_and_give_back_the_builds_memory(tmp_path):
    """The search index's child becomes Pagefind: while it runs, the process is the command, not a copy of the build."""
    ready = tmp_path / "ready"
    task = ForkedTask(lambda: Become(["/bin/sh", "-c", f"touch {ready}; sleep 1"], None, str(tmp_path / "out")),
                      "running a command")
    deadline = time.monotonic() + 10
    while not ready.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert Path(f"/proc/{task.pid}/comm").read_text().strip() == "sleep" or \
        Path(f"/proc/{task.pid}/comm").read_text().strip() == "sh"
    assert "python" not in Path(f"/proc/{task.pid}/exe").resolve().name
    became = task.wait()
    assert isinstance(became, Become) and "running a command" in stats.current().forked


def test_a_command_the_child_became_that_fails_fails_with_what_it_printed(tmp_path):
    task = ForkedTask(lambda: Become(["/bin/sh", "-c", "echo the index is full; exit 3"], None,
                                     str(tmp_path / "out")), "building the search index")
    with pytest.raises(ForkedTaskError, match=r"building the search index failed .*exit status 3: the index is full"):
        task.wait()


def test_a_command_that_cannot_be_run_is_a_failure_that_says_so(tmp_path):
    task = ForkedTask(lambda: Become([str(tmp_path / "no-such-binary")], None, str(tmp_path / "out")),
                      "building the search index")
    with pytest.raises(ForkedTaskError, match=r"exit status 127: cannot run .*no-such-binary"):
        task.wait()
