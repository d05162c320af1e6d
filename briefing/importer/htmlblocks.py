"""HTML (a page's main content, a feed item) read into blocks, through a real sanitiser.

The HTML first goes through ``nh3`` with the site's own allowlist of prose
tags (:mod:`briefing.safety`) plus every heading level, which the importer
needs to find sections: scripts, frames, forms, event handlers and links with
other schemes than the contract's are gone before anything reads the markup.
The tree that is left is then written out as Markdown by walking it, so text
is escaped as text and the only links in a post are the ones built here.
"""

from __future__ import annotations

import re

import lxml.html
import nh3
from lxml import etree

from ..safety import ALLOWED_TAGS
from ..schema import LINK_SCHEMES
from . import residue
from .blocks import HEADING, ITEM, PARAGRAPH, Block
from .inline import Inline, escape_markdown, fold_spaces, guard_block_start, markdown_link, safe_url

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_TAGS = set(ALLOWED_TAGS) | set(_HEADINGS)
#: Elements dropped with everything inside them, not just their tags.
_DROP_WITH_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "noscript", "template",
    "svg", "math", "form", "textarea", "select", "button", "nav", "footer", "head", "title",
}  # fmt: skip
_CONTAINERS = {"blockquote", "table", "thead", "tbody", "tfoot", "div"}
_LISTS = {"ul", "ol"}
_CELLS = {"td", "th"}
_BLOCKS = {*_HEADINGS, *_CONTAINERS, *_LISTS, "p", "pre", "li", "tr"}
_LINE_BREAK = "\n"
#: Whitespace as HTML reads it (one space); a no-break space is text, kept.
_HTML_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
#: An XML-style empty element that HTML has no void form of (``<a href="#top"/>``, ``<span/>``).
_SELF_CLOSED = re.compile(
    r"<(?!(?:area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)[\s/>])"
    r"([a-zA-Z][\w:-]*)((?:\s+[^<>]*?)?)\s*/>"
)


def close_empty_elements(html: str) -> str:
    """``<a href="#x"/>`` as ``<a href="#x"></a>``.

    HTML ignores the slash, so a self-closed anchor (XHTML habits, CMS
    templates) stays open and turns every paragraph after it into a link.
    """
    if "/>" not in html:
        return html
    return _SELF_CLOSED.sub(r"<\1\2></\1>", html)


