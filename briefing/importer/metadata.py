"""Front-matter values an article does not state outright: category, derived title, summary, slug, id."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from pelican.utils import slugify

from .datafiles import DataFileError, load_mapping, word_list
from .inline import escape_markdown, fold_spaces, guard_block_start
from .sections import Highlight
from .wordrules import trie_pattern, whole_words

FILE = "sections.yaml"
TITLE_MAX_CHARS = 80
#: A found headline longer than this is cut (the post keeps it whole as its first line): page
#: titles, feed entries and file names all carry the title, and a 10 kB one breaks all three.
TITLE_CAP_CHARS = 200
SLUG_MAX_CHARS = 80
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
#: Words a cut-short title should not end on.
_DANGLING = frozenset(
    "a an the of to in on for and or but with by at from as its their his her is are was were be "
    "that which who this these those into onto than".split()
)
_OPENERS = {"(": ")", "\u201c": "\u201d", "\u2018": "\u2019", '"': '"', "'": "'", "[": "]"}


def match_section(name: str, sections: Sequence[str]) -> str | None:
    """The site section called ``name``, whatever its case; None if there is none."""
    wanted = fold_spaces(name).casefold()
    return next((s for s in sections if s.casefold() == wanted), None)


class CategoryRules:
    """Keyword rules from ``briefing/data/sections.yaml`` choosing among the site's sections."""

    def __init__(self, sections: Sequence[str], keywords: dict[str, list[str]], default: str):
        self.sections = list(sections)
        self.default = default
        # One scan per text for all sections: each section's words are a named group.
        self._groups = {f"s{i}": section for i, section in enumerate(keywords)}
        alternatives = "|".join(f"(?P<{g}>{trie_pattern(keywords[s])})" for g, s in self._groups.items())
        self._regex = re.compile(whole_words(alternatives, plural=True), re.IGNORECASE) if keywords else None

    @classmethod
    def load(cls, sections: Sequence[str], path: Path | None = None) -> CategoryRules:
        expected = "'default:' and 'keywords:' with a list of words per section"
        path, data = load_mapping(FILE, path, expected)
        if not isinstance(data.get("keywords"), dict):
            raise DataFileError(f"{path}: expected {expected}")
        known = ", ".join(sections)
        default = match_section(str(data.get("default") or ""), sections)
        if default is None:
            raise DataFileError(f"{path}: default: {data.get('default')!r} is not one of the site's sections ({known})")
        keywords = {}
        for name, words in data["keywords"].items():
            section = match_section(str(name), sections)
            if section is None:
                raise DataFileError(
                    f"{path}: keywords: {name!r} is not one of the site's sections ({known}); "
                    "add it to BRIEFING_SECTIONS in the settings or rename it here"
                )
            listed = word_list(words, f"{path}: keywords: {name}")
            if listed:
                keywords[section] = listed
        return cls(sections, keywords, default)

    def choose(self, weighted_texts: Iterable[tuple[str, int]]) -> str:
        """The section whose keywords the weighted texts use most; ties go to the earlier section."""
        scores: Counter[str] = Counter()
        if self._regex is not None:
            for text, weight in weighted_texts:
                for match in self._regex.finditer(text):
                    scores[self._groups[match.lastgroup]] += weight
        if not scores:
            return self.default
        return max(self.sections, key=lambda s: (scores[s], -self.sections.index(s)))


def title_from_highlight(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """A title made from a highlight: whole if it fits, else cut at a word, with an ellipsis.

    A cut never leaves a quotation or parenthesis open, nor ends on a word like
    "the" or "to", so the derived title still reads as a phrase.
    """
    text = fold_spaces(text).rstrip(" .;:,")
    if len(text) <= limit:
        return text
    words = text[: limit - 1].split(" ")
    if len(words) > 1:
        words = words[:-1] if not text[limit - 1 : limit].isspace() else words
    words = _close_open_marks(words)
    while len(words) > 1 and words[-1].casefold().strip(",;:") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:-\u2013\u2014") + "\u2026"


def _close_open_marks(words: list[str]) -> list[str]:
    """The words up to (not including) the first one that opens a mark left unclosed."""
    stack: list[tuple[str, int]] = []
    for index, word in enumerate(words):
        if word[:1] in _OPENERS and len(word) > 1:
            stack.append((_OPENERS[word[0]], index))
            word = word[1:]
        while stack and word.rstrip(".,;:!?").endswith(stack[-1][0]):
            stack.pop()
            word = word.rstrip(".,;:!?")[:-1]
    if stack and stack[0][1] > 0:
        return words[: stack[0][1]]
    return words


def summary_from(highlight: Highlight) -> str:
    """The first highlight as plain text (a summary is Markdown to Pelican, so it is escaped)."""
    text = highlight.plain
    if highlight.items and text.endswith(":"):
        text += " " + "; ".join(item.plain.rstrip(".;") for item in highlight.items) + "."
    return guard_block_start(escape_markdown(fold_spaces(text)))


def slug_from(title: str, regex_subs: Sequence[tuple[str, str]], import_id: str = "") -> str:
    """The file name's slug: Pelican's own slugify, so it matches the post's URL, kept short.

    A title of punctuation alone ("." or "—") slugifies to nothing a URL or a
    file name can stand on, so such a post is named from its import id instead.
    """
    slug = slugify(title, regex_subs=list(regex_subs)).strip("-.")
    if len(slug) > SLUG_MAX_CHARS:
        slug = slug[:SLUG_MAX_CHARS].rsplit("-", 1)[0] or slug[:SLUG_MAX_CHARS]
    if not _LETTER_OR_DIGIT.search(slug):
        slug = "briefing-" + hashlib.sha256(import_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return slug


def text_id(text: str) -> str:
    """A stable id for an original with no URL or guid: a hash of its normalised text.

    Normalised so that the same article pasted twice (different line endings,
    trailing spaces, a BOM, composed or decomposed accents) gets the same id.
    """
    normal = " ".join(unicodedata.normalize("NFC", text.replace("\ufeff", "")).split())
    return "sha256:" + hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]
