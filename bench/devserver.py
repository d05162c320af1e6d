"""From saving an edited briefing to its page being rewritten, under ``make devserver``.

The devserver is started exactly as the Makefile starts it (``pelican -lr``, a
free port on 127.0.0.1) on a snapshot of the project. After its first build,
one briefing at a time gets a new sentence with a unique token appended; the
clock runs from the moment the file is saved until the briefing's page on disk
holds the token, and on until Pelican reports the rebuild finished.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pelican.settings import read_settings
from pelican.utils import slugify

from .generate import Post
from .sites import PELICAN, Site, child_env, done_count

POLL_SECONDS = 0.025
#: After a rebuild, give the watcher time to watch again before the next save.
SETTLE_SECONDS = 1.5


@dataclass
class EditTimes:
    first_build: float | None = None
    to_page: list[float] = field(default_factory=list)  # save -> page holds the edit
    to_done: list[float] = field(default_factory=list)  # save -> Pelican reports the rebuild done
    failures: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_path(settings_file: Path, output: Path, post: Post) -> Path:
    """Where a site built with ``settings_file`` into ``output`` writes ``post``'s page."""
    settings = read_settings(str(settings_file))
    slug = slugify(
        post.briefing.title,
        regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"],
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )
    return output / settings["ARTICLE_SAVE_AS"].format(slug=slug, date=post.briefing.date)


def _wait(condition: Callable[[], bool], timeout: float) -> bool:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if condition():
            return True
        time.sleep(POLL_SECONDS)
    return False


def _holds(path: Path, token: str) -> bool:
    try:
        return token in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # not there yet, or half-written
        return False


def edit_to_page(site: Site, posts: Sequence[Post], edits: int, log: Path, timeout: float = 300) -> EditTimes:
    """Run the devserver on ``site`` (holding ``posts``) and time ``edits`` edits, each to another post."""
    published = [p for p in posts if p.published]
    targets = [published[(i + 1) * len(published) // (edits + 1)] for i in range(edits)]
    times = EditTimes()
    port = _free_port()
    command = [str(PELICAN), "-lr", "content", "-o", "output", "-s", "pelicanconf.py",
               "-b", "127.0.0.1", "-p", str(port)]
    read_log = lambda: log.read_text(encoding="utf-8", errors="replace")  # noqa: E731
    with open(log, "w", encoding="utf-8") as out:
        start = time.perf_counter()
        server = subprocess.Popen(command, cwd=site.folder, stdout=out, stderr=subprocess.STDOUT,
                                  env=child_env(), start_new_session=True)
        try:
            if not _wait(lambda: done_count(read_log()) >= 1 or server.poll() is not None, timeout):
                times.failures.append(f"first build did not finish within {timeout:.0f} s")
                return times
            if server.poll() is not None:
                times.failures.append(f"devserver exited with {server.returncode}; see {log}")
                return times
            times.first_build = time.perf_counter() - start
            for number, post in enumerate(targets, 1):
                time.sleep(SETTLE_SECONDS)
                page = page_path(site.folder / "pelicanconf.py", site.output, post)
                if not page.exists():
                    times.failures.append(f"no page at {page} for {post.relpath}")
                    continue
                token = f"benchedit{number}{secrets.token_hex(4)}"
                source = site.briefings / post.relpath
                text = source.read_text(encoding="utf-8").rstrip("\n")
                builds = done_count(read_log())
                saved = time.perf_counter()
                source.write_text(f"{text} Late update: the figures were confirmed ({token}).\n",
                                  encoding="utf-8")
                if not _wait(lambda: _holds(page, token), timeout):
                    times.failures.append(f"edit {number}: page not rewritten within {timeout:.0f} s")
                    continue
                times.to_page.append(time.perf_counter() - saved)
                if _wait(lambda: done_count(read_log()) > builds, timeout):
                    times.to_done.append(time.perf_counter() - saved)
        finally:
            _stop(server)
    return times


def _stop(server: subprocess.Popen) -> None:
    """Stop the devserver and the processes it started (its own session): Ctrl-C, then kill."""
    group = server.pid  # start_new_session made the server the leader of its own group
    for sig, grace in ((signal.SIGINT, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(group, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(grace)
        except subprocess.TimeoutExpired:
            continue
        try:
            os.killpg(group, 0)  # any of its processes left?
        except ProcessLookupError:
            break
    if server.poll() is None:
        server.wait()
