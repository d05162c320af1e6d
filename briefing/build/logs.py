"""Log records of other processes, replayed in the build's own.

A strict build (`make publish`) counts every warning logged in its process; a
warning logged in a worker or a forked child would otherwise only be printed
there, and never fail the build. Workers and children capture what they log
instead of printing it, send it back with their results, and the parent logs
each record through its own loggers, filters and handlers, as if it had
happened there. A record's traceback travels as text and is logged at debug
level right after it, so the warning reads the same as a one-process build's
and the detail is there for ``-D``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator

log = logging.getLogger("briefing.build")


class _Capture(logging.Handler):
    """Keeps the records of the thread that captures; another thread's (a devserver's) go where they went."""

    def __init__(self, others: list[logging.Handler]) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []
        self.thread = threading.get_ident()
        self.others = others

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.records.append(portable(record))
            return
        for handler in self.others:
            if record.levelno >= handler.level:
                handler.handle(record)


def portable(record: logging.LogRecord) -> logging.LogRecord:
    """A copy that pickles: the message formatted, the traceback as text in ``worker_traceback``."""
    copy = logging.makeLogRecord(record.__dict__)
    copy.msg, copy.args = record.getMessage(), None
    if record.exc_info and record.exc_info[1] is not None:
        copy.worker_traceback = logging.Formatter().formatException(record.exc_info)
    elif record.exc_text:
        copy.worker_traceback = record.exc_text
    copy.exc_info = copy.exc_text = None
    copy.__dict__ = {key: value for key, value in copy.__dict__.items() if _pickles(value)}
    return copy


def _pickles(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, tuple, list, dict))


@contextlib.contextmanager
def capturing() -> Iterator[list[logging.LogRecord]]:
    """Within the block, keep what this process logs (for its parent) instead of printing it."""
    root = logging.getLogger()
    saved = root.handlers[:]
    handler = _Capture(saved)
    root.handlers[:] = [handler]
    try:
        yield handler.records
    finally:
        root.handlers[:] = saved


def replay(records: Iterable[logging.LogRecord], origin: str) -> None:
    """Log ``records`` (from ``origin``, a worker or child) in this process, each traceback at debug level."""
    try:
        from pelican.log import FilteredMessage
    except ImportError:  # pragma: no cover - Pelican is a dependency
        FilteredMessage = ()  # noqa: N806
    for record in records:
        with contextlib.suppress(FilteredMessage):  # Pelican's loggers drop repeats this way
            logging.getLogger(record.name).handle(record)
        traceback = record.__dict__.get("worker_traceback")
        if traceback:
            log.debug("Traceback of %r (logged in %s):\n%s", record.getMessage(), origin, traceback)
