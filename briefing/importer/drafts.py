"""Drafts: what an import could not find is proposed or guessed, and listed for the editor.

Most articles an editor receives are ordinary news, not briefings: they have
no Highlights, no Why newsworthy? and no Takeaway, and some state no title or
date. Refusing them would leave the editor to copy them by hand; inventing the
missing parts would put words on the site nobody wrote. So such an article is
imported as a draft (``status: draft``): its highlights are *proposed*, whole
sentences of its own main text, the lede first, and its front matter lists in
``review:`` what the editor must still do. The contract lets only drafts carry
review items, so nothing guessed goes live until an editor has looked at it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from .blocks import ITEM, PARAGRAPH, Block, mostly_links
from .dates import language_code
from .inline import escape_markdown, fold_spaces, guard_block_start
from .sections import Highlight

HIGHLIGHTS_PROPOSED = "highlights proposed"
WHY_MISSING = "why_newsworthy missing"
TAKEAWAY_MISSING = "takeaway missing"
DATE_GUESSED = "date guessed"
TITLE_GUESSED = "title guessed"
#: Review items in the order an editor works through a draft: the boxes first, then the facts.
_ORDER = (HIGHLIGHTS_PROPOSED, WHY_MISSING, TAKEAWAY_MISSING, DATE_GUESSED, TITLE_GUESSED)

#: How many sentences are proposed as highlights: enough to show the story, few enough to check.
PROPOSED_HIGHLIGHTS = 3
#: A proposed highlight reads as one statement: not a fragment, not a whole paragraph.
MIN_WORDS, MAX_WORDS = 6, 60
_SENTENCE_ENDS = (".", "!", "?", "\u2026")
_CLOSERS = "\"'\u201d\u2019\u00bb)"
#: Languages the sentence splitter knows the abbreviations of ("Nr.", "ecc.", "Mr.").
_LANGUAGES = frozenset("ca cs da de el en es fi fr hu is it lt lv nl no pl pt ro ru sk sl sv tr".split())


def review_items(needs: Iterable[str], has_why: bool, has_takeaway: bool) -> list[str]:
    """Everything an editor must do to a post that needs review; nothing when it needs none.

    ``needs`` are what made the post a draft (highlights proposed, a guessed date
    or title, or any other item); a draft also lacks what only an editor can
    write, so a missing Why newsworthy? or Takeaway joins the list then, and only then:
    a finished briefing may leave either out.
    """
    needs = list(dict.fromkeys(needs))
    if not needs:
        return []
    if not has_why:
        needs.append(WHY_MISSING)
    if not has_takeaway:
        needs.append(TAKEAWAY_MISSING)
    rank = {item: n for n, item in enumerate(_ORDER)}
    return sorted(dict.fromkeys(needs), key=lambda item: rank.get(item, len(_ORDER)))


def propose_highlights(body: Sequence[Block], language: str | None = None) -> list[Highlight]:
    """Whole sentences of the body to stand as highlights until the editor writes them.

    The lede's first sentence comes first (it is the story in one line), then
    the first sentence of each following paragraph. Sentences are taken word
    for word from the text, so a proposal can be wrong but never invented. Only
    paragraphs of text are read, or failing them list items that are whole
    statements: headings and rows of links, which are all a section front has
    left once its page is removed, are no article and propose nothing.
    """
    chosen: list[str] = []
    fallback: str | None = None
    for block in body:
        if block.kind != PARAGRAPH or mostly_links(block):
            continue
        for sentence in split_sentences(block.plain, language):
            fallback = fallback or sentence
            if _reads_as_statement(sentence):
                chosen.append(sentence)
                break
        if len(chosen) == PROPOSED_HIGHLIGHTS:
            break
    if not chosen and fallback:
        chosen = [fallback]  # short pieces only: the first is still the article's own words
    if not chosen:
        # No paragraph at all (a feed item that is one list): its items that are whole statements.
        items = [b.plain for b in body if b.kind == ITEM and not mostly_links(b) and _reads_as_statement(b.plain, 3)]
        chosen = items[:PROPOSED_HIGHLIGHTS]
    return [Highlight(guard_block_start(escape_markdown(s)), s) for s in chosen]


def split_sentences(text: str, language: str | None = None) -> list[str]:
    """The sentences of a paragraph, with the abbreviations of its language ("U.S.", "Nr.") kept whole."""
    text = fold_spaces(text)
    if not text:
        return []
    return [s for s in (fold_spaces(s) for s in _splitter(_language(language)).split(text)) if s]


def _reads_as_statement(sentence: str, min_words: int = MIN_WORDS) -> bool:
    words = len(sentence.split())
    return (
        min_words <= words <= MAX_WORDS
        and sentence.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)
        and (sentence[0].isupper() or sentence[0].isdigit() or sentence[0] in "\"'\u201c\u2018\u00ab")
    )


def _language(tag: str | None) -> str:
    code = language_code(tag)
    return code if code in _LANGUAGES else "en"


@functools.cache
def _splitter(language: str):
    # Imported when first needed: most imports that run in bulk (briefings, feeds of them) never are.
    from sentence_splitter import SentenceSplitter

    return SentenceSplitter(language=language)
