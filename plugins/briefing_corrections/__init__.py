"""Pelican plugin: the corrections log, /corrections/ and its Atom feed.

Thin on purpose: the notes are rendered with each briefing's boxes
(:mod:`briefing.boxes`), collected and put in a feed by :mod:`briefing.corrections`.
"""

import os

from pelican import signals
from pelican.generators import Generator
from pelican.utils import sanitised_join

from briefing.corrections import collect_corrections, corrections_feed


class CorrectionsGenerator(Generator):
    """Runs after the articles are read, so every published briefing's notes are known."""

    def generate_context(self) -> None:
        self.corrections = collect_corrections(self.context.get("articles", []))
        self.context["corrections"] = self.corrections

    def generate_output(self, writer) -> None:
        save_as = self.settings.get("CORRECTIONS_SAVE_AS")
        if not save_as:
            return
        writer.write_file(
            save_as, self.get_template("corrections"), self.context,
            relative_urls=bool(self.settings.get("RELATIVE_URLS")), url=self.settings.get("CORRECTIONS_URL"),
            corrections=self.corrections,
        )
        path = self.settings.get("CORRECTIONS_FEED_ATOM")
        if path:
            target = sanitised_join(self.output_path, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as out:
                feed = corrections_feed(self.corrections, self.settings, path, getattr(writer, "entries", None))
                feed.write(out, "utf-8")


def _generators(pelican):
    return CorrectionsGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
