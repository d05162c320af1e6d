"""Saved pages and feeds shaped like the ones real news sites give, unlike the importer's own fixtures.

``tests/fixtures/realworld`` holds pages written for these tests in the ways
real sites differ: a WordPress post with comments and share bars, JSON-LD as a
list or an ``@graph`` with offsets in its dates, a date only in
``article:published_time``, the site's name in the only ``<h1>``, a headline
over 150 characters, "Stand: … Uhr", "Pubblicato il …" with a "Leggi anche:"
block, a live blog, an AMP page, a cookie banner and a sign-up box in the story,
a "Key points" box, a chart caption and a table, a paywall, a page saved by a
browser with its ``<base href>``, a page in windows-1252 declared only in a
meta tag; and feeds in RSS 2.0, Atom, RSS 1.0 and ISO-8859-1.

Each page must import with its own title and date, keep its story, lose the
page around it, and propose as highlights only sentences of its own text.
A mangled copy of any of them (cut short, bytes flipped) may fail, but with a
reason, never a crash.
"""

from __future__ import annotations

import random
import re

import lxml.html
import pytest

from briefing.importer.formats import read_articles
from briefing.importer.inputs import decode

from .test_import_support import ROOT, posts, read_post, run_import

CORPUS = ROOT / "tests" / "fixtures" / "realworld"

#: Per page: the acceptable titles, the date (the site's zone, London), sentences the body keeps,
#: residue nowhere in the post, and the labelled highlights (None: proposed, in a draft).
PAGES = {
    "en-wordpress-prairie-minerals.html": dict(
        title=["Saskatchewan processing plant ships first mixed carbonate to Norway"],
        date="2025-02-17T14:30:12",
        kept=[
            "has loaded its first commercial shipment of mixed rare earth carbonate, bound for a separation plant",
            "Operators spent most of last year commissioning the solvent extraction circuit and the continuous crystalliser.",
            "enough to supply several European magnet projects at pilot scale.",
        ],
        residue=["Share this", "thoughts on", "Gord P.", "rounding error", "Leave a Reply", "email address will not",
                 "Required fields", "Potash shippers warn", "Proudly powered", "Posted in", "Tagged", "Lithium brine test",
                 "Skip to content", "Recent Posts"],
    ),
    "en-tokyo-metals-wire-graph.html": dict(
        title=["Japanese magnet makers draw down terbium stocks and ask Tokyo to release state reserves as Chinese "
               "export licences for heavy rare earths stall for months"],
        date="2025-04-09T03:40:00",  # 11:40 in Tokyo
        kept=[
            "Japanese makers of sintered magnets have used up roughly half of the terbium they held",
            "so that they keep their strength at the high temperatures inside electric vehicle motors.",
            "has since cut its reliance on Chinese supply to about 60 per cent.",
        ],
        residue=["cookies", "Accept all", "Manage preferences", "Advertisement", "Scroll to continue", "Nickel slips",
                 "More from Markets", "delayed a minimum", "All rights reserved", "Trust Principles"],
    ),
    "en-meta-only-date-ore-digest.html": dict(
        title=["Cornish tin miner studies rare earth by-product"],
        date="2025-05-27T16:05:00",
        kept=[
            "A tin developer in Cornwall has started a study into whether rare earths can be recovered",
            "which also contains arsenic.",
            "A rare earth stream would be the first in England since a short-lived trial in the 1950s.",
        ],
        residue=["Log in", "Lithium brine tests", "Welsh slate", "Digest Media Ltd", "Prices are indicative", "Latest"],
    ),
    "en-banner-h1-ore-courier.html": dict(
        title=["Brazilian clay project wins environmental licence"],
        date="2025-06-12",
        kept=[
            "has received the installation licence it needs to begin building a processing plant",
            "when leach solutions escaped into rivers.",
            "a gap the federal government has promised to close with cheaper finance for processing.",
        ],
        residue=["Independent news on metals", "Written by", "Iron ore falls", "Popular this week",
                 "Advertise with us"],
    ),
    "de-stand-uhr-nachrichten.html": dict(
        headings=["Industrie begrüßt die Pläne"],
        title=["Bundesregierung plant Rohstoffreserve", "Gallium und Germanium: Bundesregierung plant Rohstoffreserve"],
        date="2025-06-20T08:47:00",
        kept=[
            "Damit sollen Engpässe bei Lieferungen aus China abgefedert werden.",
            "Das Wirtschaftsministerium bestätigte entsprechende Pläne, nannte aber noch keine Summen.",
            "könnten aber längere Ausfälle nicht allein überbrücken.",
            "Auch die Europäische Union prüft im Rahmen ihres Rohstoffgesetzes gemeinsame Einkäufe.",
        ],
        residue=["Stand:", "China verschärft Regeln", "Artikel teilen", "Mehr zum Thema", "Lithium aus dem",
                 "Impressum", "Datenschutz", "Wetter"],
    ),
    "it-pubblicato-leggi-anche.html": dict(
        headings=["Il progetto a Portovesme riceve 48 milioni dal fondo europeo per l'innovazione"],
        title=["Magneti, Bruxelles finanzia una linea di separazione in Sardegna"],
        date="2025-03-03",
        kept=[
            "La Commissione europea ha assegnato 48 milioni di euro a un progetto per separare le terre rare",
            "L'impianto tratterà concentrati importati dall'Africa orientale",
            "Saranno impiegati circa 150 addetti",
            "La Regione ha annunciato un tavolo tecnico con l'azienda e i comuni della zona entro la fine del mese.",
        ],
        residue=["Leggi anche", "Litio nel Lazio", "Rame, prezzi", "Pubblicato il", "di Francesca Ledda",
                 "Condividi", "I più letti", "Benzina", "P.IVA"],
    ),
    "en-liveblog-quota-day.html": dict(
        headings=["Analysts: heavy quota is the number to watch", "Quota published"],
        title=["Rare earth quota day: live updates as Beijing publishes 2025 mining limits"],
        date="2025-03-14T07:58:31",
        kept=[
            "Shares in Australian producers rose in late trading in Sydney after the figures came out",
            "because those elements are the ones in short supply.",
            "setting mining output at the same level as the first batch a year ago.",
            "which sets how much of the metals China's state-owned miners may dig up this year.",
        ],
        residue=["Older posts", "Metals Live Ltd", "Key events"],
    ),
    "en-amp-mining-herald.html": dict(
        title=["Vietnam auctions rare earth blocks to foreign bidders"],
        date="2025-01-22T08:15:00",  # 03:15 in New York
        kept=[
            "Vietnam has opened bidding for exploration rights on three rare earth blocks in its northern highlands",
            "and bids close at the end of April.",
            "but mined only a few hundred tonnes last year.",
            "which slowed earlier plans to expand production.",
        ],
        residue=["Advertisement", "View full site", "Africa", "gtag"],
    ),
    "en-cookie-newsletter-metals-morning.html": dict(
        title=["US awards grant for Texas magnet recycling line"],
        date="2025-07-02T14:00:00",
        kept=[
            "The US Department of Energy has awarded $28 million to a company",
            "so that they can be made into new magnets.",
            "could meet up to a fifth of demand by the middle of the next decade.",
            "to reduce their exposure to Chinese supply.",
        ],
        residue=["cookies", "Got it", "Get the Metals Morning briefing", "Sign up for our free daily newsletter",
                 "Enter your email", "By signing up", "Filed under", "Staff Writer", "Privacy Policy"],
    ),
    "en-key-points-broadcaster.html": dict(
        headings=["What's next?"],
        title=["Darwin port to handle first rare earth concentrate exports"],
        date="2025-08-19T06:21:10",
        highlights=[
            "The first shipment of rare earth concentrate from a mine in Central Australia will leave through Darwin next month.",
            "Trucks will carry the concentrate more than 1,000 kilometres along the Stuart Highway.",
        ],
        kept=[
            "A rare earth mine north of Alice Springs will send its first concentrate to customers overseas",
            "with buyers in South Korea and Europe.",
            "and would travel in sealed bulk containers.",
        ],
        residue=["Gas pipeline approved", "Related stories", "Cattle prices", "Torres Strait", "material from agencies",
                 "By Kylie Bramwell"],
    ),
    "en-caption-table-trade-bulletin.html": dict(
        title=["China's magnet exports fall 14% in May as licences bite"],
        date="2025-06-20T03:00:00",
        kept=[
            "China exported 2,630 tonnes of rare earth permanent magnets in May",
            "while exports to Germany and South Korea held up better.",
            "traders say approvals have been slow and uneven.",
            "June figures are due on July 20.",
            "Germany",
        ],
        residue=["Data alerts", "data alerts", "Subscribe now", "Tweet"],
    ),
    "en-paywall-teaser-policy-times.html": dict(
        title=["Pentagon signs price floor deal for neodymium oxide"],
        date="2025-07-10T22:14:52",
        kept=[
            "has agreed to pay the only American miner of rare earths a guaranteed minimum price",
            "roughly twice the price in China this spring.",
            "for the first decade of its life.",
        ],
        residue=["Continue reading the main story", "Subscribe to The Policy Times", "free articles",
                 "Already a subscriber", "Cancel or pause", "Subscribe for $1", "By Grace Okafor"],
    ),
    "en-saved-page-as-resource-monitor.html": dict(
        title=["Malawi rare earth project signs offtake with German buyer"],
        date="2025-09-04",
        url="https://resourcemonitor.example/africa/2025/09/malawi-kangankunde-offtake-signed",
        kept=[
            "has signed a binding agreement to sell most of its first five years of concentrate",
            "which the developer says is unusually low in uranium and thorium.",
            "after years in which exploration permits were tied up in disputes.",
            "https://resourcemonitor.example/africa/2025/09/malawi-background",  # resolved against <base href>
        ],
        residue=["saved_resource", "Share on", "Terms of use", "Africa desk", "grammarly"],
    ),
    "en-windows-1252-baltic-review.html": dict(
        title=["Estonia’s Sillamäe plant raises output of separated oxides"],
        date="2025-10-07",
        kept=[
            "The rare earth separation plant at Sillamäe on Estonia’s north coast raised its output",
            "which it calls “the heart of a European magnet chain”.",
            "will take part of the plant’s output.",
        ],
        residue=["Oil shale levy", "Most read", "Reproduction only", "Archive", "Rare earths Metals"],
    ),
    "en-broadcaster-text-blocks.html": dict(
        title=["Greenland mine licence revoked"],
        date="2025-06-03T15:22:51",
        headings=["Uranium ban"],
        kept=[
            "Greenland's government has revoked the exploitation licence of a rare earth project",
            "Its owner said it would appeal.",
            "Parliament banned uranium mining in 2021.",
            '"We will not change our position," the minister said.',
        ],
        residue=["Ingrid Olsen", "Nordic correspondent", "Related Topics", "More on this story",
                 "Greenland election result", "Most read", "Storm hits coast"],
    ),
    "de-magazin-kicker-h2.html": dict(
        title=["Seltene Erden: Bund kauft Anteile an Magnetfabrik"],
        date="2025-05-02T17:01:00",
        kept=[
            "Es ist die erste Staatsbeteiligung dieser Art.",
            "Die Bundesregierung übernimmt 25 Prozent an einem Hersteller von Permanentmagneten in Bayern.",
            "Der Einstieg soll verhindern, dass ein chinesischer Investor die Firma übernimmt.",
            "Die Opposition kritisierte den Preis als zu hoch.",
        ],
        residue=["Anzeige", "Mehr zum Thema", "Kupferpreis", "Lithium aus dem Rhein", "weiterlesen mit"],
    ),
    "en-wire-short-paragraphs.html": dict(
        title=["Mountain Pass output hits record"],
        date="2025-05-06T22:00:00",
        kept=[
            "The only US rare earth mine produced a record amount last quarter.",
            "The mine shipped 13,000 tonnes of concentrate.",
            "That was up 20% from a year earlier.",
            "The company also started making magnets in Texas.",
        ],
        residue=["ADVERTISEMENT", "Story continues below", "Associated Wire", "Click to share", "new window"],
    ),
}

#: Per feed: how many items it has (each with 50 words or more, so each must import) and one item checked.
FEEDS = {
    "feed-rss2-content-encoded.xml": dict(
        items=2, title="Saskatchewan processing plant ships first mixed carbonate to Norway", date="2025-02-17T14:30:12",
        kept=["The plant is designed to produce about 400 tonnes of carbonate a year"],
        residue=["appeared first on", "Continue reading"],
    ),
    "feed-atom-html-summary.xml": dict(
        items=2, title="Japanese magnet makers draw down terbium stocks", date="2025-04-09T03:40:00",
        kept=["no Chinese export licence for terbium or dysprosium has been granted to a Japanese buyer."],
        residue=["Read the full story"],
    ),
    "feed-rdf-rss1.xml": dict(
        items=2, title="Galliumpreis in Europa auf Rekordhoch", date="2025-05-14T08:30:00",
        kept=["Händler berichten von Notierungen über 1.000 Dollar je Kilogramm."], residue=[],
    ),
    "feed-rss-latin1-declared-in-xml.xml": dict(
        items=1, title="Riciclo dei magneti, accordo tra Piombino e un gruppo tedesco", date="2025-04-24T09:20:00",
        kept=["L'accordo, firmato giovedì a Firenze, riguarda fino a 300 tonnellate"], residue=[],
    ),
    "feed-rss-markup-escaped-twice.xml": dict(  # its <p> written as &amp;lt;p&amp;gt;
        items=1, title="Drill results extend Namibian carbonatite at depth", date="2025-06-11T05:45:00",
        kept=["The company plans a resource update in the fourth quarter"], residue=["<p>", "&lt;", "lt;p"],
    ),
    "feed-rss2-description-only.xml": dict(
        items=2, title="Lithium brine tests begin near Redruth", date="2025-05-21T07:30:00",
        kept=["Local residents have been told the tests will cause some night-time noise"], residue=[],
    ),
}


def plain(text: str) -> str:
    """Text as a reader sees it: Markdown escapes undone, links reduced to their words, spaces folded."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"\\(.)", r"\1", text).split())


def page_text(name: str) -> str:
    """The words of a page as its browser would show them (scripts and styles left out)."""
    tree = lxml.html.document_fromstring(decode((CORPUS / name).read_bytes()))
    for element in tree.xpath("//script | //style"):
        element.drop_tree()
    return " ".join(tree.text_content().split())


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every page and feed imported in one run: the posts by input (a list per feed), and the report."""
    out = tmp_path_factory.mktemp("realworld")
    code, report = run_import(sorted(CORPUS.iterdir()), out)
    by_input: dict[str, list] = {}
    for line in report.splitlines():
        match = re.match(r"imported\s+\S*/(\S+?\.(?:html|xml))(?: \(item \d+\))? → (\S+\.md)$", line)
        if match:
            by_input.setdefault(match.group(1), []).append(read_post(out.joinpath(*match.group(2).split("/")[-2:])))
    return code, report, by_input


def test_every_page_and_feed_item_imports(imported):
    code, report, by_input = imported
    assert code == 0, report
    assert sorted(n for n in by_input if n in PAGES) == sorted(PAGES)
    assert {n: len(by_input.get(n, [])) for n in FEEDS} == {n: f["items"] for n, f in FEEDS.items()}, report


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_has_its_own_title_and_date(imported, page):
    (meta, _), = imported[2][page]
    expected = PAGES[page]
    assert meta["title"] in expected["title"]
    assert str(meta["date"]) == expected["date"]
    if "url" in expected:
        assert meta["source"]["url"] == expected["url"]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_keeps_its_story_and_loses_the_page_around_it(imported, page):
    (meta, body), = imported[2][page]
    expected = PAGES[page]
    story = plain(body)
    for sentence in expected["kept"]:
        assert sentence in story or sentence in body, sentence
    for residue in expected["residue"]:
        assert residue not in plain(body), residue
    # Headings are the article's own sub-headings, never residue or a byline promoted to one.
    assert re.findall(r"^#+ (.*)$", body, re.MULTILINE) == expected.get("headings", []), body
    assert expected["title"][0] not in plain(body), "the headline is the title, not a line of the body"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_highlight_is_a_sentence_of_the_page(imported, page):
    (meta, body), = imported[2][page]
    expected = PAGES[page]
    text = page_text(page)
    for highlight in meta["highlights"]:
        assert plain(highlight) in text, highlight
    if expected.get("highlights"):
        assert meta["highlights"] == expected["highlights"] and "review" not in meta
    else:
        assert meta["status"] == "draft" and meta["review"][0] == "highlights proposed"
        for highlight in meta["highlights"]:
            assert plain(highlight) in plain(body), highlight


@pytest.mark.parametrize("feed", sorted(FEEDS))
def test_a_feed_item_has_its_title_date_and_text(imported, feed):
    expected = FEEDS[feed]
    found = {m["title"]: (m, b) for m, b in imported[2][feed]}
    meta, body = found[expected["title"]]
    assert str(meta["date"]) == expected["date"]
    for sentence in expected["kept"]:
        assert sentence in plain(body), sentence
    for residue in expected["residue"]:
        assert residue not in body, residue
    for highlight in meta["highlights"]:
        assert plain(highlight) in plain(body), highlight


def _mangled(data: bytes, seed: int) -> list[bytes]:
    """Copies of a saved file as disks and downloads damage them: cut short, bytes flipped, quotes lost."""
    rng = random.Random(seed)
    cut = [data[: len(data) * n // 7] for n in range(1, 7)]
    flipped = bytearray(data)
    for _ in range(40):
        flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    no_closers = re.sub(rb"</(?:p|li|div|span|a|script|head|body|html)>", b"", data)
    no_quotes = data.replace(b'"', b"")
    return [*cut, bytes(flipped), no_closers, no_quotes, data[len(data) // 2 :], data * 2, data[:-1] + b"\x00"]


def test_mangled_copies_fail_with_a_reason_or_import_and_never_crash(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    copies = 0
    for number, path in enumerate(sorted(CORPUS.iterdir())):
        for n, data in enumerate(_mangled(path.read_bytes(), number)):
            (source / f"{path.stem}-{n}{path.suffix}").write_bytes(data)
            copies += 1
    code, report = run_import([source], tmp_path / "out", dry_run=True)
    assert "unexpected error" not in report and "Traceback" not in report, report
    counts = re.search(r"(\d+) would be imported, (\d+) skipped, (\d+) failed", report).groups()
    assert sum(map(int, counts)) >= copies, report  # every copy accounted for (a feed counts once per item)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_without_its_optional_end_tags_is_the_same_story(tmp_path, page):
    # HTML lets </p> and </li> go unwritten; older sites and hand-edited pages leave them out.
    data = re.sub(rb"</(?:p|li)>", b"", (CORPUS / page).read_bytes())
    (tmp_path / page).write_bytes(data)
    code, report = run_import([tmp_path / page], tmp_path / "out")
    assert code == 0, report
    ((meta, body),) = [read_post(p) for p in posts(tmp_path / "out")]
    assert meta["title"] in PAGES[page]["title"]
    for sentence in PAGES[page]["kept"]:
        assert sentence in plain(body) or sentence in body, sentence
    for residue in PAGES[page]["residue"]:
        assert residue not in plain(body), residue


# Metadata as real sites write it, one shape per case: the page around it is the smallest that shows it.

_STORY = (
    "<p>The refinery restarted on Monday after a month of repairs to its kilns and filters, its owner said.</p>"
    "<p>Output should reach the old rate within two weeks, the company added, and no jobs were lost.</p>"
    "<p>Traders said prices barely moved on the news, since stocks in the region were already high.</p>"
)


def _page(head: str, body: str, lang: str = "en") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


@pytest.mark.parametrize(
    "html, title, date",
    [
        pytest.param(  # JSON-LD with a trailing comma, as hand-edited templates write it
            _page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Refinery restarts",'
                  '"datePublished":"2025-03-14T07:58:31+01:00",}</script>', f"<article><h1>Refinery restarts</h1>{_STORY}</article>"),
            "Refinery restarts", "2025-03-14T07:58:31+01:00", id="json-ld-trailing-comma"),
        pytest.param(  # Italian dates put the day first
            _page("<title>Raffineria riparte</title>",
                  f'<article><h1>Raffineria riparte</h1><p class="data">Pubblicato il 12/03/2025 alle 10:15</p>{_STORY}</article>', "it"),
            "Raffineria riparte", "2025-03-12T10:15:00", id="italian-day-first"),
        pytest.param(  # so does British English
            _page("<title>Refinery restarts</title>",
                  f'<article><h1>Refinery restarts</h1><p class="byline">By Sam Lee, 04/03/2025</p>{_STORY}</article>', "en-GB"),
            "Refinery restarts", "2025-03-04", id="british-day-first"),
        pytest.param(  # American English puts the month first
            _page("<title>Refinery restarts</title>",
                  f'<article><h1>Refinery restarts</h1><p class="byline">By Sam Lee, 04/03/2025</p>{_STORY}</article>', "en-US"),
            "Refinery restarts", "2025-04-03", id="american-month-first"),
        pytest.param(  # the address is the only place stating the day
            _page('<title>Refinery restarts</title><link rel="canonical" href="https://ore.example/2025/03/14/refinery-restarts">',
                  f"<article><h1>Refinery restarts</h1>{_STORY}</article>"),
            "Refinery restarts", "2025-03-14", id="date-in-address"),
        pytest.param(  # WordPress's SEO plugin escapes its JSON-LD strings as HTML
            _page('<script type="application/ld+json">{"@type":"NewsArticle","headline":"Lynas &amp; Iluka&#8217;s refinery '
                  'restarts","datePublished":"2025-03-14"}</script>', f"<article><h1>Lynas &amp; Iluka’s refinery restarts</h1>{_STORY}</article>"),
            "Lynas & Iluka’s refinery restarts", "2025-03-14", id="json-ld-html-escaped"),
        pytest.param(  # og:title is only the site's name
            _page('<title>Refinery restarts | Ore Wire</title><meta property="og:title" content="Ore Wire">'
                  '<meta property="og:site_name" content="Ore Wire">', f"<h1>Refinery restarts</h1>{_STORY}"),
            "Refinery restarts", None, id="og-title-is-the-site"),
        pytest.param(  # the theme marks the whole page as having a sidebar; the story's <time> is still its own
            _page("<title>Refinery restarts</title>", f'<div class="has-sidebar"><article><h1>Refinery restarts</h1>'
                  f'<time datetime="2025-03-14T07:58:31Z">2 hours ago</time>{_STORY}</article></div>'),
            "Refinery restarts", "2025-03-14T07:58:31+00:00", id="wrapper-marked-sidebar"),
        pytest.param(  # the only <h1> is the logo; the headline is an <h2>, and the <title> agrees with it
            _page("<title>Refinery restarts after repairs</title>", '<div class="top"><h1 class="logo"><a href="/">ORE WIRE</a>'
                  f'</h1></div><div class="story"><h2 class="headline">Refinery restarts after repairs</h2>{_STORY}</div>'),
            "Refinery restarts after repairs", None, id="logo-in-the-only-h1"),
        pytest.param(  # only a WebPage object carries the date (no Article object at all)
            _page('<script type="application/ld+json">{"@graph":[{"@type":"WebPage","name":"Refinery restarts – Ore Wire",'
                  '"datePublished":"2025-03-14T07:58:31+00:00"}]}</script>', f"<article><h1>Refinery restarts</h1>{_STORY}</article>"),
            "Refinery restarts", "2025-03-14T07:58:31+00:00", id="json-ld-webpage-only"),
    ],
)
def test_metadata_in_the_shapes_real_sites_write_it(html, title, date):
    (article,) = read_articles(html, "page.html")
    assert article.title == title
    assert (article.date.isoformat() if article.date else None) == date
    assert article.blocks[0].plain.startswith("The refinery restarted"), "the headline is not left in the body"


def test_a_list_of_other_stories_marked_highlights_is_not_the_articles_highlights():
    # "Highlights" above the page are the site's other stories; the page has no address to resolve their links by.
    html = _page(
        "<title>Refinery restarts</title>",
        '<div class="top-highlights"><h3>Highlights</h3><ul><li><a href="/a">Copper hits record on Chinese demand</a></li>'
        f'<li><a href="/b">Gold slips as dollar firms</a></li></ul></div><article><h1>Refinery restarts</h1>{_STORY}</article>',
    )
    (article,) = read_articles(html, "page.html")
    assert [b.plain for b in article.blocks][:1] == [
        "The refinery restarted on Monday after a month of repairs to its kilns and filters, its owner said."
    ]
    assert not any("Copper" in b.plain or b.plain == "Highlights" for b in article.blocks)


@pytest.mark.parametrize(
    "line, lang",
    [
        ('<p><strong>Leggi anche:</strong> <a href="/x">Rame, prezzi ai massimi da un anno e mezzo per la domanda cinese</a></p>', "it"),
        ('<p>LEGGI ANCHE &gt;&gt; <a href="/y">Oro, nuovo record a Milano</a></p>', "it"),
        ('<p><strong>READ MORE: <a href="/x">Gold price soars to another record high as investors seek safety</a></strong></p>', "en"),
        ('<p>Also read | <a href="/z">Copper smelter fined over emissions in Zambia</a></p>', "en"),
        ('<p>Lesen Sie auch: <a href="/x">Kupferpreis steigt auf Rekordhoch wegen der Nachfrage aus China</a></p>', "de"),
        ("<p>Follow us on Twitter and Facebook for the latest news.</p>", "en"),
        ("<p>Have a story? Email us at tips@ore.example</p>", "en"),
    ],
)
def test_a_line_pointing_to_another_story_leaves_the_body(line, lang):
    html = _page("<title>Refinery restarts</title>", f"<article><h1>Refinery restarts</h1>{_STORY[:-4]}</p>{line}{_STORY}</article>", lang)
    (article,) = read_articles(html, "page.html")
    assert all(b.plain.startswith(("The refinery", "Output", "Traders")) for b in article.blocks), article.blocks


def test_the_storys_own_read_more_sentence_stays():
    line = "<p>Read more about the restart in the company's statement to the exchange, published on Monday.</p>"
    html = _page("<title>Refinery restarts</title>", f"<article><h1>Refinery restarts</h1>{_STORY}{line}</article>")
    (article,) = read_articles(html, "page.html")
    assert article.blocks[-1].plain.startswith("Read more about the restart")


def test_a_name_marked_as_author_inside_a_sentence_stays_in_it():
    story = (
        '<p>The refinery restarted on Monday, chief executive <span class="author-name">Ana Ruiz</span> said, after a '
        'month of repairs to its kilns, and its <span class="share-price">share price</span> rose by a tenth.</p>'
    )
    html = _page("<title>Refinery restarts</title>", f'<article><h1>Refinery restarts</h1><p class="byline">By Sam Lee</p>{story}{_STORY}</article>')
    (article,) = read_articles(html, "page.html")
    assert article.blocks[0].plain == (
        "The refinery restarted on Monday, chief executive Ana Ruiz said, after a month of repairs to its kilns, "
        "and its share price rose by a tenth."
    )


@pytest.mark.parametrize(
    "line, lang, date",
    [
        ('<p class="meta">Stand: 20.06.2025, 08:47 Uhr</p>', "de", "2025-06-20T08:47:00"),
        ('<div class="datum">Aktualisiert am 22.06.2025 · Veröffentlicht am 20.06.2025</div>', "de", "2025-06-20"),
        ("<span>20. Juni 2025, 8:47 Uhr</span>", "de", "2025-06-20T08:47:00"),
        ("<div>Aggiornato il 4 marzo 2025 | Pubblicato il 3 marzo 2025</div>", "it", "2025-03-03"),
        ("<div>Lunedì 3 marzo 2025</div>", "it", "2025-03-03"),
        ("<div>Updated: March 5, 2025 at 9:00 a.m. ET | Published: March 3, 2025 at 6:00 a.m. ET</div>", "en-US", "2025-03-03T06:00:00"),
        ("<div>Published 3 March 2025, last updated 5 March 2025</div>", "en-GB", "2025-03-03"),
        ("<div>Mon 3 Mar 2025 06.00 GMT</div>", "en-GB", "2025-03-03T06:00:00"),
    ],
)
def test_a_visible_date_line_gives_the_publication_date_and_leaves_the_body(line, lang, date):
    html = _page("<title>Refinery restarts</title>", f"<article><h1>Refinery restarts</h1>{line}{_STORY}</article>", lang)
    (article,) = read_articles(html, "page.html")
    assert article.date.isoformat() == date
    assert article.blocks[0].plain.startswith("The refinery restarted")
