"""The site's Content-Security-Policy: one set of directives, in every page and in the web server's header.

Each page carries the policy in a ``<meta http-equiv>``, so it holds on any host
(GitHub Pages, ``make serve``, a mirror), not only behind deploy/nginx.conf,
whose header states the same policy (tests/test_csp.py checks they agree). A
``<meta>`` policy cannot carry the directives browsers honour only in a header;
those are left out of it, not ignored with a console error on every page.
"""

from __future__ import annotations

from collections.abc import Mapping

#: Directives a browser ignores (and complains about) in a <meta> policy.
HEADER_ONLY = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})


def header_policy(directives: Mapping[str, str]) -> str:
    """The policy as the ``Content-Security-Policy`` header states it."""
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


def meta_policy(directives: Mapping[str, str]) -> str:
    """The policy as a page's ``<meta http-equiv="Content-Security-Policy">`` states it."""
    return header_policy({name: value for name, value in directives.items() if name not in HEADER_ONLY})
