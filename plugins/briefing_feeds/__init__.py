"""Pelican plugin: the site's feeds (Atom, RSS 2.0, JSON Feed) through :mod:`briefing.feeds`.

Thin on purpose: it hands Pelican the feeds' Writer and asks it for the JSON
Feed once the articles' feeds are written.
"""

from pelican import signals

from briefing.feeds.writer import FeedWriter, settings_problems


class FeedSettingsError(RuntimeError):
    """Settings that cannot give valid feeds: stop before anything is written."""

    exitcode = 1


def _check(pelican) -> None:
    problems = settings_problems(pelican.settings)
    if problems:
        raise FeedSettingsError("; ".join(problems))


def _writer(pelican):
    return FeedWriter


def _json_feed(generator, writer) -> None:
    if isinstance(writer, FeedWriter):
        writer.write_json_feed(generator.articles)


def register() -> None:
    signals.initialized.connect(_check)
    signals.get_writer.connect(_writer)
    signals.article_writer_finalized.connect(_json_feed)
