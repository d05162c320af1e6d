"""Shared fixtures: real builds of the site, a local web server, Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from tests.sitebuild import ROOT, build, production_settings
from tests.strict_ci import pytest_make_collect_report, pytest_runtest_makereport  # noqa: F401 - CI's hooks

# Property tests replay anywhere: a failure prints the blob that reproduces it
# (``@reproduce_failure``), and the example database keeps failing cases between runs.
# HYPOTHESIS_PROFILE names another registered profile.
hypothesis_settings.register_profile("ci", print_blob=True, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The repository's content built with pelicanconf (local settings)."""
    return build(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The repository's content built with publishconf (production settings)."""
    return build(tmp_path_factory.mktemp("published") / "output", conf="publishconf.py")


@pytest.fixture(scope="session")
def issue_w47(tmp_path_factory):
    """The sample content's week 47 newsletter, built as `make newsletter WEEK=2025-W47` builds it."""
    from briefing.newsletter.build import build_issue
    from briefing.newsletter.weeks import IsoWeek

    output = tmp_path_factory.mktemp("newsletter") / "output"
    built = build_issue(production_settings(), IsoWeek(2025, 47), output, env={})
    assert built is not None
    return built


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 on a free port, in a thread; returns (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(site):
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def java() -> str:
    path = shutil.which("java")
    if not path:
        pytest.fail("java is missing: the Nu Html Checker needs a Java runtime")
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: run `make test` (it installs npm's vnu-jar)")
    return path
