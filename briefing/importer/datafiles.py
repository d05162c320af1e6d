"""Editor-editable data files of the importer (``briefing/data/*.yaml``).

The lists of names, keywords and phrases that steer an import change more often
than its code, and the people who know them are editors; they live in YAML
beside the package so that extending them never needs a programmer.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def load_yaml(text: str) -> Any:
    """YAML parsed safely, by libyaml when it is there (posts and data files are read often)."""
    return yaml.load(text, Loader=_SAFE_LOADER)


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataFileError(ValueError):
    """A data file that cannot be used; the message names the file and the entry."""


def data_path(name: str) -> Path:
    return Path(str(resources.files("briefing") / "data" / name))


def load_data(name: str, path: Path | None = None) -> tuple[Path, Any]:
    """The parsed content of data file ``name`` (or of ``path``), with the path for messages."""
    path = path or data_path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DataFileError(f"{path}: cannot read: {err.strerror or err}") from err
    try:
        return path, load_yaml(text)
    except yaml.YAMLError as err:
        raise DataFileError(f"{path}: not valid YAML: {err}") from err


def load_mapping(name: str, path: Path | None, expected: str) -> tuple[Path, dict]:
    """Like :func:`load_data`, for files whose top level must be a mapping; ``expected`` says of what."""
    path, data = load_data(name, path)
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected {expected}")
    return path, data


def word_list(value: Any, where: str) -> list[str]:
    """A list of non-empty strings, or a DataFileError saying where it is wrong."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"{where}: expected a list of words or phrases, got {value!r}")
    return [v.strip() for v in value]
