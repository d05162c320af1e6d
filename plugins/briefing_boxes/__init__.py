"""Pelican plugin: each briefing's boxes reach its templates; posts that break the contract are reported.

Thin on purpose: the boxes are rendered with the post by the project's reader
(plugins/briefing_build, :mod:`briefing.post`), so a page and its feed entries
carry the same ones; this plugin hands them to templates as
``article.briefing`` and reports through :mod:`briefing.site`, which fails a
strict build once every problem is listed.
"""

from pelican import signals

from briefing.post import DRAFT_KEY
from briefing.site import SiteBriefings

_build: SiteBriefings | None = None


def _begin(pelican) -> None:
    """A fresh list of problems for every build, the devserver's rebuilds included."""
    global _build
    _build = SiteBriefings(pelican.settings)


def _attach(content) -> None:
    content.briefing = content.metadata.get("briefing")
    if _build is not None and content.metadata.get("briefing_problems"):
        _build.report(content.metadata["briefing_problems"], draft=bool(content.metadata.get(DRAFT_KEY)))


def _finish(generators) -> None:
    if _build is not None:
        _build.finish()


def register() -> None:
    signals.get_generators.connect(_begin)
    signals.content_object_init.connect(_attach)
    signals.all_generators_finalized.connect(_finish)
