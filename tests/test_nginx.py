"""deploy/nginx.conf in Debian's real nginx, serving a published site on 127.0.0.1, and Chromium reading it."""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.browsing import axe_violations, describe, open_page
from tests.publishing import free_port, publish
from tests.sitebuild import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = ROOT / "deploy" / "nginx.conf"
ARTICLE = "/2025/northern-rare-earth-starts-phase-ii-of-its-green-smelting-upgrade/"
FEED_TYPES = {".atom.xml": "application/atom+xml", ".rss.xml": "application/rss+xml", ".json": "application/feed+json"}

# What an nginx master needs around the deployed file: Debian's nginx.conf gives the same http context.
MAIN_CONF = """\
{user}
worker_processes 1;
error_log {tmp}/error.log;
pid {tmp}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


def site_conf(port: int, root: Path) -> str:
    """deploy/nginx.conf with only the lines its comments mark for change: where it listens, what it serves."""
    text = CONF.read_text(encoding="utf-8")
    text, listens = re.subn(r"^(\s*)listen 80;.*$", rf"\g<1>listen 127.0.0.1:{port};", text, flags=re.M)
    text, v6 = re.subn(r"^\s*listen \[::\]:80;.*\n", "", text, flags=re.M)
    text, roots = re.subn(r"^(\s*)root \S+;", rf"\g<1>root {root};", text, flags=re.M)
    assert (listens, v6, roots) == (1, 1, 1), "deploy/nginx.conf no longer has the lines a deployment changes"
    return text


def wait_for_port(port: int, process: subprocess.Popen, error_log: Path) -> None:
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail(f"nginx exited: {error_log.read_text() if error_log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail("nginx did not start listening")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL, site folder): the repository's content published for this address and served by nginx."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: install Debian's nginx (apt-get install nginx)")
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    site = tmp / "output"
    result = publish(site, siteurl=base)
    assert result.returncode == 0, result.stderr
    write_csp_probes(site)
    (tmp / "site.conf").write_text(site_conf(port, site), encoding="utf-8")
    # As root, workers would run as nobody, who cannot read pytest's private temporary folders.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp, user=user), encoding="utf-8")
    command = [NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE)
    try:
        wait_for_port(port, process, tmp / "error.log")
        yield base, site
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(url: str, **headers: str):
    """(status, headers, body) of a GET, 4xx and 5xx included, with no automatic decompression."""
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csp_of(headers) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in headers["Content-Security-Policy"].split(";") if d.strip()}


# --- the inline styles the site needs, and what the policy allows ---------------------------


def inline_styles() -> list[str]:
    """The text of each inline <style> the site ships (the feed XSLT's), as a browser hashes it."""
    from lxml import etree

    return [el.text for xsl in sorted((ROOT / "theme" / "static").glob("*.xsl")) for el in etree.parse(str(xsl)).iter("style")]


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


PROBE_STYLE_BAD = "body { outline: 3px solid red; }"


def write_csp_probes(site: Path) -> None:
    """Two pages that show the policy's effect on inline styles: one it allows by hash, one it must block."""
    allowed = "".join(f"<style>{text}</style>" for text in inline_styles())
    for name, style in (("csp-allowed.html", allowed), ("csp-blocked.html", f"<style>{PROBE_STYLE_BAD}</style>")):
        (site / name).write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title>{style}</head>'
            "<body><p>probe</p></body></html>", encoding="utf-8")


def test_policy_is_strict_and_hashes_every_inline_style_the_site_ships(served):
    base, _ = served
    _, headers, _ = fetch(base + "/")
    policy = csp_of(headers)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert not any("'unsafe-inline'" in v or "'unsafe-eval'" in v or "*" in v for v in policy.values()), policy
    styles = inline_styles()
    assert styles, "the feed stylesheet's inline <style> is what the hash is for"
    for text in styles:
        assert csp_hash(text) in policy["style-src"], f"add {csp_hash(text)} to style-src in deploy/nginx.conf"


# --- nginx over HTTP ----------------------------------------------------------------------


def test_pages_come_with_security_and_cache_headers(served):
    base, site = served
    for path in ("/", ARTICLE, "/section/processing/", "/search/"):
        status, headers, body = fetch(base + path)
        assert status == 200, path
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Cache-Control"] == "no-cache"
        assert body == (site / path.lstrip("/") / "index.html").read_bytes()


def test_each_feed_is_served_with_its_own_type(served):
    import feedparser

    base, site = served
    feeds = sorted((site / "feeds").rglob("*.xml")) + sorted((site / "feeds").rglob("*.json"))
    assert {suffix for suffix in FEED_TYPES if any(f.name.endswith(suffix) for f in feeds)} == set(FEED_TYPES)
    for feed in feeds:
        path = "/" + feed.relative_to(site).as_posix()
        status, headers, body = fetch(base + path)
        kind = next(t for suffix, t in FEED_TYPES.items() if feed.name.endswith(suffix))
        assert status == 200 and headers["Content-Type"] == f"{kind}; charset=utf-8", (path, headers["Content-Type"])
        assert body == feed.read_bytes()
        if kind != "application/feed+json":
            assert not feedparser.parse(body).bozo, path


