"""`make s3_upload` / `briefing deploy s3` against a real S3-compatible server (moto in server mode)
on 127.0.0.1, through boto3 over HTTP exactly as against a hosted service."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from briefing.deploy.headers import headers_for
from briefing.deploy.plan import LocalFile, Plan, local_files, make_plan, tier
from briefing.deploy.s3 import DeployError, Target, apply, client
from tests.publishing import free_port, publish, tree_digest
from tests.sitebuild import ROOT, copy_content

EDITED = "2025/2025-09-18-neo-estonia-separation-output.md"
REMOVED = "2025/2025-10-02-brazil-ionic-clay-pilot.md"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "briefing-test", "AWS_SECRET_ACCESS_KEY": "briefing-test-secret",
               "AWS_DEFAULT_REGION": "us-east-1"}


def start_moto(tmp: Path, **env: str):
    port = free_port()
    log = (tmp / f"moto-{port}.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env})
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail(f"moto server exited: {(tmp / f'moto-{port}.log').read_text()}")
        try:
            boto3.client("s3", endpoint_url=url, **_aws()).list_buckets()
            return process, url
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.1)
    process.kill()
    pytest.fail("moto server did not start")


def _aws() -> dict:
    return {"aws_access_key_id": CREDENTIALS["AWS_ACCESS_KEY_ID"],
            "aws_secret_access_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"], "region_name": "us-east-1"}


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    process, url = start_moto(tmp_path_factory.mktemp("moto"))
    yield url
    process.kill()
    process.wait()


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return copy_content(tmp_path_factory.mktemp("s3content") / "content")


@pytest.fixture(scope="module")
def published(tmp_path_factory, content) -> Path:
    output = tmp_path_factory.mktemp("s3site") / "output"
    result = publish(output, content)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def deploy(endpoint: str, output: Path, bucket: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "AWS_")) and k != "DRY_RUN"}
    return subprocess.run(
        [sys.executable, "-m", "briefing.cli", "deploy", "s3", "--output", str(output), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**base, **CREDENTIALS, "S3_BUCKET": bucket, "S3_ENDPOINT_URL": endpoint, **env},
    )


def objects(endpoint: str, bucket: str) -> dict[str, dict]:
    s3 = boto3.client("s3", endpoint_url=endpoint, **_aws())
    found = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            found[item["Key"]] = {"etag": item["ETag"], "modified": item["LastModified"]}
    return found


def new_bucket(endpoint: str, name: str) -> None:
    boto3.client("s3", endpoint_url=endpoint, **_aws()).create_bucket(Bucket=name)


def uploaded(stdout: str) -> list[str]:
    return [line.split(" ", 3)[-1] for line in stdout.splitlines() if line.startswith(("  + ", "  ~ "))]


def test_make_dry_run_plans_every_file_and_changes_nothing(tmp_path, s3_server):
    new_bucket(s3_server, "dry-site")
    base = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "DRY_RUN")}
    result = subprocess.run(
        ["make", "--no-print-directory", "s3_upload", f"OUTPUTDIR={tmp_path / 'output'}", "DRY_RUN=1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**base, **CREDENTIALS, "S3_BUCKET": "dry-site", "S3_ENDPOINT_URL": s3_server,
             "BRIEFING_SITEURL": "https://briefs.test"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "  + index.html" in result.stdout and "dry run, nothing changed" in result.stdout
    assert objects(s3_server, "dry-site") == {}, "a dry run uploads nothing"


def test_first_upload_puts_every_file_with_its_headers_in_order(s3_server, published):
    new_bucket(s3_server, "site")
    result = deploy(s3_server, published, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    files = {p for p in tree_digest(published) if not p.endswith((".gz", ".br"))}
    assert set(objects(s3_server, "site")) == files
    s3 = boto3.client("s3", endpoint_url=s3_server, **_aws())
    for path in files:
        head = s3.head_object(Bucket="site", Key=path)
        assert head["ContentType"] == headers_for(path).content_type, path
        assert head["CacheControl"] == headers_for(path).cache_control, path
    types = {p: s3.head_object(Bucket="site", Key=p)["ContentType"] for p in
             ("index.html", "feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json", "sitemap.xml")}
    assert types == {"index.html": "text/html; charset=utf-8",
                     "feeds/all.atom.xml": "application/atom+xml; charset=utf-8",
                     "feeds/all.rss.xml": "application/rss+xml; charset=utf-8",
                     "feeds/all.json": "application/feed+json; charset=utf-8",
                     "sitemap.xml": "text/xml; charset=utf-8"}
    order = uploaded(result.stdout)
    assert order[-1] == "index.html", "the home page goes last"
    assert [tier(p) for p in order] == sorted(tier(p) for p in order), "assets, articles, listings, feeds, sitemap, home"
    first_feed = next(i for i, p in enumerate(order) if p.startswith("feeds/"))
    assert all(i < first_feed for i, p in enumerate(order) if p.startswith("2025/")), "articles before feeds"


def test_second_upload_changes_only_what_changed_and_deletes_what_is_gone(s3_server, published, content):
    new_bucket(s3_server, "again")
    assert deploy(s3_server, published, "again").returncode == 0
    before_files = tree_digest(published)
    before = objects(s3_server, "again")
    post = content / "briefings" / EDITED
    post.write_text(post.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\nA sentence added by the editor.\n\n", 1),
                    encoding="utf-8")
    (content / "briefings" / REMOVED).unlink()
    result = publish(published, content)
    assert result.returncode == 0, result.stdout + result.stderr
    after_files = tree_digest(published)
    time.sleep(1.1)  # a re-upload would show as a later LastModified

    hook = published.parent / "purged.txt"
    purge = f"{sys.executable} -c \"import sys; open({str(hook)!r}, 'w').write(chr(10).join(sys.argv[1:]))\""
    result = deploy(s3_server, published, "again", S3_PURGE_COMMAND=purge)
    assert result.returncode == 0, result.stdout + result.stderr
    after = objects(s3_server, "again")

    plain = {p for p in after_files if not p.endswith((".gz", ".br"))}
    changed = {p for p in plain if before_files.get(p) != after_files[p]}
    gone = {p for p in before_files if p not in after_files and not p.endswith((".gz", ".br"))}
    assert changed and gone, "the edit changed pages and the removal removed some"
    assert set(uploaded(result.stdout)) == changed
    assert set(after) == plain and not gone & set(after)
    for key in plain - changed:
        assert after[key] == before[key], f"{key} was uploaded again though its content is the same"
    for key in changed & set(before):
        assert after[key]["etag"] != before[key]["etag"]
    purged = hook.read_text().splitlines()
    slug = next(p for p in changed if p.startswith("2025/") and "neo" in p).removesuffix("index.html")
    assert f"/{slug}" in purged and "/" in purged

    dry = deploy(s3_server, published, "again", DRY_RUN="yes")
    assert dry.returncode == 0 and "0 new, 0 changed, 0 to delete" in dry.stdout, dry.stdout
    assert objects(s3_server, "again") == after


def test_dry_run_after_changes_lists_them_and_changes_nothing(s3_server, published):
    new_bucket(s3_server, "preview")
    s3 = boto3.client("s3", endpoint_url=s3_server, **_aws())
    s3.put_object(Bucket="preview", Key="retired/index.html", Body=b"<p>old</p>")
    s3.put_object(Bucket="preview", Key="index.html", Body=b"<p>old home</p>")
    before = objects(s3_server, "preview")
    result = deploy(s3_server, published, "preview", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "  ~ index.html" in result.stdout and "  - retired/index.html" in result.stdout
    assert objects(s3_server, "preview") == before


def test_precompressed_copies_carry_their_encoding(s3_server, published):
    new_bucket(s3_server, "compressed")
    result = deploy(s3_server, published, "compressed", "--prefix", "/www/", S3_PRECOMPRESSED="true")
    assert result.returncode == 0, result.stdout + result.stderr
    s3 = boto3.client("s3", endpoint_url=s3_server, **_aws())
    head = s3.head_object(Bucket="compressed", Key="www/index.html.gz")
    assert (head["ContentType"], head["ContentEncoding"]) == ("text/html; charset=utf-8", "gzip")
    body = s3.get_object(Bucket="compressed", Key="www/index.html.gz")["Body"].read()
    assert gzip.decompress(body) == (published / "index.html").read_bytes()
    assert s3.head_object(Bucket="compressed", Key="www/index.html")["ContentType"] == "text/html; charset=utf-8"


def test_missing_bucket_wrong_endpoint_and_bad_switch_are_clear_errors(s3_server, published):
    missing = deploy(s3_server, published, "no-such-bucket")
    assert missing.returncode == 1 and "bucket 'no-such-bucket' does not exist" in missing.stderr, missing.stderr
    unreachable = deploy(f"http://127.0.0.1:{free_port()}", published, "site")
    assert unreachable.returncode == 1 and "cannot reach the storage service" in unreachable.stderr, unreachable.stderr
    bad = deploy(s3_server, published, "site", DRY_RUN="perhaps")
    assert bad.returncode == 2 and "DRY_RUN='perhaps'" in bad.stderr, bad.stderr
    empty = deploy(s3_server, published.parent / "nothing-here", "site")
    assert empty.returncode == 2 and "run `make publish` first" in empty.stderr


def test_wrong_credentials_are_named_and_change_nothing(tmp_path, published):
    # moto checks keys against its IAM once INITIAL_NO_AUTH_ACTION_COUNT requests have gone by.
    process, url = start_moto(tmp_path, INITIAL_NO_AUTH_ACTION_COUNT="3")
    try:
        new_bucket(url, "locked")
        result = deploy(url, published, "locked")
        assert result.returncode == 1, result.stdout
        assert "refused these credentials" in result.stderr and "AWS_ACCESS_KEY_ID" in result.stderr, result.stderr
    finally:
        process.kill()
        process.wait()


def test_a_failed_upload_deletes_nothing(tmp_path, monkeypatch, s3_server, published):
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    new_bucket(s3_server, "halfway")
    s3 = client(Target("halfway", endpoint_url=s3_server))
    s3.put_object(Bucket="halfway", Key="old-page/index.html", Body=b"<p>still linked</p>")
    files = [f for f in local_files(published, precompressed=False) if f.path in ("theme/css/site.css", "index.html")]
    vanished = tmp_path / "gone.html"
    vanished.write_text("<p>x</p>")
    broken = LocalFile("about/index.html", vanished, "0" * 32, headers_for("about/index.html"))
    vanished.unlink()  # the file disappears between planning and uploading
    plan = make_plan([*files, broken], {"old-page/index.html": "x"})
    assert plan.deletions == ["old-page/index.html"]
    with pytest.raises(FileNotFoundError):
        apply(plan, s3, Target("halfway", endpoint_url=s3_server), lambda line: None)
    assert "old-page/index.html" in objects(s3_server, "halfway"), "no deletion after a failed upload"
    assert isinstance(Plan().changed_paths(), list) and issubclass(DeployError, Exception)


@pytest.mark.parametrize(("path", "content_type", "cache"), [
    ("index.html", "text/html; charset=utf-8", "no-cache"),
    ("2025/a-story/index.html", "text/html; charset=utf-8", "no-cache"),
    ("feeds/section/policy.atom.xml", "application/atom+xml; charset=utf-8", "public, max-age=900"),
    ("feeds/all.rss.xml", "application/rss+xml; charset=utf-8", "public, max-age=900"),
    ("feeds/all.json", "application/feed+json; charset=utf-8", "public, max-age=900"),
    ("sitemap.xml", "text/xml; charset=utf-8", "public, max-age=3600"),
    ("robots.txt", "text/plain; charset=utf-8", "public, max-age=3600"),
    ("theme/css/site.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"),
    ("theme/js/search.js", "application/javascript; charset=utf-8", "public, max-age=86400"),
    ("theme/feed.xsl", "text/xsl; charset=utf-8", "public, max-age=86400"),
    ("pagefind/pagefind.js", "application/javascript; charset=utf-8", "public, max-age=3600"),
    ("images/card.png", "image/png", "no-cache"),
])
def test_headers_match_what_nginx_sends(path, content_type, cache):
    assert (headers_for(path).content_type, headers_for(path).cache_control) == (content_type, cache)
