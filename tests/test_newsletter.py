"""The newsletter: ISO weeks and days, the web edition in the site, the email edition.

Issues are built from real production builds of the sample content; the .eml
is read back with Python's ``email`` package, shown in Debian's Chromium at
600 px and checked by axe-core and the Nu Html Checker. Sending is in
test_newsletter_delivery.py, the sign-up form in test_newsletter_signup.py.
"""

from __future__ import annotations

import datetime as _dt
import email
import json
import re
import shutil
import struct
import zlib
from email.policy import default as default_policy
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
from pelican.settings import read_settings

from briefing.newsletter.__main__ import main
from briefing.newsletter.build import NewsletterError, build_issue, load_built
from briefing.newsletter.plaintext import WIDTH, html_to_text
from briefing.newsletter.record import read_record, write_record
from briefing.newsletter.weeks import IsoWeek
from briefing.text import plain_text
from tests.browsing import axe_violations, describe, open_page
from tests.conftest import serve
from tests.publishing import publish
from tests.sitebuild import CONTENT, ROOT, LogCapture, copy_content, production_settings, write_post
from tests.vnu import nu_problems

W47 = IsoWeek(2025, 47)  # the sample week with an editor's note
NOTE_SUBJECT = "Week 47, 2025: China's heavy rare earths move under fewer roofs"
W47_ARTICLE = "2025/china-rare-earth-group-merges-two-southern-separation-plants-into-one-unit/"


def sample_dates() -> set[_dt.date]:
    return {_dt.date.fromisoformat(re.match(r"\d{4}-\d{2}-\d{2}", p.name).group()) for p in (CONTENT / "briefings").rglob("*.md")}


def sample_weeks() -> set[IsoWeek]:
    return {IsoWeek.of(d) for d in sample_dates()}


def links_of(markup: str) -> list[str]:
    doc = lxml.html.document_fromstring(markup)
    return [value for _, attribute, value, _ in doc.iterlinks() if attribute in ("href", "src")]


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "mailto" or (parts.scheme == "https" and bool(parts.netloc))


# -- ISO weeks ----------------------------------------------------------------------------------


def test_iso_weeks_parse_name_and_span_the_right_days():
    assert IsoWeek.parse("2025-W47") == IsoWeek.parse("2025-w47") == W47
    assert (W47.start, W47.end) == (_dt.date(2025, 11, 17), _dt.date(2025, 11, 23))
    assert (str(W47), W47.slug, W47.label) == ("2025-W47", "2025-w47", "Week 47, 2025")
    assert W47.dates_label == "17–23 November 2025"
    assert IsoWeek(2025, 44).dates_label == "27 October – 2 November 2025"
    assert IsoWeek(2026, 1).dates_label == "29 December 2025 – 4 January 2026"
    assert IsoWeek.of(_dt.date(2025, 12, 29)) == IsoWeek(2026, 1)
    for wrong in ("2025-W53", "2025-47", "W47"):
        with pytest.raises(ValueError):
            IsoWeek.parse(wrong)


@pytest.mark.parametrize(
    "today, expected",
    [("2025-11-24", W47), ("2025-11-27", W47), ("2025-11-30", W47), ("2025-11-23", IsoWeek(2025, 46))],
)
def test_the_default_week_is_the_last_one_that_has_ended(today, expected):
    assert IsoWeek.last_complete(_dt.date.fromisoformat(today)) == expected


def test_plain_text_keeps_lists_and_link_addresses_and_wraps_at_72():
    fragment = (
        '<ul><li>A long highlight that goes on and on, naming <a href="/about/">the desk</a> and '
        "<em>a great many words</em> so that it has to wrap onto a second line at least."
        "<ul><li>a sub-item</li></ul></li><li>Second</li></ul>"
        '<p>See <a href="https://example.org/very/long/address/that/must/not/be/broken/across/lines/at/all">'
        "this</a>.</p>"
    )
    text = html_to_text(fragment, "https://brief.test/2025/x/")
    assert text.splitlines()[0].startswith("- A long highlight")
    assert "the desk <https://brief.test/about/>" in " ".join(text.split())
    assert "\n  - a sub-item\n- Second\n\nSee this\n<https://example.org/very/long/address/that/must/not/be/broken/across/lines/at/all>." in text
    assert all(len(line) <= WIDTH for line in text.splitlines() if "://" not in line)


