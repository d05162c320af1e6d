"""Drafts in the preview: `make html` shows each with a banner of what it still needs and lists them all on
/drafts/; `make publish` never has a draft, its banner or the drafts page, even a draft that breaks the contract."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from briefing.cli import main
from tests.browsing import assert_accessible
from tests.publishing import publish
from tests.sitebuild import CONTENT, ROOT, build, write_post
from tests.vnu import vnu

LYNAS = "briefings/2025/2025-06-19-lynas-mount-weld-heavy-feed.md"
HOSTILE_TITLE = 'Imported & "unreviewed" <script>alert(1)</script>'
HOSTILE_ITEM = 'date <b>guessed</b> & "checked"? <img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """One published briefing, an imported draft awaiting review, and a `briefing new` draft without a section."""
    folder = tmp_path_factory.mktemp("drafts") / "content"
    (folder / LYNAS).parent.mkdir(parents=True)
    shutil.copy(CONTENT / LYNAS, folder / LYNAS)
    shutil.copytree(CONTENT / "pages", folder / "pages")
    shutil.copytree(CONTENT / "data", folder / "data")
    write_post(folder, "briefings/2025/2025-12-02-imported.md", f"""\
        ---
        title: '{HOSTILE_TITLE}'
        date: 2025-12-02
        category: Policy
        status: draft
        review: [highlights proposed, '{HOSTILE_ITEM}']
        highlights:
          - Licences for terbium exports were granted in a new form.
        ---

        The body of the unpublished imported article.
        """)
    try:
        code = main(["new", "Magnet maker plans a second plant", "--date", "2025-12-03",
                     "--out", str(folder / "briefings"), "--settings", str(ROOT / "pelicanconf.py")])
    except SystemExit as stop:
        code = stop.code
    assert code == 0
    return folder


@pytest.fixture(scope="module")
def preview(content, tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("preview") / "output", content=content, SEARCH_INDEX=False)


def draft_page(site: Path, start: str) -> Path:
    return next(site.glob(f"drafts/{start}*/index.html"))


def test_a_draft_shows_its_banner_with_every_review_item_escaped(preview):
    path = draft_page(preview, "imported")
    page = lxml_html.parse(str(path))
    banner = page.xpath("//article/div[@class='draft-banner']")[0]
    assert banner.get("role") == "note"
    assert "Draft" in banner.xpath("string(./p/strong)")
    assert [" ".join(li.text_content().split()) for li in banner.xpath(".//li")] == [
        "highlights proposed", 'date <b>guessed</b> & "checked"? <img src=x onerror=alert(2)>']
    raw = path.read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<img" not in raw and "<b>guessed" not in raw
    assert page.xpath("//h1")[0].text_content().startswith("Imported & ")
    assert "draft-banner" not in next(preview.glob("2025/lynas-*/index.html")).read_text(encoding="utf-8")


def test_the_drafts_page_lists_every_draft_and_what_it_needs(preview):
    page = lxml_html.parse(str(preview / "drafts/index.html"))
    items = page.xpath("//ul[contains(@class, 'drafts-list')]/li")
    assert [li.xpath("string(./a)").replace("\xa0", " ")[:24] for li in items] == [
        "Magnet maker plans a sec", "Imported & “unreviewed” "]
    new_draft, imported = items
    assert "category: required, but missing" in new_draft.xpath("string(.//ul)")
    assert "briefings/2025/2025-12-03-magnet-maker-plans-a-second-plant.md" in new_draft.text_content()
    assert [" ".join(li.text_content().split()) for li in imported.xpath(".//ul/li")][0] == "highlights proposed"
    for href in page.xpath("//ul[contains(@class, 'drafts-list')]/li/a/@href"):
        assert (preview / "drafts" / href / "index.html").resolve().is_file(), href
    footer = lxml_html.parse(str(preview / "index.html")).xpath("//footer//a[text()='Drafts (2)']/@href")
    assert footer == ["./drafts/"]


@pytest.mark.vnu
def test_the_draft_pages_are_valid_html(preview, java):
    messages, _ = vnu(java, str(preview / "drafts/index.html"), str(draft_page(preview, "imported")),
                      str(draft_page(preview, "magnet")))
    problems = [m for m in messages if m["type"] == "error" or m.get("subType") in ("fatal", "warning")]
    assert not problems, "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in problems)


def test_make_publish_has_no_draft_no_banner_and_no_drafts_page(content, tmp_path):
    result = publish(tmp_path / "output", content)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "output"
    assert not (site / "drafts").exists()
    everything = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
                          and p.suffix in (".html", ".xml", ".json", ".txt"))
    for word in ("unreviewed", "Magnet maker", "draft-banner", "Drafts ("):
        assert word not in everything, word
    assert "Lynas says Mount Weld" in everything


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_banner_and_the_drafts_page_have_no_axe_violation(preview, browser, scheme):
    paths = ["/drafts/", "/" + draft_page(preview, "imported").parent.relative_to(preview).as_posix() + "/"]

    def shows_the_drafts(page) -> None:
        assert page.locator(".draft-banner, .drafts-list").first.is_visible()

    assert_accessible(browser, preview, paths, scheme, check=shows_the_drafts)
