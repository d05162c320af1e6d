"""Hostile values, and a parser's verdict on whether any of them came out as live markup.

Shared by the tests that build a site full of attacks (tests/test_hostile.py) and
the one that renders every template with them (tests/test_template_escaping.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import lxml.html

#: What an attacker (or a careless paste) puts in a plain-text field: a tag with an event handler,
#: a script that closes the one around it, a meta refresh, and quotes that end an attribute.
ATTACK = (
    "\"'><img src=x onerror=alert(1)></script><script>alert(2)</script>"
    "<meta http-equiv=\"refresh\" content=\"0;url=/pwned/\"> x' onmouseover='alert(3)"
)
#: What a Markdown field adds: links and images with script and data URLs, in Markdown and in HTML.
LINKS = (
    "[a](javascript:alert(4)) [b](data:text/html,alert) <a href=\"JaVaScRiPt:alert(5)\">c</a> "
    "<img src=\"data:image/svg+xml,x\" srcset=\"data:x 1x\" onerror=\"alert(6)\">"
)
#: What only a body may try besides: frames, objects, forms, styles, a base and a foreign stylesheet.
BODY = (
    "<iframe src=\"javascript:alert(7)\"></iframe><object data=\"data:text/html,x\"></object>"
    "<svg onload=\"alert(8)\"><circle/></svg><form action=\"javascript:alert(9)\"><button>go</button></form>"
    "<style>body{display:none}</style><p style=\"color:red\">styled</p><base href=\"https://evil.example/\">"
    "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">"
)
#: Pieces of ATTACK that typography leaves alone: a plain-text field must show them as text.
VISIBLE = ("<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>")

_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "cite", "background", "xlink:href")
_BAD_SCHEMES = ("javascript", "data", "vbscript")
#: <link> relations that make a browser fetch and use what they point to.
_LOADS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "manifest", "import"}
_EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style"}
_REFRESH = re.compile(r"^0; url=(.*)$", re.DOTALL)


def _bad_url(value: str) -> bool:
    cleaned = "".join(value.split()).lower()  # browsers ignore whitespace and control characters in a scheme
    return urlsplit(cleaned).scheme in _BAD_SCHEMES or cleaned.startswith(tuple(s + ":" for s in _BAD_SCHEMES))


def live_markup(
    root,
    own_scripts: tuple[str, ...] = ("theme/js/search.js",),
    base: str | None = None,
    styles: bool = False,
    refresh: Callable[[str], bool] | None = None,
) -> list[str]:
    """Every element or attribute of a parsed document or fragment that a browser would act on.

    Allowed: JSON-LD (data, and it must parse as JSON), the site's own script files,
    a ``<base>`` equal to ``base`` (the 404 page's), styles when ``styles``
    (an email's own stylesheet, inlined into style attributes; a page's policy forbids them),
    and one meta refresh in the head, the site's own redirect (tag_redirect.html), when
    ``refresh`` accepts its URL.
    """
    problems = []
    refreshes = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "script":
            if el.get("type") == "application/ld+json":
                try:
                    json.loads(el.text or "")
                except ValueError as error:
                    problems.append(f"JSON-LD broken out of: {error}")
            elif not (el.get("src") or "").endswith(own_scripts):
                problems.append(f"script {lxml.html.tostring(el)[:80]!r}")
        if tag in _EMBEDDING and not (styles and tag == "style"):
            problems.append(f"<{tag}>")
        if tag == "base" and el.get("href") != base:
            problems.append(f"<base href={el.get('href')!r}>")
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            own = _REFRESH.match(el.get("content") or "")
            refreshes += 1
            if not (refresh and own and refreshes == 1 and el.getparent().tag == "head" and refresh(own.group(1))):
                problems.append(f"meta refresh {el.get('content')!r}")
        if tag == "link" and _LOADS & set((el.get("rel") or "").lower().split()) and urlsplit(el.get("href") or "").netloc:
            problems.append(f"<link rel={el.get('rel')!r}> to another host: {el.get('href')!r}")
        for name, value in el.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                problems.append(f"{name}= on <{tag}>")
            elif name == "style" and not styles:
                problems.append(f"style= on <{tag}>")
            elif name in _URL_ATTRIBUTES and _bad_url(value):
                problems.append(f"{name}={value!r} on <{tag}>")
            elif name in ("srcset", "imagesrcset") and any(_bad_url(c.split()[0]) for c in value.split(",") if c.split()):
                problems.append(f"{name}={value!r} on <{tag}>")
    return problems


def page_markup(text: str, **kwargs) -> list[str]:
    return live_markup(lxml.html.document_fromstring(text), **kwargs)


def fragment_markup(text: str) -> list[str]:
    if not text or not text.strip():
        return []
    return live_markup(lxml.html.fragment_fromstring(text, create_parent="div"))
