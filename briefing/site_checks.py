"""Checks of a whole build that name the source file at fault.

Pelican notices a broken ``{filename}``/``{static}`` link, but its warning
names only the missing target, and it notices two files written to one
address only when the second write fails, naming only the output file. An
editor needs to know which post to open, so these checks find the same
problems up front, with the post's path in every message.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from .publish import Problems

#: Pelican logs unresolvable intrasite links on this logger.
CONTENTS_LOGGER = "pelican.contents"


@contextmanager
def _link_warnings() -> Iterator[Problems]:
    """Catch what Pelican says while resolving links, and only here.

    Pelican's logger drops a message it has logged before, so two posts with
    the same broken link would yield one warning; its filter is lifted for the
    duration. Propagation is stopped so the warnings are not reported twice,
    once bare and once with the post's path.
    """
    from pelican.log import LimitLogger

    logger = logging.getLogger(CONTENTS_LOGGER)
    limited = isinstance(logger, LimitLogger)
    caught = Problems()
    propagate = logger.propagate
    logger.addHandler(caught)
    logger.propagate = False
    if limited:
        logger.disable_filter()
    try:
        yield caught
    finally:
        if limited:
            logger.enable_filter()
        logger.propagate = propagate
        logger.removeHandler(caught)


def broken_links(contents: Iterable[Any]) -> list[str]:
    """Every link Pelican cannot resolve, as ``source path: Pelican's message``.

    Each content's links are resolved the way Pelican resolves them when it
    writes the page (the result is memoised, so Pelican does not repeat the
    work or the warning later).
    """
    problems = []
    for content in contents:
        with _link_warnings() as caught:
            content.get_content(content.get_siteurl())
        problems.extend(f"{content.relative_source_path}: {message}" for message in caught.messages)
    return problems


def missing_static_files(contents: Iterable[Any], content_root: str) -> list[str]:
    """``{static}`` and ``{attach}`` links to files that are not in the content folder.

    Pelican takes such a link as a request to copy the file, so it never
    reports the link as broken, only that it cannot read a file, without
    saying which post asked for it.
    """
    return [
        f"{content.relative_source_path}: links to '{link}' with {{static}}, but there is no such file"
        for content in contents
        for link in sorted(content.get_static_links())
        if not os.path.isfile(os.path.join(content_root, link))
    ]


def _pairs(value: Any) -> Iterable[tuple[Any, Any]]:
    return value.items() if isinstance(value, Mapping) else value or ()


def planned_outputs(context: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, list[str]]:
    """Output path -> what will be written there (source files, indexes, direct templates)."""
    outputs: dict[str, list[str]] = defaultdict(list)

    def add(save_as: str | None, what: str) -> None:
        if save_as:
            outputs[os.path.normpath(save_as)].append(what)

    for kind in ("generated_content", "static_content"):
        for source, content in sorted(context.get(kind, {}).items()):
            if content is not None:  # None marks a file Pelican failed to read
                add(content.save_as, source)
    for kind, label in (("categories", "section"), ("tags", "topic"), ("authors", "author")):
        for item, _ in _pairs(context.get(kind)):
            add(item.save_as, f"the {label} page of {item.name!r}")
    for name in settings.get("DIRECT_TEMPLATES", ()):
        add(settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"), f"the {name!r} page")
    return outputs


def output_collisions(context: Mapping[str, Any], settings: Mapping[str, Any]) -> list[str]:
    """One message per output path that more than one thing would be written to."""
    return [
        f"{path}: written by both " + " and ".join(writers)
        for path, writers in sorted(planned_outputs(context, settings).items())
        if len(writers) > 1
    ]


def unread_posts(settings: Mapping[str, Any]) -> list[str]:
    """Files in the posts' folders that no reader takes, one message each.

    Posts are Markdown only (``READERS`` switches Pelican's HTML and reST
    readers off, so no post can skip the sanitiser); an editor's ``.html`` or
    ``.rst`` post would otherwise vanish from the site without a word.
    """
    ignored = {extension for extension, reader in (settings.get("READERS") or {}).items() if reader is None}
    root = settings["PATH"]
    problems = []
    for folder in [*settings.get("ARTICLE_PATHS", ()), *settings.get("PAGE_PATHS", ())]:
        for parent, dirs, names in os.walk(os.path.join(root, folder)):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.startswith(".") and name.rsplit(".", 1)[-1].lower() in ignored:
                    path = os.path.relpath(os.path.join(parent, name), root)
                    problems.append(f"{path}: not built: posts are Markdown files; "
                                    f"rename it to .md (its markup goes through the sanitiser) or move it out of {folder}/")
    return problems
