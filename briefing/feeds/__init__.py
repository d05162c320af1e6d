"""The site's feeds: Atom and RSS 2.0 through Pelican's Writer, and a JSON Feed.

Feed readers are unforgiving: a relative link breaks, an id that changes shows
an old briefing again as new, an invalid feed is dropped. Each rule lives in
one module:

- :mod:`.ids`: entry and feed ids, ``tag:`` URIs that never change;
- :mod:`.urls`: the feeds' absolute base URL, and links inside content;
- :mod:`.entries`: what a briefing becomes in any feed (one :class:`~.entries.Entry`);
- :mod:`.xmlfeeds`: feedgenerator's Atom and RSS classes, corrected;
- :mod:`.jsonfeed`: JSON Feed 1.1;
- :mod:`.writer`: the Pelican Writer that puts them together.
"""
