"""Building real sites for tests: in-process Pelican, with this repository's settings and theme."""

from __future__ import annotations

import logging
import shutil
import textwrap
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

from bench.generate import generate, write

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def build(
    output: Path,
    conf: str = "pelicanconf.py",
    content: Path | None = None,
    **overrides: Any,
) -> Path:
    """Build ``content`` (default: the repository's) with ``conf`` into ``output``; return ``output``."""
    settings = read_settings(
        str(ROOT / conf),
        override={
            "PATH": str(content or CONTENT),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "CACHE_PATH": str(output.parent / f"{output.name}-cache"),
            **overrides,
        },
    )
    Pelican(settings).run()
    return output


def production_settings(content: Path = CONTENT, **overrides: Any) -> dict:
    """publishconf.py as `make newsletter` reads it, on ``content``."""
    return read_settings(
        str(ROOT / "publishconf.py"),
        override={"PATH": str(content), "THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")], **overrides},
    )


def write_post(content: Path, relative: str, text: str) -> Path:
    """Write a post (dedented) into a content folder, creating folders as needed."""
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def copy_content(dest: Path) -> Path:
    """A private copy of the repository's content, for tests that edit posts."""
    shutil.copytree(CONTENT, dest)
    return dest


class LogCapture(logging.Handler):
    """Collects Pelican's and the plugin's log records during one build."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]

    def __enter__(self) -> LogCapture:
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger().removeHandler(self)


def generated_content(dest: Path, n: int) -> Path:
    """The repository's pages and data with ``n`` generated briefings (bench/generate.py) instead of its own."""
    shutil.copytree(CONTENT, dest, ignore=shutil.ignore_patterns("briefings"))
    write(generate(n), dest / "briefings")
    return dest
