"""An article's parts assembled into a :class:`briefing.schema.Briefing` and its body.

This is where the precedence rules of the front matter live: what the editor
passed on the command line wins, then what the article states (a title line,
a ``Published:`` line, the page's or feed's own metadata), then what can be
derived (a title from the first highlight, today's date), with a warning for
each value that was guessed. A guess, like a highlight proposed from the body
(:mod:`.drafts`), makes the post a draft whose ``review:`` says what to check.
A source's own takeaway heading ("A REEx Takeaway") is its brand, not ours: the
post gets the site's label (``BRIEFING_LABELS``) unless the editor sets ``takeaway_label``. Every post is checked against the contract by
:func:`briefing.schema.validate`, as the YAML the site will read, before it
may be written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import yaml

from ..post import FrontMatterError, split_front_matter
from ..schema import CONTROL_CHARACTERS, MAX_HIGHLIGHTS, Briefing, BriefingInvalid, validate
from ..schema import Highlight as HighlightField
from .blocks import ITEM, PARAGRAPH, Block, render_markdown
from .dates import to_site_time
from .drafts import DATE_GUESSED, HIGHLIGHTS_PROPOSED, TITLE_GUESSED, propose_highlights, review_items
from .errors import ImportFailure
from .formats import Article
from .inline import escape_markdown, fold_spaces, guard_block_start, html_text
from .metadata import TITLE_CAP_CHARS, CategoryRules, match_section, slug_from, summary_from, title_from_highlight
from .sections import Highlight, Sections, find_sections
from .sources import SourceRules
from .tagging import Gazetteer


#: A title longer than this is kept, with a warning: real headlines run to 150 characters and more.
LONG_TITLE_CHARS = 120


@dataclass(frozen=True)
class Overrides:
    """Values the editor gave on the command line, for every input of the run."""

    title: str | None = None
    date: dt.date | dt.datetime | None = None
    category: str | None = None


@dataclass
class Conversion:
    briefing: Briefing
    #: The whole post as it will be written: front matter and body.
    post: str
    slug: str
    warnings: list[str]


class Converter:
    def __init__(
        self,
        sections: Sequence[str],
        timezone: str,
        slug_substitutions: Sequence[tuple[str, str]],
        categories: CategoryRules,
        gazetteer: Gazetteer,
        sources: SourceRules,
    ):
        self.sections = list(sections)
        self.timezone = timezone
        self.slug_substitutions = list(slug_substitutions)
        self.categories = categories
        self.gazetteer = gazetteer
        self.sources = sources

    def convert(self, article: Article, overrides: Overrides, today: dt.date | None = None) -> Conversion:
        # Pasted text: a list that opens it may be its highlights; its first line the title, unless
        # its head (textlead) named the title already and what follows it is story.
        found = find_sections(
            article.blocks,
            article.title_from_first_line and article.title is None,
            unlabelled_highlights=article.title_from_first_line,
        )
        warnings: list[str] = []
        needs: list[str] = []  # what makes this post a draft for an editor to review
        highlights = found.highlights
        if not highlights:
            highlights = propose_highlights(found.body, article.language)
            if not highlights:
                raise ImportFailure("no article: no body text (only page residue, headings or nothing)")
            needs.append(HIGHLIGHTS_PROPOSED)
        if len(highlights) > MAX_HIGHLIGHTS:
            warnings.append(
                f"{len(highlights)} highlights, more than the {MAX_HIGHLIGHTS} a briefing may have; "
                f"the last {len(highlights) - MAX_HIGHLIGHTS} were moved to the top of the body"
            )
            found.body[:0] = [
                block
                for h in highlights[MAX_HIGHLIGHTS:]
                for block in [Block(ITEM, h.markdown, h.plain), *(Block(ITEM, i.markdown, i.plain, 1) for i in h.items)]
            ]
            highlights = highlights[:MAX_HIGHLIGHTS]

        title = self._title(article, found, highlights, overrides, warnings, needs)
        if len(title) > TITLE_CAP_CHARS:
            # The whole headline stays in the post, as its first line, for the editor to shorten.
            found.body.insert(0, Block(PARAGRAPH, guard_block_start(escape_markdown(title)), title))
            warnings.append(f"a title of {len(title)} characters was cut to {TITLE_CAP_CHARS}; the post's first line keeps it whole")
            title = title_from_highlight(title, TITLE_CAP_CHARS)
        date = self._date(article, found, overrides, warnings, needs, today)
        why = render_markdown(found.why_newsworthy).strip()
        takeaway = render_markdown(found.takeaway).strip()
        review = review_items(needs, bool(why), bool(takeaway))
        highlight_texts = [h.plain for h in highlights] + [i.plain for h in highlights for i in h.items]
        rest = "\n".join(b.plain for b in (*found.body, *found.why_newsworthy, *found.takeaway))
        text_for_tags = "\n".join([title, *highlight_texts, rest])
        briefing = Briefing(
            title=html_text(title),
            date=date,
            category=self._category(article, overrides, [(title, 3), *((t, 2) for t in highlight_texts), (rest, 1)]),
            highlights=[HighlightField(h.markdown, tuple(i.markdown for i in h.items)) for h in highlights],
            tags=self.gazetteer.tags(text_for_tags),
            summary=summary_from(highlights[0]),
            why_newsworthy=why or None,
            takeaway=takeaway or None,
            source=self.sources.parse(found.source) or self.sources.of_site(article.site_name, article.url),
            import_id=article.import_id,
            status="draft" if review else None,
            review=review,
        )
        post = briefing.to_markdown(render_markdown(found.body))
        self._check(post)
        return Conversion(briefing, post, slug_from(title, self.slug_substitutions, article.import_id), warnings)

    def _title(
        self,
        article: Article,
        found: Sections,
        highlights: Sequence[Highlight],
        overrides: Overrides,
        warnings: list[str],
        needs: list[str],
    ) -> str:
        if overrides.title:
            return fold_spaces(CONTROL_CHARACTERS.sub("", overrides.title))
        # A page's or feed's own metadata names the article more reliably than a heading in it;
        # a title of punctuation alone ("." or "—") names nothing: it is no title.
        title = fold_spaces(article.title or found.title or "")
        if any(ch.isalnum() for ch in title):
            if LONG_TITLE_CHARS < len(title) <= TITLE_CAP_CHARS:
                warnings.append(f"a long title ({len(title)} characters); kept as it is, shorten it if you like")
            return title
        title = title_from_highlight(highlights[0].plain)
        warnings.append(f"no title found; made one from the first highlight: {title!r} (edit it in the post)")
        needs.append(TITLE_GUESSED)
        return title

    def _date(
        self,
        article: Article,
        found: Sections,
        overrides: Overrides,
        warnings: list[str],
        needs: list[str],
        today: dt.date | None,
    ) -> dt.date | dt.datetime:
        date = overrides.date or article.date or found.date
        if date is None:
            date = today or dt.date.today()
            warnings.append(f"no date found; used today, {date.isoformat()} (pass --date to set it)")
            needs.append(DATE_GUESSED)
        return to_site_time(date, self.timezone)

    def _category(self, article: Article, overrides: Overrides, weighted: list[tuple[str, int]]) -> str:
        """The editor's choice, else the feed's first category that is a section, else keyword rules."""
        for name in (overrides.category, *article.categories):
            section = match_section(name or "", self.sections)
            if section:
                return section
        return self.categories.choose(weighted)

    def _check(self, post: str) -> None:
        """Validate the post exactly as written, read the way the site's build reads it."""
        try:
            parts = split_front_matter(post)
            if parts is None:
                raise FrontMatterError("no front matter the site's reader would find")
            validate(parts[0], self.sections)
        except (BriefingInvalid, FrontMatterError, yaml.YAMLError) as invalid:
            raise ImportFailure(f"the post would break the front-matter contract: {invalid}") from None
