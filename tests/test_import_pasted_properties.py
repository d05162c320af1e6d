"""Property tests: pasted articles generated from known parts land in the right fields.

Each generated article has a headline, perhaps a site's name above it, a
byline, a dateline in one of the forms editors paste, a labelled Highlights
list and body paragraphs, laid out one paragraph a line (browser copy) or
with blank lines (e-mail). Whatever the combination, the highlights must be
the post's ``highlights``, the paragraphs its body, the dateline its ``date``.
A failure prints the blob that replays it (the ``ci`` profile in conftest).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.importer.inputs import Input
from briefing.importer.pipeline import Preparer
from briefing.post import split_front_matter

from .test_import_support import TODAY, config

PREPARER = Preparer(config(Path(tempfile.gettempdir()) / "never-written"), today=TODAY)
PROPERTIES = settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])

#: Words of the trade, none of them a month, a weekday, a time zone or a section's label.
_SUBJECTS = ["Lynas", "Iluka", "Arafura", "Neo", "Solvay", "Baotou", "Kuantan", "Narva", "Ganzhou", "Kalgoorlie"]
_WORDS = (
    "plant separation oxide carbonate concentrate kiln leach circuit magnet makers buyers traders "
    "output capacity licence permit quota tonnes shipment refinery pilot offtake line contract "
    "dysprosium terbium neodymium praseodymium samarium yttrium lanthanum cerium cobalt"
).split()
_VERBS = ["expands", "restarts", "delays", "doubles", "finances", "ships", "tests", "trims", "lifts", "sells"]
_PEOPLE = ["Jane Roe", "John Doe", "Mei Lin", "Ana Costa", "Karl Meier"]
_AGENCIES = ["Reuters", "Mining Weekly", "Argus", "Fastmarkets"]


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=12))
    return f"{draw(st.sampled_from(_SUBJECTS))} {draw(st.sampled_from(_VERBS))} {' '.join(words)}."


@st.composite
def headlines(draw) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=9))
    return f"{draw(st.sampled_from(_SUBJECTS))} {draw(st.sampled_from(_VERBS))} {' '.join(words)}"


#: Dateline forms and what each must give: (format, with the time 08:47 or not).
_DATELINES = [
    ("%b %d,%Y", False),  # Jan 19,2020
    ("%B %d, %Y \u2013", False),  # April 22, 2020 –
    ("Published: %d %B %Y", False),
    ("%a %b %d, %Y 8:47am", True),  # Fri Sep 23, 2011 8:47am
    ("by | %d. %b %Y - 08:47 |", True),
    ("Posted on %Y-%m-%d", False),
    ("Last updated: %d %B %Y, 08:47", True),
]


@st.composite
def articles(draw) -> tuple[str, dict]:
    parts = {
        "site": draw(st.none() | st.sampled_from(_AGENCIES[1:])),
        "title": draw(headlines()),
        "byline": draw(st.none() | st.sampled_from(_PEOPLE).map(lambda p: f"By {p}") | st.sampled_from(_PEOPLE).map(lambda p: f"By {p} | Reuters")),
        "date": draw(st.dates(dt.date(2001, 1, 1), dt.date(2030, 12, 31))),
        "dateline": draw(st.sampled_from(_DATELINES)),
        "highlights": draw(st.lists(sentences(), min_size=1, max_size=5, unique=True)),
        "paragraphs": draw(
            st.lists(st.lists(sentences(), min_size=1, max_size=4).map(" ".join), min_size=1, max_size=4, unique=True)
        ),
        "blank_lines": draw(st.booleans()),
    }
    form, _ = parts["dateline"]
    head = [parts["site"], parts["title"], parts["byline"], parts["date"].strftime(form)]
    gap = "\n\n" if parts["blank_lines"] else "\n"
    text = (
        "\n".join(line for line in head if line)
        + gap
        + "Highlights\n"
        + "\n".join(f"- {h}" for h in parts["highlights"])
        + gap
        + gap.join(parts["paragraphs"])
        + "\n"
    )
    return text, parts


def _import(text: str) -> tuple[dict, str]:
    (prepared,) = PREPARER.prepare(Input("generated", data=text.encode("utf-8")))
    assert prepared.outcome is None, prepared.outcome.detail
    meta, body = split_front_matter(prepared.conversion.post)
    return meta, body


@PROPERTIES
@given(articles())
def test_generated_pasted_articles_land_in_the_right_fields(article):
    text, parts = article
    meta, body = _import(text)

    assert meta["title"] == parts["title"]
    _, with_time = parts["dateline"]
    expected = dt.datetime.combine(parts["date"], dt.time(8, 47)).isoformat() if with_time else parts["date"].isoformat()
    assert meta["date"] == expected
    assert "date guessed" not in meta.get("review", []) and "highlights proposed" not in meta.get("review", [])
    assert meta["highlights"] == parts["highlights"]

    paragraphs = [p for p in body.strip().split("\n\n") if p]
    assert paragraphs == parts["paragraphs"]
    if parts["site"]:
        assert meta["source"]["name"] == parts["site"]


@PROPERTIES
@given(articles())
def test_the_head_of_a_generated_article_never_reaches_the_body(article):
    text, parts = article
    _, body = _import(text)
    form, _ = parts["dateline"]
    # Whole lines: a generated paragraph may well begin with the words of the headline.
    lines = {line.strip() for line in body.splitlines()}
    for line in (parts["site"], parts["title"], parts["byline"], parts["date"].strftime(form)):
        if line:
            assert line not in lines
