"""A reader's visit to a page in Chromium: what it requested, what it weighed, what axe-core found."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.conftest import AXE_JS, serve

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class Visit:
    url: str
    external_requests: list[str] = field(default_factory=list)
    bytes_by_url: dict[str, int] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    status: int | None = None

    @property
    def total_bytes(self) -> int:
        return sum(self.bytes_by_url.values())


def open_page(context, url: str) -> tuple[object, Visit]:
    """Load ``url`` in a new page, blocking and recording any request to another host."""
    visit = Visit(url)
    page = context.new_page()

    def route(route):
        host = urlsplit(route.request.url).hostname
        if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "about:")):
            route.continue_()
        else:
            visit.external_requests.append(route.request.url)
            route.abort()

    def on_response(response):
        try:
            visit.bytes_by_url[response.url] = len(response.body())
        except Exception:  # a redirect or aborted response has no body
            pass

    page.route("**/*", route)
    page.on("response", on_response)
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    response = page.goto(url, wait_until="load")
    visit.status = response.status if response else None
    return page, visit


def axe_violations(page) -> list[dict]:
    """Run axe-core (npm's build, injected from node_modules) with all its rules."""
    # Evaluated by the test, not added as a <script>: the page's own policy forbids inline scripts.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    return json.loads(result)["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


def assert_accessible(browser, folder, paths, scheme: str, check=None) -> None:
    """Serve ``folder`` and open each of ``paths`` in ``scheme``: each answers 200, asks no other host,
    and has no axe violation; ``check(page)`` adds a test's own assertions."""
    server, url = serve(folder)
    context = browser.new_context(color_scheme=scheme)
    try:
        for path in paths:
            page, visit = open_page(context, url + path)
            assert visit.status == 200 and visit.external_requests == []
            if check is not None:
                check(page)
            violations = axe_violations(page)
            assert not violations, f"{path} ({scheme}): {describe(violations)}"
            page.close()
    finally:
        context.close()
        server.shutdown()
