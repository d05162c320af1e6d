"""`make publish` killed at any step: output/ stays complete (old or new), and the next publish cleans up."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
from pathlib import Path

import pytest

from briefing import publish as publishing
from tests.publishing import publish, tree_digest
from tests.sitebuild import CONTENT, write_post

SAMPLE = "briefings/2025/2025-06-05-heavy-rare-earth-export-licence-delays.md"


def small_content(folder: Path, extra: bool) -> Path:
    """One sample briefing and the about page; with ``extra``, a second briefing (the "new" site)."""
    for relative in (SAMPLE, "pages/about.md"):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CONTENT / relative, folder / relative)
    if extra:
        write_post(folder, "briefings/2025/2025-06-06-a-second-briefing.md", """\
            ---
            title: Separation plant restarts after a two-week stoppage
            date: 2025-06-06T09:00:00
            category: Processing
            highlights:
              - The plant is back at full rate.
            ---

            The operator says the stoppage was for maintenance.
            """)
    return folder


def stable(folder: Path) -> dict[str, str]:
    """The tree's digest without what differs between two builds of the same content (search index, sitemap,
    and the newsletter's record, stamped with the folders it was built from)."""
    assert (folder / "pagefind" / "pagefind.js").is_file() and (folder / "sitemap.xml").is_file(), "a complete site"
    varying = ("pagefind/", "sitemap.xml", "newsletter/issues.json")
    return {k: v for k, v in tree_digest(folder).items() if not k.startswith(varying)}


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name not in ("old", "new", "output"))


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Content of an old and a new site, each one's output/ from an undisturbed publish, and its digest."""
    tmp = tmp_path_factory.mktemp("crash")
    contents = {name: small_content(tmp / name, extra=name == "new") for name in ("old", "new")}
    outputs, digests = {}, {}
    for name, content in contents.items():
        outputs[name] = tmp / f"{name}-reference" / "output"
        result = publish(outputs[name], content)
        assert result.returncode == 0, result.stderr
        digests[name] = stable(outputs[name])
    assert digests["old"] != digests["new"]
    return contents, outputs, digests


def test_a_kill_at_every_step_of_the_swap_leaves_a_complete_output_and_the_next_publish_cleans_up(sites, tmp_path):
    contents, outputs, digests = sites
    for name, content in contents.items():
        shutil.copytree(content, tmp_path / name)
    output = shutil.copytree(outputs["old"], tmp_path / "output")
    # A killed build's temporary search pages and staging folder, and the old code's retired folder.
    (tmp_path / ".staging-output-x1y2z3" / "tmp" / "briefing-search-abc" / "records" / "2025").mkdir(parents=True)
    (tmp_path / ".staging-output-old-q9" / "output").mkdir(parents=True)

    # (step, content built, the site output/ must hold after the kill)
    steps = (("indexing", "new", "old"), ("built", "new", "old"), ("exchanged", "new", "new"), ("removing", "old", "old"))
    assert [step for step, _, _ in steps] == list(publishing.CRASH_STEPS)
    for step, built, expected in steps:
        result = publish(output, tmp_path / built, BRIEFING_PUBLISH_CRASH_AT=step)
        assert result.returncode == -signal.SIGKILL, (step, result.stderr)
        assert stable(output) == digests[expected], f"killed at {step!r}: output/ must be the complete {expected} site"
        left = leftovers(tmp_path)
        assert len(left) == 1 and left[0].startswith(".staging-output-"), \
            f"killed at {step!r}: only this run's staging folder is left, earlier ones were removed: {left}"
        if step == "indexing":
            assert list((tmp_path / left[0] / "tmp").glob("briefing-search-*/records/2025")), \
                "the search index's scratch pages were left inside the staging folder, not in the system's /tmp"

    result = publish(output, tmp_path / "new")
    assert result.returncode == 0, result.stderr
    assert stable(output) == digests["new"]
    assert leftovers(tmp_path) == [], "the next publish removes every leftover"


def test_the_crash_steps_are_points_a_publish_passes_through():
    package = Path(publishing.__file__).parent
    source = "".join(package.joinpath(name).read_text(encoding="utf-8") for name in ("publish.py", "search.py"))
    for step in publishing.CRASH_STEPS:
        assert source.count(f'crash_point("{step}")') == 1, step


def test_published_folders_are_0755_and_files_0644(sites):
    output = sites[1]["old"]
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [output, *output.rglob("*")] if p.is_dir()}
    assert modes == {0o755}, "nginx, running as another user, must be able to enter every folder"
    assert {stat.S_IMODE(p.stat().st_mode) for p in output.rglob("*") if p.is_file()} == {0o644}


def test_a_failed_first_publish_says_nothing_was_written(sites, tmp_path):
    contents = sites[0]
    content = shutil.copytree(contents["old"], tmp_path / "content")
    post = content / SAMPLE
    post.write_text(post.read_text(encoding="utf-8").replace("category: Policy", "category: Gossip"), encoding="utf-8")
    result = publish(tmp_path / "output", content)
    assert result.returncode == 1
    assert "nothing was written to" in result.stderr and "left unchanged" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


# --- where the file system cannot exchange two folders: two renames, and recovery -------------


def site_folder(folder: Path, text: str) -> Path:
    (folder / "feeds").mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "feeds" / "all.atom.xml").write_text(text, encoding="utf-8")
    return folder


def test_without_an_atomic_exchange_the_swap_renames_twice(tmp_path, monkeypatch):
    def unsupported(a, b):
        raise OSError(errno.EINVAL, "not on this file system")

    monkeypatch.setattr(publishing, "exchange", unsupported)
    output = site_folder(tmp_path / "output", "old")
    work = tmp_path / ".staging-output-1"
    new = site_folder(work / "site", "new")
    publishing.swap_in(new, output, work)
    assert (output / "index.html").read_text(encoding="utf-8") == "new"
    assert list((work / "previous").iterdir()) == [], "the old site is removed"


def test_an_output_caught_between_two_renames_is_put_back_by_the_next_publish(tmp_path):
    work = tmp_path / ".staging-output-abc"
    site_folder(work / "previous", "old")
    site_folder(work / "site", "half-built")
    publishing.recover(tmp_path / "output")
    assert (tmp_path / "output" / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["output"]


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    a, b = site_folder(tmp_path / "a", "A"), site_folder(tmp_path / "b", "B")
    publishing.exchange(a, b)
    assert (a / "index.html").read_text(encoding="utf-8") == "B" and (b / "index.html").read_text(encoding="utf-8") == "A"


def test_an_output_that_is_a_link_is_replaced_and_what_it_pointed_to_is_kept(tmp_path):
    elsewhere = site_folder(tmp_path / "srv" / "site", "served elsewhere")
    (tmp_path / "output").symlink_to(elsewhere)
    work = tmp_path / ".staging-output-1"
    publishing.swap_in(site_folder(work / "site", "new"), tmp_path / "output", work)
    assert (tmp_path / "output" / "index.html").read_text(encoding="utf-8") == "new"
    assert (elsewhere / "index.html").read_text(encoding="utf-8") == "served elsewhere"
