"""Every page carries its own Content-Security-Policy, the one deploy/nginx.conf sends, and needs no exception to it."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from pelican.settings import read_settings

from briefing.csp import HEADER_ONLY, header_policy, meta_policy
from tests.sitebuild import ROOT


def policy_settings(conf: str) -> dict[str, str]:
    return read_settings(str(ROOT / conf))["CONTENT_SECURITY_POLICY"]


def nginx_policy() -> str:
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    headers = re.findall(r'^\s*add_header\s+Content-Security-Policy\s+"([^"]*)"', conf, re.MULTILINE)
    assert len(headers) == 1, "deploy/nginx.conf states one Content-Security-Policy"
    return headers[0]


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_nginx_sends_the_policy_the_pages_carry(conf):
    settings = policy_settings(conf)
    assert nginx_policy() == header_policy(settings), "change CONTENT_SECURITY_POLICY and deploy/nginx.conf together"
    header, meta = directives(header_policy(settings)), directives(meta_policy(settings))
    assert meta == {name: value for name, value in header.items() if name not in HEADER_ONLY}
    assert header["frame-ancestors"] == ["'none'"] and "frame-ancestors" not in meta


def test_the_policy_allows_nothing_inline_and_nothing_foreign():
    policy = directives(header_policy(policy_settings("publishconf.py")))
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    for name, values in policy.items():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(values), name


def page_problems(page: Path, expected: str) -> list[str]:
    """What keeps ``page`` from holding under its own policy: no policy first in its head, or something inline."""
    doc = lxml.html.parse(str(page)).getroot()
    problems = []
    head = [el for el in doc.head if isinstance(el.tag, str)]
    metas = doc.xpath('//meta[translate(@http-equiv, "CONTENST-PLIY", "contenst-pliy")="content-security-policy"]')
    if [m.get("content") for m in metas] != [expected]:
        problems.append(f"policy {[m.get('content') for m in metas]}")
    elif head[:2] != [head[0], metas[0]] or head[0].get("charset") is None:
        problems.append("the policy is not right after <meta charset>, before anything it governs")
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get("style") is not None or el.tag == "style":
            problems.append(f"inline style on <{el.tag}>")
        if el.tag == "script" and not el.get("src") and el.get("type") != "application/ld+json":
            problems.append("inline script")
        problems += [f"{name}= on <{el.tag}>" for name in el.attrib if name.lower().startswith("on")]
    return [f"{page}: {problem}" for problem in problems]


@pytest.mark.parametrize("which, conf", [("site", "pelicanconf.py"), ("published_site", "publishconf.py")])
def test_every_page_carries_the_policy_and_needs_nothing_inline(request, which, conf):
    site = request.getfixturevalue(which)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40 and any(p.name == "404.html" for p in pages)
    assert any("newsletter" in p.parts for p in pages)
    expected = meta_policy(policy_settings(conf))
    problems = [problem for page in pages for problem in page_problems(page, expected)]
    assert not problems, "\n".join(problems[:20])
