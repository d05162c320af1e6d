"""Pelican plugin for production builds: checks that name the post at fault, and robots.txt.

Thin on purpose: the checks are :mod:`briefing.site_checks`, robots.txt is
:mod:`briefing.seo`. Listed in publishconf's PLUGINS only; since Pelican's
signals outlive a build in the same process, each receiver also looks at the
build's own settings.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from briefing.seo import robots_txt
from briefing.site_checks import broken_links, missing_static_files, output_collisions

log = logging.getLogger("briefing.publish")


class PublishCheckError(RuntimeError):
    """A strict build met broken links or clashing outputs; every one was logged before."""

    exitcode = 1


_problems: list[str] = []


def _start(pelican) -> None:
    """Every build starts with no problems (``get_generators``: the devserver rebuilds in one process)."""
    _problems.clear()
    sitemap = _sitemap()
    if sitemap is not None:  # pages queued by a build that stopped with an error are not this build's
        sitemap.page_queue = []


def _forget_failed_sitemap(pelican) -> None:
    """The sitemap plugin writes only for the Pelican it first saw, and forgets it only when a build finishes.

    After a build of another Pelican in this process stopped with an error, it
    would ignore every later build; each new Pelican starts it afresh.
    """
    sitemap = _sitemap()
    if sitemap is not None:  # its queue is emptied when the build starts (_start)
        sitemap._main_pelican = None


def _sitemap():
    try:
        from pelican.plugins.sitemap.sitemap import generator
    except ImportError:
        return None
    return generator


def _check(static_generator) -> None:
    """Run once every generator has read its files, before anything is written."""
    settings = static_generator.settings
    if not settings.get("BRIEFING_STRICT"):
        return
    context = static_generator.context
    contents = [c for c in context.get("generated_content", {}).values() if c is not None]
    problems = broken_links(contents) + missing_static_files(contents, settings["PATH"])
    for problem in problems + output_collisions(context, settings):
        _problems.append(problem)
        log.error("%s", problem)


def _stop(generators) -> None:
    if _problems:
        raise PublishCheckError(f"{len(_problems)} broken link(s) or clashing output(s); nothing was published")


def _robots(pelican) -> None:
    """robots.txt points at the sitemap, so it exists exactly where the sitemap plugin runs."""
    siteurl = pelican.settings.get("SITE_ABSOLUTE_URL")
    if "pelican.plugins.sitemap" in pelican.settings.get("PLUGINS", ()) and siteurl:
        Path(pelican.output_path, "robots.txt").write_text(robots_txt(siteurl), encoding="utf-8")


def register() -> None:
    signals.initialized.connect(_forget_failed_sitemap)
    signals.get_generators.connect(_start)
    signals.static_generator_finalized.connect(_check)
    signals.all_generators_finalized.connect(_stop)
    signals.finalized.connect(_robots)