def test_precompressed_variant_is_sent_to_clients_that_accept_gzip(served):
    base, site = served
    for path, file in ((ARTICLE, ARTICLE.strip("/") + "/index.html"), ("/feeds/all.atom.xml", "feeds/all.atom.xml")):
        status, headers, body = fetch(base + path, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in headers["Vary"]
        assert body == (site / (file + ".gz")).read_bytes()
        assert gzip.decompress(body) == (site / file).read_bytes()
        _, plain_headers, plain = fetch(base + path)
        assert plain_headers["Content-Encoding"] is None and plain == (site / file).read_bytes()


def test_a_missing_page_gets_the_sites_404_page(served):
    base, site = served
    for path in ("/2025/no-such-briefing/", "/404.html"):
        status, headers, body = fetch(base + path)
        assert status == 404, path
        assert body == (site / "404.html").read_bytes()
        assert b"Page not found" in body
        assert headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"


def test_fingerprinted_stylesheet_is_cached_for_a_year_and_others_are_not(served):
    base, _ = served
    _, _, home = fetch(base + "/")
    href = re.search(rb'<link rel="stylesheet" href="([^"]+)"', home).group(1).decode()
    assert re.search(r"/theme/css/site\.css\?v=[0-9a-f]{10}$", href)
    status, headers, _ = fetch(urljoin(base + "/", href))
    assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"] == "text/css; charset=utf-8"
    _, bare, _ = fetch(base + "/theme/css/site.css")
    assert "immutable" not in bare["Cache-Control"]


def test_folder_without_slash_redirects_on_the_same_host(served):
    base, _ = served
    status, headers, _ = fetch(base + ARTICLE.rstrip("/"))
    assert status == 301 and headers["Location"] == ARTICLE


@pytest.mark.parametrize("path", ["/.secret", "/.git/config", "/.git/x.atom.xml", "/.git/x.rss.xml", "/.git/x.xsl",
                                  "/feeds/.hidden/y.json", "/theme/.editor.swp", "/.git/", "/.git"])
def test_hidden_files_are_never_served_whatever_their_type(served, path):
    base, site = served
    hidden = site / path.lstrip("/")
    if not path.endswith("/") and path != "/.git":
        hidden.parent.mkdir(parents=True, exist_ok=True)
        hidden.write_text("SECRET never served", encoding="utf-8")
    else:
        (hidden / "index.html").parent.mkdir(parents=True, exist_ok=True)
        (hidden / "index.html").write_text("SECRET never served", encoding="utf-8")
    status, headers, body = fetch(base + path)
    assert status == 404, (path, status)
    assert body == (site / "404.html").read_bytes(), "the site's own 404 page"
    assert headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("path", ["/theme/", "/feeds/", "/pagefind/", "/2025/"])
def test_a_folder_without_an_index_page_gets_the_sites_404_page(served, path):
    base, site = served
    assert (site / path.strip("/")).is_dir() and not (site / path.strip("/") / "index.html").exists()
    status, headers, body = fetch(base + path)
    assert status == 404, (path, status)
    assert body == (site / "404.html").read_bytes()
    assert headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"


def test_sitemap_and_robots_are_served(served):
    base, _ = served
    status, headers, body = fetch(base + "/robots.txt")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {base}/sitemap.xml".encode() in body
    status, headers, body = fetch(base + "/sitemap.xml")
    assert status == 200 and b"<urlset" in body


# --- Chromium behind the policy ---------------------------------------------------------------

PAGES = ["/", ARTICLE, "/section/processing/", "/tag/ndpr/", "/subscribe/", "/archives/", "/search/?q=dysprosium",
         "/no-such-page/", "/2025/no-such-briefing/"]


@pytest.fixture(scope="module")
def policed(browser):
    """A browser context that records every Content-Security-Policy violation a page reports."""
    ctx = browser.new_context()
    ctx.add_init_script("""
        window.__csp = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
    """)
    yield ctx
    ctx.close()


def visit(context, url: str, ready: str | None = None):
    """Open ``url``, wait for it to settle (and for ``ready`` to match); return the page, the visit, the violations."""
    page, seen = open_page(context, url)
    page.wait_for_load_state("networkidle")
    if ready:
        page.wait_for_selector(ready, timeout=15000)
    violations = page.evaluate("window.__csp || []") + [m for m in seen.console_errors if "Content Security Policy" in m]
    return page, seen, violations


@pytest.mark.browser
def test_csp_blocks_a_foreign_inline_style_and_allows_the_hashed_feed_styles(served, policed):
    base, _ = served
    page, _, violations = visit(policed, base + "/csp-blocked.html")
    assert violations, "the probe's unhashed inline style must be reported: the check can see violations"
    assert page.evaluate("getComputedStyle(document.body).outlineStyle") == "none"
    page.close()
    page, _, violations = visit(policed, base + "/csp-allowed.html")
    assert violations == []
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 5, "the styles were applied, not dropped"
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_pages_show_with_their_stylesheet_and_no_csp_violation(served, policed, path):
    base, _ = served
    searching = path.startswith("/search/")
    page, seen, violations = visit(policed, base + path, ready=".search-status:not(:empty)" if searching else None)
    if searching:
        assert page.locator(".search-result").count() > 0, "Pagefind runs under the policy"
    assert violations == []
    assert seen.external_requests == []
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute", \
        "the stylesheet was loaded and applied"
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/", ARTICLE, "/no-such-page/"])
def test_published_pages_have_no_axe_violations(served, browser, path):
    base, _ = served
    ctx = browser.new_context(bypass_csp=True)  # axe-core is injected as an inline script
    page, visit = open_page(ctx, base + path)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    ctx.close()
