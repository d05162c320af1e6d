"""A synthetic archive of briefings, the same every time for the same seed.

Benchmarks need an archive far larger than the sample content and shaped like a
real one: bodies of about 700 words with the punctuation typogrify works on
(quotes, apostrophes, dashes, capitals), every box, sources of every kind, a few
common tags and many rare ones, sections of unequal size, several briefings a
day over years. Each post is a :class:`briefing.schema.Briefing` written by the
schema's own writer, so the corpus follows the front-matter contract by
construction and is checked against it again after writing.

The same bodies are also written for stock Pelican (its own ``Title:``/``Date:``
metadata, no boxes), so the baseline build reads the same Markdown.

    python -m bench.generate 1000 bench/work/corpus            # project format
    python -m bench.generate 1000 bench/work/stock --stock     # stock Pelican format
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import runpy
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.schema import SOURCE_KINDS, Briefing, Highlight, Source, validate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20251120
#: The newest briefing's date; older ones go back from it.
LATEST = dt.datetime(2025, 11, 20, 9, 0)
#: Hours between two briefings: three or so a day, as an archive that grows "by several a day".
GAP_HOURS = (3, 13)
BODY_WORDS = (600, 720)


def site_sections() -> list[str]:
    """The sections the site's settings allow, read from the one place that defines them."""
    return list(runpy.run_path(str(ROOT / "pelicanconf.py"))["BRIEFING_SECTIONS"])


#: Relative size of each section in a real archive (a section not named here gets 5).
SECTION_WEIGHTS = {
    "Markets": 22,
    "Policy": 18,
    "Companies": 15,
    "Processing": 13,
    "Mining": 12,
    "Magnets": 9,
    "Recycling": 6,
    "Research": 5,
}

ELEMENTS = [
    "NdPr", "Neodymium", "Dysprosium", "Terbium", "Praseodymium", "Cerium", "Lanthanum",
    "Samarium", "Yttrium", "Gadolinium", "Europium", "Holmium", "Scandium", "Erbium", "Lutetium",
]
COUNTRIES = [
    "China", "USA", "Australia", "Japan", "Myanmar", "Brazil", "Canada", "Germany", "Malaysia",
    "Vietnam", "Estonia", "Greenland", "India", "South Africa", "France",
]
COMPANIES = [
    "Lynas", "MP Materials", "Northern Rare Earth", "China Rare Earth Group", "Iluka",
    "Arafura", "Neo Performance Materials", "Solvay", "Energy Fuels", "USA Rare Earth",
    "Shin-Etsu", "Vacuumschmelze", "Ucore", "Mkango", "Rainbow Rare Earths",
]
THEMES = [
    "Export controls", "Prices", "Separation", "Magnet recycling", "Permanent magnets",
    "Offtake", "Stockpiles", "Tariffs", "Ionic clays", "Wind turbines", "EVs", "Defence",
    "Funding", "Mine permits", "Supply chain",
]
#: Sixty tags; earlier names in each list are the common ones (weights fall off like a real archive's).
TAGS = ELEMENTS + COUNTRIES + COMPANIES + THEMES

PLACES = {
    "Lynas": "Mount Weld", "MP Materials": "Mountain Pass", "Northern Rare Earth": "Baotou",
    "China Rare Earth Group": "Ganzhou", "Iluka": "Eneabba", "Arafura": "Nolans",
    "Neo Performance Materials": "Sillamäe", "Solvay": "La Rochelle", "Energy Fuels": "White Mesa",
    "USA Rare Earth": "Stillwater", "Shin-Etsu": "Takefu", "Vacuumschmelze": "Hanau",
    "Ucore": "Louisiana", "Mkango": "Songwe Hill", "Rainbow Rare Earths": "Phalaborwa",
}
PEOPLE = [
    ("Anna Keller", "chief executive"), ("Wei Zhang", "head of marketing"),
    ("Sarah O'Neill", "an analyst at Benchmark"), ("David Mensah", "the project director"),
    ("Li Na", "a researcher at the Baotou institute"), ("Tom Becker", "chief financial officer"),
    ("Priya Raman", "an adviser to the ministry"), ("Carlos Souza", "the mine manager"),
]
SUBHEADINGS = [
    "What the numbers say", "Market reaction", "Background", "What comes next",
    "The company's view", "Why the timing matters", "Risks", "How it compares",
]
SOURCE_NAMES = {
    "state-media": ["Xinhua", "Global Times", "Baogang Daily", "China Daily"],
    "company": ["the company's release", "the quarterly report", "an investor presentation"],
    "government": ["US Department of Energy", "European Commission", "Ministry of Commerce"],
    "wire": ["Reuters", "Bloomberg", "AP"],
    "trade-press": ["Mining Weekly", "Argus Metals", "Fastmarkets", "Rare Earth Exchanges"],
    "research": ["USGS Mineral Commodity Summaries", "Nature Communications", "IEA outlook"],
    "other": ["a conference presentation", "a local newspaper", "an industry newsletter"],
}
SOURCE_WEIGHTS = {"state-media": 14, "company": 22, "government": 12, "wire": 18,
                  "trade-press": 20, "research": 8, "other": 6}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:70].rstrip("-")


