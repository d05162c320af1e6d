"""Properties of the importer over arbitrary input (Hypothesis).

* Nothing crashes it: any bytes, any text, in any format, ends as an imported
  post or a failure with a reason, never an unexpected error.
* What it writes always parses as front matter that follows the contract.
* Importing the same inputs again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.importer.inputs import Input
from briefing.importer.pipeline import Preparer
from briefing.importer.report import FAILED, IMPORTED

from .test_import_safety import live_markup
from .test_import_support import TODAY, config, posts, read_post, rendered, run_import

PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PREPARER = Preparer(config(Path(tempfile.gettempdir()) / "never-written"), today=TODAY)

#: Text with the characters importers trip on: markup, Markdown, mojibake, Thai, controls, odd spaces.
awkward_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(list("<>{}|&\"'[]()*_`#-•–—:\n\t\r\u00a0\ufeff\u0e42\u0e22\u0e09\u00e2\u20ac\u2122\ufffd")),
    ),
    max_size=300,
)
line = awkward_text.map(lambda s: " ".join(s.split()))


def briefing_text(draw_title, points, body, why, source) -> str:
    return "\n".join(
        [draw_title, "Highlights", *(f"- {p}" for p in points), body, "Why Newsworthy?", why, f"Source: {source}"]
    )


briefings = st.builds(
    briefing_text,
    line,
    st.lists(line.filter(str.strip), min_size=1, max_size=10),
    awkward_text,
    awkward_text,
    line,
)
pages = st.builds(
    lambda title, points, body: f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    f"<h2>Highlights</h2><ul>{''.join(f'<li>{p}</li>' for p in points)}</ul><p>{body}</p></article></body></html>",
    line,
    st.lists(line, min_size=1, max_size=4),
    awkward_text,
)


def outcomes(data: bytes):
    return [p.outcome or p for p in PREPARER.prepare(Input("generated", data=data))]


def assert_no_crash(data: bytes) -> None:
    for result in outcomes(data):
        status = getattr(result, "status", IMPORTED)
        detail = getattr(result, "detail", "")
        assert status in (IMPORTED, FAILED)
        assert not detail.startswith("unexpected error"), detail


@PROPERTIES
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data):
    assert_no_crash(data)


@PROPERTIES
@given(awkward_text)
def test_arbitrary_text_never_crashes(text):
    assert_no_crash(text.encode("utf-8", "surrogatepass"))


@PROPERTIES
@given(st.one_of(briefings, pages))
def test_briefing_shaped_input_is_imported_as_a_valid_safe_post_and_a_second_import_changes_nothing(text):
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "input", Path(tmp) / "out"
        source.write_text(text, encoding="utf-8", errors="surrogatepass")

        code, report = run_import([source], out)
        assert "unexpected error" not in report, report
        written = {path: path.read_bytes() for path in posts(out)}
        for path in written:
            meta, body = read_post(path)  # parses, and follows the contract
            assert live_markup(rendered(meta, body)) == []

        again, report_again = run_import([source], out)
        assert again == code
        assert {path: path.read_bytes() for path in posts(out)} == written
        assert sorted(p.name for p in out.rglob("*")) == sorted({*(p.name for p in written), *(p.parent.name for p in written)})
        if written:
            assert "already imported" in report_again


# Generated news pages with known parts: each part lands in its own field.

WORDS = (
    "lynas iluka arafura quota smelter kiln oxide magnet terbium cerium yttrium plant mine output tonnes "
    "buyers prices ministry licence export contract refinery feed pilot circuit permit quarter shipment"
).split()
sentence = st.lists(st.sampled_from(WORDS), min_size=7, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")
headline = st.lists(st.sampled_from(WORDS), min_size=4, max_size=9).map(lambda w: " ".join(w).capitalize())
PAGE_PROPERTIES = settings(
    max_examples=25, deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)


def news_page(title, date, where, paragraphs, labelled, residue_first) -> str:
    iso = date.isoformat()
    head = f"<title>{title} | Quarry Ledger</title><meta property='og:site_name' content='Quarry Ledger'>"
    byline = ""
    if where == "json-ld":
        head += f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}", "datePublished": "{iso}"}}</script>'
    elif where == "meta":
        head += f'<meta property="article:published_time" content="{iso}">'
    elif where == "time":
        byline = f'<p class="byline">By Ann Lee <time datetime="{iso}">{date:%d %B %Y}</time></p>'
    else:
        byline = f'<p class="byline">By Ann Lee | {date:%B} {date.day}, {date.year}</p>'
    points = "".join(f"<li>{p}</li>" for p in labelled)
    highlights = f"<h2>Key points</h2><ul>{points}</ul>" if labelled else ""
    story = "".join(f"<p>{p}</p>" for p in paragraphs)
    nav = '<nav><ul><li><a href="/m">Markets</a></li><li><a href="/p">Policy</a></li></ul></nav>'
    sidebar = '<aside><h3>Most read</h3><time datetime="1999-01-01">1 January 1999</time></aside>'
    comments = "<p>Be the first to comment</p><p>Your email address will not be published.</p>"
    article = f"<article><h1>{title}</h1>{byline}{highlights}{story}{comments if residue_first else ''}</article>"
    return f"<html lang='en'><head>{head}</head><body>{nav}{sidebar if residue_first else ''}{article}{sidebar}</body></html>"


@PAGE_PROPERTIES
@given(
    headline,
    st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.sampled_from(["json-ld", "meta", "time", "byline"]),
    st.lists(st.lists(sentence, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=5),
    st.one_of(st.just([]), st.lists(sentence, min_size=1, max_size=4, unique=True)),
    st.booleans(),
)
def test_a_generated_news_page_lands_each_part_in_its_field(title, date, where, paragraphs, labelled, residue_first):
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "page.html"
        source.write_text(news_page(title, date, where, paragraphs, labelled, residue_first), encoding="utf-8")
        code, report = run_import([source], Path(tmp) / "out")
        assert code == 0, report
        ((meta, body),) = [read_post(p) for p in posts(Path(tmp) / "out")]
    assert meta["title"] == title
    assert meta["date"] == date.isoformat()
    assert meta["source"]["name"] == "Quarry Ledger"
    for paragraph in paragraphs:
        assert paragraph in body
    for residue in ("Markets", "Most read", "Be the first", "email address", "Ann Lee"):
        assert residue not in body
    assert title not in body.splitlines() and f"# {title}" not in body  # the headline is the title only
    if labelled:
        assert meta["highlights"] == labelled and "review" not in meta
    else:
        assert meta["status"] == "draft" and meta["review"][0] == "highlights proposed"
        assert all(h in " ".join(paragraphs) for h in meta["highlights"])
        assert meta["highlights"][0] == paragraphs[0].split(". ")[0].rstrip(".") + "."
