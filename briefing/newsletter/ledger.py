"""The record of sent issues, so an issue is never sent twice by mistake.

It lives with the content (``content/newsletters/sent.json``, NEWSLETTER_LEDGER),
not in ``output/``: it must outlive ``make clean`` and a fresh checkout's
build, and be committed like the notes beside it. A send is written down as
``sending`` before the first byte goes out and as ``sent`` once the server
took it; a send that died between the two stays ``sending``, and blocks a
second send until an editor has checked and says FORCE=1. A lock file beside it
is held for the whole send, so two sends at once cannot both pass the check.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .weeks import IsoWeek


def now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


class Ledger:
    """Sends by week: ``{"2025-W47": [{"status": "sent", "message_id": …, …}, …]}``."""

    def __init__(self, path: Path, sends: dict[str, list[dict[str, Any]]]):
        self.path = path
        self.sends = sends

    @classmethod
    @contextlib.contextmanager
    def open(cls, path: Path) -> Iterator[Ledger]:
        """The ledger, locked against any other send until the block ends."""
        path.parent.mkdir(parents=True, exist_ok=True)
        # The lock is a file of its own: the ledger is replaced on every save, and a lock
        # on a replaced file would let a waiting sender read the old record.
        with open(path.with_name(path.name + ".lock"), "a", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            yield cls(path, json.loads(text) if text.strip() else {})

    def of(self, week: IsoWeek) -> list[dict[str, Any]]:
        return self.sends.get(str(week), [])

    def begin(self, week: IsoWeek, message_id: str, recipients: int) -> dict[str, Any]:
        entry = {"status": "sending", "message_id": message_id, "recipients": recipients, "started_at": now()}
        self.sends.setdefault(str(week), []).append(entry)
        self.save()
        return entry

    def finish(self, entry: dict[str, Any], refused: list[str]) -> None:
        entry.update(status="sent", sent_at=now(), refused=refused)
        self.save()

    def abandon(self, week: IsoWeek, entry: dict[str, Any]) -> None:
        """Forget a send the server refused outright: nothing went out."""
        self.sends[str(week)].remove(entry)
        if not self.sends[str(week)]:
            del self.sends[str(week)]
        self.save()

    def save(self) -> None:
        # Write beside, then rename: a crash mid-write never leaves a truncated ledger.
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(self.sends, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(temporary, self.path)
