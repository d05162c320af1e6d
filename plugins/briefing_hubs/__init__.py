"""Pelican plugin: hubs for rare earth elements, companies and countries, and the topics index.

Thin on purpose: it hands Pelican the generator of :mod:`.generator`, which
feeds the build's articles to :mod:`briefing.hubs` and writes what it returns.
"""

from pelican import signals

from .generator import HubsGenerator


def _generators(pelican):
    return HubsGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
