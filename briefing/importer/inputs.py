"""What the editor named on the command line, read as text.

Files are named directly, found in folders, or piped in (``-``). Everything
that can go wrong before there is text to read (a missing file, an empty or
binary one, bytes that are not in any encoding the file admits to) fails that
input alone with a reason the editor can act on.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ImportFailure

STDIN = "-"
#: In a folder, files with these endings (or none) are read; others are reported and left alone.
ARTICLE_SUFFIXES = frozenset(
    {"", ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".feed"}
)
MAX_BYTES = 20 * 1024 * 1024
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x7fELF", "a program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Input:
    """One thing to import: a file, or standard input."""

    label: str
    path: Path | None = None
    #: Set when the input is known to be skipped without reading it.
    skip_reason: str | None = None
    #: Standard input, read when the command line is expanded (worker processes have none).
    data: bytes | None = None

    def read(self) -> bytes:
        if self.path is None:
            return self.data or b""
        try:
            with self.path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except FileNotFoundError:
            raise ImportFailure("no such file or folder") from None
        except IsADirectoryError:
            raise ImportFailure("is a folder") from None
        except OSError as err:
            raise ImportFailure(f"cannot read it: {err.strerror or err}") from None
        return data


def expand(sources: list[str]) -> Iterator[Input]:
    """Every input named by ``sources``, folders walked in name order (hidden files left out)."""
    for source in sources:
        if source == STDIN:
            yield Input("standard input", data=sys.stdin.buffer.read(MAX_BYTES + 1))
            continue
        path = Path(source)
        if not path.is_dir():
            yield Input(source, path)
            continue
        for found in sorted(path.rglob("*")):
            relative = found.relative_to(path)
            if any(part.startswith(".") for part in relative.parts) or not found.is_file():
                continue
            label = str(found)
            if found.suffix.lower() not in ARTICLE_SUFFIXES:
                yield Input(label, found, skip_reason=f"not an article file ({found.suffix or 'no'} ending)")
            else:
                yield Input(label, found)


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of an input; ImportFailure with the reason when it has none."""
    if len(data) > MAX_BYTES:
        raise ImportFailure(f"too large to be an article (over {MAX_BYTES // (1024 * 1024)} MB)")
    if not data.strip():
        raise ImportFailure("empty file")
    if encoding:
        return _decode_as(data, encoding, f"not valid {encoding}")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ImportFailure(f"binary file ({what}), not an article")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16", "not valid UTF-16")
    unmarked = _unmarked_wide_encoding(data)
    if unmarked:
        return _decode_as(data, unmarked, f"not valid {unmarked.upper()}")
    if b"\x00" in data[:8192]:
        raise ImportFailure("binary file (it contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        declared = _declared_encoding(data)
        if declared is None:
            raise ImportFailure(
                f"undecodable bytes: not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}) "
                "and no charset declared; save it as UTF-8 or pass --encoding"
            ) from None
        text = _decode_as(data, declared, f"not valid in its declared charset {declared}")
    head = text[:8192]
    if len(_CONTROL.findall(head)) > len(head) * 0.05:
        raise ImportFailure("binary file (mostly control characters), not an article")
    return text


#: Encodings whose text has NUL bytes in every character of ASCII.
_WIDE = ("utf-32-be", "utf-32-le", "utf-16-be", "utf-16-le")


def _unmarked_wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by how the markup's first ``<`` is written.

    This is the XML specification's own autodetection (appendix F): a feed saved
    as UTF-16 with only its ``<?xml … encoding="UTF-16"?>`` declaration is text,
    not binary, whatever its NUL bytes suggest.
    """
    head = data[:64]
    for encoding in _WIDE:
        width = 4 if "32" in encoding else 2
        try:
            text = head[: len(head) - len(head) % width].decode(encoding)
        except UnicodeDecodeError:
            continue
        start = text.lstrip(" \t\r\n")[:16]
        if start.startswith("<") and all(" " <= ch < "\x7f" or ch in "\t\r\n" for ch in start):
            return encoding
    return None


def _declared_encoding(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_as(data: bytes, encoding: str, problem: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise ImportFailure(f"unknown encoding {encoding!r}") from None
    except UnicodeDecodeError as err:
        raise ImportFailure(f"undecodable bytes: {problem} (byte 0x{data[err.start]:02x} at offset {err.start})") from None
