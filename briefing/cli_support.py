"""What every command shares: the site's settings (a usage error naming the file when they cannot be
read), the --settings option, and paths shown as the editor typed them."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from pathlib import Path

from pelican.settings import read_settings


def read_site_settings(path: str, parser: argparse.ArgumentParser) -> dict:
    if not Path(path).is_file():
        parser.error(f"settings file not found: {path} (run from the project folder, or pass --settings)")
    # Reading settings for their values only; Pelican's warnings about building are not ours to show.
    pelican_log = logging.getLogger("pelican")
    level = pelican_log.level
    pelican_log.setLevel(logging.ERROR)
    try:
        return read_settings(path)
    except Exception as err:  # noqa: BLE001 - any error in the settings file is a usage error here
        parser.error(f"cannot read settings {path}: {err}")
    finally:
        pelican_log.setLevel(level)


def add_settings_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--settings",
        default="pelicanconf.py",
        metavar="FILE",
        help=f"Pelican settings to read {what} from (default: %(default)s)",
    )


def shown(path: Path) -> str:
    """A path as the editor typed it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def iso_date(value: str) -> dt.date | dt.datetime:
    """An option's ISO date (2025-11-04) or date and time (2025-11-04T09:30), as the editor wrote it."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an ISO date such as 2025-11-04 or 2025-11-04T09:30, got {value!r}") from None
    return parsed if ("T" in value or " " in value) else parsed.date()
