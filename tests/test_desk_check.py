"""The editor's desk on the command line: `briefing new` starts a draft, `briefing check` says what is wrong.

Each test works in a copy of the project as a fresh clone has it (settings,
theme, plugins, the sample briefings) and runs the real command in it.
"""

from __future__ import annotations

import random
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from briefing.cli import main
from briefing.duplicates import Archive, Story
from briefing.post import split_front_matter
from briefing.postfile import PostFile
from tests.sitebuild import CONTENT, ROOT

LYNAS = CONTENT / "briefings" / "2025" / "2025-06-19-lynas-mount-weld-heavy-feed.md"


@pytest.fixture
def clone(tmp_path, monkeypatch) -> Path:
    """A project folder as a fresh clone has it, as the working folder."""
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("theme", "plugins", "content"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:
        code = stop.code
    out = capsys.readouterr()
    return code, out.out + out.err


def post(clone: Path, name: str, text: str) -> Path:
    path = clone / "content" / "briefings" / "2026" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


def test_a_new_draft_holds_the_whole_contract_and_check_names_what_is_missing(clone, capsys):
    code, out = run(capsys, "new", "Dysprosium prices ease as licences arrive", "--section", "markets",
                    "--tags", "Dysprosium", "China", "--date", "2026-02-03T09:15")
    assert code == 0, out
    path = clone / out.strip()
    assert path == clone / "content/briefings/2026/2026-02-03-dysprosium-prices-ease-as-licences-arrive.md"
    meta, _ = split_front_matter(path.read_text())
    assert meta["title"] == "Dysprosium prices ease as licences arrive"
    assert meta["category"] == "Markets" and meta["tags"] == ["Dysprosium", "China"]
    assert meta["status"] == "draft" and meta["updates"] == []
    for key in ("summary", "highlights", "why_newsworthy", "takeaway", "source"):
        assert re.search(rf"^{key}:", path.read_text(), re.MULTILINE), key

    code, out = run(capsys, "check", str(path))
    shown = "content/briefings/2026/2026-02-03-dysprosium-prices-ease-as-licences-arrive.md"
    # What the editor must still write: each named with its line (a draft gets warnings).
    for key in ("highlights", "why_newsworthy", "takeaway", "source"):
        assert f"{shown}:{line_of(path, key + ':')}: warning: {key}: missing" in out, (key, out)
    assert f"{shown}:{line_of(path, 'Write the briefing')}: warning: body: still the template's placeholder" in out
    assert out.count("    fix: ") == 5
    assert "1 post checked: 0 errors, 5 warnings" in out
    assert code == 0

    # Without a section the draft breaks the contract, which is an error even for a draft.
    code, out = run(capsys, "new", "Terbium export licences", "--date", "2026-02-04")
    untitled = out.strip()
    code, out = run(capsys, "check", untitled)
    assert code == 1
    assert f"{untitled}:{line_of(clone / untitled, 'category:')}: error: category: required, but missing" in out


def test_new_never_overwrites_and_writes_any_title_as_valid_yaml(clone, capsys):
    title = "Lynas: \"Kalgoorlie\" #1 — it's <b>done</b> & {ok}: - yes"
    first = run(capsys, "new", title, "--date", "2026-02-03")[1].strip()
    second = run(capsys, "new", title, "--date", "2026-02-03")[1].strip()
    assert first != second and second.endswith("-2.md")
    for name in (first, second):
        assert split_front_matter((clone / name).read_text())[0]["title"] == title
    code, out = run(capsys, "new", "Anything", "--section", "Minnig")
    assert code == 2 and "'Minnig' is not a section" in out


def test_one_long_highlight_and_a_misspelt_section_fail_with_both_problems_file_and_line(clone, capsys):
    long_highlight = " ".join(["word"] * 79) + " end."
    path = post(clone, "2026-01-05-long.md", f"""
        ---
        title: Separation plant in Estonia doubles its output
        date: 2026-01-05
        category: Procesing
        highlights:
          - {long_highlight}
        why_newsworthy: It is the only one in Europe.
        takeaway: Europe gains a little capacity.
        source:
          name: NEO Performance Materials
          url: https://neo.example/news
          kind: company
        ---

        The plant in Sillamäe separated more oxide this quarter than ever before.
        """)
    code, out = run(capsys, "check", str(path))
    assert code == 1
    shown = "content/briefings/2026/2026-01-05-long.md"
    assert f"{shown}:4: error: category: expected one of Mining, Processing" in out
    assert "got 'Procesing'" in out and "did you mean 'Processing'?" in out
    assert f"{shown}:6: error: highlights[1]: 80 words; a highlight has at most 40" in out
    assert f"{shown}:5: error: highlights: 1 highlight; the house style is 2 to 5" in out


def test_a_copied_title_and_first_paragraph_is_a_likely_duplicate_of_the_earlier_briefing(clone, capsys):
    meta, body = split_front_matter(LYNAS.read_text())
    first_paragraph = body.strip().split("\n\n")[0]
    front = textwrap.dedent(f"""\
        ---
        title: {meta['title']}
        date: 2026-01-20
        category: Mining
        status: draft
        highlights:
          - Heavy ore reaches the concentrator.
          - Blending starts in the third quarter.
        ---
        """)
    path = post(clone, "2026-01-20-copy.md", front + "\n" + first_paragraph
                + "\n\nA new paragraph the earlier briefing never had, on quite another matter.\n")
    code, out = run(capsys, "check", str(path))
    assert re.search(
        r"2026-01-20-copy\.md:2: warning: title: likely duplicate of briefings/2025/2025-06-19-lynas-mount-weld-heavy-feed\.md "
        r"\('Lynas says Mount Weld expansion delivers its first heavy-rich ore', 2025-06-19\): "
        r"title 100% alike, text 100% alike", out), out


def test_the_sample_briefings_pass_and_none_is_taken_for_a_duplicate_of_another(clone, capsys):
    code, out = run(capsys, "check")
    assert code == 0, out
    assert "duplicate" not in out
    assert f"{len(list((CONTENT / 'briefings').rglob('*.md')))} posts checked: 0 errors, 0 warnings" in out


def test_review_items_left_on_a_published_post_are_an_error(clone, capsys):
    text = LYNAS.read_text().replace("import_id:", "review:\n  - date guessed\nimport_id:", 1)
    path = post(clone, "2026-01-21-reviewed.md", text.replace("2025-06-19T08:30:00", "2026-01-21T08:30:00"))
    code, out = run(capsys, "check", str(path))
    assert code == 1
    assert f":{line_of(path, 'review:')}: error: review: a post that is not a draft still has review items (date guessed)" in out
    assert "fix: do what each review item asks, then delete the review list" in out
    path.write_text(path.read_text().replace("review:", "status: draft\nreview:"))
    code, out = run(capsys, "check", str(path))
    assert code == 0 and ": error:" not in out and "review item" not in out


def test_unreadable_posts_are_findings_not_crashes(clone, capsys):
    broken = post(clone, "2026-01-22-broken.md", "---\ntitle: [unclosed\n---\n\nBody.\n")
    no_header = post(clone, "2026-01-23-plain.md", "Just text.\n")
    latin = clone / "content/briefings/2026/2026-01-24-latin.md"
    latin.write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    code, out = run(capsys, "check", str(broken), str(no_header), str(latin))
    assert code == 1
    assert re.search(r"2026-01-22-broken\.md:[23]: error: front matter: the front matter is not valid YAML", out), out
    assert "2026-01-23-plain.md:1: error: front matter: no front matter" in out
    assert "2026-01-24-latin.md:1: error: file: not UTF-8 text" in out
    assert run(capsys, "check", "no/such/post.md")[0] == 2


def test_line_of_a_key_follows_nested_keys_and_list_items():
    text = "---\ntitle: T\nhighlights:\n  - one\n  - text: two\n    items:\n      - x\nsource:\n  name: S\n---\n\nBody\n"
    post_file = PostFile.parse(text)
    assert [post_file.line_of(k) for k in ("title", "highlights", "highlights[2]", "highlights[2].items[1]",
                                           "source.name", "source.url", "summary")] == [2, 3, 5, 7, 9, 8, 1]
    assert post_file.body_line == 12


def test_duplicates_are_found_among_many_stories_without_unrelated_ones():
    vocabulary = ("oxide plant mine licence magnet price tonne quarter export refinery smelter contract "
                  "terbium cerium lanthanum yttrium permit grant pilot ore concentrate offtake").split()

    def text(seed: int) -> str:
        rng = random.Random(seed)
        return " ".join(rng.choice(vocabulary) for _ in range(60)) + "."

    base = [Story(f"p{n}.md", f"Company {n} opens its plant", text(n), f"2025-01-{n:02}") for n in range(1, 29)]
    archive = Archive(base)
    retold = Story("new.md", "Company 7 opens its plant", text(7), "2025-02-01")
    assert [m.earlier.name for m in archive.duplicates_of(retold)] == ["p7.md"]
    assert archive.duplicates_of(Story("old.md", "x", text(7), "2024-01-01")) == []  # only earlier ones count
    assert [m.earlier.name for m in archive.duplicates_of(Story("old.md", "x", text(7), "2024-01-01"),
                                                           earlier_only=False)] == ["p7.md"]
    unrelated = Story("other.md", "Prices of terbium fall", "Terbium oxide fell by a tenth in Shanghai trading.", "2025-02-01")
    assert archive.duplicates_of(unrelated) == []


def test_the_importer_makes_a_story_already_covered_a_draft_naming_the_earlier_briefing(clone, capsys):
    meta, body = split_front_matter(LYNAS.read_text())
    first_paragraph = body.strip().split("\n\n")[0]
    raw = clone / "raw"
    raw.mkdir()
    (raw / "retold.txt").write_text(
        f"Title: {meta['title']}\nPublished: 2026-01-10\nHighlights\n- Heavy-rich ore reached the concentrator.\n"
        f"- Blending starts in the third quarter.\n\n{first_paragraph}\n", encoding="utf-8")
    (raw / "fresh.txt").write_text(
        "Title: Vietnam auctions a rare-earth licence in Lao Cai\nPublished: 2026-01-11\nHighlights\n"
        "- The licence covers a small light rare-earth deposit.\n- Bidders must build a separation line.\n\n"
        "The ministry of natural resources opened bids for the deposit, its first such auction since 2019.\n",
        encoding="utf-8")
    # The same new story twice in one run: the second is a duplicate of the first.
    (raw / "again.txt").write_text((raw / "fresh.txt").read_text().replace("2026-01-11", "2026-01-12"), encoding="utf-8")
    code, out = run(capsys, "import", "--out", "content/briefings", *(str(raw / n) for n in ("retold.txt", "fresh.txt", "again.txt")))
    assert code == 0, out
    retold = next((clone / "content/briefings/2026").glob("2026-01-10-*.md"))
    meta, _ = split_front_matter(retold.read_text())
    assert meta["status"] == "draft"
    assert any(re.fullmatch(r"likely duplicate of briefings/2025/2025-06-19-lynas-mount-weld-heavy-feed\.md "
                            r"\(title 100% alike, text \d+% alike\)", item) for item in meta["review"]), meta["review"]
    assert "likely duplicate of briefings/2025/2025-06-19-lynas" in out
    fresh = next((clone / "content/briefings/2026").glob("2026-01-11-*.md"))
    assert "likely duplicate" not in fresh.read_text()
    again = next((clone / "content/briefings/2026").glob("2026-01-12-*.md"))
    assert f"likely duplicate of briefings/2026/{fresh.name}" in again.read_text()
