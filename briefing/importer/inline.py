"""Markdown inline text that can never carry live markup.

Markdown passes raw HTML through, so a post's safety cannot rest on the
sanitiser that cleaned the input: a ``&lt;script&gt;`` in a page is a literal
``<script>`` in its text, and written back into Markdown it would become live
again. Every piece of text therefore enters a post through this module, which
escapes what Markdown or HTML would read as markup and lets through only the
links it built itself, to URLs the contract allows (:data:`LINK_SCHEMES`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urljoin

from ..schema import LINK_SCHEMES, check_url

#: Characters Markdown reads as syntax. Braces matter for safety: the site's Markdown has the
#: attr_list extension, where ``*x*{: onclick=...}`` would give an element an event handler.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
_LINK_AND_ATTRIBUTE_SYNTAX = str.maketrans({"[": r"\[", "]": r"\]", "{": r"\{", "}": r"\}"})
#: ``&name;`` would be read as an entity; ``&`` before anything else is text already.
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
#: What makes a line something other than a paragraph: a heading, a quote, a list, a rule.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_BLOCK_START = re.compile(r"^(?:(?P<mark>#|>|[-+*](?=\s)|-+$)|(?P<number>\d+)(?P<dot>[.)])(?=\s)|(?P<colon>:)(?=\s))")


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that renders to exactly that text."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _escape_html(text)


def _escape_html(text: str) -> str:
    if "&" in text:
        text = _ENTITY_LIKE.sub("&amp;", text)
    return text.replace("<", "&lt;")


def html_text(text: str) -> str:
    """Plain text for a field Pelican puts into pages as HTML (the title): no ``<`` may open a tag."""
    return _escape_html(text)


def guard_block_start(markdown: str) -> str:
    """Inline Markdown that stays a paragraph when rendered alone (no heading, quote or list), and
    after another paragraph (a paragraph opening with ``: `` would be its definition: def_list)."""
    return _BLOCK_START.sub(_escape_block_start, markdown, count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    if match.group("number"):
        return match.group("number") + "\\" + match.group("dot")  # "2025\. was" is no list item
    if match.group("colon"):
        return "&#58;"  # Markdown has no escape for a colon; as an entity it is no definition's mark
    return "\\" + match.group("mark")


def safe_url(url: str, base: str | None = None) -> str | None:
    """The URL if a post may link to it (absolute, allowed scheme), made safe to write; else None."""
    url = (url or "").strip()
    if not url:
        return None  # an empty href (say, once a javascript: one was removed) is no link, not the base
    if base:
        url = urljoin(base, url)
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    if check_url(url, LINK_SCHEMES) is not None:
        return None
    # Keep the URL's meaning, but no character that could end the Markdown link early.
    return quote(url, safe="/:@!$&'*+,;=?#%~-._")


def markdown_link(label_markdown: str, url: str) -> str:
    return f"[{label_markdown}]({url})"


def fold_spaces(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space; a no-break space is kept, it is typography."""
    return _SPACES.sub(" ", text).strip(" ")


@dataclass(frozen=True)
class Inline:
    """A run of inline text: its Markdown, its plain text, and the links it holds."""

    markdown: str
    plain: str
    links: tuple[tuple[str, str], ...] = ()


#: Each token's parts are bounded (a code span, a label, a URL of at most a few thousand
#: characters): unbounded, every unclosed ``[`` or backtick scanned to the end of its line,
#: and a long line full of them took quadratic time.
_TEXT_TOKENS = re.compile(
    r"""
      (?P<fence>`++)(?P<code>.{1,1000}?)(?P=fence)
    | !\[(?P<alt>[^\]\n]{0,1000})\]\((?:[^()\n]|\([^()\n]{0,2000}\)){0,2000}\)
    | \[(?P<label>[^\]\n]{1,1000})\]\(\s*<?(?P<href>(?:[^()\s<>]|\([^()\s]{0,2000}\)){1,2000})>?(?:\s+"[^"\n]{0,1000}")?\s*\)
    | <(?P<auto>(?:https?|mailto):[^>\s]{1,2000})>
    | (?P<bare>https?://[^\s<>()\[\]"]*[^\s<>()\[\]".,;:!?'\u2019\u201d])
    """,
    re.VERBOSE,
)
_MAY_HAVE_TOKENS = re.compile(r"[`\[<]|://|mailto:")
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*_])")


def from_text(line: str) -> Inline:
    """A line of pasted text as safe Markdown.

    Pasted text often carries Markdown of its own (emphasis, links), so emphasis
    is kept; links are rebuilt only when their URL is allowed, images become
    their alt text, and everything that would open HTML or a reference-style
    link is escaped.
    """
    markdown: list[str] = []
    plain: list[str] = []
    links: list[tuple[str, str]] = []
    position = 0
    tokens = _TEXT_TOKENS.finditer(line) if _MAY_HAVE_TOKENS.search(line) else ()
    for token in tokens:
        _text_run(line[position : token.start()], markdown, plain)
        position = token.end()
        if token.group("fence"):
            markdown.append(token.group())
            plain.append(token.group("code"))
        elif token.group("alt") is not None:
            _text_run(token.group("alt"), markdown, plain)
        else:
            label = token.group("label")
            url = token.group("href") or token.group("auto") or token.group("bare")
            target = safe_url(url)
            if label is None:
                label = url
                label_md = escape_markdown(url)
            else:
                label_md = _text_markdown(label)
            label_plain = _text_plain(label)
            if target:
                markdown.append(markdown_link(label_md, target))
                links.append((label_plain, target))
            else:
                markdown.append(label_md)
            plain.append(label_plain)
    _text_run(line[position:], markdown, plain)
    return Inline(guard_block_start(fold_spaces("".join(markdown))), fold_spaces("".join(plain)), tuple(links))


def _text_markdown(text: str) -> str:
    """Pasted text keeps its emphasis, but no brackets or braces of its own (links, attributes)."""
    return _escape_html(text.translate(_LINK_AND_ATTRIBUTE_SYNTAX))


def _text_plain(text: str) -> str:
    return _EMPHASIS.sub("", text) if ("*" in text or "_" in text) else text


def _text_run(text: str, markdown: list[str], plain: list[str]) -> None:
    if text:
        markdown.append(_text_markdown(text))
        plain.append(_text_plain(text))
