"""Social card images: the 1200×630 PNG a link preview shows for a briefing (``og:image``).

Drawn with Pillow from what the card says (site, section, title, date), with
fonts read from disk (Debian's DejaVu by default) or, where they are missing,
Pillow's own scalable font, so a build never fetches anything. A card is
drawn once per distinct content: its PNG is kept in a cache folder under a
hash of what it shows and how it is drawn, and a rebuild copies it from there.
"""

from __future__ import annotations

import hashlib
import io
import logging
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from .importer.writer import write_file

log = logging.getLogger("briefing")

SIZE = (1200, 630)
#: Bump when the drawing changes: every card is drawn anew.
DRAWING_VERSION = "1"
DEFAULT_FONTS = {
    "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}
#: The site's colours (theme/static/css/site.css): ink on paper, a bar of the accent.
PAPER, INK, MUTED, ACCENT = "#fbfaf6", "#1b1c1e", "#55585e", "#0a5872"
MARGIN = 72
TITLE_SIZES = (68, 60, 52, 46)
#: The title's band: from below the section to above the rule over the footer.
TITLE_TOP, TITLE_BOTTOM = 130, SIZE[1] - 130
LEADING = 1.2


@dataclass(frozen=True)
class Card:
    """What one card shows, as plain text."""

    site: str
    section: str
    title: str
    date: str

    def key(self, fonts: Mapping[str, str]) -> str:
        """A hash of what the card shows and how it is drawn: its file name in the cache."""
        digest = hashlib.sha256(DRAWING_VERSION.encode())
        for part in (self.site, self.section, self.title, self.date, *sorted(fonts.items())):
            digest.update(repr(part).encode() + b"\0")
        return digest.hexdigest()[:24]


@lru_cache(maxsize=32)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        log.warning("social cards: cannot read the font %s; using Pillow's default font", path)
        return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def _fit_title(draw: ImageDraw.ImageDraw, title: str, path: str, width: int):
    """The largest size whose wrapped title fits the card; cut with an ellipsis at the smallest."""
    for size in TITLE_SIZES:
        font = _font(path, size)
        lines = _wrap(draw, title, font, width)
        room = int((TITLE_BOTTOM - TITLE_TOP) // (size * LEADING))
        if len(lines) <= room:
            return font, size, lines
    lines = lines[:room]
    while draw.textlength(lines[-1] + " …", font=font) > width and " " in lines[-1]:
        lines[-1] = lines[-1].rsplit(" ", 1)[0]
    lines[-1] += " …"
    return font, size, lines


def draw(card: Card, fonts: Mapping[str, str] = DEFAULT_FONTS) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", SIZE, PAPER)
    pen = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    pen.rectangle((0, 0, 18, SIZE[1]), fill=ACCENT)
    pen.text((MARGIN, 60), card.section.upper(), font=_font(fonts["bold"], 30), fill=ACCENT)
    font, size, lines = _fit_title(pen, card.title, fonts["bold"], width)
    for number, line in enumerate(lines):
        pen.text((MARGIN, TITLE_TOP + number * int(size * LEADING)), line, font=font, fill=INK)
    pen.line((MARGIN, SIZE[1] - 110, SIZE[0] - MARGIN, SIZE[1] - 110), fill=MUTED, width=2)
    small = _font(fonts["regular"], 30)
    pen.text((MARGIN, SIZE[1] - 88), card.site, font=_font(fonts["bold"], 30), fill=INK)
    pen.text((SIZE[0] - MARGIN, SIZE[1] - 88), card.date, font=small, fill=MUTED, anchor="ra")
    out = io.BytesIO()
    # Not optimize=True: its extra compression passes made drawing three times slower for 5% fewer bytes.
    image.save(out, "PNG")
    return out.getvalue()


def write_card(card: Card, dest: Path, cache: Path, fonts: Mapping[str, str] = DEFAULT_FONTS) -> bool:
    """Put the card at ``dest``, drawing it only when the cache lacks it; True when it was drawn."""
    cached = cache / f"{card.key(fonts)}.png"
    drawn = not cached.exists()
    if drawn:
        cache.mkdir(parents=True, exist_ok=True)
        write_file(cached, draw(card, fonts), replace=True)  # whole or not at all: never half a PNG
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not dest.exists() or dest.stat().st_size != cached.stat().st_size or dest.read_bytes() != cached.read_bytes():
        shutil.copyfile(cached, dest)
    return drawn


def fonts_from(settings: Mapping[str, Any]) -> dict[str, str]:
    return {**DEFAULT_FONTS, **(settings.get("BRIEFING_CARD_FONTS") or {})}
