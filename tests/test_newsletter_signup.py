"""The newsletter's sign-up form: where it stands, what it posts, and what the pages promise without it.

Small sites are built with each preset of NEWSLETTER_SIGNUP pointing at a local
HTTP server standing in for the list service; Chromium, with JavaScript off,
fills in the form and submits it, and the server records what arrived.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from briefing.newsletter.signup import SignupError, signup_form
from tests.browsing import axe_violations, describe, open_page
from tests.conftest import serve
from tests.sitebuild import CONTENT, build
from tests.vnu import nu_problems

BRIEFING = "briefings/2025/2025-11-20-china-rare-earth-group-merges-separation-plants.md"
ARTICLE = "2025/china-rare-earth-group-merges-two-southern-separation-plants-into-one-unit/index.html"
LISTS = ["1f0c6b9e-3f4a-4d2b-9a51-7c2e8d0b4a11", "9b7d2c1e-0a4f-4e3b-8c6d-5f1a2b3c4d5e"]


class ListService(http.server.BaseHTTPRequestHandler):
    """Stands in for the list service: records each form post, answers as its confirmation page would."""

    posts: list[tuple[str, dict[str, list[str]], str]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("ascii")
        self.posts.append((self.path, parse_qs(body, keep_blank_values=True), self.headers.get("Content-Type", "")))
        page = b"<!doctype html><title>Check your inbox</title><p>Check your inbox to confirm."
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def list_service():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ListService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def small_content(tmp_path_factory) -> Path:
    """One briefing and the site's pages: enough for every place the form stands."""
    content = tmp_path_factory.mktemp("signup") / "content"
    shutil.copytree(CONTENT / "pages", content / "pages")
    (content / BRIEFING).parent.mkdir(parents=True)
    shutil.copyfile(CONTENT / BRIEFING, content / BRIEFING)
    return content


def presets(service: str) -> dict[str, dict]:
    return {
        "listmonk": {"provider": "listmonk", "action": f"{service}/subscription/form", "lists": LISTS},
        "buttondown": {"provider": "buttondown", "user": "rare-earth", "action": f"{service}/api/emails/embed-subscribe/rare-earth"},
        "mailchimp": {"provider": "mailchimp", "action": f"{service}/subscribe/post?u=5f3e9a&id=c41d07"},
    }


@pytest.fixture(scope="module")
def sites(small_content, list_service, tmp_path_factory) -> dict[str, Path]:
    built = {}
    for name, config in {**presets(list_service), "none": None}.items():
        output = tmp_path_factory.mktemp(f"site-{name}") / "output"
        built[name] = build(output, content=small_content, SEARCH_INDEX=False, NEWSLETTER_SIGNUP=config)
    return built


PLACES = {
    "subscribe/index.html": ["header", "subscribe"],
    ARTICLE: ["header", "briefing"],
    "newsletter/index.html": ["header", "newsletter"],
    "newsletter/2025-w47/index.html": ["header", "newsletter"],
    "newsletter/2025-11-20/index.html": ["header", "newsletter"],
    "index.html": ["header"],
}


def forms(page: Path) -> list:
    return lxml.html.document_fromstring(page.read_text(encoding="utf-8")).xpath("//form[contains(@class, 'signup')]")


def test_the_form_stands_in_the_header_on_subscribe_under_each_briefing_and_on_newsletter_pages(sites):
    for path, places in PLACES.items():
        found = forms(sites["listmonk"] / path)
        assert [f.get("class").split()[1] for f in found] == [f"signup-{p}" for p in places], path
        for form in found:
            assert form.get("method") == "post" and form.get("action").endswith("/subscription/form")
            email = form.xpath(".//input[@type='email']")[0]
            assert email.get("name") == "email" and email.get("required") is not None
            label = form.xpath(f".//label[@for='{email.get('id')}']")
            assert label and "email address" in label[0].text_content()
            assert not form.xpath(".//script") and not form.xpath(".//@*[starts-with(name(), 'on')]")


def test_every_page_lets_the_form_post_to_the_list_service_and_nowhere_else(sites, list_service):
    for name, origin in [("listmonk", list_service), ("none", None)]:
        for path in PLACES:
            doc = lxml.html.document_fromstring((sites[name] / path).read_text(encoding="utf-8"))
            policy = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
            form_action = next(d.split()[1:] for d in policy.split(";") if d.split()[0] == "form-action")
            assert form_action == ["'self'", origin] if origin else ["'self'"], (name, path)


