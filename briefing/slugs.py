"""Every post at an address of its own, whatever its title.

Pelican takes a post's slug from its title, so a title with no letters or
digits (".", "—") gives an empty or bare-dash slug (``/2025/`` over the year's
folder, ``/2025/-/``), and two posts with one title in one year want the same
``/2025/<slug>/`` and crash the build. A news archive has both: a weekly
"Price wrap", a follow-up under the same headline.

The rule, decided once here: a post keeps the slug of its title, so existing
addresses never move; a title without letters or digits gives way to the
slug of its file name without the date prefix (``2025-06-01-price-wrap.md``:
``price-wrap``); and when two posts still want one address, the one dated
first (then the first file name) keeps it and each other takes the slug of
its whole file name (``2025-06-08-price-wrap``), which is unique in its
folder (a number is added in the unlikely case it is not). The same content
always gives the same addresses.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pelican.utils import slugify

#: Where a file name's date prefix ends (`2025-11-10-northern-rare-earth.md`).
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-?")


def has_letters(slug: str | None) -> bool:
    return any(ch.isalnum() for ch in slug or "")


def file_slug(relative_path: str) -> str:
    """A post's file name without its extension and date prefix (the whole name if nothing is left)."""
    stem = os.path.splitext(os.path.basename(relative_path))[0]
    return _DATE_PREFIX.sub("", stem) or stem


def file_date(relative_path: str) -> str | None:
    """The date a post's file name starts with (``2025-11-10``), if it does."""
    match = _DATE_PREFIX.match(os.path.basename(relative_path))
    return match.group(0).rstrip("-") if match else None


def _slugify(text: str, settings: Mapping[str, Any]) -> str:
    return slugify(text, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                   preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                   use_unicode=settings.get("SLUGIFY_USE_UNICODE", False))


def _fallbacks(post: Any, settings: Mapping[str, Any]) -> Iterable[str]:
    """Slugs to try for a post that cannot have its title's: from its file name, then numbered."""
    stem = os.path.splitext(os.path.basename(post.relative_source_path))[0]
    base = next((s for s in (_slugify(stem, settings), "post") if has_letters(s)))
    yield base
    number = 2
    while True:
        yield f"{base}-{number}"
        number += 1


def unique_slugs(posts: Iterable[Any], settings: Mapping[str, Any]) -> list[str]:
    """Give each post a slug with letters or digits and an output file of its own; say what was changed.

    ``posts`` are Pelican contents of one kind (articles, drafts and hidden
    articles of one build); their ``url`` and ``save_as`` follow the slug.
    """
    posts = list(posts)
    notes = []
    for post in posts:
        if not has_letters(post.slug):
            old = post.url
            named = _slugify(file_slug(post.relative_source_path), settings)
            post.slug = named if has_letters(named) else next(iter(_fallbacks(post, settings)))
            notes.append(f"{post.relative_source_path}: the title has no letters or digits to make an address of "
                         f"(it would be {old!r}); published at {post.url!r}, from the file name")
    taken: dict[str, Any] = {}
    for post in sorted(posts, key=lambda p: (p.date, p.relative_source_path)):
        if hasattr(post, "override_save_as") or not post.save_as:
            continue
        if post.save_as in taken:
            wanted, first = post.url, taken[post.save_as]
            for candidate in _fallbacks(post, settings):
                post.slug = candidate
                if post.save_as not in taken:
                    break
            notes.append(f"{post.relative_source_path}: {wanted!r} is already the address of "
                         f"{first.relative_source_path} (the same title); published at {post.url!r}, "
                         "from the file name")
        taken[post.save_as] = post
    return notes


def settle_urls(posts: Iterable[Any]) -> None:
    """Fix each post's ``url`` for the rest of the build, once its address is final.

    Pelican's ``url`` is a property that formats ARTICLE_URL (or DRAFT_URL,
    PAGE_URL) from a copy of the post's metadata each time it is read, and every
    list, hub, feed and sitemap entry reads it again: some 25,000 times at
    N=1,000. Pelican's own ``override_url`` (what ``url:`` in front matter sets)
    holds it instead. Only ``url``: ``override_save_as`` would also change how
    the Writer treats a page written twice. A post of the next build is a new
    object (read again, or loaded from the content cache saved before this
    runs), so an edited post gets its new address.
    """
    for post in posts:
        if not hasattr(post, "override_url"):
            post.override_url = post.url
