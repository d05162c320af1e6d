"""Repair text decoded with the wrong code page, and tidy its layout.

Articles reach editors through copy and paste between systems that disagree
about encodings. Two kinds of damage are common:

* UTF-8 read as Windows-1252 or Latin-1 (``â€™`` for ’). ``ftfy`` reverses it;
  it runs with ``uncurl_quotes=False`` because the site's typogrify curls
  quotes itself and curly quotes that survived must stay curly.
* UTF-8 read as the Thai code page 874, which ``ftfy`` does not know. When
  every byte survived, the damage reverses exactly (``ยฉ`` is ©). But code
  page 874 leaves the third byte of ’ “ ” undefined, so copies often lose both
  continuation bytes and only the lead byte, shown as ``โ``, remains; then only
  its neighbours can tell which mark it was (see :func:`_lost_mark`).

Genuine Thai text is left alone: a document in which some Thai letters do not
read as mojibake is taken to be Thai, and only marks that cannot be Thai (a
``โ`` with no Thai letter after it) are repaired in it.
"""

from __future__ import annotations

import re

import ftfy

_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    # Full-width punctuation is normal in Chinese names and quotes; keep it.
    fix_character_width=False,
    explain=False,
)


#: Everything else ``ftfy`` repairs (entities in plain text, control characters, ligatures, NFC).
_FTFY_OTHER_FIXES = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_character_width=False, explain=False, fix_encoding=False
)


def _single_byte(encoding: str, low: int, high: int) -> str:
    """How bytes ``low``..``high`` look when read in ``encoding`` (undefined ones as C1 controls)."""
    return "".join(bytes([b]).decode(encoding, errors="ignore") or chr(b) for b in range(low, high))


_SIGNATURE_1252 = re.compile(
    f"[{re.escape(_single_byte('cp1252', 0xC2, 0xF5))}]"
    f"[{re.escape(_single_byte('cp1252', 0x80, 0xC0) + _single_byte('latin-1', 0x80, 0xC0))}\ufffd]"
    # A no-break space (byte A0) often becomes a plain space on the way: "Ã la" is "à la".
    "|[\u00c2\u00c3] "
)
#: After the damage: the rest of the damaged word and the next one, for context (and for a
#: no-break space that became a space).
_REST_OF_WORD = re.compile("[^ \t\n]*(?: {1,2}[^ \t\n]+)?")


def _cp874(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp874")
    except UnicodeDecodeError:
        return ""


def _chars(low: int, high: int) -> str:
    return re.escape("".join(_cp874(b) for b in range(low, high)))


#: What UTF-8 lead bytes (2-, 3- and 4-byte sequences) and continuation bytes look like in code page 874.
_SEQUENCE = re.compile(
    "|".join(
        f"[{_chars(low, high)}][{_chars(0x80, 0xC0)}]{{{n}}}"
        for low, high, n in ((0xC2, 0xE0, 1), (0xE0, 0xF0, 2), (0xF0, 0xF5, 3))
    )
)
_THAI_LETTERS = "\u0e01-\u0e5b"
#: The lead byte of ’ “ ” — (0xE2) whose continuation bytes were lost: alone, or with
#: the € of 0x80 and a replacement character for the undefined third byte.
_LOST = re.compile(f"(?<![{_THAI_LETTERS}])\u0e42(?:\u20ac\ufffd?|\ufffd)?(?![{_THAI_LETTERS}])")
_THAI_LETTER = re.compile(f"[{_THAI_LETTERS}]")
#: Characters a repaired sequence may plausibly stand for in an English article about a
#: global industry: Latin, Greek and Cyrillic letters, punctuation, symbols, CJK, Thai.
_PLAUSIBLE = re.compile(
    "[\u00a0-\u04ff\u0e00-\u0e7f\u1e00-\u1eff\u2000-\u22ff\u2460-\u27bf"
    "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+"
)
#: Windows-1252 leaves byte 0x9D undefined, so a ” (E2 80 9D) read through it keeps only
#: ``â€`` and a replacement character; ``ftfy`` can finish the job once the byte is back.
_LOST_RIGHT_QUOTE_1252 = "\u00e2\u20ac\ufffd"
#: Words that follow an apostrophe: it’s, isn’t, we’re, they’ve, we’ll, I’d, I’m.
_CONTRACTION_ENDINGS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})
_WORD = re.compile(r"[^\W\d_]+")
_BLANK_RUNS = re.compile(r"\n{3,}")
#: From the start of a run of spaces only: tried from every space of a long run, it took quadratic time.
_TRAILING_SPACE = re.compile(r"(?<![ \t])[ \t]+\n")


