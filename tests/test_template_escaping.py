"""Every template of the theme, rendered with a hostile value in every field, writes no live markup.

The site's builds fill templates with what posts hold; this fills them with what
no post could hold: every object, name, label, count, date and setting of plain
text is an attack (:class:`Hostile`), and the only HTML a template is given is
what the sanitiser made, exactly as the reader gives ``content`` and ``summary``.
A template that marked any other value safe would write the attack as markup.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html
import pytest
from jinja2 import Environment, FileSystemLoader, meta
from pelican.settings import read_settings

from briefing.csp import meta_policy
from briefing.safety import sanitise_body
from tests.hostile import ATTACK, BODY, LINKS, VISIBLE, fragment_markup, page_markup
from tests.sitebuild import ROOT

TEMPLATES = ROOT / "theme" / "templates"
#: Templates that write no field at all: settings' URLs and the site's name as plain text only.
FIELDLESS = {"partials/footer_feeds.html", "partials/head_feeds.html", "partials/head_styles.html"}
#: What the reader gives for a post's HTML fields: the attack, sanitised.
SANITISED = sanitise_body(f"{ATTACK} {LINKS} {BODY}")
HTML_FIELDS = {"content", "summary"}


class Hostile(str):
    """A plain-text value that is an attack, and any object, list or mapping of such values.

    A str (so escaping, ``json`` and regular expressions read its text), whose every
    attribute, item and call is another such value, and which iterates as two of them.
    """

    def __new__(cls, text: str = f"Name {ATTACK}"):
        return super().__new__(cls, text)

    def __getattribute__(self, name: str):
        # Fields before str's methods: a template's `article.title` or `hub.count` is a field.
        if name.startswith("_"):
            return super().__getattribute__(name)
        return SANITISED if name in HTML_FIELDS else Hostile()

    def __getitem__(self, key):
        return Hostile()

    def __call__(self, *args, **kwargs):
        return Hostile()

    def __iter__(self):
        return iter((Hostile(), Hostile()))

    def __len__(self) -> int:
        return 2

    # Equal to any number and greater than any: every branch on a page number or a count is taken.
    def __lt__(self, other) -> bool:
        return True

    __gt__ = __le__ = __ge__ = __lt__

    def __eq__(self, other) -> bool:
        return self is other or isinstance(other, int)

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    __hash__ = object.__hash__


def template_names() -> list[str]:
    return sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))


@pytest.fixture(scope="module")
def environment():
    """The theme's templates in an environment made as Pelican makes it from the site's settings."""
    # Local settings (relative links), with the public address that adds JSON-LD and link-preview tags.
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "THEME": str(ROOT / "theme"), "SITE_ABSOLUTE_URL": "https://rare-earth-brief.example"})
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), **settings["JINJA_ENVIRONMENT"])
    env.filters.update(settings["JINJA_FILTERS"])
    env.globals.update(settings["JINJA_GLOBALS"])
    assert env.autoescape is True
    return env, settings


def read_names(env: Environment) -> set[str]:
    """Every name the theme's templates read that they do not set themselves."""
    names: set[str] = set()
    for name in template_names():
        source = env.loader.get_source(env, name)[0]
        names |= meta.find_undeclared_variables(env.parse(source))
    return names


def hostile_context(env: Environment, settings: dict) -> dict:
    """The site's settings, its plain-text ones hostile, and a hostile value for every other name a template reads."""
    context = {name: Hostile() for name in read_names(env) if name not in settings and name not in env.globals}
    context.update(settings, SITENAME=Hostile(f"Site {ATTACK}"), SITESUBTITLE=Hostile(f"Subtitle {ATTACK}"))
    context["output_file"] = "2025/a-briefing/index.html"
    context["item_level"] = 2
    return context


def test_every_template_is_checked():
    names = template_names()
    assert {"base.html", "article.html", "index.html", "404.html", "newsletter.html", "email/issue.html",
            "partials/briefing_list.html", "hub_element.html"} <= set(names)


@pytest.mark.parametrize("name", template_names())
def test_template_writes_hostile_values_as_text(environment, name):
    env, settings = environment
    html = env.get_template(name).render(hostile_context(env, settings))
    if name not in FIELDLESS:
        assert VISIBLE[0] in html.replace("&lt;", "<").replace("&gt;", ">"), "the template wrote a hostile value"
    assert "<img src=x" not in html and "<script>alert" not in html
    if html.lstrip().startswith(("<!doctype", "{#")) or "<html" in html:
        # The redirect's own refresh stays on the site, whatever the hub's address says.
        refresh = (lambda url: not urlsplit(url).scheme and not urlsplit(url).netloc) if name == "tag_redirect.html" else None
        problems = page_markup(html, base=settings["SITE_ROOT_PATH"], styles=name.startswith("email/"), refresh=refresh)
        # Every page carries the site's policy; an email does not (mail clients read none, and its styles are inline).
        policies = lxml.html.document_fromstring(html).xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
        assert policies == ([] if name.startswith("email/") else [meta_policy(settings["CONTENT_SECURITY_POLICY"])])
    else:
        problems = fragment_markup(html)
    assert not problems, problems
