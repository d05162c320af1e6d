"""Plain text out of the site's HTML: what the search index, feeds' titles and meta tags receive."""

from briefing.text import plain_text


def test_words_of_adjacent_blocks_stay_apart():
    """Sub-items of a highlight sit in <li>s with nothing between them; their words must stay two."""
    assert plain_text("<ul><li>isn't yet clear</li><li>It rose</li></ul>") == "isn't yet clear It rose"
    assert plain_text("<h2>Source</h2><p>China <em>Daily</em></p><br/>x") == "Source China Daily x"


def test_inline_tags_leave_words_whole():
    assert plain_text('<span class="caps">USGS</span>’s <a href="/x">Ly</a>nas') == "USGS’s Lynas"


def test_entities_decoded_and_spaces_folded():
    assert plain_text("A&nbsp;&amp;\n\n B &#8220;C&#8221;") == "A & B “C”"
    assert plain_text(None) == ""
