"""Writing posts: where they go, and never losing or silently overwriting an editor's file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from briefing.importer import writer

from .test_import_support import SETTINGS_FILE, posts, read_post, run_import

ARTICLE = "Lynas restarts Kuantan\nPublished: 2025-06-03\n- The separation plant is running again.\nBody.\n"
OTHER = "Lynas restarts Kuantan\nPublished: 2025-06-03\n- A different story under the same title.\nBody.\n"


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "raw" / "lynas.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_posts_go_into_year_folders_with_date_and_slug(source, tmp_path):
    out = tmp_path / "briefings"
    code, report = run_import([source], out)
    assert code == 0
    assert posts(out) == [out / "2025" / "2025-06-03-lynas-restarts-kuantan.md"]
    assert f"imported  {source} → {out / '2025' / '2025-06-03-lynas-restarts-kuantan.md'}" in report


def test_importing_the_same_original_again_writes_nothing(source, tmp_path):
    out = tmp_path / "briefings"
    run_import([source], out)
    (post,) = posts(out)
    post.write_text(post.read_text(encoding="utf-8").replace("Body.", "Body, edited by hand."), encoding="utf-8")
    before = (post.read_bytes(), post.stat().st_mtime_ns)

    code, report = run_import([source], out)

    assert code == 0
    assert f"skipped   {source} → already imported as {post}" in report
    assert (post.read_bytes(), post.stat().st_mtime_ns) == before
    assert posts(out) == [post]


def test_the_same_original_with_other_line_endings_is_the_same_import(source, tmp_path):
    out = tmp_path / "briefings"
    run_import([source], out)
    crlf = source.with_name("copy.txt")
    crlf.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    code, report = run_import([crlf], out)
    assert "already imported" in report and len(posts(out)) == 1


def test_a_different_article_with_a_colliding_slug_gets_its_own_name(source, tmp_path):
    out = tmp_path / "briefings"
    run_import([source], out)
    other = source.with_name("other.txt")
    other.write_text(OTHER, encoding="utf-8")
    code, report = run_import([other], out)
    assert code == 0
    assert [p.name for p in posts(out)] == ["2025-06-03-lynas-restarts-kuantan-2.md", "2025-06-03-lynas-restarts-kuantan.md"]


def test_a_hand_written_post_at_the_same_path_is_never_overwritten(source, tmp_path):
    out = tmp_path / "briefings"
    hand = out / "2025" / "2025-06-03-lynas-restarts-kuantan.md"
    hand.parent.mkdir(parents=True)
    hand.write_text("---\ntitle: Written by an editor\n---\n\nMine.\n", encoding="utf-8")
    run_import([source], out)
    assert hand.read_text(encoding="utf-8").endswith("Mine.\n")
    assert (out / "2025" / "2025-06-03-lynas-restarts-kuantan-2.md").exists()


def test_force_replaces_and_keeps_the_old_post_as_bak(source, tmp_path):
    out = tmp_path / "briefings"
    run_import([source], out)
    (post,) = posts(out)
    post.write_text(post.read_text(encoding="utf-8") + "\nAn editor's addition.\n", encoding="utf-8")
    edited = post.read_text(encoding="utf-8")

    code, report = run_import([source], out, force=True)

    assert code == 0
    assert "kept the old post as" in report
    assert post.with_name(post.name + ".bak").read_text(encoding="utf-8") == edited
    assert "An editor's addition." not in post.read_text(encoding="utf-8")
    read_post(post)

    run_import([source], out, force=True)
    assert post.with_name(post.name + ".2.bak").exists()  # an earlier backup is never overwritten either


def test_dry_run_writes_nothing_and_shows_the_post(source, tmp_path):
    out = tmp_path / "briefings"
    code, report = run_import([source, source], out, dry_run=True)
    assert code == 0
    assert not out.exists()
    assert "would import" in report and "    title: Lynas restarts Kuantan" in report
    assert "already imported" in report  # the second copy, as a real run would say
    assert "nothing was written" in report


def test_no_temporary_file_is_left_behind(source, tmp_path):
    out = tmp_path / "briefings"
    run_import([source], out)
    assert [p.name for p in out.rglob("*")] == ["2025", "2025-06-03-lynas-restarts-kuantan.md"]


def test_a_failed_write_leaves_neither_a_partial_post_nor_a_temporary_file(source, tmp_path, monkeypatch):
    out = tmp_path / "briefings"

    def broken_link(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "link", broken_link)
    monkeypatch.setattr(writer.os, "replace", broken_link)
    code, report = run_import([source], out)
    assert code == 1
    assert "cannot write" in report and "No space left on device" in report
    assert list(out.rglob("*.md")) == [] and list(out.rglob("*.tmp")) == []


def test_unwritable_folder_fails_with_the_path(source, tmp_path, monkeypatch):
    out = tmp_path / "briefings"

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(writer, "_create_temporary", refused)
    code, report = run_import([source], out)
    assert code == 1
    assert f"cannot write {out / '2025' / '2025-06-03-lynas-restarts-kuantan.md'}: Permission denied" in report


def test_a_forced_import_that_fails_leaves_the_editors_post_as_it_was(source, tmp_path, monkeypatch):
    out = tmp_path / "briefings"
    run_import([source], out)
    (post,) = posts(out)
    before = post.read_bytes()

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", full)
    code, report = run_import([source], out, force=True)
    assert code == 1 and "No space left on device" in report
    assert post.read_bytes() == before
    assert sorted(p.name for p in post.parent.iterdir()) == [post.name]  # no backup, no temporary file


LONG_GUID = "Lynas Kalgoorlie cracking and leaching plant " * 4 + "final commissioning report, third quarter"
FEED_WITH_LONG_GUID = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Plant notes</title><description>Notes</description>
<item><title>Kalgoorlie commissioning ends</title><guid isPermaLink="false">urn:notes:{LONG_GUID}</guid>
<pubDate>Mon, 04 Aug 2025 06:00:00 GMT</pubDate>
<description>&lt;ul&gt;&lt;li&gt;The cracking and leaching plant is commissioned.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;First feed is due.&lt;/p&gt;</description>
</item></channel></rss>
"""


