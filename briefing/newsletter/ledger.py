"""The record of sends, recipient by recipient, so no one gets an issue twice by mistake.

It lives with the content (``content/newsletters/sent.json``, NEWSLETTER_LEDGER),
not in ``output/``: it must outlive ``make clean`` and a fresh checkout's
build, and be committed like the notes beside it. Each send of an issue is an
entry; each recipient in it has a state:

- ``sending``: handed to the server, no answer yet. Written before the first
  byte goes out, so a send killed or cut off at that moment leaves the
  recipient marked as *may have it*, and no rerun sends to them again;
- ``sent``: the server took it;
- ``refused``: the server refused the recipient for good (5xx), with its reply;
  never tried again;
- ``deferred``: the server said "later" (4xx) every time it was tried in a run,
  with its last reply; the next run tries again.

A recipient with no state was never tried. A rerun sends to the deferred and
the never-tried, and to no one else. A lock file beside the record is held for
the whole send, so two sends at once cannot both pass the check.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..importer.writer import write_file
from .editions import Period

#: A recipient in one of these states is not sent the issue again by a rerun.
SETTLED = ("sent", "refused", "sending")
STATES = ("sent", "refused", "deferred", "sending")


def now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


class Send:
    """One send of an issue: ``{"status", "message_id", "started_at", "recipients", "deliveries": {…}}``."""

    def __init__(self, ledger: Ledger, entry: dict[str, Any]):
        self.ledger = ledger
        self.entry = entry
        #: The message this run sends; recorded with a delivery when the issue was built again since the send began.
        self.message_id = entry.get("message_id")

    @property
    def legacy(self) -> bool:
        """An entry written before recipients had states of their own: the whole send, one state."""
        return "deliveries" not in self.entry

    def state(self, address: str) -> str | None:
        found = self.entry.get("deliveries", {}).get(address.lower())
        return found["state"] if found else None

    def owed(self, addresses: Iterable[str]) -> list[str]:
        """Of ``addresses``, those this send still owes the issue: deferred or never tried."""
        return [a for a in addresses if self.state(a) not in SETTLED]

    def mark(self, addresses: Iterable[str], state: str, reply: str | None = None, attempts: int | None = None) -> None:
        deliveries = self.entry.setdefault("deliveries", {})
        for address in addresses:
            record: dict[str, Any] = {"state": state, "at": now()}
            if reply is not None:
                record["reply"] = reply
            if attempts is not None:
                record["attempts"] = attempts
            if state == "sent" and self.message_id != self.entry.get("message_id"):
                record["message_id"] = self.message_id
            deliveries[address.lower()] = record

    def forget(self, addresses: Iterable[str], before: dict[str, dict[str, Any] | None]) -> None:
        """Put ``addresses`` back as they were before a try that never reached the server."""
        deliveries = self.entry.setdefault("deliveries", {})
        for address in addresses:
            earlier = before.get(address.lower())
            if earlier is None:
                deliveries.pop(address.lower(), None)
            else:
                deliveries[address.lower()] = earlier

    def snapshot(self, addresses: Iterable[str]) -> dict[str, dict[str, Any] | None]:
        deliveries = self.entry.get("deliveries", {})
        return {a.lower(): deliveries.get(a.lower()) for a in addresses}

    def counts(self) -> Counter:
        return Counter(record["state"] for record in self.entry.get("deliveries", {}).values())

    def with_state(self, state: str) -> dict[str, dict[str, Any]]:
        return {a: r for a, r in sorted(self.entry.get("deliveries", {}).items()) if r["state"] == state}

    def close(self, everyone: Iterable[str]) -> None:
        """End this run: ``sent`` when every one of ``everyone`` is settled for good, else ``incomplete``."""
        done = not self.owed(everyone) and not self.counts()["sending"]
        self.entry.update(status="sent" if done else "incomplete", finished_at=now(), recipients=len(self.entry.get("deliveries", {})))
        self.save()

    def resume(self, message_id: str) -> None:
        self.message_id = message_id
        self.entry.update(status="sending", resumed_at=now())
        self.save()

    def save(self) -> None:
        self.ledger.save()


class Ledger:
    """Sends by issue: ``{"2025-W47": [{…}, …], "2025-11-10": [{…}]}``."""

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
            try:
                sends = json.loads(text) if text.strip() else {}
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}: not a send record ({error}); restore it from version control") from None
            yield cls(path, sends)

    def of(self, period: Period) -> list[dict[str, Any]]:
        return self.sends.get(str(period), [])

    def last(self, period: Period) -> Send | None:
        entries = self.of(period)
        return Send(self, entries[-1]) if entries else None

    def begin(self, period: Period, message_id: str, recipients: int) -> Send:
        entry = {"status": "sending", "message_id": message_id, "recipients": recipients, "started_at": now(),
                 "deliveries": {}}
        self.sends.setdefault(str(period), []).append(entry)
        self.save()
        return Send(self, entry)

    def abandon(self, period: Period, send: Send) -> None:
        """Forget a send that reached no one: nothing went out."""
        self.sends[str(period)].remove(send.entry)
        if not self.sends[str(period)]:
            del self.sends[str(period)]
        self.save()

    def save(self) -> None:
        # Whole or not at all: a crash mid-write never leaves a truncated ledger.
        write_file(self.path, _dump(self.sends), replace=True)


def _dump(sends: dict[str, list[dict[str, Any]]]) -> str:
    """The record as JSON an editor can read and diff: one line per recipient.

    Written after every batch of a send, so it must be quick for thousands of
    recipients: each line goes through the json module's C encoder (``indent``
    would take its pure-Python one).
    """

    def line(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    def entry(fields: dict[str, Any]) -> str:
        parts = [f"   {line(key)}: {line(value)}" for key, value in sorted(fields.items()) if key != "deliveries"]
        if "deliveries" in fields:
            rows = ",\n".join(f"    {line(address)}: {line(state)}" for address, state in sorted(fields["deliveries"].items()))
            parts.append('   "deliveries": {' + (f"\n{rows}\n   }}" if rows else "}"))
        return "  {\n" + ",\n".join(parts) + "\n  }"

    issues = [f" {line(key)}: [\n" + ",\n".join(map(entry, entries)) + "\n ]" for key, entries in sorted(sends.items())]
    return "{\n" + ",\n".join(issues) + "\n}\n" if issues else "{}\n"
