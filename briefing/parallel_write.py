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

import logging
import os
import sys
import traceback
from functools import partial

from pelican.writers import Writer

log = logging.getLogger("briefing")


class ParallelWriteError(RuntimeError):
    exitcode = 1


class ArticleWriterProcess:
    """A forked child that writes ``generator``'s article pages, and the parent's handle on it."""

    def __init__(self, generator):
        self.generator = generator
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child: write the article pages, then leave at once
            status = 0
            try:
                writer = Writer(generator.output_path, settings=generator.settings)
                generator.generate_articles(partial(writer.write_file,
                                                    relative_urls=generator.settings["RELATIVE_URLS"]))
            except BaseException:  # noqa: BLE001 - the parent reports the failure
                traceback.print_exc()
                status = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        # The parent: the child writes these pages, so Pelican's own pass skips them.
        generator.generate_articles = lambda write: None

    def wait(self) -> None:
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise ParallelWriteError("writing the article pages failed in the second process (see above)")