def test_without_a_list_service_no_page_offers_or_promises_email(sites):
    for path in PLACES:
        page = (sites["none"] / path).read_text(encoding="utf-8")
        assert not forms(sites["none"] / path), path
        assert "by email" not in page and "sent by email" not in page, path
    with_service = (sites["listmonk"] / "newsletter/index.html").read_text(encoding="utf-8")
    assert "sent by email to everyone who signs up below" in with_service
    subscribe = (sites["none"] / "subscribe/index.html").read_text(encoding="utf-8")
    assert "nothing to sign up for" not in subscribe


@pytest.mark.browser
@pytest.mark.parametrize("provider, page, expected", [
    ("listmonk", "subscribe/index.html", lambda: {"email": ["ana+brief@readers.test"], "name": ["Ana O’Neil <b>"],
                                                  "l": LISTS, "nonce": [""]}),
    ("listmonk", ARTICLE, lambda: {"email": ["ana+brief@readers.test"], "l": LISTS, "nonce": [""]}),
    ("buttondown", "newsletter/index.html", lambda: {"email": ["ana+brief@readers.test"], "embed": ["1"]}),
    ("mailchimp", "index.html", lambda: {"EMAIL": ["ana+brief@readers.test"], "b_5f3e9a_c41d07": [""]}),
])
def test_the_form_posts_what_the_provider_expects_with_javascript_off(browser, sites, list_service, provider, page, expected):
    server, base = serve(sites[provider])
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{base}/{page}")
        form = tab.locator("form.signup").last
        form.get_by_label("Your email address").fill("ana+brief@readers.test")
        if provider == "listmonk" and page.startswith("subscribe"):
            form.get_by_label("Your name (optional)").fill("Ana O’Neil <b>")
        ListService.posts.clear()
        with tab.expect_navigation():
            form.get_by_role("button", name="Subscribe").click()
        assert "Check your inbox" in tab.content()
        assert len(ListService.posts) == 1
        path, fields, kind = ListService.posts[0]
        assert kind == "application/x-www-form-urlencoded"
        assert path == urlsplit(signup_form({"NEWSLETTER_SIGNUP": presets(list_service)[provider]}).action)._replace(
            scheme="", netloc="").geturl()
        assert fields == expected()
    finally:
        context.close()
        server.shutdown()


@pytest.mark.browser
def test_subscribe_with_its_form_has_no_axe_violation(browser, sites):
    server, base = serve(sites["listmonk"])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page, visit = open_page(context, f"{base}/subscribe/")
        assert visit.status == 200 and visit.external_requests == []
        violations = axe_violations(page)
        assert not violations, describe(violations)
    finally:
        context.close()
        server.shutdown()


@pytest.mark.vnu
def test_nu_html_checker_finds_no_error_in_pages_with_the_form(sites, java):
    pages = [sites["mailchimp"] / path for path in PLACES] + [sites["listmonk"] / "subscribe/index.html"]
    problems = nu_problems(java, pages)
    assert not problems, problems


@pytest.mark.parametrize("config, problem", [
    ({"provider": "tinyletter", "action": "https://x.example/"}, "provider 'tinyletter' is not one of listmonk, buttondown, mailchimp"),
    ({"provider": "listmonk", "action": "https://lists.example/subscription/form"}, '"lists"'),
    ({"provider": "listmonk", "action": "https://lists.example/subscription/form", "lists": "one-uuid"}, '"lists"'),
    ({"provider": "listmonk", "action": "http://lists.example/subscription/form", "lists": LISTS}, "https:"),
    ({"provider": "listmonk", "action": 'https://lists.example/"><script>', "lists": LISTS}, "not a usable address"),
    ({"provider": "buttondown"}, '"user"'),
    ({"provider": "mailchimp", "action": "https://x.us1.list-manage.com/subscribe/post"}, "?u=…&id=…"),
    ("listmonk", "must be a mapping"),
])
def test_a_signup_setting_that_cannot_work_is_refused_saying_why(config, problem):
    with pytest.raises(SignupError, match="NEWSLETTER_SIGNUP") as refused:
        signup_form({"NEWSLETTER_SIGNUP": config})
    assert problem in str(refused.value)


def test_presets_know_their_services_fields():
    buttondown = signup_form({"NEWSLETTER_SIGNUP": {"provider": "Buttondown", "user": "rare earth"}})
    assert buttondown.action == "https://buttondown.com/api/emails/embed-subscribe/rare%20earth"
    assert (buttondown.email_field, buttondown.origin) == ("email", "https://buttondown.com")
    chimp = signup_form({"NEWSLETTER_SIGNUP": {"provider": "mailchimp",
                                               "action": "https://x.us1.list-manage.com/subscribe/post?u=a1&id=b2"}})
    assert (chimp.email_field, chimp.trap, chimp.origin) == ("EMAIL", "b_a1_b2", "https://x.us1.list-manage.com")
    assert signup_form({}) is None and signup_form({"NEWSLETTER_SIGNUP": None}) is None
