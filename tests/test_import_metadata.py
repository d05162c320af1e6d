"""Title, date, category, tags, summary, slug and import_id of an imported post."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.importer.datafiles import DataFileError
from briefing.importer.metadata import CategoryRules, slug_from, text_id, title_from_highlight
from briefing.importer.sources import SourceRules
from briefing.importer.tagging import Gazetteer

from .test_import_support import FIXTURES, TODAY, import_one, import_text, run_import, settings

SECTIONS = settings()["BRIEFING_SECTIONS"]
ARTICLE = "- Lynas restarted its Kuantan separation plant after a two-week stoppage.\nThe plant separates NdPr.\n"


# Title.


def test_title_from_the_command_line_wins(tmp_path):
    meta, _ = import_text("Lynas restarts Kuantan\n" + ARTICLE, tmp_path, title="Kuantan back online")
    assert meta["title"] == "Kuantan back online"


def test_title_from_a_title_line(tmp_path):
    meta, _ = import_text("Lynas restarts Kuantan\n" + ARTICLE, tmp_path)
    assert meta["title"] == "Lynas restarts Kuantan"


def test_title_from_the_first_highlight_with_a_warning(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    code, report = run_import([source], tmp_path / "out")
    assert code == 0
    assert "warning: no title found; made one from the first highlight" in report


@pytest.mark.parametrize(
    ("highlight", "title"),
    [
        ("Prices rose.", "Prices rose"),
        (
            "Lynas restarted its Kuantan separation plant after a stoppage that lasted for two weeks in June.",
            "Lynas restarted its Kuantan separation plant after a stoppage that lasted…",
        ),
        (
            "China's largest rare earth processor is building what it calls a 'green and intelligent smelting "
            "upgrade' in Baotou.",
            "China's largest rare earth processor is building what it calls…",
        ),
    ],
)
def test_derived_title_is_cut_at_a_word_and_never_leaves_a_quote_open(highlight, title):
    derived = title_from_highlight(highlight)
    assert derived == title
    assert len(derived) <= 80


def test_derived_title_never_ends_on_a_small_word():
    title = title_from_highlight("word " * 14 + "and the final words of this rather long highlight")
    assert not title.rstrip("…").endswith((" and", " the"))


@pytest.fixture(scope="module")
def page_and_feed(tmp_path_factory):
    """The fixture page's front matter, and the text of the post from the feed saved as .txt."""
    tmp = tmp_path_factory.mktemp("page-and-feed")
    page, _ = import_one(FIXTURES / "page-mp-materials.html", tmp / "page")
    run_import([FIXTURES / "feed-saved-as.txt"], tmp / "feed")
    (post,) = (tmp / "feed").rglob("*.md")
    return page, post.read_text(encoding="utf-8")


def test_title_from_the_page_and_the_feed(page_and_feed):
    page, feed_post = page_and_feed
    assert page["title"] == "MP Materials starts its first magnet line in Fort Worth"
    assert "title: Hard-drive magnets find a second life" in feed_post


# Date.


def test_date_from_a_published_line(tmp_path):
    meta, _ = import_text("Published: 9 June 2025\n" + ARTICLE, tmp_path)
    assert meta["date"] == "2025-06-09"


def test_date_from_the_command_line_wins(tmp_path):
    meta, _ = import_text("Published: 9 June 2025\n" + ARTICLE, tmp_path, date=dt.date(2025, 7, 1))
    assert meta["date"] == "2025-07-01"


def test_page_date_is_moved_to_the_site_time_zone(tmp_path):
    meta, _ = import_one(FIXTURES / "page-mp-materials.html", tmp_path)
    assert meta["date"] == "2025-08-19T22:05:00"  # 16:05 in Texas is 22:05 in London (BST)


def test_undated_articles_get_today_with_a_warning(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    code, report = run_import([source], tmp_path / "out")
    assert f"no date found; used today, {TODAY.isoformat()}" in report
    assert list((tmp_path / "out" / str(TODAY.year)).glob(f"{TODAY.isoformat()}-*.md"))


def test_partial_dates_are_not_completed():
    from briefing.importer.dates import parse_date

    assert parse_date("November 2025") is None
    assert parse_date("4 November 2025") == dt.date(2025, 11, 4)
    assert parse_date("Tue, 04 Nov 2025 08:15:00 +0000").hour == 8


# Category.


def test_category_from_the_command_line(tmp_path):
    meta, _ = import_text(ARTICLE, tmp_path, category="Companies")
    assert meta["category"] == "Companies"


def test_category_from_the_feed_when_it_names_a_section(tmp_path):
    out = tmp_path / "out"
    run_import([FIXTURES / "feed-atom.xml"], out)
    categories = sorted(p.read_text(encoding="utf-8").split("category: ")[1].split("\n")[0] for p in out.rglob("*.md"))
    assert categories == ["Markets", "Processing"]  # "markets" in the feed matches the section whatever its case


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("- A new magnet plant will make sintered NdFeB magnets for motors.\n", "Magnets"),
        ("- The ministry tightened export licences and cut the quota.\n", "Policy"),
        ("- Drilling at the deposit extended the ore body.\n", "Mining"),
        ("- A pilot line recovers neodymium from magnet scrap for recycling.\n", "Recycling"),
        ("- Nothing here matches any rule at all.\n", "Markets"),  # the default
    ],
)
def test_category_from_keyword_rules(text, section, tmp_path):
    meta, _ = import_text(text, tmp_path)
    assert meta["category"] == section