# -- the web edition, in every build --------------------------------------------------------------


def test_every_week_and_day_with_briefings_has_a_web_edition_listed_in_the_archive(site):
    weeks = {w.slug for w in sample_weeks()}
    days = {d.isoformat() for d in sample_dates()}
    pages = {p.parent.name for p in (site / "newsletter").glob("*/index.html")}
    assert pages == weeks | days
    archive = (site / "newsletter" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'href="(?:\.\./)*newsletter/([\w-]+)/"', archive)
    assert listed == sorted(weeks, reverse=True) + sorted(days, reverse=True), "weekly issues, then daily ones"
    assert "<h2>Weekly issues</h2>" in archive and "<h2>Daily issues</h2>" in archive
    assert 'href="./newsletter/"' in (site / "index.html").read_text(encoding="utf-8"), "linked from the footer"


def test_web_edition_shows_note_and_each_briefing_with_the_sites_own_boxes(site):
    issue = (site / "newsletter" / W47.slug / "index.html").read_text(encoding="utf-8")
    article = (site / W47_ARTICLE / "index.html").read_text(encoding="utf-8")
    assert "<h1>Week 47, 2025</h1>" in issue and '<time datetime="2025-W47">17–23 November 2025</time>' in issue
    assert "folding two of its Jiangxi separation plants" in issue  # the editor's note
    highlights = re.search(r'<ul class="briefing-highlights-list">.*?\n</ul>', article, re.S).group()
    assert highlights in issue, "the very HTML of the site's Highlights box"
    takeaway = re.search(r'briefing-takeaway">\s*<h2>.*?</h2>\s*(.*?)\s*</aside>', article, re.S).group(1)
    assert takeaway in issue
    assert f'href="../../{W47_ARTICLE}"' in issue and "Read the whole briefing" in issue
    assert 'rel="alternate" type="application/atom+xml"' in issue and "feeds/newsletter.atom.xml" in issue


def source_box(page: str) -> tuple[str, bool]:
    """The text of an article page's Source box, and whether it carries the caution."""
    inner = re.search(r'<aside class="briefing-box briefing-source[^"]*">\s*<h2>.*?</h2>\s*(.*?)\s*</aside>', page, re.S).group(1)
    return inner, "briefing-caution" in inner


def test_every_web_issue_shows_each_briefings_source_and_caution_and_why_newsworthy(site):
    issues = sorted((site / "newsletter").glob("*/index.html"))
    assert len(issues) == len(sample_weeks()) + len(sample_dates())
    cautions = 0
    for path in issues:
        issue = path.read_text(encoding="utf-8")
        links = re.findall(r'<h2 class="briefing-item-title"><a href="((?:\.\./)+)(\d{4}/[^"]+/)"', issue)
        assert links, path
        for _, url in links:
            article = (site / url / "index.html").read_text(encoding="utf-8")
            inner, verify = source_box(article)
            assert inner in issue, f"{path}: the Source box of {url}, as the article has it"
            cautions += verify
            why = re.search(r'briefing-why-newsworthy">\s*<h2>.*?</h2>\s*(.*?)\s*</aside>', article, re.S)
            assert why is None or why.group(1) in issue
    assert cautions >= 2 * 5, "state media and company sources, in weekly and daily issues"


