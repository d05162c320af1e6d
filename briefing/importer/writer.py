"""Posts on disk: where a new one goes, and writing it without ever losing an editor's file.

An editor may have reworked an imported post by hand, so the importer never
writes over an existing file. The original's ``import_id`` recognises a
re-import (skipped unless forced); a different article whose slug collides
gets a numbered name. A forced re-import keeps the old post beside the new one
as ``.bak``. Every file is written by :func:`write_file`, to a temporary file in
the same folder that is then linked or renamed into place, so a post is either
whole or absent.

Two imports into one folder at once would each see the other's posts as
strangers and write every article twice (``-2.md``), which then breaks the
build; :meth:`PostStore.locked` therefore holds a lock on the folder from
reading what it holds until the last post is written.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..post import FrontMatterError, split_front_matter
from .errors import ImportFailure

class AlreadyImported(Exception):
    """The original is already a post; ``path`` is where."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


@dataclass(frozen=True)
class Plan:
    path: Path
    #: With --force, the earlier post of the same original that this one replaces.
    replaces: Path | None = None
    backup: Path | None = None


class PostStore:
    """The briefings folder as the importer sees it: which originals it holds, which names are taken."""

    def __init__(self, root: Path):
        self.root = root
        self._by_id: dict[str, Path] = {}
        self._taken: set[Path] = set()
        if root.is_dir():
            for post in sorted(root.rglob("*.md")):
                self._taken.add(post)
                import_id = read_import_id(post)
                if import_id:
                    self._by_id.setdefault(import_id, post)

    @classmethod
    @contextlib.contextmanager
    def locked(cls, root: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[PostStore]:
        """The store, read and written under an exclusive lock on its folder until the block ends.

        The lock is ``flock`` on the folder itself rather than on a lock file
        in it: nothing is left behind for Pelican or git to find, and the lock
        goes with the process however it ends. ``waiting`` is called once if
        another import holds the lock, so the editor knows why nothing moves.
        """
        try:
            root.mkdir(parents=True, exist_ok=True)
            folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as err:
            raise ImportFailure(f"cannot use {root}: {err.strerror or err}") from None
        try:
            try:
                fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                waiting()
                fcntl.flock(folder, fcntl.LOCK_EX)
            yield cls(root)
        finally:
            os.close(folder)  # closing the last descriptor releases the lock

    def plan(self, import_id: str, date_prefix: str, slug: str, force: bool) -> Plan:
        earlier = self._by_id.get(id_key(import_id))
        if earlier is not None:
            if not force:
                raise AlreadyImported(earlier)
            return Plan(earlier, replaces=earlier, backup=_free_backup(earlier))
        return Plan(self.free_path(date_prefix, slug))

    def free_path(self, date_prefix: str, slug: str) -> Path:
        """``YYYY/YYYY-MM-DD-slug.md`` under the root, numbered (``-2``, ``-3``) past any name taken."""
        year = date_prefix[:4]
        for number in range(1, 10_000):
            suffix = "" if number == 1 else f"-{number}"
            path = self.root / year / f"{date_prefix}-{slug}{suffix}.md"
            if path not in self._taken and not path.exists():
                return path
        raise ImportFailure(f"no free file name for {date_prefix}-{slug} in {self.root / year}")

    def claim(self, plan: Plan, import_id: str) -> None:
        """Record a post as written (or, in a dry run, as it would be), for later inputs of the run."""
        self._taken.add(plan.path)
        self._by_id[id_key(import_id)] = plan.path

    def write(self, plan: Plan, text: str, import_id: str) -> None:
        try:
            plan.path.parent.mkdir(parents=True, exist_ok=True)
            if plan.replaces is not None:
                # The editor's post is copied aside, on disk, before it is replaced.
                try:
                    _durable_copy(plan.replaces, plan.backup)
                    write_file(plan.path, text, replace=True, durable=True)
                except BaseException:
                    plan.backup.unlink(missing_ok=True)  # the post is as it was: no backup is needed
                    raise
            else:
                # A new post that a crash lost can simply be imported again: no fsync.
                write_file(plan.path, text)
        except FileExistsError:
            raise ImportFailure(f"{plan.path} appeared while importing; nothing was written") from None
        except OSError as err:
            raise ImportFailure(f"cannot write {plan.path}: {err.strerror or err}") from None
        self.claim(plan, import_id)


def write_new(path: Path, text: str) -> None:
    """Create the file ``path`` holding ``text``, whole or not at all; FileExistsError if anything is there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, text)


def replace_text(path: Path, text: str) -> None:
    """Replace an editor's file with ``text``: on disk in full before it takes the old file's place."""
    write_file(path, text, replace=True, durable=True)


def write_file(target: Path, text: str | bytes, replace: bool = False, durable: bool = False) -> None:
    """Write ``text`` (or bytes, such as an image) to ``target`` whole or not at all: the project's one atomic-write helper.

    The text goes to a temporary file beside the target, created with the
    permissions the umask gives any new file (0644 under the usual 022, never
    the 0600 of :mod:`tempfile`, which a web server or a colleague could not
    read), and is then put in place. Without ``replace`` an existing target is
    never overwritten (:class:`FileExistsError`), with it a file replaced keeps
    its mode; with ``durable`` the text is on disk before the target changes.
    """
    temporary = _create_temporary(target)
    try:
        binary = isinstance(text, bytes)
        with open(temporary, "wb") if binary else open(temporary, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if replace:
            if target.exists():
                shutil.copymode(target, temporary)
            os.replace(temporary, target)
        else:
            _place_new(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _create_temporary(target: Path) -> Path:
    for _ in range(100):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666))
        except FileExistsError:
            continue
        return temporary
    raise FileExistsError(f"no free temporary name beside {target}")


def _durable_copy(source: Path, backup: Path) -> None:
    """The editor's post copied to its backup, on disk before the post itself is replaced."""
    shutil.copy2(source, backup)
    with backup.open("rb+") as handle:
        os.fsync(handle.fileno())


def _place_new(temporary: Path, target: Path) -> None:
    """Put the file in place only if nothing is there: a hard link fails rather than overwrite."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:
        # File systems without hard links: check, then rename (a narrow race, but never a silent loss).
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(temporary, target)


def _free_backup(path: Path) -> Path:
    backup = path.with_name(path.name + ".bak")
    number = 2
    while backup.exists():
        backup = path.with_name(f"{path.name}.{number}.bak")
        number += 1
    return backup


def read_import_id(post: Path) -> str | None:
    """The ``import_id`` of an existing post, read as the build reads its front matter.

    A YAML parser, not a pattern: the YAML writer folds a long id with spaces
    over several lines, and an editor's program may have saved the post with
    a byte-order mark; the id is the same post either way.
    """
    try:
        text = post.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    if "import_id" not in text:
        return None  # most hand-written posts: no YAML to parse
    try:
        parts = split_front_matter(text.replace("\r\n", "\n"))
    except (yaml.YAMLError, FrontMatterError):
        return None
    found = parts[0].get("import_id") if parts else None
    if found is None:
        return None
    return id_key(str(found)) or None


def id_key(import_id: str) -> str:
    """An id as compared: YAML folds a long one over lines, which its reader turns into single spaces."""
    return " ".join(import_id.split())
