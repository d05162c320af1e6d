"""A post file as an editor sees it: which line each front-matter key is on, and small edits to it.

An editor told "highlights[2] is too long" wants to jump to the line, so the
front matter is also *composed* (PyYAML's node tree keeps where each node
starts) besides being loaded. Edits made for the editor (``briefing correct``)
change only the lines they must, never re-dump the YAML: the editor's
comments, quoting and key order stay as they were.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from .post import FrontMatterError, split_front_matter
from .schema import dump_yaml

#: The opening fence (line 1) and the closing one, with the YAML between them.
_FENCED = re.compile(r"\A(?P<open>---[ \t]*\r?\n)(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*$", re.DOTALL | re.MULTILINE)
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass
class PostFile:
    """A post's text, its front matter (as the build reads it) and its body."""

    text: str
    meta: dict[str, Any]
    body: str
    #: Line of the front matter's first YAML line (the line after the opening ``---``).
    yaml_line: int
    #: Line of the body's first words.
    body_line: int
    _root: yaml.Node | None

    @classmethod
    def parse(cls, text: str) -> PostFile:
        """Read a post's text; :class:`FrontMatterError` when its front matter is missing or not a mapping."""
        parts = split_front_matter(text)  # FrontMatterError with the line, when the YAML is broken
        fenced = _FENCED.match(text)
        if parts is None or fenced is None:
            raise FrontMatterError("no front matter: a post starts with a line '---', its YAML keys, and '---'")
        meta, body = parts
        root = yaml.compose(fenced.group("yaml"), Loader=yaml.SafeLoader)
        body_start = text.find(body, fenced.end()) if body.strip() else len(text)
        body_start += len(body) - len(body.lstrip())  # the line of its first words
        return cls(text, meta, body, 2, text.count("\n", 0, body_start) + 1, root)

    def line_of(self, key: str) -> int:
        """The line of ``key`` ("category", "source.kind", "highlights[2]"), or of its nearest parent found.

        Keys that are absent point at the first line of the front matter,
        where they would be added.
        """
        node, line = self._root, 1
        for name, index in _PATH_PART.findall(key):
            found = _child(node, name, int(index) - 1 if index else None)
            if found is None:
                break
            node, line = found, self.yaml_line + found.start_mark.line
        return line


def _child(node: yaml.Node | None, name: str, index: int | None) -> yaml.Node | None:
    if name and isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value.lower() == name.lower():
                # A key whose value is empty or a block starts where the key is; point there.
                return value_node if value_node.start_mark.line == key_node.start_mark.line else _at(value_node, key_node)
        return None
    if index is not None and isinstance(node, yaml.SequenceNode) and 0 <= index < len(node.value):
        return node.value[index]
    return None


def _at(value: yaml.Node, key: yaml.Node) -> yaml.Node:
    """``value`` but starting on its key's line, so a block's key is what the editor is pointed at."""
    moved = type(value).__new__(type(value))
    moved.__dict__.update(value.__dict__)
    moved.start_mark = key.start_mark
    return moved


def append_to_list(text: str, key: str, item: Mapping[str, Any]) -> str:
    """The post's text with ``item`` added at the end of the front matter's list ``key``.

    The list is created before the closing fence when the post has none (or an
    empty one). Only the lines of the new item (and an empty list's own line)
    change.
    """
    fenced = _FENCED.match(text)
    if fenced is None:
        raise FrontMatterError("no front matter to add to")
    yaml_text = fenced.group("yaml")
    yaml_start = fenced.start("yaml")
    root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise FrontMatterError("the front matter is not a mapping of keys to values")
    newline = "\r\n" if "\r\n" in fenced.group("open") else "\n"
    entry = dump_yaml({key: [dict(item)]}).split("\n", 1)[1]  # the "- ..." lines under the key
    pair = next(((k, v) for k, v in (root.value if root else [])
                 if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    if pair is None or _is_empty(pair[1]):
        block = f"{key}:\n{entry}"
        if pair is None:
            at = fenced.end("yaml")
            lead = "" if yaml_text.endswith("\n") or not yaml_text else "\n"
            return text[:at] + lead + block.replace("\n", newline) + text[at:]
        # Replace the key's line (``updates: []`` or ``updates:``), keeping any comment above it.
        line_start = yaml_start + _offset(yaml_text, pair[0].start_mark.line)
        line_end = text.index("\n", yaml_start + pair[1].end_mark.index) + 1 \
            if "\n" in text[yaml_start + pair[1].end_mark.index:] else len(text)
        return text[:line_start] + block.replace("\n", newline) + text[line_end:]
    sequence = pair[1]
    if not isinstance(sequence, yaml.SequenceNode) or sequence.flow_style:
        raise FrontMatterError(f"{key}: expected a block list ('- ...' lines) to add to")
    first_line = yaml_text[_offset(yaml_text, sequence.start_mark.line):]
    indent = first_line[: len(first_line) - len(first_line.lstrip(" "))]
    entry = "".join(indent + line + "\n" if line else "\n" for line in entry.rstrip("\n").split("\n"))
    # A block node's end mark sits at the start of the line after it; a scalar's on its own last line.
    last = sequence.value[-1].end_mark
    line_end = yaml_text.find("\n", last.index - 1 if last.column == 0 and last.index else last.index)
    at = len(yaml_text) if line_end < 0 else line_end + 1
    # A comment or blank line after the list belongs to what follows it.
    while at > 0:
        previous = yaml_text.rfind("\n", 0, at - 1) + 1
        if yaml_text[previous:at].strip() and not yaml_text[previous:at].lstrip().startswith("#"):
            break
        at = previous
    at += yaml_start
    return text[:at] + entry.replace("\n", newline) + text[at:]


def _is_empty(node: yaml.Node) -> bool:
    return (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")) or \
        (isinstance(node, yaml.SequenceNode) and not node.value)


def _offset(text: str, line: int) -> int:
    """Index of the start of 0-based ``line`` in ``text``."""
    at = 0
    for _ in range(line):
        at = text.index("\n", at) + 1
    return at
