"""HTML fragments as plain text that reads well on its own, for the text/plain part of an email.

Paragraphs are wrapped at 72 columns, lists keep their bullets and nesting,
and a link keeps its address beside its words (``words <https://…>``), since a
plain-text reader has nothing else to click. Addresses are never broken.
"""

from __future__ import annotations

import re
import textwrap
from urllib.parse import urljoin

import lxml.html


WIDTH = 72
_SPACE = re.compile(r"[ \t\r\n\f\v\xa0]+")
_BLOCKS = {"p", "ul", "ol", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "div"}


def wrap(text: str, indent: str = "", first: str | None = None, width: int = WIDTH) -> str:
    """One paragraph, folded to ``width``; URLs and hyphenated words stay whole."""
    return textwrap.fill(
        text,
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _inline(element, base: str) -> str:
    """The text of an element and its inline children, up to a nested list (a block of its own)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in ("ul", "ol"):
            break
        parts.append(_piece(child, base))
        parts.append(child.tail or "")
    return "".join(parts)


def _piece(element, base: str) -> str:
    """One inline element, with a link's address written out beside its words."""
    if not isinstance(element.tag, str):  # a comment or a processing instruction
        return ""
    if element.tag == "br":
        return "\n"
    if element.tag == "a" and element.get("href"):
        words = _SPACE.sub(" ", _inline(element, base)).strip()
        url = urljoin(base, element.get("href").strip())
        return url if words in (url, url.removeprefix("mailto:")) else f"{words} <{url}>"
    return _inline(element, base)


def _fold(text: str, indent: str, first: str | None = None) -> str:
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    out = [wrap(line, indent, first if i == 0 else None) for i, line in enumerate(lines) if line]
    return "\n".join(out)


def _list(element, base: str, indent: str) -> list[str]:
    lines = []
    for number, item in enumerate((c for c in element if c.tag == "li"), 1):
        bullet = f"{number}. " if element.tag == "ol" else "- "
        pad = indent + " " * len(bullet)
        text = _fold(_inline(item, base), pad, indent + bullet)
        lines.append(text or indent + bullet.rstrip())
        for sub in item:
            if sub.tag in ("ul", "ol"):
                lines.extend(_list(sub, base, pad))
    return lines


def _blocks(element, base: str, indent: str) -> list[str]:
    """Each block of ``element``'s children as one string (a paragraph, or a whole list)."""
    blocks = []
    loose = element.text or ""

    def flush() -> None:
        nonlocal loose
        if loose.strip():
            blocks.append(_fold(loose, indent))
        loose = ""

    for child in element:
        if not isinstance(child.tag, str) or child.tag not in _BLOCKS:
            loose += _piece(child, base) + (child.tail or "")
            continue
        flush()
        if child.tag in ("ul", "ol"):
            blocks.append("\n".join(_list(child, base, indent)))
        elif child.tag == "blockquote":
            blocks.extend(_blocks(child, base, indent + "> "))
        elif child.tag == "pre":
            blocks.append(textwrap.indent(child.text_content().rstrip("\n"), indent + "    "))
        elif child.tag in ("table", "div"):
            blocks.extend(_blocks(child, base, indent))
        elif child.tag == "tr":
            cells = [_SPACE.sub(" ", _inline(cell, base)).strip() for cell in child]
            blocks.append(wrap(" | ".join(cells), indent))
        else:
            blocks.append(_fold(_inline(child, base), indent))
        loose = child.tail or ""
    flush()
    return [b for b in blocks if b.strip()]


def html_to_text(fragment: str, base: str, indent: str = "") -> str:
    """``fragment`` as plain text; relative links are resolved against ``base``."""
    if not fragment or not fragment.strip():
        return ""
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return "\n\n".join(_blocks(root, base, indent))