def test_a_long_id_that_the_yaml_writer_wrapped_is_recognised_on_reimport(tmp_path):
    feed = tmp_path / "notes.xml"
    feed.write_text(FEED_WITH_LONG_GUID, encoding="utf-8")
    out = tmp_path / "briefings"
    run_import([feed], out)
    (post,) = posts(out)
    lines = post.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("import_id:"))
    assert lines[start + 1].startswith("  "), "the id is long enough to be folded over lines"
    assert read_post(post)[0]["import_id"] == f"urn:notes:{LONG_GUID}".strip()

    code, report = run_import([feed], out)
    assert code == 0 and "already imported" in report
    assert posts(out) == [post]


def test_a_post_the_editor_saved_with_a_byte_order_mark_is_recognised_on_reimport(source, tmp_path):
    out = tmp_path / "briefings"
    run_import([source], out)
    (post,) = posts(out)
    edited = post.read_text(encoding="utf-8").replace("Body.", "Body, reworded by the desk.")
    post.write_bytes(b"\xef\xbb\xbf" + edited.replace("\n", "\r\n").encode("utf-8"))

    code, report = run_import([source], out)
    assert code == 0 and f"already imported as {post}" in report
    assert posts(out) == [post]


def test_one_article_with_different_damage_is_imported_once(tmp_path):
    clean = (
        "Arafura’s Nolans project wins “major project” status\nPublished: 2025-02-11\n"
        "- The Northern Territory project gets a single permitting contact.\n"
        "The company’s shares rose — briefly — on the news.\n"
    )
    damaged = clean.encode("utf-8").decode("cp1252", errors="replace")
    assert "â€™" in damaged
    (tmp_path / "clean.txt").write_text(clean, encoding="utf-8")
    (tmp_path / "damaged.txt").write_text(damaged, encoding="utf-8")
    out = tmp_path / "briefings"

    code, report = run_import([tmp_path / "damaged.txt", tmp_path / "clean.txt"], out)
    assert code == 0, report
    assert len(posts(out)) == 1 and "already imported" in report


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_posts_are_written_with_the_permissions_the_umask_gives(source, tmp_path, umask, mode):
    out = tmp_path / "briefings"
    previous = os.umask(umask)
    try:
        run_import([source], out)
        (post,) = posts(out)
        assert stat.S_IMODE(post.stat().st_mode) == mode
        run_import([source], out, force=True)  # a replaced post too
        assert stat.S_IMODE(post.stat().st_mode) == mode
    finally:
        os.umask(previous)


def test_an_import_waits_for_another_into_the_same_folder(source, tmp_path):
    out = tmp_path / "briefings"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    importer = None
    try:
        assert holder.stdout.readline().strip() == "locked"
        importer = subprocess.Popen(
            [sys.executable, "-m", "briefing.cli", *cli_args(out, source)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert importer.stderr.readline().strip() == f"waiting for another import into {out} to finish"
        assert posts(out) == []  # nothing written while the other import holds the folder
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    stdout, _ = importer.communicate(timeout=120)
    assert importer.returncode == 0, stdout
    assert len(posts(out)) == 1


#: Holds the import lock on a folder until its standard input is closed.
HOLD_LOCK = """
import sys
from pathlib import Path
from briefing.importer.writer import PostStore
with PostStore.locked(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def cli_args(out, *sources) -> list[str]:
    return ["import", "--settings", str(SETTINGS_FILE), "--out", str(out), *map(str, sources)]
