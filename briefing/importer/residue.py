"""Residue of the page an article was copied from, which is not part of the article.

WordPress and its plugins leave traces in whatever is copied out of them: block
comments (often with their ``<`` lost in a copy), screen-reader hints on links,
share widgets, comment counts and the site's copyright line. Inline residue is
cut out of a line; a line that is residue as a whole is dropped. Both readers
(plain text and HTML) apply the same two functions, so a pattern added here
works for every input format.
"""

from __future__ import annotations

import re

_INLINE = re.compile(
    r"""
      [ \t]*<?!--\s*/?wp:[^\n]*?-->                       # WordPress block comment, even without its '<'
    | [ \t]*\(\s*opens?\s+in\s+(?:a\s+)?new\s+(?:tab|window)\s*\)   # screen-reader hint on links
    """,
    re.IGNORECASE | re.VERBOSE,
)

#: Names that are also ordinary words ("X", "Threads") are left out: alone on a line they may be text.
_SOCIAL = r"(?:facebook|twitter|linkedin|whatsapp|telegram|reddit|pinterest|bluesky|e-?mail|print|copy\s+link|tweet)"

_LINE = re.compile(
    rf"""
      (?:\d+|no|one)\s+(?:comments?|replies|responses)(?:\s+yet)?   # comment counts
    | (?:comments?|replies)\s*\(\d+\)
    | leave\s+a\s+(?:comment|reply)
    | comments\s+are\s+closed
    | (?:share|share\s+this(?:\s+(?:article|post|story|page))?|like\s+this|tweet)\s*:?   # share widgets
    | (?:click\s+to\s+)?share\s+(?:on|via|to)\s+.{{1,30}}
    | (?:{_SOCIAL}\s*[|·•,/]?\s*)+
    | (?:like\s+)?loading\s*(?:\.\.\.|…)?                         # a share widget still loading
    | (?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{{4}})).{{0,120}}     # the site's copyright line
    | all\s+rights\s+reserved
    """,
    re.IGNORECASE | re.VERBOSE,
)


def strip_inline(text: str) -> str:
    """The text without residue inside it (the line or text node itself is kept)."""
    if "!--" not in text and " new " not in text.lower():
        return text  # neither a block comment nor a new-tab hint can be in it
    return _INLINE.sub("", text)


def is_residue(line: str) -> bool:
    """Whether a whole line (or block) is page residue rather than article text."""
    line = line.strip().rstrip(".").strip()
    return bool(line) and _LINE.fullmatch(line) is not None
