"""The rare earth elements of the site, read from an editor's data file (``content/data/elements.yaml``).

Facts about the elements (symbol, atomic number, weight class), what each is
used for, and which group tags (NdPr, SEG, Heavy rare earths ...) stand for
which elements change more often in wording than in code, and editors know
them best; so they live in one YAML file, checked here with messages that name
the file and the entry, as the importer's data files are.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .importer.datafiles import DataFileError, load_data, word_list

_TOP_KEYS = {"weights", "groups", "elements"}
_WEIGHT_KEYS = {"tag", "label", "description"}
_ELEMENT_KEYS = {"symbol", "name", "number", "weight", "uses"}
_SYMBOL = re.compile(r"[A-Z][a-z]?")


@dataclass(frozen=True)
class Weight:
    """A weight class (light, medium, heavy) and the tag that stands for all its elements."""

    key: str
    tag: str
    label: str
    description: str


@dataclass(frozen=True)
class Element:
    symbol: str
    name: str
    number: int
    weight: Weight | None
    #: Markdown, as the editor wrote it.
    uses: str


@dataclass(frozen=True)
class ElementTable:
    """The elements in order of atomic number, and the group tags that stand for several of them."""

    elements: tuple[Element, ...]
    weights: tuple[Weight, ...]
    #: Group tag -> symbols of its elements, weight classes included.
    groups: Mapping[str, tuple[str, ...]]

    def tags_for(self, element: Element) -> tuple[str, ...]:
        """Every tag that counts toward ``element``: its own name first, then its groups."""
        return (element.name, *(tag for tag, symbols in self.groups.items() if element.symbol in symbols))

    def members(self, group_tag: str) -> tuple[Element, ...]:
        symbols = self.groups.get(group_tag, ())
        return tuple(e for e in self.elements if e.symbol in symbols)


def load_elements(path: Path) -> ElementTable:
    """The table in ``path``; a DataFileError naming the file and the entry when it cannot be used."""
    path, data = load_data(path.name, Path(path))
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected weights:, groups: and elements:")
    _no_unknown_keys(data, _TOP_KEYS, str(path))
    weights = _weights(data.get("weights") or {}, f"{path}: weights")
    elements = _elements(data.get("elements"), weights, f"{path}: elements")
    groups = {w.tag: tuple(e.symbol for e in elements if e.weight == w) for w in weights.values()}
    groups.update(_groups(data.get("groups") or {}, {e.symbol for e in elements}, set(groups), f"{path}: groups"))
    return ElementTable(elements, tuple(weights.values()), groups)


def _no_unknown_keys(entry: Mapping[Any, Any], allowed: set[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise DataFileError(f"{where}: unknown keys {', '.join(sorted(map(str, unknown)))} (allowed: {', '.join(sorted(allowed))})")


def _text(entry: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{where}: {key}: expected text, got {value!r}")
    return value.strip()


def _weights(data: Any, where: str) -> dict[str, Weight]:
    if not isinstance(data, dict):
        raise DataFileError(f"{where}: expected a mapping of weight classes (light:, medium:, heavy:)")
    weights = {}
    for key, entry in data.items():
        here = f"{where}: {key}"
        if not isinstance(entry, dict):
            raise DataFileError(f"{here}: expected a mapping with tag, label and description")
        _no_unknown_keys(entry, _WEIGHT_KEYS, here)
        weights[str(key)] = Weight(
            str(key), _text(entry, "tag", here), _text(entry, "label", here), _text(entry, "description", here, False)
        )
    return weights


def _elements(data: Any, weights: Mapping[str, Weight], where: str) -> tuple[Element, ...]:
    if not isinstance(data, list) or not data:
        raise DataFileError(f"{where}: expected a list of elements")
    elements: list[Element] = []
    for position, entry in enumerate(data, 1):
        here = f"{where}[{position}]"
        if not isinstance(entry, dict):
            raise DataFileError(f"{here}: expected a mapping with symbol, name, number, weight and uses")
        if isinstance(entry.get("name"), str):
            here = f"{here} ({entry['name'].strip()})"
        _no_unknown_keys(entry, _ELEMENT_KEYS, here)
        symbol = _text(entry, "symbol", here)
        if not _SYMBOL.fullmatch(symbol):
            raise DataFileError(f"{here}: symbol: expected a chemical symbol such as Dy, got {symbol!r}")
        number = entry.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 118:
            raise DataFileError(f"{here}: number: expected an atomic number from 1 to 118, got {number!r}")
        weight = entry.get("weight")
        if weight is not None and weight not in weights:
            raise DataFileError(f"{here}: weight: expected one of {', '.join(weights)} (or leave it out), got {weight!r}")
        element = Element(symbol, _text(entry, "name", here), number, weights.get(weight), _text(entry, "uses", here))
        for other in elements:
            for key in ("symbol", "name", "number"):
                if getattr(other, key) == getattr(element, key):
                    raise DataFileError(f"{here}: {key} {getattr(element, key)!r} is already used by {other.name}")
        elements.append(element)
    return tuple(sorted(elements, key=lambda e: e.number))


def _groups(data: Any, symbols: set[str], taken: set[str], where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(data, dict):
        raise DataFileError(f"{where}: expected a mapping from a group tag to its element symbols")
    groups = {}
    for tag, members in data.items():
        here = f"{where}: {tag}"
        if str(tag) in taken:
            raise DataFileError(f"{here}: already the tag of a weight class; its elements come from their weight")
        listed = word_list(members, here)
        unknown = [s for s in listed if s not in symbols]
        if unknown or not listed:
            raise DataFileError(f"{here}: expected symbols of the elements below, got {', '.join(unknown) or 'none'}")
        groups[str(tag)] = tuple(listed)
    return groups
