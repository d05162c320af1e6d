"""`make rsync_upload` and `make github`: deploy only what a successful `make publish` built."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.publishing import tree_digest
from tests.sitebuild import ROOT, copy_content

RSYNC = shutil.which("rsync")
GIT = shutil.which("git")
# Variables a deployment reads from the environment; a test sets its own, never inherits a real one.
DEPLOY_VARIABLES = ("DEPLOY_HOST", "DEPLOY_DIR", "DEPLOY_SSH", "DRY_RUN", "GITHUB_PUSH", "GITHUB_PAGES_BRANCH",
                    "GITHUB_PAGES_REMOTE", "GITHUB_PAGES_CNAME", "GIT_DIR", "GIT_WORK_TREE", "MAKEFLAGS", "MFLAGS")


def make(target: str, tmp: Path, content: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    """Run a Makefile target as the editor would, with output/ and content/ redirected into ``tmp``."""
    base = {k: v for k, v in os.environ.items() if k not in DEPLOY_VARIABLES}
    return subprocess.run(
        ["make", "--no-print-directory", target, f"OUTPUTDIR={tmp / 'output'}", f"INPUTDIR={content or ROOT / 'content'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**base, "BRIEFING_SITEURL": "https://briefs.test", **env},
    )


@pytest.fixture
def target(tmp_path) -> Path:
    """A deployment folder holding an older site: one page that has since changed, one that is gone."""
    folder = tmp_path / "srv" / "site"
    (folder / "about").mkdir(parents=True)
    (folder / "about" / "index.html").write_text("<p>an old about page</p>", encoding="utf-8")
    (folder / "retired-page.html").write_text("<p>taken down since</p>", encoding="utf-8")
    return folder


@pytest.mark.skipif(RSYNC is None, reason="rsync is installed by .ci/run")
def test_rsync_dry_run_shows_what_would_change_and_changes_nothing(tmp_path, target):
    before = tree_digest(target)
    result = make("rsync_upload", tmp_path, DEPLOY_DIR=str(target), DRY_RUN="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--dry-run" in result.stdout
    assert "*deleting   retired-page.html" in result.stdout
    assert "about/index.html" in result.stdout and "2025/" in result.stdout
    assert tree_digest(target) == before, "a dry run changes nothing"
    assert (tmp_path / "output" / "index.html").exists(), "it ran after a successful publish"


@pytest.mark.skipif(RSYNC is None, reason="rsync is installed by .ci/run")
def test_rsync_upload_mirrors_output_with_delete(tmp_path, target):
    result = make("rsync_upload", tmp_path, DEPLOY_DIR=str(target))
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_digest(target) == tree_digest(tmp_path / "output")
    assert not (target / "retired-page.html").exists()
    # Rebuilt but unchanged pages are compared by content, so they are not sent again.
    again = make("rsync_upload", tmp_path, DEPLOY_DIR=str(target), DRY_RUN="1")
    assert again.returncode == 0 and "(DRY RUN)" in again.stdout
    assert not [line for line in again.stdout.splitlines() if " 2025/" in line or line.endswith(" index.html")]


def test_rsync_upload_needs_a_destination_from_the_environment(tmp_path):
    result = make("rsync_upload", tmp_path)
    assert result.returncode != 0
    assert "set DEPLOY_DIR" in result.stderr


@pytest.mark.skipif(RSYNC is None, reason="rsync is installed by .ci/run")
def test_nothing_is_deployed_when_publish_fails(tmp_path, target):
    content = copy_content(tmp_path / "content")
    post = next((content / "briefings").rglob("*.md"))
    post.write_text(re.sub(r"^category: .*$", "category: Gossip", post.read_text(encoding="utf-8"), count=1, flags=re.M))
    before = tree_digest(target)
    result = make("rsync_upload", tmp_path, content, DEPLOY_DIR=str(target))
    assert result.returncode != 0
    assert "category: expected one of" in result.stderr and "nothing was written to" in result.stderr
    assert "rsync" not in result.stdout
    assert tree_digest(target) == before


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"}
    env.pop("GIT_DIR", None)
    return subprocess.run([GIT, *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


@pytest.mark.skipif(GIT is None, reason="git is needed for make github")
def test_github_commits_the_published_site_to_gh_pages_and_pushes_it(tmp_path):
    remote = tmp_path / "remote.git"
    repo = tmp_path / "repo"
    git("init", "--bare", "--quiet", str(remote), cwd=tmp_path)
    git("init", "--quiet", str(repo), cwd=tmp_path)
    git("commit", "--allow-empty", "--quiet", "-m", "start", cwd=repo)
    git("remote", "add", "origin", str(remote), cwd=repo)
    git("config", "user.name", "Editor", cwd=repo)
    git("config", "user.email", "editor@example.com", cwd=repo)
    # GIT_DIR points make's git (ghp-import's) at the scratch repository, never at this checkout.
    result = make("github", tmp_path, GIT_DIR=str(repo / ".git"))
    assert result.returncode == 0, result.stdout + result.stderr
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    assert {"index.html", "sitemap.xml", "robots.txt", ".nojekyll", "feeds/all.atom.xml"} <= files
    assert files == {p.relative_to(tmp_path / "output").as_posix() for p in (tmp_path / "output").rglob("*")
                     if p.is_file()} | {".nojekyll"}
    assert "gh-pages" not in git("branch", "--list", cwd=ROOT), "this checkout was not touched"
