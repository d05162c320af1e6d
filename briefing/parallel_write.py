"""The article pages written by a second process while this one writes everything else.

Pelican writes a site in one process, one file after another. Once every post
is read and every link resolved, the article pages depend on nothing that is
still to come, so a forked child writes them (the slowest single part of the
writing) while Pelican goes on with the feeds, lists and hubs. The child holds
a copy of the very same context and templates, so each page is the same byte
for byte; the parent waits for it before anything runs over the finished
folder (precompression, the build's last checks).
"""

from __future__ import annotations

from functools import partial

from pelican.writers import Writer

from .forked import ForkedTask


def fork_article_writer(generator) -> ForkedTask:
    """Start a forked child that writes ``generator``'s article pages; the parent skips them."""

    def write_articles() -> None:
        writer = Writer(generator.output_path, settings=generator.settings)
        generator.generate_articles(partial(writer.write_file, relative_urls=generator.settings["RELATIVE_URLS"]))

    child = ForkedTask(write_articles, "writing the article pages")
    generator.generate_articles = lambda write: None  # in the parent only: the child writes these pages
    return child