def _words(text: str) -> int:
    return len(text.split())


class _Writer:
    """Sentences, titles and parts of one briefing, drawn from one seeded random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._deck: list[str] = []

    def _weighted(self, names: Sequence[str], skew: float = 0.9) -> str:
        return self.rng.choices(names, weights=[1 / (i + 1) ** skew for i in range(len(names))])[0]

    def subject(self) -> dict[str, str]:
        r = self.rng
        company = self._weighted(COMPANIES)
        person, role = r.choice(PEOPLE)
        return {
            "company": company,
            "place": PLACES[company],
            "element": self._weighted(ELEMENTS),
            "country": self._weighted(COUNTRIES),
            "theme": self._weighted(THEMES, 0.6),
            "person": person,
            "role": role,
            "pct": str(r.randint(3, 48)),
            "tonnes": f"{r.randint(2, 60) * 500:,}",
            "price": str(r.randint(55, 140)),
            "usd": str(r.randint(12, 900)),
            "year": str(r.randint(2025, 2031)),
            "quarter": r.choice(["first", "second", "third", "fourth"]),
        }

    TITLES = [
        "{company} lifts {element} output {pct}% at {place}",
        "{country} tightens licences for {element} exports",
        "{company} signs {element} offtake with a European magnet maker",
        "{element} prices slip for a third week as buyers wait",
        '{company} calls its {place} expansion "on schedule"',
        "{country} sets aside US${usd} million for a {element} stockpile",
        "{company}'s {quarter}-quarter sales beat guidance",
        "Recyclers in {country} recover {element} from old wind turbines",
        "{company} delays first {element} oxide at {place} to {year}",
        "A new separation route cuts {element} losses by {pct}%",
        "{country} and {company} agree on a {element} supply deal",
        "{company} wins a permit for {place} after a two-year review",
    ]

    SENTENCES = [
        "{company} said output of {element} at {place} rose {pct}% in the {quarter} quarter -- its best result since the plant opened.",
        'The company described the quarter as "a turning point" for its {element} business.',
        "Prices for {element} oxide have moved between US${price} and US${usd} a kilogram this year, according to traders in {country}.",
        "{person}, {role}, said the group's priority was \"steady, predictable supply\" rather than volume.",
        "The plant's capacity is about {tonnes} tonnes a year of mixed rare-earth oxide.",
        "Analysts had expected a smaller rise; several said the figures would be \"hard to repeat\" in {year}.",
        "Buyers in Japan and Europe -- the two largest markets outside China -- are looking for a second source.",
        "The decision follows months of talks between {company} and officials in {country}.",
        "It isn't the first time the schedule has slipped: the company's previous target was {year}.",
        "A spokesperson declined to comment on the terms of the contract.",
        "The EU's Critical Raw Materials Act sets a target of processing 40% of demand inside the bloc by 2030.",
        "{element} is used in the NdFeB magnets that drive EV motors and wind turbines.",
        "Heavy rare earths such as dysprosium and terbium keep those magnets working at high temperatures.",
        "The company's shares rose {pct}% in early trading before giving back part of the gain.",
        "According to the USGS, China still accounts for roughly 70% of mined output and more than 85% of refining.",
        "{company} has spent about US${usd} million on the project so far; the rest is to come from debt.",
        "Engineers at {place} plan to commission the solvent-extraction circuit in stages -- one line at a time.",
        "The ministry's statement didn't name the companies involved, but people familiar with the matter did.",
        "Environmental groups in {country} have questioned the plan's water use.",
        "Long-term contracts now account for most of the company's sales, a change from two years ago.",
        "The deal covers {tonnes} tonnes over five years, with an option to extend.",
        "Trade data show exports of {element} products fell {pct}% from a year earlier.",
        "Some of the figures couldn't be checked independently; the company hasn't published a full report.",
        "Officials said the rules were \"not aimed at any country\" -- a line repeated in every statement since 2023.",
        "The {theme} debate has moved from trade journals to cabinet meetings in {country}.",
        "Demand for magnet metals is expected to grow by around {pct}% a year until the end of the decade.",
        "The pilot line in {country} recovered more than 95% of the {element} in the scrap it processed.",
        "\"We're not chasing the spot price,\" {person} said. \"We're building something that lasts.\"",
        "The first shipment of {element} concentrate left {place} in the {quarter} quarter, two months late.",
        "Customs figures from {country} are published with a lag of six weeks, so the full picture isn't yet clear.",
        "The state-owned group controls most of the separation capacity in the south of the country.",
        "Magnet makers in Germany say they're paying a premium of {pct}% for material from outside China.",
        "The project's feasibility study puts the cost of the first phase at US${usd} million.",
        "Output of mixed carbonate reached {tonnes} tonnes, the company said -- slightly below its forecast.",
        "The new rules require exporters to report end users, a step traders call \"a licence by another name\".",
        "{company}'s chairman told shareholders the board would \"look at every option\" for the {place} site.",
        "The price of {element} metal in Europe is now roughly double the price inside China.",
        "A second processing line, costing about US${usd} million, is due to start in {year}.",
        "Researchers used a membrane process that needs less acid and produces less radioactive waste.",
        "The agreement includes a price floor -- a feature first used in the US government's deal with MP Materials.",
        "Local officials approved the tailings plan after public hearings in {country}.",
        "The company's guidance for {year} assumes NdPr oxide at US${price} a kilogram.",
        "Industry groups in {country} welcomed the decision but said funding was \"far from enough\".",
        "Stocks held by Japanese trading houses are thought to cover about two months of demand.",
    ]

    def sentence(self, s: dict[str, str]) -> str:
        """The next sentence from a shuffled deck, so a briefing rarely repeats itself."""
        if not self._deck:
            self._deck = self.rng.sample(self.SENTENCES, len(self.SENTENCES))
        return self._deck.pop().format(**s)

    def link(self, s: dict[str, str]) -> str:
        r = self.rng
        text = r.choice(["the company's statement", "a filing", "the full report", "earlier coverage",
                         "the ministry's notice", "its presentation"])
        return f"[{text}](https://{_slug(s['company'])}.example/news/{r.randint(1000, 99999)})"

    def paragraph(self, s: dict[str, str], with_link: bool) -> str:
        sentences = [self.sentence(s) for _ in range(self.rng.randint(4, 6))]
        if with_link:
            i = self.rng.randrange(len(sentences))
            sentences[i] = sentences[i].rstrip(".") + f", as set out in {self.link(s)}."
        return " ".join(sentences)

    def quote(self, s: dict[str, str]) -> str:
        return (f'> "The market has changed -- buyers want to know where every kilogram of '
                f'{s["element"].lower()} comes from," said {s["person"]}, {s["role"]}.')

    def body(self, s: dict[str, str]) -> str:
        r = self.rng
        target = r.randint(*BODY_WORDS)
        blocks: list[str] = []
        while sum(map(_words, blocks)) < target:
            blocks.append(self.paragraph(s, with_link=r.random() < 0.4))
            if len(blocks) == 2:
                blocks.append(self.quote(s))
            if len(blocks) == 4:
                blocks.append("## " + r.choice(SUBHEADINGS))
            if len(blocks) == 6 and r.random() < 0.3:
                blocks.append("\n".join(f"- {self.sentence(s)}" for _ in range(3)))
        return "\n\n".join(blocks)

    def highlights(self, s: dict[str, str]) -> list[Highlight]:
        r = self.rng
        items = []
        for _ in range(r.randint(2, 6)):
            text = self.sentence(s)
            if r.random() < 0.2:
                text = text.replace(s["company"], f"*{s['company']}*", 1)
            items.append(Highlight(text))
        if r.random() < 0.4:
            subs = tuple(self.sentence(s).rstrip(".") for _ in range(r.randint(2, 4)))
            items[r.randrange(len(items))] = Highlight(f"{s['company']} plans to:", subs)
        return items

    def source(self, s: dict[str, str], kind: str) -> Source:
        r = self.rng
        name = r.choice(SOURCE_NAMES[kind])
        if kind == "company":
            name = f"{s['company']}, {name}"
        note = None
        if r.random() < (0.6 if kind in ("state-media", "company") else 0.15):
            note = "Figures are the source's own and haven't been independently verified."
        return Source(
            name=name,
            url=f"https://{_slug(name)}.example/{r.randint(10000, 999999)}" if r.random() < 0.85 else None,
            kind=kind,
            description=r.choice(["the original report", "via a translation", "a press statement"])
            if r.random() < 0.7 else None,
            note=note,
        )


@dataclass(frozen=True)
class Post:
    """One generated briefing: where it goes under ``briefings/``, its front matter and body."""

    relpath: str
    briefing: Briefing
    body: str

    @property
    def published(self) -> bool:
        return self.briefing.status in (None, "published")

    def project_text(self) -> str:
        return self.briefing.to_markdown(self.body)

    def stock_text(self) -> str:
        """The same body with Pelican's own metadata, for stock Pelican's default reader."""
        b = self.briefing
        lines = [f"Title: {b.title}", f"Date: {b.date:%Y-%m-%d %H:%M}", f"Category: {b.category}"]
        if b.modified:
            lines.append(f"Modified: {b.modified:%Y-%m-%d %H:%M}")
        if b.tags:
            lines.append("Tags: " + ", ".join(b.tags))
        if b.summary:
            lines.append(f"Summary: {b.summary}")
        if b.status:
            lines.append(f"Status: {b.status}")
        return "\n".join(lines) + "\n\n" + self.body.strip() + "\n"


def generate(n: int, seed: int = DEFAULT_SEED, sections: Sequence[str] | None = None) -> list[Post]:
    """``n`` briefings, newest first; the same ``n`` and ``seed`` always give the same posts.

    The first posts take each section and each source kind in turn, so even a
    small corpus has all of them.
    """
    rng = random.Random(seed)
    writer = _Writer(rng)
    sections = list(sections or site_sections())
    section_weights = [SECTION_WEIGHTS.get(name, 5) for name in sections]
    kinds = list(SOURCE_KINDS)
    kind_weights = [SOURCE_WEIGHTS.get(k, 5) for k in kinds]
    posts: list[Post] = []
    titles: set[str] = set()
    paths: set[str] = set()
    when = LATEST
    for i in range(n):
        s = writer.subject()
        title = rng.choice(_Writer.TITLES).format(**s)
        if title in titles:
            title = f"{title}, {when:%B} {when.year} update"
        while title in titles:
            title += " (again)"
        titles.add(title)
        tags = list(dict.fromkeys([s["company"], s["element"], s["country"], s["theme"]]))
        tags += [writer._weighted(TAGS, 1.0) for _ in range(rng.randint(0, 3))]
        tags = list(dict.fromkeys(tags))
        category = sections[i] if i < len(sections) else rng.choices(sections, section_weights)[0]
        kind = kinds[i] if i < len(kinds) else rng.choices(kinds, kind_weights)[0]
        roll = rng.random()
        briefing = Briefing(
            title=title,
            date=when,
            modified=when + dt.timedelta(days=rng.randint(1, 20)) if rng.random() < 0.1 else None,
            category=category,
            tags=tags,
            summary=writer.sentence(s) if rng.random() < 0.5 else None,
            highlights=writer.highlights(s),
            why_newsworthy="\n\n".join(writer.paragraph(s, False) for _ in range(rng.randint(1, 2)))
            if i < 2 or rng.random() < 0.9 else None,
            takeaway=writer.paragraph(s, False) if i < 2 or rng.random() < 0.85 else None,
            takeaway_label="Our takeaway" if rng.random() < 0.1 else None,
            source=writer.source(s, kind) if i < len(kinds) or rng.random() < 0.95 else None,
            import_id=f"bench-{seed}-{i:05d}" if rng.random() < 0.6 else None,
            status="draft" if i >= len(sections) and roll < 0.01 else None,
        )
        relpath = f"{when:%Y}/{when:%Y-%m-%d}-{_slug(title)}.md"
        while relpath in paths:
            relpath = relpath[:-3] + "-2.md"
        paths.add(relpath)
        posts.append(Post(relpath, briefing, writer.body(s)))
        when -= dt.timedelta(minutes=rng.randint(GAP_HOURS[0] * 60, GAP_HOURS[1] * 60))
    return posts


def write(posts: Sequence[Post], folder: Path, stock: bool = False) -> Path:
    """Write the posts under ``folder`` (a content folder's ``briefings/``, or stock's articles folder)."""
    for post in posts:
        path = folder / post.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post.stock_text() if stock else post.project_text(), encoding="utf-8")
    return folder


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check(folder: Path, sections: Sequence[str] | None = None) -> int:
    """Read every written post back and validate it against the contract; return how many passed.

    Raises ValueError naming the first file that does not validate.
    """
    sections = list(sections or site_sections())
    count = 0
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, _body = text.split("---\n", 2)
        try:
            validate(yaml.load(front, Loader=_LOADER), sections)
        except ValueError as error:
            raise ValueError(f"{path}: {error}") from error
        count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many briefings")
    parser.add_argument("folder", type=Path, help="where to write them (created)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--stock", action="store_true", help="stock Pelican metadata instead of YAML")
    args = parser.parse_args(argv)
    posts = generate(args.n, args.seed)
    write(posts, args.folder, stock=args.stock)
    if not args.stock:
        check(args.folder)
    print(f"{len(posts)} briefings in {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