def test_title_words_count_more_than_body_words():
    rules = CategoryRules.load(SECTIONS)
    assert rules.choose([("Magnet maker expands", 3), ("The mine and the mining lease", 1)]) == "Magnets"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sections.yaml", "default: Markets\nkeywords:\n  Gossip: [rumour]\n", "'Gossip' is not one of the site's sections"),
        ("sections.yaml", "default: Gossip\nkeywords: {}\n", "default: 'Gossip' is not one of the site's sections"),
        ("gazetteer.yaml", "companies:\n  - tag: X\n    aliases: [Y]\n", r"companies\[1\]: unknown keys aliases"),
        ("gazetteer.yaml", "companies:\n  - tag: X\n    patterns: ['(']\n", "not a valid regular expression"),
        ("sources.yaml", "kinds:\n  - kind: tabloid\n    words: [Daily Star]\n", r"kinds\[1\]: expected a mapping with kind"),
        ("sources.yaml", "- just a list\n", "expected 'kinds:' and 'verification:'"),
        ("sources.yaml", "kinds: [\n", "not valid YAML"),
    ],
)
def test_data_file_errors_name_the_file_and_the_entry(name, content, message, tmp_path):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    load = {
        "sections.yaml": lambda p: CategoryRules.load(SECTIONS, p),
        "gazetteer.yaml": Gazetteer.load,
        "sources.yaml": SourceRules.load,
    }[name]
    with pytest.raises(DataFileError, match=f"{name}: .*{message}"):
        load(path)


# Tags.


def test_tags_from_the_gazetteer_grouped_and_in_order_of_mention():
    tags = Gazetteer.load().tags(
        "Shenghe and Lynas signed a deal in Inner Mongolia for terbium, dysprosium (Dy) and NdPr; "
        "medium and heavy rare earths for buyers in the U.S."
    )
    assert tags == [
        "Shenghe Resources", "Lynas Rare Earths", "China", "United States",
        "NdPr", "Medium rare earths", "Heavy rare earths", "Terbium", "Dysprosium",
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["The LA office", "Ce marking", "Er, no", "the US-listed Lu family", "a 2nd line", "PM"])
def test_ambiguous_symbols_are_not_tags(text):
    assert not [t for t in Gazetteer.load().tags(text) if t not in ("United States",)]


def test_editors_extend_the_gazetteer_without_code(tmp_path):
    gazetteer = tmp_path / "gazetteer.yaml"
    gazetteer.write_text("companies:\n  - tag: Kazatomprom\n    names: [KAP]\n  - Rainbow\n", encoding="utf-8")
    assert Gazetteer.load(gazetteer).tags("kap and rainbow") == ["Kazatomprom", "Rainbow"]


# Summary, slug, import_id.


def test_summary_is_the_first_highlight_as_plain_text(tmp_path):
    meta, _ = import_text("- Prices of **NdPr** rose, says [Fastmarkets](https://fastmarkets.example/x).\n", tmp_path)
    assert meta["summary"] == "Prices of NdPr rose, says Fastmarkets."


def test_slug_follows_pelican_and_stays_short():
    subs = settings()["SLUG_REGEX_SUBSTITUTIONS"]
    assert slug_from("China’s “green” smelting: Phase II", subs) == "chinas-green-smelting-phase-ii"
    assert len(slug_from("word " * 40, subs)) <= 80


def test_import_id_is_stable_across_line_endings_and_bom():
    assert text_id("Highlights\n- One\n") == text_id("\ufeffHighlights\r\n- One  \r\n")
    assert text_id("Highlights\n- One\n") != text_id("Highlights\n- Two\n")


def test_import_id_from_feed_guid_and_page_canonical(page_and_feed):
    page, feed_post = page_and_feed
    assert page["import_id"] == "https://metals-wire.example/2025/08/mp-fort-worth"
    # A bare guid is only unique inside its feed, so it is qualified by the feed's link.
    assert "import_id: https://recycling-notes.example/#hdd-2025-07" in feed_post
