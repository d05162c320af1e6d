"""Pelican plugin: the boxes of each briefing, in its page and in its feed entries.

Thin on purpose: it adapts Pelican's signals to :mod:`briefing.site`.
"""

from pelican import signals

from briefing.site import SiteBriefings

_build: SiteBriefings | None = None


def _start(pelican) -> None:
    global _build
    _build = SiteBriefings(pelican.settings)


def _attach(content) -> None:
    if _build is None:
        return
    boxes = _build.boxes_for(content.metadata, content.relative_source_path or "")
    content.briefing = boxes
    if boxes is None:
        return
    # The boxes become part of the content itself, so every place Pelican puts
    # an article's content (its page, its Atom and RSS entries) carries them.
    content._content = boxes.wrap(content._content)
    if "summary" not in content.metadata and boxes.summary:
        content.metadata["summary"] = boxes.summary
        content._summary = boxes.summary


def _finish(pelican) -> None:
    if _build is not None:
        _build.finish()


def register() -> None:
    signals.initialized.connect(_start)
    signals.content_object_init.connect(_attach)
    signals.all_generators_finalized.connect(_finish)
