"""``briefing import`` as an editor runs it: options, report, exit status."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest
import yaml
from rich.console import Console

from briefing.cli import main
from briefing.importer.pipeline import Importer
from briefing.importer.report import Reporter

from .test_import_support import FIXTURES, ROOT, SETTINGS_FILE, TODAY, config, posts

ARTICLE = "Title: Dysprosium note {day}\nPublished: 2025-05-{day:02d}\nHighlights\n- Point number {day} about dysprosium.\nBody {day}.\n"


def cli(*args: str) -> list[str]:
    return ["import", "--settings", str(SETTINGS_FILE), *args]


def report_lines(out: str) -> list[str]:
    """The report without the indented warnings under its lines."""
    return [line for line in out.splitlines() if not line.startswith("    ")]


def write_articles(folder, count: int) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for day in range(1, count + 1):
        path = folder / f"article-{day:02d}.txt"
        path.write_text(ARTICLE.format(day=day), encoding="utf-8")
        paths.append(path)
    return paths


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["import", "--help"])
    assert exited.value.code == 0
    help_text = capsys.readouterr().out
    for option in ["--out", "--dry-run", "--force", "--title", "--date", "--category", "--settings", "--encoding"]:
        # The option, its metavar if any, then a sentence of explanation.
        assert re.search(rf"^  {option}(?: \S+)?\s+[A-Za-z][^\n]{{15,}}", help_text, re.MULTILINE), f"{option} is not explained"
    text = " ".join(help_text.split())
    for words in ["standard input", "already imported", ".bak", "exit status", "RSS or Atom"]:
        assert words in text


def test_all_good_exits_0_with_a_line_per_input_and_a_summary(tmp_path, capsys):
    sources = write_articles(tmp_path / "raw", 2)
    assert main(cli("--out", str(tmp_path / "out"), *map(str, sources))) == 0
    lines = report_lines(capsys.readouterr().out)
    assert [line.split()[0] for line in lines] == ["imported", "imported", "2"]
    assert lines[-1] == "2 imported, 0 skipped, 0 failed"


def test_a_failed_input_exits_1_and_the_rest_are_imported(tmp_path, capsys):
    good = write_articles(tmp_path / "raw", 1)[0]
    empty = tmp_path / "raw" / "empty.txt"
    empty.write_bytes(b"")
    code = main(cli("--out", str(tmp_path / "out"), str(empty), str(FIXTURES / "no-article.txt"), str(good), str(tmp_path / "missing.txt")))
    out = capsys.readouterr().out
    assert code == 1
    assert f"failed    {empty} → empty file" in out
    assert "no-article.txt → no article: no body text" in out
    assert f"failed    {tmp_path / 'missing.txt'} → no such file or folder" in out
    assert "1 imported, 0 skipped, 3 failed" in out
    assert len(posts(tmp_path / "out")) == 1


def test_the_drafts_of_a_run_are_listed_at_the_end_with_what_each_needs(tmp_path, capsys):
    finished = write_articles(tmp_path / "raw", 1)[0]
    news = tmp_path / "raw" / "plain-news.txt"
    news.write_text(
        "Quarry owners in the Pilbara asked the state for faster permits on Tuesday, citing a backlog of forty "
        "applications.\n\nThe mines department said it would answer within a month.\n",
        encoding="utf-8",
    )
    assert main(cli("--out", str(tmp_path / "out"), str(finished), str(news))) == 0
    lines = capsys.readouterr().out.splitlines()
    summary = lines.index("2 imported, 0 skipped, 0 failed")
    (draft,) = [p for p in posts(tmp_path / "out") if "status: draft" in p.read_text(encoding="utf-8")]
    assert lines[summary + 1 :] == [
        "1 post is a draft to review before publishing (status: draft, see review:):",
        f"    {draft}: highlights proposed, why_newsworthy missing, takeaway missing, date guessed, title guessed",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the following arguments are required: SRC"),
        (["--date", "2025-13-40", "x"], "argument --date: expected an ISO date"),
        (["--category", "Gossip", "x"], "--category: 'Gossip' is not a section of the site"),
        (["--no-such-option", "x"], "unrecognized arguments"),
    ],
)
def test_usage_errors_exit_2(args, message, capsys):
    with pytest.raises(SystemExit) as exited:
        main(cli(*args))
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_missing_settings_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["import", "--settings", str(tmp_path / "nope.py"), "x"])
    assert exited.value.code == 2
    assert "settings file not found" in capsys.readouterr().err


def test_standard_input(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.format(day=7).encode())))
    assert main(cli("--out", str(tmp_path / "out"), "--title", "From a pipe", "-")) == 0
    assert "imported  standard input → " in capsys.readouterr().out
    assert [p.name for p in posts(tmp_path / "out")] == ["2025-05-07-from-a-pipe.md"]


def test_options_apply_to_every_input(tmp_path, capsys):
    sources = write_articles(tmp_path / "raw", 2)
    main(cli("--out", str(tmp_path / "out"), "--date", "2025-01-02", "--category", "magnets", *map(str, sources)))
    for post in posts(tmp_path / "out"):
        text = post.read_text(encoding="utf-8")
        assert "date: '2025-01-02'" in text and "category: Magnets" in text


def test_progress_bar_only_for_more_than_a_few_inputs_on_a_terminal(tmp_path):
    def bar_shown(count: int) -> bool:
        out = tmp_path / f"out{count}"
        screen = io.StringIO()
        reporter = Reporter(out=Console(file=io.StringIO()), err=Console(file=screen, force_terminal=True, width=100))
        Importer(config(out), today=TODAY).run(map(str, write_articles(tmp_path / f"raw{count}", count)), reporter)
        return "importing" in screen.getvalue()

    assert not bar_shown(3)
    assert bar_shown(8)


def test_a_big_batch_keeps_input_order_and_results(tmp_path, capsys):
    sources = write_articles(tmp_path / "raw", Importer.PARALLEL_FROM + 4)
    assert main(cli("--out", str(tmp_path / "out"), str(tmp_path / "raw"))) == 0
    lines = report_lines(capsys.readouterr().out)[:-1]
    assert [line.split()[1] for line in lines] == [str(s) for s in sources]
    assert len(posts(tmp_path / "out")) == len(sources)


def test_the_console_script_is_installed():
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "briefing"), "import", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "usage: briefing import" in result.stdout


def test_make_import_passes_title_date_and_category_as_typed(tmp_path):
    source = write_articles(tmp_path / "raw", 1)[0]
    out = tmp_path / "out dir"
    title = """Lynas raises $325m for "Kalgoorlie" & 'more' $(shell touch pwned) `touch pwned`"""
    result = subprocess.run(
        # -o: the test runs with the virtualenv it is in; make must not reinstall it first.
        ["make", "-s", "-o", ".venv/.installed", "import", f"SRC={source}", f"TITLE={title}", "DATE=2025-06-03",
         "CATEGORY=markets", f"OUT={out}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (post,) = posts(out)
    meta = yaml.safe_load(post.read_text(encoding="utf-8").split("---\n")[1])
    assert (meta["title"], meta["date"], meta["category"]) == (title, "2025-06-03", "Markets")
    assert not (ROOT / "pwned").exists() and not (tmp_path / "pwned").exists()


def test_make_import_without_src_explains_its_variables():
    result = subprocess.run(["make", "-s", "-o", ".venv/.installed", "import"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "usage: make import SRC=" in result.stderr and "TITLE=" in result.stderr and "CATEGORY=" in result.stderr


def test_a_post_that_would_break_the_contract_fails_naming_the_input_and_writes_nothing(tmp_path, capsys):
    """A title of control characters alone is no title once they are stripped: the build's check refuses it."""
    source = write_articles(tmp_path / "raw", 1)[0]
    assert main(cli("--out", str(tmp_path / "out"), "--title", "\a\x1b", str(source))) == 1
    out = capsys.readouterr().out
    assert f"failed    {source} → the post would break the front-matter contract: title: required" in out
    assert list((tmp_path / "out").rglob("*")) == []
