"""Helpers shared by the importer's tests (no tests of its own).

Imports run in-process through the same objects the command uses, with the
site's real settings, into temporary folders.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from pathlib import Path

import markdown
import yaml
from pelican.settings import read_settings
from rich.console import Console

from briefing.importer.convert import Overrides
from briefing.importer.pipeline import ImportConfig, Importer
from briefing.importer.report import Reporter
from briefing.schema import validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"
SHARED_RAW = ROOT.parent / "shared" / "examples" / "raw"
SETTINGS_FILE = ROOT / "pelicanconf.py"
#: The date undated articles get in tests, so results do not depend on the day they run.
TODAY = dt.date(2025, 12, 1)
_FRONT = re.compile(r"\A---\n(.*?)\n---\n\n?(.*)\Z", re.DOTALL)


@functools.cache
def settings() -> dict:
    return read_settings(str(SETTINGS_FILE))


def config(out: Path, **options) -> ImportConfig:
    overrides = Overrides(**{k: options.pop(k) for k in ("title", "date", "category") if k in options})
    return ImportConfig.from_settings(settings(), out=out, overrides=overrides, **options)


def run_import(sources, out: Path, **options) -> tuple[int, str]:
    """Import ``sources`` into ``out``; the exit code and everything the report printed."""
    buffer = io.StringIO()
    console = Console(file=buffer, soft_wrap=True, width=200)
    cfg = config(out, **options)
    code = Importer(cfg, today=TODAY).run([str(s) for s in sources], Reporter(cfg.dry_run, out=console, err=console))
    return code, buffer.getvalue()


def posts(out: Path) -> list[Path]:
    return sorted(out.rglob("*.md"))


def read_post(path: Path) -> tuple[dict, str]:
    """Front matter (checked against the contract) and body of a written post."""
    text = path.read_text(encoding="utf-8")
    match = _FRONT.match(text)
    assert match, f"{path} does not start with front matter"
    meta = yaml.safe_load(match.group(1))
    validate(meta, settings()["BRIEFING_SECTIONS"])
    return meta, match.group(2)


def import_one(source: Path, tmp_path: Path, **options) -> tuple[dict, str]:
    out = tmp_path / "out"
    code, report = run_import([source], out, **options)
    assert code == 0, report
    (post,) = posts(out)
    return read_post(post)


def import_text(text: str, tmp_path: Path, name: str = "article.txt", **options) -> tuple[dict, str]:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return import_one(source, tmp_path, **options)


def rendered(meta: dict, body: str) -> str:
    """Everything of a post that becomes HTML, rendered with the site's Markdown (no sanitiser)."""
    # The title goes into pages as HTML text, not through Markdown; every other field is Markdown.
    parts = [body, meta.get("summary", ""), meta.get("why_newsworthy", ""), meta.get("takeaway", "")]
    for item in meta.get("highlights", []):
        parts += [item["text"], *item["items"]] if isinstance(item, dict) else [item]
    source = meta.get("source") or {}
    parts += [source.get("note", "")]
    md = markdown.Markdown(extensions=list(settings()["MARKDOWN"]["extension_configs"]), output_format="html5")
    return "\n".join([meta.get("title", ""), *(md.reset().convert(part or "") for part in parts)])
