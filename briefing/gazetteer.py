"""The gazetteer's tags by group (companies, countries, groups, elements, themes), for the site.

The importer reads ``briefing/data/gazetteer.yaml`` to find tags in an
article's text; the site reads the same file to know which tags name a
company or a country and so deserve a hub. Both go through the importer's
loader and its rule for an entry (a name, or a mapping with a tag), so the
file has one meaning and one set of error messages.
"""

from __future__ import annotations

from pathlib import Path

from .importer.datafiles import DataFileError, load_data
from .importer.tagging import FILE, parse_entry


def tag_groups(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Group name -> its tags, in the file's order."""
    path, data = load_data(FILE, path)
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected groups of names (companies:, countries:, ...)")
    groups = {}
    for group, entries in data.items():
        if not isinstance(entries, list):
            raise DataFileError(f"{path}: {group}: expected a list of entries")
        groups[str(group)] = tuple(parse_entry(entry, f"{path}: {group}[{n}]")[0] for n, entry in enumerate(entries, 1))
    return groups
