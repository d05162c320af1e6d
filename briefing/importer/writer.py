"""Posts on disk: where a new one goes, and writing it without ever losing an editor's file.

An editor may have reworked an imported post by hand, so the importer never
writes over an existing file. The original's ``import_id`` recognises a
re-import (skipped unless forced); a different article whose slug collides
gets a numbered name. A forced re-import keeps the old post beside the new one
as ``.bak``. Every file is written to a temporary file in the same folder and
then linked or renamed into place, so a post is either whole or absent.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .datafiles import load_yaml
from .errors import ImportFailure

_IMPORT_ID = re.compile(r"^import_id:.*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A\s*---\s*\n(.*?)\n(?:---|\.\.\.)\s*$", re.DOTALL | re.MULTILINE)
_HEAD_BYTES = 64 * 1024


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
                import_id = _read_import_id(post)
                if import_id:
                    self._by_id.setdefault(import_id, post)

    def plan(self, import_id: str, date_prefix: str, slug: str, force: bool) -> Plan:
        earlier = self._by_id.get(import_id)
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
        self._by_id[import_id] = plan.path

    def write(self, plan: Plan, text: str, import_id: str) -> None:
        try:
            plan.path.parent.mkdir(parents=True, exist_ok=True)
            # Only a replaced post is worth an fsync: it is the editor's file at stake,
            # while a new post that a crash lost can simply be imported again.
            temporary = _write_temporary(plan.path, text, durable=plan.replaces is not None)
            try:
                if plan.replaces is not None:
                    _durable_copy(plan.replaces, plan.backup)
                    os.replace(temporary, plan.path)
                else:
                    _place_new(temporary, plan.path)
            finally:
                if temporary.exists():
                    temporary.unlink()
        except FileExistsError:
            raise ImportFailure(f"{plan.path} appeared while importing; nothing was written") from None
        except OSError as err:
            raise ImportFailure(f"cannot write {plan.path}: {err.strerror or err}") from None
        self.claim(plan, import_id)


def write_new(path: Path, text: str) -> None:
    """Create the file ``path`` holding ``text``, whole or not at all; FileExistsError if anything is there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _write_temporary(path, text, durable=False)
    try:
        _place_new(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def replace_text(path: Path, text: str) -> None:
    """Replace an editor's file with ``text``: on disk in full before it takes the old file's place."""
    temporary = _write_temporary(path, text, durable=True)
    try:
        shutil.copymode(path, temporary)  # the temporary file is private (0600); the post keeps its mode
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _write_temporary(target: Path, text: str, durable: bool) -> Path:
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="\n", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return Path(handle.name)


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


def _read_import_id(post: Path) -> str | None:
    """The ``import_id`` of an existing post, reading only its front matter's line for it."""
    try:
        with post.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return None
    front = _FRONT_MATTER.match(head)
    line = _IMPORT_ID.search(front.group(1)) if front else None
    if not line:
        return None
    try:
        value = load_yaml(line.group())
    except yaml.YAMLError:
        return None
    found = value.get("import_id") if isinstance(value, dict) else None
    return str(found) if found not in (None, "") else None