def repair(text: str) -> str:
    """The text with code-page damage undone and its layout normalised."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = repair_thai_codepage(text)
    text = repair_windows_1252(text)
    text = ftfy.fix_text(text, _FTFY_OTHER_FIXES)
    return normalise_layout(text)


def repair_windows_1252(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 or Latin-1, word by word where the damage shows.

    ``ftfy`` re-examines a whole line several times while fixing it, which on a
    damaged article cost more than the rest of the import together. The
    damage has a signature (a UTF-8 lead byte followed by a continuation byte,
    as those code pages show them), and the words around it carry all the
    evidence ``ftfy`` needs, so only those words go through it.
    """
    text = text.replace(_LOST_RIGHT_QUOTE_1252, "\u00e2\u20ac\x9d")
    pieces: list[str] = []
    position = 0  # everything before it is repaired or copied
    for damage in _SIGNATURE_1252.finditer(text):
        if damage.start() < position:
            continue  # inside a word already repaired
        # The word is found from the damage outwards, never by a pattern that tries every start
        # in a long run of text without spaces (a URL, a data blob), which took quadratic time.
        start = max(text.rfind(space, position, damage.start()) for space in " \t\n") + 1
        end = _REST_OF_WORD.match(text, damage.end()).end()
        pieces += [text[position:max(start, position)], ftfy.fix_encoding(text[max(start, position) : end], _FTFY)]
        position = end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def normalise_layout(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, no blank lines at either end."""
    text = _TRAILING_SPACE.sub("\n", text + "\n")
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def repair_thai_codepage(text: str) -> str:
    """Undo UTF-8 read as code page 874, exactly where bytes survived and by context where not."""
    if not _THAI_LETTER.search(text):
        return text
    if not _is_thai(text):
        text = _SEQUENCE.sub(lambda m: _decode(m.group()) or m.group(), text)
    return _resolve_lost(text)


def _decode(mojibake: str) -> str | None:
    try:
        decoded = mojibake.encode("cp874").decode("utf-8")
    except UnicodeError:
        return None
    return decoded if _PLAUSIBLE.fullmatch(decoded) else None


def _is_thai(text: str) -> bool:
    """Whether Thai letters remain once everything that reads as mojibake is taken out."""
    rest = _SEQUENCE.sub(lambda m: "" if _decode(m.group()) else m.group(), text)
    return bool(_THAI_LETTER.search(_LOST.sub("", rest)))


def _resolve_lost(text: str) -> str:
    pieces: list[str] = []
    position = 0
    open_quotes = 0  # “ not yet closed in the current paragraph
    previous = ""
    for match in _LOST.finditer(text):
        before = text[position : match.start()]
        open_quotes = _open_quotes(before, open_quotes)
        previous = before[-1:] or previous
        mark = _lost_mark(previous, text[match.end() : match.end() + 16], open_quotes > 0)
        open_quotes = _open_quotes(mark, open_quotes)
        pieces += [before, mark]
        previous = mark
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def _open_quotes(chunk: str, count: int) -> int:
    newline = chunk.rfind("\n")
    if newline >= 0:
        count, chunk = 0, chunk[newline + 1 :]
    return max(0, count + chunk.count("\u201c") - chunk.count("\u201d"))


def _lost_mark(previous: str, after: str, quote_open: bool) -> str:
    """Which of ’ “ ” — a lost mark was, from the character before it and the text after it.

    Between letters it is an apostrophe when what follows is a contraction's
    ending (``countryโs``, ``isnโt``) and a dash otherwise (``facilitiesโthe``).
    After a word and before a space it closes: a quotation if one is open in the
    paragraph, else a possessive (``players’``). After a space it opens a quotation,
    unless a space follows too, which makes it a spaced dash.
    """
    following = after[:1]
    if previous.isalnum():
        if following.isalpha():
            word = _WORD.match(after)
            ending = word.group() if word else ""
            if ending.lower() in _CONTRACTION_ENDINGS and not after[len(ending) : len(ending) + 1].isalnum():
                return "\u2019"
            return "\u2014"
        if following.isdigit():
            return "\u2013" if previous.isdigit() else "\u2014"
        return "\u201d" if quote_open else "\u2019"
    if previous and previous in ".,;:!?)]\u2026\u2019\u201d":
        return "\u2014" if following.isalnum() else "\u201d"
    if not following or following.isspace():
        return "\u2014"
    return "\u201c"
