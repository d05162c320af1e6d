"""The article pages written by a second process while this one writes everything else.

Pelican writes a site in one process, one file after another. Once every post
is read and every link resolved, the article pages depend on nothing that is
still to come, so a forked child writes them (the slowest single part of the
writing) while Pelican goes on with the feeds, lists and hubs. The child holds
a copy of the very same context and templates, so each page is the same byte
for byte.

Plugins learn of each page written through Pelican's ``content_written``
signal (the sitemap lists exactly those pages). Signals in the child reach
only the child's copies of those plugins, so the child sends none; it reports
which pages it wrote, and once it is joined the parent sends the signal for
each, with the same path and context Pelican's writer would have sent. The
parent also goes through ``generate_articles`` itself, writing nothing, so
``article_generator_write_article`` reaches its plugins as in a one-process
build.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals
from pelican.writers import Writer

from . import stats
from .forked import ForkedTask


class ArticleWriter:
    """The forked child writing ``generator``'s article pages, and what the parent replays when it ends."""

    def __init__(self, generator):
        self.generator = generator
        relative_urls = generator.settings["RELATIVE_URLS"]

        def write_articles() -> list[int]:
            writer = Writer(generator.output_path, settings=generator.settings)
            written = []

            def write(name, *args, **kwargs) -> None:
                writer.write_file(name, *args, relative_urls=relative_urls, **kwargs)
                written.append(bool(name))

            with signals.content_written.muted():  # the parent sends them (see the module's docstring)
                generator.generate_articles(write)
            return [index for index, wrote in enumerate(written) if wrote]

        self.task = ForkedTask(write_articles, "writing the article pages")
        #: Every page the parent would have written: (name, context, keyword arguments), in order.
        self._pages: list[tuple[str, dict, dict[str, Any]]] = []
        original = generator.generate_articles
        generator.generate_articles = lambda write: original(self._note)  # in the parent: the child writes

    def _note(self, name, template, context, **kwargs) -> None:
        self._pages.append((name, context, kwargs))

    def wait(self) -> None:
        """Join the child (raising its failure); then send ``content_written`` for each page it wrote."""
        written = self.task.wait()
        pages, self._pages = self._pages, []
        replayer = _SignalOnlyWriter(self.generator.output_path, settings=self.generator.settings)
        relative_urls = self.generator.settings["RELATIVE_URLS"]
        count = stats.current()
        quiet = logging.getLogger("pelican.writers")  # its 'Writing' lines came from the child already
        quiet.disabled = True
        try:
            for index in written:
                name, context, kwargs = pages[index]
                replayer.write_file(name, _NOTHING, context, relative_urls=relative_urls, **kwargs)
                count.replayed_signals += 1
        finally:
            quiet.disabled = False
        count.pages_by_child += len(written)


class _NothingTemplate:
    """Stands for a page's template when only the signal of writing it is wanted."""

    def render(self, context) -> str:
        return ""


_NOTHING = _NothingTemplate()


class _SignalOnlyWriter(Writer):
    """Pelican's writer, so the signal carries the context it builds, writing nowhere and saying nothing."""

    def _open_w(self, filename, encoding, override=False):
        return open(os.devnull, "w", encoding=encoding)  # noqa: SIM115 - the writer closes it

