"""The house style of a briefing, as an editor tunes it in ``BRIEFING_STYLE`` (pelicanconf.py).

The contract (:mod:`briefing.schema`) says what the site can build; the style
says what a good briefing looks like: a few short highlights, a title that fits
a list, a summary a link preview shows whole, the boxes a reader expects, a
source a reader can follow. A published post that misses it is an error of
``briefing check``; a draft only gets warnings, since it is still being written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .duplicates import DUPLICATE_RULES
from .findings import ERROR, WARNING, Finding
from .schema import SOURCE_KINDS, readable_highlights

#: The defaults of every rule; BRIEFING_STYLE overrides any of them.
DEFAULT_STYLE: dict[str, Any] = {
    "highlights": (2, 5),
    "highlight_words": 40,
    "title_chars": (20, 100),
    "summary_chars": 200,
    "published_needs": ("why_newsworthy", "takeaway"),
    "source_needs": ("url", "kind"),
}


@dataclass(frozen=True)
class StyleRules:
    highlights: tuple[int, int]
    highlight_words: int
    title_chars: tuple[int, int]
    summary_chars: int
    published_needs: tuple[str, ...]
    source_needs: tuple[str, ...]

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> StyleRules:
        given = settings.get("BRIEFING_STYLE") or {}
        unknown = set(given) - set(DEFAULT_STYLE) - set(DUPLICATE_RULES)
        if unknown:
            raise ValueError(f"BRIEFING_STYLE: unknown rules {', '.join(sorted(unknown))} "
                             f"(known: {', '.join([*DEFAULT_STYLE, *DUPLICATE_RULES])})")
        style = {**DEFAULT_STYLE, **given}
        try:
            return cls(
                highlights=_range(style["highlights"]),
                highlight_words=int(style["highlight_words"]),
                title_chars=_range(style["title_chars"]),
                summary_chars=int(style["summary_chars"]),
                published_needs=tuple(style["published_needs"]),
                source_needs=tuple(style["source_needs"]),
            )
        except (TypeError, ValueError) as error:
            raise ValueError(f"BRIEFING_STYLE: {error}") from None

    def check_presence(self, meta: Mapping[str, Any]) -> list[Finding]:
        """The boxes and source details a published briefing has, read from raw front matter.

        Works on a post that breaks the contract too, so a new draft is told
        everything it still lacks in one run.
        """
        level = WARNING if meta.get("status") == "draft" else ERROR
        found = [
            Finding(key, "missing; a published briefing has it", f"write the {key.replace('_', ' ')} (Markdown)", level)
            for key in self.published_needs if not meta.get(key)
        ]
        if not meta.get("highlights"):
            low, high = self.highlights
            found.insert(0, Finding("highlights", f"missing; a briefing has {low} to {high}",
                                    "list the points a reader must not miss, one '- ' line each, in Markdown", level))
        source = meta.get("source")
        if isinstance(source, Mapping) and not any(v not in (None, "") for v in source.values()):
            source = None  # the template's block, not filled in
        if not source and self.source_needs:
            found.append(Finding("source", "missing; a briefing says where its story came from",
                                 "add source: with a name, " + ", ".join(self.source_needs), level))
        elif isinstance(source, Mapping):
            for key in self.source_needs:
                if not source.get(key):
                    fix = ("say what kind of source it is: " + ", ".join(SOURCE_KINDS) if key == "kind"
                           else f"add the source's {key}, so a reader can follow the story to it")
                    found.append(Finding(f"source.{key}", "missing", fix, level))
        return found

    def check(self, meta: Mapping[str, Any], plain: Callable[[str], str]) -> list[Finding]:
        """How a post misses the house style's counts and lengths, read from raw front matter.

        What the contract cannot read is left to the contract's own findings.
        ``plain`` turns a field's Markdown into its text, as a reader sees it.
        """
        level = WARNING if meta.get("status") == "draft" else ERROR
        found: list[Finding] = []

        def add(key: str, message: str, fix: str) -> None:
            found.append(Finding(key, message, fix, level))

        raw = meta.get("highlights")
        highlights = readable_highlights(raw)
        low, high = self.highlights
        count = len(raw) if isinstance(raw, (list, tuple)) else 0
        if count and not low <= count <= high:
            add("highlights", f"{count} highlight{'s' if count != 1 else ''}; the house style is {low} to {high}",
                "keep the points a reader must not miss, and move the rest into the body" if count > high
                else "add the other points a reader must not miss")
        for number, highlight in enumerate(highlights, 1):
            words = len(plain(highlight.text).split())
            if words > self.highlight_words:
                add(f"highlights[{number}]", f"{words} words; a highlight has at most {self.highlight_words}",
                    "say it in one short sentence, and move the detail into the body")

        title = plain(meta["title"]) if isinstance(meta.get("title"), str) else ""
        low, high = self.title_chars
        if title and not low <= len(title) <= high:
            add("title", f"{len(title)} characters; a title has {low} to {high}",
                "shorten it to what happened and who did it" if len(title) > high
                else "say what happened and who did it")

        given = meta.get("summary") if isinstance(meta.get("summary"), str) else None
        summary = plain(given) if given else (plain(highlights[0].text) if highlights else "")
        if len(summary) > self.summary_chars:
            where, what = ("summary", "the summary") if given else ("highlights[1]", "the first highlight, the summary")
            add(where, f"{what} is {len(summary)} characters; link previews show about {self.summary_chars}",
                "shorten it to one or two sentences" if given else "write a summary of one or two sentences")

        return found


def _range(value: Any) -> tuple[int, int]:
    low, high = value
    low, high = int(low), int(high)
    if low > high:
        raise ValueError(f"{value!r} is not a range (low, high)")
    return low, high
