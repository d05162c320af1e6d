"""Pelican plugin: the newsletter's web edition (an issue per week or day, its archive and feed) and its sign-up form.

Thin on purpose: it hands Pelican the generator of :mod:`briefing.newsletter.generator`,
and the templates the checked sign-up form of :mod:`briefing.newsletter.signup`.
"""

from pelican import signals

from briefing.newsletter.generator import NewsletterGenerator
from briefing.newsletter.signup import allow_form, signup_form


def _signup(pelican) -> None:
    """NEWSLETTER_SIGNUP_FORM for every template (Pelican's context starts as a copy of the settings),
    and the pages' Content-Security-Policy letting it post to the list service."""
    form = signup_form(pelican.settings)
    pelican.settings["NEWSLETTER_SIGNUP_FORM"] = form
    if "CONTENT_SECURITY_POLICY" in pelican.settings:
        pelican.settings["CONTENT_SECURITY_POLICY"] = allow_form(pelican.settings["CONTENT_SECURITY_POLICY"], form)


def _generators(pelican):
    return NewsletterGenerator


def register() -> None:
    signals.initialized.connect(_signup)
    signals.get_generators.connect(_generators)