def sanitise(html: str) -> str:
    """Only prose markup, headings and allowed links are left; comments go too."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes={"a": {"href"}},  # the only attribute the reader uses
        url_schemes=set(LINK_SCHEMES),
        strip_comments=True,
        link_rel=None,
    )


def blocks_from_html(html: str, base_url: str | None = None) -> list[Block]:
    """Blocks of an HTML fragment; ``base_url`` resolves relative links (dropped without it)."""
    clean = sanitise(close_empty_elements(html)).strip()
    if not clean:
        return []
    root = lxml.html.fragment_fromstring(clean, create_parent="div")
    return _HtmlReader(base_url).read(root)


class _Run:
    """Inline content being collected: Markdown parts, plain parts, links."""

    def __init__(self) -> None:
        self.markdown: list[str] = []
        self.plain: list[str] = []
        self.links: list[tuple[str, str]] = []

    def text(self, text: str | None) -> None:
        if text:
            # HTML whitespace is a space; a line break comes only from <br> (see _LINE_BREAK).
            text = _HTML_WHITESPACE.sub(" ", residue.strip_inline(text))
            self.markdown.append(escape_markdown(text))
            self.plain.append(text)

    def extend(self, other: _Run, before: str = "", after: str = "") -> None:
        self.markdown += [before, *other.markdown, after]
        self.plain += [before, *other.plain, after]
        self.links += other.links

    def lines(self) -> list[Inline]:
        """One Inline per line (``<br>`` splits lines)."""
        markdown_lines = "".join(self.markdown).split(_LINE_BREAK)
        plain_lines = "".join(self.plain).split(_LINE_BREAK)
        out = []
        for markdown, plain in zip(markdown_lines, plain_lines, strict=True):
            plain = fold_spaces(plain)
            if plain:
                links = tuple(link for link in self.links if link[0] in plain)
                out.append(Inline(guard_block_start(fold_spaces(markdown)), plain, links))
        return out

    def joined(self) -> Inline | None:
        lines = self.lines()
        if not lines:
            return None
        return Inline(
            " ".join(line.markdown for line in lines),
            " ".join(line.plain for line in lines),
            tuple(link for line in lines for link in line.links),
        )


class _HtmlReader:
    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.blocks: list[Block] = []

    def read(self, root: etree._Element) -> list[Block]:
        self._container(root, depth=-1)
        return residue.remove_residue(self.blocks)

    def _container(self, element: etree._Element, depth: int) -> None:
        run = _Run()
        run.text(element.text)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else None  # None: a comment
            if tag in _BLOCKS:
                self._paragraphs(run)
                run = _Run()
                self._block(child, tag, depth)
            elif tag is not None:
                self._inline(child, run)
            run.text(child.tail)
        self._paragraphs(run)

    def _block(self, element: etree._Element, tag: str, depth: int) -> None:
        if tag in _HEADINGS:
            run = self._inline_content(element)
            inline = run.joined()
            if inline:
                self.blocks.append(Block.of(HEADING, inline, _HEADINGS[tag]))
        elif tag in ("p", "pre"):
            self._paragraphs(self._inline_content(element))
        elif tag in _LISTS:
            for child in element:
                if isinstance(child.tag, str) and child.tag == "li":
                    self._item(child, depth + 1, tag == "ol")
                elif isinstance(child.tag, str) and child.tag in _LISTS:
                    self._block(child, child.tag, depth)
        elif tag == "li":
            self._item(element, depth + 1, False)
        elif tag == "tr":
            cells = [self._inline_content(cell).joined() for cell in element if cell.tag in _CELLS]
            cells = [c for c in cells if c]
            if cells:
                self.blocks.append(
                    Block(
                        PARAGRAPH,
                        guard_block_start(" · ".join(c.markdown for c in cells)),
                        " · ".join(c.plain for c in cells),
                        links=tuple(link for c in cells for link in c.links),
                    )
                )
        else:
            self._container(element, depth)

    def _item(self, element: etree._Element, depth: int, ordered: bool) -> None:
        run = _Run()
        run.text(element.text)
        nested = []
        for child in element:
            if isinstance(child.tag, str) and child.tag in _LISTS:
                nested.append(child)
            elif isinstance(child.tag, str) and child.tag in ("p", "pre", "blockquote", "div"):
                run.extend(self._inline_content(child), " ", " ")
            elif isinstance(child.tag, str):
                self._inline(child, run)
            run.text(child.tail)
        inline = run.joined()
        if inline:
            self.blocks.append(Block.of(ITEM, inline, max(depth, 0), ordered))
        for sub in nested:
            self._block(sub, sub.tag, depth)

    def _paragraphs(self, run: _Run) -> None:
        for inline in run.lines():
            self.blocks.append(Block.of(PARAGRAPH, inline))

    def _inline_content(self, element: etree._Element) -> _Run:
        run = _Run()
        run.text(element.text)
        for child in element:
            if isinstance(child.tag, str):
                self._inline(child, run)
            run.text(child.tail)
        return run

    def _inline(self, element: etree._Element, run: _Run) -> None:
        tag = element.tag
        if tag == "br":
            run.markdown.append(_LINE_BREAK)
            run.plain.append(_LINE_BREAK)
            return
        if tag == "code":
            code = fold_spaces(element.text_content())
            if code:
                fence = "`" * (max((len(r) for r in _backtick_runs(code)), default=0) + 1)
                pad = " " if code.startswith("`") or code.endswith("`") else ""
                run.markdown.append(f"{fence}{pad}{code}{pad}{fence}")
                run.plain.append(code)
            return
        inner = self._inline_content(element)
        inner_markdown = "".join(inner.markdown)
        if tag == "a":
            url = safe_url(element.get("href") or "", self.base_url)
            plain = fold_spaces("".join(inner.plain))
            if url and plain:
                lead = " " if inner_markdown[:1].isspace() else ""
                tail = " " if inner_markdown[-1:].isspace() else ""
                run.markdown.append(lead + markdown_link(fold_spaces(inner_markdown), url) + tail)
                run.plain += inner.plain
                run.links += [*inner.links, (plain, url)]
                return
        elif tag in ("strong", "b", "em", "i") and inner_markdown.strip():
            mark = "**" if tag in ("strong", "b") else "*"
            stripped = inner_markdown.strip()
            lead = " " if inner_markdown[:1].isspace() else ""
            tail = " " if inner_markdown[-1:].isspace() else ""
            run.markdown.append(f"{lead}{mark}{stripped}{mark}{tail}")
            run.plain += inner.plain
            run.links += inner.links
            return
        elif tag == "q":
            run.extend(inner, "\u201c", "\u201d")
            return
        run.extend(inner)


def _backtick_runs(code: str) -> list[str]:
    runs, current = [], ""
    for ch in code:
        if ch == "`":
            current += ch
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs
