"""The project's typography is typogrify's, byte for byte (issue 19).

The typogrifier skips smartypants' conversions on text runs they cannot change
(briefing/smartypants_skip.py). Skipping is only allowed where it cannot change
the output, so these properties compare it with the library itself on
generated HTML-ish text built from everything the guards look for (quotes,
backticks, dashes, dots, backslash escapes, entities) and everything that
decides where smartypants works (tags it skips, comments, quote-only runs
between tags), plus paragraphs in the project's own words.
"""

from __future__ import annotations

import smartypants
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typogrify.filters import typogrify

from briefing import smartypants_skip
from briefing.typography import typogrifier

PROPERTIES = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DASHES = {
    "default": smartypants.Attr.set1,
    "oldschool": smartypants.Attr.set2,
    "oldschool_inverted": smartypants.Attr.set3,
}

#: Pieces of text and markup that each guard, or smartypants' choice of where to work, turns on.
FRAGMENTS = [
    # words, capitals (caps), digits, a decade ('90s, 1990s)
    "rare", "earth", "oxide", "NdFeB", "MP", "USGS", "D.O.T. ", "JIMMY'S", "REE2", "1990s", "'90s", "2026",
    "it's", "don't", "Lynas'", "s", "x",
    # spaces of every kind that quote and widont rules look at
    " ", " ", " ", "\n", "\t", "&nbsp;", "\r\n",
    # quotes and backticks, alone and in pairs
    "'", '"', "`", "``", "''", "'\"", "\"'", "```",
    # dashes and dots
    "-", "--", "---", "----", ".", "..", "...", ". . .", ". .", "....",
    # backslash escapes and lone backslashes
    "\\", "\\\\", "\\'", '\\"', "\\.", "\\-", "\\`", "\\x",
    # entities: the ones smartypants makes, reads (&quot;, dashes) and amp wraps
    "&quot;", "&amp;", "&", "&#38;", "&#8220;", "&#8216;", "&#8211;", "&#8212;", "&#8230;", "&#x2013;",
    "&ldquo;", "&lsquo;", "&mdash;", "&ndash;", "&lt;", "&#82", "&#8",
    # punctuation next to quotes
    "(", ")", "[", "{", ",", ";", ":", "!", "?", "%", "/",
    # tags: blocks, inline, attributes with quotes, tags smartypants / caps / typogrify skip
    "<p>", "</p>", "<h2>", "</h2>", "<li>", "</li>", "<em>", "</em>", "<b>", "</b>", "<span>", "</span>",
    '<a href="x\'y">', "</a>", '<a title="--&quot;">', "<code>", "</code>", "<CODE>", "<pre>", "</pre>",
    "<kbd>", "</kbd>", "<script>", "</script>", "<samp>", "</samp>", "<math>", "</math>", "<br/>",
    '<div class="skip">', '<div id="top">', "<div>", "</div>", "<tt>", "</tt>",
    # comments, including ones smartypants treats as text (a "--" inside)
    "<!-- note -->", "<!-- a -- b -->", "<!---->", "<!-- x --->", "<!--briefing-split-->",
    # a quote alone between tags: the prev_token_last_char rule
    "<em>'</em>", '<b>"</b>', "<i>'</i>", " <em>\"</em>", "x<b>'</b>",
    # stray angle brackets
    "<", ">",
]

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet="aZ '\"`-.\\&;#<>", max_size=4)), max_size=60
).map("".join)

IGNORE_TAGS = [[], ["h2"], ["div.skip"], ["#top", "em", "kbd"], ["div.skip", "#top"]]
OMITTED = [[], ["widont"], ["amp", "caps"], ["smartypants"], ["initial_quotes", "widont", "amp"]]


def library(text: str, dashes: str, ignore: list[str], omitted: list[str]) -> str:
    """typogrify as Pelican runs it: the dash setting as smartypants' module-wide default."""
    smartypants.Attr.default = DASHES[dashes] | smartypants.Attr.w
    return typogrify(text, ignore, **dict.fromkeys(omitted, False))


def ours(text: str, dashes: str, ignore: list[str], omitted: list[str]) -> str:
    return typogrifier({
        "BRIEFING_TYPOGRIFY": True, "TYPOGRIFY_DASHES": dashes,
        "TYPOGRIFY_IGNORE_TAGS": ignore, "TYPOGRIFY_OMIT_FILTERS": omitted,
    })(text)


@PROPERTIES
@given(text=texts, attr=st.integers(min_value=0, max_value=(1 << 10) - 1))
def test_smartypants_matches_the_library_for_every_attribute(text, attr):
    """Every combination of smartypants' flags (dashes, backticks, quotes, &quot;, entity output)."""
    assert smartypants_skip.smartypants(text, attr) == smartypants.smartypants(text, attr)


@PROPERTIES
@given(
    text=texts,
    dashes=st.sampled_from(sorted(DASHES)),
    ignore=st.sampled_from(IGNORE_TAGS),
    omitted=st.sampled_from(OMITTED),
)
def test_typogrifier_matches_typogrify(text, dashes, ignore, omitted):
    assert outcome(ours, text, dashes, ignore, omitted) == outcome(library, text, dashes, ignore, omitted)


def outcome(typography, *args):
    """The text, or the error: typogrify cannot compile some ignore lists (two tags with a class
    or id number their groups wrongly), and the typogrifier must fail the same way there."""
    try:
        return typography(*args)
    except Exception as error:  # noqa: BLE001 - any error, compared by type and message
        return type(error), str(error)


#: Paragraphs as briefings are written: quotes inside links, decades, ranges, ellipses, code.
PARAGRAPHS = [
    "<p>China's export licences for dysprosium -- and, from 1 December, terbium -- cover "
    "\"medium and heavy\" rare earths; MP Materials said the rule \"changes nothing\" for NdPr oxide.</p>",
    "<h2>Why it's newsworthy</h2>\n<ul>\n<li>Prices for NdPr rose 12% in Q3 ... then fell back.</li>\n"
    "<li>Lynas' Kalgoorlie plant (2024--2026) runs at 'nameplate' at last.</li>\n</ul>",
    "<p>The '90s-era separation line at Mountain Pass --- idle since 2015 --- restarts; see "
    '<a href="https://example.org/a?x=1&amp;y=\'2\'">the filing</a>. <em>"Not before spring,"</em> '
    "said the CFO.</p>",
    "<p>Run <code>make html --\"fast\"</code> or <kbd>Ctrl-'</kbd>; output stays \\\"dumb\\\" where "
    "escaped. USGS &amp; DOE data: <span>D.O.T. figures</span> &quot;provisional&quot;.</p>",
    "<pre>literal \"quotes\" -- kept ... as-is</pre>\n<p>'Single' and `backtick' and ``double'' quotes.</p>",
    "<p>Text</p>\n<!--briefing-split-->\n<h1>REE magnets: Europe's 2030 goal &amp; what's missing</h1>",
]


def test_paragraphs_in_the_projects_words_match_typogrify():
    for dashes in DASHES:
        for ignore in IGNORE_TAGS[:-1]:
            for paragraph in PARAGRAPHS:
                assert ours(paragraph, dashes, ignore, []) == library(paragraph, dashes, ignore, [])


def test_unknown_omitted_filter_is_typogrifys_own_error():
    """A filter name typogrify does not know is its error, not a silently ignored setting."""
    try:
        library("<p>x</p>", "default", [], ["smarty"])
    except TypeError as expected:
        message = str(expected)
    else:
        raise AssertionError("typogrify accepted an unknown filter name")
    try:
        ours("<p>x</p>", "default", [], ["smarty"])
    except TypeError as error:
        assert str(error) == message
    else:
        raise AssertionError("the typogrifier accepted an unknown filter name")


def test_runs_without_quotes_skip_the_conversions(monkeypatch):
    """The skipping is real: a plain run never reaches convert_quotes, a quoted one does."""
    calls = []

    def counting(text):
        calls.append(text)
        return smartypants.convert_quotes(text)

    monkeypatch.setattr(smartypants_skip, "convert_quotes", counting)
    typography = typogrifier({"BRIEFING_TYPOGRIFY": True})
    typography("<p>Plain words about <em>oxide</em> output</p>")
    assert calls == []
    assert typography("<p>It's <em>oxide</em></p>") == "<p>It&#8217;s <em>oxide</em></p>"
    assert calls == ["It's "]