def test_feed_of_issues_is_valid_atom_with_stable_absolute_ids_and_links(published_site):
    feed = feedparser.parse((published_site / "feeds" / "newsletter.atom.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == len(sample_weeks()) + len(sample_dates()), "weekly and daily issues, one feed"
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids)
    newest_day = max(sample_dates()).isoformat()
    assert f"tag:rare-earth-brief.example,2025-01-01:newsletter/{newest_day}" in ids
    newest = feed.entries[0]
    assert newest.id == "tag:rare-earth-brief.example,2025-01-01:newsletter/2025-w47"
    assert newest.title == NOTE_SUBJECT
    assert newest.link == f"{production_settings()['SITEURL']}/newsletter/2025-w47/"
    assert all(is_absolute(url) for url in links_of(newest.content[0].value))


# -- the email edition ------------------------------------------------------------------------------


def parsed(built) -> email.message.EmailMessage:
    return email.message_from_bytes(built.eml.read_bytes(), policy=default_policy)


def as_written(part) -> str:
    """A part's text with the line ends it had before SMTP's CRLF."""
    return part.get_content().replace("\r\n", "\n")


def test_eml_is_multipart_alternative_with_text_then_html_and_list_headers(issue_w47):
    message = parsed(issue_w47)
    settings = production_settings()
    assert message.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert all(part.get_content_charset() == "utf-8" for part in message.iter_parts())
    assert message["Subject"] == f"Rare Earth Brief · {NOTE_SUBJECT}"
    raw_subject = re.search(rb"^Subject: (.*?)\r\n(?! )", issue_w47.eml.read_bytes(), re.M | re.S).group(1)
    assert raw_subject.isascii() and b"=?utf-8?" in raw_subject, "an RFC 2047 UTF-8 subject"
    assert re.fullmatch(r"<[^@<>\s]+@rare-earth-brief\.example>", message["Message-ID"])
    assert message["From"].addresses[0].addr_spec == "brief@rare-earth-brief.example"
    assert message["To"].addresses[0].addr_spec == "readers@rare-earth-brief.example"
    assert email.utils.parsedate_to_datetime(message["Date"]).tzinfo is not None
    unsubscribe = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    assert unsubscribe and all(is_absolute(url) for url in unsubscribe)
    assert message["List-Id"] == "Rare Earth Brief <newsletter.rare-earth-brief.example>"
    assert message["List-Archive"] == f"<{settings['SITEURL']}/newsletter/>"


def test_both_parts_carry_the_note_and_the_briefing_with_every_link_absolute(issue_w47, published_site):
    message = parsed(issue_w47)
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    siteurl = production_settings()["SITEURL"]
    article = (published_site / W47_ARTICLE / "index.html").read_text(encoding="utf-8")
    highlights = re.search(r'<ul class="briefing-highlights-list">.*?\n</ul>', article, re.S).group()
    items = [" ".join(li.xpath("./text() | ./*[not(self::ul)]/descendant-or-self::text()")) for li in
             lxml.html.fragment_fromstring(highlights).iter("li")]
    assert len(items) == 6
    for part in (plain_text(html), plain_text(text)):
        assert "folding two of its Jiangxi separation plants" in part
        assert "China Rare Earth Group merges two southern separation plants into one unit" in part
        assert all(plain_text(item) in part for item in items)
        assert "It will probably matter less for total output than for how closely the state" in part
    assert plain_text(highlights) in plain_text(html)
    html_links = links_of(html)
    assert f"{siteurl}/{W47_ARTICLE}" in html_links and f"{siteurl}/newsletter/2025-w47/" in html_links
    assert all(is_absolute(url) for url in html_links), [u for u in html_links if not is_absolute(u)]
    text_links = re.findall(r"(?:https?|mailto):[^\s<>]+", text)
    assert f"Read the whole briefing: {siteurl}/{W47_ARTICLE}" in text
    assert text_links and all(is_absolute(url) for url in text_links)
    assert not re.search(r"(?<![\w.:/])/(?:2025|newsletter|about|section)/", text), "no site-relative path"
    assert all(len(line) <= WIDTH for line in text.splitlines() if "://" not in line and "mailto:" not in line)


def test_html_email_needs_no_style_sheet_script_font_or_remote_resource(issue_w47):
    html = (issue_w47.folder / "email.html").read_text(encoding="utf-8")
    assert html == as_written(parsed(issue_w47).get_body(("html",)))
    doc = lxml.html.document_fromstring(html)
    for tag in ("style", "link", "script", "img", "iframe", "object", "embed", "video", "audio", "form", "table"):
        assert not doc.xpath(f"//{tag}"), f"<{tag}> left in the email"
    assert not doc.xpath("//@src") and not [a for a in doc.xpath("//@*") if a.attrname.startswith("on")]
    styles = " ".join(doc.xpath("//@style"))
    assert "max-width: 600px" in styles, "one column of at most 600 px"
    assert not re.search(r"url\(|@import|@font-face|var\(--", styles)
    colours = re.findall(r"\b((?:background-)?colou?r|background)\s*:\s*([^;]+)", styles)
    assert colours and set(colours) == {("color", "inherit")}, "colours are the client's own, light or dark"
    assert doc.xpath("//meta[@name='color-scheme']/@content") == ["light dark"]


def test_email_carries_the_source_and_its_caution_in_both_parts(issue_w47, published_site):
    message = parsed(issue_w47)
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    inner, verify = source_box((published_site / W47_ARTICLE / "index.html").read_text(encoding="utf-8"))
    assert verify, "week 47's briefing comes from state media"
    assert plain_text(inner) in plain_text(html)
    caution = " ".join(plain_text(re.search(r'<p class="briefing-caution">.*?</p>', inner, re.S).group()).split())
    assert caution.startswith("Verify independently: The report relies on statements")
    for part in (plain_text(html), plain_text(text)):
        assert "Southern Industry Daily" in part and caution in " ".join(part.split())
    text = as_written(message.get_body(("plain",)))
    assert text.index("\nSource\n\nSouthern Industry Daily") < text.index("Read the whole briefing:")


def test_a_days_issue_builds_from_the_command_line_with_its_source(tmp_path, capsys):
    args = ["build", "--day", "2025-11-10", "--settings", str(ROOT / "publishconf.py"), "--output", str(tmp_path)]
    assert main(args) == 0
    assert "Built 2025-11-10 (1 briefing)" in capsys.readouterr().out
    folder = tmp_path / "newsletter" / "2025-11-10"
    message = email.message_from_bytes((folder / "issue.eml").read_bytes(), policy=default_policy)
    assert message["Subject"].startswith("Rare Earth Brief · 10 November 2025: ")
    text = message.get_body(("plain",)).get_content()
    assert "10 November 2025 · Monday 10 November 2025 · 1 briefing" in text
    assert "Baogang Daily" in text and "Verify independently:" in text
    assert json.loads((folder / "issue.json").read_text(encoding="utf-8"))["edition"] == "2025-11-10"
    assert main(["build", "--day", "2025-11-11", *args[3:]]) == 0
    assert "has no published briefings" in capsys.readouterr().out
    assert main(["build", "--day", "11/10/2025", *args[3:]]) == 1
    assert "expected a day like 2025-11-10" in capsys.readouterr().err


def test_an_email_build_after_make_publish_reuses_that_build_until_the_content_changes(tmp_path):
    content = copy_content(tmp_path / "content")
    earlier = next((content / "briefings" / "2025").glob("2025-11-10-*.md"))
    earlier.write_text(earlier.read_text(encoding="utf-8").replace("\n---\n", "\nupdates:\n  - date: 2025-11-19T09:00\n"
                       "    kind: correction\n    text: The plant is in *Baotou*, not Hohhot.\n---\n", 1), encoding="utf-8")
    output = tmp_path / "output"
    published = publish(output, content, siteurl=production_settings()["SITEURL"])
    assert published.returncode == 0, published.stderr
    assert (output / "newsletter" / "issues.json").is_file()
    (content / "newsletters" / "sent.json").write_text("{}\n", encoding="utf-8")  # a send since changes nothing
    reused = build_issue(production_settings(content), W47, output, env={})
    assert reused.reused, "the record make publish left is current"
    fresh = build_issue(production_settings(content), W47, tmp_path / "fresh", env={})
    assert not fresh.reused
    for name in ("email.html", "email.txt"):
        assert (reused.folder / name).read_bytes() == (fresh.folder / name).read_bytes(), name
    assert "The plant is in Baotou, not Hohhot." in (reused.folder / "email.txt").read_text(encoding="utf-8")
    assert "<em>Baotou</em>" in (reused.folder / "email.html").read_text(encoding="utf-8")
    assert parsed(reused)["Subject"] == parsed(fresh)["Subject"]

    write_post(content, "briefings/2025/2025-11-21-late.md", EDITED_POST.replace("2025-12-03", "2025-11-21"))
    rebuilt = build_issue(production_settings(content), W47, output, env={})
    assert not rebuilt.reused and rebuilt.items == 2, "a post written since: built again"


def test_a_record_is_not_reused_once_a_post_it_left_out_for_its_future_date_comes_due(tmp_path):
    path = tmp_path / "issues.json"
    due = _dt.datetime(2025, 11, 24, 6, tzinfo=_dt.UTC)
    write_record(path, "stamp", [], due)
    assert read_record(path, "stamp", now=due - _dt.timedelta(seconds=1)) == []
    assert read_record(path, "stamp", now=due) is None
    assert read_record(path, "another stamp", now=due - _dt.timedelta(days=1)) is None
    path.write_text("{not json", encoding="utf-8")
    assert read_record(path, "stamp") is None


def test_email_files_and_record_of_a_finished_build(issue_w47):
    files = sorted(p.name for p in issue_w47.folder.iterdir())
    assert files == ["email.html", "email.txt", "issue.eml", "issue.json"]
    manifest = json.loads((issue_w47.folder / "issue.json").read_text(encoding="utf-8"))
    assert manifest["edition"] == "2025-W47" and manifest["message_id"] == parsed(issue_w47)["Message-ID"]
    assert (issue_w47.folder / "email.txt").read_text(encoding="utf-8") == as_written(parsed(issue_w47).get_body(("plain",)))
    assert load_built(production_settings(), issue_w47.folder.parent.parent, W47).message_id == manifest["message_id"]


EDITED_POST = """\
---
title: A briefing that points "back" to the desk
date: 2025-12-03T10:00:00
category: Markets
highlights:
  - Prices are on [our about page](/about/) and in [the archives](../../archives/).
takeaway: Read [the section](/section/markets/) again.
why_newsworthy: Because the desk said so.
source:
  name: Desk <script>alert(1)</script> & Sons
  url: https://desk.example/?a=1&b="2"
  kind: company
  note: 'Their own <img src=x onerror="alert(1)">numbers, not checked.'
---

Body.
"""
ORDINARY_POST = """\
---
title: A note from the desk
date: 2025-12-04T10:00:00
category: Markets
---

Not a briefing: no boxes, no place in the newsletter.
"""


@pytest.fixture(scope="module")
def edited_content(tmp_path_factory) -> Path:
    content = copy_content(tmp_path_factory.mktemp("edited") / "content")
    write_post(content, "briefings/2025/2025-12-03-points-back.md", EDITED_POST)
    write_post(content, "briefings/2025/2025-12-04-note.md", ORDINARY_POST)
    write_post(content, "newsletters/2025-49.md", "A note named wrongly: no issue would read it.\n")
    return content


def test_relative_links_become_absolute_ordinary_posts_stay_out_misnamed_notes_are_reported(edited_content, tmp_path):
    settings = production_settings(edited_content)
    with LogCapture() as log:
        built = build_issue(settings, IsoWeek(2025, 49), tmp_path, env={})
    assert "newsletters/2025-49.md: no issue reads this note: name it after its week or day, like 2025-w47.md or 2025-11-10.md" in log.messages()
    message = parsed(built)
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    base = settings["SITEURL"]
    expected = [f"{base}/about/", f"{base}/archives/", f"{base}/section/markets/"]
    for url in expected:
        assert f'href="{url}"' in html and f"<{url}>" in text
    assert built.items == 1 and "A note from the desk" not in html
    assert message["Subject"] == "Rare Earth Brief · Week 49, 2025: A briefing that points “back” to the desk"
    # A hostile source name is text in both parts, with its caution; its note's markup is not live either.
    doc = lxml.html.document_fromstring(html)
    assert not doc.xpath("//script") and not doc.xpath("//img") and "onerror" not in html
    source = doc.xpath("//*[contains(@class, 'email-source')]")[0]
    shown = " ".join(source.text_content().split())
    assert "Desk <script>alert(1)</script> & Sons" in shown
    assert source.xpath(".//a/@href") == ['https://desk.example/?a=1&b="2"']
    assert "Verify independently: Their own numbers, not checked." in shown
    assert "Desk <script>alert(1)</script> & Sons" in text and "Verify independently: Their own" in text
    assert "Because the desk said so." in plain_text(html) and "Because the desk said so." in text


def test_a_failed_build_leaves_nothing_to_send(edited_content, issue_w47, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(issue_w47.folder, output / "newsletter" / W47.slug)  # an earlier, good build
    broken = tmp_path / "broken"
    shutil.copytree(edited_content, broken)
    write_post(broken, "briefings/2025/2025-11-18-broken.md", "---\ntitle: No highlights\ndate: 2025-11-18\ncategory: Nowhere\nhighlights: []\n---\n\nBody.\n")
    with pytest.raises(NewsletterError, match="build failed"):
        build_issue(production_settings(broken), W47, output, env={})
    assert not list((output / "newsletter" / W47.slug).iterdir())
    with pytest.raises(NewsletterError, match="no built issue"):
        load_built(production_settings(broken), output, W47)


def test_a_week_without_briefings_builds_no_issue_and_says_so(tmp_path, capsys):
    assert main(["build", "--week", "2025-W45", "--settings", str(ROOT / "publishconf.py"), "--output", str(tmp_path)]) == 0
    assert "2025-W45 (3–9 November 2025) has no published briefings: no issue was built." in capsys.readouterr().out
    assert not (tmp_path / "newsletter" / "2025-w45").exists()
    assert main(["send", "--week", "2025-W45", "--settings", str(ROOT / "publishconf.py"), "--output", str(tmp_path)]) == 1
    assert "no built issue for 2025-W45" in capsys.readouterr().err


def test_email_build_refuses_relative_links_of_local_settings(tmp_path):
    local = read_settings(str(ROOT / "pelicanconf.py"), override={"THEME": str(ROOT / "theme")})
    with pytest.raises(NewsletterError, match="absolute links"):
        build_issue(local, W47, tmp_path, env={})


# -- in a browser, and in the Nu Html Checker ---------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def pixel(page, x: int, y: int) -> tuple[int, int, int]:
    """The colour of one pixel as Chromium paints it (a 1x1 PNG needs no unfiltering)."""
    data = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    chunks, offset = [], 8
    while offset < len(data):
        (length,), kind = struct.unpack(">I", data[offset:offset + 4]), data[offset + 4:offset + 8]
        if kind == b"IDAT":
            chunks.append(data[offset + 8:offset + 8 + length])
        offset += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    return tuple(raw[1:4])


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_html_email_at_600_px_in_chromium_fits_reads_and_has_no_axe_violation(browser, issue_w47, tmp_path, scheme):
    server, base = serve(issue_w47.folder)
    context = browser.new_context(viewport={"width": 600, "height": 900}, color_scheme=scheme)
    try:
        page, visit = open_page(context, f"{base}/email.html")
        assert visit.status == 200 and visit.external_requests == [] and visit.console_errors == []
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        column = page.evaluate("document.querySelector('.email').getBoundingClientRect().width")
        assert 0 < column <= 600
        shot = tmp_path / f"email-600-{scheme}.png"
        page.screenshot(path=str(shot), full_page=True)
        width, height = png_size(shot)
        assert width == 600 and height > 900
        # Text and canvas are the client's own: dark on light, or light on dark in dark mode.
        text = page.evaluate("getComputedStyle(document.querySelector('h1')).color")
        canvas = pixel(page, 2, 2)
        if scheme == "dark":
            assert text == "rgb(255, 255, 255)" and max(canvas) < 64, (text, canvas)
        else:
            assert text == "rgb(0, 0, 0)" and min(canvas) > 192, (text, canvas)
        violations = axe_violations(page)
        assert not violations, describe(violations)
    finally:
        context.close()
        server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("path", [f"/newsletter/{W47.slug}/", "/newsletter/"])
def test_web_edition_has_no_axe_violations_and_no_foreign_requests(browser, site_url, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, visit = open_page(context, site_url + path)
    assert visit.status == 200 and visit.external_requests == []
    violations = axe_violations(page)
    assert not violations, describe(violations)
    context.close()


@pytest.mark.vnu
def test_nu_html_checker_finds_no_error_in_web_edition_or_email(site, issue_w47, java, tmp_path):
    pages = [site / "newsletter" / "index.html", site / "newsletter" / W47.slug / "index.html", site / "newsletter" / "2025-w46" / "index.html"]
    email_copy = tmp_path / "email.html"
    shutil.copyfile(issue_w47.folder / "email.html", email_copy)
    pages += [site / "newsletter" / "2025-11-20" / "index.html", email_copy]
    problems = nu_problems(java, pages)
    assert not problems, problems
